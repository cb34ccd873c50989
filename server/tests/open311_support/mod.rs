//! Shared helpers of the Open311 integration tests: an in-process app over a temporary database.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use qingshui_server::{app, open_state, Config};
use serde_json::Value;
use tower::ServiceExt;

/// Write token used by the fixtures.
pub const TOKEN: &str = "operator-token-1";

/// An app over a fresh empty database; `env` adds or overrides variables. The guard keeps the dir alive.
pub fn app_with(env: &[(&str, &str)]) -> (Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.sqlite").display().to_string();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let cfg = Config::from_lookup(|k| {
        if let Some((_, v)) = env.iter().find(|(n, _)| n == k) {
            return Some(v.clone());
        }
        match k {
            "QINGSHUI_DB" => Some(db.clone()),
            "QINGSHUI_DEMO_STATIONS" => Some("0".into()),
            "QINGSHUI_WRITE_TOKEN" => Some(TOKEN.into()),
            _ => None,
        }
    })
    .expect("config");
    (app(open_state(&cfg).expect("open")), dir)
}

/// The default app: no api key, 24 h response target.
pub fn app_default() -> (Router, tempfile::TempDir) {
    app_with(&[])
}

/// The answer of one request: status, headers, raw body, and the body as JSON (Null when not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
    pub json: Value,
}

/// Sends `req` (a `Host` header is added) and collects the answer.
pub async fn send(app: &Router, mut req: Request<Body>) -> Answer {
    req.headers_mut()
        .insert(header::HOST, "test.local".parse().unwrap());
    let resp = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        bytes,
        json,
    }
}

/// `GET uri` with optional extra headers.
pub async fn get(app: &Router, uri: &str, extra: &[(&str, &str)]) -> Answer {
    let mut b = Request::get(uri);
    for (k, v) in extra {
        b = b.header(*k, *v);
    }
    send(app, b.body(Body::empty()).unwrap()).await
}

/// Percent-encodes form fields as `application/x-www-form-urlencoded`.
pub fn form(fields: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// `POST uri` with a url-encoded form and optional extra headers.
pub async fn post_form(
    app: &Router,
    uri: &str,
    fields: &[(&str, &str)],
    extra: &[(&str, &str)],
) -> Answer {
    let mut b =
        Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (k, v) in extra {
        b = b.header(*k, *v);
    }
    send(app, b.body(Body::from(form(fields))).unwrap()).await
}

/// Submits a report through `POST requests.json`, asserts 201 and returns its id.
pub async fn submit(app: &Router, fields: &[(&str, &str)]) -> String {
    let a = post_form(app, "/open311/v2/requests.json", fields, &[]).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    a.json[0]["service_request_id"]
        .as_str()
        .expect("string id")
        .to_string()
}

/// The error code and description of an Open311 error answer (asserting its shape).
pub fn error_of(a: &Answer) -> (u64, String) {
    let e = &a.json[0];
    assert_eq!(a.json.as_array().map(Vec::len), Some(1), "{}", a.json);
    assert_eq!(e["code"].as_u64(), Some(u64::from(a.status.as_u16())));
    (
        e["code"].as_u64().unwrap(),
        e["description"].as_str().unwrap().to_string(),
    )
}
