//! Client-side SensorThings v1.1 entities, tolerant of omitted or null members and of numeric or string ids.
//!
//! Only what Qingshui reads is modelled; unknown members are ignored. Member names follow the standard
//! (`@iot.id`, `Locations`, `Datastreams`, `unitOfMeasurement`, `ObservedProperty`, `Observations`,
//! `phenomenonTime`); optional members are skipped when serialising so a cached copy round-trips.

use super::decode::{
    self, loose_string, null_default, object, optional, shape_or_none, Bad, FromJson,
};
use super::id::IotId;
use super::result::ObsResult;
use crate::geo::LatLon;
use crate::json::Value;
use serde::{Deserialize, Deserializer, Serialize};

/// A page of entities: `{"value": [...], "@iot.nextLink": "...", "@iot.count": 3}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Collection<T> {
    /// The entities of this page.
    pub value: Vec<T>,
    /// Link to the next page (absolute or relative), if any.
    #[serde(rename = "@iot.nextLink", skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
    /// Total count when `$count=true` was asked.
    #[serde(rename = "@iot.count", skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

/// A monitoring station.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Thing {
    /// `@iot.id`.
    #[serde(rename = "@iot.id")]
    pub id: IotId,
    /// Station name as the city writes it (Chinese in Chongqing).
    pub name: String,
    /// Free-text description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Qingshui's property keys (see docs/contracts.md).
    pub properties: ThingProperties,
    /// `Locations` (expanded).
    #[serde(rename = "Locations")]
    pub locations: Vec<Location>,
    /// `Datastreams` (expanded).
    #[serde(rename = "Datastreams")]
    pub datastreams: Vec<Datastream>,
}

/// `Thing.properties` keys Qingshui reads; all optional, unknown keys ignored, numbers accepted as text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThingProperties {
    /// English name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// `river` | `lake` | `reservoir`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub water_body: Option<String>,
    /// Target class `I`..`V` of the water's functional zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_class: Option<String>,
    /// District (Chinese).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// District (English).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_en: Option<String>,
    /// River or lake name (Chinese).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub river: Option<String>,
    /// River or lake name (English).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub river_en: Option<String>,
}

/// A `Location`; only its GeoJSON `location` is read.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Location {
    /// GeoJSON geometry (or Feature); None when missing or of a shape Qingshui cannot read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoJson>,
}

impl Location {
    /// The position of a Point (bare or wrapped in a Feature) with valid WGS84 coordinates.
    pub fn point(&self) -> Option<LatLon> {
        self.location.as_ref()?.point()
    }
}

/// GeoJSON coordinates: one position, or nested arrays (lines, polygons).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Coordinates {
    /// `[lon, lat]` or `[lon, lat, alt]`.
    Position(Vec<f64>),
    /// Arrays of arrays.
    Nested(Vec<Coordinates>),
}

/// The part of GeoJSON Qingshui reads: a geometry, or a Feature wrapping one.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct GeoJson {
    /// `Point`, `Feature`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// Coordinates of a geometry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
    /// The geometry of a Feature.
    #[serde(skip_serializing_if = "Option::is_none")]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Datastream {
    /// `@iot.id`.
    #[serde(rename = "@iot.id", skip_serializing_if = "Option::is_none")]
    pub id: Option<IotId>,
    /// Datastream name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `unitOfMeasurement`.
    #[serde(rename = "unitOfMeasurement", skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// `ObservedProperty` (expanded).
    #[serde(rename = "ObservedProperty", skip_serializing_if = "Option::is_none")]
    pub observed_property: Option<ObservedProperty>,
    /// `Observations` (expanded), in whatever order the server sent them.
    #[serde(rename = "Observations")]
    pub observations: Vec<Observation>,
}

/// `unitOfMeasurement`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Unit {
    /// e.g. "milligram per litre".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// e.g. "mg/L" (empty for pH).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// URI of the unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
}

/// `ObservedProperty`: what a Datastream measures.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ObservedProperty {
    /// e.g. "Ammonia Nitrogen (NH3-N)".
    pub name: String,
    /// URI or text defining the property.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
}

/// One reading.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Observation {
    /// Instant or interval `start/end` (see [`crate::time::parse`]).
    #[serde(rename = "phenomenonTime", skip_serializing_if = "Option::is_none")]
    pub phenomenon_time: Option<String>,
    /// The measured value.
    pub result: ObsResult,
}

// Reading: the member rules are those of `decode` (null-default, shape-or-none, loose string).

/// `Deserialize` through [`FromJson`] for each entity and for the ids and results inside them (see
/// `decode` for why not derived).
macro_rules! deserialize_from_json {
    ($($t:ty),*) => {$(
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                decode::deserialize(d)
            }
        }
    )*};
}

deserialize_from_json!(
    IotId,
    ObsResult,
    Thing,
    ThingProperties,
    Location,
    Coordinates,
    GeoJson,
    Datastream,
    Unit,
    ObservedProperty,
    Observation
);

impl<'de, T: FromJson> Deserialize<'de> for Collection<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        decode::deserialize(d)
    }
}

impl<T: FromJson> FromJson for Collection<T> {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "collection")?;
        Ok(Collection {
            value: null_default(m, "value")?,
            next_link: optional(m, "@iot.nextLink")?,
            count: optional(m, "@iot.count")?,
        })
    }
}

impl FromJson for Thing {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "Thing")?;
        Ok(Thing {
            id: null_default(m, "@iot.id")?,
            name: null_default(m, "name")?,
            description: loose_string(m, "description"),
            properties: null_default(m, "properties")?,
            locations: null_default(m, "Locations")?,
            datastreams: null_default(m, "Datastreams")?,
        })
    }
}

impl FromJson for ThingProperties {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "properties")?;
        Ok(ThingProperties {
            name_en: loose_string(m, "nameEn"),
            water_body: loose_string(m, "waterBody"),
            target_class: loose_string(m, "targetClass"),
            district: loose_string(m, "district"),
            district_en: loose_string(m, "districtEn"),
            river: loose_string(m, "river"),
            river_en: loose_string(m, "riverEn"),
        })
    }
}

impl FromJson for Location {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "Location")?;
        Ok(Location {
            location: shape_or_none(m, "location"),
        })
    }
}

impl FromJson for Coordinates {
    /// An array of numbers is a position (also when empty); an array of arrays nests.
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let items = v
            .as_array()
            .ok_or_else(|| Bad("coordinates: expected an array".into()))?;
        if items.iter().all(Value::is_number) {
            Ok(Coordinates::Position(
                items.iter().filter_map(Value::as_f64).collect(),
            ))
        } else {
            FromJson::from_json(v).map(Coordinates::Nested)
        }
    }
}

impl FromJson for GeoJson {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "GeoJSON")?;
        Ok(GeoJson {
            kind: null_default(m, "type")?,
            coordinates: shape_or_none(m, "coordinates"),
            geometry: shape_or_none(m, "geometry"),
        })
    }
}

impl FromJson for Datastream {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "Datastream")?;
        Ok(Datastream {
            id: shape_or_none(m, "@iot.id"),
            name: loose_string(m, "name"),
            unit: shape_or_none(m, "unitOfMeasurement"),
            observed_property: shape_or_none(m, "ObservedProperty"),
            observations: null_default(m, "Observations")?,
        })
    }
}

impl FromJson for Unit {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "unitOfMeasurement")?;
        Ok(Unit {
            name: loose_string(m, "name"),
            symbol: loose_string(m, "symbol"),
            definition: loose_string(m, "definition"),
        })
    }
}

impl FromJson for ObservedProperty {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "ObservedProperty")?;
        Ok(ObservedProperty {
            name: null_default(m, "name")?,
            definition: loose_string(m, "definition"),
        })
    }
}

impl FromJson for Observation {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "Observation")?;
        Ok(Observation {
            phenomenon_time: loose_string(m, "phenomenonTime"),
            result: m
                .get("result")
                .map_or(Ok(ObsResult::Other), ObsResult::from_json)?,
        })
    }
}
