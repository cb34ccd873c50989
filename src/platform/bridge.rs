//! The mini-program bridges: talking back to the WeChat or Alipay mini-program that shows Qingshui
//! in its `<web-view>`.
//!
//! The bridge objects exist only when the host injected them (WeChat: `wx.miniProgram` from its
//! JS-SDK `jweixin`; Alipay: `my` from its `web-view.min.js`), so everything is read through
//! `Reflect` and a missing bridge is simply "not available". Nothing third-party loads by default:
//! the SDK named in `config.json` (`bridge_script_url`) is added only in its own host.
//!
//! Messages: WeChat delivers `wx.miniProgram.postMessage({ data })` to the mini-program's
//! `bindmessage` when the web-view is left or shared; Alipay delivers `my.postMessage(data)` to
//! `onMessage` at once. Qingshui sends `{type: "report-submitted", id, service_code}` after a
//! report is filed, once per report id.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};

use super::embed::Host;

thread_local! {
    /// Report ids already announced in this page's life, so a re-render or a replayed answer
    /// (same id after a retry) never posts a second message. A handful per visit: a list.
    static POSTED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The object whose methods the host offers (`wx.miniProgram` or `my`), if it is there.
fn bridge(host: Host) -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let get = |obj: &JsValue, key: &str| {
        js_sys::Reflect::get(obj, &JsValue::from_str(key))
            .ok()
            .filter(|v| v.is_object())
    };
    match host {
        Host::WeChatMiniProgram => get(&get(&window, "wx")?, "miniProgram"),
        Host::AlipayMiniProgram => get(&window, "my"),
        Host::Browser | Host::GenericEmbed => None,
    }
}

/// Calls `bridge.name(arg?)`; false when the method is missing or throws.
fn call(host: Host, name: &str, arg: Option<&JsValue>) -> bool {
    let Some(obj) = bridge(host) else {
        return false;
    };
    let Some(f) = js_sys::Reflect::get(&obj, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    match arg {
        Some(a) => f.call1(&obj, a),
        None => f.call0(&obj),
    }
    .is_ok()
}

/// Whether the host's bridge can take the resident back to the mini-program.
pub fn can_go_back(host: Host) -> bool {
    bridge(host).is_some_and(|b| {
        js_sys::Reflect::get(&b, &JsValue::from_str("navigateBack")).is_ok_and(|f| f.is_function())
    })
}

/// Leaves the web-view for the mini-program page that opened it (`navigateBack`). False when no
/// bridge is there, so the caller can fall back to its own navigation.
pub fn navigate_back(host: Host) -> bool {
    call(host, "navigateBack", None)
}

/// Tells the mini-program that a report was filed: `{type: "report-submitted", id, service_code}`,
/// wrapped as `{data: …}` for WeChat. Sent at most once per report id; false when nothing was sent
/// (no bridge, or already sent).
pub fn report_submitted(host: Host, id: &str, service_code: &str) -> bool {
    if bridge(host).is_none() || POSTED.with(|p| p.borrow().iter().any(|posted| posted == id)) {
        return false;
    }
    let message = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("type", "report-submitted");
    set("id", id);
    set("service_code", service_code);
    let arg: JsValue = match host {
        Host::WeChatMiniProgram => {
            let wrapper = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&wrapper, &JsValue::from_str("data"), &message);
            wrapper.into()
        }
        _ => message.into(),
    };
    let sent = call(host, "postMessage", Some(&arg));
    if sent {
        POSTED.with(|p| p.borrow_mut().push(id.to_string()));
    }
    sent
}

/// Adds the host's JS-SDK (`<script src>`) when a URL is configured for this host and its bridge
/// is not injected already. Browsers and other hosts never load it.
pub fn load_sdk(host: Host, url: Option<&str>) {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return;
    };
    if !matches!(host, Host::WeChatMiniProgram | Host::AlipayMiniProgram) || bridge(host).is_some()
    {
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(script) = doc.create_element("script") else {
        return;
    };
    let _ = script.set_attribute("src", url);
    let _ = script.set_attribute("data-qingshui-bridge", "");
    if let Some(root) = doc.document_element() {
        let _ = root.append_child(&script);
    }
}
