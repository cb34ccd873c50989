//! The SQLite schema. Tables follow the SensorThings entity model; times are integer ms since the epoch,
//! JSON members are stored as JSON text, and location bounding boxes live in an R*Tree for spatial prefilters.

/// Tables (no secondary indexes: those are built after a bulk load, see [`INDEXES`]).
pub const TABLES: &str = r#"
CREATE TABLE IF NOT EXISTS things (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', properties TEXT);
CREATE TABLE IF NOT EXISTS locations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    encoding_type TEXT NOT NULL DEFAULT 'application/geo+json', location TEXT NOT NULL, properties TEXT);
CREATE TABLE IF NOT EXISTS thing_locations (
    thing_id INTEGER NOT NULL, location_id INTEGER NOT NULL, PRIMARY KEY (thing_id, location_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS historical_locations (
    id INTEGER PRIMARY KEY, thing_id INTEGER NOT NULL, time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS historical_location_locations (
    historical_location_id INTEGER NOT NULL, location_id INTEGER NOT NULL,
    PRIMARY KEY (historical_location_id, location_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sensors (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    encoding_type TEXT NOT NULL DEFAULT 'text/plain', metadata TEXT NOT NULL DEFAULT '', properties TEXT);
CREATE TABLE IF NOT EXISTS observed_properties (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '', properties TEXT);
CREATE TABLE IF NOT EXISTS datastreams (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    observation_type TEXT NOT NULL DEFAULT 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement',
    unit_of_measurement TEXT NOT NULL, observed_area TEXT,
    phenomenon_time_start INTEGER, phenomenon_time_end INTEGER, result_time_start INTEGER, result_time_end INTEGER,
    properties TEXT, thing_id INTEGER NOT NULL, sensor_id INTEGER NOT NULL, observed_property_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS features_of_interest (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    encoding_type TEXT NOT NULL DEFAULT 'application/geo+json', feature TEXT NOT NULL, properties TEXT);
CREATE TABLE IF NOT EXISTS observations (
    id INTEGER PRIMARY KEY, phenomenon_time_start INTEGER, phenomenon_time INTEGER NOT NULL, result_time INTEGER,
    result, result_quality TEXT, valid_time_start INTEGER, valid_time_end INTEGER, parameters TEXT,
    datastream_id INTEGER NOT NULL, feature_of_interest_id INTEGER NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS location_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);
"#;

/// Secondary indexes: the observation index makes "latest reading per datastream" an index seek.
pub const INDEXES: &str = r#"
CREATE INDEX IF NOT EXISTS observations_ds_time ON observations (datastream_id, phenomenon_time);
CREATE INDEX IF NOT EXISTS observations_foi ON observations (feature_of_interest_id);
CREATE INDEX IF NOT EXISTS datastreams_thing ON datastreams (thing_id);
CREATE INDEX IF NOT EXISTS datastreams_sensor ON datastreams (sensor_id);
CREATE INDEX IF NOT EXISTS datastreams_op ON datastreams (observed_property_id);
CREATE INDEX IF NOT EXISTS thing_locations_loc ON thing_locations (location_id, thing_id);
CREATE INDEX IF NOT EXISTS historical_locations_thing ON historical_locations (thing_id);
CREATE INDEX IF NOT EXISTS hll_location ON historical_location_locations (location_id);
CREATE INDEX IF NOT EXISTS foi_feature ON features_of_interest (feature);
"#;
