//! The address bar: the current address, moving to another one without loading a page, and
//! hearing when it changes (back and forward, a tap on one of the app's own links). Only
//! `crate::router` uses it.

use js_sys::Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use super::boot;
use super::events::listen;

/// The current address: its path as the browser has it (percent-encoded) and its query with
/// the `?` (empty when there is none).
pub fn current() -> (String, String) {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| {
            (
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default(),
            )
        })
        .unwrap_or_default()
}

/// `current()` as one string, path then query, to compare with a link's target.
pub fn current_href() -> String {
    let (path, query) = current();
    path + &query
}

/// Shows `href` (a path on this origin, query and fragment allowed) in the address bar as a new
/// history entry, or in place of the current one with `replace`.
pub fn go(href: &str, replace: bool) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let _ = if replace {
        history.replace_state_with_url(&JsValue::NULL, "", Some(href))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(href))
    };
}

/// Calls `f` when the resident goes back or forward (`popstate`), for the app's whole life.
pub fn on_back_forward(f: impl Fn() + 'static) {
    // The handle is dropped, not removed: the app listens as long as the page lives.
    let _ = listen("popstate", Box::new(move |_| f()));
}

/// Calls `open` with the target (path, query and fragment) of a plain click on a link to a page of
/// the app, which the browser then does not load: same origin, a path under the app's base. The
/// browser keeps every other click: with a modifier key or another button (new tab or window), links
/// with a `target`, `download` or `rel="external"`, other sites and schemes (`tel:`), and a fragment
/// of the current page. The listener is index.html's `qingshuiLinks(open)` (`platform::boot`): those
/// checks through wasm-bindgen were ~0.5 KiB brotli of the first download (issue #6).
pub fn on_link_click(open: impl Fn(String) + 'static) {
    let callback = Closure::<dyn Fn(JsValue)>::new(move |href: JsValue| {
        if let Some(href) = href.as_string() {
            open(href);
        }
    });
    let _ = boot::call("qingshuiLinks", &Array::of1(callback.as_ref()));
    // The app listens as long as the page lives.
    callback.forget();
}

/// Scrolls the page to its top, as a newly opened page starts.
pub fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
