//! The optional service worker (`/sw.js`): it lets the app open offline where the browser offers
//! service workers. Many web-views (iOS apps, WeChat, Alipay) do not, and some throw on access, so
//! every failure is silent: the app keeps its own copy of the last results in `localStorage` and
//! never depends on the worker.

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::boot;

/// The worker's script, next to `index.html` so that its scope (its own directory) covers every
/// route (`/station/17` too).
pub const SCRIPT_NAME: &str = "sw.js";

/// The worker's URL under the app's base path (`/sw.js`, or `/water/sw.js` for a sub-path build).
/// One URL in every mode: a new URL would replace the worker, and navigations made while one
/// worker replaces another were seen to hang (issue #6).
pub fn script_url(base_path: &str) -> String {
    format!("{}/{SCRIPT_NAME}", base_path.trim_end_matches('/'))
}

/// What the page asks of the worker (`postMessage`): store every page's code now, so reporting
/// works offline without having opened the report page online. Lite mode does not ask: the
/// worker then keeps only the first view and each page as the resident opens it, instead of
/// downloading about 210 KiB brotli in the background.
pub const STORE_ALL_PAGES: &str = "store-all-pages";

/// Registers the worker under `base_path` (see [`script_url`]) in the background, where available,
/// and unless `lite`, asks it to store every page's code ([`STORE_ALL_PAGES`]) once it is active. A
/// refusal (private mode, an insecure origin, a blocked worker, a web-view without workers) is
/// ignored: the app works the same, only without the offline shell. The registering is
/// index.html's `qingshuiWorker(url, lite)` (`platform::boot`): the same promises and property reads
/// through wasm-bindgen were ~0.3 KiB brotli of the first download (issue #6).
pub fn register(base_path: &str, lite: bool) {
    let args = Array::of2(&JsValue::from_str(&script_url(base_path)), &lite.into());
    let _ = boot::call("qingshuiWorker", &args);
}

#[cfg(test)]
mod tests {
    use super::script_url;

    #[test]
    fn the_worker_lives_beside_index_html() {
        assert_eq!(script_url("/"), "/sw.js");
        assert_eq!(script_url("/water/"), "/water/sw.js");
        assert_eq!(script_url(""), "/sw.js");
    }
}
