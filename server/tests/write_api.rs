//! Creating entities (STA v1.1 §10.2): deep insert, Observations, automatic FeatureOfInterest, auth, errors.
mod common;
use axum::http::{header, StatusCode};
use common::*;
use qingshui_server::app;

const THING: &str = r#"{"name": "寸滩", "description": "Cuntan", "properties": {"nameEn": "Cuntan"},
  "Locations": [{"name": "Cuntan", "description": "x", "encodingType": "application/geo+json",
                 "location": {"type": "Point", "coordinates": [106.60, 29.61]}}],
  "Datastreams": [{"name": "Cuntan NH3-N", "description": "x",
     "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
     "unitOfMeasurement": {"name": "milligram per litre", "symbol": "mg/L", "definition": "x"},
     "Sensor": {"name": "lab", "description": "x", "encodingType": "text/plain", "metadata": "m"},
     "ObservedProperty": {"name": "Ammonia Nitrogen (NH3-N)", "definition": "x", "description": "x"}}]}"#;

#[tokio::test]
async fn deep_insert_then_read_back() {
    let (st, _d) = state(0, Some(TOKEN), "2026-11-28T08:00:00Z");
    let app = app(st);
    let (s, h, v) = post(&app, "/v1.1/Things", Some(TOKEN), THING).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["@iot.id"].as_i64().unwrap();
    let loc = h.get(header::LOCATION).unwrap().to_str().unwrap();
    assert_eq!(loc, format!("http://test.local/v1.1/Things({id})"));
    let q = "$expand=Locations,Datastreams($expand=Sensor,ObservedProperty)";
    let (_, t) = get_q(&app, &format!("/v1.1/Things({id})"), q).await;
    assert_eq!(t["name"], "寸滩");
    assert_eq!(
        t["Locations"][0]["location"]["coordinates"],
        serde_json::json!([106.60, 29.61])
    );
    assert_eq!(t["Datastreams"][0]["Sensor"]["name"], "lab");
    assert_eq!(
        t["Datastreams"][0]["ObservedProperty"]["name"],
        "Ammonia Nitrogen (NH3-N)"
    );
    // The new Location is in the spatial index.
    let f = "$filter=st_within(Locations/location,geography'POLYGON((106.5 29.5,106.7 29.5,106.7 29.7,106.5 29.7,106.5 29.5))')";
    let (_, found) = get_q(&app, "/v1.1/Things", f).await;
    assert_eq!(ids(&found), vec![id]);
    // A second Thing linking the existing ObservedProperty by id.
    let op = t["Datastreams"][0]["ObservedProperty"]["@iot.id"]
        .as_i64()
        .unwrap();
    let body = THING.replace(
        r#"{"name": "Ammonia Nitrogen (NH3-N)", "definition": "x", "description": "x"}"#,
        &format!(r#"{{"@iot.id": {op}}}"#),
    );
    let (s, _, _) = post(&app, "/v1.1/Things", Some(TOKEN), &body).await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, ops) = get_q(&app, "/v1.1/ObservedProperties", "$count=true").await;
    assert_eq!(ops["@iot.count"], 1);
}

#[tokio::test]
async fn post_observations_both_ways_with_automatic_feature() {
    let (st, _d) = state(0, Some(TOKEN), "2026-11-28T08:00:00Z");
    let app = app(st);
    let (_, _, v) = post(&app, "/v1.1/Things", Some(TOKEN), THING).await;
    let (_, ds) = get(&app, &format!("/v1.1/Things({})/Datastreams", v["@iot.id"])).await;
    let ds = ids(&ds)[0];
    let body = format!(
        r#"{{"phenomenonTime": "2026-11-28T16:00:00+08:00", "result": 0.42, "Datastream": {{"@iot.id": {ds}}}}}"#
    );
    let (s, h, o) = post(&app, "/v1.1/Observations", Some(TOKEN), &body).await;
    assert_eq!(s, StatusCode::CREATED, "{o}");
    assert!(h
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .contains("/v1.1/Observations("));
    assert_eq!(o["phenomenonTime"], "2026-11-28T08:00:00Z");
    assert_eq!(o["result"], 0.42);
    let body = r#"{"phenomenonTime": "2026-11-28T09:00:00Z", "result": 0.5}"#;
    let (s, _, _) = post(
        &app,
        &format!("/v1.1/Datastreams({ds})/Observations"),
        Some(TOKEN),
        body,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let q = "$orderby=phenomenonTime desc&$expand=FeatureOfInterest";
    let (_, obs) = get_q(&app, &format!("/v1.1/Datastreams({ds})/Observations"), q).await;
    let obs = obs["value"].as_array().unwrap();
    assert_eq!(obs.len(), 2);
    assert_eq!(obs[0]["result"], 0.5);
    // Both readings share one FeatureOfInterest made from the Thing's Location.
    assert_eq!(
        obs[0]["FeatureOfInterest"]["feature"]["coordinates"],
        serde_json::json!([106.60, 29.61])
    );
    assert_eq!(
        obs[0]["FeatureOfInterest"]["@iot.id"],
        obs[1]["FeatureOfInterest"]["@iot.id"]
    );
    let (_, d) = get(&app, &format!("/v1.1/Datastreams({ds})")).await;
    assert_eq!(
        d["phenomenonTime"],
        "2026-11-28T08:00:00Z/2026-11-28T09:00:00Z"
    );
}

#[tokio::test]
async fn writes_need_the_bearer_token() {
    let (st, _d) = state(0, Some(TOKEN), "2026-11-28T08:00:00Z");
    let app = app(st);
    let (s, h, v) = post(&app, "/v1.1/Things", None, THING).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(h
        .get(header::WWW_AUTHENTICATE)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    assert_eq!(v["code"], 401);
    let (s, _, _) = post(&app, "/v1.1/Things", Some("wrong"), THING).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, all) = get_q(&app, "/v1.1/Things", "$count=true").await;
    assert_eq!(all["@iot.count"], 0, "nothing was written");
    let (st2, _d2) = state(0, None, "2026-11-28T08:00:00Z");
    let (s, _, v) = post(
        &qingshui_server::app(st2),
        "/v1.1/Things",
        Some(TOKEN),
        THING,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("writes are disabled"));
}

#[tokio::test]
async fn bad_bodies_are_400_naming_the_field() {
    let (st, _d) = state(0, Some(TOKEN), "2026-11-28T08:00:00Z");
    let app = app(st);
    let cases = [
        ("/v1.1/Things", "{not json", "not valid JSON"),
        ("/v1.1/Things", r#"{"description": "no name"}"#, "name"),
        ("/v1.1/Observations", r#"{"result": 1}"#, "Datastream"),
        ("/v1.1/Observations", r#"{"phenomenonTime": "2026-11-28T09:00:00Z", "Datastream": {"@iot.id": 1}}"#, "result"),
        ("/v1.1/Things", &THING.replace(r#""Sensor": {"name": "lab", "description": "x", "encodingType": "text/plain", "metadata": "m"},"#, ""), "Datastreams[0].Sensor"),
        ("/v1.1/Things", &THING.replace(r#""type": "Point""#, r#""type": "Blob""#), "location"),
        ("/v1.1/Observations", r#"{"result": 1, "phenomenonTime": "soon", "Datastream": {"@iot.id": 1}}"#, "phenomenonTime"),
    ];
    for (uri, body, word) in cases {
        let (s, _, v) = post(&app, uri, Some(TOKEN), body).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}: {v}");
        assert!(v["message"].as_str().unwrap().contains(word), "{word}: {v}");
    }
    let (_, all) = get_q(&app, "/v1.1/Things", "$count=true").await;
    assert_eq!(
        all["@iot.count"], 0,
        "a failed deep insert leaves nothing behind"
    );
    let big = format!(r#"{{"name": "{}"}}"#, "x".repeat(2 * 1024 * 1024));
    let (s, _, _) = post(&app, "/v1.1/Things", Some(TOKEN), &big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
}
