//! HTTP handlers of the read side: service root, collections, entities, properties.
use axum::extract::State;
use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value as JsonValue};

use crate::sta::cache::{Answer, Key, Turn};
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

/// `GET /v1.1/<resource path>?<query options>`. Collections and entities are served from the answer cache
/// while the database is unchanged (see [`crate::sta::cache`]); on a miss they are rendered and compressed
/// on a blocking thread and kept.
pub async fn get_resource(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let coding = encode::negotiate(&headers);
    let key = Key {
        origin: origin(&headers),
        target: uri.path_and_query().map_or("", |p| p.as_str()).to_string(),
        coding,
    };
    if let Some(answer) = state.answers.get(&key) {
        return Ok(encode::response(&answer));
    }
    // One render per key at a time: the others wait for it and then take the kept answer. If that is not
    // there (a commit landed meanwhile, or the render failed) they render for themselves.
    let _flight = match state.answers.join(&key) {
        Turn::Wait(mut done) => {
            // Ends when the render's flight is dropped (the sender goes away), whatever its outcome.
            let _ = done.changed().await;
            if let Some(answer) = state.answers.get(&key) {
                return Ok(encode::response(&answer));
            }
            None
        }
        Turn::Render(flight) => Some(flight),
        Turn::Alone => None,
    };
    // Read before the render's own read transaction starts, so any commit after it voids the answer.
    let version = state.answers.version();
    let base = format!("{}{PREFIX}", key.origin);
    let raw_path = uri.path().strip_prefix(PREFIX).unwrap_or("").to_string();
    let path = percent_encoding::percent_decode_str(&raw_path)
        .decode_utf8_lossy()
        .into_owned();
    let raw_query = uri.query().unwrap_or("").to_string();
    let opts: QueryOptions = parse_query(&raw_query)?;
    let rendered = state
        .db
        .read(move |conn| -> Result<Rendered, ApiError> {
            match resolve(conn, &path)? {
                Target::Collection { entity, parent } => {
                    let page = list(conn, entity, &opts, parent)?;
                    let link = |top, skip| {
                        format!("{base}{raw_path}?{}", next_query(&raw_query, top, skip))
                    };
                    let body = collection_json(conn, &base, entity, page, &opts, link)?;
                    Ok(Rendered::Kept(encode::encode(body, coding)))
                }
                Target::Entity { entity, id } => {
                    let row = fetch_one(conn, entity, id)?
                        .ok_or_else(|| ApiError::not_found("entity vanished"))?;
                    let body = entity_json(conn, &base, entity, row, &opts)?;
                    Ok(Rendered::Kept(encode::encode(body, coding)))
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
                    let body = entity_json(conn, &base, entity, row, &sel)?;
                    // Read back from the renderer's own output, which is always valid JSON.
                    let v: JsonValue = serde_json::from_slice(&body).unwrap_or_default();
                    let value = v.get(prop.name).cloned().unwrap_or(JsonValue::Null);
                    if raw {
                        let text = match value {
                            JsonValue::String(s) => s,
                            other => other.to_string(),
                        };
                        return Ok(Rendered::Once(
                            ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text)
                                .into_response(),
                        ));
                    }
                    Ok(Rendered::Once(
                        Json(json!({ prop.name: value })).into_response(),
                    ))
                }
            }
        })
        .await?;
    match rendered {
        Rendered::Kept(answer) => {
            let resp = encode::response(&answer);
            if let Some(v) = version {
                state.answers.put(v, key, answer);
            }
            Ok(resp)
        }
        Rendered::Once(resp) => Ok(resp),
    }
}

/// A rendered read answer: a collection or entity (kept in the answer cache) or a single property.
enum Rendered {
    /// JSON worth keeping.
    Kept(Answer),
    /// Served once as it is (properties are rare and tiny).
    Once(Response),
}
