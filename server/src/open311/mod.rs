//! Open311 GeoReport v2 at `/open311/v2`: residents report water problems (see docs/contracts.md, "Open311").
//! JSON only; extensions: photo uploads as multipart `media` parts, `lat`/`long`/`radius` search,
//! `Idempotency-Key`, and an operator status endpoint.
pub mod error;
pub mod locale;
pub mod media;
pub mod query;
pub mod render;
pub mod requests;
pub mod seed;
pub mod services;
pub mod status;
pub mod submit;
pub mod validate;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::config::Config;
use crate::db::{reports, Db, DbError};
use crate::AppState;
use error::Open311Error;

/// The mount point.
pub const PREFIX: &str = "/open311/v2";

/// Largest body of any Open311 request except `POST requests.json` (forms without files).
pub const MAX_FORM: usize = 64 * 1024;

/// What the Open311 handlers need besides the database.
#[derive(Clone)]
pub struct Settings {
    /// `QINGSHUI_OPEN311_API_KEY`: required `api_key` of `POST requests.json`; `None` = open to all.
    pub api_key: Option<Arc<str>>,
    /// `QINGSHUI_RESPONSE_HOURS` in ms: the city's response target, for `expected_datetime`.
    pub response_ms: i64,
    /// `QINGSHUI_MEDIA`: where uploaded photos are stored.
    pub media_dir: Arc<Path>,
}

impl Settings {
    /// The settings of `config`.
    pub fn from_config(config: &Config) -> Self {
        Self {
            api_key: config.open311_api_key.as_deref().map(Arc::from),
            response_ms: i64::from(config.response_hours) * 3_600_000,
            media_dir: Arc::from(config.media_dir.as_path()),
        }
    }
}

/// Creates the Open311 tables, seeds the demo catalogue once, and creates the media directory.
pub fn prepare(db: &Db, settings: &Settings) -> Result<(), DbError> {
    db.with_writer(|w| {
        w.execute_batch(reports::TABLES)?;
        seed::seed(w)
    })?;
    if let Err(e) = std::fs::create_dir_all(&settings.media_dir) {
        // Reports without photos still work; uploads will fail with a logged 500.
        eprintln!(
            "open311: cannot create the media directory {}: {e}",
            settings.media_dir.display()
        );
    }
    Ok(())
}

/// The name before `.json` of a path segment such as `waterlogging.json`; `.xml` is refused with 400.
pub fn json_name(file: &str) -> Result<String, Open311Error> {
    if let Some(stem) = file.strip_suffix(".json") {
        return Ok(stem.to_string());
    }
    if file.ends_with(".xml") {
        return Err(Open311Error::bad_request(
            "only JSON format is supported: use the .json form of this URL",
        ));
    }
    Err(Open311Error::not_found(
        "unknown Open311 resource (URLs end in .json)",
    ))
}

/// Decoded query parameters (the last value of a repeated name wins).
pub fn query_params(raw: Option<&str>) -> HashMap<String, String> {
    form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// Answers `.xml` (400) and anything else unknown (404) at the top level, in Open311's error format.
async fn other(axum::extract::Path(file): axum::extract::Path<String>) -> Open311Error {
    match json_name(&file) {
        Err(e) => e,
        Ok(_) => Open311Error::not_found("unknown Open311 resource"),
    }
}

/// The `/open311/v2` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(&format!("{PREFIX}/services.json"), get(services::list))
        .route(
            &format!("{PREFIX}/services/{{file}}"),
            get(services::definition),
        )
        .route(
            &format!("{PREFIX}/requests.json"),
            get(requests::list)
                .post(submit::submit)
                .layer(DefaultBodyLimit::max(media::MAX_UPLOAD)),
        )
        .route(&format!("{PREFIX}/requests/{{file}}"), get(requests::one))
        .route(
            &format!("{PREFIX}/requests/{{id}}/status"),
            post(status::update),
        )
        .route(&format!("{PREFIX}/tokens/{{file}}"), get(requests::token))
        .route(&format!("{PREFIX}/media/{{name}}"), get(media::serve))
        .route(&format!("{PREFIX}/{{file}}"), get(other).post(other))
        .layer(DefaultBodyLimit::max(MAX_FORM))
}
