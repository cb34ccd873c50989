//! Listening to the window's events (`popstate`, `click`, `online`, `visibilitychange`).
//!
//! Through one non-generic function: Leptos' `window_event_listener` is compiled again for every
//! event type and closure, ~0.4 KB of wasm each in the first download (issue #6).

use leptos::prelude::{window_event_listener_untyped, WindowListenerHandle};

/// Calls `f` with each `name` event that reaches the window, until the handle's `remove`.
pub fn listen(name: &str, f: Box<dyn Fn(web_sys::Event)>) -> WindowListenerHandle {
    window_event_listener_untyped(name, f)
}
