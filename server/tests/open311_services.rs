//! Open311 service list and definitions: catalogue, attributes, locale switching, errors.
mod open311_support;

use axum::http::StatusCode;
use open311_support::*;
use serde_json::Value;

const CODES: [&str; 9] = [
    "sewage",
    "water_colour",
    "water_smell",
    "dead_fish",
    "floating_rubbish",
    "algae_bloom",
    "burst_pipe",
    "waterlogging",
    "other",
];

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn service_list_has_every_category_with_spec_fields() {
    let (app, _d) = app_default();
    let a = get(&app, "/open311/v2/services.json", &[]).await;
    assert_eq!(a.status, StatusCode::OK);
    let list = a.json.as_array().unwrap();
    let codes: Vec<&str> = list
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, CODES);
    for s in list {
        for key in ["service_name", "description", "keywords", "group"] {
            assert!(s[key].as_str().is_some_and(|t| !t.is_empty()), "{key}: {s}");
        }
        assert_eq!(s["type"], "realtime");
        let with_attrs = [
            "sewage",
            "water_smell",
            "dead_fish",
            "burst_pipe",
            "waterlogging",
        ];
        let code = s["service_code"].as_str().unwrap();
        assert_eq!(
            s["metadata"],
            Value::Bool(with_attrs.contains(&code)),
            "{s}"
        );
    }
    // Default language: Chinese (a Chongqing city service).
    assert_eq!(names(&a.json)[0], "污水直排/偷排");
    assert_eq!(list[0]["group"], "水体");
    assert_eq!(list[6]["group"], "供排水");
}

#[tokio::test]
async fn locale_parameter_and_accept_language_switch_names() {
    let (app, _d) = app_default();
    let en = get(&app, "/open311/v2/services.json?locale=en", &[]).await;
    assert_eq!(names(&en.json)[7], "Street flooding or waterlogging");
    assert_eq!(en.json[0]["group"], "Water body");
    let header_en = get(
        &app,
        "/open311/v2/services.json",
        &[("accept-language", "en-GB,en;q=0.9,zh;q=0.5")],
    )
    .await;
    assert_eq!(names(&header_en.json), names(&en.json));
    // The parameter beats the header.
    let zh = get(
        &app,
        "/open311/v2/services.json?locale=zh-CN",
        &[("accept-language", "en")],
    )
    .await;
    assert_eq!(names(&zh.json)[7], "道路积水/内涝");
    let def = get(&app, "/open311/v2/services/dead_fish.json?locale=en", &[]).await;
    assert_eq!(
        def.json["attributes"][0]["description"],
        "Approximately how many?"
    );
    assert_eq!(
        def.json["attributes"][0]["values"][2]["name"],
        "More than 100"
    );
}

#[tokio::test]
async fn service_definition_lists_attributes_per_spec() {
    let (app, _d) = app_default();
    let a = get(&app, "/open311/v2/services/waterlogging.json", &[]).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    assert_eq!(a.json["service_code"], "waterlogging");
    let attrs = a.json["attributes"].as_array().unwrap();
    assert_eq!(attrs.len(), 2);
    let depth = &attrs[0];
    assert_eq!(depth["variable"], true);
    assert_eq!(depth["code"], "depth");
    assert_eq!(depth["datatype"], "singlevaluelist");
    assert_eq!(depth["required"], true);
    assert_eq!(depth["order"], 1);
    let keys: Vec<&str> = depth["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["ankle", "knee", "waist"]);
    assert_eq!(attrs[1]["code"], "entering_buildings");
    assert_eq!(attrs[1]["required"], false);
    let smell = get(&app, "/open311/v2/services/water_smell.json", &[]).await;
    assert_eq!(smell.json["attributes"][0]["code"], "smell_intensity");
    let none = get(&app, "/open311/v2/services/algae_bloom.json", &[]).await;
    assert_eq!(none.json["attributes"], Value::Array(vec![]));
}

#[tokio::test]
async fn unknown_service_and_xml_answer_open311_errors() {
    let (app, _d) = app_default();
    let a = get(&app, "/open311/v2/services/no_such.json", &[]).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(error_of(&a).1.contains("service_code"));
    for uri in [
        "/open311/v2/services.xml",
        "/open311/v2/services/sewage.xml",
        "/open311/v2/requests.xml",
    ] {
        let a = get(&app, uri, &[]).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(error_of(&a).1.contains("only JSON"), "{uri}");
    }
    let a = get(&app, "/open311/v2/nothing", &[]).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    error_of(&a);
}

#[tokio::test]
async fn operators_can_change_the_catalogue_in_sqlite_and_it_is_not_reseeded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    let conn = rusqlite::Connection::open(&db).unwrap();
    drop(conn);
    let env = [("QINGSHUI_DB", db.to_str().unwrap())];
    {
        let (_app, _d) = app_with(&env);
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("DELETE FROM open311_services WHERE code = 'other'", [])
        .unwrap();
    drop(conn);
    let (app, _d) = app_with(&env);
    let a = get(&app, "/open311/v2/services.json", &[]).await;
    assert_eq!(a.json.as_array().unwrap().len(), CODES.len() - 1);
}
