//! Errors raised by the HTTP layer itself (408, 414, 429), each in the format of the API that was called,
//! so a client handles them like any other error of that API.
use axum::body::HttpBody;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Which API a path belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// `/open311/…`: `[{"code":429,"description":"…"}]`.
    Open311,
    /// `/v1.1…`: `{"code":429,"type":"error","message":"…"}`.
    Sta,
    /// Anything else (the app's pages): plain text.
    Plain,
}

impl Dialect {
    /// The dialect of a request path.
    pub fn of(path: &str) -> Self {
        let under = |prefix: &str| {
            path == prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|r| r.starts_with('/'))
        };
        if under("/open311") {
            Dialect::Open311
        } else if under(crate::sta::routes::PREFIX) {
            Dialect::Sta
        } else {
            Dialect::Plain
        }
    }
}

/// An error answer in `dialect`, never cached.
pub fn error(dialect: Dialect, status: StatusCode, message: &str) -> Response {
    let code = status.as_u16();
    let mut resp = match dialect {
        Dialect::Open311 => (
            status,
            axum::Json(json!([{ "code": code, "description": message }])),
        )
            .into_response(),
        Dialect::Sta => (
            status,
            axum::Json(json!({ "code": code, "type": "error", "message": message })),
        )
            .into_response(),
        Dialect::Plain => (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{message}\n"),
        )
            .into_response(),
    };
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Axum middleware: an API error answered in plain text — axum's own rejections, such as a body over its
/// route's limit (413) or an unknown method (405, empty) — is rewritten into the API's JSON error format, which
/// the contracts promise for every error. Answers that are already JSON pass untouched.
pub async fn normalise(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let dialect = Dialect::of(req.uri().path());
    let resp = next.run(req).await;
    let status = resp.status();
    let content_type = resp.headers().get(header::CONTENT_TYPE);
    let is_text = content_type
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    // axum's 405 has no body at all.
    let is_bare = content_type.is_none() && resp.body().size_hint().exact() == Some(0);
    let is_error = status.is_client_error() || status.is_server_error();
    if dialect == Dialect::Plain || !is_error || !(is_text || is_bare) {
        return resp;
    }
    // Rejection texts are a line or two; anything longer or streamed is not one and is left alone.
    const MAX_TEXT: u64 = 4096;
    if resp.body().size_hint().upper().is_none_or(|n| n > MAX_TEXT) {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_TEXT as usize).await else {
        return error(
            dialect,
            status,
            status.canonical_reason().unwrap_or("error"),
        );
    };
    let text = String::from_utf8_lossy(&bytes);
    let text = match text.trim() {
        "" => status.canonical_reason().unwrap_or("error"),
        t => t,
    };
    let mut out = error(dialect, status, text);
    for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(v) = parts.headers.get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}
