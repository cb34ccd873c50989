//! Query options and resource paths on a small fixture (STA v1.1 §9.2 resource paths, §9.3 query options).
mod common;
use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn service_root_lists_entity_sets_and_conformance() {
    let (app, _, _d) = fixture().await;
    let (s, v) = get(&app, "/v1.1").await;
    assert_eq!(s, StatusCode::OK);
    let names: Vec<&str> = v["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for n in [
        "Things",
        "Locations",
        "HistoricalLocations",
        "Datastreams",
        "ObservedProperties",
        "Sensors",
        "Observations",
        "FeaturesOfInterest",
    ] {
        assert!(names.contains(&n), "{n} missing");
    }
    assert_eq!(
        v["value"][0]["url"].as_str().unwrap(),
        "http://test.local/v1.1/Datastreams"
    );
    assert!(v["serverSettings"]["conformance"].as_array().unwrap().len() >= 3);
}

#[tokio::test]
async fn entity_has_id_self_link_and_navigation_links() {
    let (app, t, _d) = fixture().await;
    let (s, v) = get(&app, &format!("/v1.1/Things({})", t[0])).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["@iot.id"], t[0]);
    assert_eq!(
        v["@iot.selfLink"],
        format!("http://test.local/v1.1/Things({})", t[0])
    );
    for nav in ["Locations", "Datastreams", "HistoricalLocations"] {
        assert_eq!(
            v[format!("{nav}@iot.navigationLink")],
            format!("http://test.local/v1.1/Things({})/{nav}", t[0])
        );
    }
    assert_eq!(v["properties"]["nameEn"], "Alpha");
    // A Thing created with a Location gets a HistoricalLocation (§8.2.3).
    let (_, h) = get(&app, &format!("/v1.1/Things({})/HistoricalLocations", t[0])).await;
    assert_eq!(h["value"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn paths_navigation_property_and_value() {
    let (app, t, _d) = fixture().await;
    let (_, ds) = get(&app, &format!("/v1.1/Things({})/Datastreams", t[1])).await;
    let ds = ids(&ds);
    assert_eq!(ds.len(), 2);
    let (_, obs) = get(&app, &format!("/v1.1/Datastreams({})/Observations", ds[0])).await;
    assert_eq!(obs["value"].as_array().unwrap().len(), 3);
    let (_, thing) = get(&app, &format!("/v1.1/Datastreams({})/Thing", ds[0])).await;
    assert_eq!(thing["@iot.id"], t[1]);
    let (_, name) = get(&app, &format!("/v1.1/Things({})/name", t[1])).await;
    assert_eq!(name, serde_json::json!({"name": "Beta River"}));
    let (s, raw) = get(&app, &format!("/v1.1/Things({})/name/$value", t[1])).await;
    assert_eq!(
        (s, raw),
        (
            StatusCode::OK,
            serde_json::Value::String("Beta River".into())
        )
    );
    // A quoted all-digit id addresses the same entity.
    let (s, q) = get(&app, &format!("/v1.1/Things('{}')", t[1])).await;
    assert_eq!((s, q["@iot.id"].as_i64()), (StatusCode::OK, Some(t[1])));
}

#[tokio::test]
async fn unknown_entities_are_404_json() {
    let (app, t, _d) = fixture().await;
    for uri in [
        "/v1.1/Things(999999)",
        "/v1.1/Nothings",
        "/v1.1/Things('abc')",
        &format!("/v1.1/Things({})/Nope", t[0]),
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(v["code"], 404);
        assert_eq!(v["type"], "error");
    }
}

#[tokio::test]
async fn top_skip_count_and_next_link_paging() {
    let (app, t, _d) = fixture().await;
    let (_, v) = get_q(&app, "/v1.1/Things", "$top=3&$count=true").await;
    assert_eq!(ids(&v), t[..3].to_vec());
    assert_eq!(v["@iot.count"], 4);
    let next = v["@iot.nextLink"].as_str().expect("nextLink");
    assert!(next.contains("$skip=3"), "{next}");
    let (_, v2) = get(&app, next.trim_start_matches("http://test.local")).await;
    assert_eq!(ids(&v2), t[3..].to_vec());
    assert!(v2.get("@iot.nextLink").is_none());
    let (_, v3) = get_q(&app, "/v1.1/Things", "$skip=1&$top=2").await;
    assert_eq!(ids(&v3), t[1..3].to_vec());
    // Without $count there is no count; $top is capped at 1000.
    let (_, v4) = get_q(&app, "/v1.1/Observations", "$top=5000").await;
    assert!(v4.get("@iot.count").is_none());
    assert_eq!(v4["value"].as_array().unwrap().len(), 24);
}

#[tokio::test]
async fn select_limits_members_and_links() {
    let (app, _, _d) = fixture().await;
    let (_, v) = get_q(&app, "/v1.1/Things", "$select=name,@iot.id&$top=1").await;
    let keys: Vec<&String> = v["value"][0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(v["value"][0]
        .get("Datastreams@iot.navigationLink")
        .is_none());
    let (_, v) = get_q(&app, "/v1.1/Things", "$select=Datastreams&$top=1").await;
    assert!(v["value"][0]
        .get("Datastreams@iot.navigationLink")
        .is_some());
    assert!(v["value"][0].get("name").is_none());
    let (s, e) = get_q(&app, "/v1.1/Things", "$select=colour").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(e["message"].as_str().unwrap().contains("colour"));
}

#[tokio::test]
async fn orderby_properties_and_json_paths() {
    let (app, t, _d) = fixture().await;
    let (_, v) = get_q(&app, "/v1.1/Things", "$orderby=name desc&$select=name").await;
    assert_eq!(ids(&v), Vec::<i64>::new()); // @iot.id not selected
    let names: Vec<&str> = v["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Gamma Lake",
            "Beta River",
            "Alpha Creek",
            "  delta o'brien "
        ]
    );
    let (_, v) = get_q(&app, "/v1.1/Things", "$orderby=properties/depth desc").await;
    assert_eq!(ids(&v), vec![t[2], t[1], t[3], t[0]]);
    let (_, v) = get_q(&app, "/v1.1/Observations", "$orderby=result desc&$top=1").await;
    assert_eq!(v["value"][0]["result"], 35.5);
}

#[tokio::test]
async fn nested_expand_with_options_and_its_own_next_link() {
    let (app, t, _d) = fixture().await;
    let q = "$select=@iot.id&$expand=Locations($select=location),Datastreams($select=name;$orderby=name desc;$expand=ObservedProperty($select=name),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=1))";
    let (s, v) = get_q(&app, &format!("/v1.1/Things({})", t[0]), q).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        v["Locations"][0]["location"]["coordinates"],
        serde_json::json!([106.55, 29.55])
    );
    let ds = v["Datastreams"].as_array().unwrap();
    assert_eq!(ds[0]["name"], "Alpha pH");
    assert_eq!(ds[1]["ObservedProperty"]["name"], "Dissolved Oxygen");
    let obs = ds[0]["Observations"].as_array().unwrap();
    assert_eq!(obs.len(), 1);
    assert_eq!(obs[0]["phenomenonTime"], "2026-11-28T08:00:00Z");
    // The expand's own `$top=1` got what it asked for: no per-item next link (client-driven paging).
    assert!(ds[0].get("Observations@iot.nextLink").is_none(), "{v}");
    // With `$count=true` the client pages through the collection, so the cut one carries its next link.
    let q = "$select=@iot.id&$expand=Datastreams($select=name;$orderby=name desc;$expand=Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=1;$count=true))";
    let (s, v) = get_q(&app, &format!("/v1.1/Things({})", t[0]), q).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let ds = v["Datastreams"].as_array().unwrap();
    assert!(ds[0]["Observations@iot.count"].as_i64().unwrap() > 1, "{v}");
    let next = ds[0]["Observations@iot.nextLink"]
        .as_str()
        .expect("expanded nextLink");
    let (s, more) = get(&app, next.trim_start_matches("http://test.local")).await;
    assert_eq!(s, StatusCode::OK, "{next}");
    assert_eq!(more["value"][0]["phenomenonTime"], "2026-11-28T05:00:00Z");
    // Expanded filter and path form `Datastreams/Observations`.
    let q = "$expand=Datastreams/Observations($filter=result gt 3;$select=result)";
    let (_, v) = get_q(&app, &format!("/v1.1/Things({})", t[0]), q).await;
    let all: Vec<f64> = v["Datastreams"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| {
            d["Observations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["result"].as_f64().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(all, vec![3.5, 4.5, 5.5]);
}

#[tokio::test]
async fn bad_queries_are_400_naming_the_problem() {
    let (app, _, _d) = fixture().await;
    for (q, word) in [
        ("$filter=frobnicate(name) eq 1", "frobnicate"),
        ("$filter=colour eq 'red'", "colour"),
        (
            "$orderby=st_touches(Locations/location,geography'POINT(1 2)')",
            "st_touches",
        ),
        ("$top=-1", "$top"),
        ("$expand=Sensors", "Sensors"),
        (
            "$filter=Datastreams/Observations/phenomenonTime gt 'yesterday'",
            "yesterday",
        ),
    ] {
        let (s, v) = get_q(&app, "/v1.1/Things", q).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{q}: {v}");
        assert_eq!(v["code"], 400);
        let msg = v["message"].as_str().unwrap();
        assert!(msg.contains(word), "{q}: {msg}");
    }
}

/// Answers are brotli or gzip when the client accepts them (RFC 9110 §12.5.3), identity otherwise, and
/// decode to the same JSON.
#[tokio::test]
async fn answers_are_compressed_when_accepted() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use std::io::Read;
    use tower::ServiceExt;
    let (app, t, _d) = fixture().await;
    let uri = format!(
        "/v1.1/Things({})?{}",
        t[0],
        enc("$expand=Datastreams($expand=Observations,ObservedProperty),Locations")
    );
    let (_, plain) = get(&app, &uri).await;
    assert!(plain.to_string().len() > 1024, "big enough to compress");
    for (accept, coding) in [
        ("gzip, deflate, br", Some("br")),
        ("gzip", Some("gzip")),
        ("identity", None),
    ] {
        let req = Request::get(&uri)
            .header(header::HOST, "test.local")
            .header(header::ACCEPT_ENCODING, accept)
            .body(Body::empty())
            .unwrap();
        let resp = app.clone().oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers()[header::VARY], "accept-encoding");
        let got = resp
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(got.as_deref(), coding, "{accept}");
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        let mut text = String::new();
        match coding {
            Some("br") => brotli::Decompressor::new(&bytes[..], 4096).read_to_string(&mut text),
            Some(_) => flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text),
            None => (&bytes[..]).read_to_string(&mut text),
        }
        .unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            plain
        );
    }
}
