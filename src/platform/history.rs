//! The address bar: the current address, moving to another one without loading a page, and
//! hearing when it changes (back and forward, a tap on one of the app's own links). Only
//! `crate::router` uses it.

use wasm_bindgen::{JsCast, JsValue};

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

/// Calls `f` with the target (path, query and fragment) of a plain click on a link to a page of
/// the app: same origin, a path that `in_app` accepts. The browser keeps every other click: with a
/// modifier key or another button (new tab or window), links with a `target`, `download` or
/// `rel="external"`, other sites and schemes (`tel:`), and a fragment of the current page.
pub fn on_link_click(in_app: impl Fn(&str) -> bool + 'static, f: impl Fn(String) + 'static) {
    let _ = listen(
        "click",
        Box::new(move |ev| {
            let ev: web_sys::MouseEvent = ev.unchecked_into();
            if ev.default_prevented()
                || ev.button() != 0
                || ev.meta_key()
                || ev.alt_key()
                || ev.ctrl_key()
                || ev.shift_key()
            {
                return;
            }
            let Some(a) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("a[href]").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
            else {
                return;
            };
            let external = a
                .get_attribute("rel")
                .is_some_and(|rel| rel.split_ascii_whitespace().any(|p| p == "external"));
            if !a.target().is_empty() || a.has_attribute("download") || external {
                return;
            }
            let origin = web_sys::window().and_then(|w| w.location().origin().ok());
            let path = a.pathname();
            if origin.as_deref() != Some(a.origin().as_str()) || !in_app(&path) {
                return;
            }
            let page = path + &a.search();
            let hash = a.hash();
            if !hash.is_empty() && page == current_href() {
                return;
            }
            ev.prevent_default();
            f(page + &hash);
        }),
    );
}

/// Scrolls the page to its top, as a newly opened page starts.
pub fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
