//! SensorThings API v1.1 as the client sees it: tolerant entity types and the request URLs.

pub mod decode;
pub mod encode;
mod id;
mod result;
mod types;
pub mod urls;

pub use id::IotId;
pub use result::ObsResult;
pub use types::{
    Collection, Coordinates, Datastream, GeoJson, Location, Observation, ObservedProperty, Thing,
    ThingProperties, Unit,
};
