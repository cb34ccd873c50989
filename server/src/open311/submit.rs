//! `POST requests.json`: a url-encoded form (GeoReport v2) or the same fields as multipart with photos.
//! The report is committed with `synchronous=FULL` before the answer, and a repeated request with the same
//! idempotency key gets the original answer instead of a second report.
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::error::Open311Error;
use super::locale::Lang;
use super::media::{read_multipart, MediaGuard};
use super::validate::{check_attributes, parse_fields, NewRequest};
use super::{query_params, services, Settings, MAX_FORM};
use crate::AppState;

/// Reads a url-encoded body of at most [`MAX_FORM`] bytes, counting as it goes.
async fn read_form(body: Body) -> Result<Vec<(String, String)>, Open311Error> {
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| Open311Error::bad_request(format!("body: {e}")))?;
        if buf.len() + chunk.len() > MAX_FORM {
            return Err(Open311Error::too_large(format!(
                "a form without photos may be at most {} KiB",
                MAX_FORM / 1024
            )));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(form_urlencoded::parse(&buf).into_owned().collect())
}

/// The idempotency key: the `Idempotency-Key` header, else `device_id` + `client_token`.
fn idempotency_key(headers: &HeaderMap, r: &NewRequest) -> Result<Option<String>, Open311Error> {
    if let Some(v) = headers.get("idempotency-key") {
        let v = v
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 200)
            .ok_or_else(|| {
                Open311Error::bad_request("Idempotency-Key: 1 to 200 visible ASCII characters")
            })?;
        return Ok(Some(format!("h:{v}")));
    }
    Ok(match (&r.contact.device_id, &r.client_token) {
        (Some(d), Some(t)) => Some(format!("d:{d}\n{t}")),
        _ => None,
    })
}

/// What the database answered for one submission.
struct Stored {
    id: i64,
    token: String,
    expected_hours: i64,
    replayed: bool,
}

/// The `service_notice` text: the city's response target.
pub fn notice(lang: Lang, hours: i64) -> String {
    match lang {
        Lang::Zh => format!("已收到您的报告，我们将在{hours}小时内处理。"),
        Lang::En => format!("Thank you. The city aims to respond within {hours} hours."),
    }
}

fn random_token() -> Result<String, Open311Error> {
    let mut b = [0u8; 12];
    getrandom::fill(&mut b).map_err(Open311Error::internal)?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Validates against the service and inserts report + contact in one transaction (or finds the original).
fn store(
    tx: &rusqlite::Transaction<'_>,
    r: &NewRequest,
    key: Option<&str>,
    media: &[String],
    settings: &Settings,
    now: i64,
) -> Result<Stored, Open311Error> {
    if let Some(k) = key {
        let found = tx
            .query_row(
                "SELECT id, token, expected_ms - requested_ms FROM open311_requests WHERE idempotency_key = ?1",
                [k],
                |row| Ok((row.get(0)?, row.get(1)?, row.get::<_, i64>(2)?)),
            )
            .optional()?;
        if let Some((id, token, ms)) = found {
            return Ok(Stored {
                id,
                token,
                expected_hours: ms / 3_600_000,
                replayed: true,
            });
        }
    }
    let service = services::load_one(tx, &r.service_code, Lang::Zh)?.ok_or_else(|| {
        Open311Error::bad_request(format!("service_code: no service '{}'", r.service_code))
    })?;
    let attrs = check_attributes(&service, &r.attributes)?;
    let token = random_token()?;
    tx.execute(
        "INSERT INTO open311_requests (service_code, description, lat, lon, address, attributes,
         requested_ms, updated_ms, expected_ms, media, external_media_url, token, idempotency_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            r.service_code,
            r.description,
            r.position.map(|p| p.lat),
            r.position.map(|p| p.lon),
            r.address,
            serde_json::Value::Object(attrs).to_string(),
            now,
            now + settings.response_ms,
            serde_json::to_string(media).unwrap_or_else(|_| "[]".into()),
            r.media_url,
            token,
            key,
        ],
    )?;
    let id = tx.last_insert_rowid();
    let c = &r.contact;
    if !c.is_empty() {
        tx.execute(
            "INSERT INTO open311_contacts (request_id, email, first_name, last_name, phone, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, c.email, c.first_name, c.last_name, c.phone, c.device_id],
        )?;
    }
    Ok(Stored {
        id,
        token,
        expected_hours: settings.response_ms / 3_600_000,
        replayed: false,
    })
}

/// Runs [`store`] in a transaction whose commit is fully synced (a resident's report must survive a crash
/// once they were told it arrived); the connection goes back to the pool's usual `NORMAL` afterwards.
fn store_durably(
    conn: &mut Connection,
    r: &NewRequest,
    key: Option<&str>,
    media: &[String],
    settings: &Settings,
) -> Result<Stored, Open311Error> {
    conn.execute_batch("PRAGMA synchronous=FULL")?;
    let result = (|| {
        let tx = conn.transaction()?;
        let stored = store(&tx, r, key, media, settings, crate::now_ms())?;
        tx.commit()?;
        Ok(stored)
    })();
    conn.execute_batch("PRAGMA synchronous=NORMAL")?;
    result
}

/// `POST /open311/v2/requests.json`.
pub async fn submit(State(state): State<AppState>, req: Request) -> Result<Response, Open311Error> {
    let headers = req.headers().clone();
    let query = query_params(req.uri().query());
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/x-www-form-urlencoded")
        .to_ascii_lowercase();
    let mut guard = MediaGuard::default();
    let fields = if content_type.starts_with("multipart/form-data") {
        let mp = Multipart::from_request(req, &state)
            .await
            .map_err(|e| Open311Error::bad_request(format!("multipart body: {}", e.body_text())))?;
        read_multipart(mp, &state.open311.media_dir, &mut guard).await?
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        read_form(req.into_body()).await?
    } else {
        return Err(Open311Error::unsupported(
            "Content-Type: use application/x-www-form-urlencoded or multipart/form-data",
        ));
    };
    let mut r = parse_fields(&fields)?;
    if r.api_key.is_none() {
        r.api_key = query.get("api_key").cloned();
    }
    if let Some(expected) = state.open311.api_key.as_deref() {
        let given = r.api_key.as_deref().unwrap_or("");
        if !crate::sta::write::auth::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return Err(Open311Error::forbidden("api_key: missing or not valid"));
        }
    }
    let key = idempotency_key(&headers, &r)?;
    let locale = r.locale.clone().or_else(|| query.get("locale").cloned());
    let lang = Lang::choose(locale.as_deref(), &headers);
    let media = guard.names();
    let settings = state.open311.clone();
    let stored = state
        .db
        .write(move |conn| store_durably(conn, &r, key.as_deref(), &media, &settings))
        .await?;
    if stored.replayed {
        drop(guard); // this attempt's uploads duplicate the original's
    } else {
        guard.keep();
    }
    let body = json!([{
        "service_request_id": stored.id.to_string(),
        "service_notice": notice(lang, stored.expected_hours),
        "account_id": null,
        "token": stored.token,
    }]);
    let mut resp = (StatusCode::CREATED, Json(body)).into_response();
    if stored.replayed {
        resp.headers_mut().insert(
            "idempotent-replayed",
            header::HeaderValue::from_static("true"),
        );
    }
    Ok(resp)
}
