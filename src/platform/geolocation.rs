//! The device position, as a future.

use qingshui_core::geo::LatLon;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why no position could be had. Each maps to a different sentence: "denied" needs the district
/// list, "timeout" is worth a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    /// The resident (or the web-view) refused permission.
    #[error("location permission denied")]
    Denied,
    /// The device could not determine a position.
    #[error("position unavailable")]
    Unavailable,
    /// No answer within the time allowed.
    #[error("locating timed out")]
    Timeout,
    /// The browser has no geolocation API (or blocks it on insecure pages).
    #[error("geolocation unsupported")]
    Unsupported,
}

/// A position and how far off it may be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    /// The position.
    pub position: LatLon,
    /// The radius of 95 % confidence in metres, when the browser says.
    pub accuracy_m: Option<f64>,
}

/// Asks the browser for the current position. Coarse accuracy is enough (stations are km
/// apart) and much faster indoors; a cached fix up to 5 minutes old is accepted.
pub async fn current_position(timeout_ms: u32) -> Result<LatLon, GeoError> {
    current_fix(timeout_ms, false).await.map(|f| f.position)
}

/// Asks the browser for the current position and its accuracy. `precise` asks for GPS and
/// refuses cached fixes older than a minute: a problem report must say where, not roughly where.
///
/// Some web-views never call either callback when the permission prompt is dismissed, so a
/// timer of our own rejects as `Timeout` a little after `timeout_ms`.
pub async fn current_fix(timeout_ms: u32, precise: bool) -> Result<Fix, GeoError> {
    let geo = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| n.geolocation().ok())
        .ok_or(GeoError::Unsupported)?;
    let mut setup_failed = false;
    let promise =
        js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
            let ok = Closure::once_into_js(move |pos: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &pos);
            });
            let reject_timer = reject.clone();
            let err = Closure::once_into_js(move |e: JsValue| {
                let _ = reject.call1(&JsValue::NULL, &e);
            });
            let options = web_sys::PositionOptions::new();
            options.set_enable_high_accuracy(precise);
            options.set_maximum_age(if precise { 60_000 } else { 300_000 });
            options.set_timeout(timeout_ms);
            if geo
                .get_current_position_with_error_callback_and_options(
                    ok.unchecked_ref(),
                    Some(err.unchecked_ref()),
                    &options,
                )
                .is_err()
            {
                setup_failed = true;
            }
            let guard = Closure::once_into_js(move || {
                let _ = reject_timer.call1(&JsValue::NULL, &JsValue::from_f64(3.0));
            });
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    guard.unchecked_ref(),
                    timeout_ms.saturating_add(5_000).min(i32::MAX as u32) as i32,
                );
            }
        });
    if setup_failed {
        return Err(GeoError::Unsupported);
    }
    match JsFuture::from(promise).await {
        Ok(pos) => read_position(&pos).ok_or(GeoError::Unavailable),
        Err(e) => Err(error_from_code(&e)),
    }
}

/// Whether location permission is already granted (Permissions API), so the page can locate a
/// returning resident without a click. `false` when unknown: then the button asks.
pub async fn already_granted() -> bool {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    // Through Reflect: the Permissions API is missing in some web-views, and calling it via
    // properties degrades to `false` instead of throwing.
    let Ok(permissions) = js_sys::Reflect::get(&nav, &JsValue::from_str("permissions")) else {
        return false;
    };
    let Ok(query) = js_sys::Reflect::get(&permissions, &JsValue::from_str("query")) else {
        return false;
    };
    let Some(query) = query.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    let descriptor = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&descriptor, &"name".into(), &"geolocation".into());
    let Ok(promise) = query.call1(&permissions, &descriptor) else {
        return false;
    };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
        return false;
    };
    match JsFuture::from(promise).await {
        Ok(status) => js_sys::Reflect::get(&status, &JsValue::from_str("state"))
            .ok()
            .and_then(|s| s.as_string())
            .is_some_and(|s| s == "granted"),
        Err(_) => false,
    }
}

fn number(obj: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .ok()?
        .as_f64()
}

/// Reads `coords` by property rather than by class, because browsers differ on whether the
/// object is a `Position` or a `GeolocationPosition`.
fn read_position(pos: &JsValue) -> Option<Fix> {
    let coords = js_sys::Reflect::get(pos, &JsValue::from_str("coords")).ok()?;
    let lat = number(&coords, "latitude")?;
    let lon = number(&coords, "longitude")?;
    let accuracy_m = number(&coords, "accuracy").filter(|a| a.is_finite() && *a >= 0.0);
    (lat.is_finite() && lon.is_finite()).then_some(Fix {
        position: LatLon { lat, lon },
        accuracy_m,
    })
}

fn error_from_code(e: &JsValue) -> GeoError {
    // Our own guard rejects with the bare number 3; the browser with a PositionError object.
    let code = e.as_f64().or_else(|| number(e, "code"));
    match code.map(|c| c as u16) {
        Some(1) => GeoError::Denied,
        Some(3) => GeoError::Timeout,
        _ => GeoError::Unavailable,
    }
}
