//! The create side (STA v1.1 §10.2): `POST` to an entity set or to a navigation collection such as
//! `Datastreams(3)/Observations`, answered with 201, a `Location` header and the created entity.
pub mod auth;
pub mod insert;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::sta::error::ApiError;
use crate::sta::query::ast::QueryOptions;
use crate::sta::render::entity_json;
use crate::sta::resource::{resolve, Target};
use crate::sta::routes::{base_url, PREFIX};
use crate::sta::sql::select::fetch_one;
use crate::AppState;
use insert::{insert, Under};

/// Largest JSON body accepted by writes.
pub const MAX_BODY: usize = 1024 * 1024;

/// `POST /v1.1/<entity set or navigation collection>`.
pub async fn post_resource(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Result<Response, ApiError> {
    auth::authorise(&headers, state.write_token.as_deref())?;
    let json: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("the body is not valid JSON: {e}")))?;
    let base = base_url(&headers);
    let raw_path = uri.path().strip_prefix(PREFIX).unwrap_or("").to_string();
    let path = percent_encoding::percent_decode_str(&raw_path)
        .decode_utf8_lossy()
        .into_owned();
    state
        .db
        .write(move |conn| -> Result<Response, ApiError> {
            let tx = conn.transaction()?;
            let (entity, under) = match resolve(&tx, &path)? {
                Target::Collection {
                    entity,
                    parent: None,
                } => (entity, None),
                Target::Collection {
                    entity,
                    parent: Some(p),
                } => (
                    entity,
                    Some(Under {
                        entity: p.source,
                        id: p.id,
                        nav: p.nav,
                    }),
                ),
                _ => {
                    return Err(ApiError::bad_request(
                        "POST must address an entity set or a navigation collection",
                    ))
                }
            };
            let id = insert(&tx, entity, &json, under, "")?;
            tx.commit()?;
            let row = fetch_one(conn, entity, id)?
                .ok_or_else(|| ApiError::not_found("created entity vanished"))?;
            let body = entity_json(conn, &base, entity, row, &QueryOptions::default())?;
            let location = format!("{base}/{}({id})", entity.set_name());
            Ok((
                StatusCode::CREATED,
                [
                    (header::LOCATION, location),
                    (header::CONTENT_TYPE, "application/json".to_string()),
                ],
                body,
            )
                .into_response())
        })
        .await
}
