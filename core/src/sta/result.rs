//! An Observation `result`, which servers send as a number, a numeric string or something else entirely.

use serde::{Serialize, Serializer};

/// An Observation `result`: a number, a numeric string, or something Qingshui cannot use.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ObsResult {
    /// A JSON number.
    Number(f64),
    /// A JSON string (may hold a number, e.g. `"7.2"`).
    Text(String),
    /// null, missing, boolean, object or array.
    #[default]
    Other,
}

impl ObsResult {
    /// The numeric value: finite numbers, or strings that parse as one (surrounding spaces allowed).
    pub fn value(&self) -> Option<f64> {
        match self {
            ObsResult::Number(v) => Some(*v),
            ObsResult::Text(s) => crate::decimal::parse(s.trim()),
            ObsResult::Other => None,
        }
        .filter(|v| v.is_finite())
    }
}

impl Serialize for ObsResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ObsResult::Number(v) => s.serialize_f64(*v),
            ObsResult::Text(t) => s.serialize_str(t),
            ObsResult::Other => s.serialize_unit(),
        }
    }
}
