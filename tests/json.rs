//! Browser tests of `platform::json`: the browser's `JSON.parse` must give the app the same `Value`s that
//! serde_json gives the native tests, or a rule tested natively (config, kept lists, SensorThings
//! entities) would hold off the browser only.
#![cfg(target_arch = "wasm32")]

use qingshui::platform::json;
use qingshui_core::json::Value;
use qingshui_core::sta::{Collection, IotId, Thing};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Texts both parsers read alike, from scalars to a SensorThings page (RFC 8259 shapes: escapes,
/// surrogate pairs, exponents, nesting, empty containers, duplicate members — the last one wins).
const SAME: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-17",
    "9007199254740991",
    "-9007199254740991",
    "0.5",
    "-12.25",
    "1e-7",
    "6.02214076e23",
    "1.7976931348623157e308",
    r#""""#,
    r#""水质 water""#,
    r#""tab\tquote\"slash\/back\\ \u00e9 \ud83d\udca7""#,
    "[]",
    "{}",
    "[1, [2, [3, []]], {\"a\": {}}]",
    r#"{"b": 1, "a": 2, "b": 3}"#,
    r#"{"value": [{"@iot.id": 13668, "name": "长江寸滩", "properties": {"targetClass": "III"},
        "Locations": [{"location": {"type": "Point", "coordinates": [106.6, 29.6]}}],
        "Datastreams": [{"@iot.id": "ds-1", "unitOfMeasurement": {"symbol": "mg/L"},
            "Observations": [{"result": 7.25, "phenomenonTime": "2026-11-30T01:00:00Z"}]}]}],
        "@iot.nextLink": "Things?$skip=20"}"#,
];

#[wasm_bindgen_test]
fn the_browser_parses_like_serde_json() {
    for text in SAME {
        let want = qingshui_core::json::from_str(text).unwrap();
        assert_eq!(json::parse(text), Ok(want), "{text}");
    }
}

/// Where the two differ, on purpose: a JS number has no separate integer type, so a whole number
/// written with a point or an exponent reads as an integer. The lenient rules accept both forms for
/// every member, so nothing a server sends reads differently.
#[wasm_bindgen_test]
fn whole_numbers_read_as_integers() {
    for (text, want) in [
        ("1.0", json!(1)),
        ("2e3", json!(2000)),
        ("[-4.00]", json!([-4])),
    ] {
        assert_eq!(json::parse(text), Ok(Value::from(want)), "{text}");
    }
}

#[wasm_bindgen_test]
fn text_that_is_not_json_is_an_error_with_the_parsers_message() {
    for text in [
        "",
        "{",
        "[1,]",
        "{'a': 1}",
        "NaN",
        "undefined",
        "01",
        "\"\\x\"",
    ] {
        let err = json::parse(text).expect_err(text);
        assert!(!err.is_empty(), "{text}: empty message");
    }
}

#[wasm_bindgen_test]
fn entities_and_records_read_through_the_browser() {
    let page: Collection<Thing> = json::read(SAME[SAME.len() - 1]).unwrap();
    assert_eq!(page.value.len(), 1);
    assert_eq!(page.value[0].id, IotId::Num(13668));
    assert_eq!(page.value[0].name, "长江寸滩");
    assert_eq!(page.next_link.as_deref(), Some("Things?$skip=20"));
    let ids: Vec<u32> = json::read("[3, 1, 2]").unwrap();
    assert_eq!(ids, [3, 1, 2]);
    assert!(json::read::<Vec<u32>>("[\"3\"]").is_err());
    assert!(json::read::<Collection<Thing>>("[").is_err());
}

/// What the app keeps on the phone is written with the browser's float text: every finite float
/// reads back as the same number, and everything else is written as serde_json writes it.
#[wasm_bindgen_test]
fn written_floats_read_back_as_the_same_numbers() {
    let floats = [
        29.5576,
        106.577,
        0.1,
        0.30000000000000004,
        -12.25,
        100.0,
        1e-7,
        6.02214076e23,
        1e21,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
    ];
    for f in floats {
        let text = json::write(&vec![f]);
        let back: Vec<f64> = serde_json::from_str(&text).unwrap();
        assert_eq!(back[0].to_bits(), f.to_bits(), "{f} written as {text}");
    }
    assert_eq!(json::write(&vec![f64::NAN]), "[null]");
    let v =
        json!({"name": "长江寸滩 \"x\"\n", "id": 13668, "ok": true, "none": null, "list": [1, -2]});
    assert_eq!(json::write(&v), serde_json::to_string(&v).unwrap());
    let thing = Thing {
        id: IotId::Num(17),
        ..Thing::default()
    };
    assert_eq!(json::write(&thing), serde_json::to_string(&thing).unwrap());
}

/// The kept copies of SensorThings entities are written by hand (`json::text`,
/// `qingshui_core::sta::encode`): in the browser, floats by the same JavaScript text as above.
#[wasm_bindgen_test]
fn entities_written_by_hand_use_the_browsers_float_text() {
    let thing: Thing = json::read(
        r#"{"@iot.id":17,"name":"长江寸滩 \"x\"\n","Locations":[{"location":{"type":"Point","coordinates":[106.577,29.5576]}}],
        "Datastreams":[{"Observations":[{"phenomenonTime":"2026-11-30T08:00:00Z","result":100},{"result":1e21},{"result":5e-324}]}]}"#,
    )
    .unwrap();
    let text = json::text(&thing);
    assert_eq!(text, json::write(&thing));
    assert!(text.contains(r#"[106.577,29.5576]"#), "{text}");
    assert!(
        text.contains(r#""result":100}"#) && text.contains("1e+21") && text.contains("5e-324"),
        "{text}"
    );
    assert_eq!(json::read::<Thing>(&text), Ok(thing));
}

/// The items of an answer's array, as the browser writes them, read back as the same values (the
/// kept nearby list stores each station so: `state::last_result::KeptAnswer`).
#[wasm_bindgen_test]
fn an_answers_items_are_written_as_json_that_reads_back_the_same() {
    let text = SAME[SAME.len() - 1];
    let items = json::items(text, "value");
    let whole = json::parse(text).unwrap();
    let want = whole.get("value").and_then(Value::as_array).unwrap();
    assert_eq!(items.len(), want.len());
    for (item, want) in items.iter().zip(want) {
        assert_eq!(&json::parse(item).unwrap(), want, "{item}");
    }
    for no_list in ["{}", r#"{"value": 3}"#, "[1]", "null", "{not json"] {
        assert!(json::items(no_list, "value").is_empty(), "{no_list}");
    }
}
