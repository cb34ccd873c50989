//! Station assessment: single-factor rule of GB 3838-2002 (the worst item class decides), freshness,
//! missing items, deciding items with multiples, and trends.

use super::station_fixtures::{river_station, stream, thing, HOUR, NOW};
use qingshui_core::geo::LatLon;
use qingshui_core::quality::{Parameter, WaterBody, WaterClass};
use qingshui_core::sta::{IotId, ObsResult};
use qingshui_core::station::{assess, trend, Direction3, Status, DEFAULT_FRESHNESS_MS};

/// A deciding item as (parameter, times target, times class V).
type Dec = (Parameter, Option<f64>, Option<f64>);

fn classified(s: &Status) -> (WaterClass, Vec<Dec>) {
    match s {
        Status::Classified { class, deciding } => (
            *class,
            deciding
                .iter()
                .map(|d| (d.parameter, d.times_target, d.times_class_v))
                .collect(),
        ),
        other => panic!("not classified: {other:?}"),
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn worse_than_v_names_the_multiple() {
    // GB 3838-2002 Table 1: NH3-N 2.6 mg/L > class V 2.0 → 劣V, 1.3× class V, 2.6× the class III target.
    let r = assess(&river_station(2.6), NOW, DEFAULT_FRESHNESS_MS);
    let (class, deciding) = classified(&r.status);
    assert_eq!(class, WaterClass::WorseThanV);
    assert_eq!(deciding.len(), 1);
    assert_eq!(deciding[0].0, Parameter::AmmoniaNitrogen);
    assert!(close(deciding[0].1, 2.6));
    assert!(close(deciding[0].2, 1.3));
    assert!(r.missing.is_empty());
    assert_eq!(r.id, IotId::Num(17));
    assert_eq!(r.name_en.as_deref(), Some("Cuntan"));
    assert_eq!(r.position, Some(LatLon::new(29.6, 106.6)));
    assert_eq!(r.water_body, WaterBody::River);
    assert_eq!(r.target, Some(WaterClass::III));
    assert_eq!(r.latest_ms, Some(NOW - HOUR));
}

#[test]
fn worst_item_decides_and_ties_are_all_listed() {
    // CODMn 3 (II), TP 0.05 (II), DO 8 (I), pH (I), NH3-N 0.3 (II): class II, three deciding items.
    let r = assess(&river_station(0.3), NOW, DEFAULT_FRESHNESS_MS);
    let (class, deciding) = classified(&r.status);
    assert_eq!(class, WaterClass::II);
    let params: Vec<Parameter> = deciding.iter().map(|d| d.0).collect();
    use Parameter::*;
    assert_eq!(
        params,
        [PermanganateIndex, AmmoniaNitrogen, TotalPhosphorus]
    );
    assert!(
        deciding.iter().all(|d| d.1.is_none() && d.2.is_none()),
        "no limit broken"
    );
    let items: Vec<(Option<Parameter>, Option<WaterClass>, Option<bool>)> = r
        .items
        .iter()
        .map(|i| (i.parameter, i.class, i.meets_target))
        .collect();
    assert_eq!(
        items,
        [
            (Some(Ph), Some(WaterClass::I), Some(true)),
            (Some(DissolvedOxygen), Some(WaterClass::I), Some(true)),
            (Some(PermanganateIndex), Some(WaterClass::II), Some(true)),
            (Some(AmmoniaNitrogen), Some(WaterClass::II), Some(true)),
            (Some(TotalPhosphorus), Some(WaterClass::II), Some(true)),
        ]
    );
    let tp = &r.items[4];
    assert_eq!(
        (tp.limit_met, tp.target_limit, tp.unit.as_str()),
        (Some(0.1), Some(0.2), "mg/L")
    );
    assert_eq!(
        (r.items[0].limit_met, r.items[0].target_limit),
        (None, None),
        "pH has no single limit"
    );
}

#[test]
fn class_i_station_lists_every_item() {
    let t = thing(
        Some("river"),
        None,
        vec![
            stream("pH", "", &[(2, 7.0)]),
            stream("DO", "mg/L", &[(2, 8.2)]),
            stream("NH3-N", "mg/L", &[(2, 0.1)]),
        ],
    );
    let r = assess(&t, NOW, DEFAULT_FRESHNESS_MS);
    let (class, deciding) = classified(&r.status);
    assert_eq!(class, WaterClass::I);
    assert_eq!(deciding.len(), 3);
    assert_eq!(
        r.missing,
        [Parameter::PermanganateIndex, Parameter::TotalPhosphorus]
    );
    assert!(
        r.items
            .iter()
            .all(|i| i.meets_target.is_none() && i.target_limit.is_none()),
        "no target"
    );
}

#[test]
fn low_oxygen_decides_with_reverse_multiple() {
    // DO 1.6 < 2 (class V) → 劣V; multiple 2 / 1.6 = 1.25 against V, 5 / 1.6 = 3.125 against III.
    let mut t = river_station(0.3);
    t.datastreams[1] = stream("溶解氧", "mg/L", &[(3, 1.6)]);
    let (class, deciding) = classified(&assess(&t, NOW, DEFAULT_FRESHNESS_MS).status);
    assert_eq!(class, WaterClass::WorseThanV);
    assert_eq!(deciding[0].0, Parameter::DissolvedOxygen);
    assert!(close(deciding[0].1, 3.125));
    assert!(close(deciding[0].2, 1.25));
    // pH 9.5 is 劣V without a multiple.
    let mut t = river_station(0.3);
    t.datastreams[0] = stream("pH", "", &[(1, 9.5)]);
    let (class, deciding) = classified(&assess(&t, NOW, DEFAULT_FRESHNESS_MS).status);
    assert_eq!(class, WaterClass::WorseThanV);
    assert_eq!(deciding, [(Parameter::Ph, None, None)]);
}

#[test]
fn stale_readings_are_never_the_current_class() {
    // Everything 25 h old: shown, but the station has no recent data.
    let mut t = river_station(2.6);
    for ds in &mut t.datastreams {
        ds.observations[0].phenomenon_time = Some(qingshui_core::time::format(NOW - 25 * HOUR));
    }
    let r = assess(&t, NOW, DEFAULT_FRESHNESS_MS);
    assert_eq!(
        r.status,
        Status::NoRecentData {
            last_ms: Some(NOW - 25 * HOUR)
        }
    );
    assert_eq!(r.missing.len(), 5);
    assert!(r.items.iter().all(|i| !i.fresh && i.class.is_some()));
    // A wider window makes them fresh again.
    let (class, _) = classified(&assess(&t, NOW, 48 * HOUR).status);
    assert_eq!(class, WaterClass::WorseThanV);
    // The window is inclusive: exactly 24 h old is still fresh.
    let mut t = river_station(0.3);
    t.datastreams[3] = stream("NH3-N", "mg/L", &[(24, 1.2)]);
    assert_eq!(
        classified(&assess(&t, NOW, DEFAULT_FRESHNESS_MS).status).0,
        WaterClass::IV
    );
}

#[test]
fn stale_items_are_missing_and_do_not_decide() {
    // NH3-N 2.6 is stale (30 h): the class comes from the fresh items only, and NH3-N is named missing.
    let mut t = river_station(0.3);
    t.datastreams[3] = stream("NH3-N", "mg/L", &[(30, 2.6)]);
    let r = assess(&t, NOW, DEFAULT_FRESHNESS_MS);
    assert_eq!(classified(&r.status).0, WaterClass::II);
    assert_eq!(r.missing, [Parameter::AmmoniaNitrogen]);
    assert_eq!(r.items[3].class, Some(WaterClass::WorseThanV));
    assert!(!r.items[3].fresh);
}

#[test]
fn no_readings_is_no_data() {
    let r = assess(&thing(None, None, vec![]), NOW, DEFAULT_FRESHNESS_MS);
    assert_eq!(r.status, Status::NoData);
    assert_eq!(r.latest_ms, None);
    let empty = thing(
        None,
        None,
        vec![stream("pH", "", &[]), stream("DO", "mg/L", &[])],
    );
    let r = assess(&empty, NOW, DEFAULT_FRESHNESS_MS);
    assert_eq!(r.status, Status::NoData);
    assert!(r.items.is_empty());
    assert_eq!(r.missing.len(), 5);
}

#[test]
fn lakes_assess_total_nitrogen_rivers_do_not() {
    let streams = || {
        vec![
            stream("pH", "", &[(1, 7.5)]),
            stream("Dissolved Oxygen", "mg/L", &[(1, 8.0)]),
            stream("CODMn", "mg/L", &[(1, 1.5)]),
            stream("NH3-N", "mg/L", &[(1, 0.1)]),
            stream("Total Phosphorus", "mg/L", &[(1, 0.02)]),
            stream("Total Nitrogen", "mg/L", &[(1, 1.2)]),
        ]
    };
    // River: TP 0.02 is I, TN shown but not assessed → class I.
    let r = assess(
        &thing(Some("river"), None, streams()),
        NOW,
        DEFAULT_FRESHNESS_MS,
    );
    assert_eq!(classified(&r.status).0, WaterClass::I);
    let tn = r
        .items
        .iter()
        .find(|i| i.parameter == Some(Parameter::TotalNitrogen))
        .unwrap();
    assert_eq!(
        (tn.class, tn.limit_met, tn.meets_target),
        (None, None, None)
    );
    // Reservoir: TP 0.02 is II (lake limits), TN 1.2 is IV and decides.
    let r = assess(
        &thing(Some("reservoir"), Some("II"), streams()),
        NOW,
        DEFAULT_FRESHNESS_MS,
    );
    let (class, deciding) = classified(&r.status);
    assert_eq!(class, WaterClass::IV);
    assert_eq!(deciding[0].0, Parameter::TotalNitrogen);
    assert!(close(deciding[0].1, 1.2 / 0.5));
    assert_eq!(deciding[0].2, None);
    // A lake without TN names it missing.
    let mut s = streams();
    s.pop();
    let r = assess(&thing(Some("lake"), None, s), NOW, DEFAULT_FRESHNESS_MS);
    assert_eq!(r.missing, [Parameter::TotalNitrogen]);
}

#[test]
fn newest_reading_wins_whatever_the_order_and_units_convert() {
    let t = thing(
        Some("river"),
        None,
        vec![
            stream(
                "Total Phosphorus",
                "µg/L",
                &[(5, 120.0), (1, 250.0), (9, 80.0)],
            ),
            stream("Water Temperature", "°C", &[(1, 14.5)]),
            stream("pH", "", &[(2, 7.1)]),
        ],
    );
    let r = assess(&t, NOW, DEFAULT_FRESHNESS_MS);
    let tp = &r.items[1];
    assert_eq!(tp.parameter, Some(Parameter::TotalPhosphorus));
    assert!((tp.value - 0.25).abs() < 1e-12);
    assert_eq!(tp.time_ms, Some(NOW - HOUR));
    let series: Vec<i64> = tp.series.iter().map(|(t, _)| (NOW - t) / HOUR).collect();
    assert_eq!(series, [9, 5, 1], "oldest first");
    assert_eq!(tp.class, Some(WaterClass::IV));
    // Unknown parameters come last, unconverted, with their own unit.
    let other = &r.items[2];
    assert_eq!(
        (other.parameter, other.label.as_str(), other.unit.as_str()),
        (None, "Water Temperature", "°C")
    );
    assert_eq!((other.value, other.class), (14.5, None));
    assert_eq!(classified(&r.status).0, WaterClass::IV);
}

#[test]
fn numeric_strings_and_junk_results() {
    let mut t = river_station(0.3);
    let nh3 = &mut t.datastreams[3].observations;
    nh3[0].result = ObsResult::Text(" 1.2 ".into());
    let mut junk = nh3[0].clone();
    junk.result = ObsResult::Text("<0.02".into());
    junk.phenomenon_time = Some(qingshui_core::time::format(NOW));
    nh3.push(junk);
    let r = assess(&t, NOW, DEFAULT_FRESHNESS_MS);
    assert!(
        close(Some(r.items[3].value), 1.2),
        "text that is not a number is skipped"
    );
    assert_eq!(classified(&r.status).0, WaterClass::IV);
}

#[test]
fn duplicate_parameters_use_the_newest() {
    let mut t = river_station(0.3);
    t.datastreams.push(stream("氨氮", "mg/L", &[(10, 1.8)]));
    t.datastreams.push(stream("NH3-N", "mg/L", &[(0, 0.1)]));
    let r = assess(&t, NOW, DEFAULT_FRESHNESS_MS);
    assert_eq!(r.items.len(), 7, "every datastream is shown");
    // Newest NH3-N (0.1, class I) counts, so CODMn and TP at II decide.
    let (class, deciding) = classified(&r.status);
    assert_eq!(class, WaterClass::II);
    assert!(deciding.iter().all(|d| d.0 != Parameter::AmmoniaNitrogen));
}

#[test]
fn trends() {
    let s = |v: &[f64]| {
        v.iter()
            .enumerate()
            .map(|(i, v)| (i as i64, *v))
            .collect::<Vec<_>>()
    };
    assert_eq!(trend(&[]), None);
    let t = trend(&s(&[1.0, 1.4, 0.8, 2.0])).unwrap();
    assert_eq!(
        (t.min, t.max, t.first, t.last, t.direction),
        (0.8, 2.0, 1.0, 2.0, Direction3::Rising)
    );
    assert_eq!(
        trend(&s(&[2.0, 1.0])).unwrap().direction,
        Direction3::Falling
    );
    assert_eq!(trend(&s(&[5.0])).unwrap().direction, Direction3::Steady);
    // Within 5 % of the level (|first|) and of the range → steady.
    assert_eq!(
        trend(&s(&[10.0, 14.0, 10.4])).unwrap().direction,
        Direction3::Steady
    );
    assert_eq!(
        trend(&s(&[10.0, 10.1, 10.6])).unwrap().direction,
        Direction3::Rising
    );
    // Around zero the range sets the scale.
    assert_eq!(
        trend(&s(&[0.0, 1.0, 0.04])).unwrap().direction,
        Direction3::Steady
    );
    assert_eq!(
        trend(&s(&[0.0, 0.5, -0.2])).unwrap().direction,
        Direction3::Falling
    );
    assert_eq!(
        trend(&s(&[f64::NAN, 3.0, 6.0])).unwrap().first,
        3.0,
        "non-finite values skipped"
    );
}
