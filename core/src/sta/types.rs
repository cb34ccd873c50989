//! Client-side SensorThings v1.1 entities, tolerant of omitted or null members and of numeric or string ids.
//!
//! Only what Qingshui reads is modelled; unknown members are ignored. Member names follow the standard
//! (`@iot.id`, `Locations`, `Datastreams`, `unitOfMeasurement`, `ObservedProperty`, `Observations`,
//! `phenomenonTime`); optional members are skipped when serialising so a cached copy round-trips.

use super::id::IotId;
use super::lenient::{loose_string, null_default, shape_or_none};
use super::result::ObsResult;
use crate::geo::LatLon;
use serde::{Deserialize, Serialize};

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
