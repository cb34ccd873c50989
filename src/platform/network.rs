//! Whether the device believes it is online.

/// `navigator.onLine`; `true` when unknown, so that an unknown state never blocks a request.
pub fn is_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// A `fetch` request for `url` exactly as given, with `headers`, an optional `body` and an abort `signal`.
///
/// Not gloo-net's request builder: it re-parses the URL to merge in its own query parameters and appends
/// `&` to every query string even when it has none to add (gloo-net 0.6), so each request differed from
/// the URL `qingshui_core::sta::urls` builds — and from the one the reference server names in its
/// `Link: rel=preload` hint, which the browser then downloaded for nothing. gloo-net still sends it and
/// reads the answer.
pub fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&wasm_bindgen::JsValue>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<gloo_net::http::Request, String> {
    let js_error = |e: wasm_bindgen::JsValue| {
        e.as_string()
            .or_else(|| js_sys::Error::from(e).message().as_string())
            .unwrap_or_default()
    };
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
    web_sys::Request::new_with_str_and_init(url, &init)
        .map(gloo_net::http::Request::from)
        .map_err(js_error)
}
