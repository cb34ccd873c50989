//! Shared helpers of the hardening tests: the whole application as `main` builds it (API, static app and
//! every hardening layer) over a temporary empty database and a small temporary `dist/`.
#![allow(dead_code)]

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use qingshui_server::{build_app, Config};
use serde_json::Value;
use tower::ServiceExt;

/// The inline bootstrap of the test `index.html` (the shape `scripts/build.sh` produces).
pub const BOOT: &str = "import init from '/qingshui-0123abcd.js'; init();";
/// An inline style block of the test `index.html`.
pub const STYLE: &str = "\n  body { margin: 0 }\n";

/// A running application and the temp dir holding its database and `dist/`.
pub struct Site {
    pub app: Router,
    pub dir: tempfile::TempDir,
}

/// The application with `env` added to (or overriding) the test defaults: empty demo city, a write
/// token, and a `dist/` whose `index.html` carries [`BOOT`] and [`STYLE`] inline.
pub async fn site(env: &[(&str, &str)]) -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let index = format!(
        "<!doctype html><html><head><script src=\"/x.js\"></script>\
         <script type=\"module\">{BOOT}</script><STYLE>{STYLE}</STYLE></head><body></body></html>"
    );
    std::fs::write(dist.join("index.html"), index).unwrap();
    std::fs::write(dist.join("main-89abcdef.css"), "body{color:black}").unwrap();
    let db = dir.path().join("t.sqlite").display().to_string();
    let dist = dist.display().to_string();
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
            "QINGSHUI_DIST" => Some(dist.clone()),
            "QINGSHUI_DEMO_STATIONS" => Some("0".into()),
            "QINGSHUI_WRITE_TOKEN" => Some("tok".into()),
            _ => None,
        }
    })
    .expect("config");
    let app = build_app(cfg).await.expect("build_app");
    Site { app, dir }
}

/// What came back.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub json: Value,
}

impl Answer {
    /// A header as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("", |v| v.to_str().expect("ASCII header"))
    }
}

/// Sends `req` as if from `peer` (a `Host` header is added).
pub async fn send_from(app: &Router, peer: SocketAddr, mut req: Request<Body>) -> Answer {
    req.headers_mut()
        .insert(header::HOST, "test.local".parse().unwrap());
    req.extensions_mut().insert(ConnectInfo(peer));
    let resp = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
        json,
    }
}

/// The default test client address.
pub fn client() -> SocketAddr {
    "192.0.2.10:40000".parse().unwrap()
}

/// `GET uri` from [`client`] with extra headers.
pub async fn get(app: &Router, uri: &str, extra: &[(&str, &str)]) -> Answer {
    let mut b = Request::get(uri);
    for (k, v) in extra {
        b = b.header(*k, *v);
    }
    send_from(app, client(), b.body(Body::empty()).unwrap()).await
}

/// A valid url-encoded report.
pub fn report_form() -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("service_code", "other"),
            ("address_string", "朝天门码头"),
            ("description", "rubbish"),
        ])
        .finish()
}

/// `POST requests.json` with a valid report from `peer`.
pub async fn post_report(app: &Router, peer: SocketAddr) -> Answer {
    let req = Request::post("/open311/v2/requests.json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(report_form()))
        .unwrap();
    send_from(app, peer, req).await
}
