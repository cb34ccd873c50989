//! Reports the Open311 server accepted with a `token` instead of a `service_request_id`
//! (GeoReport v2 allows `[{"token":"…"}]` when the id is assigned later): the token is kept in
//! `qingshui.reports` and swapped for the id once `GET tokens/{token}.json` names it.

use qingshui_core::json::Value;
use qingshui_core::sta::decode::{loose_string, loose_text, object, Bad, FromJson};

use super::my_reports::KeptReport;

/// One element of the answer to `GET {open311}/tokens/{token}.json`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenAnswer {
    /// The token asked about.
    pub token: String,
    /// The id, once the server has assigned one (absent or null before).
    pub service_request_id: Option<String>,
}

impl FromJson for TokenAnswer {
    /// Read leniently, as the other Open311 answers (`state::my_reports`): a numeric id is text.
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "token answer")?;
        Ok(TokenAnswer {
            token: loose_text(m, "token"),
            service_request_id: loose_string(m, "service_request_id"),
        })
    }
}

/// A token as it may be put into a URL path: anything but ASCII letters, digits, `-` and `_`
/// is dropped rather than sent.
pub fn safe_token(token: &str) -> String {
    token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// `GET {open311}/tokens/{token}.json`.
pub fn token_url(open311: &str, token: &str) -> String {
    format!("{open311}/tokens/{}.json", safe_token(token))
}

/// The tokens of the kept reports still waiting for an id.
pub fn pending_tokens(list: &[KeptReport]) -> Vec<String> {
    list.iter()
        .filter_map(|r| r.pending().map(str::to_string))
        .collect()
}

/// Applies the server's answer for `token`: the waiting entry takes the id (and drops the
/// token), or disappears when the same id is already kept. Returns whether the list changed;
/// an answer without an id, or for another token, leaves the entry waiting.
pub fn resolve(list: &mut Vec<KeptReport>, token: &str, answer: &[TokenAnswer]) -> bool {
    let Some(id) = answer
        .iter()
        .filter(|a| a.token.is_empty() || a.token == token)
        .find_map(|a| a.service_request_id.as_deref().filter(|id| !id.is_empty()))
    else {
        return false;
    };
    let Some(at) = list.iter().position(|r| r.pending() == Some(token)) else {
        return false;
    };
    if list.iter().any(|r| r.id == id) {
        list.remove(at);
    } else {
        let entry = &mut list[at];
        entry.id = id.to_string();
        entry.token = None;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::my_reports::{add_kept, kept_json, parse_kept};

    fn waiting(token: &str) -> KeptReport {
        KeptReport {
            id: String::new(),
            service_code: "sewage".into(),
            filed_ms: 1,
            followed: false,
            token: Some(token.into()),
        }
    }

    fn answer(json: &str) -> Vec<TokenAnswer> {
        crate::platform::json::read(json).unwrap()
    }

    #[test]
    fn token_entries_round_trip_and_old_lists_still_load() {
        let mut list = Vec::new();
        add_kept(&mut list, waiting("t-1"));
        add_kept(&mut list, waiting("t-2"));
        add_kept(&mut list, waiting("t-1"));
        assert_eq!(pending_tokens(&list), ["t-1", "t-2"]);
        let json = kept_json(&list);
        assert!(json.contains(r#""token":"t-1""#), "{json}");
        assert_eq!(parse_kept(Some(&json)), list);
        // Lists stored before tokens existed: no token, and none is written for them.
        let old = r#"[{"id":"4","service_code":"sewage","filed_ms":2,"followed":false}]"#;
        let loaded = parse_kept(Some(old));
        assert_eq!(loaded[0].token, None);
        assert!(loaded[0].pending().is_none());
        assert_eq!(kept_json(&loaded), old);
        // A token stored with a known id is not waiting.
        let both = r#"[{"id":"5","service_code":"sewage","filed_ms":2,"token":"t"}]"#;
        assert!(pending_tokens(&parse_kept(Some(both))).is_empty());
    }

    #[test]
    fn resolution_table() {
        // (answer, changed, resulting ids, tokens still waiting)
        let cases: [(&str, bool, &[&str], &[&str]); 6] = [
            (
                r#"[{"token":"t-1","service_request_id":"9"}]"#,
                true,
                &["9", "", "3"],
                &["t-2"],
            ),
            (
                r#"[{"token":"t-1","service_request_id":null}]"#,
                false,
                &["", "", "3"],
                &["t-1", "t-2"],
            ),
            (
                r#"[{"token":"t-1"}]"#,
                false,
                &["", "", "3"],
                &["t-1", "t-2"],
            ),
            (
                r#"[{"token":"other","service_request_id":"9"}]"#,
                false,
                &["", "", "3"],
                &["t-1", "t-2"],
            ),
            (r#"[]"#, false, &["", "", "3"], &["t-1", "t-2"]),
            // The id is already kept (followed meanwhile): the waiting twin goes.
            (
                r#"[{"token":"t-1","service_request_id":"3"}]"#,
                true,
                &["", "3"],
                &["t-2"],
            ),
        ];
        for (json, changed, ids, tokens) in cases {
            let mut list = vec![
                waiting("t-1"),
                waiting("t-2"),
                KeptReport {
                    id: "3".into(),
                    token: None,
                    ..waiting("")
                },
            ];
            assert_eq!(resolve(&mut list, "t-1", &answer(json)), changed, "{json}");
            let got: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
            assert_eq!(got, ids, "{json}");
            assert_eq!(pending_tokens(&list), tokens, "{json}");
        }
    }

    #[test]
    fn token_url_drops_unsafe_characters() {
        assert_eq!(
            token_url("/open311/v2", "ab-1_2/../x?y"),
            "/open311/v2/tokens/ab-1_2xy.json"
        );
    }
}
