//! An Observation `result`, which servers send as a number, a numeric string or something else entirely.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// An Observation `result`: a number, a numeric string, or something Qingshui cannot use.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ObsResult {
    /// A JSON number.
    Number(f64),
    /// A JSON string (may hold a number, e.g. `"7.2"`).
    Text(String),
    /// null, missing, boolean, object or array.
    #[default]
    Other,
}

impl ObsResult {
    /// The numeric value: finite numbers, or strings that parse as one (surrounding spaces allowed).
    pub fn value(&self) -> Option<f64> {
        match self {
            ObsResult::Number(v) => Some(*v),
            ObsResult::Text(s) => crate::decimal::parse(s.trim()),
            ObsResult::Other => None,
        }
        .filter(|v| v.is_finite())
    }
}

impl Serialize for ObsResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ObsResult::Number(v) => s.serialize_f64(*v),
            ObsResult::Text(t) => s.serialize_str(t),
            ObsResult::Other => s.serialize_unit(),
        }
    }
}

impl<'de> Deserialize<'de> for ObsResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ObsResult;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an observation result")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ObsResult, E> {
                Ok(ObsResult::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ObsResult, E> {
                Ok(ObsResult::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ObsResult, E> {
                Ok(ObsResult::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ObsResult, E> {
                Ok(ObsResult::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<ObsResult, E> {
                Ok(ObsResult::Text(v))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<ObsResult, E> {
                Ok(ObsResult::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<ObsResult, E> {
                Ok(ObsResult::Other)
            }
            fn visit_none<E: de::Error>(self) -> Result<ObsResult, E> {
                Ok(ObsResult::Other)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<ObsResult, D2::Error> {
                d.deserialize_any(V)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<ObsResult, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ObsResult::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<ObsResult, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ObsResult::Other)
            }
        }
        d.deserialize_any(V)
    }
}
