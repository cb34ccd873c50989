//! The network: whether the device believes it is online, and sending a request.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `navigator.onLine`; `true` when unknown, so that an unknown state never blocks a request.
pub fn is_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// Sends `request` and reads the answer: its status and its body as text. `Err` carries the browser's
/// message when it could not be sent or read (offline, aborted, refused by CORS).
pub async fn fetch(request: &web_sys::Request) -> Result<(u16, String), String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(request))
        .await
        .map_err(js_error)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// A `fetch` request for `url` exactly as given, with `headers`, an optional `body` and an abort `signal`.
///
/// Not gloo-net: its request builder re-parses the URL to merge in its own query parameters and appends
/// `&` to every query string even when it has none to add (gloo-net 0.6), so each request differed from
/// the URL `qingshui_core::sta::urls` builds — and from the one the reference server names in its
/// `Link: rel=preload` hint, which the browser then downloaded for nothing. Without the builder, the rest
/// of gloo-net (two promises: send, read the text) was not worth a crate.
pub fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&JsValue>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<web_sys::Request, String> {
    let list = web_sys::Headers::new().map_err(js_error)?;
    for (name, value) in headers {
        list.set(name, value).map_err(js_error)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(&list);
    if let Some(body) = body {
        init.set_body(body);
    }
    init.set_signal(signal);
    web_sys::Request::new_with_str_and_init(url, &init).map_err(js_error)
}

/// The message of a thrown JS value (an `Error`'s `message`, or the value itself when a string).
fn js_error(e: JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Error::from(e).message().as_string())
        .unwrap_or_default()
}
