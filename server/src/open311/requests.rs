//! Public reads of reports: `GET requests.json`, `GET requests/{id}.json`, `GET tokens/{token}.json`.
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use rusqlite::OptionalExtension;
use serde_json::{json, Value};

use super::error::Open311Error;
use super::locale::Lang;
use super::query::Search;
use super::render::{Row, COLUMNS};
use super::{json_name, query_params};
use crate::sta::routes::origin;
use crate::AppState;

/// `GET /open311/v2/requests.json`.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, Open311Error> {
    let p = query_params(q.as_deref());
    let lang = Lang::choose(p.get("locale").map(String::as_str), &headers);
    let search = Search::parse(&p, crate::now_ms())?;
    let rows = state
        .db
        .read(move |c| search.run(c).map_err(Open311Error::from))
        .await?;
    let base = origin(&headers);
    Ok(Json(Value::Array(
        rows.iter().map(|r| r.to_json(&base, lang)).collect(),
    )))
}

/// `GET /open311/v2/requests/{id}.json`: a one-element array, as the spec shows.
pub async fn one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, Open311Error> {
    let not_found = || Open311Error::not_found("service_request_id: no such request");
    let id: i64 = json_name(&file)?.parse().map_err(|_| not_found())?;
    let p = query_params(q.as_deref());
    let lang = Lang::choose(p.get("locale").map(String::as_str), &headers);
    let row = state
        .db
        .read(move |c| {
            c.query_row(
                &format!("SELECT {COLUMNS} WHERE r.id = ?1"),
                [id],
                Row::from_sql,
            )
            .optional()
            .map_err(Open311Error::from)
        })
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(json!([row.to_json(&origin(&headers), lang)])))
}

/// `GET /open311/v2/tokens/{token}.json` → `[{"token", "service_request_id"}]`.
pub async fn token(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<Value>, Open311Error> {
    let token = json_name(&file)?;
    let t = token.clone();
    let id: i64 = state
        .db
        .read(move |c| {
            c.query_row(
                "SELECT id FROM open311_requests WHERE token = ?1",
                [t],
                |r| r.get(0),
            )
            .optional()
            .map_err(Open311Error::from)
        })
        .await?
        .ok_or_else(|| Open311Error::not_found("token: no such token"))?;
    Ok(Json(
        json!([{ "token": token, "service_request_id": id.to_string() }]),
    ))
}
