//! How many bytes this visit has used, from the browser's Resource Timing entries: the page
//! itself (navigation entry) and everything it fetched since (script, wasm, style, data, photos).
//! Lite mode shows the figure, so a resident on a small data plan sees what the app costs.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// What the browser says about one fetched resource.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Entry<'a> {
    /// `transferSize`: headers and body as they crossed the network (0 from a cache).
    pub transfer_size: Option<f64>,
    /// `encodedBodySize`: the body as delivered, before decompression.
    pub encoded_body_size: Option<f64>,
    /// `workerStart > 0`: a service worker answered it.
    pub via_worker: bool,
    /// `deliveryType`: `cache-storage` when the service worker answered from its own cache.
    pub delivery_type: Option<&'a str>,
}

/// The bytes one entry cost. Mostly `transferSize` (0 for the browser's cache, which costs
/// nothing). A page cannot see the wire size of what its service worker fetched for it (Chromium
/// reports 0), so those count by their body — except the worker's own cache, again free. Browsers
/// without `transferSize` (older Safari) count the body.
pub fn entry_bytes(e: Entry<'_>) -> u64 {
    let valid = |v: Option<f64>| v.filter(|v| v.is_finite() && *v >= 0.0);
    let body = valid(e.encoded_body_size).unwrap_or(0.0);
    let bytes = match valid(e.transfer_size) {
        Some(t) if t > 0.0 => t,
        Some(_) if e.via_worker && e.delivery_type != Some("cache-storage") => body,
        Some(_) => 0.0,
        None => body,
    };
    bytes as u64
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// The bytes used since the page was opened (0 where Resource Timing is unavailable).
pub fn bytes_used() -> u64 {
    let Some(perf) = performance() else {
        return 0;
    };
    let get = |e: &JsValue, name: &str| js_sys::Reflect::get(e, &JsValue::from_str(name)).ok();
    let number = |e: &JsValue, name: &str| get(e, name).and_then(|v| v.as_f64());
    ["navigation", "resource"]
        .iter()
        .flat_map(|kind| perf.get_entries_by_type(kind).iter().collect::<Vec<_>>())
        .map(|e| {
            let delivery = get(&e, "deliveryType").and_then(|v| v.as_string());
            entry_bytes(Entry {
                transfer_size: number(&e, "transferSize"),
                encoded_body_size: number(&e, "encodedBodySize"),
                via_worker: number(&e, "workerStart").is_some_and(|w| w > 0.0),
                delivery_type: delivery.as_deref(),
            })
        })
        .sum()
}

/// Calls `changed` whenever the page has fetched something more (a `PerformanceObserver` on
/// resource entries); returns false where the browser has none. The observer lives as long as
/// the page: the figure it feeds is shown for the whole visit.
pub fn watch(changed: impl Fn() + 'static) -> bool {
    let Some(class) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"PerformanceObserver".into()).ok())
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    let callback = Closure::<dyn Fn()>::new(changed);
    let Ok(observer) = js_sys::Reflect::construct(&class, &js_sys::Array::of1(callback.as_ref()))
    else {
        return false;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"type".into(), &"resource".into());
    let observe = js_sys::Reflect::get(&observer, &"observe".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let started = observe.is_some_and(|f| f.call1(&observer, &options).is_ok());
    callback.forget();
    started
}

#[cfg(test)]
mod tests {
    use super::{entry_bytes, Entry};

    fn entry(t: Option<f64>, b: Option<f64>, worker: bool, d: Option<&str>) -> Entry<'_> {
        Entry {
            transfer_size: t,
            encoded_body_size: b,
            via_worker: worker,
            delivery_type: d,
        }
    }

    #[test]
    fn transfer_size_counts_and_cache_hits_cost_nothing() {
        assert_eq!(
            entry_bytes(entry(Some(1234.0), Some(1000.0), false, None)),
            1234
        );
        let cached = entry(Some(0.0), Some(5000.0), false, Some("cache"));
        assert_eq!(entry_bytes(cached), 0, "the browser's cache");
        let worker_cache = entry(Some(0.0), Some(5000.0), true, Some("cache-storage"));
        assert_eq!(entry_bytes(worker_cache), 0, "the service worker's cache");
        let worker_fetch = entry(Some(0.0), Some(5000.0), true, Some("cache"));
        assert_eq!(entry_bytes(worker_fetch), 5000, "fetched by the worker");
        assert_eq!(entry_bytes(entry(None, Some(900.0), false, None)), 900);
        assert_eq!(entry_bytes(entry(None, None, false, None)), 0);
        assert_eq!(
            entry_bytes(entry(Some(f64::NAN), Some(-1.0), true, None)),
            0
        );
    }
}
