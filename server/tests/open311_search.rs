//! Open311 `GET requests.json` filters: ids, codes, dates, status, and `lat`/`long`/`radius` against a
//! brute-force haversine over the public positions.
mod open311_support;

use axum::http::StatusCode;
use open311_support::*;
use qingshui_core::geo::{haversine_m, LatLon};
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn radius_search_matches_brute_force_over_public_positions() {
    let (app, _d) = app_default();
    let centre = LatLon {
        lat: 29.5630,
        lon: 106.5516,
    };
    // A deterministic spread of reports up to ~8 km from the centre.
    let mut seed = 12345u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    for _ in 0..120 {
        let lat = centre.lat + (next() - 0.5) * 0.15;
        let lon = centre.lon + (next() - 0.5) * 0.15;
        submit(
            &app,
            &[
                ("service_code", "other"),
                ("lat", &lat.to_string()),
                ("long", &lon.to_string()),
            ],
        )
        .await;
    }
    submit(
        &app,
        &[("service_code", "other"), ("address_string", "no position")],
    )
    .await;
    let all = get(&app, "/open311/v2/requests.json", &[]).await.json;
    assert_eq!(all.as_array().unwrap().len(), 121);
    for radius in [300.0, 1000.0, 2500.0, 5000.0] {
        let want: Vec<String> = {
            let mut w: Vec<String> = all
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["lat"].is_number())
                .filter(|r| {
                    haversine_m(
                        centre,
                        LatLon {
                            lat: r["lat"].as_f64().unwrap(),
                            lon: r["long"].as_f64().unwrap(),
                        },
                    ) <= radius
                })
                .map(|r| r["service_request_id"].as_str().unwrap().to_string())
                .collect();
            w.sort();
            w
        };
        let uri = format!(
            "/open311/v2/requests.json?lat={}&long={}&radius={radius}",
            centre.lat, centre.lon
        );
        let got = get(&app, &uri, &[]).await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(ids(&got.json), want, "radius {radius}");
        assert!(radius < 1000.0 || !want.is_empty());
    }
    for bad in [
        "radius=5001&lat=29.5&long=106.5",
        "radius=0&lat=29.5&long=106.5",
        "radius=100",
        "lat=29.5",
        "lat=x&long=106",
    ] {
        let a = get(&app, &format!("/open311/v2/requests.json?{bad}"), &[]).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{bad}");
        error_of(&a);
    }
}

#[tokio::test]
async fn id_code_status_and_date_filters() {
    let (app, _d) = app_default();
    let a = submit(
        &app,
        &[("service_code", "algae_bloom"), ("address_string", "a")],
    )
    .await;
    let b = submit(
        &app,
        &[("service_code", "water_colour"), ("address_string", "b")],
    )
    .await;
    let c = submit(&app, &[("service_code", "other"), ("address_string", "c")]).await;
    let q = |s: &str| format!("/open311/v2/requests.json?{s}");
    let got = get(
        &app,
        &q(&format!(
            "service_request_id={a},{c}&service_code=water_colour"
        )),
        &[],
    )
    .await;
    assert_eq!(ids(&got.json), {
        let mut v = vec![a.clone(), c.clone()];
        v.sort();
        v
    });
    let got = get(&app, &q("service_code=water_colour,other"), &[]).await;
    assert_eq!(ids(&got.json).len(), 2);
    assert!(ids(&got.json).contains(&b));
    assert_eq!(
        ids(&get(&app, &q("status=open,closed"), &[]).await.json).len(),
        3
    );
    assert_eq!(
        ids(&get(&app, &q("status=closed"), &[]).await.json).len(),
        0
    );
    // Newest first.
    let all = get(&app, &q(""), &[]).await.json;
    assert_eq!(all[0]["service_request_id"], c.as_str());
    // Windows: an old window is empty; one around now holds all.
    let now = qingshui_core::time::format(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    );
    let today = &now[..10];
    assert_eq!(
        ids(&get(
            &app,
            &q("start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z"),
            &[]
        )
        .await
        .json)
        .len(),
        0
    );
    assert_eq!(
        ids(
            &get(&app, &q(&format!("start_date={today}T00:00:00Z")), &[])
                .await
                .json
        )
        .len(),
        3
    );
    assert_eq!(
        ids(&get(&app, &q(&format!("end_date={today}T00:00:00Z")), &[])
            .await
            .json)
        .len(),
        0
    );
    for bad in [
        "start_date=yesterday",
        "start_date=2026-01-01T00:00:00Z&end_date=2025-01-01T00:00:00Z",
        "start_date=2025-01-01T00:00:00Z&end_date=2025-12-01T00:00:00Z",
        "status=pending",
        "service_request_id=abc",
    ] {
        let a = get(&app, &q(bad), &[]).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{bad}");
        error_of(&a);
    }
}
