//! The SensorThings entity model as the SQL layer sees it: entity sets, their columns and navigation links.

/// The eight SensorThings entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    /// `Things`
    Thing,
    /// `Locations`
    Location,
    /// `HistoricalLocations`
    HistoricalLocation,
    /// `Datastreams`
    Datastream,
    /// `Sensors`
    Sensor,
    /// `ObservedProperties`
    ObservedProperty,
    /// `Observations`
    Observation,
    /// `FeaturesOfInterest`
    FeatureOfInterest,
}

/// How a stored column is typed and rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// JSON stored as text (`properties`, `unitOfMeasurement`, …); sub-paths go through `json_extract`.
    Json,
    /// GeoJSON stored as text (`location`, `feature`, `observedArea`).
    Geo,
    /// An instant, integer ms.
    Time,
    /// An interval: this column is the end (or instant); `start` may be NULL.
    Interval {
        /// Column holding the start.
        start: &'static str,
    },
    /// The observation result: a number, string, or JSON text.
    Result,
}

/// One property of an entity type.
#[derive(Debug, Clone, Copy)]
pub struct Property {
    /// The JSON name, e.g. `unitOfMeasurement`.
    pub name: &'static str,
    /// The SQL column (for intervals: the end column).
    pub column: &'static str,
    /// How it is typed.
    pub kind: Kind,
}

/// How a navigation property joins the two tables.
#[derive(Debug, Clone, Copy)]
pub enum Link {
    /// `target.<fk> = source.id` (one-to-many).
    ChildFk(&'static str),
    /// `target.id = source.<fk>` (many-to-one).
    ParentFk(&'static str),
    /// Through a link table: `link.<source_col> = source.id AND link.<target_col> = target.id`.
    Through(&'static str, &'static str, &'static str),
}

/// A navigation property.
#[derive(Debug, Clone, Copy)]
pub struct Nav {
    /// JSON name, e.g. `Datastreams` or `Thing`.
    pub name: &'static str,
    /// The entity type it points to.
    pub target: Entity,
    /// The join.
    pub link: Link,
}

impl Nav {
    /// True for a to-many navigation property (rendered as an array).
    pub fn many(&self) -> bool {
        !matches!(self.link, Link::ParentFk(_))
    }
}

const fn p(name: &'static str, column: &'static str, kind: Kind) -> Property {
    Property { name, column, kind }
}

const fn n(name: &'static str, target: Entity, link: Link) -> Nav {
    Nav { name, target, link }
}

use Kind::*;

impl Entity {
    /// All entity types in the order the service root lists them.
    pub const ALL: [Entity; 8] = [
        Entity::Datastream,
        Entity::FeatureOfInterest,
        Entity::HistoricalLocation,
        Entity::Location,
        Entity::Observation,
        Entity::ObservedProperty,
        Entity::Sensor,
        Entity::Thing,
    ];

    /// The entity set name used in URLs.
    pub fn set_name(self) -> &'static str {
        match self {
            Entity::Thing => "Things",
            Entity::Location => "Locations",
            Entity::HistoricalLocation => "HistoricalLocations",
            Entity::Datastream => "Datastreams",
            Entity::Sensor => "Sensors",
            Entity::ObservedProperty => "ObservedProperties",
            Entity::Observation => "Observations",
            Entity::FeatureOfInterest => "FeaturesOfInterest",
        }
    }

    /// Looks up an entity set by its URL name.
    pub fn from_set_name(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.set_name() == s)
    }

    /// The SQL table.
    pub fn table(self) -> &'static str {
        match self {
            Entity::Thing => "things",
            Entity::Location => "locations",
            Entity::HistoricalLocation => "historical_locations",
            Entity::Datastream => "datastreams",
            Entity::Sensor => "sensors",
            Entity::ObservedProperty => "observed_properties",
            Entity::Observation => "observations",
            Entity::FeatureOfInterest => "features_of_interest",
        }
    }

    /// The properties in the order they are rendered (after `@iot.id` / `@iot.selfLink`).
    pub fn properties(self) -> &'static [Property] {
        match self {
            Entity::Thing => {
                const V: &[Property] = &[
                    p("name", "name", Text),
                    p("description", "description", Text),
                    p("properties", "properties", Json),
                ];
                V
            }
            Entity::Location => {
                const V: &[Property] = &[
                    p("name", "name", Text),
                    p("description", "description", Text),
                    p("encodingType", "encoding_type", Text),
                    p("location", "location", Geo),
                    p("properties", "properties", Json),
                ];
                V
            }
            Entity::HistoricalLocation => {
                const V: &[Property] = &[p("time", "time", Time)];
                V
            }
            Entity::Datastream => {
                const V: &[Property] = &[
                    p("name", "name", Text),
                    p("description", "description", Text),
                    p("observationType", "observation_type", Text),
                    p("unitOfMeasurement", "unit_of_measurement", Json),
                    p("observedArea", "observed_area", Geo),
                    p(
                        "phenomenonTime",
                        "phenomenon_time_end",
                        Interval {
                            start: "phenomenon_time_start",
                        },
                    ),
                    p(
                        "resultTime",
                        "result_time_end",
                        Interval {
                            start: "result_time_start",
                        },
                    ),
                    p("properties", "properties", Json),
                ];
                V
            }
            Entity::Sensor => {
                const V: &[Property] = &[
                    p("name", "name", Text),
                    p("description", "description", Text),
                    p("encodingType", "encoding_type", Text),
                    p("metadata", "metadata", Text),
                    p("properties", "properties", Json),
                ];
                V
            }
            Entity::ObservedProperty => {
                const V: &[Property] = &[
                    p("name", "name", Text),
                    p("definition", "definition", Text),
                    p("description", "description", Text),
                    p("properties", "properties", Json),
                ];
                V
            }
            Entity::Observation => {
                const V: &[Property] = &[
                    p(
                        "phenomenonTime",
                        "phenomenon_time",
                        Interval {
                            start: "phenomenon_time_start",
                        },
                    ),
                    p("resultTime", "result_time", Time),
                    p("result", "result", Result),
                    p("resultQuality", "result_quality", Json),
                    p(
                        "validTime",
                        "valid_time_end",
                        Interval {
                            start: "valid_time_start",
                        },
                    ),
                    p("parameters", "parameters", Json),
                ];
                V
            }
            Entity::FeatureOfInterest => {
                const V: &[Property] = &[
                    p("name", "name", Text),
                    p("description", "description", Text),
                    p("encodingType", "encoding_type", Text),
                    p("feature", "feature", Geo),
                    p("properties", "properties", Json),
                ];
                V
            }
        }
    }

    /// Finds a property by JSON name.
    pub fn property(self, name: &str) -> Option<&'static Property> {
        self.properties().iter().find(|p| p.name == name)
    }

    /// The navigation properties.
    pub fn navs(self) -> &'static [Nav] {
        use Entity as E;
        use Link::*;
        match self {
            E::Thing => {
                const V: &[Nav] = &[
                    n(
                        "Locations",
                        E::Location,
                        Through("thing_locations", "thing_id", "location_id"),
                    ),
                    n(
                        "HistoricalLocations",
                        E::HistoricalLocation,
                        ChildFk("thing_id"),
                    ),
                    n("Datastreams", E::Datastream, ChildFk("thing_id")),
                ];
                V
            }
            E::Location => {
                const V: &[Nav] = &[
                    n(
                        "Things",
                        E::Thing,
                        Through("thing_locations", "location_id", "thing_id"),
                    ),
                    n(
                        "HistoricalLocations",
                        E::HistoricalLocation,
                        Through(
                            "historical_location_locations",
                            "location_id",
                            "historical_location_id",
                        ),
                    ),
                ];
                V
            }
            E::HistoricalLocation => {
                const V: &[Nav] = &[
                    n("Thing", E::Thing, ParentFk("thing_id")),
                    n(
                        "Locations",
                        E::Location,
                        Through(
                            "historical_location_locations",
                            "historical_location_id",
                            "location_id",
                        ),
                    ),
                ];
                V
            }
            E::Datastream => {
                const V: &[Nav] = &[
                    n("Thing", E::Thing, ParentFk("thing_id")),
                    n("Sensor", E::Sensor, ParentFk("sensor_id")),
                    n(
                        "ObservedProperty",
                        E::ObservedProperty,
                        ParentFk("observed_property_id"),
                    ),
                    n("Observations", E::Observation, ChildFk("datastream_id")),
                ];
                V
            }
            E::Sensor => {
                const V: &[Nav] = &[n("Datastreams", E::Datastream, ChildFk("sensor_id"))];
                V
            }
            E::ObservedProperty => {
                const V: &[Nav] = &[n(
                    "Datastreams",
                    E::Datastream,
                    ChildFk("observed_property_id"),
                )];
                V
            }
            E::Observation => {
                const V: &[Nav] = &[
                    n("Datastream", E::Datastream, ParentFk("datastream_id")),
                    n(
                        "FeatureOfInterest",
                        E::FeatureOfInterest,
                        ParentFk("feature_of_interest_id"),
                    ),
                ];
                V
            }
            E::FeatureOfInterest => {
                const V: &[Nav] = &[n(
                    "Observations",
                    E::Observation,
                    ChildFk("feature_of_interest_id"),
                )];
                V
            }
        }
    }

    /// Finds a navigation property by name.
    pub fn nav(self, name: &str) -> Option<&'static Nav> {
        self.navs().iter().find(|n| n.name == name)
    }
}

/// SQL that relates alias `t` (of the nav's target) to its source: `src_alias` is the source row's alias when
/// the source is in the same FROM clause, `src_id` an SQL expression for the source id (a column or `?`),
/// `k` a fresh alias for a link table. Returns (extra FROM items starting with `, `, condition).
pub fn link_sql(
    source: Entity,
    nav: &Nav,
    t: &str,
    src_alias: Option<&str>,
    src_id: &str,
    k: &str,
) -> (String, String) {
    match nav.link {
        Link::ChildFk(fk) => (String::new(), format!("{t}.{fk} = {src_id}")),
        Link::ParentFk(fk) => match src_alias {
            Some(src) => (String::new(), format!("{t}.id = {src}.{fk}")),
            None => (
                String::new(),
                format!(
                    "{t}.id = (SELECT {fk} FROM {} WHERE id = {src_id})",
                    source.table()
                ),
            ),
        },
        Link::Through(table, sc, tc) => (
            format!(", {table} {k}"),
            format!("{k}.{sc} = {src_id} AND {t}.id = {k}.{tc}"),
        ),
    }
}
