//! `$filter` functions and operators on the fixture (STA v1.1 §9.3.3.5.1–2; geo functions in metres).
mod common;
use axum::http::StatusCode;
use common::*;

async fn things(app: &axum::Router, filter: &str) -> Vec<i64> {
    let (s, v) = get_q(app, "/v1.1/Things", &format!("$filter={filter}")).await;
    assert_eq!(s, StatusCode::OK, "{filter}: {v}");
    ids(&v)
}

#[tokio::test]
async fn comparisons_logic_and_arithmetic() {
    let (app, t, _d) = fixture().await;
    let (a, b, c, d) = (t[0], t[1], t[2], t[3]);
    let (by_id, by_quoted) = (format!("@iot.id eq {c}"), format!("id eq '{c}'"));
    let table: Vec<(&str, Vec<i64>)> = vec![
        ("name eq 'Beta River'", vec![b]),
        ("name ne 'Beta River'", vec![a, c, d]),
        ("properties/depth gt 5", vec![b, c]),
        ("properties/depth ge 5", vec![b, c, d]),
        ("properties/depth lt 5", vec![a]),
        ("properties/depth le 5", vec![a, d]),
        (
            "properties/depth gt 4 and properties/depth lt 10",
            vec![b, d],
        ),
        (
            "properties/depth lt 4 or properties/depth gt 10",
            vec![a, c],
        ),
        ("not (properties/depth gt 4)", vec![a]),
        ("properties/depth add 1 eq 8", vec![b]),
        ("properties/depth sub 2 eq 1", vec![a]),
        ("properties/depth mul 2 eq 24", vec![c]),
        ("properties/depth div 2 eq 3.5", vec![b]),
        ("properties/depth mod 5 eq 2", vec![b, c]),
        ("-properties/depth lt -10", vec![c]),
        ("properties/targetClass eq 'II'", vec![a, d]),
        ("properties/missing eq null", vec![a, b, c, d]),
        (&by_id, vec![c]),
        (&by_quoted, vec![c]),
        ("@iot.id eq 'abc'", vec![]),
    ];
    for (f, want) in table {
        assert_eq!(things(&app, f).await, want, "{f}");
    }
}

#[tokio::test]
async fn string_functions() {
    let (app, t, _d) = fixture().await;
    let (a, b, c, d) = (t[0], t[1], t[2], t[3]);
    let table: Vec<(&str, Vec<i64>)> = vec![
        ("substringof('eta', name)", vec![b]),
        ("substringof('Gam', properties/nameEn)", vec![c]),
        ("contains(name, 'Lake')", vec![c]),
        ("startswith(name, 'Al')", vec![a]),
        ("endswith(name, 'River')", vec![b]),
        ("tolower(name) eq 'gamma lake'", vec![c]),
        ("toupper(name) eq 'ALPHA CREEK'", vec![a]),
        ("length(name) eq 10", vec![b, c]),
        ("indexof(name, 'River') eq 5", vec![b]),
        ("trim(name) eq 'delta o''brien'", vec![d]),
        ("concat(properties/nameEn, '!') eq 'Beta!'", vec![b]),
        ("substring(name, 1) eq 'lpha Creek'", vec![a]),
        ("substringof('o''b', name)", vec![d]),
    ];
    for (f, want) in table {
        assert_eq!(things(&app, f).await, want, "{f}");
    }
}

#[tokio::test]
async fn times_and_date_parts() {
    let (app, _, _d) = fixture().await;
    let count = |q: String| {
        let app = app.clone();
        async move {
            let (s, v) = get_q(
                &app,
                "/v1.1/Observations",
                &format!("$filter={q}&$count=true&$top=0"),
            )
            .await;
            assert_eq!(s, StatusCode::OK, "{q}: {v}");
            v["@iot.count"].as_i64().unwrap()
        }
    };
    assert_eq!(
        count("phenomenonTime ge 2026-11-28T05:00:00Z".into()).await,
        16
    );
    assert_eq!(
        count("phenomenonTime gt 2026-11-28T13:00:00+08:00".into()).await,
        8
    );
    assert_eq!(
        count("phenomenonTime lt '2026-11-28T03:00:00Z'".into()).await,
        8
    );
    assert_eq!(count("year(phenomenonTime) eq 2026 and month(phenomenonTime) eq 11 and day(phenomenonTime) eq 28".into()).await, 24);
    assert_eq!(count("hour(phenomenonTime) eq 8".into()).await, 8);
    assert_eq!(
        count("minute(phenomenonTime) eq 0 and second(phenomenonTime) eq 0".into()).await,
        24
    );
    assert_eq!(count("result gt 30".into()).await, 6);
    assert_eq!(count("round(result) eq 4".into()).await, 1);
    assert_eq!(
        count("floor(result) eq 3 or ceiling(result) eq 5".into()).await,
        2
    );
    assert_eq!(
        count("Datastream/Thing/properties/nameEn eq 'Gamma'".into()).await,
        6
    );
}

#[tokio::test]
async fn geo_functions_on_things_locations_and_datastreams() {
    let (app, t, _d) = fixture().await;
    let (a, b, c, d) = (t[0], t[1], t[2], t[3]);
    let near_a = "geography'POINT(106.55 29.55)'";
    let box_ab = "geography'POLYGON((106.5 29.5,106.65 29.5,106.65 29.65,106.5 29.65,106.5 29.5))'";
    let table: Vec<(String, Vec<i64>)> = vec![
        (
            format!("geo.distance(Locations/location,{near_a}) lt 1000"),
            vec![a],
        ),
        // Alpha–Beta is about 7.3 km on the ground.
        (
            format!("geo.distance(Locations/location,{near_a}) lt 8000"),
            vec![a, b],
        ),
        (
            format!("geo.distance(Locations/location,{near_a}) gt 8000"),
            vec![c, d],
        ),
        (
            format!("st_within(Locations/location,{box_ab})"),
            vec![a, b],
        ),
        (
            format!("st_intersects(Locations/location,{box_ab})"),
            vec![a, b],
        ),
        (
            format!("geo.intersects(Locations/location,{box_ab})"),
            vec![a, b],
        ),
        (
            format!("st_disjoint(Locations/location,{box_ab})"),
            vec![c, d],
        ),
        (
            format!("st_within(Locations/location,{box_ab}) and properties/depth gt 5"),
            vec![b],
        ),
    ];
    for (f, want) in table {
        assert_eq!(things(&app, &f).await, want, "{f}");
    }
    let (_, v) = get_q(
        &app,
        "/v1.1/Things",
        &format!("$orderby=geo.distance(Locations/location,{near_a})"),
    )
    .await;
    assert_eq!(ids(&v), vec![a, b, c, d]);
    let (_, v) = get_q(
        &app,
        "/v1.1/Things",
        &format!("$orderby=geo.distance(Locations/location,{near_a}) desc&$top=1"),
    )
    .await;
    assert_eq!(ids(&v), vec![d]);
    let (_, v) = get_q(
        &app,
        "/v1.1/Locations",
        &format!("$filter=st_within(location,{box_ab})&$select=name"),
    )
    .await;
    assert_eq!(v["value"].as_array().unwrap().len(), 2);
    let (_, v) = get_q(
        &app,
        "/v1.1/Datastreams",
        &format!("$filter=st_within(Thing/Locations/location,{box_ab})&$count=true"),
    )
    .await;
    assert_eq!(v["@iot.count"], 4);
    let (s, v) = get_q(
        &app,
        "/v1.1/Things",
        &format!("$filter=geo.distance(Locations/location,{near_a}) lt 8000&$count=true"),
    )
    .await;
    assert_eq!((s, v["@iot.count"].as_i64()), (StatusCode::OK, Some(2)));
}
