//! Client-side SensorThings v1.1 entities, tolerant of omitted or null members and of numeric or string ids.
//!
//! Only what Qingshui reads is modelled; unknown members are ignored. Member names follow the standard
//! (`@iot.id`, `Locations`, `Datastreams`, `unitOfMeasurement`, `ObservedProperty`, `Observations`,
//! `phenomenonTime`); optional members are skipped when serialising so a cached copy round-trips.

use super::lenient::{loose_string, null_default, shape_or_none};
use crate::geo::LatLon;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A SensorThings `@iot.id`: servers use numbers or strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IotId {
    /// Numeric id (integral JSON numbers, including `17.0`).
    Num(i64),
    /// String id.
    Str(String),
}

impl Default for IotId {
    /// An entity without an id (malformed response) gets the empty string id, which no request can hit.
    fn default() -> Self {
        IotId::Str(String::new())
    }
}

impl IotId {
    /// Literal for `$filter`: `17` or `'ab''c'` (quotes doubled, OData style).
    pub fn filter_literal(&self) -> String {
        match self {
            IotId::Num(n) => n.to_string(),
            IotId::Str(s) => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// Key inside an entity path `Things(…)`: `17` or `'abc'` (not yet percent-encoded; quotes doubled).
    pub fn path_key(&self) -> String {
        self.filter_literal()
    }

    /// Reads an id from a route parameter: all digits = number, anything else = string (quotes stripped).
    pub fn parse(s: &str) -> Self {
        let t = s.trim();
        match t.parse::<i64>() {
            Ok(n) if !t.starts_with('+') => IotId::Num(n),
            _ => {
                let unquoted = t
                    .strip_prefix('\'')
                    .and_then(|x| x.strip_suffix('\''))
                    .map(|x| x.replace("''", "'"));
                IotId::Str(unquoted.unwrap_or_else(|| t.to_string()))
            }
        }
    }
}

impl fmt::Display for IotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IotId::Num(n) => write!(f, "{n}"),
            IotId::Str(s) => f.write_str(s),
        }
    }
}

impl Serialize for IotId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IotId::Num(n) => s.serialize_i64(*n),
            IotId::Str(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for IotId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IotId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or string @iot.id")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IotId, E> {
                Ok(IotId::Num(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IotId, E> {
                Ok(i64::try_from(v).map_or_else(|_| IotId::Str(v.to_string()), IotId::Num))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<IotId, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(IotId::Num(v as i64))
                } else {
                    Ok(IotId::Str(v.to_string()))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IotId, E> {
                Ok(IotId::Str(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<IotId, E> {
                Ok(IotId::Str(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A page of entities: `{"value": [...], "@iot.nextLink": "...", "@iot.count": 3}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Collection<T> {
    /// The entities of this page.
    #[serde(default = "Vec::new", deserialize_with = "null_default")]
    pub value: Vec<T>,
    /// Link to the next page (absolute or relative), if any.
    #[serde(
        rename = "@iot.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// Total count when `$count=true` was asked.
    #[serde(
        rename = "@iot.count",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<u64>,
}

/// A monitoring station.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Thing {
    /// `@iot.id`.
    #[serde(rename = "@iot.id", default, deserialize_with = "null_default")]
    pub id: IotId,
    /// Station name as the city writes it (Chinese in Chongqing).
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Free-text description.
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// Qingshui's property keys (see docs/contracts.md).
    #[serde(default, deserialize_with = "null_default")]
    pub properties: ThingProperties,
    /// `Locations` (expanded).
    #[serde(rename = "Locations", default, deserialize_with = "null_default")]
    pub locations: Vec<Location>,
    /// `Datastreams` (expanded).
    #[serde(rename = "Datastreams", default, deserialize_with = "null_default")]
    pub datastreams: Vec<Datastream>,
}

/// `Thing.properties` keys Qingshui reads; all optional, unknown keys ignored, numbers accepted as text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThingProperties {
    /// English name.
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name_en: Option<String>,
    /// `river` | `lake` | `reservoir`.
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub water_body: Option<String>,
    /// Target class `I`..`V` of the water's functional zone.
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub target_class: Option<String>,
    /// District (Chinese).
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub district: Option<String>,
    /// District (English).
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub district_en: Option<String>,
    /// River or lake name (Chinese).
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub river: Option<String>,
    /// River or lake name (English).
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub river_en: Option<String>,
}

/// A `Location`; only its GeoJSON `location` is read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Location {
    /// GeoJSON geometry (or Feature); None when missing or of a shape Qingshui cannot read.
    #[serde(
        default,
        deserialize_with = "shape_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub location: Option<GeoJson>,
}

impl Location {
    /// The position of a Point (bare or wrapped in a Feature) with valid WGS84 coordinates.
    pub fn point(&self) -> Option<LatLon> {
        self.location.as_ref()?.point()
    }
}

/// GeoJSON coordinates: one position, or nested arrays (lines, polygons).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Coordinates {
    /// `[lon, lat]` or `[lon, lat, alt]`.
    Position(Vec<f64>),
    /// Arrays of arrays.
    Nested(Vec<Coordinates>),
}

/// The part of GeoJSON Qingshui reads: a geometry, or a Feature wrapping one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GeoJson {
    /// `Point`, `Feature`, …
    #[serde(rename = "type", default, deserialize_with = "null_default")]
    pub kind: String,
    /// Coordinates of a geometry.
    #[serde(
        default,
        deserialize_with = "shape_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub coordinates: Option<Coordinates>,
    /// The geometry of a Feature.
    #[serde(
        default,
        deserialize_with = "shape_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub geometry: Option<Box<GeoJson>>,
}

impl GeoJson {
    /// A Point's position (GeoJSON order lon, lat), looking inside a Feature; None for other geometries.
    pub fn point(&self) -> Option<LatLon> {
        if self.kind.eq_ignore_ascii_case("feature") {
            return self.geometry.as_ref()?.point();
        }
        if !self.kind.eq_ignore_ascii_case("point") {
            return None;
        }
        match self.coordinates.as_ref()? {
            Coordinates::Position(c) if c.len() >= 2 => {
                Some(LatLon::new(c[1], c[0])).filter(|p| p.is_valid())
            }
            _ => None,
        }
    }
}

/// One parameter's time series at a station.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Datastream {
    /// `@iot.id`.
    #[serde(
        rename = "@iot.id",
        default,
        deserialize_with = "shape_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<IotId>,
    /// Datastream name.
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// `unitOfMeasurement`.
    #[serde(
        rename = "unitOfMeasurement",
        default,
        deserialize_with = "shape_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit: Option<Unit>,
    /// `ObservedProperty` (expanded).
    #[serde(
        rename = "ObservedProperty",
        default,
        deserialize_with = "shape_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub observed_property: Option<ObservedProperty>,
    /// `Observations` (expanded), in whatever order the server sent them.
    #[serde(rename = "Observations", default, deserialize_with = "null_default")]
    pub observations: Vec<Observation>,
}

/// `unitOfMeasurement`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Unit {
    /// e.g. "milligram per litre".
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// e.g. "mg/L" (empty for pH).
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub symbol: Option<String>,
    /// URI of the unit.
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub definition: Option<String>,
}

/// `ObservedProperty`: what a Datastream measures.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ObservedProperty {
    /// e.g. "Ammonia Nitrogen (NH3-N)".
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// URI or text defining the property.
    #[serde(
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub definition: Option<String>,
}

/// One reading.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Observation {
    /// Instant or interval `start/end` (see [`crate::time::parse`]).
    #[serde(
        rename = "phenomenonTime",
        default,
        deserialize_with = "loose_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub phenomenon_time: Option<String>,
    /// The measured value.
    #[serde(default)]
    pub result: ObsResult,
}

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
            ObsResult::Text(s) => s.trim().parse::<f64>().ok(),
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
