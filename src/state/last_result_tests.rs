use qingshui_core::sta::IotId;
use qingshui_core::station::Status;

use super::*;

const STA: &str = "/v1.1";
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// 2026-11-28T08:00:00Z, the reading time of [`thing`].
const READ_MS: i64 = 1_795_852_800_000;

/// A station as the nearby query returns it: one ammonia reading (0.4 mg/L = class II) at READ_MS.
fn thing(id: i64) -> Thing {
    let json = format!(
        r#"{{"@iot.id":{id},"name":"站{id}","properties":{{"nameEn":"Station {id}","targetClass":"III"}},
        "Locations":[{{"location":{{"type":"Point","coordinates":[106.55,29.56]}}}}],
        "Datastreams":[{{"@iot.id":{ds},"name":"NH3-N","unitOfMeasurement":{{"name":"milligram per litre","symbol":"mg/L"}},
          "ObservedProperty":{{"name":"Ammonia Nitrogen (NH3-N)"}},
          "Observations":[{{"result":0.4,"phenomenonTime":"2026-11-28T08:00:00Z"}}]}}]}}"#,
        ds = id * 10
    );
    serde_json::from_str(&json).expect("test thing parses")
}

fn near(id: i64, distance_m: f64) -> NearStation {
    NearStation {
        report: std::sync::Arc::new(assess(&thing(id), READ_MS, DAY)),
        distance_m: Some(distance_m),
    }
}

fn ids(list: &[NearStation]) -> Vec<IotId> {
    list.iter().map(|s| s.report.id.clone()).collect()
}

#[test]
fn keeps_only_the_shown_stations_in_the_shown_order() {
    let fetched: Vec<Thing> = (1..=4).map(thing).collect();
    let shown = [near(3, 120.0), near(1, 800.0)];
    let kept =
        KeptNearby::from_shown(STA, Place::Position, READ_MS, &shown, fetched.clone()).unwrap();
    assert_eq!(kept.stations.len(), 2);
    assert_eq!(kept.stations[0].thing.id, IotId::Num(3));
    assert_eq!(kept.stations[0].distance_m, Some(120.0));
    assert_eq!(kept.stations[1].thing.id, IotId::Num(1));
    assert!(KeptNearby::from_shown(STA, Place::Position, READ_MS, &[], fetched).is_none());
}

#[test]
fn a_kept_list_round_trips_and_is_assessed_again_when_shown() {
    let fetched: Vec<Thing> = (1..=2).map(thing).collect();
    let shown = [near(2, 50.0), near(1, 300.0)];
    let place = Place::District("渝中区".into());
    let kept = KeptNearby::from_shown(STA, place, READ_MS, &shown, fetched).unwrap();
    let back = KeptNearby::parse(&kept.to_json(), STA).expect("parses back");
    assert_eq!(back, kept);

    // An hour later the readings are still fresh: the same class as when it was fetched.
    let soon = back.near_stations(READ_MS + HOUR, DAY);
    assert_eq!(ids(&soon), vec![IotId::Num(2), IotId::Num(1)]);
    assert_eq!(soon[0].distance_m, Some(50.0));
    assert_eq!(soon[0].report.status, shown[0].report.status);
    assert!(matches!(soon[0].report.status, Status::Classified { .. }));

    // Two days later the same copy no longer claims a class.
    let late = back.near_stations(READ_MS + 2 * DAY, DAY);
    assert_eq!(
        late[0].report.status,
        Status::NoRecentData {
            last_ms: Some(READ_MS)
        }
    );
}

#[test]
fn a_copy_from_another_service_or_broken_json_is_not_shown() {
    let kept = KeptNearby::from_shown(
        STA,
        Place::Position,
        READ_MS,
        &[near(1, 10.0)],
        vec![thing(1)],
    )
    .unwrap();
    let json = kept.to_json();
    assert!(KeptNearby::parse(&json, STA).is_some());
    assert!(KeptNearby::parse(&json, "https://other.example/v1.1").is_none());
    assert!(KeptNearby::parse("{not json", STA).is_none());
    assert!(KeptNearby::parse("", STA).is_none());
    let empty = json.replace(&json::text(&kept.stations), "[]");
    assert!(KeptNearby::parse(&empty, STA).is_none());
}

#[test]
fn copies_are_stored_in_the_form_earlier_versions_wrote() {
    // As serde's derived impls wrote them (a `Place` as an externally tagged enum, `KeptStations`
    // as a bare list): copies kept by an earlier version read back, and an earlier version reads
    // the new ones.
    let t = serde_json::to_string(&thing(1)).unwrap();
    let value = |s: &str| serde_json::from_str::<Value>(s).unwrap();
    let list = KeptNearby {
        sta_url: STA.into(),
        place: Place::District("渝中区".into()),
        fetched_ms: READ_MS,
        stations: vec![
            KeptStation {
                thing: thing(1),
                distance_m: Some(50.5),
            },
            KeptStation {
                thing: thing(1),
                distance_m: None,
            },
        ],
    };
    let want = format!(
        r#"{{"sta_url":"/v1.1","place":{{"District":"渝中区"}},"fetched_ms":{READ_MS},
        "stations":[{{"thing":{t},"distance_m":50.5}},{{"thing":{t},"distance_m":null}}]}}"#
    );
    assert_eq!(value(&list.to_json()), value(&want));
    let here = KeptNearby {
        place: Place::Position,
        stations: vec![],
        ..list
    };
    let want =
        format!(r#"{{"sta_url":"/v1.1","place":"Position","fetched_ms":{READ_MS},"stations":[]}}"#);
    assert_eq!(value(&here.to_json()), value(&want));
    let pages = KeptStations(vec![page(1, READ_MS)]);
    let want = format!(r#"[{{"sta_url":"/v1.1","fetched_ms":{READ_MS},"thing":{t}}}]"#);
    assert_eq!(value(&pages.to_json()), value(&want));
}

fn page(id: i64, fetched_ms: i64) -> KeptThing {
    KeptThing {
        sta_url: STA.into(),
        fetched_ms,
        thing: thing(id),
    }
}

fn page_ids(k: &KeptStations) -> Vec<IotId> {
    k.0.iter().map(|p| p.thing.id.clone()).collect()
}

#[test]
fn station_pages_are_kept_newest_first_once_each_and_at_most_ten() {
    let mut kept = KeptStations::default();
    for id in 1..=12 {
        kept.remember(page(id, id));
    }
    assert_eq!(kept.0.len(), MAX_STATIONS);
    assert_eq!(kept.0[0].thing.id, IotId::Num(12));
    // 1 and 2 were the oldest.
    assert!(kept.find(STA, &IotId::Num(2)).is_none());
    assert!(kept.find(STA, &IotId::Num(3)).is_some());

    // Seeing station 5 again moves it to the front with the new copy; nothing is duplicated.
    kept.remember(page(5, 100));
    assert_eq!(kept.0.len(), MAX_STATIONS);
    assert_eq!(kept.0[0].thing.id, IotId::Num(5));
    assert_eq!(kept.find(STA, &IotId::Num(5)).unwrap().fetched_ms, 100);
    assert_eq!(
        page_ids(&kept)
            .iter()
            .filter(|i| **i == IotId::Num(5))
            .count(),
        1
    );

    // The same id from another service is another station.
    assert!(kept
        .find("https://other.example/v1.1", &IotId::Num(5))
        .is_none());

    let back = KeptStations::parse(Some(&kept.to_json()));
    assert_eq!(back, kept);
    assert_eq!(
        KeptStations::parse(Some("[garbage")),
        KeptStations::default()
    );
    assert_eq!(KeptStations::parse(None), KeptStations::default());
}

#[test]
fn shrinking_drops_the_oldest_half_until_nothing_is_left() {
    let mut kept = KeptStations::default();
    for id in 1..=4 {
        kept.remember(page(id, id));
    }
    assert!(kept.shrink());
    assert_eq!(page_ids(&kept), vec![IotId::Num(4), IotId::Num(3)]);
    assert!(kept.shrink());
    assert!(!kept.shrink());
    assert!(kept.0.is_empty());
}

#[test]
fn only_connection_problems_fall_back_to_a_kept_copy() {
    let table = [
        (Problem::Offline, Some(Shown::Offline)),
        (Problem::Network, Some(Shown::Unreachable)),
        (Problem::Timeout, Some(Shown::Unreachable)),
        (Problem::Server, None),
        (Problem::BadAnswer, None),
        (Problem::LocationDenied, None),
        (Problem::LocationUnavailable, None),
        (Problem::LocationTimeout, None),
        (Problem::LocationUnsupported, None),
    ];
    for (problem, want) in table {
        assert_eq!(Shown::after_problem(problem), want, "{problem:?}");
    }
    assert_eq!(
        Shown::after_error(&ApiError::Http {
            status: 404,
            message: String::new()
        }),
        None
    );
    assert_eq!(Shown::after_error(&ApiError::Offline), Some(Shown::Offline));
}

#[test]
fn copies_stored_by_earlier_versions_are_read_and_incomplete_ones_are_not() {
    let station = r#"{"thing":{"@iot.id":1,"name":"站1"},"distance_m":null}"#;
    let stored = |place: &str, stations: &str| {
        format!(r#"{{"sta_url":"/v1.1","place":{place},"fetched_ms":5,"stations":{stations}}}"#)
    };
    let ok = KeptNearby::parse(
        &stored(r#"{"District":"渝中区"}"#, &format!("[{station}]")),
        STA,
    )
    .expect("the stored format reads");
    assert_eq!(ok.place, Place::District("渝中区".into()));
    assert_eq!((ok.fetched_ms, ok.stations[0].distance_m), (5, None));
    let at_position = stored(r#""Position""#, &format!("[{station}]"));
    assert_eq!(
        KeptNearby::parse(&at_position, STA).map(|k| k.place),
        Some(Place::Position)
    );
    for broken in [
        stored(r#""Elsewhere""#, &format!("[{station}]")),
        stored(r#"{"District":3}"#, &format!("[{station}]")),
        stored(r#""Position""#, r#"[{"distance_m":1}]"#),
        stored(r#""Position""#, r#"[{"thing":{},"distance_m":"far"}]"#),
        at_position.replace(r#""fetched_ms":5,"#, ""),
    ] {
        assert!(KeptNearby::parse(&broken, STA).is_none(), "{broken}");
    }
}
