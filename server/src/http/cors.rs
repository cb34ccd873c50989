//! Cross-origin access to the APIs, only for the origins an operator names (`QINGSHUI_CORS_ORIGINS`).
//! Without that list no CORS header is ever sent, so other sites' pages cannot read the answers; the app
//! itself is same-origin and needs none.
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::settings::HttpSettings;

/// The CORS layer for the configured origins, or `None` when none are configured. `*` allows any origin
/// (credentials are never allowed, so cookies and HTTP auth are not sent cross-origin anyway).
pub fn layer(settings: &HttpSettings) -> Option<CorsLayer> {
    if settings.cors_origins.is_empty() {
        return None;
    }
    let origin = if settings.cors_origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        // Settings checked every origin, so none is dropped here.
        AllowOrigin::list(
            settings
                .cors_origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(origin)
            .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static("idempotency-key"),
            ])
            // A client over its quota must be able to read how long to wait; a replayed report says so.
            .expose_headers([
                header::RETRY_AFTER,
                HeaderName::from_static("idempotent-replayed"),
            ])
            .max_age(Duration::from_secs(600)),
    )
}

/// Whether `s` is a serialised origin (`https://host[:port]`, no path) or `*`.
pub fn is_origin(s: &str) -> bool {
    if s == "*" {
        return true;
    }
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}
