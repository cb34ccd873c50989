//! Building Things for the station tests without JSON noise.

use qingshui_core::sta::{
    Datastream, GeoJson, IotId, Location, ObsResult, Observation, ObservedProperty, Thing,
    ThingProperties, Unit,
};

/// "Now" in the station tests: 2026-11-28T08:00:00Z.
pub const NOW: i64 = 1_795_852_800_000;
/// One hour in ms.
pub const HOUR: i64 = 3_600_000;

/// A datastream named `name` in `unit` with readings `(hours before NOW, value)` in the order given.
pub fn stream(name: &str, unit: &str, readings: &[(i64, f64)]) -> Datastream {
    Datastream {
        id: Some(IotId::Str(format!("ds-{name}"))),
        name: Some(format!("station {name}")),
        unit: Some(Unit {
            name: None,
            symbol: Some(unit.to_string()),
            definition: None,
        }),
        observed_property: Some(ObservedProperty {
            name: name.to_string(),
            definition: None,
        }),
        observations: readings
            .iter()
            .map(|(hours_ago, v)| Observation {
                phenomenon_time: Some(qingshui_core::time::format(NOW - hours_ago * HOUR)),
                result: ObsResult::Number(*v),
            })
            .collect(),
    }
}

/// A station on `water_body` with target class `target` and the given datastreams.
pub fn thing(
    water_body: Option<&str>,
    target: Option<&str>,
    datastreams: Vec<Datastream>,
) -> Thing {
    Thing {
        id: IotId::Num(17),
        name: "长江寸滩".into(),
        description: None,
        properties: ThingProperties {
            name_en: Some("Cuntan".into()),
            water_body: water_body.map(str::to_string),
            target_class: target.map(str::to_string),
            ..ThingProperties::default()
        },
        locations: vec![Location {
            location: Some(GeoJson {
                kind: "Point".into(),
                coordinates: Some(qingshui_core::sta::Coordinates::Position(vec![106.6, 29.6])),
                geometry: None,
            }),
        }],
        datastreams,
    }
}

/// A complete river station, all items fresh (1 h old): pH 7.5, DO 8 (I), CODMn 3 (II), NH3-N `nh3n`, TP 0.05 (II).
pub fn river_station(nh3n: f64) -> Thing {
    thing(
        Some("river"),
        Some("III"),
        vec![
            stream("pH", "", &[(1, 7.5)]),
            stream("Dissolved Oxygen", "mg/L", &[(1, 8.0)]),
            stream("Permanganate Index (CODMn)", "mg/L", &[(1, 3.0)]),
            stream("Ammonia Nitrogen (NH3-N)", "mg/L", &[(1, nh3n)]),
            stream("Total Phosphorus", "mg/L", &[(1, 0.05)]),
        ],
    )
}
