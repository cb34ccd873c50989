use qingshui_core::quality::WaterBody;
use qingshui_core::sta::IotId;
use qingshui_core::station::Status;

use super::*;

fn report(id: i64, pos: Option<(f64, f64)>) -> StationReport {
    StationReport {
        id: IotId::Num(id),
        name: format!("站{id}"),
        name_en: None,
        position: pos.map(|(lat, lon)| LatLon { lat, lon }),
        water_body: WaterBody::River,
        target: None,
        status: Status::NoData,
        items: Vec::new(),
        missing: Vec::new(),
        latest_ms: None,
    }
}

const HOME: LatLon = LatLon {
    lat: 29.5630,
    lon: 106.5516,
};

fn ids(list: &[NearStation]) -> Vec<String> {
    list.iter().map(|s| s.report.id.to_string()).collect()
}

#[test]
fn rank_sorts_by_precise_distance_dedupes_and_keeps_n() {
    let reports = vec![
        report(1, Some((29.70, 106.55))),     // ~15 km north
        report(2, None),                      // no position: last
        report(3, Some((29.5640, 106.5516))), // ~110 m
        report(1, Some((29.70, 106.55))),     // duplicate from a second page
        report(4, Some((29.60, 106.55))),     // ~4 km
    ];
    let ranked = rank(reports.clone(), Some(HOME), 10);
    assert_eq!(ids(&ranked), ["3", "4", "1", "2"]);
    let d = ranked[0].distance_m.unwrap();
    assert!((100.0..125.0).contains(&d), "{d}");
    assert_eq!(ranked[3].distance_m, None);
    assert_eq!(ids(&rank(reports, Some(HOME), 2)), ["3", "4"]);
}

#[test]
fn without_origin_server_order_is_kept() {
    let ranked = rank(
        vec![report(5, Some((1.0, 1.0))), report(6, Some((0.0, 0.0)))],
        None,
        10,
    );
    assert_eq!(ids(&ranked), ["5", "6"]);
}

#[test]
fn position_flow_locating_loading_loaded() {
    let mut s = NearbyState::default();
    assert_eq!(s.phase, Phase::Idle);
    let g = s.begin(Query::Position);
    assert_eq!(s.phase, Phase::Locating);
    assert!(s.busy());
    s.located(g, HOME);
    assert_eq!(s.phase, Phase::Loading);
    assert_eq!(s.position, Some(HOME), "searches measure from it");
    assert!(s.finish(g, Ok(vec![report(1, Some((29.6, 106.5)))]), Some(HOME), 10));
    assert_eq!(s.phase, Phase::Loaded);
    assert_eq!(s.stations.len(), 1);
    assert!(!s.busy());
}

#[test]
fn empty_and_failed() {
    let mut s = NearbyState::default();
    let g = s.begin(Query::District("渝中区".into()));
    assert_eq!(s.phase, Phase::Loading);
    s.finish(g, Ok(vec![]), Some(HOME), 10);
    assert_eq!(s.phase, Phase::Empty);
    let g = s.begin(Query::Search("x".into()));
    s.finish(g, Err(Problem::Offline), None, 10);
    assert_eq!(s.phase, Phase::Failed(Problem::Offline));
    assert_eq!(
        s.query,
        Some(Query::Search("x".into())),
        "retry repeats the last query"
    );
}

#[test]
fn a_stale_answer_cannot_overwrite_a_newer_request() {
    let mut s = NearbyState::default();
    let old = s.begin(Query::Position);
    let new = s.begin(Query::District("江北区".into()));
    s.located(old, HOME);
    assert_eq!(s.phase, Phase::Loading);
    assert!(!s.finish(old, Err(Problem::LocationDenied), None, 10));
    assert_eq!(s.phase, Phase::Loading);
    assert!(s.finish(new, Ok(vec![report(9, None)]), None, 10));
    assert_eq!(ids(&s.stations), ["9"]);
}

#[test]
fn a_kept_list_shows_until_an_answer_and_is_hidden_while_one_is_on_its_way() {
    let kept = KeptView {
        why: Shown::Earlier,
        fetched_ms: 5,
        place: Place::Position,
    };
    let mut s = NearbyState {
        kept: Some(kept.clone()),
        ..NearbyState::default()
    };
    assert_eq!(s.shown_kept(), Some(&kept));
    let old = s.begin(Query::Position);
    assert_eq!(s.shown_kept(), None, "busy: the page says it is locating");
    let new = s.begin(Query::Position);
    assert!(!s.finish(old, Err(Problem::Offline), None, 10));
    assert_eq!(s.kept, Some(kept), "a stale answer changes nothing");
    assert!(s.finish(new, Err(Problem::LocationDenied), None, 10));
    assert_eq!(
        s.kept, None,
        "an applied answer, even a failure, replaces the kept list"
    );
}

#[test]
fn errors_map_to_problems() {
    assert_eq!(Problem::from(GeoError::Denied), Problem::LocationDenied);
    assert_eq!(Problem::from(GeoError::Timeout), Problem::LocationTimeout);
    assert_eq!(Problem::from(&ApiError::Timeout), Problem::Timeout);
    assert_eq!(
        Problem::from(&ApiError::Http {
            status: 500,
            message: "x".into()
        }),
        Problem::Server
    );
    assert_eq!(
        Problem::from(&ApiError::Decode("x".into())),
        Problem::BadAnswer
    );
    assert_eq!(
        Problem::from(&ApiError::Network("x".into())),
        Problem::Network
    );
}
