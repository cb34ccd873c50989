//! Functions that index.html's boot script defines for the app (`window.qingshui…`): a few lines of
//! JavaScript where the same in Rust would be browser-API glue several times their size in every
//! first download (issue #6). Where one is missing (the browser tests' page has no boot script) the
//! call is `None`, and each caller says what it does then.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Calls the boot script's function `name` with `args`; `None` when there is no such function or it
/// throws.
pub fn call(name: &str, args: &Array) -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let f: Function = Reflect::get(&window, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()?;
    f.apply(&JsValue::NULL, args).ok()
}
