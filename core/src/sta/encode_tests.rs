// The reference is serde: the derived `Serialize` impls of `types.rs` with serde_json's writer. Each case is
// written by hand here and by serde, and must give the same JSON; read back by `decode`, it must give the
// same entity.

use super::*;
use crate::sta::decode::FromJson;

fn ours<T: ToJson + ?Sized>(v: &T) -> String {
    to_text(v, display_float)
}

/// Floats as serde_json prints them, so that whole texts compare equal (ours print `7`, serde `7.0`).
fn serde_float(v: f64, out: &mut String) {
    out.push_str(&serde_json::to_string(&v).unwrap());
}

fn datastream(id: Option<IotId>, results: Vec<(Option<&str>, ObsResult)>) -> Datastream {
    Datastream {
        id,
        name: Some("氨氮 NH3-N".into()),
        unit: Some(Unit {
            name: Some("milligram per litre".into()),
            symbol: Some("mg/L".into()),
            definition: None,
        }),
        observed_property: Some(ObservedProperty {
            name: "Ammonia Nitrogen".into(),
            definition: Some("http://example.org/nh3n".into()),
        }),
        observations: results
            .into_iter()
            .map(|(t, result)| Observation {
                phenomenon_time: t.map(String::from),
                result,
            })
            .collect(),
    }
}

fn point(lon: f64, lat: f64) -> Location {
    Location {
        location: Some(GeoJson {
            kind: "Point".into(),
            coordinates: Some(Coordinates::Position(vec![lon, lat])),
            geometry: None,
        }),
    }
}

/// Stations as a kept copy holds them: every member filled, every optional one absent, odd ids and
/// results, GeoJSON Features and nested coordinates, and text that must be escaped.
fn things() -> Vec<(&'static str, Thing)> {
    vec![
        (
            "a full station",
            Thing {
                id: IotId::Num(17),
                name: "嘉陵江 磁器口".into(),
                description: Some("Ciqikou monitoring point".into()),
                properties: ThingProperties {
                    name_en: Some("Jialing River, Ciqikou".into()),
                    water_body: Some("river".into()),
                    target_class: Some("III".into()),
                    district: Some("沙坪坝区".into()),
                    district_en: Some("Shapingba".into()),
                    river: Some("嘉陵江".into()),
                    river_en: Some("Jialing".into()),
                },
                locations: vec![point(106.4514, 29.5789)],
                datastreams: vec![datastream(
                    Some(IotId::Num(170)),
                    vec![
                        (Some("2026-11-30T08:00:00Z"), ObsResult::Number(0.42)),
                        (
                            Some("2026-11-30T07:00:00Z/2026-11-30T08:00:00Z"),
                            ObsResult::Text(" 7.2 ".into()),
                        ),
                    ],
                )],
            },
        ),
        ("everything optional absent", Thing::default()),
        (
            "string ids, odd results, whole and tiny numbers",
            Thing {
                id: IotId::Str("cq-0017".into()),
                name: String::new(),
                datastreams: vec![
                    datastream(
                        Some(IotId::Str("ds/1".into())),
                        vec![
                            (None, ObsResult::Other),
                            (None, ObsResult::Number(7.0)),
                            (None, ObsResult::Number(-0.000_015)),
                            (None, ObsResult::Number(123_456.789)),
                        ],
                    ),
                    Datastream::default(),
                ],
                ..Thing::default()
            },
        ),
        (
            "a Feature, a polygon and a location without geometry",
            Thing {
                id: IotId::Num(-3),
                name: "lake".into(),
                locations: vec![
                    Location {
                        location: Some(GeoJson {
                            kind: "Feature".into(),
                            coordinates: None,
                            geometry: Some(Box::new(GeoJson {
                                kind: "Point".into(),
                                coordinates: Some(Coordinates::Position(vec![106.5, 29.5, 240.0])),
                                geometry: None,
                            })),
                        }),
                    },
                    Location {
                        location: Some(GeoJson {
                            kind: "Polygon".into(),
                            coordinates: Some(Coordinates::Nested(vec![Coordinates::Nested(
                                vec![
                                    Coordinates::Position(vec![106.0, 29.0]),
                                    Coordinates::Position(vec![106.1, 29.0]),
                                    Coordinates::Position(vec![106.0, 29.0]),
                                ],
                            )])),
                            geometry: None,
                        }),
                    },
                    Location::default(),
                ],
                ..Thing::default()
            },
        ),
        (
            "text to escape",
            Thing {
                id: IotId::Str("q\"uote\\back".into()),
                name: "line\nbreak\ttab\r\u{8}\u{c}\u{1}\u{1f} \u{7f} é 水 🌊 \u{2028}".into(),
                description: Some("<script>\"x\"</script>".into()),
                ..Thing::default()
            },
        ),
    ]
}

#[test]
fn writes_what_serde_writes_for_every_kind_of_station() {
    for (what, thing) in things() {
        let text = to_text(&thing, serde_float);
        assert_eq!(text, serde_json::to_string(&thing).unwrap(), "{what}");
    }
}

#[test]
fn a_written_station_reads_back_as_the_same_station() {
    for (what, thing) in things() {
        let v = crate::json::from_str(&ours(&thing)).unwrap();
        assert_eq!(Thing::from_json(&v), Ok(thing), "{what}");
    }
}

#[test]
fn numbers_json_cannot_hold_are_null_and_every_float_reads_back_exactly() {
    // (float, text) — JavaScript's `Number.prototype.toString`, which the app passes, writes the
    // same numbers, with `e+` for a positive exponent.
    let cases = [
        (f64::NAN, "null"),
        (f64::INFINITY, "null"),
        (f64::NEG_INFINITY, "null"),
        (0.0, "0"),
        (-0.0, "-0"),
        (7.0, "7"),
        (29.557_6, "29.5576"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-7, "0.0000001"),
        (1.5e-8, "1.5e-8"),
        (1e21, "1e21"),
        (5e-324, "5e-324"),
        (f64::MAX, "1.7976931348623157e308"),
    ];
    for (v, text) in cases {
        let written = ours(&v);
        assert_eq!(written, text, "{v}");
        if v.is_finite() {
            let back: f64 = serde_json::from_str(&written).unwrap();
            assert_eq!(back.to_bits(), v.to_bits(), "{v} written as {written}");
            assert_eq!(
                serde_json::from_str::<f64>(&serde_json::to_string(&v).unwrap()).unwrap(),
                back
            );
        }
    }
}

#[test]
fn results_and_ids_are_written_in_their_own_shapes() {
    let cases = [
        (ours(&ObsResult::Number(7.25)), "7.25"),
        (ours(&ObsResult::Text("7.2".into())), "\"7.2\""),
        (ours(&ObsResult::Other), "null"),
        (ours(&ObsResult::Number(f64::NAN)), "null"),
        (ours(&IotId::Num(i64::MIN)), "-9223372036854775808"),
        (ours(&IotId::Str("17".into())), "\"17\""),
        (ours(&None::<String>), "null"),
        (ours(&Vec::<f64>::new()), "[]"),
        (ours(&vec![Some(1.5), None]), "[1.5,null]"),
    ];
    for (have, want) in cases {
        assert_eq!(have, want);
    }
}
