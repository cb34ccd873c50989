//! Open311 `POST requests.json` (url-encoded form) and the public reads of what was stored.
mod open311_support;

use axum::http::StatusCode;
use open311_support::*;
use serde_json::Value;

const R: &str = "/open311/v2/requests.json";

fn smell(lat: &str, lon: &str) -> Vec<(&'static str, String)> {
    vec![
        ("service_code", "water_smell".into()),
        ("lat", lat.into()),
        ("long", lon.into()),
        ("description", "河水发臭".into()),
        ("attribute[smell_intensity]", "strong".into()),
    ]
}

fn refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

#[tokio::test]
async fn post_answers_per_spec_and_get_shows_the_report() {
    let (app, _d) = app_default();
    let a = post_form(&app, R, &refs(&smell("29.56301", "106.55174")), &[]).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    let first = &a.json[0];
    let id = first["service_request_id"]
        .as_str()
        .expect("id is a string");
    assert!(first["service_notice"].as_str().unwrap().contains("24"));
    assert_eq!(first["account_id"], Value::Null);
    let token = first["token"].as_str().unwrap().to_string();

    let one = get(&app, &format!("/open311/v2/requests/{id}.json"), &[]).await;
    assert_eq!(one.status, StatusCode::OK);
    let r = &one.json[0];
    assert_eq!(r["service_request_id"], id);
    assert_eq!(r["status"], "open");
    assert_eq!(r["service_code"], "water_smell");
    assert_eq!(r["service_name"], "水体异味");
    assert_eq!(r["description"], "河水发臭");
    assert_eq!(r["media_url"], Value::Null);
    // Snapped to the 0.0005° grid (~50 m), never the exact position.
    assert_eq!(r["lat"].as_f64(), Some(29.563));
    assert_eq!(r["long"].as_f64(), Some(106.5515));
    let req = qingshui_core::time::parse(r["requested_datetime"].as_str().unwrap()).unwrap();
    let exp = qingshui_core::time::parse(r["expected_datetime"].as_str().unwrap()).unwrap();
    assert_eq!(exp - req, 24 * 3_600_000);
    assert_eq!(r["updated_datetime"], r["requested_datetime"]);
    let en = get(
        &app,
        &format!("/open311/v2/requests/{id}.json?locale=en"),
        &[],
    )
    .await;
    assert_eq!(en.json[0]["service_name"], "Bad smell from the water");

    let all = get(&app, R, &[]).await;
    assert_eq!(all.json.as_array().unwrap().len(), 1);
    let t = get(&app, &format!("/open311/v2/tokens/{token}.json"), &[]).await;
    assert_eq!(t.status, StatusCode::OK);
    assert_eq!(t.json[0]["service_request_id"], id);
    assert_eq!(t.json[0]["token"], token.as_str());
}

#[tokio::test]
async fn address_only_reports_and_response_hours_setting() {
    let (app, _d) = app_with(&[("QINGSHUI_RESPONSE_HOURS", "48")]);
    let id = submit(
        &app,
        &[
            ("service_code", "floating_rubbish"),
            ("address_string", "解放碑步行街旁"),
        ],
    )
    .await;
    let r = get(&app, &format!("/open311/v2/requests/{id}.json"), &[]).await;
    let r = &r.json[0];
    assert_eq!(r["address"], "解放碑步行街旁");
    assert_eq!(r["lat"], Value::Null);
    assert!(r["service_notice"].as_str().unwrap().contains("48"));
}

#[tokio::test]
async fn each_bad_field_is_named_in_a_400() {
    let (app, _d) = app_default();
    let long_text = "水".repeat(4001);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("lat", "29.5"), ("long", "106.5")], "service_code"),
        (vec![("service_code", "other")], "lat"),
        (vec![("service_code", "other"), ("lat", "29.5")], "long"),
        (
            vec![
                ("service_code", "other"),
                ("lat", "north"),
                ("long", "106.5"),
            ],
            "lat",
        ),
        (
            vec![("service_code", "other"), ("lat", "95"), ("long", "106.5")],
            "lat",
        ),
        (
            vec![("service_code", "nope"), ("address_string", "x")],
            "service_code",
        ),
        (
            vec![
                ("service_code", "other"),
                ("address_string", "x"),
                ("description", &long_text),
            ],
            "description",
        ),
        (
            vec![
                ("service_code", "other"),
                ("address_string", "x"),
                ("email", "not-an-email"),
            ],
            "email",
        ),
        (
            vec![
                ("service_code", "other"),
                ("address_string", "x"),
                ("phone", "call me"),
            ],
            "phone",
        ),
        (
            vec![("service_code", "dead_fish"), ("address_string", "x")],
            "attribute[fish_count]",
        ),
        (
            vec![
                ("service_code", "dead_fish"),
                ("address_string", "x"),
                ("attribute[fish_count]", "millions"),
            ],
            "attribute[fish_count]",
        ),
        (
            vec![
                ("service_code", "sewage"),
                ("address_string", "x"),
                ("attribute[outfalls]", "two"),
            ],
            "attribute[outfalls]",
        ),
        (
            vec![
                ("service_code", "other"),
                ("address_string", "x"),
                ("attribute[colour]", "red"),
            ],
            "attribute[colour]",
        ),
        (
            vec![
                ("service_code", "other"),
                ("address_string", "x"),
                ("media_url", "ftp://x/y.jpg"),
            ],
            "media_url",
        ),
    ];
    for (fields, field) in cases {
        let a = post_form(&app, R, &fields, &[]).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{fields:?}");
        let (_, d) = error_of(&a);
        assert!(d.starts_with(field), "{field}: {d}");
    }
    // Nothing was stored by any refused request.
    assert_eq!(get(&app, R, &[]).await.json, Value::Array(vec![]));
    // Valid attribute values pass.
    submit(
        &app,
        &[
            ("service_code", "sewage"),
            ("address_string", "x"),
            ("attribute[outfalls]", "2"),
        ],
    )
    .await;
    submit(
        &app,
        &[
            ("service_code", "dead_fish"),
            ("address_string", "x"),
            ("attribute[fish_count]", "few"),
        ],
    )
    .await;
}

#[tokio::test]
async fn oversized_form_and_wrong_content_type() {
    let (app, _d) = app_default();
    let big = "x".repeat(70 * 1024);
    let a = post_form(
        &app,
        R,
        &[("service_code", "other"), ("address_string", &big)],
        &[],
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    error_of(&a);
    let req = axum::http::Request::post(R)
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{}"))
        .unwrap();
    let a = send(&app, req).await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    error_of(&a);
}

#[tokio::test]
async fn idempotent_repeats_return_the_original_and_store_one_row() {
    let (app, dir) = app_default();
    let f = [
        ("service_code", "algae_bloom"),
        ("lat", "29.6"),
        ("long", "106.5"),
    ];
    let key = [("idempotency-key", "k-123")];
    let a = post_form(&app, R, &f, &key).await;
    let b = post_form(&app, R, &f, &key).await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.json, b.json);
    assert_eq!(b.headers["idempotent-replayed"], "true");
    // device_id + client_token works the same for clients that cannot set headers.
    let g = [
        ("service_code", "other"),
        ("address_string", "x"),
        ("device_id", "d1"),
        ("client_token", "t1"),
    ];
    let c = post_form(&app, R, &g, &[]).await;
    let d = post_form(&app, R, &g, &[]).await;
    assert_eq!(c.json, d.json);
    assert_ne!(c.json, a.json);
    // Concurrent duplicates are also one report.
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move {
                post_form(
                    &app,
                    R,
                    &[("service_code", "other"), ("address_string", "y")],
                    &[("idempotency-key", "burst")],
                )
                .await
                .json
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]));
    let conn = rusqlite::Connection::open(dir.path().join("t.sqlite")).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM open311_requests", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
}

#[tokio::test]
async fn contact_details_are_stored_but_never_shown() {
    let (app, dir) = app_default();
    let id = submit(
        &app,
        &[
            ("service_code", "burst_pipe"),
            ("lat", "29.55"),
            ("long", "106.57"),
            ("attribute[entering_buildings]", "yes"),
            ("email", "li.wei@example.cn"),
            ("first_name", "Wei"),
            ("last_name", "Li"),
            ("phone", "+86 138 0000 0000"),
            ("device_id", "device-secret-42"),
        ],
    )
    .await;
    let uris = [
        format!("/open311/v2/requests/{id}.json"),
        R.to_string(),
        "/open311/v2/requests.json?lat=29.55&long=106.57&radius=500".into(),
        format!("/open311/v2/requests.json?service_request_id={id}"),
    ];
    for uri in uris {
        let a = get(&app, &uri, &[]).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        let text = String::from_utf8(a.bytes).unwrap();
        for secret in [
            "li.wei",
            "Wei",
            "Li\"",
            "138",
            "device-secret",
            "email",
            "phone",
            "first_name",
            "last_name",
            "device_id",
        ] {
            assert!(!text.contains(secret), "{uri} leaks {secret}: {text}");
        }
    }
    let conn = rusqlite::Connection::open(dir.path().join("t.sqlite")).unwrap();
    let email: String = conn
        .query_row(
            "SELECT email FROM open311_contacts WHERE request_id = ?1",
            [id.parse::<i64>().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(email, "li.wei@example.cn");
}

#[tokio::test]
async fn api_key_is_enforced_only_when_configured() {
    let (app, _d) = app_with(&[("QINGSHUI_OPEN311_API_KEY", "k3y")]);
    let f = [("service_code", "other"), ("address_string", "x")];
    let a = post_form(&app, R, &f, &[]).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(error_of(&a).1.contains("api_key"));
    let wrong = post_form(&app, R, &[f[0], f[1], ("api_key", "k3")], &[]).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    submit(&app, &[f[0], f[1], ("api_key", "k3y")]).await;
    let q = post_form(&app, &format!("{R}?api_key=k3y"), &f, &[]).await;
    assert_eq!(q.status, StatusCode::CREATED);
    let (open, _d2) = app_default();
    submit(&open, &f).await;
}

#[tokio::test]
async fn unknown_request_and_token_are_404() {
    let (app, _d) = app_default();
    for uri in [
        "/open311/v2/requests/999.json",
        "/open311/v2/requests/abc.json",
        "/open311/v2/tokens/nope.json",
    ] {
        let a = get(&app, uri, &[]).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        error_of(&a);
    }
    let a = get(&app, "/open311/v2/requests/1.xml", &[]).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
}
