//! Reading SensorThings JSON leniently, so that one odd member never fails a whole response.
//!
//! Each entity is parsed into a JSON tree ([`crate::json::Value`]) once and then read member by member, with three
//! rules (the names are those of the members' doc comments in `types.rs`):
//! - **null-default**: `null` or missing gives the default; another shape is an error.
//! - **shape-or-none**: the expected shape gives `Some`; `null`, missing or any other shape gives
//!   `None`, and an error inside it stops there.
//! - **loose string**: a string, or a number or boolean written as text; anything else is `None`.
//!
//! The client reads its own JSON the same way (`config.json`, the lists kept on the phone), with
//! [`member_or`] and [`required`] for members whose default is not the type's own or that must be there.
//!
//! Why not `#[derive(Deserialize)]` with a `deserialize_with` adapter per member: serde generates a
//! visitor per type and a wrapper type per adapted member, and the untagged shapes buffer their input;
//! that was 32 KB of the app's first download (issue #6). One `Value` walk is a fraction of it.

use crate::json::{self, Map, Number, Value};
use serde::de::{Deserializer, Error as _};
use serde::Deserialize;

use super::id::IotId;
use super::result::ObsResult;

/// Why an entity could not be read: the member and what was wrong, for the error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad(pub String);

/// An entity read from a JSON value by the rules above.
pub trait FromJson: Sized {
    /// Reads `v`; an error only where a rule says so.
    fn from_json(v: &Value) -> Result<Self, Bad>;
}

/// `Deserialize` through [`FromJson`]: the types of `types.rs` deserialize with this.
pub fn deserialize<'de, D: Deserializer<'de>, T: FromJson>(d: D) -> Result<T, D::Error> {
    let v = Value::deserialize(d)?;
    T::from_json(&v).map_err(|Bad(why)| D::Error::custom(why))
}

/// The members of an entity, which must be a JSON object.
pub fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map, Bad> {
    v.as_object()
        .ok_or_else(|| Bad(format!("{what}: expected an object")))
}

/// A member by the null-default rule, for any type that can be read.
pub fn null_default<T: FromJson + Default>(m: &Map, key: &str) -> Result<T, Bad> {
    member_or(m, key, T::default())
}

/// A member by the null-default rule with another default than the type's own (the app's
/// configuration: a missing `sta_url` is `/v1.1`, not empty).
pub fn member_or<T: FromJson>(m: &Map, key: &str, default: T) -> Result<T, Bad> {
    match present(m, key) {
        None => Ok(default),
        Some(v) => T::from_json(v).map_err(|bad| within(key, bad)),
    }
}

/// The member `key` unless it is missing or `null`. This and [`within`] are the non-generic part of
/// every member reader: one copy each, however many member types are read (issue #6).
fn present<'a>(m: &'a Map, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !matches!(v, Value::Null))
}

/// `bad`, said of the member `key`.
#[inline(never)]
fn within(key: &str, Bad(why): Bad) -> Bad {
    Bad(format!("{key}: {why}"))
}

/// A member that must be there with its type (what the app stored itself, e.g. a kept list's
/// time: a copy without it is not one to show).
pub fn required<T: FromJson>(m: &Map, key: &str) -> Result<T, Bad> {
    optional(m, key)?.ok_or_else(|| Bad(format!("{key}: missing")))
}

/// Reads JSON text by the rules above (the app's own stored copies and `config.json` as well as
/// SensorThings answers): a syntax error is a `Bad` too, with its line and column.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, Bad> {
    let v = json::from_str(text).map_err(|e| Bad(e.to_string()))?;
    T::from_json(&v)
}

/// A member by the shape-or-none rule.
pub fn shape_or_none<T: FromJson>(m: &Map, key: &str) -> Option<T> {
    m.get(key).and_then(|v| T::from_json(v).ok())
}

/// A member by the loose-string rule: properties are free-form JSON, so `"targetClass": 3` reads
/// like `"targetClass": "3"`.
pub fn loose_string(m: &Map, key: &str) -> Option<String> {
    match m.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(number_text(n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A member by the [`loose_string`] rule, empty when absent or of another shape (the lenient
/// Open311 readers' text members).
pub fn loose_text(m: &Map, key: &str) -> String {
    loose_string(m, key).unwrap_or_default()
}

/// An optional member that must have its type when present (`@iot.nextLink`, `@iot.count`).
pub fn optional<T: FromJson>(m: &Map, key: &str) -> Result<Option<T>, Bad> {
    match present(m, key) {
        None => Ok(None),
        Some(v) => T::from_json(v).map(Some).map_err(|bad| within(key, bad)),
    }
}

/// A JSON number as the text a server would have sent for it: integers without a point.
fn number_text(n: &Number) -> String {
    match *n {
        Number::Int(i) => i.to_string(),
        Number::Big(u) => u.to_string(),
        Number::Float(f) => crate::decimal::plain(f),
    }
}

impl FromJson for String {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| Bad("expected a string".into()))
    }
}

impl FromJson for u64 {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        v.as_u64()
            .ok_or_else(|| Bad("expected a whole number".into()))
    }
}

impl FromJson for i64 {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        v.as_i64()
            .ok_or_else(|| Bad("expected a whole number".into()))
    }
}

impl FromJson for bool {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        v.as_bool()
            .ok_or_else(|| Bad("expected true or false".into()))
    }
}

impl FromJson for f64 {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        v.as_f64().ok_or_else(|| Bad("expected a number".into()))
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let mut out = Vec::new();
        each_item(v, &mut |item| T::from_json(item).map(|t| out.push(t)))?;
        Ok(out)
    }
}

/// Reads each item of the array `v` with `read`, naming the first that fails. Not generic: one copy
/// of the walk and its error text for every list type the app reads (issue #6).
fn each_item(v: &Value, read: &mut dyn FnMut(&Value) -> Result<(), Bad>) -> Result<(), Bad> {
    let items = v
        .as_array()
        .ok_or_else(|| Bad("expected an array".into()))?;
    for (i, item) in items.iter().enumerate() {
        read(item).map_err(|Bad(why)| Bad(format!("[{i}]: {why}")))?;
    }
    Ok(())
}

impl FromJson for u32 {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        v.as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| Bad("expected a whole number below 2^32".into()))
    }
}

/// `null` is `None`; anything else must be a `T`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        match v {
            Value::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }
}

/// An object whose members are all `T`s.
impl<T: FromJson> FromJson for std::collections::BTreeMap<String, T> {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        object(v, "map")?
            .iter()
            .map(|(k, v)| {
                Ok((
                    k.clone(),
                    T::from_json(v).map_err(|Bad(why)| Bad(format!("{k}: {why}")))?,
                ))
            })
            .collect()
    }
}

/// A three-element array, as serde writes a tuple.
impl<A: FromJson, B: FromJson, C: FromJson> FromJson for (A, B, C) {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        match v.as_array().map(Vec::as_slice) {
            Some([a, b, c]) => Ok((A::from_json(a)?, B::from_json(b)?, C::from_json(c)?)),
            _ => Err(Bad("expected an array of three".into())),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        T::from_json(v).map(Box::new)
    }
}

impl FromJson for IotId {
    /// A number or a string; an integral float is a number (`18.0` is 18).
    fn from_json(v: &Value) -> Result<Self, Bad> {
        match v {
            Value::String(s) => Ok(IotId::Str(s.clone())),
            Value::Number(n) => Ok(match *n {
                Number::Int(i) => IotId::Num(i),
                Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => IotId::Num(f as i64),
                _ => IotId::Str(number_text(n)),
            }),
            _ => Err(Bad("expected a number or string @iot.id".into())),
        }
    }
}

impl FromJson for ObsResult {
    /// Numbers and strings are kept; anything else (a boolean, an object, `null`) is `Other`.
    fn from_json(v: &Value) -> Result<Self, Bad> {
        Ok(match v {
            Value::Number(n) => ObsResult::Number(n.as_f64()),
            Value::String(s) => ObsResult::Text(s.clone()),
            _ => ObsResult::Other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sta::{Collection, Coordinates, Thing};

    #[test]
    fn a_member_of_the_wrong_type_fails_by_the_null_default_rule_and_names_the_member() {
        let table: &[(&str, &str)] = &[
            (r#"{"value": 5}"#, "value: expected an array"),
            (
                r#"{"value": [{"name": 5}]}"#,
                "value: [0]: name: expected a string",
            ),
            (r#"{"value": [7]}"#, "value: [0]: Thing: expected an object"),
            (
                r#"{"@iot.count": -1}"#,
                "@iot.count: expected a whole number",
            ),
            (
                r#"{"value": [{"@iot.id": true}]}"#,
                "@iot.id: expected a number or string",
            ),
        ];
        for (json, want) in table {
            let err = serde_json::from_str::<Collection<Thing>>(json).unwrap_err();
            assert!(err.to_string().contains(want), "{json}: {err}");
        }
    }

    #[test]
    fn required_members_must_be_there_and_member_or_gives_its_own_default() {
        let v = json::from_str(r#"{"n": 4, "x": 1.5, "s": null, "t": -2, "b": false}"#).unwrap();
        let m = v.as_object().unwrap();
        assert_eq!(required::<u64>(m, "n"), Ok(4));
        assert_eq!(required::<bool>(m, "b"), Ok(false));
        assert_eq!(
            required::<bool>(m, "n"),
            Err(Bad("n: expected true or false".into()))
        );
        assert_eq!(required::<f64>(m, "n"), Ok(4.0));
        assert_eq!(required::<i64>(m, "t"), Ok(-2));
        assert_eq!(required::<u64>(m, "gone"), Err(Bad("gone: missing".into())));
        assert_eq!(required::<u64>(m, "s"), Err(Bad("s: missing".into())));
        assert_eq!(
            required::<i64>(m, "x"),
            Err(Bad("x: expected a whole number".into()))
        );
        assert_eq!(member_or(m, "s", String::from("d")), Ok("d".into()));
        assert_eq!(member_or(m, "gone", 7u64), Ok(7));
        assert_eq!(
            member_or(m, "x", String::new()),
            Err(Bad("x: expected a string".into()))
        );
        assert_eq!(from_str::<Vec<u64>>("[1, 2]"), Ok(vec![1, 2]));
        assert_eq!(from_str::<u32>("7"), Ok(7));
        assert!(from_str::<u32>("4294967296").is_err());
        assert_eq!(from_str::<Option<u32>>("null"), Ok(None));
        assert!(from_str::<Option<u32>>("\"7\"").is_err());
        let map: std::collections::BTreeMap<String, String> =
            from_str(r#"{"b": "2", "a": "1"}"#).unwrap();
        assert_eq!(
            map.into_iter().collect::<Vec<_>>(),
            [("a".into(), "1".into()), ("b".into(), "2".into())]
        );
        assert!(from_str::<std::collections::BTreeMap<String, String>>(r#"{"a": 1}"#).is_err());
        assert_eq!(
            from_str::<(String, f64, Option<f64>)>(r#"["s", 1.5, null]"#),
            Ok(("s".into(), 1.5, None))
        );
        assert!(from_str::<(f64, f64, f64)>("[1, 2]").is_err());
        assert!(from_str::<Vec<u64>>("[1,").unwrap_err().0.contains("EOF"));
    }

    #[test]
    fn shape_or_none_and_loose_strings_never_fail_the_entity() {
        let t: Thing = serde_json::from_str(
            r#"{"description": [1], "properties": {"targetClass": 3, "waterBody": true, "river": {}},
                "Locations": [{"location": "here"}],
                "Datastreams": [{"@iot.id": [], "unitOfMeasurement": 5, "ObservedProperty": {"name": 1},
                                 "Observations": [{"phenomenonTime": 1.5, "result": {"v": 1}}]}]}"#,
        )
        .unwrap();
        assert_eq!(t.description, None);
        assert_eq!(t.properties.target_class.as_deref(), Some("3"));
        assert_eq!(t.properties.water_body.as_deref(), Some("true"));
        assert_eq!(t.properties.river, None);
        assert_eq!(t.locations[0].location, None);
        let ds = &t.datastreams[0];
        assert_eq!(
            (&ds.id, &ds.unit, &ds.observed_property),
            (&None, &None, &None)
        );
        assert_eq!(ds.observations[0].phenomenon_time.as_deref(), Some("1.5"));
        assert_eq!(ds.observations[0].result, ObsResult::Other);
    }

    #[test]
    fn coordinates_are_positions_or_nested_arrays() {
        let table: &[(&str, Option<Coordinates>)] = &[
            (
                "[106.5, 29.5]",
                Some(Coordinates::Position(vec![106.5, 29.5])),
            ),
            ("[]", Some(Coordinates::Position(vec![]))),
            (
                "[[1, 2], [3, 4]]",
                Some(Coordinates::Nested(vec![
                    Coordinates::Position(vec![1.0, 2.0]),
                    Coordinates::Position(vec![3.0, 4.0]),
                ])),
            ),
            ("[1, [2]]", None),
            (r#"["1", "2"]"#, None),
        ];
        for (json, want) in table {
            let v = json::from_str(json).unwrap();
            assert_eq!(&Coordinates::from_json(&v).ok(), want, "{json}");
        }
    }

    #[test]
    fn ids_are_numbers_when_integral_and_text_otherwise() {
        let table: &[(&str, IotId)] = &[
            ("17", IotId::Num(17)),
            ("18.0", IotId::Num(18)),
            ("1.5", IotId::Str("1.5".into())),
            (
                "18446744073709551615",
                IotId::Str("18446744073709551615".into()),
            ),
            (r#""qs-4""#, IotId::Str("qs-4".into())),
        ];
        for (json, want) in table {
            assert_eq!(
                &serde_json::from_str::<IotId>(json).unwrap(),
                want,
                "{json}"
            );
        }
    }
}
