//! A JSON tree: what `sta::decode` and the client's readers walk.
//!
//! Why not `serde_json::Value`: its objects are `BTreeMap`s, whose insert, lookup, node and drop code
//! was ~5 KB of the client's first download (issue #6) for objects of a handful of members each. Here
//! an object is its members in a `Vec`, in the order its parser gave them: building one is a push, a
//! lookup a short scan. Numbers keep serde_json's three kinds, so ids and counts read exactly as before.
//!
//! The browser fills it from `JSON.parse` (the client's `platform::json`); natively it is converted
//! from `serde_json::Value` ([`from_str`], `From`), which also gives [`Value`] serde's `Deserialize`.

use serde::{Deserialize, Deserializer};

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON number as serde_json keeps it: a whole number when it is one, else a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A whole number that fits an `i64`.
    Int(i64),
    /// A whole number above `i64::MAX` (only serde_json's parser gives these).
    Big(u64),
    /// Any other number (finite: JSON has no NaN or infinity).
    Float(f64),
}

/// The members of a JSON object, each name once: in the order they came from `JSON.parse`, in
/// serde_json's (sorted) order natively. Two objects are equal when their members are, in any order.
#[derive(Debug, Clone, Default)]
pub struct Map(Vec<(String, Value)>);

impl PartialEq for Map {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl Number {
    /// As an `i64`, when it is a whole number in range.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::Int(i) => Some(i),
            _ => None,
        }
    }

    /// As a `u64`, when it is a whole number that is not negative.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::Int(i) => u64::try_from(i).ok(),
            Number::Big(u) => Some(u),
            Number::Float(_) => None,
        }
    }

    /// As a float (every number is one, perhaps rounded).
    pub fn as_f64(&self) -> f64 {
        match *self {
            Number::Int(i) => i as f64,
            Number::Big(u) => u as f64,
            Number::Float(f) => f,
        }
    }
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number as a float, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }

    /// The number as an `i64`, if this is a whole number in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The number as a `u64`, if this is a whole number that is not negative.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Whether this is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// The member `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }
}

impl Map {
    /// An empty object.
    pub fn new() -> Self {
        Map(Vec::new())
    }

    /// The member `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Adds a member at the end: the readers fill it from parsed objects, whose names are each
    /// there once (of a repeated name, both parsers keep the last).
    pub fn push(&mut self, key: String, value: Value) {
        self.0.push((key, value));
    }

    /// The members, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// How many members there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(members: I) -> Self {
        Map(members.into_iter().collect())
    }
}

/// `text` parsed by serde_json (off the browser: tests, tools); its message when it is not JSON.
pub fn from_str(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str::<serde_json::Value>(text).map(Value::from)
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Number::Int(i),
                (None, Some(u)) => Number::Big(u),
                // serde_json numbers without arbitrary precision are always one of the three.
                _ => Number::Float(n.as_f64().unwrap_or(f64::NAN)),
            }),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(items) => {
                Value::Array(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(m) => {
                Value::Object(m.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(d).map(Value::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_json_trees_convert_member_for_member_in_their_order() {
        let v = from_str(
            r#"{"b": [1, -2, 1.5, 18446744073709551615], "a": {"x": null, "y": true}, "s": "t"}"#,
        )
        .unwrap();
        let m = v.as_object().unwrap();
        assert_eq!(
            m.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["a", "b", "s"]
        );
        let b = v.get("b").and_then(Value::as_array).unwrap();
        assert_eq!(
            b,
            &[
                Value::Number(Number::Int(1)),
                Value::Number(Number::Int(-2)),
                Value::Number(Number::Float(1.5)),
                Value::Number(Number::Big(u64::MAX)),
            ]
        );
        assert_eq!(b[1].as_u64(), None);
        assert_eq!(b[1].as_i64(), Some(-2));
        assert_eq!(b[2].as_i64(), None);
        assert_eq!(b[3].as_u64(), Some(u64::MAX));
        assert_eq!(b[3].as_i64(), None);
        assert_eq!(b[0].as_f64(), Some(1.0));
        assert_eq!(
            v.get("a").and_then(|a| a.get("y")),
            Some(&Value::Bool(true))
        );
        assert_eq!(v.get("a").and_then(|a| a.get("x")), Some(&Value::Null));
        assert_eq!(v.get("s").and_then(Value::as_str), Some("t"));
        assert_eq!(v.get("gone"), None);
        assert_eq!(m.len(), 3);
        assert!(!m.is_empty() && Map::new().is_empty());
        assert!(from_str("[1,").is_err());
        // Objects are equal whatever their members' order.
        let mut ab = Map::new();
        ab.push("a".into(), Value::Null);
        ab.push("b".into(), Value::Bool(false));
        let ba: Map = [("b".into(), Value::Bool(false)), ("a".into(), Value::Null)]
            .into_iter()
            .collect();
        assert_eq!(ab, ba);
        ab.push("c".into(), Value::Null);
        assert_ne!(ab, ba);
        assert_ne!(ba, ab);
    }
}
