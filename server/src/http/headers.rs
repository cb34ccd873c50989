//! Security headers on every response: pages, API answers, errors and the answers of other middleware.
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use super::csp::{app_policy, InlineHashes, MEDIA_POLICY};
use super::settings::HttpSettings;

/// Where uploaded photos are served; they get [`MEDIA_POLICY`] instead of the app's policy.
pub const MEDIA_PREFIX: &str = "/open311/v2/media/";

/// The precomputed header values (built once, copied into each response).
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    app_csp: HeaderValue,
}

impl SecurityHeaders {
    /// The headers for `settings` and the inline blocks of the built pages. Fails only when a configured
    /// source cannot be a header value, which [`HttpSettings`] already refuses.
    pub fn new(
        settings: &HttpSettings,
        hashes: &InlineHashes,
    ) -> Result<Self, header::InvalidHeaderValue> {
        Ok(Self {
            app_csp: HeaderValue::from_str(&app_policy(settings, hashes))?,
        })
    }

    /// The app's Content-Security-Policy as sent.
    pub fn app_csp(&self) -> &HeaderValue {
        &self.app_csp
    }
}

const PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");

/// Axum middleware adding the headers after the inner service answered.
pub async fn add(
    State(headers): State<Arc<SecurityHeaders>>,
    req: Request,
    next: Next,
) -> Response {
    let is_media = req.uri().path().starts_with(MEDIA_PREFIX);
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    if is_media {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(MEDIA_POLICY),
        );
        // A photo opened from a report shows in the tab instead of being saved.
        if resp.status().is_success() {
            resp.headers_mut().insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline"),
            );
        }
    } else {
        h.insert(header::CONTENT_SECURITY_POLICY, headers.app_csp.clone());
    }
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The path of a station page is not secret, but the query of an API call can carry a coarse position.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    // The app locates the resident and may photograph a problem; it never listens.
    h.insert(
        PERMISSIONS_POLICY,
        HeaderValue::from_static("geolocation=(self), camera=(self), microphone=()"),
    );
    resp
}
