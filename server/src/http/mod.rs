//! Hardening of the HTTP surface, applied around every route (API, static app, errors): security headers
//! and a hash-based CSP, CORS for configured origins only, URI and time limits, per-client rate limits, and
//! a connection loop with a header read timeout.
pub mod cors;
pub mod csp;
pub mod errors;
pub mod headers;
pub mod limits;
pub mod rate;
pub mod serve;
pub mod settings;
pub mod tls;

use std::sync::Arc;

use axum::middleware::from_fn_with_state;
use axum::Router;

pub use settings::HttpSettings;

/// Errors preparing the HTTP layers.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The Content-Security-Policy built from the settings is not a valid header value.
    #[error("the Content-Security-Policy is not a valid header: {0}")]
    Csp(#[from] axum::http::header::InvalidHeaderValue),
}

/// Wraps `router` in the hardening layers. From the outside in: security headers (so they are on every
/// answer, including the ones below), CORS (so a browser can read a 429), the URI and time limits, the
/// rate limits, then the rewriting of plain-text API errors into the API's JSON format. Call inside a Tokio runtime (the rate limiter's cleanup runs as a task).
pub fn harden(
    router: Router,
    settings: &HttpSettings,
    hashes: &csp::InlineHashes,
) -> Result<Router, HttpError> {
    let router = router.layer(axum::middleware::from_fn(errors::normalise));
    let rates = Arc::new(rate::RateLimits::new(settings));
    let mut router = if rates.is_active() {
        rate::RateLimits::spawn_cleanup(&rates);
        router.layer(from_fn_with_state(rates, rate::limit))
    } else {
        router
    };
    router = router.layer(from_fn_with_state(
        Arc::new(limits::Limits::new(settings)),
        limits::enforce,
    ));
    if let Some(cors) = cors::layer(settings) {
        router = router.layer(cors);
    }
    let headers = headers::SecurityHeaders::new(settings, hashes)?;
    Ok(router.layer(from_fn_with_state(Arc::new(headers), headers::add)))
}
