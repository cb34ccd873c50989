//! The optional service worker (`/sw.js`): it lets the app open offline where the browser offers
//! service workers. Many web-views (iOS apps, WeChat, Alipay) do not, and some throw on access, so
//! everything here is read through `Reflect` and every failure is silent: the app keeps its own
//! copy of the last results in `localStorage` and never depends on the worker.

use wasm_bindgen::{JsCast, JsValue};

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

/// Calls `object[name](arg)` and returns the promise it gives, if all of that works.
fn call_promise(object: &JsValue, name: &str, arg: &JsValue) -> Option<js_sys::Promise> {
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call1(object, arg)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}

/// Registers the worker under `base_path` (see [`script_url`]) in the background, where available,
/// and unless `lite`, asks it to store every page's code once it is active. A refusal (private
/// mode, an insecure origin, a blocked worker) is ignored: the app works the same, only without
/// the offline shell.
pub fn register(base_path: &str, lite: bool) {
    let Some(c) = container() else {
        return;
    };
    let Some(registered) = call_promise(&c, "register", &JsValue::from_str(&script_url(base_path)))
    else {
        return;
    };
    // Awaiting the promises handles their rejection, so a refusal is not an "uncaught" page error.
    wasm_bindgen_futures::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(registered)
            .await
            .is_err()
            || lite
        {
            return;
        }
        // `ready` settles once a worker is active for this page's scope (installed and activated).
        let ready = js_sys::Reflect::get(&c, &JsValue::from_str("ready"))
            .ok()
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        let Some(ready) = ready else {
            return;
        };
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else {
            return;
        };
        if let Ok(active) = js_sys::Reflect::get(&registration, &JsValue::from_str("active")) {
            if let Ok(post) = js_sys::Reflect::get(&active, &JsValue::from_str("postMessage"))
                .and_then(|f| f.dyn_into::<js_sys::Function>())
            {
                let _ = post.call1(&active, &JsValue::from_str(STORE_ALL_PAGES));
            }
        }
    });
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
