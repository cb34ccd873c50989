//! Size and time limits on whole requests: an over-long URI is refused before any parsing (414), and a
//! request that takes too long to answer — a slow client dribbling its body, or a query that runs away —
//! is cut off with 408 so it cannot hold a worker and a database connection forever.
//!
//! Bodies are limited per route where they are read (SensorThings writes 1 MiB, Open311 forms 64 KiB,
//! report uploads 10 MB per photo and 31 MB in all).
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::errors::{error, Dialect};
use super::settings::HttpSettings;

/// The only route whose body may be large: `POST` of a report with photos.
pub const UPLOAD_PATH: &str = "/open311/v2/requests.json";

/// What [`enforce`] needs.
#[derive(Clone, Debug)]
pub struct Limits {
    max_uri_bytes: usize,
    request_timeout: Option<Duration>,
    upload_timeout: Option<Duration>,
}

impl Limits {
    /// The limits of `settings`.
    pub fn new(settings: &HttpSettings) -> Self {
        Self {
            max_uri_bytes: settings.max_uri_bytes,
            request_timeout: settings.request_timeout,
            upload_timeout: settings.upload_timeout,
        }
    }
}

/// Axum middleware: 414 for a long URI, 408 when the answer is not ready in time.
pub async fn enforce(State(limits): State<Arc<Limits>>, req: Request, next: Next) -> Response {
    let dialect = Dialect::of(req.uri().path());
    let uri_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if uri_len > limits.max_uri_bytes {
        let msg = format!(
            "the URI is {uri_len} bytes long; at most {} are accepted",
            limits.max_uri_bytes
        );
        return error(dialect, StatusCode::URI_TOO_LONG, &msg);
    }
    let timeout = if req.method() == Method::POST && req.uri().path() == UPLOAD_PATH {
        limits.upload_timeout
    } else {
        limits.request_timeout
    };
    let Some(timeout) = timeout else {
        return next.run(req).await;
    };
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => {
            let msg = format!(
                "the request was not completed within {} s",
                timeout.as_secs()
            );
            error(dialect, StatusCode::REQUEST_TIMEOUT, &msg)
        }
    }
}
