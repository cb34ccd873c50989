//! Nearest-first search for `$orderby=geo.distance(<location path>, geography'POINT(…)')`.
//!
//! A box of radius `r` around the point holds every row closer than `r`, so an ordered query limited to that
//! box is exact once its last needed row lies within `r`. The work is in choosing `r`: too small and the
//! query must be repeated, too large and the exact geo functions run on thousands of candidates (the cost of
//! the contract's nearby request from outside the city, or with its 160 km box). So the radius comes from
//! the R*Tree alone first — no JSON, no joins, one bounding box per Location — as the distance within which
//! at least `need` Locations lie; the exact query then sees a few dozen candidates.
use qingshui_core::geo::{haversine_m, LatLon};
use rusqlite::Connection;

use super::spatial::BBox;
use crate::sta::error::ApiError;

/// The first radius (metres) the R*Tree is probed with.
const FIRST_RADIUS_M: f64 = 1_000.0;
/// Each probe's radius over the last: √2 doubles the area, so the last probe reads at most about twice the
/// boxes it needs (doubling the radius would read up to four times as many).
const GROWTH: f64 = std::f64::consts::SQRT_2;
/// Half the Earth's circumference: a box this wide covers the globe, so probing stops there.
const LAST_RADIUS_M: f64 = 20_100_000.0;

/// The box around `(x, y)` (lon, lat) that holds every point within `r` metres of it.
pub fn probe(x: f64, y: f64, r: f64) -> BBox {
    BBox {
        min_lon: x,
        max_lon: x,
        min_lat: y,
        max_lat: y,
    }
    .grow(r)
}

/// What the R*Tree says about the Locations nearest a point.
#[derive(Debug, Clone, PartialEq)]
pub struct Hint {
    /// A radius (metres) within which at least `need` Locations lie.
    pub radius_m: f64,
    /// Every indexed Location (inside the window) that may lie within `radius_m`: the exact query's candidates.
    pub location_ids: Vec<i64>,
}

/// Metres per degree of latitude, rounded up so box sizes err on the large side.
const M_PER_DEG: f64 = 111_320.0;
/// Slack (metres) on the candidate cut, far above the float32 rounding of R*Tree coordinates (~1 m).
const SLACK_M: f64 = 5.0;

/// The Locations nearest `(x, y)` (lon, lat) inside `window`, from the R*Tree's boxes alone: a radius holding
/// at least `need` of them, and every Location that may lie within it. `None` when there are fewer.
///
/// Distances are taken from each box's centre, plus or minus its half diagonal: for a point (a box one
/// float32 rounding wide) that is its distance to within a metre, with no JSON parsed and no join made.
pub fn nearest_locations(
    conn: &Connection,
    x: f64,
    y: f64,
    window: Option<BBox>,
    need: u64,
) -> Result<Option<Hint>, ApiError> {
    let need = usize::try_from(need).unwrap_or(usize::MAX).max(1);
    let centre = LatLon { lat: y, lon: x };
    let mut st = conn.prepare_cached(
        "SELECT id, min_lon, max_lon, min_lat, max_lat FROM location_rtree \
         WHERE max_lon >= ?1 AND min_lon <= ?2 AND max_lat >= ?3 AND min_lat <= ?4",
    )?;
    // (id, nearest, farthest) distance of each box.
    let mut boxes: Vec<(i64, f64, f64)> = Vec::new();
    let mut fars: Vec<f64> = Vec::new();
    let mut r = FIRST_RADIUS_M;
    loop {
        let p = probe(x, y, r);
        boxes.clear();
        // A window away from the point meets only larger probes; until then there is nothing to read.
        let b = match window {
            Some(w) => p.intersection(&w),
            None => Some(p),
        };
        if let Some(b) = b {
            let mut rows = st.query([b.min_lon, b.max_lon, b.min_lat, b.max_lat])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let (x0, x1, y0, y1): (f64, f64, f64, f64) =
                    (row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?);
                let mid = LatLon {
                    lat: (y0 + y1) / 2.0,
                    lon: (x0 + x1) / 2.0,
                };
                let d = haversine_m(centre, mid);
                let half = ((x1 - x0) * M_PER_DEG).hypot((y1 - y0) * M_PER_DEG) / 2.0;
                boxes.push((id, (d - half).max(0.0), d + half));
            }
        }
        if boxes.len() >= need {
            fars.clear();
            fars.extend(boxes.iter().map(|b| b.2));
            let (_, nth, _) = fars.select_nth_unstable_by(need - 1, f64::total_cmp);
            let radius_m = *nth;
            // Every Location within `radius_m` was fetched only if the probe reached that far.
            if radius_m <= r {
                let cut = radius_m + SLACK_M;
                let location_ids = boxes.iter().filter(|b| b.1 <= cut).map(|b| b.0).collect();
                return Ok(Some(Hint {
                    radius_m,
                    location_ids,
                }));
            }
            r = radius_m;
            continue;
        }
        // Once the probe holds the whole window, a larger one cannot find more.
        if window.is_some_and(|w| p.covers(&w)) || r > LAST_RADIUS_M {
            return Ok(None);
        }
        r *= GROWTH;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An R*Tree of points on a 0.01° grid (~1 km) over 30×30 cells near Chongqing.
    fn grid() -> (Connection, Vec<(i64, LatLon)>) {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE location_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);",
        )
        .unwrap();
        let mut pts = Vec::new();
        for i in 0..30 {
            for j in 0..30 {
                let id = i * 30 + j + 1;
                let p = LatLon::new(
                    29.4 + f64::from(i as i32) * 0.01,
                    106.4 + f64::from(j as i32) * 0.01,
                );
                conn.execute(
                    "INSERT INTO location_rtree VALUES (?1, ?2, ?2, ?3, ?3)",
                    rusqlite::params![id, p.lon, p.lat],
                )
                .unwrap();
                pts.push((id, p));
            }
        }
        (conn, pts)
    }

    fn sorted_distances(pts: &[(i64, LatLon)], c: LatLon) -> Vec<(f64, i64)> {
        let mut d: Vec<(f64, i64)> = pts
            .iter()
            .map(|(id, p)| (haversine_m(c, *p), *id))
            .collect();
        d.sort_by(|a, b| a.0.total_cmp(&b.0));
        d
    }

    #[test]
    fn radius_is_the_nth_distance_and_candidates_hold_every_point_within_it() {
        let (conn, pts) = grid();
        // Inside the grid, at its corner and 50 km outside it: the probe must grow, not give up.
        for c in [
            LatLon::new(29.553, 106.551),
            LatLon::new(29.4, 106.4),
            LatLon::new(29.0, 106.0),
        ] {
            for need in [1u64, 21, 100] {
                let h = nearest_locations(&conn, c.lon, c.lat, None, need)
                    .unwrap()
                    .unwrap();
                let d = sorted_distances(&pts, c);
                let nth = d[need as usize - 1].0;
                assert!(
                    (h.radius_m - nth).abs() < 2.0,
                    "{c:?} need {need}: {} vs {nth}",
                    h.radius_m
                );
                for (dist, id) in d.iter().take_while(|(dist, _)| *dist <= h.radius_m) {
                    assert!(
                        h.location_ids.contains(id),
                        "{c:?}: {id} at {dist} m missing"
                    );
                }
                // A circle's worth of candidates, not a box's (let alone the whole grid).
                assert!(
                    h.location_ids.len() < need as usize * 2 + 10,
                    "{}",
                    h.location_ids.len()
                );
            }
        }
    }

    #[test]
    fn window_limits_the_candidates_and_too_few_gives_none() {
        let (conn, pts) = grid();
        let w = BBox {
            min_lon: 106.5,
            max_lon: 106.6,
            min_lat: 29.5,
            max_lat: 29.6,
        };
        let c = LatLon::new(29.45, 106.45);
        let h = nearest_locations(&conn, c.lon, c.lat, Some(w), 5)
            .unwrap()
            .unwrap();
        let inside: Vec<(i64, LatLon)> = pts
            .iter()
            .copied()
            .filter(|(_, p)| {
                p.lon >= 106.5 - 1e-9 && p.lat >= 29.5 - 1e-9 && p.lon <= 106.6 && p.lat <= 29.6
            })
            .collect();
        let d = sorted_distances(&inside, c);
        assert!((h.radius_m - d[4].0).abs() < 2.0);
        assert!(h
            .location_ids
            .iter()
            .all(|id| inside.iter().any(|(i, _)| i == id)));
        assert_eq!(
            nearest_locations(&conn, c.lon, c.lat, None, 901).unwrap(),
            None
        );
        assert_eq!(
            nearest_locations(&conn, c.lon, c.lat, Some(w), 122).unwrap(),
            None
        );
    }
}
