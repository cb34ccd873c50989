//! HTTP handlers of the read side: service root, collections, entities, properties.
use axum::extract::State;
use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value as JsonValue};

use crate::sta::encode;
use crate::sta::error::ApiError;
use crate::sta::model::Entity;
use crate::sta::query::{ast::QueryOptions, parse_query};
use crate::sta::render::{collection_json, entity_json};
use crate::sta::resource::{resolve, Target};
use crate::sta::sql::select::{fetch_one, list};
use crate::AppState;

/// The mount point of the API.
pub const PREFIX: &str = "/v1.1";

/// The absolute service root URL, from the `Host` header (and `X-Forwarded-Proto` behind a proxy).
pub fn base_url(headers: &HeaderMap) -> String {
    format!("{}{PREFIX}", origin(headers))
}

/// `http(s)://host` of the request, from the `Host` header (and `X-Forwarded-Proto` behind a proxy).
pub fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https" || *p == "http")
        .unwrap_or("http");
    format!("{proto}://{host}")
}

/// `GET /v1.1`: the entity sets and the conformance classes this server implements.
pub async fn service_root(headers: HeaderMap) -> Json<JsonValue> {
    let base = base_url(&headers);
    let value: Vec<JsonValue> = Entity::ALL
        .iter()
        .map(|e| json!({"name": e.set_name(), "url": format!("{base}/{}", e.set_name())}))
        .collect();
    let req = "http://www.opengis.net/spec/iot_sensing/1.1/req";
    Json(json!({
        "value": value,
        "serverSettings": { "conformance": [
            format!("{req}/datamodel"),
            format!("{req}/resource-path/resource-path-to-entities"),
            format!("{req}/request-data"),
            format!("{req}/create-update-delete/create-entity"),
            "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data/geo",
        ]}
    }))
}

/// The raw query with `$top` / `$skip` replaced, for `@iot.nextLink`.
fn next_query(raw: &str, top: u64, skip: u64) -> String {
    let mut parts: Vec<&str> = raw
        .split('&')
        .filter(|p| {
            let key = p.split('=').next().unwrap_or("");
            let key = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
            !p.is_empty() && key != "$top" && key != "$skip"
        })
        .collect();
    let paging = format!("$top={top}&$skip={skip}");
    parts.push(&paging);
    parts.join("&")
}

/// `GET /v1.1/<resource path>?<query options>`.
pub async fn get_resource(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let base = base_url(&headers);
    let raw_path = uri.path().strip_prefix(PREFIX).unwrap_or("").to_string();
    let path = percent_encoding::percent_decode_str(&raw_path)
        .decode_utf8_lossy()
        .into_owned();
    let raw_query = uri.query().unwrap_or("").to_string();
    let opts: QueryOptions = parse_query(&raw_query)?;
    let coding = encode::negotiate(&headers);
    state
        .db
        .read(move |conn| -> Result<Response, ApiError> {
            match resolve(conn, &path)? {
                Target::Collection { entity, parent } => {
                    let page = list(conn, entity, &opts, parent)?;
                    let link = |top, skip| {
                        format!("{base}{raw_path}?{}", next_query(&raw_query, top, skip))
                    };
                    let v = collection_json(conn, &base, entity, page, &opts, link)?;
                    Ok(encode::json(&v, coding))
                }
                Target::Entity { entity, id } => {
                    let row = fetch_one(conn, entity, id)?
                        .ok_or_else(|| ApiError::not_found("entity vanished"))?;
                    Ok(encode::json(
                        &entity_json(conn, &base, entity, row, &opts)?,
                        coding,
                    ))
                }
                Target::Property {
                    entity,
                    id,
                    prop,
                    raw,
                } => {
                    let row = fetch_one(conn, entity, id)?
                        .ok_or_else(|| ApiError::not_found("entity vanished"))?;
                    let sel = QueryOptions {
                        select: Some(vec![prop.name.to_string()]),
                        ..Default::default()
                    };
                    let v = entity_json(conn, &base, entity, row, &sel)?;
                    let value = v.get(prop.name).cloned().unwrap_or(JsonValue::Null);
                    if raw {
                        let text = match value {
                            JsonValue::String(s) => s,
                            other => other.to_string(),
                        };
                        return Ok(
                            ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text)
                                .into_response(),
                        );
                    }
                    Ok(Json(json!({ prop.name: value })).into_response())
                }
            }
        })
        .await
}
