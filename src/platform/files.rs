//! Files the resident picks in a file input, and object URLs to show them before they are sent.

use wasm_bindgen::JsCast;

/// The files chosen in the `<input type="file">` that fired `ev`; the input is then emptied so
/// the same file can be chosen again after it was removed.
pub fn take_picked(ev: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// A `blob:` URL that shows `blob` (e.g. as an `<img src>`); empty when the browser refuses.
/// It holds the Blob in memory until [`revoke_object_url`].
pub fn object_url(blob: &web_sys::Blob) -> String {
    web_sys::Url::create_object_url_with_blob(blob).unwrap_or_default()
}

/// Frees a URL made by [`object_url`].
pub fn revoke_object_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}
