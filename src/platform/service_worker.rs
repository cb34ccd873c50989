//! The optional service worker (`/sw.js`): it lets the app open offline where the browser offers
//! service workers. Many web-views (iOS apps, WeChat, Alipay) do not, and some throw on access, so
//! everything here is read through `Reflect` and every failure is silent: the app keeps its own
//! copy of the last results in `localStorage` and never depends on the worker.

use wasm_bindgen::{JsCast, JsValue};

/// The worker's script, next to `index.html` so that its scope (its own directory) covers every
/// route (`/station/17` too).
pub const SCRIPT_NAME: &str = "sw.js";

/// The worker's URL under the app's base path (`/sw.js`, or `/water/sw.js` for a sub-path build).
/// In lite mode it carries `?lite=1`: the worker then stores only what the first view needs and
/// keeps the other pages' code as the resident opens them, instead of downloading all of it in the
/// background (about 210 KiB brotli). A change of mode changes the URL, which updates the worker.
pub fn script_url(base_path: &str, lite: bool) -> String {
    let query = if lite { "?lite=1" } else { "" };
    format!("{}/{SCRIPT_NAME}{query}", base_path.trim_end_matches('/'))
}

/// `navigator.serviceWorker`, when the browser offers it and reading it does not throw.
fn container() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let c = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    (!c.is_undefined() && !c.is_null()).then_some(c)
}

/// Whether this browser offers service workers at all.
pub fn available() -> bool {
    container().is_some()
}

/// Registers the worker under `base_path` (see [`script_url`]) in the background, where available. A refusal (private mode, an
/// insecure origin, a blocked worker) is ignored: the app works the same, only without the
/// offline shell.
pub fn register(base_path: &str, lite: bool) {
    let Some(c) = container() else {
        return;
    };
    let Some(register) = js_sys::Reflect::get(&c, &JsValue::from_str("register"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let Ok(promise) = register
        .call1(&c, &JsValue::from_str(&script_url(base_path, lite)))
        .and_then(|p| p.dyn_into::<js_sys::Promise>())
    else {
        return;
    };
    // Awaiting the promise handles its rejection, so a refusal is not an "uncaught" page error.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}

#[cfg(test)]
mod tests {
    use super::script_url;

    #[test]
    fn the_worker_lives_beside_index_html() {
        assert_eq!(script_url("/", false), "/sw.js");
        assert_eq!(script_url("/water/", false), "/water/sw.js");
        assert_eq!(script_url("", false), "/sw.js");
        assert_eq!(script_url("/", true), "/sw.js?lite=1");
        assert_eq!(script_url("/water/", true), "/water/sw.js?lite=1");
    }
}
