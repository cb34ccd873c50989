//! Positions, great-circle distances, privacy coarsening and the WKT the SensorThings filters need.
//!
//! WKT and GeoJSON put longitude first; [`LatLon`] names its fields so the order can never be confused.

use crate::decimal::fixed;
use crate::trig::{cos, sin};
use serde::{Deserialize, Serialize};

/// Mean Earth radius (IUGG R1), metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Metres per degree of latitude used for grid steps (the customary 111.32 km).
pub const METRES_PER_DEGREE_LAT: f64 = 111_320.0;

/// Default coarsening grid, metres: what leaves the phone is the centre of a ~1 km cell.
pub const DEFAULT_GRID_M: f64 = 1000.0;

/// Decimals written into WKT: 6 decimals ≈ 0.1 m, far finer than any coarsened point needs.
const WKT_DECIMALS: usize = 6;

/// A WGS84 position in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct LatLon {
    /// Latitude, degrees north (−90..=90).
    pub lat: f64,
    /// Longitude, degrees east (−180..=180).
    pub lon: f64,
}

impl LatLon {
    /// Shorthand constructor (latitude first, as people say it).
    pub fn new(lat: f64, lon: f64) -> Self {
        LatLon { lat, lon }
    }

    /// Whether both coordinates are finite and inside the WGS84 ranges.
    pub fn is_valid(self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }
}

/// Great-circle distance in metres (haversine on a sphere of [`EARTH_RADIUS_M`]; error < 0.5 %).
pub fn haversine_m(a: LatLon, b: LatLon) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = sin(dp / 2.0).powi(2) + cos(p1) * cos(p2) * sin(dl / 2.0).powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Wraps a longitude into −180..180 so cells line up across the antimeridian.
fn wrap_lon(lon: f64) -> f64 {
    // Not `rem_euclid`: f64 `%` links libm's `fmod` and 128-bit division into the client's first
    // download (3 KB) for this one line; a floor is exact enough for degrees.
    let t = lon + 180.0;
    t - 360.0 * (t / 360.0).floor() - 180.0
}

/// Snap to the centre of a grid cell of about `grid_m` metres (default 1000): what leaves the phone.
///
/// Rows are `grid_m / 111 320` degrees of latitude; each row's cells are that step divided by the cosine of
/// the row's centre latitude, so cells stay roughly square. Every point of a cell maps to the same centre,
/// hence the same request (cacheable, and nothing finer than the cell is revealed); the centre is at most
/// about 0.71 × `grid_m` from the input. A non-positive or non-finite `grid_m` falls back to
/// [`DEFAULT_GRID_M`] rather than sending the precise position.
pub fn coarsen(p: LatLon, grid_m: f64) -> LatLon {
    let grid_m = if grid_m.is_finite() && grid_m > 0.0 {
        grid_m
    } else {
        DEFAULT_GRID_M
    };
    let lat_step = grid_m / METRES_PER_DEGREE_LAT;
    let lat = p.lat.clamp(-90.0, 90.0);
    let row = (lat / lat_step).floor();
    let centre_lat = ((row + 0.5) * lat_step).clamp(-90.0, 90.0);
    // Near the poles a cell would span the whole circle; cap the step there.
    let cos_lat = cos(centre_lat.to_radians()).max(1e-9);
    let lon_step = (lat_step / cos_lat).min(360.0);
    let col = ((wrap_lon(p.lon) + 180.0) / lon_step).floor();
    let centre_lon = wrap_lon((col + 0.5) * lon_step - 180.0);
    LatLon {
        lat: centre_lat,
        lon: centre_lon,
    }
}

/// A latitude/longitude box (no antimeridian crossing: Qingshui serves one city).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    /// Southern edge, degrees.
    pub min_lat: f64,
    /// Western edge, degrees.
    pub min_lon: f64,
    /// Northern edge, degrees.
    pub max_lat: f64,
    /// Eastern edge, degrees.
    pub max_lon: f64,
}

impl BBox {
    /// The smallest box containing the circle of `radius_m` around `p` (clamped to valid coordinates).
    pub fn around(p: LatLon, radius_m: f64) -> Self {
        let radius_m = radius_m.max(0.0);
        let dlat = (radius_m / EARTH_RADIUS_M).to_degrees();
        let min_lat = (p.lat - dlat).max(-90.0);
        let max_lat = (p.lat + dlat).min(90.0);
        // The circle is widest in longitude at the edge nearest a pole, so size the box there.
        let widest = min_lat.abs().max(max_lat.abs());
        let cos_widest = cos(widest.to_radians());
        let dlon = if cos_widest > 1e-9 {
            (dlat / cos_widest).min(180.0)
        } else {
            180.0
        };
        BBox {
            min_lat,
            min_lon: (p.lon - dlon).max(-180.0),
            max_lat,
            max_lon: (p.lon + dlon).min(180.0),
        }
    }

    /// `POLYGON((…))` with the corners lon-first, counter-clockwise and closed, as OGC WKT requires.
    pub fn to_wkt_polygon(&self) -> String {
        let corners = [
            (self.min_lon, self.min_lat),
            (self.max_lon, self.min_lat),
            (self.max_lon, self.max_lat),
            (self.min_lon, self.max_lat),
            (self.min_lon, self.min_lat),
        ];
        let mut wkt = String::from("POLYGON((");
        for (i, &(lon, lat)) in corners.iter().enumerate() {
            if i > 0 {
                wkt.push(',');
            }
            wkt.push_str(&fixed(lon, WKT_DECIMALS));
            wkt.push(' ');
            wkt.push_str(&fixed(lat, WKT_DECIMALS));
        }
        wkt.push_str("))");
        wkt
    }

    /// Whether `p` lies inside or on the edge of the box.
    pub fn contains(&self, p: LatLon) -> bool {
        (self.min_lat..=self.max_lat).contains(&p.lat)
            && (self.min_lon..=self.max_lon).contains(&p.lon)
    }
}

/// `POINT(lon lat)` with 6 decimals.
pub fn wkt_point(p: LatLon) -> String {
    format!(
        "POINT({} {})",
        fixed(p.lon, WKT_DECIMALS),
        fixed(p.lat, WKT_DECIMALS)
    )
}
