//! Per-client rate limits (RFC 6585 §4, 429 with Retry-After): Open311 report submissions per minute and
//! SensorThings reads per second, each client on its own quota, each answer in its API's error format.
mod hardening_support;

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use hardening_support::{post_report, send_from, site};
use qingshui_server::http::rate::client_key;

fn peer(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

async fn sta_get(app: &axum::Router, from: SocketAddr) -> hardening_support::Answer {
    let req = Request::get("/v1.1/Things?$top=1")
        .body(Body::empty())
        .unwrap();
    send_from(app, from, req).await
}

#[tokio::test]
async fn reports_over_the_burst_get_an_open311_429_with_retry_after() {
    // 10 a minute, burst 5: the sixth report in a row waits about 6 s.
    let s = site(&[("QINGSHUI_RATE_REPORTS_PER_MIN", "10")]).await;
    let a = peer("198.51.100.7:5000");
    for i in 0..5 {
        let r = post_report(&s.app, a).await;
        assert_eq!(r.status, StatusCode::CREATED, "report {i}: {}", r.json);
    }
    let r = post_report(&s.app, a).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json[0]["code"], 429);
    assert!(r.json[0]["description"]
        .as_str()
        .unwrap()
        .contains("reports"));
    let wait: u64 = r.header("retry-after").parse().expect("seconds");
    assert!((1..=6).contains(&wait), "{wait}");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    // Another client, and reads by the same client, are not affected.
    let b = post_report(&s.app, peer("198.51.100.8:5000")).await;
    assert_eq!(b.status, StatusCode::CREATED);
    let read = send_from(
        &s.app,
        a,
        Request::get("/open311/v2/requests.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);
}

#[tokio::test]
async fn sta_reads_over_the_burst_get_a_sta_429() {
    // 20 a second, burst 40: a page (≤ 5 requests) or the index paging (≤ 17 pages) never waits.
    let s = site(&[]).await;
    let a = peer("203.0.113.5:1234");
    let mut refused = None;
    for i in 0..200 {
        let r = sta_get(&s.app, a).await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            refused = Some((i, r));
            break;
        }
        assert_eq!(r.status, StatusCode::OK);
    }
    let (i, r) = refused.expect("the limit is reached");
    assert!(i >= 40, "refused after only {i}");
    assert_eq!(r.json["code"], 429);
    assert_eq!(r.json["type"], "error");
    assert!(r.json["message"].as_str().unwrap().contains("too many"));
    assert_eq!(r.header("retry-after"), "1");
    assert_eq!(
        sta_get(&s.app, peer("203.0.113.6:1234")).await.status,
        StatusCode::OK
    );
    // The app's files are never limited.
    let page = send_from(&s.app, a, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(page.status, StatusCode::OK);
}

#[tokio::test]
async fn zero_turns_both_limits_off() {
    let s = site(&[
        ("QINGSHUI_RATE_REPORTS_PER_MIN", "0"),
        ("QINGSHUI_RATE_QUERIES_PER_SEC", "0"),
    ])
    .await;
    let a = peer("127.0.0.1:9");
    for _ in 0..8 {
        assert_eq!(post_report(&s.app, a).await.status, StatusCode::CREATED);
    }
    for _ in 0..100 {
        assert_eq!(sta_get(&s.app, a).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn one_ipv6_subscriber_shares_one_quota_across_its_64() {
    let s = site(&[("QINGSHUI_RATE_QUERIES_PER_SEC", "1")]).await;
    let statuses = [
        sta_get(&s.app, peer("[2001:db8:1:2::1]:80")).await.status,
        sta_get(&s.app, peer("[2001:db8:1:2:ffff::9]:80"))
            .await
            .status,
        sta_get(&s.app, peer("[2001:db8:1:2:abcd::5]:80"))
            .await
            .status,
        sta_get(&s.app, peer("[2001:db8:1:3::1]:80")).await.status,
    ];
    assert_eq!(
        statuses.map(|s| s.as_u16()),
        [200, 200, 429, 200],
        "the third shares the /64 of the first two; the fourth is another /64"
    );
}

#[test]
fn client_keys() {
    let cases = [
        ("192.0.2.1", "192.0.2.1"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
        ("::1", "::"),
    ];
    for (ip, key) in cases {
        let ip: IpAddr = ip.parse().unwrap();
        assert_eq!(client_key(ip), key.parse::<IpAddr>().unwrap(), "{ip}");
    }
}
