//! `navigator.connection` (Network Information API): whether the resident asked the phone to
//! save data, and how fast the network is. Only Chromium-based browsers have it; elsewhere the
//! answer is "unknown", which never switches lite mode on by itself.

use wasm_bindgen::JsValue;

use crate::state::modes::Connection;

/// The phone's connection as far as the browser tells.
pub fn current() -> Connection {
    let Some(conn) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"connection".into()).ok())
        .filter(|c| c.is_object())
    else {
        return Connection::default();
    };
    let get = |name: &str| js_sys::Reflect::get(&conn, &JsValue::from_str(name)).ok();
    Connection {
        save_data: get("saveData").and_then(|v| v.as_bool()).unwrap_or(false),
        effective_type: get("effectiveType").and_then(|v| v.as_string()),
    }
}
