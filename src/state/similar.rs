//! "Already reported nearby": the open reports of the same category close to the chosen place,
//! so a resident can follow one instead of filing the same problem again (every duplicate costs
//! the water department a visit to triage it).

use qingshui_core::decimal::fixed;
use qingshui_core::geo::{haversine_m, LatLon};

use super::my_reports::ServiceRequest;

/// How far from the chosen place a report counts as "the same place", metres. Public positions
/// are snapped to ~50 m, and residents stand somewhere along the bank, so a few cells around.
pub const RADIUS_M: u32 = 200;

/// How far back reports count: an older open report is probably a different event.
pub const WINDOW_MS: i64 = 7 * 24 * 3_600_000;

/// The most similar reports shown; more would bury the form.
pub const MAX_SHOWN: usize = 5;

/// The grid the query position is snapped to: the one the server publishes positions on, so
/// asking tells the server no more about where the resident stands than a filed report would
/// publish.
const SNAP_DEG: f64 = 0.0005;

fn snap(x: f64) -> f64 {
    (x / SNAP_DEG).round() * SNAP_DEG
}

/// `GET {open311}/requests.json?service_code=CODE&status=open&lat=..&long=..&radius=200&start_date=..`.
pub fn similar_url(open311: &str, code: &str, at: LatLon, now_ms: i64, locale: &str) -> String {
    // Codes are plain identifiers; anything else is dropped rather than sent into the query.
    let code: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    format!(
        "{open311}/requests.json?service_code={code}&status=open&lat={}&long={}&radius={RADIUS_M}&start_date={}&locale={locale}",
        fixed(snap(at.lat), 4),
        fixed(snap(at.lon), 4),
        qingshui_core::time::format(now_ms - WINDOW_MS),
    )
}

/// One report to offer, with its distance from the chosen place.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    /// The report as the server gave it.
    pub request: ServiceRequest,
    /// Metres from the chosen place to its public position.
    pub metres: Option<f64>,
}

/// The server's answer as the list to show: open ones only (a server may ignore `status`),
/// nearest first, then newest, at most [`MAX_SHOWN`].
pub fn rank(found: Vec<ServiceRequest>, at: LatLon) -> Vec<Similar> {
    let mut list: Vec<Similar> = found
        .into_iter()
        .filter(ServiceRequest::is_open)
        .map(|r| Similar {
            metres: r.position().map(|p| haversine_m(at, p)),
            request: r,
        })
        .collect();
    list.sort_by(|a, b| {
        let d = |s: &Similar| s.metres.unwrap_or(f64::MAX);
        d(a).total_cmp(&d(b)).then_with(|| {
            b.request
                .filed_ms()
                .unwrap_or(0)
                .cmp(&a.request.filed_ms().unwrap_or(0))
        })
    });
    list.truncate(MAX_SHOWN);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: &str, status: &str, lat: f64, filed: &str) -> ServiceRequest {
        ServiceRequest {
            service_request_id: id.into(),
            status: status.into(),
            lat: Some(lat),
            long: Some(106.5),
            requested_datetime: Some(filed.into()),
            ..Default::default()
        }
    }

    #[test]
    fn url_asks_for_open_reports_of_the_category_in_the_last_week_on_the_public_grid() {
        let now = qingshui_core::time::parse("2026-11-28T08:00:00Z").unwrap();
        assert_eq!(
            similar_url("/open311/v2", "dead_fish", LatLon::new(29.56326, 106.55174), now, "en"),
            "/open311/v2/requests.json?service_code=dead_fish&status=open&lat=29.5635&long=106.5515\
             &radius=200&start_date=2026-11-21T08:00:00Z&locale=en"
        );
        assert!(
            similar_url("/o", "a&b=c", LatLon::new(0.0, 0.0), 0, "zh-CN")
                .starts_with("/o/requests.json?service_code=abc&")
        );
    }

    #[test]
    fn ranking_drops_closed_and_puts_the_nearest_then_newest_first() {
        let at = LatLon::new(29.5, 106.5);
        let found = vec![
            request("1", "open", 29.5010, "2026-11-27T08:00:00Z"),
            request("2", "closed", 29.5000, "2026-11-27T08:00:00Z"),
            request("3", "open", 29.5005, "2026-11-26T08:00:00Z"),
            request("4", "open", 29.5005, "2026-11-27T09:00:00Z"),
        ];
        let ids: Vec<String> = rank(found, at)
            .into_iter()
            .map(|s| s.request.service_request_id)
            .collect();
        assert_eq!(ids, ["4", "3", "1"]);
        let many = (0..9)
            .map(|i| request(&i.to_string(), "open", 29.5, "2026-11-27T08:00:00Z"))
            .collect();
        assert_eq!(rank(many, at).len(), MAX_SHOWN);
    }
}
