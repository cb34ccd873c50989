//! SensorThings `@iot.id`: a number or a string, with the OData literals the requests need.

use serde::{Serialize, Serializer};
use std::fmt;

/// A SensorThings `@iot.id`: servers use numbers or strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IotId {
    /// Numeric id (integral JSON numbers, including `17.0`).
    Num(i64),
    /// String id.
    Str(String),
}

impl Default for IotId {
    /// An entity without an id (malformed response) gets the empty string id, which no request can hit.
    fn default() -> Self {
        IotId::Str(String::new())
    }
}

impl IotId {
    /// Literal for `$filter`: `17` or `'ab''c'` (quotes doubled, OData style).
    pub fn filter_literal(&self) -> String {
        match self {
            IotId::Num(n) => n.to_string(),
            IotId::Str(s) => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// Key inside an entity path `Things(…)`: `17` or `'abc'` (not yet percent-encoded; quotes doubled).
    pub fn path_key(&self) -> String {
        self.filter_literal()
    }

    /// Reads an id from a route parameter: all digits = number, anything else = string (quotes stripped).
    pub fn parse(s: &str) -> Self {
        let t = s.trim();
        match t.parse::<i64>() {
            Ok(n) if !t.starts_with('+') => IotId::Num(n),
            _ => {
                let unquoted = t
                    .strip_prefix('\'')
                    .and_then(|x| x.strip_suffix('\''))
                    .map(|x| x.replace("''", "'"));
                IotId::Str(unquoted.unwrap_or_else(|| t.to_string()))
            }
        }
    }
}

impl fmt::Display for IotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IotId::Num(n) => write!(f, "{n}"),
            IotId::Str(s) => f.write_str(s),
        }
    }
}

impl Serialize for IotId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IotId::Num(n) => s.serialize_i64(*n),
            IotId::Str(v) => s.serialize_str(v),
        }
    }
}
