//! CORS (Fetch standard §3.2): only the configured origins may read answers cross-origin; without
//! configuration no CORS header is sent at all.
mod hardening_support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use hardening_support::{client, get, send_from, site};

const ALLOWED: &str = "https://partner.example.org";

async fn preflight(app: &axum::Router, origin: &str, headers: &str) -> hardening_support::Answer {
    let req = Request::builder()
        .method(Method::OPTIONS)
        .uri("/open311/v2/requests.json")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", headers)
        .body(Body::empty())
        .unwrap();
    send_from(app, client(), req).await
}

#[tokio::test]
async fn a_configured_origin_may_read_and_another_may_not() {
    let s = site(&[(
        "QINGSHUI_CORS_ORIGINS",
        "https://partner.example.org, http://localhost:3000",
    )])
    .await;
    for uri in ["/v1.1/Things?$top=1", "/open311/v2/services.json"] {
        let a = get(&s.app, uri, &[("origin", ALLOWED)]).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert_eq!(a.header("access-control-allow-origin"), ALLOWED, "{uri}");
        // Vary may come as several header lines (compressed API answers add accept-encoding).
        let vary: Vec<String> = a
            .headers
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap().to_ascii_lowercase())
            .collect();
        assert!(vary.iter().any(|v| v.contains("origin")), "{uri}: {vary:?}");
        assert!(a.headers.get("access-control-allow-credentials").is_none());
        let other = get(&s.app, uri, &[("origin", "https://evil.example")]).await;
        assert_eq!(other.status, StatusCode::OK, "{uri}");
        assert!(
            other.headers.get("access-control-allow-origin").is_none(),
            "{uri}"
        );
    }
    let local = get(&s.app, "/v1.1", &[("origin", "http://localhost:3000")]).await;
    assert_eq!(
        local.header("access-control-allow-origin"),
        "http://localhost:3000"
    );
}

#[tokio::test]
async fn preflight_allows_the_methods_and_headers_of_a_report() {
    let s = site(&[("QINGSHUI_CORS_ORIGINS", ALLOWED)]).await;
    let a = preflight(
        &s.app,
        ALLOWED,
        "content-type,idempotency-key,authorization",
    )
    .await;
    assert!(a.status.is_success(), "{}", a.status);
    assert_eq!(a.header("access-control-allow-origin"), ALLOWED);
    let methods = a
        .header("access-control-allow-methods")
        .to_ascii_uppercase();
    for m in ["GET", "POST", "OPTIONS"] {
        assert!(methods.contains(m), "{methods}");
    }
    let allowed = a
        .header("access-control-allow-headers")
        .to_ascii_lowercase();
    for h in ["authorization", "content-type", "idempotency-key"] {
        assert!(allowed.contains(h), "{allowed}");
    }
    // The preflight answer is hardened like any other.
    assert_eq!(a.header("x-content-type-options"), "nosniff");
    let other = preflight(&s.app, "https://evil.example", "content-type").await;
    assert!(other.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn without_configuration_no_cors_header_is_sent() {
    let s = site(&[]).await;
    let a = get(&s.app, "/v1.1", &[("origin", ALLOWED)]).await;
    assert_eq!(a.status, StatusCode::OK);
    let cors: Vec<_> = a
        .headers
        .keys()
        .filter(|k| k.as_str().starts_with("access-control-"))
        .collect();
    assert!(cors.is_empty(), "{cors:?}");
    let p = preflight(&s.app, ALLOWED, "content-type").await;
    assert!(p.headers.get("access-control-allow-origin").is_none());
}

#[test]
fn origins_with_a_path_are_refused() {
    for bad in [
        "https://a.example/",
        "a.example",
        "https://a.example/x",
        "ftp://a",
    ] {
        let r = qingshui_server::http::HttpSettings::from_lookup(|k| {
            (k == "QINGSHUI_CORS_ORIGINS").then(|| bad.to_string())
        });
        assert!(r.is_err(), "{bad}");
    }
}
