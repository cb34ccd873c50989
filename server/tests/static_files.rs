//! The static app server: encoding negotiation (RFC 9110 §12.5.3), caching (§8.8.3 ETag, §13.1.2
//! If-None-Match), SPA fallback, and that no request escapes `dist/`.

use std::io::Read;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use qingshui_server::static_files::StaticFiles;
use tower::ServiceExt;

const WASM: &str = "qingshui_bg-3f9a1c2b7d.wasm";

struct Site {
    _tmp: tempfile::TempDir,
    app: Router,
    index: Vec<u8>,
    wasm: Vec<u8>,
}

fn site() -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    std::fs::create_dir_all(dist.join("sub")).unwrap();
    // The secret lies next to dist/: a traversal would reach it.
    std::fs::write(tmp.path().join("secret.txt"), "TOP SECRET").unwrap();
    let index = "<!doctype html><title>清水</title>".repeat(50).into_bytes();
    let wasm: Vec<u8> = (0..20_000u32).map(|i| (i % 7) as u8).collect();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("index.html", index.clone()),
        (WASM, wasm.clone()),
        (
            "qingshui-0123abcd.js",
            b"export default function init() {}\n".repeat(20),
        ),
        ("main.89abcdef.css", b"body { color: black; }\n".repeat(20)),
        ("app-1234567.js", b"console.log(1);\n".repeat(20)),
        (
            "config.json",
            br#"{"sta_url":"/v1.1","nearby_count":10}"#.repeat(5),
        ),
        ("tiny.txt", b"a".to_vec()),
        ("logo.png", vec![0x89, b'P', b'N', b'G', 0, 0, 0, 0]),
        ("sub/index.html", b"<p>sub</p>".to_vec()),
    ];
    for (name, bytes) in files {
        std::fs::write(dist.join(name), bytes).unwrap();
    }
    let app = StaticFiles::load(&dist).unwrap().router();
    Site {
        _tmp: tmp,
        app,
        index,
        wasm,
    }
}

async fn get(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, header::HeaderMap, Vec<u8>) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts.status, parts.headers, bytes.to_vec())
}

fn h(headers: &header::HeaderMap, name: header::HeaderName) -> &str {
    headers.get(name).map_or("", |v| v.to_str().unwrap())
}

fn decode(encoding: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        "br" => brotli::Decompressor::new(body, 4096)
            .read_to_end(&mut out)
            .unwrap(),
        "gzip" => flate2::read::GzDecoder::new(body)
            .read_to_end(&mut out)
            .unwrap(),
        _ => return body.to_vec(),
    };
    out
}

#[tokio::test]
async fn negotiates_encoding() {
    let s = site();
    let cases = [
        (None, ""),
        (Some("br, gzip, deflate"), "br"),
        (Some("gzip, deflate"), "gzip"),
        (Some("gzip;q=1.0, br;q=0.5"), "gzip"),
        (Some("br;q=0, gzip"), "gzip"),
        (Some("br;q=0"), ""),
        (Some("*"), "br"),
        (Some("identity"), ""),
        (Some("deflate"), ""),
    ];
    for (accept, want) in cases {
        let hdrs: Vec<(&str, &str)> = accept.map(|a| ("accept-encoding", a)).into_iter().collect();
        let (status, headers, body) = get(&s.app, Method::GET, &format!("/{WASM}"), &hdrs).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(h(&headers, header::CONTENT_ENCODING), want, "{accept:?}");
        assert_eq!(h(&headers, header::VARY), "accept-encoding");
        assert_eq!(h(&headers, header::CONTENT_LENGTH), body.len().to_string());
        assert_eq!(decode(want, &body), s.wasm, "{accept:?}");
        if !want.is_empty() {
            assert!(body.len() < s.wasm.len());
        }
    }
    // Compression that would not save bytes is not kept, so nothing varies.
    let (_, headers, body) = get(
        &s.app,
        Method::GET,
        "/tiny.txt",
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(
        (
            h(&headers, header::CONTENT_ENCODING),
            h(&headers, header::VARY)
        ),
        ("", "")
    );
    assert_eq!(body, b"a");
}

#[tokio::test]
async fn content_types_and_cache_control() {
    let s = site();
    let immutable = "public, max-age=31536000, immutable";
    let cases = [
        ("/", "text/html; charset=utf-8", "no-cache"),
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
        (&format!("/{WASM}") as &str, "application/wasm", immutable),
        (
            "/qingshui-0123abcd.js",
            "text/javascript; charset=utf-8",
            immutable,
        ),
        ("/main.89abcdef.css", "text/css; charset=utf-8", immutable),
        (
            "/app-1234567.js",
            "text/javascript; charset=utf-8",
            "no-cache",
        ),
        ("/config.json", "application/json", "no-cache"),
        ("/tiny.txt", "text/plain; charset=utf-8", "no-cache"),
        ("/logo.png", "image/png", "no-cache"),
        ("/sub/", "text/html; charset=utf-8", "no-cache"),
    ];
    for (uri, ctype, cache) in cases {
        let (status, headers, _) = get(&s.app, Method::GET, uri, &[]).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(h(&headers, header::CONTENT_TYPE), ctype, "{uri}");
        assert_eq!(h(&headers, header::CACHE_CONTROL), cache, "{uri}");
    }
}

#[tokio::test]
async fn etag_revalidation_and_head() {
    let s = site();
    let (_, headers, _) = get(&s.app, Method::GET, "/index.html", &[]).await;
    let etag = h(&headers, header::ETAG).to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() > 10,
        "{etag}"
    );
    let (_, br_headers, _) = get(
        &s.app,
        Method::GET,
        "/index.html",
        &[("accept-encoding", "br")],
    )
    .await;
    let br_etag = h(&br_headers, header::ETAG).to_owned();
    assert_ne!(br_etag, etag, "each encoding is its own representation");

    for inm in [
        etag.clone(),
        br_etag,
        format!("W/{etag}"),
        format!("\"x\", {etag}"),
        "*".to_owned(),
    ] {
        let (status, headers, body) = get(
            &s.app,
            Method::GET,
            "/index.html",
            &[("if-none-match", &inm)],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{inm}");
        assert!(body.is_empty());
        assert!(!h(&headers, header::ETAG).is_empty());
    }
    let (status, _, body) = get(
        &s.app,
        Method::GET,
        "/index.html",
        &[("if-none-match", "\"stale\"")],
    )
    .await;
    assert_eq!((status, body), (StatusCode::OK, s.index.clone()));

    let (status, headers, body) = get(&s.app, Method::HEAD, "/index.html", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.is_empty());
    assert_eq!(
        h(&headers, header::CONTENT_LENGTH),
        s.index.len().to_string()
    );
}

#[tokio::test]
async fn spa_fallback_and_not_found() {
    let s = site();
    for uri in ["/station/17", "/station/abc", "/v1.1x/page"] {
        let (status, headers, body) = get(&s.app, Method::GET, uri, &[]).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(h(&headers, header::CACHE_CONTROL), "no-cache");
        assert_eq!(body, s.index, "{uri}");
    }
    for uri in [
        "/missing.js",
        "/sub/gone.wasm",
        "/v1.1",
        "/v1.1/Things(999)",
        "/open311/requests",
    ] {
        let (status, _, _) = get(&s.app, Method::GET, uri, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
    let (status, headers, _) = get(&s.app, Method::POST, "/station/1", &[]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(h(&headers, header::ALLOW), "GET, HEAD");
}

#[tokio::test]
async fn traversal_never_escapes_dist() {
    let s = site();
    for uri in [
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/sub/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/secret.txt%00.html",
        "/%ff%fe",
        "/./index.html",
    ] {
        let (status, _, body) = get(&s.app, Method::GET, uri, &[]).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::NOT_FOUND,
            "{uri}: {status}"
        );
        assert!(!String::from_utf8_lossy(&body).contains("SECRET"), "{uri}");
    }
}

#[tokio::test]
async fn missing_dist_answers_503_with_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let files = StaticFiles::load(&tmp.path().join("nope")).unwrap();
    assert!(!files.is_built() && files.is_empty());
    let app = files.router();
    let (status, headers, body) = get(&app, Method::GET, "/", &[]).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        h(&headers, header::CONTENT_TYPE),
        "text/plain; charset=utf-8"
    );
    assert!(String::from_utf8(body).unwrap().contains("make build"));
    let (status, _, _) = get(&app, Method::GET, "/v1.1/Things", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn loads_nested_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("a/b")).unwrap();
    std::fs::write(tmp.path().join("a/b/c.txt"), "x").unwrap();
    std::fs::write(tmp.path().join("index.html"), "x").unwrap();
    let files = StaticFiles::load(Path::new(tmp.path())).unwrap();
    assert!(files.is_built());
    assert_eq!(files.len(), 2);
}

/// A station link's page names the station's data request (`Link: rel=preload`), so the browser fetches it beside
/// the app's code; the URL is the client's own (`core::sta::urls::station_page`) at the server's clock.
#[tokio::test]
async fn station_pages_hint_their_data_request() {
    use qingshui_core::sta::{urls, IotId};
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("index.html"), "<!doctype html>").unwrap();
    std::fs::write(tmp.path().join("app-0123abcd.js"), "0").unwrap();
    std::fs::write(tmp.path().join("config.json"), r#"{"sta_url":"/v1.1"}"#).unwrap();
    let at = qingshui_core::time::parse("2026-11-28T08:20:00Z").unwrap();
    let app = StaticFiles::load(tmp.path())
        .unwrap()
        .with_clock(Some(at))
        .router();
    let want = format!(
        "<{}>; rel=preload; as=fetch; crossorigin",
        urls::station_page("/v1.1", &IotId::Num(17), at)
    );
    let (status, headers, _) = get(&app, Method::GET, "/station/17", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h(&headers, header::LINK), want);
    let etag = h(&headers, header::ETAG).to_owned();
    // A revalidated page keeps the headers of the 304: it must carry this hour's hint, not the stored one.
    let (status, headers, _) = get(
        &app,
        Method::GET,
        "/station/17",
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(h(&headers, header::LINK), want);
    let (_, headers, _) = get(&app, Method::HEAD, "/station/17", &[]).await;
    assert_eq!(h(&headers, header::LINK), want);
    for uri in [
        "/",
        "/report",
        "/station/",
        "/index.html",
        "/app-0123abcd.js",
        "/config.json",
    ] {
        let (_, headers, _) = get(&app, Method::GET, uri, &[]).await;
        assert!(headers.get(header::LINK).is_none(), "{uri}");
    }
}

/// A report's page names its status request in the language the app will pick from the browser's first
/// preference, and says that the page varies with `Accept-Language`; a station's page does not vary so.
#[tokio::test]
async fn report_pages_hint_their_status_request_by_language() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("index.html"), "<!doctype html>".repeat(40)).unwrap();
    std::fs::write(tmp.path().join("config.json"), r#"{"sta_url":"/v1.1"}"#).unwrap();
    let app = StaticFiles::load(tmp.path()).unwrap().router();
    for (accept, locale) in [
        ("en-GB,en;q=0.9,zh;q=0.5", "en"),
        ("zh-CN,zh;q=0.9", "zh-CN"),
    ] {
        let (status, headers, _) = get(
            &app,
            Method::GET,
            "/request/42",
            &[("accept-language", accept), ("accept-encoding", "br")],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            h(&headers, header::LINK),
            format!("</open311/v2/requests/42.json?locale={locale}>; rel=preload; as=fetch; crossorigin")
        );
        assert_eq!(
            h(&headers, header::VARY),
            "accept-encoding, accept-language"
        );
    }
    let (_, headers, _) = get(
        &app,
        Method::GET,
        "/station/3",
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(h(&headers, header::VARY), "accept-encoding");
    let (_, headers, _) = get(&app, Method::GET, "/request/", &[]).await;
    assert!(headers.get(header::LINK).is_none());
}
