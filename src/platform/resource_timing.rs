//! How many bytes this visit has used, from the browser's Resource Timing entries: the page
//! itself (navigation entry) and everything it fetched since (script, wasm, style, data, photos).
//! Lite mode shows the figure, so a resident on a small data plan sees what the app costs.
//!
//! The counting is index.html's `qingshuiBytes()` and the watching its `qingshuiWatchBytes(changed)`
//! (`platform::boot`): reading each entry's fields through wasm-bindgen was ~0.9 KiB brotli of the
//! first download (issue #6), for a figure only lite mode shows. What an entry costs: its
//! `transferSize` (0 from the browser's cache, which costs nothing); what the service worker fetched
//! for the page counts by its body (a page cannot see the wire size of those: Chromium reports 0),
//! the worker's own cache (`deliveryType` `cache-storage`) nothing; browsers without `transferSize`
//! (older Safari) count the body. tests/e2e/modes.test.mjs checks that rule on a table of entries and
//! against the page's own.

use js_sys::Array;
use wasm_bindgen::closure::Closure;

use super::boot;

/// The bytes used since the page was opened (0 where Resource Timing or the boot script is missing).
pub fn bytes_used() -> u64 {
    boot::call("qingshuiBytes", &Array::new())
        .and_then(|v| v.as_f64())
        .map_or(0, |b| b as u64)
}

/// Calls `changed` whenever the page has fetched something more (a `PerformanceObserver` on
/// resource entries); returns false where the browser has none. The observer lives as long as
/// the page: the figure it feeds is shown for the whole visit.
pub fn watch(changed: impl Fn() + 'static) -> bool {
    let callback = Closure::<dyn Fn()>::new(changed);
    let started = boot::call("qingshuiWatchBytes", &Array::of1(callback.as_ref()))
        .is_some_and(|v| v.is_truthy());
    callback.forget();
    started
}
