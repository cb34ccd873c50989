//! Wall-clock time in the units the domain crate uses (ms since the Unix epoch).

use wasm_bindgen::JsValue;

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A reading time as the resident's own clock shows it (their time zone, their language's
/// date order), e.g. "2026/11/28 16:00" or "28 Nov 2026, 16:00".
pub fn local_datetime(ms: i64, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    // Ignoring the results is fine: without options the browser still formats a full date.
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(locale, &options).into()
}
