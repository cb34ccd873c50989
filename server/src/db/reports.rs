//! Tables of the Open311 "report a water problem" side. Kept apart from the SensorThings schema: reports
//! are citizen submissions, not sensor data. Contact details live in their own table so that no public
//! query can select them by accident.

/// Open311 tables and indexes (idempotent: run at every start).
pub const TABLES: &str = r#"
CREATE TABLE IF NOT EXISTS open311_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS open311_services (
    code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
    description_zh TEXT NOT NULL DEFAULT '', description_en TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '', group_zh TEXT NOT NULL DEFAULT '', group_en TEXT NOT NULL DEFAULT '',
    sort INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS open311_attributes (
    service_code TEXT NOT NULL, code TEXT NOT NULL, datatype TEXT NOT NULL, required INTEGER NOT NULL DEFAULT 0,
    description_zh TEXT NOT NULL, description_en TEXT NOT NULL,
    datatype_description_zh TEXT NOT NULL DEFAULT '', datatype_description_en TEXT NOT NULL DEFAULT '',
    sort INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (service_code, code)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS open311_attribute_values (
    service_code TEXT NOT NULL, attribute_code TEXT NOT NULL, key TEXT NOT NULL,
    name_zh TEXT NOT NULL, name_en TEXT NOT NULL, sort INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (service_code, attribute_code, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS open311_requests (
    id INTEGER PRIMARY KEY, service_code TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    lat REAL, lon REAL, address TEXT, attributes TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'open', status_notes TEXT, agency_responsible TEXT,
    requested_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, expected_ms INTEGER NOT NULL,
    media TEXT NOT NULL DEFAULT '[]', external_media_url TEXT,
    token TEXT NOT NULL UNIQUE, idempotency_key TEXT UNIQUE);
CREATE INDEX IF NOT EXISTS open311_requests_time ON open311_requests (requested_ms);
CREATE TABLE IF NOT EXISTS open311_contacts (
    request_id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, last_name TEXT, phone TEXT, device_id TEXT);
"#;
