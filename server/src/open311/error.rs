//! Open311 error answers: GeoReport v2 wants a JSON array `[{"code":400,"description":"…"}]` for every error.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::db::DbError;
use crate::sta::error::{with_bearer_challenge, ApiError};

/// An error answer with its HTTP status.
#[derive(Debug, thiserror::Error)]
#[error("{description}")]
pub struct Open311Error {
    /// HTTP status (also the `code` member of the answer).
    pub status: StatusCode,
    /// Human-readable text naming the field and why it was refused.
    pub description: String,
}

impl Open311Error {
    /// An error with any status.
    pub fn new(status: StatusCode, description: impl Into<String>) -> Self {
        Self {
            status,
            description: description.into(),
        }
    }
    /// 400 Bad Request.
    pub fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, description)
    }
    /// 403 Forbidden.
    pub fn forbidden(description: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, description)
    }
    /// 404 Not Found.
    pub fn not_found(description: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, description)
    }
    /// 413 Payload Too Large.
    pub fn too_large(description: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, description)
    }
    /// 415 Unsupported Media Type.
    pub fn unsupported(description: impl Into<String>) -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, description)
    }
    /// 500: details go to the server log only.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        eprintln!("open311 internal error: {detail}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
    }
}

impl From<DbError> for Open311Error {
    fn from(e: DbError) -> Self {
        Self::internal(e)
    }
}

impl From<rusqlite::Error> for Open311Error {
    fn from(e: rusqlite::Error) -> Self {
        Self::internal(e)
    }
}

impl From<std::io::Error> for Open311Error {
    fn from(e: std::io::Error) -> Self {
        Self::internal(e)
    }
}

impl From<ApiError> for Open311Error {
    // The STA bearer check is reused for the operator endpoint; only the answer's shape changes.
    fn from(e: ApiError) -> Self {
        Self::new(e.status, e.message)
    }
}

impl IntoResponse for Open311Error {
    fn into_response(self) -> Response {
        let body =
            serde_json::json!([{ "code": self.status.as_u16(), "description": self.description }]);
        with_bearer_challenge((self.status, axum::Json(body)).into_response())
    }
}
