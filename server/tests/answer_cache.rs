//! The answer cache never serves an answer from before a commit: a new Observation — posted through the API
//! or written into the database file by another program (an ingestion script) — is in the very next answer
//! to a request whose earlier answer was kept.
mod common;
use axum::http::StatusCode;
use common::*;
use qingshui_server::app;

/// The contract's latest-reading expand, on one Thing.
const LATEST: &str = "$select=@iot.id,name&$expand=Datastreams($select=@iot.id,name;$expand=Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=1))";

fn latest(v: &serde_json::Value) -> (f64, String) {
    let o = &v["Datastreams"][0]["Observations"][0];
    (
        o["result"].as_f64().expect("a numeric result"),
        o["phenomenonTime"].as_str().expect("a time").to_string(),
    )
}

#[tokio::test]
async fn new_observations_show_at_once_through_the_api_and_from_outside() {
    let (st, dir) = state(3, Some(TOKEN), "2026-11-28T08:00:00Z");
    let app = app(st);
    let (_, things) = get(&app, "/v1.1/Things?$top=1&$select=@iot.id").await;
    let thing = ids(&things)[0];
    let path = format!("/v1.1/Things({thing})");
    let (s, first) = get_q(&app, &path, LATEST).await;
    assert_eq!(s, StatusCode::OK, "{first}");
    let (_, again) = get_q(&app, &path, LATEST).await;
    assert_eq!(
        first, again,
        "the same request twice, nothing written between"
    );
    let ds = first["Datastreams"][0]["@iot.id"].as_i64().unwrap();

    // Through the API.
    let body = r#"{"result": 123.25, "phenomenonTime": "2026-11-28T09:00:00Z"}"#;
    let (s, _, v) = post(
        &app,
        &format!("/v1.1/Datastreams({ds})/Observations"),
        Some(TOKEN),
        body,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, after_api) = get_q(&app, &path, LATEST).await;
    assert_eq!(
        latest(&after_api),
        (123.25, "2026-11-28T09:00:00Z".to_string())
    );

    // From another program writing the file directly (its own connection, outside the server).
    let other = rusqlite::Connection::open(dir.path().join("t.sqlite")).unwrap();
    let foi: i64 = other
        .query_row(
            "SELECT feature_of_interest_id FROM observations WHERE datastream_id = ?1 LIMIT 1",
            [ds],
            |r| r.get(0),
        )
        .unwrap();
    other
        .execute(
            "INSERT INTO observations (phenomenon_time, result, datastream_id, feature_of_interest_id) \
             VALUES (?1, 7.5, ?2, ?3)",
            rusqlite::params![1_795_852_800_000_i64 + 7_200_000, ds, foi],
        )
        .unwrap();
    let (_, after_outside) = get_q(&app, &path, LATEST).await;
    assert_eq!(
        latest(&after_outside),
        (7.5, "2026-11-28T10:00:00Z".to_string())
    );
}

#[tokio::test]
async fn answers_depend_on_the_host_and_the_coding() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let (st, _dir) = state(30, None, "2026-11-28T08:00:00Z");
    let app = app(st);
    let uri = "/v1.1/Things?$top=20";
    let mut seen = Vec::new();
    for (host, coding) in [
        ("a.example", "identity"),
        ("b.example", "identity"),
        ("a.example", "gzip"),
        ("a.example", "identity"),
    ] {
        let req = Request::get(uri)
            .header(header::HOST, host)
            .header(header::ACCEPT_ENCODING, coding)
            .body(Body::empty())
            .unwrap();
        let resp = app.clone().oneshot(req).await.unwrap();
        let enc = resp
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_string());
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        seen.push((host, enc, bytes));
    }
    assert!(seen[0].2.windows(9).any(|w| w == b"a.example"));
    assert!(seen[1].2.windows(9).any(|w| w == b"b.example"));
    assert!(!seen[1].2.windows(9).any(|w| w == b"a.example"));
    assert_eq!(seen[2].1.as_deref(), Some("gzip"));
    assert_eq!(seen[3].1, None);
    assert_eq!(seen[0].2, seen[3].2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crowd_asking_at_once_gets_the_same_answer_and_errors_reach_everyone() {
    let (st, _dir) = state(40, None, "2026-11-28T08:00:00Z");
    let app = app(st);
    let q = format!("{LATEST}&$top=20");
    let crowd = (0..16).map(|_| {
        let app = app.clone();
        let q = q.clone();
        tokio::spawn(async move { get_q(&app, "/v1.1/Things", &q).await })
    });
    let answers: Vec<_> = futures_util::future::join_all(crowd)
        .await
        .into_iter()
        .map(|r| r.expect("request task"))
        .collect();
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::OK));
    assert_eq!(answers[0].1["value"].as_array().map(Vec::len), Some(20));
    assert!(answers.iter().all(|(_, v)| *v == answers[0].1));

    // A request that fails while others wait for it: each of them still gets the error, none hangs.
    let bad = (0..8).map(|_| {
        let app = app.clone();
        tokio::spawn(async move { get_q(&app, "/v1.1/Things", "$select=nosuchproperty").await })
    });
    let bad = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        futures_util::future::join_all(bad),
    )
    .await
    .expect("no request may wait for ever");
    assert!(bad
        .into_iter()
        .all(|r| r.expect("request task").0 == StatusCode::BAD_REQUEST));
}
