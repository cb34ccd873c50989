//! The reports this phone has filed: ids kept in localStorage (never contact details), and the
//! status the Open311 server gives for them.

use serde::{Deserialize, Serialize};

/// Where the filed report ids are kept.
pub const REPORTS_KEY: &str = "qingshui.reports";

/// How many filed reports the phone remembers (oldest forgotten first); keeps the status query
/// URL short.
pub const MAX_KEPT: usize = 50;

/// One report filed from this phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptReport {
    /// `service_request_id` from the server.
    pub id: String,
    /// The category, to name the report before the server answers.
    pub service_code: String,
    /// When it was filed, ms since the epoch.
    pub filed_ms: i64,
}

/// The kept list from its stored JSON; unreadable storage gives an empty list.
pub fn parse_kept(text: Option<&str>) -> Vec<KeptReport> {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default()
}

/// Adds a report at the front (newest first), replacing an entry with the same id and
/// forgetting the oldest beyond [`MAX_KEPT`].
pub fn add_kept(list: &mut Vec<KeptReport>, report: KeptReport) {
    list.retain(|r| r.id != report.id);
    list.insert(0, report);
    list.truncate(MAX_KEPT);
}

/// The stored form of the list.
pub fn kept_json(list: &[KeptReport]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

/// One request as `GET requests.json` answers it (only the fields the page shows).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ServiceRequest {
    /// The id.
    pub service_request_id: String,
    /// `open` or `closed`.
    pub status: String,
    /// What the water department says about it.
    pub status_notes: Option<String>,
    /// The category name in the requested language.
    pub service_name: Option<String>,
    /// The category code.
    pub service_code: String,
    /// When it was filed (ISO 8601).
    pub requested_datetime: Option<String>,
    /// When an answer is due (ISO 8601).
    pub expected_datetime: Option<String>,
}

impl ServiceRequest {
    /// Whether the report is still being handled.
    pub fn is_open(&self) -> bool {
        !self.status.eq_ignore_ascii_case("closed")
    }

    /// When an answer is due, ms since the epoch.
    pub fn due_ms(&self) -> Option<i64> {
        parse_time(self.expected_datetime.as_deref())
    }

    /// When it was filed, ms since the epoch.
    pub fn filed_ms(&self) -> Option<i64> {
        parse_time(self.requested_datetime.as_deref())
    }

    /// Open and past its due time: the resident may chase it up.
    pub fn overdue(&self, now_ms: i64) -> bool {
        self.is_open() && self.due_ms().is_some_and(|due| now_ms > due)
    }
}

fn parse_time(s: Option<&str>) -> Option<i64> {
    qingshui_core::time::parse(s?).ok()
}

/// The due time when the server gave none: filed + the configured response hours.
pub fn fallback_due_ms(filed_ms: i64, response_hours: f64) -> i64 {
    filed_ms + (response_hours * 3_600_000.0) as i64
}

/// `GET {open311}/requests.json?service_request_id=a,b,c&locale=…`.
pub fn requests_url(open311: &str, ids: &[&str], locale: &str) -> String {
    let list: Vec<String> = ids
        .iter()
        .map(|id| id.chars().filter(char::is_ascii_alphanumeric).collect())
        .collect();
    format!(
        "{open311}/requests.json?service_request_id={}&locale={locale}",
        list.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(id: &str) -> KeptReport {
        KeptReport {
            id: id.into(),
            service_code: "sewage".into(),
            filed_ms: 1,
        }
    }

    #[test]
    fn kept_list_round_trips_and_tolerates_garbage() {
        let mut list = Vec::new();
        add_kept(&mut list, kept("1"));
        add_kept(&mut list, kept("2"));
        add_kept(&mut list, kept("1"));
        let ids: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["1", "2"]);
        assert_eq!(parse_kept(Some(&kept_json(&list))), list);
        assert!(parse_kept(Some("{not json")).is_empty());
        assert!(parse_kept(None).is_empty());
    }

    #[test]
    fn kept_list_forgets_the_oldest() {
        let mut list = Vec::new();
        for i in 0..MAX_KEPT + 3 {
            add_kept(&mut list, kept(&i.to_string()));
        }
        assert_eq!(list.len(), MAX_KEPT);
        assert_eq!(list[0].id, (MAX_KEPT + 2).to_string());
        assert_eq!(list[MAX_KEPT - 1].id, "3");
    }

    #[test]
    fn overdue_table() {
        let due = qingshui_core::time::parse("2026-11-28T08:00:00Z").unwrap();
        let cases = [
            ("open", Some("2026-11-28T08:00:00Z"), due + 1, true),
            ("open", Some("2026-11-28T16:00:00+08:00"), due + 1, true),
            ("open", Some("2026-11-28T08:00:00Z"), due, false),
            ("open", Some("2026-11-28T08:00:00Z"), due - 60_000, false),
            ("closed", Some("2026-11-28T08:00:00Z"), due + 1, false),
            ("open", None, due + 1, false),
            ("open", Some("garbage"), due + 1, false),
        ];
        for (status, expected, now, want) in cases {
            let r = ServiceRequest {
                status: status.into(),
                expected_datetime: expected.map(str::to_string),
                ..Default::default()
            };
            assert_eq!(r.overdue(now), want, "{status} {expected:?} {now}");
        }
    }

    #[test]
    fn server_answer_decodes_with_nulls() {
        let json = r#"[{"service_request_id":"7","status":"open","status_notes":null,
            "service_name":"污水排放","service_code":"sewage","requested_datetime":"2026-11-28T08:00:00Z",
            "expected_datetime":"2026-11-29T08:00:00Z","address":null,"lat":29.5,"long":106.5}]"#;
        let list: Vec<ServiceRequest> = serde_json::from_str(json).unwrap();
        assert_eq!(list[0].service_request_id, "7");
        assert_eq!(
            list[0].due_ms().unwrap() - list[0].filed_ms().unwrap(),
            86_400_000
        );
        assert_eq!(fallback_due_ms(0, 24.0), 86_400_000);
    }

    #[test]
    fn requests_url_lists_ids_and_drops_unsafe_characters() {
        assert_eq!(
            requests_url("/open311/v2", &["7", "12", "9&x=1"], "en"),
            "/open311/v2/requests.json?service_request_id=7,12,9x1&locale=en"
        );
    }
}
