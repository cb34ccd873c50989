//! Start-up work cut into short tasks instead of a few long ones.
//!
//! While the main thread runs one task it cannot answer a tap; on a slow phone the app's start
//! (module compile, mounting, the first list) ran as three tasks of 50–120 ms each (Lighthouse's
//! Total Blocking Time, issue #6). Here are the two ways out: run the next big step in a task of its
//! own, and put work the first screen does not need off until the browser is idle.

use std::time::Duration;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The longest an idle-time job waits on a page that never goes idle: it still runs, only later.
const IDLE_TIMEOUT_MS: u32 = 2_000;

/// Runs `f` in a task of its own, as soon as the event loop gets to it (`setTimeout(0)`).
pub fn next_task(f: impl FnOnce() + 'static) {
    leptos::prelude::set_timeout(f, Duration::ZERO);
}

/// Resolves in a later task: awaiting it ends the current task, so the browser may paint and
/// handle input before the rest of the caller runs.
pub async fn yield_to_browser() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .is_err()
        {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `f` when the browser is idle (`requestIdleCallback`, within [`IDLE_TIMEOUT_MS`]), or in a
/// later task where there are no idle callbacks (Safari and many web-views).
pub fn when_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let idle = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(idle) = idle else {
        next_task(f);
        return;
    };
    let callback = Closure::once_into_js(f);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &options,
        &JsValue::from_str("timeout"),
        &JsValue::from(IDLE_TIMEOUT_MS),
    );
    if idle.call2(&window, &callback, &options).is_err() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
    }
}
