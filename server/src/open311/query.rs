//! The filters of `GET requests.json`: spec parameters plus our `lat`/`long`/`radius` extension.
use std::collections::HashMap;

use qingshui_core::geo::{haversine_m, BBox, LatLon};
use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;

use super::error::Open311Error;
use super::render::{Row, COLUMNS, SNAP_DEG};

/// Most results of one search (GeoReport v2 suggests 1000).
pub const MAX_RESULTS: usize = 1000;
/// Default and widest date window (90 days).
pub const WINDOW_MS: i64 = 90 * 86_400_000;
/// Largest `radius`, in metres.
pub const MAX_RADIUS_M: f64 = 5000.0;
/// `radius` when only `lat`/`long` are given.
pub const DEFAULT_RADIUS_M: f64 = 1000.0;

/// A parsed search.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// `service_request_id` list: when present, every other filter is ignored (as the spec says).
    pub ids: Option<Vec<i64>>,
    /// `service_code` list.
    pub codes: Vec<String>,
    /// `start_date`..`end_date` on `requested_datetime`, ms.
    pub from_ms: i64,
    /// End of the window, ms (inclusive).
    pub to_ms: i64,
    /// `status` list.
    pub statuses: Vec<String>,
    /// Centre and radius (m) of "reports near here".
    pub near: Option<(LatLon, f64)>,
}

fn bad(field: &str, why: impl std::fmt::Display) -> Open311Error {
    Open311Error::bad_request(format!("{field}: {why}"))
}

fn list(p: &HashMap<String, String>, key: &str) -> Vec<String> {
    p.get(key)
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn number(p: &HashMap<String, String>, key: &str) -> Result<Option<f64>, Open311Error> {
    p.get(key)
        .map(|v| {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| bad(key, "not a number"))
        })
        .transpose()
}

impl Search {
    /// Reads the query parameters at time `now`.
    pub fn parse(p: &HashMap<String, String>, now: i64) -> Result<Self, Open311Error> {
        let mut s = Self::default();
        if p.contains_key("service_request_id") {
            let ids = list(p, "service_request_id")
                .iter()
                .map(|v| {
                    v.parse().map_err(|_| {
                        bad("service_request_id", format!("'{v}' is not a request id"))
                    })
                })
                .collect::<Result<Vec<i64>, _>>()?;
            s.ids = Some(ids);
            return Ok(s);
        }
        s.codes = list(p, "service_code");
        s.statuses = list(p, "status");
        if let Some(bad_status) = s.statuses.iter().find(|v| *v != "open" && *v != "closed") {
            return Err(bad(
                "status",
                format!("'{bad_status}' is not open or closed"),
            ));
        }
        let date = |key: &str| -> Result<Option<i64>, Open311Error> {
            p.get(key)
                .filter(|v| !v.trim().is_empty())
                .map(|v| {
                    crate::sta::time::parse(v).ok_or_else(|| bad(key, "not an ISO 8601 date-time"))
                })
                .transpose()
        };
        let (start, end) = (date("start_date")?, date("end_date")?);
        (s.from_ms, s.to_ms) = match (start, end) {
            (None, None) => (now - WINDOW_MS, now),
            (Some(a), None) => (a, a.saturating_add(WINDOW_MS)),
            (None, Some(b)) => (b - WINDOW_MS, b),
            (Some(a), Some(b)) if b < a => return Err(bad("end_date", "before start_date")),
            (Some(a), Some(b)) if b - a > WINDOW_MS => {
                return Err(bad("end_date", "the window may span at most 90 days"))
            }
            (Some(a), Some(b)) => (a, b),
        };
        let (lat, lon, radius) = (number(p, "lat")?, number(p, "long")?, number(p, "radius")?);
        s.near = match (lat, lon) {
            (Some(lat), Some(lon)) => {
                let c = LatLon { lat, lon };
                if !c.is_valid() {
                    return Err(bad("lat", "lat/long outside the valid range"));
                }
                let r = radius.unwrap_or(DEFAULT_RADIUS_M);
                if !(r > 0.0 && r <= MAX_RADIUS_M) {
                    return Err(bad(
                        "radius",
                        format!("must be above 0 and at most {MAX_RADIUS_M} metres"),
                    ));
                }
                Some((c, r))
            }
            (None, None) if radius.is_some() => return Err(bad("radius", "needs lat and long")),
            (None, None) => None,
            (Some(_), None) => return Err(bad("long", "required when lat is given")),
            (None, Some(_)) => return Err(bad("lat", "required when long is given")),
        };
        Ok(s)
    }

    /// Runs the search, newest first. The radius applies to the public (snapped) positions, so a series of
    /// radius searches cannot recover a report's exact position.
    pub fn run(&self, conn: &Connection) -> rusqlite::Result<Vec<Row>> {
        let mut sql = format!("SELECT {COLUMNS} WHERE ");
        let mut args: Vec<SqlValue> = Vec::new();
        let marks = |vals: Vec<SqlValue>, args: &mut Vec<SqlValue>| {
            let m = vec!["?"; vals.len()].join(",");
            args.extend(vals);
            m
        };
        if let Some(ids) = &self.ids {
            let m = marks(
                ids.iter().map(|i| SqlValue::Integer(*i)).collect(),
                &mut args,
            );
            sql.push_str(&format!("r.id IN ({m}) ORDER BY r.id"));
        } else {
            sql.push_str("r.requested_ms BETWEEN ? AND ?");
            args.extend([
                SqlValue::Integer(self.from_ms),
                SqlValue::Integer(self.to_ms),
            ]);
            if !self.codes.is_empty() {
                let m = marks(
                    self.codes.iter().cloned().map(SqlValue::Text).collect(),
                    &mut args,
                );
                sql.push_str(&format!(" AND r.service_code IN ({m})"));
            }
            if !self.statuses.is_empty() {
                let m = marks(
                    self.statuses.iter().cloned().map(SqlValue::Text).collect(),
                    &mut args,
                );
                sql.push_str(&format!(" AND r.status IN ({m})"));
            }
            if let Some((c, r)) = self.near {
                // A box widened by one grid cell: snapping may move a position by half a cell.
                let b = BBox::around(c, r);
                sql.push_str(" AND r.lat BETWEEN ? AND ? AND r.lon BETWEEN ? AND ?");
                args.extend(
                    [
                        b.min_lat - SNAP_DEG,
                        b.max_lat + SNAP_DEG,
                        b.min_lon - SNAP_DEG,
                        b.max_lon + SNAP_DEG,
                    ]
                    .map(SqlValue::Real),
                );
            }
            sql.push_str(" ORDER BY r.requested_ms DESC, r.id DESC");
            if self.near.is_none() {
                sql.push_str(&format!(" LIMIT {MAX_RESULTS}"));
            }
        }
        let mut st = conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), Row::from_sql)?;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            if let Some((c, r)) = self.near {
                let (Some(lat), Some(lon)) = (row.lat, row.lon) else {
                    continue;
                };
                if haversine_m(c, LatLon { lat, lon }) > r {
                    continue;
                }
            }
            out.push(row);
            if out.len() == MAX_RESULTS {
                break;
            }
        }
        Ok(out)
    }
}
