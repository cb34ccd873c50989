//! Reading text aloud with the browser's `speechSynthesis`, for residents who cannot read the
//! screen well. Where the browser has no voices API (many web-views) the button is not shown.
//!
//! The speaking is index.html's `qingshuiSpeech(text, lang)` (`platform::boot`): with no arguments
//! it answers whether the browser can speak; with a text it speaks it in the language `lang`
//! (`zh-CN`, `en`), replacing anything still being spoken (a second tap restarts from the beginning
//! instead of queueing a second reading); with an empty text it stops. The same calls through
//! `Reflect` were ~0.2 KiB brotli of the first download (issue #6).

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::boot;

/// Whether the browser can speak (`speechSynthesis` and `SpeechSynthesisUtterance` exist).
pub fn supported() -> bool {
    boot::call("qingshuiSpeech", &Array::new()).is_some_and(|v| v.is_truthy())
}

/// Speaks `text` in the language `lang_tag` (`zh-CN`, `en`), replacing anything still being
/// spoken; returns whether speaking was started.
pub fn speak(text: &str, lang_tag: &str) -> bool {
    let args = Array::of2(&JsValue::from_str(text), &JsValue::from_str(lang_tag));
    boot::call("qingshuiSpeech", &args).is_some_and(|v| v.is_truthy())
}

/// Stops speaking (leaving a page, or a second tap on "stop").
pub fn cancel() {
    let _ = boot::call("qingshuiSpeech", &Array::of1(&JsValue::from_str("")));
}
