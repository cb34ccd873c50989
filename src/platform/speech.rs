//! Reading text aloud with the browser's `speechSynthesis`, for residents who cannot read the
//! screen well. Where the browser has no voices API (many web-views) the button is not shown.

use wasm_bindgen::{JsCast, JsValue};

fn synthesis() -> Option<JsValue> {
    let w = web_sys::window()?;
    js_sys::Reflect::get(&w, &"speechSynthesis".into())
        .ok()
        .filter(JsValue::is_object)
}

fn utterance_class() -> Option<js_sys::Function> {
    let w = web_sys::window()?;
    js_sys::Reflect::get(&w, &"SpeechSynthesisUtterance".into())
        .ok()?
        .dyn_into()
        .ok()
}

/// Whether the browser can speak (`speechSynthesis` and `SpeechSynthesisUtterance` exist).
pub fn supported() -> bool {
    synthesis().is_some() && utterance_class().is_some()
}

/// Calls a method of `speechSynthesis` with the given arguments, ignoring failures.
fn call(synth: &JsValue, method: &str, args: &js_sys::Array) {
    if let Ok(f) =
        js_sys::Reflect::get(synth, &method.into()).and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = f.apply(synth, args);
    }
}

/// Speaks `text` in the language `lang_tag` (`zh-CN`, `en`), replacing anything still being
/// spoken; returns whether speaking was started.
pub fn speak(text: &str, lang_tag: &str) -> bool {
    let (Some(synth), Some(class)) = (synthesis(), utterance_class()) else {
        return false;
    };
    let Ok(utterance) = js_sys::Reflect::construct(&class, &js_sys::Array::of1(&text.into()))
    else {
        return false;
    };
    let _ = js_sys::Reflect::set(&utterance, &"lang".into(), &lang_tag.into());
    // A second tap restarts from the beginning instead of queueing a second reading.
    call(&synth, "cancel", &js_sys::Array::new());
    call(&synth, "speak", &js_sys::Array::of1(&utterance));
    true
}

/// Stops speaking (leaving a page, or a second tap on "stop").
pub fn cancel() {
    if let Some(synth) = synthesis() {
        call(&synth, "cancel", &js_sys::Array::new());
    }
}
