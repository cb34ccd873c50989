//! The OGC SensorThings API v1.1 subset.
pub mod cache;
pub mod encode;
pub mod error;
pub mod geo;
pub mod model;
pub mod query;
pub mod render;
pub mod resource;
pub mod routes;
pub mod sql;
pub mod time;
pub mod write;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;

use crate::AppState;

/// The `/v1.1` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(routes::PREFIX, get(routes::service_root))
        .route(&format!("{}/", routes::PREFIX), get(routes::service_root))
        .route(
            &format!("{}/{{*path}}", routes::PREFIX),
            get(routes::get_resource).post(write::post_resource),
        )
        .layer(DefaultBodyLimit::max(write::MAX_BODY))
}
