//! Bearer-token check for every write: 401 without credentials, 403 with wrong ones or when writes are off.
use axum::http::{header, HeaderMap};

use crate::sta::error::ApiError;

/// Compares without an early exit, so the time taken does not reveal how much of the token matched.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

/// Authorises a write request against the configured token.
pub fn authorise(headers: &HeaderMap, token: Option<&str>) -> Result<(), ApiError> {
    let Some(token) = token else {
        return Err(ApiError::forbidden(
            "writes are disabled on this server (no QINGSHUI_WRITE_TOKEN configured)",
        ));
    };
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthorized(
            "authentication required: send Authorization: Bearer <token>",
        ));
    };
    let given = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .ok_or_else(|| {
            ApiError::unauthorized("the Authorization header must use the Bearer scheme")
        })?;
    if constant_time_eq(given.trim().as_bytes(), token.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "the bearer token is not valid for writes",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn statuses() {
        assert_eq!(authorise(&HeaderMap::new(), None).unwrap_err().status, 403);
        assert_eq!(
            authorise(&HeaderMap::new(), Some("s3cret"))
                .unwrap_err()
                .status,
            401
        );
        assert_eq!(
            authorise(&with("Basic abc"), Some("s3cret"))
                .unwrap_err()
                .status,
            401
        );
        assert_eq!(
            authorise(&with("Bearer s3cre"), Some("s3cret"))
                .unwrap_err()
                .status,
            403
        );
        assert_eq!(
            authorise(&with("Bearer s3cretX"), Some("s3cret"))
                .unwrap_err()
                .status,
            403
        );
        assert!(authorise(&with("Bearer s3cret"), Some("s3cret")).is_ok());
    }
}
