//! Shared helpers of the property tests: the whole application as `main` builds it (API, static app,
//! hardening layers) over a small temporary demo city, a runtime to drive it from proptest's synchronous
//! closures, and the checks that an answer is a success or a well-formed error of its API.
#![allow(dead_code)]

pub mod gen;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use proptest::test_runner::Config as ProptestConfig;
use qingshui_server::{build_app, Config};
use serde_json::Value;
use tower::ServiceExt;

/// proptest settings: `default_cases` unless `PROPTEST_CASES` is set (so a long run is one variable away),
/// and no regression files written into the source tree (a failure prints its minimal input instead).
pub fn config(default_cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = default_cases;
    }
    c.failure_persistence = None;
    c
}

/// A running application over its own temp dir (database, `dist/`, media).
pub struct Site {
    /// The whole router.
    pub app: Router,
    /// Drives the router from synchronous test code.
    pub rt: tokio::runtime::Runtime,
    /// Keeps the files alive.
    pub dir: tempfile::TempDir,
}

/// The application over a new database with `stations` demo stations (pinned clock), a `dist/` with an
/// `index.html`, rate limits off, writes allowed with token `tok`.
pub fn site(stations: u32) -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html><body>app</body></html>",
    )
    .unwrap();
    let db = dir.path().join("t.sqlite").display().to_string();
    let dist = dist.display().to_string();
    let stations = stations.to_string();
    let cfg = Config::from_lookup(|k| match k {
        "QINGSHUI_DB" => Some(db.clone()),
        "QINGSHUI_DIST" => Some(dist.clone()),
        "QINGSHUI_DEMO_STATIONS" => Some(stations.clone()),
        "QINGSHUI_DEMO_NOW" => Some("2026-11-28T08:00:00Z".into()),
        "QINGSHUI_WRITE_TOKEN" => Some("tok".into()),
        "QINGSHUI_RATE_REPORTS_PER_MIN" | "QINGSHUI_RATE_QUERIES_PER_SEC" => Some("0".into()),
        _ => None,
    })
    .expect("config");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let app = rt.block_on(build_app(cfg)).expect("build_app");
    Site { app, rt, dir }
}

/// What came back.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The body as (lossy) text, for failure messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body[..self.body.len().min(600)]).into_owned()
    }
}

impl Site {
    /// Sends `req` through the whole router.
    pub fn send(&self, req: Request<Body>) -> Answer {
        self.rt.block_on(async {
            let resp = self.app.clone().oneshot(req).await.unwrap();
            let (status, headers) = (resp.status(), resp.headers().clone());
            let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
                .await
                .unwrap()
                .to_vec();
            Answer {
                status,
                headers,
                body,
            }
        })
    }
}

/// Checks a SensorThings answer: 200 with a JSON body, or a 4xx whose body is the API's error object
/// `{"code": status, "type": "error", "message": "…"}`. Returns a description of what is wrong.
pub fn sta_answer_ok(a: &Answer) -> Result<(), String> {
    let json = a.json();
    if a.status == StatusCode::OK {
        return if json.is_object() {
            Ok(())
        } else {
            Err(format!("200 without a JSON object: {}", a.text()))
        };
    }
    if !a.status.is_client_error() {
        return Err(format!("status {}: {}", a.status, a.text()));
    }
    let ok = json["code"] == a.status.as_u16()
        && json["type"] == "error"
        && json["message"].as_str().is_some_and(|m| !m.is_empty());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{} without the JSON error object: {}",
            a.status,
            a.text()
        ))
    }
}

/// Checks an Open311 `POST requests.json` answer: 201 with `[{"service_request_id", "token", …}]`, or a
/// 4xx whose body is `[{"code": status, "description": "…"}]`.
pub fn open311_answer_ok(a: &Answer) -> Result<(), String> {
    let json = a.json();
    if a.status == StatusCode::CREATED {
        let ok = json[0]["service_request_id"]
            .as_str()
            .is_some_and(|id| id.parse::<i64>().is_ok())
            && json[0]["token"].is_string();
        return if ok {
            Ok(())
        } else {
            Err(format!("201 without the report array: {}", a.text()))
        };
    }
    if !a.status.is_client_error() {
        return Err(format!("status {}: {}", a.status, a.text()));
    }
    let ok = json.as_array().is_some_and(|v| v.len() == 1)
        && json[0]["code"] == a.status.as_u16()
        && json[0]["description"]
            .as_str()
            .is_some_and(|d| !d.is_empty());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{} without the Open311 error array: {}",
            a.status,
            a.text()
        ))
    }
}

/// Percent-encodes everything but unreserved characters and the ones query syntax needs raw (`$ & = ( ) ,
/// ; / ' @ .`), as a careful client would.
pub fn enc_query_value(s: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'$')
        .remove(b'(')
        .remove(b')')
        .remove(b',')
        .remove(b';')
        .remove(b'/')
        .remove(b'\'')
        .remove(b'@')
        .remove(b'.')
        .remove(b'-')
        .remove(b'_')
        .remove(b'=');
    percent_encoding::utf8_percent_encode(s, SET).to_string()
}
