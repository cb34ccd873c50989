//! The OGC SensorThings API v1.1 subset.
pub mod query;
pub mod geo;
