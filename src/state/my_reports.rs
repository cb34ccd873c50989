//! The reports this phone has filed: ids kept in localStorage (never contact details), and the
//! status the Open311 server gives for them.

use qingshui_core::decimal;
use qingshui_core::geo::LatLon;
use qingshui_core::json::{Map, Value};
use qingshui_core::sta::decode::{
    loose_text, null_default, object, optional, required, shape_or_none, Bad, FromJson,
};
use serde::Serialize;

use crate::platform::json;

/// Where the filed report ids are kept.
pub const REPORTS_KEY: &str = "qingshui.reports";

/// How many filed reports the phone remembers (oldest forgotten first); keeps the status query
/// URL short.
pub const MAX_KEPT: usize = 50;

/// One report filed from this phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptReport {
    /// `service_request_id` from the server; empty while the server has only given a
    /// [`token`](Self::token).
    pub id: String,
    /// The category, to name the report before the server answers.
    pub service_code: String,
    /// When it was filed (or, for a followed report, when it was followed), ms since the epoch.
    pub filed_ms: i64,
    /// Someone else's report that the resident follows instead of filing the same problem again.
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
    text.and_then(|t| json::read(t).ok()).unwrap_or_default()
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
    crate::platform::json::write(list)
}

/// One request as `GET requests.json` answers it (only the fields the page shows).
#[derive(Debug, Clone, PartialEq, Default)]
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

// Both are read from one JSON tree (`qingshui_core::json`) by core's rules (`qingshui_core::sta::decode`), not by
// derived visitors: serde's typed reader formats "invalid type: floating point `1.5`" with `f64`'s
// Display, and with it the standard float printer (a 12 KiB chunk) came to a report's page (issue #6).

impl FromJson for KeptReport {
    /// What the app stored: the category and time must be there; `id`, `followed` and `token`
    /// may be missing from lists kept by older versions.
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "kept report")?;
        Ok(KeptReport {
            id: null_default(m, "id")?,
            service_code: required(m, "service_code")?,
            filed_ms: required(m, "filed_ms")?,
            followed: optional(m, "followed")?.unwrap_or(false),
            token: optional(m, "token")?,
        })
    }
}

impl FromJson for ServiceRequest {
    /// A server's answer, read leniently so that one odd member never hides the report: ids and
    /// codes may be numbers, a text member of another shape is absent, and `lat`/`long` may be
    /// numbers or numbers written as text (both occur among GeoReport v2 servers).
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "service request")?;
        let text = |key| shape_or_none::<String>(m, key);
        Ok(ServiceRequest {
            service_request_id: loose_text(m, "service_request_id"),
            status: loose_text(m, "status"),
            status_notes: text("status_notes"),
            service_name: text("service_name"),
            service_code: loose_text(m, "service_code"),
            requested_datetime: text("requested_datetime"),
            expected_datetime: text("expected_datetime"),
            updated_datetime: text("updated_datetime"),
            description: text("description"),
            address: text("address"),
            lat: coordinate(m, "lat"),
            long: coordinate(m, "long"),
            media_url: text("media_url"),
        })
    }
}

/// A number, or a number written as text; anything else is absent.
fn coordinate(m: &Map, key: &str) -> Option<f64> {
    match m.get(key)? {
        Value::Number(n) => Some(n.as_f64()),
        Value::String(s) => decimal::parse(s.trim()),
        _ => None,
    }
}

#[cfg(test)]
#[path = "my_reports_tests.rs"]
mod tests;
