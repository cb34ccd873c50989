//! The 17,000-station demo city: generation speed and realism, nearest-station correctness against a
//! brute-force haversine over every station, and the exact requests the client makes (docs/contracts.md).
mod common;
use std::sync::OnceLock;

use axum::http::StatusCode;
use common::*;
use qingshui_core::geo::{haversine_m, LatLon};
use qingshui_core::quality::{classify, Parameter, WaterBody, WaterClass};
use qingshui_server::{app, AppState};

const NOW: &str = "2026-11-28T08:00:00Z";
const EXPAND_LATEST: &str = "Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=1))";

struct City {
    state: AppState,
    dir: tempfile::TempDir,
    secs: f64,
}

/// Generated once per test binary.
fn city() -> &'static City {
    static CITY: OnceLock<City> = OnceLock::new();
    CITY.get_or_init(|| {
        let t = std::time::Instant::now();
        let (state, dir) = state(17_000, None, NOW);
        City {
            state,
            dir,
            secs: t.elapsed().as_secs_f64(),
        }
    })
}

fn point(v: &serde_json::Value) -> LatLon {
    let c = &v["Locations"][0]["location"]["coordinates"];
    LatLon {
        lat: c[1].as_f64().unwrap(),
        lon: c[0].as_f64().unwrap(),
    }
}

/// Every station through the fallback index request (contract request 3), following `@iot.nextLink`.
async fn index(app: &axum::Router) -> Vec<(i64, LatLon)> {
    let mut url = format!(
        "/v1.1/Things?{}",
        enc("$select=@iot.id,name&$expand=Locations($select=location)&$top=1000")
    );
    let mut out = Vec::new();
    loop {
        let (s, v) = get(app, &url).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        for t in v["value"].as_array().unwrap() {
            out.push((t["@iot.id"].as_i64().unwrap(), point(t)));
        }
        match v["@iot.nextLink"].as_str() {
            Some(n) => url = n.trim_start_matches("http://test.local").to_string(),
            None => return out,
        }
    }
}

fn bbox_wkt(p: LatLon, d: f64) -> String {
    let (a, b, c, e) = (p.lon - d, p.lat - d, p.lon + d, p.lat + d);
    format!("POLYGON(({a} {b},{c} {b},{c} {e},{a} {e},{a} {b}))")
}

#[tokio::test]
async fn generation_is_complete() {
    let c = city();
    // How fast is a benchmark figure (`make bench`, "demo city generation"), not a test: a loaded CI
    // machine must not fail the build over it.
    eprintln!("17,000 stations generated in {:.1} s", c.secs);
    let app = app(c.state.clone());
    let (_, v) = get_q(
        &app,
        "/v1.1/Things",
        "$count=true&$top=1&$expand=Datastreams($count=true;$top=0)",
    )
    .await;
    assert_eq!(v["@iot.count"], 17_000);
    assert_eq!(v["value"][0]["Datastreams@iot.count"], 6);
    let (_, o) = get_q(
        &app,
        "/v1.1/Datastreams(1)/Observations",
        "$count=true&$top=0",
    )
    .await;
    assert_eq!(o["@iot.count"], 42);
}

#[tokio::test]
async fn nearest_stations_match_brute_force_haversine() {
    let app = app(city().state.clone());
    let all = index(&app).await;
    assert_eq!(all.len(), 17_000);
    // City centre, Wanzhou, the far north-east and south-east corners, and a point outside the city.
    let points = [
        (29.5630, 106.5516),
        (30.8079, 108.4086),
        (31.95, 109.9),
        (28.30, 109.2),
        (32.5, 105.0),
    ];
    for (lat, lon) in points {
        let p = LatLon { lat, lon };
        let mut brute: Vec<f64> = all.iter().map(|(_, q)| haversine_m(p, *q)).collect();
        brute.sort_by(f64::total_cmp);
        let q = format!("$orderby=geo.distance(Locations/location,geography'POINT({lon} {lat})')&$top=20&$select=@iot.id&$expand=Locations($select=location)");
        let (s, v) = get_q(&app, "/v1.1/Things", &q).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let got: Vec<f64> = v["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| haversine_m(p, point(t)))
            .collect();
        assert_eq!(got.len(), 20);
        for (i, (g, b)) in got.iter().zip(&brute).enumerate() {
            assert!(
                (g - b).abs() < 0.5,
                "point {lat},{lon} rank {i}: server {g} m vs brute force {b} m"
            );
        }
        // The contract's nearby request: st_within a box + nearest first.
        let bx = bbox_wkt(p, 0.4);
        let q = format!("$filter=st_within(Locations/location,geography'{bx}')&$orderby=geo.distance(Locations/location,geography'POINT({lon} {lat})')&$top=20&$select=@iot.id,name,properties&$expand={EXPAND_LATEST}");
        let (s, v) = get_q(&app, "/v1.1/Things", &q).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let inside: Vec<f64> = all
            .iter()
            .filter(|(_, q)| (q.lon - lon).abs() <= 0.4 && (q.lat - lat).abs() <= 0.4)
            .map(|(_, q)| haversine_m(p, *q))
            .collect();
        let mut inside = inside;
        inside.sort_by(f64::total_cmp);
        let got: Vec<f64> = v["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| haversine_m(p, point(t)))
            .collect();
        assert_eq!(got.len(), inside.len().min(20), "box around {lat},{lon}");
        for (g, b) in got.iter().zip(&inside) {
            assert!((g - b).abs() < 0.5);
        }
    }
}

/// Every station's id, position and water body, straight from the database (the brute-force reference).
fn stations() -> Vec<(i64, LatLon, String)> {
    let conn = rusqlite::Connection::open(city().dir.path().join("t.sqlite")).unwrap();
    let mut st = conn
        .prepare(
            "SELECT t.id, l.location, json_extract(t.properties, '$.waterBody') FROM things t \
             JOIN thing_locations tl ON tl.thing_id = t.id JOIN locations l ON l.id = tl.location_id",
        )
        .unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(1)?, r.get(2)?)))
        .unwrap();
    rows.map(|r| {
        let (id, loc, body) = r.unwrap();
        let v: serde_json::Value = serde_json::from_str(&loc).unwrap();
        (
            id,
            point(&serde_json::json!({"Locations": [{"location": v}]})),
            body,
        )
    })
    .collect()
}

/// The nearest-first search (R*Tree candidates, then exact boxes, then the plain query) against brute force:
/// from outside the city with and without the contract's 160 km box, with `$skip`, and with a filter that
/// rejects most of the R*Tree's candidates.
#[tokio::test]
async fn nearest_first_paths_match_brute_force() {
    use qingshui_core::geo::BBox;
    let app = app(city().state.clone());
    let all = stations();
    let centre = LatLon::new(29.5630, 106.5516);
    let chengdu = LatLon::new(30.66, 104.07);
    // (point, contract box radius, water body filter, $top, $skip)
    type Case = (LatLon, Option<f64>, Option<&'static str>, u32, u32);
    let cases: [Case; 5] = [
        (chengdu, None, None, 20, 0),
        (chengdu, Some(160e3), None, 20, 0),
        (centre, Some(10e3), None, 10, 7),
        (centre, Some(40e3), Some("reservoir"), 20, 0),
        (centre, None, Some("lake"), 20, 3),
    ];
    for (p, radius, body, top, skip) in cases {
        let bx = radius.map(|r| BBox::around(p, r));
        let mut brute: Vec<f64> = all
            .iter()
            .filter(|(_, q, b)| bx.is_none_or(|bx| bx.contains(*q)) && body.is_none_or(|w| b == w))
            .map(|(_, q, _)| haversine_m(p, *q))
            .collect();
        brute.sort_by(f64::total_cmp);
        let want: Vec<f64> = brute
            .into_iter()
            .skip(skip as usize)
            .take(top as usize)
            .collect();
        let mut filters: Vec<String> = bx
            .map(|b| {
                format!(
                    "st_within(Locations/location,geography'{}')",
                    b.to_wkt_polygon()
                )
            })
            .into_iter()
            .collect();
        filters.extend(body.map(|w| format!("properties/waterBody eq '{w}'")));
        let filter = match filters.is_empty() {
            true => String::new(),
            false => format!("$filter={}&", filters.join(" and ")),
        };
        let q = format!("{filter}$orderby=geo.distance(Locations/location,geography'POINT({} {})')&$top={top}&$skip={skip}&$select=@iot.id&$expand=Locations($select=location)", p.lon, p.lat);
        let (s, v) = get_q(&app, "/v1.1/Things", &q).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let got: Vec<f64> = v["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| haversine_m(p, point(t)))
            .collect();
        assert_eq!(got.len(), want.len(), "{q}");
        for (i, (g, b)) in got.iter().zip(&want).enumerate() {
            assert!(
                (g - b).abs() < 0.5,
                "{q}: rank {i}: server {g} m vs brute force {b} m"
            );
        }
    }
}

#[tokio::test]
async fn nearby_answer_has_what_the_client_reads() {
    let app = app(city().state.clone());
    let p = LatLon {
        lat: 29.5630,
        lon: 106.5516,
    };
    let q = format!("$filter=st_within(Locations/location,geography'{}')&$orderby=geo.distance(Locations/location,geography'POINT({} {})')&$top=20&$select=@iot.id,name,properties&$expand={EXPAND_LATEST}", bbox_wkt(p, 0.1), p.lon, p.lat);
    let (s, v) = get_q(&app, "/v1.1/Things", &q).await;
    assert_eq!(s, StatusCode::OK);
    let first = &v["value"][0];
    for key in [
        "nameEn",
        "waterBody",
        "targetClass",
        "district",
        "districtEn",
        "river",
        "riverEn",
    ] {
        assert!(first["properties"][key].is_string(), "{key}");
    }
    let ds = first["Datastreams"].as_array().unwrap();
    assert_eq!(ds.len(), 6);
    for d in ds {
        assert!(d["ObservedProperty"]["name"].is_string());
        assert!(d["unitOfMeasurement"]["symbol"].is_string());
        let obs = d["Observations"].as_array().unwrap();
        assert_eq!(obs.len(), 1);
        assert!(obs[0]["result"].is_number());
    }
    assert!(
        first.get("description").is_none(),
        "$select keeps the answer small"
    );
    // Each expanded `Observations($top=1)` got what it asked for: no per-datastream next link.
    assert!(!v.to_string().contains("Observations@iot.nextLink"));
    assert!(v.to_string().len() < 60_000, "{}", v.to_string().len());
}

#[tokio::test]
async fn station_page_by_ids_and_search_requests() {
    let app = app(city().state.clone());
    let since = "2026-11-21T08:00:00Z";
    let q = format!("$select=@iot.id,name,description,properties&$expand=Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=100;$filter=phenomenonTime ge {since}))");
    let (s, t) = get_q(&app, "/v1.1/Things(17)", &q).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["@iot.id"], 17);
    for d in t["Datastreams"].as_array().unwrap() {
        let obs = d["Observations"].as_array().unwrap();
        assert!(!obs.is_empty() && obs.len() <= 42);
        let times: Vec<&str> = obs
            .iter()
            .map(|o| o["phenomenonTime"].as_str().unwrap())
            .collect();
        assert!(times.windows(2).all(|w| w[0] > w[1]), "newest first");
        assert!(times.iter().all(|t| *t >= since));
    }
    let q = format!("$filter=@iot.id eq 5 or @iot.id eq 42 or @iot.id eq 16999&$select=@iot.id,name,properties&$expand={EXPAND_LATEST}");
    let (_, v) = get_q(&app, "/v1.1/Things", &q).await;
    assert_eq!(ids(&v), vec![5, 42, 16999]);
    let q = format!("$filter=substringof('江北',name) or substringof('江北',properties/nameEn)&$top=20&$select=@iot.id,name,properties&$expand={EXPAND_LATEST}");
    let (_, v) = get_q(&app, "/v1.1/Things", &q).await;
    let names = v["value"].as_array().unwrap();
    assert_eq!(names.len(), 20);
    assert!(names
        .iter()
        .all(|t| t["name"].as_str().unwrap().contains("江北")));
    let q = "$filter=substringof('Wanzhou',properties/nameEn)&$top=5&$select=properties";
    let (_, v) = get_q(&app, "/v1.1/Things", q).await;
    assert!(v["value"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["properties"]["districtEn"] == "Wanzhou"));
}

#[test]
fn class_mix_is_realistic_by_gb3838() {
    let c = city();
    let conn = rusqlite::Connection::open(c.dir.path().join("t.sqlite")).unwrap();
    let mut st = conn
        .prepare(
            "SELECT d.thing_id, d.observed_property_id, o.result, json_extract(t.properties, '$.waterBody'), d.phenomenon_time_end \
             FROM datastreams d JOIN things t ON t.id = d.thing_id \
             JOIN observations o ON o.datastream_id = d.id AND o.phenomenon_time = d.phenomenon_time_end ORDER BY d.thing_id",
        )
        .unwrap();
    let params = [
        Parameter::Ph,
        Parameter::DissolvedOxygen,
        Parameter::PermanganateIndex,
        Parameter::AmmoniaNitrogen,
        Parameter::TotalPhosphorus,
        Parameter::TotalNitrogen,
    ];
    let mut worst = vec![WaterClass::I; 17_001];
    let mut latest = vec![0i64; 17_001];
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, f64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (thing, op, value, body, end) = row.unwrap();
        let body = WaterBody::parse(&body);
        if let Some(class) = classify(params[(op - 1) as usize], value, body) {
            worst[thing as usize] = worst[thing as usize].max(class);
        }
        latest[thing as usize] = latest[thing as usize].max(end);
    }
    let share = |f: &dyn Fn(WaterClass) -> bool| {
        worst[1..].iter().filter(|c| f(**c)).count() as f64 / 17_000.0
    };
    let good = share(&|c| matches!(c, WaterClass::II | WaterClass::III));
    let middling = share(&|c| matches!(c, WaterClass::IV | WaterClass::V));
    let worse = share(&|c| c == WaterClass::WorseThanV);
    assert!(good > 0.5, "II–III {good}");
    assert!((0.05..0.4).contains(&middling), "IV–V {middling}");
    assert!((0.002..0.05).contains(&worse), "劣V {worse}");
    let now = qingshui_server::sta::time::parse(NOW).unwrap();
    let stale = latest[1..]
        .iter()
        .filter(|t| **t < now - 86_400_000)
        .count() as f64
        / 17_000.0;
    assert!((0.003..0.03).contains(&stale), "stale {stale}");
}
