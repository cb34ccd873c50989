//! The device position, as a future.

use js_sys::{Array, Promise};
use qingshui_core::geo::LatLon;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::boot;

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
/// The asking is index.html's `qingshuiLocate(timeout, precise)` (`platform::boot`): the callbacks,
/// options and timer through wasm-bindgen were ~0.7 KiB brotli of the first download (issue #6). It
/// resolves `[latitude, longitude, accuracy]` or rejects with the error's code: 1 denied, 2
/// unavailable, 3 timed out, 0 no geolocation API. Some web-views never call either callback when
/// the permission prompt is dismissed, so it also rejects as timed out 5 s after `timeout`.
pub async fn current_fix(timeout_ms: u32, precise: bool) -> Result<Fix, GeoError> {
    let args = Array::of2(&timeout_ms.into(), &precise.into());
    let promise: Promise = boot::call("qingshuiLocate", &args)
        .and_then(|p| p.dyn_into().ok())
        .ok_or(GeoError::Unsupported)?;
    match JsFuture::from(promise).await {
        Ok(fix) => read_fix(&fix.unchecked_into()).ok_or(GeoError::Unavailable),
        Err(code) => Err(match code.as_f64().map(|c| c as u16) {
            Some(0) => GeoError::Unsupported,
            Some(1) => GeoError::Denied,
            Some(3) => GeoError::Timeout,
            _ => GeoError::Unavailable,
        }),
    }
}

/// Whether location permission is already granted (index.html's `qingshuiGranted()`, the
/// Permissions API), so the page can locate a returning resident without a click. `false` when
/// unknown: then the button asks.
pub async fn already_granted() -> bool {
    let Some(promise) =
        boot::call("qingshuiGranted", &Array::new()).and_then(|p| p.dyn_into::<Promise>().ok())
    else {
        return false;
    };
    JsFuture::from(promise).await.is_ok_and(|v| v.is_truthy())
}

/// `[latitude, longitude, accuracy]` as a fix; the accuracy only when it is a distance.
fn read_fix(fix: &Array) -> Option<Fix> {
    let (lat, lon) = (fix.get(0).as_f64()?, fix.get(1).as_f64()?);
    let accuracy_m = fix.get(2).as_f64().filter(|a| a.is_finite() && *a >= 0.0);
    (lat.is_finite() && lon.is_finite()).then_some(Fix {
        position: LatLon { lat, lon },
        accuracy_m,
    })
}
