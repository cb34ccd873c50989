//! Integration tests of qingshui-core, one binary (one link) with a module per concern.

mod advice;
mod gcj02;
mod geo;
mod params;
mod quality;
mod sta_serde;
mod sta_urls;
mod station;
mod station_fixtures;
mod time;
