//! SensorThings API v1.1 as the client sees it: tolerant entity types and the request URLs.

mod lenient;
mod types;
pub mod urls;

pub use types::{
    Collection, Coordinates, Datastream, GeoJson, IotId, Location, ObsResult, Observation,
    ObservedProperty, Thing, ThingProperties, Unit,
};
