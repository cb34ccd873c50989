//! A request deadline: an `AbortController` that fires after a delay, or when the page that asked
//! for the request goes away.
//!
//! Mobile networks can hang a request for minutes; aborting after a fixed time lets the page
//! say "the server took too long" and offer a retry instead of spinning forever. A resident who
//! leaves a page (or a resource that asks again) no longer needs its answers: aborting them frees
//! the phone's few connections for the page they went to.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::Owner;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

thread_local! {
    /// Controllers of the requests in flight that belong to a reactive owner, by ticket. The
    /// owner's cleanup must be `Send`, so it holds only the ticket, never the JS object. A few
    /// at a time: a list, not a hash map (whose std hashing is code in the first download).
    static TIED: RefCell<Vec<(u64, web_sys::AbortController)>> = const { RefCell::new(Vec::new()) };
    static NEXT_TICKET: Cell<u64> = const { Cell::new(0) };
}

/// Aborts its signal after the given delay or when its owner is cleaned up; dropping it cancels
/// the timer and forgets the owner.
pub struct Deadline {
    controller: Option<web_sys::AbortController>,
    fired: Rc<Cell<bool>>,
    timer_id: Option<i32>,
    ticket: Option<u64>,
    // Kept alive until the timer is cleared or has fired.
    _callback: Option<Closure<dyn FnMut()>>,
}

impl Deadline {
    /// Starts a deadline of `ms` milliseconds. When called under a reactive owner (a page's
    /// resource or scoped task), the request is also aborted once that owner is cleaned up:
    /// the page was left, or the resource is loading again. Without an owner (the outbox, a
    /// report being sent) only the deadline applies, so leaving the page never cancels a report.
    pub fn start(ms: i32) -> Self {
        let controller = web_sys::AbortController::new().ok();
        let fired = Rc::new(Cell::new(false));
        let window = web_sys::window();
        let (timer_id, callback) = match (&controller, window) {
            (Some(c), Some(w)) => {
                let c = c.clone();
                let flag = fired.clone();
                let cb = Closure::<dyn FnMut()>::new(move || {
                    flag.set(true);
                    c.abort();
                });
                let id = w
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        cb.as_ref().unchecked_ref(),
                        ms,
                    )
                    .ok();
                (id, Some(cb))
            }
            _ => (None, None),
        };
        let ticket = match &controller {
            Some(c) if Owner::current().is_some() => Some(tie(c.clone())),
            _ => None,
        };
        Self {
            controller,
            fired,
            timer_id,
            ticket,
            _callback: callback,
        }
    }

    /// The signal to pass to `fetch`; `None` when `AbortController` is missing (old web-views).
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    /// Whether the deadline has passed (so a failed request was a timeout).
    pub fn fired(&self) -> bool {
        self.fired.get()
    }

    /// Whether the request was aborted because its page went away (not by the deadline).
    pub fn left(&self) -> bool {
        !self.fired()
            && self
                .controller
                .as_ref()
                .is_some_and(|c| c.signal().aborted())
    }
}

/// Registers `controller` to be aborted when the current owner is cleaned up; returns its ticket.
fn tie(controller: web_sys::AbortController) -> u64 {
    let ticket = NEXT_TICKET.with(|n| {
        let t = n.get();
        n.set(t.wrapping_add(1));
        t
    });
    TIED.with(|m| m.borrow_mut().push((ticket, controller)));
    Owner::on_cleanup(move || {
        // Already gone when the request finished first: nothing to abort.
        if let Some(c) = untie(ticket) {
            c.abort();
        }
    });
    ticket
}

/// Forgets the controller of `ticket`, handing it back if it was still tied.
fn untie(ticket: u64) -> Option<web_sys::AbortController> {
    TIED.with(|m| {
        let mut tied = m.borrow_mut();
        let at = tied.iter().position(|(t, _)| *t == ticket)?;
        Some(tied.swap_remove(at).1)
    })
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.timer_id, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
        if let Some(ticket) = self.ticket {
            untie(ticket);
        }
    }
}
