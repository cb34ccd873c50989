//! Errors raised by the HTTP layer itself (408, 414, 429), each in the format of the API that was called,
//! so a client handles them like any other error of that API.
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
