//! Parsing SensorThings responses as real servers send them (written by hand after FROST and the demo).

use qingshui_core::geo::LatLon;
use qingshui_core::sta::{Collection, IotId, ObsResult, Thing};

/// A nearby-page response: one numeric id with everything, one string id with omitted and null members,
/// `+00:00` times, a Feature location, a numeric-string result and an unexpected result type.
const NEARBY: &str = r#"{
  "@iot.nextLink": "/v1.1/Things?$skip=20&$top=20",
  "value": [
    {
      "@iot.id": 17,
      "@iot.selfLink": "http://localhost:8080/v1.1/Things(17)",
      "name": "长江寸滩",
      "properties": { "nameEn": "Cuntan, Yangtze River", "waterBody": "river", "targetClass": "III",
                      "district": "江北区", "districtEn": "Jiangbei", "river": "长江", "riverEn": "Yangtze",
                      "operator": { "name": "not read" } },
      "Locations": [ { "location": { "type": "Point", "coordinates": [106.6005, 29.6122] } } ],
      "Datastreams": [
        { "@iot.id": 170, "name": "寸滩 pH",
          "unitOfMeasurement": { "name": "pH", "symbol": "", "definition": "http://qudt.org/vocab/unit/PH" },
          "ObservedProperty": { "name": "pH", "definition": "http://vocabs.lter-europe.net/EnvThes/22031" },
          "Observations": [ { "result": 7.6, "phenomenonTime": "2026-11-28T08:00:00Z" } ] },
        { "@iot.id": 171, "name": "寸滩 NH3-N",
          "unitOfMeasurement": { "name": "milligram per litre", "symbol": "mg/L" },
          "ObservedProperty": { "name": "Ammonia Nitrogen (NH3-N)", "definition": null },
          "Observations": [ { "result": "0.42", "phenomenonTime": "2026-11-28T08:00:00+00:00" } ] }
      ]
    },
    {
      "@iot.id": "qs-lake-4",
      "name": "Lake four",
      "description": null,
      "properties": { "waterBody": "lake", "targetClass": 2 },
      "Locations": [ { "location": { "type": "Feature",
                                     "geometry": { "type": "Point", "coordinates": [106.41, 29.8, 210.5] } } } ],
      "Datastreams": [
        { "@iot.id": "ds-tp",
          "unitOfMeasurement": null,
          "ObservedProperty": { "name": "Total Phosphorus" },
          "Observations": [
            { "result": { "value": 1 }, "phenomenonTime": "2026-11-28T06:00:00+00:00" },
            { "result": null },
            { "result": 30, "phenomenonTime": "2026-11-28T07:00:00.000+00:00/2026-11-28T08:00:00.000+00:00" }
          ] },
        { "name": "no observations expanded" }
      ]
    },
    { "@iot.id": 18.0, "name": "Polygon place",
      "Locations": [ { "location": { "type": "Polygon", "coordinates": [[[106,29],[107,29],[107,30],[106,29]]] } },
                     { "location": "POINT(106 29)" } ] }
  ]
}"#;

#[test]
fn parses_a_realistic_nearby_page() {
    let page: Collection<Thing> = serde_json::from_str(NEARBY).expect("parses");
    assert_eq!(
        page.next_link.as_deref(),
        Some("/v1.1/Things?$skip=20&$top=20")
    );
    assert_eq!(page.count, None);
    assert_eq!(page.value.len(), 3);

    let t = &page.value[0];
    assert_eq!(t.id, IotId::Num(17));
    assert_eq!(t.name, "长江寸滩");
    assert_eq!(
        t.properties.name_en.as_deref(),
        Some("Cuntan, Yangtze River")
    );
    assert_eq!(t.properties.target_class.as_deref(), Some("III"));
    assert_eq!(t.properties.district_en.as_deref(), Some("Jiangbei"));
    assert_eq!(t.properties.river_en.as_deref(), Some("Yangtze"));
    assert_eq!(t.locations[0].point(), Some(LatLon::new(29.6122, 106.6005)));
    assert_eq!(t.datastreams.len(), 2);
    let ds = &t.datastreams[1];
    assert_eq!(ds.id, Some(IotId::Num(171)));
    assert_eq!(
        ds.unit.as_ref().and_then(|u| u.symbol.as_deref()),
        Some("mg/L")
    );
    let op = ds.observed_property.as_ref().unwrap();
    assert_eq!(op.name, "Ammonia Nitrogen (NH3-N)");
    assert_eq!(op.definition, None);
    assert_eq!(ds.observations[0].result, ObsResult::Text("0.42".into()));
    assert_eq!(ds.observations[0].result.value(), Some(0.42));
    assert_eq!(
        ds.observations[0].phenomenon_time.as_deref(),
        Some("2026-11-28T08:00:00+00:00")
    );

    let lake = &page.value[1];
    assert_eq!(lake.id, IotId::Str("qs-lake-4".into()));
    assert_eq!(lake.description, None);
    assert_eq!(
        lake.properties.target_class.as_deref(),
        Some("2"),
        "numbers read as text"
    );
    assert_eq!(
        lake.locations[0].point(),
        Some(LatLon::new(29.8, 106.41)),
        "Feature wrapping a Point"
    );
    let tp = &lake.datastreams[0];
    assert_eq!(tp.id, Some(IotId::Str("ds-tp".into())));
    assert_eq!(tp.unit, None);
    assert_eq!(tp.observations[0].result, ObsResult::Other);
    assert_eq!(tp.observations[1].result.value(), None);
    assert_eq!(tp.observations[1].phenomenon_time, None);
    assert_eq!(tp.observations[2].result.value(), Some(30.0));
    assert!(lake.datastreams[1].observations.is_empty());
    assert_eq!(lake.datastreams[1].observed_property, None);

    let poly = &page.value[2];
    assert_eq!(poly.id, IotId::Num(18), "integral float ids are numbers");
    assert!(
        poly.locations.iter().all(|l| l.point().is_none()),
        "only Points give a position"
    );
    assert!(poly.datastreams.is_empty());
}

#[test]
fn tolerates_minimal_and_null_members() {
    let page: Collection<Thing> = serde_json::from_str(
        r#"{"value":[{"@iot.id":1},{"@iot.id":"x","name":null,"properties":null,"Locations":null,"Datastreams":null}],"@iot.count":2}"#,
    )
    .unwrap();
    assert_eq!(page.count, Some(2));
    assert_eq!(page.value[0].name, "");
    assert_eq!(page.value[1].properties.water_body, None);
    let empty: Collection<Thing> = serde_json::from_str("{}").unwrap();
    assert!(empty.value.is_empty());
    let t: Thing = serde_json::from_str(
        r#"{"Locations":[{"location":{"type":"Point","coordinates":[200,95]}}]}"#,
    )
    .unwrap();
    assert_eq!(
        t.locations[0].point(),
        None,
        "out-of-range coordinates are no position"
    );
}

#[test]
fn cached_things_round_trip() {
    let page: Collection<Thing> = serde_json::from_str(NEARBY).unwrap();
    let text = serde_json::to_string(&page).unwrap();
    let again: Collection<Thing> = serde_json::from_str(&text).unwrap();
    assert_eq!(again.value[0], page.value[0]);
    assert_eq!(again.value[1].locations, page.value[1].locations);
    assert_eq!(
        again.value[1].datastreams[0].observations[2],
        page.value[1].datastreams[0].observations[2]
    );
}

#[test]
fn iot_id_literals() {
    let cases = [
        (IotId::Num(17), "17", "17", "17"),
        (IotId::Str("abc".into()), "abc", "'abc'", "'abc'"),
        (IotId::Str("ab'c".into()), "ab'c", "'ab''c'", "'ab''c'"),
    ];
    for (id, display, filter, path) in cases {
        assert_eq!(id.to_string(), display);
        assert_eq!(id.filter_literal(), filter);
        assert_eq!(id.path_key(), path);
        assert_eq!(
            IotId::parse(&id.path_key()),
            id,
            "route parameters read back"
        );
    }
    assert_eq!(IotId::parse("abc"), IotId::Str("abc".into()));
    assert_eq!(IotId::parse("+5"), IotId::Str("+5".into()));
    assert_eq!(serde_json::to_string(&IotId::Num(3)).unwrap(), "3");
    assert_eq!(
        serde_json::to_string(&IotId::Str("3".into())).unwrap(),
        "\"3\""
    );
}
