//! The operator side (our extension): set a report's status, notes and responsible agency, over HTTP
//! (`POST requests/{id}/status` with the STA write token) or from the command line.
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use rusqlite::{params, Connection};
use serde_json::Value;

use super::error::Open311Error;
use super::locale::Lang;
use super::render::{Row, COLUMNS};
use crate::sta::routes::origin;
use crate::sta::write::auth::authorise;
use crate::AppState;

/// A status change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatusUpdate {
    /// `open` or `closed`.
    pub status: String,
    /// `status_notes` (unchanged when `None`).
    pub notes: Option<String>,
    /// `agency_responsible` (unchanged when `None`).
    pub agency: Option<String>,
}

impl StatusUpdate {
    /// Checks the fields (status required; notes ≤ 4000 and agency ≤ 200 characters).
    pub fn new(
        status: &str,
        notes: Option<String>,
        agency: Option<String>,
    ) -> Result<Self, Open311Error> {
        let status = status.trim();
        if status != "open" && status != "closed" {
            return Err(Open311Error::bad_request(
                "status: required, open or closed",
            ));
        }
        if notes.as_ref().is_some_and(|n| n.chars().count() > 4000) {
            return Err(Open311Error::bad_request(
                "status_notes: longer than 4000 characters",
            ));
        }
        if agency.as_ref().is_some_and(|a| a.chars().count() > 200) {
            return Err(Open311Error::bad_request(
                "agency_responsible: longer than 200 characters",
            ));
        }
        Ok(Self {
            status: status.to_string(),
            notes,
            agency,
        })
    }
}

/// Applies `u` to report `id` at time `now`; false when there is no such report.
pub fn apply(conn: &Connection, id: i64, u: &StatusUpdate, now: i64) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "UPDATE open311_requests SET status = ?2, status_notes = COALESCE(?3, status_notes),
         agency_responsible = COALESCE(?4, agency_responsible), updated_ms = ?5 WHERE id = ?1",
        params![id, u.status, u.notes, u.agency, now],
    )?;
    Ok(n == 1)
}

/// Reads `status`, `status_notes`, `agency_responsible` from a JSON object or a url-encoded form.
fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<StatusUpdate, Open311Error> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let pairs: Vec<(String, String)> = if is_json {
        let v: Value = serde_json::from_slice(body)
            .map_err(|e| Open311Error::bad_request(format!("body: not valid JSON: {e}")))?;
        let obj = v
            .as_object()
            .ok_or_else(|| Open311Error::bad_request("body: expected a JSON object"))?;
        obj.iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect()
    } else {
        form_urlencoded::parse(body).into_owned().collect()
    };
    let get = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    StatusUpdate::new(
        &get("status").unwrap_or_default(),
        get("status_notes"),
        get("agency_responsible"),
    )
}

/// `POST /open311/v2/requests/{id}/status` (bearer `QINGSHUI_WRITE_TOKEN`) → the updated report.
pub async fn update(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Open311Error> {
    authorise(&headers, state.write_token.as_deref())?;
    let not_found = || Open311Error::not_found("service_request_id: no such request");
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let u = parse_body(&headers, &body)?;
    let row = state
        .db
        .write(move |c| -> Result<Option<Row>, Open311Error> {
            if !apply(c, id, &u, crate::now_ms())? {
                return Ok(None);
            }
            Ok(Some(c.query_row(
                &format!("SELECT {COLUMNS} WHERE r.id = ?1"),
                [id],
                Row::from_sql,
            )?))
        })
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(serde_json::json!([
        row.to_json(&origin(&headers), Lang::Zh)
    ])))
}

/// `qingshui-server report-status <id> <open|closed> [notes]` on the database at `db_path`.
pub fn cli(
    db_path: &std::path::Path,
    args: &[String],
) -> Result<String, Box<dyn std::error::Error>> {
    let usage = "usage: qingshui-server report-status <id> <open|closed> [notes]";
    let (Some(id), Some(status)) = (args.first(), args.get(1)) else {
        return Err(usage.into());
    };
    let id: i64 = id
        .parse()
        .map_err(|_| format!("'{id}' is not a request id; {usage}"))?;
    let notes = (args.len() > 2).then(|| args[2..].join(" "));
    let u = StatusUpdate::new(status, notes, None)?;
    let db = crate::db::Db::open(db_path)?;
    db.with_writer(|w| w.execute_batch(crate::db::reports::TABLES))?;
    if !db.with_writer(|w| apply(w, id, &u, crate::now_ms()))? {
        return Err(format!("no report {id} in {}", db_path.display()).into());
    }
    Ok(format!("report {id} is now {}", u.status))
}
