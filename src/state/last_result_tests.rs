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
    serde_json::from_str(&thing_text(id)).expect("test thing parses")
}

/// [`thing`] as the server's text.
fn thing_text(id: i64) -> String {
    format!(
        r#"{{"@iot.id":{id},"name":"站{id}","properties":{{"nameEn":"Station {id}","targetClass":"III"}},
        "Locations":[{{"location":{{"type":"Point","coordinates":[106.55,29.56]}}}}],
        "Datastreams":[{{"@iot.id":{ds},"name":"NH3-N","unitOfMeasurement":{{"name":"milligram per litre","symbol":"mg/L"}},
          "ObservedProperty":{{"name":"Ammonia Nitrogen (NH3-N)"}},
          "Observations":[{{"result":0.4,"phenomenonTime":"2026-11-28T08:00:00Z"}}]}}]}}"#,
        ds = id * 10
    )
}

/// The stations of an answer with the stations `ids`, and their texts as `platform::json::items`
/// gives them.
fn answer(ids: &[i64]) -> (Vec<Thing>, Vec<String>) {
    let texts: Vec<String> = ids.iter().map(|&id| thing_text(id)).collect();
    let text = format!(r#"{{"value":[{}]}}"#, texts.join(","));
    (
        ids.iter().map(|&id| thing(id)).collect(),
        json::items(&text, "value"),
    )
}

/// The copy kept of the `shown` stations of an answer with the stations `ids`.
fn keep(place: &Place, shown: &[NearStation], ids: &[i64]) -> Option<String> {
    let (things, items) = answer(ids);
    KeptAnswer {
        sta_url: STA,
        place,
        fetched_ms: READ_MS,
        shown,
        things: &things,
        items: &items,
    }
    .to_json()
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
    let shown = [near(3, 120.0), near(1, 800.0)];
    let text = keep(&Place::Position, &shown, &[1, 2, 3, 4]).unwrap();
    let kept = KeptNearby::parse(&text, STA).unwrap();
    assert_eq!(kept.stations.len(), 2);
    assert_eq!(kept.stations[0].thing, thing(3));
    assert_eq!(kept.stations[0].distance_m, Some(120.0));
    assert_eq!(kept.stations[1].thing, thing(1));
    assert!(keep(&Place::Position, &[], &[1, 2]).is_none());
    // A shown station the answer lacks is left out; with none of them there is nothing to keep.
    let text = keep(&Place::Position, &[near(5, 1.0), near(2, 9.0)], &[1, 2]).unwrap();
    let kept = KeptNearby::parse(&text, STA).unwrap();
    assert_eq!(ids(&kept.near_stations(READ_MS, DAY)), vec![IotId::Num(2)]);
    assert!(keep(&Place::Position, &[near(5, 1.0)], &[1, 2]).is_none());
}

#[test]
fn a_kept_list_round_trips_and_is_assessed_again_when_shown() {
    let shown = [near(2, 50.0), near(1, 300.0)];
    let place = Place::District("渝中区".into());
    let back =
        KeptNearby::parse(&keep(&place, &shown, &[1, 2]).unwrap(), STA).expect("parses back");
    assert_eq!(
        back,
        KeptNearby {
            sta_url: STA.into(),
            place,
            fetched_ms: READ_MS,
            stations: vec![
                KeptStation {
                    thing: thing(2),
                    distance_m: Some(50.0)
                },
                KeptStation {
                    thing: thing(1),
                    distance_m: Some(300.0)
                },
            ],
        }
    );

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
    let json = keep(&Place::Position, &[near(1, 10.0)], &[1]).unwrap();
    assert!(KeptNearby::parse(&json, STA).is_some());
    assert!(KeptNearby::parse(&json, "https://other.example/v1.1").is_none());
    assert!(KeptNearby::parse("{not json", STA).is_none());
    assert!(KeptNearby::parse("", STA).is_none());
    let empty =
        format!(r#"{{"sta_url":"/v1.1","place":"Position","fetched_ms":{READ_MS},"stations":[]}}"#);
    assert!(KeptNearby::parse(&empty, STA).is_none());
}

#[test]
fn copies_are_stored_in_the_form_earlier_versions_wrote() {
    // As serde's derived impls wrote them (a `Place` as an externally tagged enum, `KeptStations`
    // as a bare list): copies kept by an earlier version read back, and an earlier version reads
    // the new ones. Each station is the server's own text of it.
    let value = |s: &str| serde_json::from_str::<Value>(s).unwrap();
    let (t1, t2) = (thing_text(1), thing_text(2));
    let shown = [
        near(2, 50.5),
        NearStation {
            distance_m: None,
            ..near(1, 0.0)
        },
    ];
    let want = format!(
        r#"{{"sta_url":"/v1.1","place":{{"District":"渝中区"}},"fetched_ms":{READ_MS},
        "stations":[{{"thing":{t2},"distance_m":50.5}},{{"thing":{t1},"distance_m":null}}]}}"#
    );
    let district = Place::District("渝中区".into());
    assert_eq!(
        value(&keep(&district, &shown, &[1, 2]).unwrap()),
        value(&want)
    );
    let want = format!(
        r#"{{"sta_url":"/v1.1","place":"Position","fetched_ms":{READ_MS},
        "stations":[{{"thing":{t1},"distance_m":null}}]}}"#
    );
    assert_eq!(
        value(&keep(&Place::Position, &shown[1..], &[1]).unwrap()),
        value(&want)
    );
    let pages = KeptStations(vec![page(1, READ_MS)]);
    let want = format!(r#"[{{"sta_url":"/v1.1","fetched_ms":{READ_MS},"thing":{t1}}}]"#);
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
