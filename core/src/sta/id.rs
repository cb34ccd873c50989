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
                    .map(undouble_quotes);
                IotId::Str(unquoted.unwrap_or_else(|| t.to_string()))
            }
        }
    }
}

/// `it''s` → `it's`: an OData string literal's doubled quotes, read back. A loop rather than
/// `str::replace`, whose substring searcher is ~2 KB of the client's first download (issue #6).
fn undouble_quotes(quoted: &str) -> String {
    let mut out = String::with_capacity(quoted.len());
    let mut after_quote = false;
    for c in quoted.chars() {
        if c == '\'' && after_quote {
            after_quote = false;
            continue;
        }
        after_quote = c == '\'';
        out.push(c);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::IotId;

    /// Route parameters read back as ids: OData v4 (SensorThings v1.1 §9.2) writes a string key as a
    /// quoted literal with each quote inside doubled.
    #[test]
    fn parse_reads_numbers_and_quoted_literals() {
        let rows: &[(&str, IotId)] = &[
            ("17", IotId::Num(17)),
            (" 17 ", IotId::Num(17)),
            ("+17", IotId::Str("+17".into())),
            ("abc", IotId::Str("abc".into())),
            ("'abc'", IotId::Str("abc".into())),
            ("'it''s'", IotId::Str("it's".into())),
            ("''''''", IotId::Str("''".into())),
            ("'''", IotId::Str("'".into())),
        ];
        for (text, id) in rows {
            assert_eq!(&IotId::parse(text), id, "{text:?}");
        }
    }
}
