//! The document around the app: `<html lang>`, the title and the static loading shell.

use super::boot;

/// Sets `<html lang="…">` so screen readers pronounce the text in the right language.
pub fn set_lang(tag: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Sets the tab / window title; mini-program hosts show it as their navigation bar's title.
pub fn set_title(title: &str) {
    if let Some(doc) = document() {
        doc.set_title(title);
    }
}

/// Whether an element matches `selector` (false without a document or for a bad selector).
pub fn exists(selector: &str) -> bool {
    document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .is_some()
}

/// Removes an element by id; used to drop the static shell once the app has drawn its page.
pub fn remove_by_id(id: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id)) {
        el.remove();
    }
}

/// The `host` of the page (e.g. `127.0.0.1:8080`), to name the data source of a relative STA URL.
pub fn page_host() -> Option<String> {
    web_sys::window()?.location().host().ok()
}

/// Moves keyboard and screen-reader focus to an element by id (the first invalid field, or the
/// confirmation heading), scrolling it into view.
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Scrolls the focused element into view, bottom-aligned (so what is above it stays in sight),
/// when it is inside an element matching `container` (the home page's manual controls below the
/// list, which a growing list would push off screen).
pub fn scroll_focus_into_view_within(container: &str) {
    let focused = document().and_then(|d| d.active_element());
    if let Some(el) = focused.filter(|el| el.closest(container).ok().flatten().is_some()) {
        el.scroll_into_view_with_bool(false);
    }
}

/// The path the app is served under, with a trailing slash: `/`, or `/water/` when the build
/// wrote `<base href="/water/">` (see `scripts/build.sh`, `BASE_PATH`). A full URL in the base
/// counts by its path. index.html's `qingshuiBase()` reads it (`platform::boot`), as its boot script
/// does for itself; without it (the browser tests' page), `/`.
pub fn base_path() -> String {
    boot::call("qingshuiBase", &js_sys::Array::new())
        .and_then(|b| b.as_string())
        .unwrap_or_else(|| "/".into())
}

/// The `content` of `<meta name="{name}">` in the page, if there is one (what the build wrote into
/// index.html for the app, e.g. the hashed name of the lazy pages' texts).
pub fn meta(name: &str) -> Option<String> {
    document()?
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()
        .flatten()?
        .get_attribute("content")
}

/// Asks the browser to fetch `url` now, for a `fetch()` of the same URL a moment later (a
/// `<link rel="preload" as="fetch" crossorigin>` in the head, as index.html does for a page's code).
pub fn preload(url: &str) {
    let Some(doc) = document() else { return };
    let (Ok(link), Ok(Some(head))) = (doc.create_element("link"), doc.query_selector("head"))
    else {
        return;
    };
    for (name, value) in [
        ("rel", "preload"),
        ("as", "fetch"),
        ("crossorigin", "anonymous"),
        ("href", url),
    ] {
        let _ = link.set_attribute(name, value);
    }
    let _ = head.append_child(&link);
}

/// An app path (`/station/17`) as a link under the base (`/water/station/17`), for plain `<a>`s in
/// the app (`router::NavLink` and the pages use it for every link).
pub fn app_href(path: &str) -> String {
    format!("{}{}", base_path().trim_end_matches('/'), path)
}

/// The page URL's query string with its `?` (empty when there is none), read once at start-up
/// for what a host hands over.
pub fn query_string() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Loads the current address again, as the browser's reload button does (a page whose code did
/// not arrive gets a fresh start once the phone is online).
pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}
