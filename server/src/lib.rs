//! Qingshui reference server: SensorThings API subset, static app and demo city over SQLite.
pub mod sta;
pub mod static_files;
