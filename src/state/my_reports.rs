//! The reports this phone has filed: ids kept in localStorage (never contact details), and the
//! status the Open311 server gives for them.

use qingshui_core::geo::LatLon;
use serde::{Deserialize, Serialize};

use crate::platform::json;

/// Where the filed report ids are kept.
pub const REPORTS_KEY: &str = "qingshui.reports";

/// How many filed reports the phone remembers (oldest forgotten first); keeps the status query
/// URL short.
pub const MAX_KEPT: usize = 50;

/// One report filed from this phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptReport {
    /// `service_request_id` from the server; empty while the server has only given a
    /// [`token`](Self::token).
    #[serde(default)]
    pub id: String,
    /// The category, to name the report before the server answers.
    pub service_code: String,
    /// When it was filed (or, for a followed report, when it was followed), ms since the epoch.
    pub filed_ms: i64,
    /// Someone else's report that the resident follows instead of filing the same problem again.
    #[serde(default)]
    pub followed: bool,
    /// The Open311 token of a report the server accepted without an id yet (GeoReport v2 lets
    /// it assign the id later); `None` once the id is known. Absent from lists stored before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl KeptReport {
    /// Still waiting for the server to turn its token into an id.
    pub fn pending(&self) -> Option<&str> {
        self.token.as_deref().filter(|_| self.id.is_empty())
    }

    /// Whether two entries are the same report: by id, or by token while the id is unknown.
    fn same(&self, other: &KeptReport) -> bool {
        if self.id.is_empty() || other.id.is_empty() {
            self.pending().is_some() && self.pending() == other.pending()
        } else {
            self.id == other.id
        }
    }
}

/// The kept list from its stored JSON; unreadable storage gives an empty list.
pub fn parse_kept(text: Option<&str>) -> Vec<KeptReport> {
    text.and_then(|t| json::read_typed(t).ok())
        .unwrap_or_default()
}

/// Adds a report at the front (newest first), replacing an entry with the same id (or, while
/// waiting for one, the same token) and forgetting the oldest beyond [`MAX_KEPT`].
pub fn add_kept(list: &mut Vec<KeptReport>, report: KeptReport) {
    list.retain(|r| !r.same(&report));
    list.insert(0, report);
    list.truncate(MAX_KEPT);
}

/// Adds someone else's report the resident follows, unless it is already kept (a report filed
/// from this phone stays marked as the resident's own).
pub fn follow(list: &mut Vec<KeptReport>, id: &str, service_code: &str, now_ms: i64) {
    if id.is_empty() || is_kept(list, id) {
        return;
    }
    add_kept(
        list,
        KeptReport {
            id: id.into(),
            service_code: service_code.into(),
            filed_ms: now_ms,
            followed: true,
            token: None,
        },
    );
}

/// Whether `id` is in the kept list.
pub fn is_kept(list: &[KeptReport], id: &str) -> bool {
    !id.is_empty() && list.iter().any(|r| r.id == id)
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
    /// When the department last changed it (ISO 8601).
    pub updated_datetime: Option<String>,
    /// What the resident saw.
    pub description: Option<String>,
    /// The address or landmark given.
    pub address: Option<String>,
    /// Public latitude (snapped to ~50 m by the server).
    pub lat: Option<f64>,
    /// Public longitude (snapped to ~50 m by the server).
    pub long: Option<f64>,
    /// The first photo, absolute URL.
    pub media_url: Option<String>,
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

    /// When the department last changed it, ms since the epoch.
    pub fn updated_ms(&self) -> Option<i64> {
        parse_time(self.updated_datetime.as_deref())
    }

    /// The public position, when it has one.
    pub fn position(&self) -> Option<LatLon> {
        Some(LatLon::new(self.lat?, self.long?)).filter(|p| p.is_valid())
    }

    /// The photo to show: only http(s) URLs, so a `javascript:` or `data:` value from a
    /// misbehaving server never reaches an `<img src>`.
    pub fn photo(&self) -> Option<&str> {
        self.media_url
            .as_deref()
            .filter(|u| u.starts_with("https://") || u.starts_with("http://") || u.starts_with('/'))
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

/// An id as it may be put into a URL (core's rule, which the server's preload of a report's page
/// follows too).
pub use qingshui_core::open311::safe_id;

/// `GET {open311}/requests.json?service_request_id=a,b,c&locale=…`.
pub fn requests_url(open311: &str, ids: &[&str], locale: &str) -> String {
    let list: Vec<String> = ids.iter().map(|id| safe_id(id)).collect();
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
            followed: false,
            token: None,
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
        // Lists stored before `followed` existed still load.
        let old = r#"[{"id":"4","service_code":"sewage","filed_ms":2}]"#;
        assert!(!parse_kept(Some(old))[0].followed);
        assert!(parse_kept(None).is_empty());
    }

    #[test]
    fn following_never_turns_an_own_report_into_a_followed_one() {
        let mut list = vec![kept("1")];
        follow(&mut list, "1", "sewage", 5);
        assert!(!list[0].followed);
        follow(&mut list, "2", "dead_fish", 5);
        assert_eq!(list[0].id, "2");
        assert!(list[0].followed);
        assert!(is_kept(&list, "2") && !is_kept(&list, "3"));
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
    fn only_web_photos_and_valid_positions_are_used() {
        let cases = [
            (Some("http://127.0.0.1:8080/open311/v2/media/a.jpg"), true),
            (Some("https://city.example/p.png"), true),
            (Some("/open311/v2/media/b.webp"), true),
            (Some("javascript:alert(1)"), false),
            (Some("data:image/png;base64,AAAA"), false),
            (None, false),
        ];
        for (url, shown) in cases {
            let r = ServiceRequest {
                media_url: url.map(str::to_string),
                ..Default::default()
            };
            assert_eq!(r.photo().is_some(), shown, "{url:?}");
        }
        let at = |lat, long| ServiceRequest {
            lat,
            long,
            ..Default::default()
        };
        assert!(at(Some(29.5), Some(106.5)).position().is_some());
        assert!(at(Some(95.0), Some(106.5)).position().is_none());
        assert!(at(None, Some(106.5)).position().is_none());
    }

    #[test]
    fn requests_url_lists_ids_and_drops_unsafe_characters() {
        assert_eq!(
            requests_url("/open311/v2", &["7", "12", "9&x=1"], "en"),
            "/open311/v2/requests.json?service_request_id=7,12,9x1&locale=en"
        );
    }
}
