//! The document around the app: `<html lang>`, the title and the static loading shell.

/// Sets `<html lang="…">` so screen readers pronounce the text in the right language.
pub fn set_lang(tag: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Sets the tab / window title.
pub fn set_title(title: &str) {
    if let Some(doc) = document() {
        doc.set_title(title);
    }
}

/// Removes an element by id; used to drop the static "loading…" shell once the app mounts.
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

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}
