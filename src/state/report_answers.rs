//! The answers a draft report gives to its category's questions (`Draft::attributes`).

use serde::{Serialize, Serializer};

use qingshui_core::json::Value;
use qingshui_core::sta::decode::{object, Bad, FromJson};

/// The answers to a service's questions, by attribute code, in code order; stored as a JSON object.
///
/// A sorted list rather than a `BTreeMap`: a form has a handful of questions, and the map's node
/// code was ~1 KB of the first download, which drops drafts with the outbox (issue #6).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answers(Vec<(String, String)>);

impl Answers {
    /// The answer to question `code`, if given.
    pub fn get(&self, code: &str) -> Option<&String> {
        self.find(code).ok().map(|i| &self.0[i].1)
    }

    /// Sets the answer to question `code`.
    pub fn insert(&mut self, code: String, answer: String) {
        match self.find(&code) {
            Ok(i) => self.0[i].1 = answer,
            Err(i) => self.0.insert(i, (code, answer)),
        }
    }

    /// Forgets every answer.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// How many questions have an answer.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none has.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The answers, in code order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(code, answer)| (code, answer))
    }

    fn find(&self, code: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(c, _)| c.as_str().cmp(code))
    }
}

impl FromIterator<(String, String)> for Answers {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(answers: I) -> Self {
        let mut out = Answers::default();
        for (code, answer) in answers {
            out.insert(code, answer);
        }
        out
    }
}

impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

/// A JSON object of texts, as `Draft::to_json` writes it.
impl FromJson for Answers {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        object(v, "attributes")?
            .iter()
            .map(|(code, answer)| match answer.as_str() {
                Some(a) => Ok((code.clone(), a.to_string())),
                None => Err(Bad(format!("{code}: expected a string"))),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_stay_in_code_order_one_per_code_and_are_stored_as_an_object() {
        let mut a: Answers = [("depth", "knee"), ("colour", "brown")]
            .into_iter()
            .map(|(c, v)| (c.to_string(), v.to_string()))
            .collect();
        a.insert("depth".into(), "neck".into());
        a.insert("area".into(), "large".into());
        assert_eq!(
            a.iter()
                .map(|(c, v)| (c.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
            [("area", "large"), ("colour", "brown"), ("depth", "neck")]
        );
        assert_eq!(a.get("depth").map(String::as_str), Some("neck"));
        assert_eq!(a.get("odour"), None);
        let text = serde_json::to_string(&a).unwrap();
        assert_eq!(text, r#"{"area":"large","colour":"brown","depth":"neck"}"#);
        let back = Answers::from_json(&qingshui_core::json::from_str(&text).unwrap());
        assert_eq!(back, Ok(a.clone()));
        let bad = Answers::from_json(&qingshui_core::json::from_str(r#"{"depth": 3}"#).unwrap());
        assert_eq!(bad, Err(Bad("depth: expected a string".into())));
        a.clear();
        assert!(a.is_empty());
        assert_eq!(a.len(), 0);
    }
}
