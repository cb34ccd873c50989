//! `$expand` is answered by three SQL forms (server/src/sta/sql/batch.rs): one query per parent for a few
//! parents, one `IN (…)` query for many, and a scalar subquery when each parent needs one row. Which form
//! runs depends only on the number of parents and on `$top`/`$count`, so the same parent must get the same
//! children whichever form served it.
mod common;
use axum::http::StatusCode;
use common::*;
use serde_json::Value;

const NOW: &str = "2026-11-28T08:00:00Z";

/// `value` of a collection request, asserting 200.
async fn page(app: &axum::Router, path: &str, query: &str) -> Vec<Value> {
    let (s, v) = get_q(app, path, query).await;
    assert_eq!(s, StatusCode::OK, "{path}?{query}: {v}");
    v["value"].as_array().unwrap().clone()
}

/// `member` of each item, the count and next link members left out.
fn members(items: &[Value], member: &str) -> Vec<Value> {
    items.iter().map(|i| i[member].clone()).collect()
}

#[tokio::test]
async fn few_and_many_parents_get_the_same_children() {
    // 80 stations: 80 Things (more parents than get a query each), 480 Datastreams.
    let (state, _dir) = state(80, None, NOW);
    let app = qingshui_server::app(state);

    // To-many with a page cut in the middle: per-parent queries (5 parents) against one IN query (75).
    let sub = "Datastreams($top=2;$skip=1;$orderby=name desc;$select=name)";
    let few = page(
        &app,
        "/v1.1/Things",
        &format!("$top=5&$orderby=id&$expand={sub}"),
    )
    .await;
    let many = page(
        &app,
        "/v1.1/Things",
        &format!("$top=75&$orderby=id&$expand={sub}"),
    )
    .await;
    assert_eq!(many.len(), 75);
    assert_eq!(
        members(&few, "Datastreams"),
        members(&many[..5], "Datastreams")
    );
    assert!(few
        .iter()
        .all(|t| t["Datastreams"].as_array().unwrap().len() == 2));

    // One row each (scalar subquery) against two rows each for the count's next link (IN and per parent).
    let obs = "Observations($top=1;$select=result,phenomenonTime;$orderby=phenomenonTime desc)";
    let counted = "Observations($top=1;$count=true;$select=result,phenomenonTime;$orderby=phenomenonTime desc)";
    let q = |top: u32, o: &str| {
        format!("$top={top}&$orderby=id&$expand={o},ObservedProperty($select=name)")
    };
    let scalar = page(&app, "/v1.1/Datastreams", &q(100, obs)).await;
    let in_list = page(&app, "/v1.1/Datastreams", &q(100, counted)).await;
    let per_parent = page(&app, "/v1.1/Datastreams", &q(5, counted)).await;
    assert_eq!(
        members(&scalar, "Observations"),
        members(&in_list, "Observations")
    );
    assert_eq!(
        members(&scalar[..5], "Observations"),
        members(&per_parent, "Observations")
    );
    assert_eq!(
        members(&scalar, "ObservedProperty"),
        members(&in_list, "ObservedProperty")
    );
    for d in &in_list {
        assert_eq!(d["Observations"].as_array().unwrap().len(), 1);
        assert!(d["Observations@iot.count"].as_i64().unwrap() > 1);
        assert!(d["Observations@iot.nextLink"].is_string());
        assert!(d["ObservedProperty"]["name"].is_string());
    }
    // Without the count no next link is due, so none is written.
    assert!(scalar
        .iter()
        .all(|d| d.get("Observations@iot.nextLink").is_none()));
}

#[tokio::test]
async fn a_parent_listed_twice_gets_the_same_whichever_form() {
    let (state, _dir) = state(20, None, NOW);
    let app = qingshui_server::app(state);
    // 120 Datastreams share 8 ObservedProperties, so the nested expand lists each one many times: 18 parents
    // get a query each, 70 share one IN query.
    let q = |top: u32| {
        format!("$top={top}&$orderby=id&$expand=ObservedProperty($select=name;$expand=Datastreams($top=2;$orderby=id desc;$select=name))")
    };
    let few = page(&app, "/v1.1/Datastreams", &q(18)).await;
    let many = page(&app, "/v1.1/Datastreams", &q(70)).await;
    assert_eq!(
        members(&few, "ObservedProperty"),
        members(&many[..18], "ObservedProperty")
    );
    let names: std::collections::HashSet<&str> = few
        .iter()
        .map(|d| d["ObservedProperty"]["name"].as_str().unwrap())
        .collect();
    assert!(names.len() < few.len(), "no ObservedProperty repeats");
    assert!(
        few[0]["ObservedProperty"]["Datastreams"]
            .as_array()
            .unwrap()
            .len()
            == 2
    );
}
