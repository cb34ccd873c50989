//! The moments worth trying the outbox again: the device came back online, or the resident
//! returned to the app (a phone may have lost and regained its connection while the tab slept,
//! and timers do not run in a sleeping tab).

use leptos::prelude::WindowListenerHandle;

use super::events::listen;

/// Calls `f` on the `online` event and whenever the page becomes visible. For the life of the
/// app: the listeners are never removed.
pub fn on_wake(f: impl Fn() + Clone + 'static) {
    let g = f.clone();
    let _ = on_online(Box::new(f));
    // `visibilitychange` is fired at the document and reaches the window listener on its way.
    let _ = listen(
        "visibilitychange",
        Box::new(move |_| {
            if !page_hidden() {
                g();
            }
        }),
    );
}

/// Calls `f` each time the device comes back online, until the handle's `remove`.
pub fn on_online(f: Box<dyn Fn()>) -> WindowListenerHandle {
    listen("online", Box::new(move |_| f()))
}

/// Whether the page is in the background (another tab, the screen off, the app switched).
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}
