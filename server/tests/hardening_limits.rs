//! Request limits: over-long URIs (RFC 9110 §15.5.15, 414), answers that take too long (§15.5.9, 408),
//! per-route body limits (§15.5.14, 413), and the header read timeout of the connection loop.
mod hardening_support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::routing::{get as get_route, post as post_route};
use axum::Router;
use hardening_support::{client, get, send_from, site};
use qingshui_server::http::limits::{enforce, Limits};
use qingshui_server::http::HttpSettings;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn an_over_long_uri_is_414_in_the_dialect_of_its_api() {
    let s = site(&[]).await;
    let long = "a".repeat(9000);
    let sta = get(
        &s.app,
        &format!("/v1.1/Things?$filter=name%20eq%20%27{long}%27"),
        &[],
    )
    .await;
    assert_eq!(sta.status, StatusCode::URI_TOO_LONG);
    assert_eq!(sta.json["code"], 414);
    assert_eq!(sta.json["type"], "error");
    assert!(sta.json["message"].as_str().unwrap().contains("8192"));
    let o = get(&s.app, &format!("/open311/v2/requests.json?x={long}"), &[]).await;
    assert_eq!(o.status, StatusCode::URI_TOO_LONG);
    assert_eq!(o.json[0]["code"], 414);
    let page = get(&s.app, &format!("/station/{long}"), &[]).await;
    assert_eq!(page.status, StatusCode::URI_TOO_LONG);
    assert_eq!(page.header("content-type"), "text/plain; charset=utf-8");
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    // A long but allowed query still reaches the API.
    let ok = get(
        &s.app,
        &format!("/v1.1/Things?$top=1&x={}", "b".repeat(7000)),
        &[],
    )
    .await;
    assert_ne!(ok.status, StatusCode::URI_TOO_LONG);
}

#[tokio::test]
async fn the_uri_limit_is_configurable() {
    let s = site(&[("QINGSHUI_MAX_URI_BYTES", "2048")]).await;
    let a = get(&s.app, &format!("/v1.1/Things?x={}", "c".repeat(3000)), &[]).await;
    assert_eq!(a.status, StatusCode::URI_TOO_LONG);
    assert!(
        HttpSettings::from_lookup(|k| (k == "QINGSHUI_MAX_URI_BYTES").then(|| "100".into()))
            .is_err()
    );
}

/// A router whose handlers sleep, behind the time limits of `env`.
fn slow_app(env: &[(&str, &str)]) -> Router {
    let settings = HttpSettings::from_lookup(|k| {
        env.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
    })
    .unwrap();
    let nap = |ms: u64| async move {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        "done"
    };
    Router::new()
        .route("/v1.1/Things", get_route(move || nap(3000)))
        .route("/open311/v2/services.json", get_route(move || nap(3000)))
        .route("/open311/v2/requests.json", post_route(move || nap(1500)))
        .layer(from_fn_with_state(
            Arc::new(Limits::new(&settings)),
            enforce,
        ))
}

#[tokio::test]
async fn a_slow_answer_is_cut_off_with_408_but_an_upload_gets_longer() {
    let app = slow_app(&[
        ("QINGSHUI_REQUEST_TIMEOUT_SECS", "1"),
        ("QINGSHUI_UPLOAD_TIMEOUT_SECS", "4"),
    ]);
    let started = Instant::now();
    let a = get(&app, "/v1.1/Things", &[]).await;
    assert_eq!(a.status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(a.json["code"], 408);
    assert_eq!(a.json["type"], "error");
    assert!(started.elapsed() < Duration::from_millis(2500));
    let o = get(&app, "/open311/v2/services.json", &[]).await;
    assert_eq!(o.status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(o.json[0]["code"], 408);
    let req = Request::post("/open311/v2/requests.json")
        .body(Body::empty())
        .unwrap();
    let up = send_from(&app, client(), req).await;
    assert_eq!(up.status, StatusCode::OK);
    assert_eq!(up.body, b"done");
}

#[tokio::test]
async fn zero_turns_the_time_limit_off() {
    let app = slow_app(&[("QINGSHUI_REQUEST_TIMEOUT_SECS", "0")]);
    let a = get(&app, "/v1.1/Things", &[]).await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn bodies_are_limited_per_route() {
    let s = site(&[]).await;
    let post = |uri: &str, ctype: &str, body: Vec<u8>| {
        Request::post(uri)
            .header(header::CONTENT_TYPE, ctype)
            .header(header::AUTHORIZATION, "Bearer tok")
            .body(Body::from(body))
            .unwrap()
    };
    // SensorThings writes: 1 MiB.
    let mut json = b"{\"name\":\"".to_vec();
    json.extend(std::iter::repeat_n(b'x', 1024 * 1024));
    json.extend(b"\"}");
    let a = send_from(
        &s.app,
        client(),
        post("/v1.1/Things", "application/json", json),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Open311 forms other than the report itself: 64 KiB.
    let form = format!("status=closed&status_notes={}", "n".repeat(70 * 1024));
    let a = send_from(
        &s.app,
        client(),
        post(
            "/open311/v2/requests/1/status",
            "application/x-www-form-urlencoded",
            form.into_bytes(),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.json[0]["code"], 413);
    assert!(a.json[0]["description"].as_str().unwrap().contains("limit"));
}

#[tokio::test]
async fn axum_rejections_take_the_json_error_format_of_their_api() {
    let s = site(&[]).await;
    // A PUT nobody routes: axum answers 405 in plain text, with Allow.
    let put = |uri: &str| Request::put(uri).body(Body::empty()).unwrap();
    let o = send_from(&s.app, client(), put("/open311/v2/services.json")).await;
    assert_eq!(o.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(o.json[0]["code"], 405);
    assert!(o.header("allow").contains("GET"), "{:?}", o.headers);
    let unknown = get(&s.app, "/open311/nothing", &[]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json[0]["code"], 404);
    // The app's own pages keep their plain text.
    let page = get(&s.app, "/missing.js", &[]).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.body, b"not found\n");
}

/// Starts the real connection loop on a free loopback port; the sender stops it.
async fn serve_real(
    env: &[(&str, &str)],
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
    hardening_support::Site,
) {
    let s = site(env).await;
    let settings = HttpSettings::from_lookup(|k| {
        env.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = s.app.clone();
    let task = tokio::spawn(async move {
        qingshui_server::http::serve::serve(listener, app, settings.header_timeout, None, async {
            let _ = stopped.await;
        })
        .await;
    });
    (addr, stop, task, s)
}

async fn raw(addr: std::net::SocketAddr, request: &str) -> String {
    let mut c = tokio::net::TcpStream::connect(addr).await.unwrap();
    c.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), c.read_to_end(&mut out))
        .await
        .expect("answer in time")
        .unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_client_that_never_finishes_its_request_head_is_disconnected() {
    let (addr, stop, task, _s) = serve_real(&[("QINGSHUI_HEADER_TIMEOUT_SECS", "1")]).await;
    let started = Instant::now();
    let answer = raw(addr, "GET /v1.1 HTTP/1.1\r\nHost: x\r\nX-Slow: ").await;
    let waited = started.elapsed();
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    // A complete request on the same server is answered, with the hardening headers.
    let ok = raw(
        addr,
        "GET /v1.1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(
        ok.to_ascii_lowercase().contains("content-security-policy:"),
        "{ok}"
    );
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("shuts down")
        .unwrap();
}

#[tokio::test]
async fn the_connection_loop_tells_the_rate_limiter_who_is_calling() {
    let (addr, stop, task, _s) = serve_real(&[("QINGSHUI_RATE_QUERIES_PER_SEC", "1")]).await;
    let req = "GET /v1.1/Things?$top=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    // Rate 1/s with a burst of 2: the third request in a row waits.
    let statuses: Vec<String> = futures_util::future::join_all((0..3).map(|_| raw(addr, req)))
        .await
        .into_iter()
        .map(|a| a.lines().next().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| s.starts_with("HTTP/1.1 429"))
            .count(),
        1,
        "{statuses:?}"
    );
    stop.send(()).unwrap();
    task.await.unwrap();
}
