//! A request deadline: an `AbortController` that fires after a delay.
//!
//! Mobile networks can hang a request for minutes; aborting after a fixed time lets the page
//! say "the server took too long" and offer a retry instead of spinning forever.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Aborts its signal after the given delay; dropping it cancels the timer.
pub struct Deadline {
    controller: Option<web_sys::AbortController>,
    fired: Rc<Cell<bool>>,
    timer_id: Option<i32>,
    // Kept alive until the timer is cleared or has fired.
    _callback: Option<Closure<dyn FnMut()>>,
}

impl Deadline {
    /// Starts a deadline of `ms` milliseconds.
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
        Self {
            controller,
            fired,
            timer_id,
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
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.timer_id, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}
