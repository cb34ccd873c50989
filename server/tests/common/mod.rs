//! Shared helpers of the server integration tests: an in-process app over a temporary database.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use qingshui_server::{app, open_state, AppState, Config};
use serde_json::Value;
use tower::ServiceExt;

/// Write token used by the fixtures.
pub const TOKEN: &str = "test-token-123";

/// A state over a fresh database in its own temp dir (kept alive by the returned guard).
pub fn state(stations: u32, token: Option<&str>, now: &str) -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.sqlite");
    let token = token.map(str::to_string);
    let now = now.to_string();
    let cfg = Config::from_lookup(|k| match k {
        "QINGSHUI_DB" => Some(db.display().to_string()),
        "QINGSHUI_DEMO_STATIONS" => Some(stations.to_string()),
        "QINGSHUI_WRITE_TOKEN" => token.clone(),
        "QINGSHUI_DEMO_NOW" => Some(now.clone()),
        _ => None,
    })
    .expect("config");
    (open_state(&cfg).expect("open"), dir)
}

/// Percent-encodes a query string the way a browser would (spaces, quotes, non-ASCII).
pub fn enc(q: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'<')
        .add(b'>')
        .add(b'\'')
        .add(b'+');
    percent_encoding::utf8_percent_encode(q, SET).to_string()
}

/// `GET uri` → (status, JSON body or Null).
pub async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let req = Request::get(uri)
        .header(header::HOST, "test.local")
        .body(Body::empty())
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes)
            .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into())),
    )
}

/// `GET` with the query percent-encoded.
pub async fn get_q(app: &Router, path: &str, query: &str) -> (StatusCode, Value) {
    get(app, &format!("{path}?{}", enc(query))).await
}

/// `POST uri` with an optional bearer token.
pub async fn post(
    app: &Router,
    uri: &str,
    token: Option<&str>,
    body: &str,
) -> (StatusCode, HeaderMap, Value) {
    let mut req = Request::post(uri)
        .header(header::HOST, "test.local")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Ids of a collection answer, in order.
pub fn ids(v: &Value) -> Vec<i64> {
    v["value"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t["@iot.id"].as_i64()).collect())
        .unwrap_or_default()
}

/// A small hand-made city through the create API: four Things with known names, places and readings.
/// Returns the app and the Thing ids in creation order (Alpha, Beta, Gamma, Delta).
pub async fn fixture() -> (Router, Vec<i64>, tempfile::TempDir) {
    let (st, dir) = state(0, Some(TOKEN), "2026-11-28T08:00:00Z");
    let app = app(st);
    let things = [
        ("Alpha Creek", "Alpha", 3, 106.55, 29.55),
        ("Beta River", "Beta", 7, 106.60, 29.60),
        ("Gamma Lake", "Gamma", 12, 107.39, 29.70),
        ("  delta o'brien ", "Delta", 5, 108.40, 30.80),
    ];
    let mut out = Vec::new();
    for (i, (name, en, depth, lon, lat)) in things.iter().enumerate() {
        let target = ["II", "III", "IV", "II"][i];
        let body = serde_json::json!({
            "name": name, "description": format!("{en} station"),
            "properties": {"nameEn": en, "depth": depth, "targetClass": target},
            "Locations": [{"name": en, "description": "p", "encodingType": "application/geo+json",
                           "location": {"type": "Point", "coordinates": [lon, lat]}}],
            "Datastreams": [
                {"name": format!("{en} pH"), "description": "pH", "unitOfMeasurement": {"name": "pH", "symbol": "", "definition": "x"},
                 "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
                 "Sensor": {"name": "probe", "description": "p", "encodingType": "text/plain", "metadata": "m"},
                 "ObservedProperty": {"name": "pH", "definition": "http://vocabs.lter-europe.net/EnvThes/22031", "description": "pH"}},
                {"name": format!("{en} DO"), "description": "DO", "unitOfMeasurement": {"name": "mg/L", "symbol": "mg/L", "definition": "x"},
                 "Sensor": {"name": "oxy", "description": "p", "encodingType": "text/plain", "metadata": "m"},
                 "ObservedProperty": {"name": "Dissolved Oxygen", "definition": "x", "description": "DO"}}
            ]
        });
        let (s, _, v) = post(&app, "/v1.1/Things", Some(TOKEN), &body.to_string()).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let id = v["@iot.id"].as_i64().unwrap();
        let (_, ds) = get(&app, &format!("/v1.1/Things({id})/Datastreams")).await;
        for (k, d) in ids(&ds).into_iter().enumerate() {
            for h in 0..3 {
                let t = format!("2026-11-28T0{}:00:00Z", 2 + 3 * h);
                let obs = serde_json::json!({"phenomenonTime": t, "result": (i * 10 + k * 3 + h) as f64 + 0.5});
                let (s, _, v) = post(
                    &app,
                    &format!("/v1.1/Datastreams({d})/Observations"),
                    Some(TOKEN),
                    &obs.to_string(),
                )
                .await;
                assert_eq!(s, StatusCode::CREATED, "{v}");
            }
        }
        out.push(id);
    }
    (app, out, dir)
}
