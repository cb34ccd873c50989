//! Wall-clock time in the units the domain crate uses (ms since the Unix epoch).

use wasm_bindgen::JsValue;

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// `ms` shifted to what the resident's clock reads then (their time zone, with its summer time at that
/// instant), as if it were UTC: the input of `i18n::date_format`. `getTimezoneOffset` needs no locale data,
/// unlike `Intl`.
pub fn wall_clock_ms(ms: i64) -> i64 {
    let offset_minutes = js_sys::Date::new(&JsValue::from_f64(ms as f64)).get_timezone_offset();
    if offset_minutes.is_finite() {
        ms - (offset_minutes as i64) * 60_000
    } else {
        ms
    }
}
