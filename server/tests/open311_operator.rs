//! Open311 operator side: the status endpoint (bearer token) and the `report-status` CLI subcommand.
mod open311_support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use open311_support::*;

async fn set_status(
    app: &axum::Router,
    id: &str,
    token: Option<&str>,
    ct: &str,
    body: &str,
) -> Answer {
    let mut b =
        Request::post(format!("/open311/v2/requests/{id}/status")).header("content-type", ct);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    send(app, b.body(Body::from(body.to_string())).unwrap()).await
}

#[tokio::test]
async fn status_endpoint_updates_status_notes_and_agency() {
    let (app, _d) = app_default();
    let id = submit(
        &app,
        &[
            ("service_code", "waterlogging"),
            ("lat", "29.5"),
            ("long", "106.5"),
            ("attribute[depth]", "knee"),
        ],
    )
    .await;
    let before = get(&app, &format!("/open311/v2/requests/{id}.json"), &[])
        .await
        .json[0]
        .clone();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let json =
        r#"{"status":"closed","status_notes":"已清理排水口","agency_responsible":"渝中区城管局"}"#;
    let a = set_status(&app, &id, Some(TOKEN), "application/json", json).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    let r = get(&app, &format!("/open311/v2/requests/{id}.json"), &[])
        .await
        .json[0]
        .clone();
    assert_eq!(r["status"], "closed");
    assert_eq!(r["status_notes"], "已清理排水口");
    assert_eq!(r["agency_responsible"], "渝中区城管局");
    assert!(r["updated_datetime"].as_str() > before["updated_datetime"].as_str());
    assert_eq!(r["requested_datetime"], before["requested_datetime"]);
    // Form body; notes kept when not given.
    let a = set_status(
        &app,
        &id,
        Some(TOKEN),
        "application/x-www-form-urlencoded",
        "status=open",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json[0]["status"], "open");
    assert_eq!(a.json[0]["status_notes"], "已清理排水口");
    // The status filter of GET requests.json sees it.
    let open = get(&app, "/open311/v2/requests.json?status=open", &[]).await;
    assert_eq!(open.json.as_array().unwrap().len(), 1);
    let closed = get(&app, "/open311/v2/requests.json?status=closed", &[]).await;
    assert_eq!(closed.json.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn status_endpoint_errors() {
    let (app, _d) = app_default();
    let id = submit(&app, &[("service_code", "other"), ("address_string", "x")]).await;
    let form = "application/x-www-form-urlencoded";
    let cases = [
        (id.as_str(), None, "status=closed", StatusCode::UNAUTHORIZED),
        (
            id.as_str(),
            Some("wrong"),
            "status=closed",
            StatusCode::FORBIDDEN,
        ),
        (
            id.as_str(),
            Some(TOKEN),
            "status=fixed",
            StatusCode::BAD_REQUEST,
        ),
        (
            id.as_str(),
            Some(TOKEN),
            "status_notes=x",
            StatusCode::BAD_REQUEST,
        ),
        ("999", Some(TOKEN), "status=closed", StatusCode::NOT_FOUND),
    ];
    for (rid, token, body, want) in cases {
        let a = set_status(&app, rid, token, form, body).await;
        assert_eq!(a.status, want, "{rid} {token:?} {body}");
        error_of(&a);
        // RFC 6750: a 401 names the scheme and realm, the same as the STA write endpoints.
        let challenge = a.headers.get(header::WWW_AUTHENTICATE);
        if want == StatusCode::UNAUTHORIZED {
            assert_eq!(challenge.unwrap(), "Bearer realm=\"qingshui\"");
        } else {
            assert!(challenge.is_none(), "{rid} {token:?} {body}");
        }
    }
    let (no_writes, _d2) = app_with(&[("QINGSHUI_WRITE_TOKEN", "")]);
    let id2 = submit(
        &no_writes,
        &[("service_code", "other"), ("address_string", "x")],
    )
    .await;
    let a = set_status(&no_writes, &id2, Some(TOKEN), form, "status=closed").await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn cli_subcommand_updates_the_database() {
    let (app, dir) = app_default();
    let id = submit(
        &app,
        &[("service_code", "burst_pipe"), ("address_string", "x")],
    )
    .await;
    let db = dir.path().join("t.sqlite");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_qingshui-server"))
            .args(args)
            .env("QINGSHUI_DB", &db)
            .env("QINGSHUI_DEMO_STATIONS", "0")
            .output()
            .unwrap()
    };
    let out = run(&["report-status", &id, "closed", "pipe", "repaired"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("closed"));
    let r = get(&app, &format!("/open311/v2/requests/{id}.json"), &[])
        .await
        .json[0]
        .clone();
    assert_eq!(r["status"], "closed");
    assert_eq!(r["status_notes"], "pipe repaired");
    for bad in [
        vec!["report-status", "999", "closed"],
        vec!["report-status", &id, "done"],
        vec!["report-status"],
    ] {
        let out = run(&bad);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
    }
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}
