//! China's GCJ-02 datum ("Mars coordinates") ⇄ WGS84.
//!
//! Maps published in mainland China must, by regulation (GB 20263-2006 and the surveying and mapping
//! law), use GCJ-02: WGS84 positions passed through a deliberate, non-public obfuscation that shifts
//! them by typically 100–700 m (as little as ~40 m in the Qaidam basin, Qinghai; about 700 m in the far
//! north-east). Hosts that embed Qingshui — WeChat and Alipay mini-program web-views, whose
//! `wx.getLocation({ type: 'gcj02' })` and map components speak GCJ-02 — hand us such positions. Our
//! station data, the coarsening grid and [`haversine_m`](crate::geo::haversine_m) are all WGS84, so a
//! GCJ-02 position must be converted before it is used, or "nearest station" is off by hundreds of
//! metres.
//!
//! The forward transform is the widely published reconstruction (Krasovsky semi-major axis
//! `a = 6378245.0`, `ee = 0.00669342162296594323`, the `transformLat`/`transformLon` polynomials); it
//! reproduces the offsets of Chinese map providers to well under a metre. It has no closed-form inverse,
//! so [`gcj02_to_wgs84`] solves `wgs84_to_gcj02(w) = g` by fixed-point iteration.

use crate::geo::LatLon;
use crate::trig::{cos, sin};

/// Semi-major axis of the Krasovsky 1940 ellipsoid, metres, as the published transform uses it.
const A: f64 = 6_378_245.0;

/// First eccentricity squared used by the published transform, published as
/// `0.00669342162296594323`; written here with the digits an `f64` holds (the same value).
const EE: f64 = 0.006_693_421_622_965_943;

/// The conventional rough box of "China" used by the published transform's `outOfChina`
/// (longitude 72.004–137.8347 E, latitude 0.8293–55.8271 N).
///
/// It is a rectangle, not a border: it also covers neighbouring countries (e.g. Mongolia, parts of
/// South-East Asia and the Korean peninsula) and leaves out nothing of mainland China. Every part of
/// China's territory is far (> 100 km) from its edges, where the transform is discontinuous.
const CHINA_MIN_LON: f64 = 72.004;
const CHINA_MAX_LON: f64 = 137.8347;
const CHINA_MIN_LAT: f64 = 0.8293;
const CHINA_MAX_LAT: f64 = 55.8271;

/// Iterations of the inverse are stopped once a step moves the point less than this (degrees,
/// ≈ 0.01 mm); each step shrinks the error by a factor of about 300, so 3–4 steps reach it.
const INVERSE_TOLERANCE_DEG: f64 = 1e-10;

/// Upper bound on inverse iterations: convergence is geometric, so this is only a guard against NaN
/// or pathological inputs looping forever.
const INVERSE_MAX_ITERATIONS: usize = 12;

/// Whether `p` lies inside the conventional rough box of China that GCJ-02 tools use
/// (longitude 72.004–137.8347 E, latitude 0.8293–55.8271 N, edges included).
///
/// Outside it no conversion is applied, by convention of the published transform: GCJ-02 is defined
/// only for China, and hosts report plain WGS84 abroad.
pub fn in_china(p: LatLon) -> bool {
    (CHINA_MIN_LON..=CHINA_MAX_LON).contains(&p.lon)
        && (CHINA_MIN_LAT..=CHINA_MAX_LAT).contains(&p.lat)
}

/// The published `transformLat(x, y)` polynomial, with `x` = lon − 105, `y` = lat − 35 (not metres:
/// the caller scales it by the ellipsoid's radii of curvature).
fn transform_lat(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * sin(6.0 * x * PI) + 20.0 * sin(2.0 * x * PI)) * 2.0 / 3.0;
    r += (20.0 * sin(y * PI) + 40.0 * sin(y / 3.0 * PI)) * 2.0 / 3.0;
    r += (160.0 * sin(y / 12.0 * PI) + 320.0 * sin(y * PI / 30.0)) * 2.0 / 3.0;
    r
}

/// The published `transformLon(x, y)` polynomial (same arguments as [`transform_lat`]).
fn transform_lon(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * sin(6.0 * x * PI) + 20.0 * sin(2.0 * x * PI)) * 2.0 / 3.0;
    r += (20.0 * sin(x * PI) + 40.0 * sin(x / 3.0 * PI)) * 2.0 / 3.0;
    r += (150.0 * sin(x / 12.0 * PI) + 300.0 * sin(x / 30.0 * PI)) * 2.0 / 3.0;
    r
}

/// The GCJ-02 offset (Δlat, Δlon) in degrees at WGS84 point `p`, without the China box test.
fn offset(p: LatLon) -> (f64, f64) {
    use std::f64::consts::PI;
    let (x, y) = (p.lon - 105.0, p.lat - 35.0);
    let rad_lat = p.lat.to_radians();
    let magic = 1.0 - EE * sin(rad_lat).powi(2);
    let sqrt_magic = magic.sqrt();
    // Degrees per "transform unit": the meridian and parallel radii of curvature of the ellipsoid.
    let d_lat = transform_lat(x, y) * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lon = transform_lon(x, y) * 180.0 / (A / sqrt_magic * cos(rad_lat) * PI);
    (d_lat, d_lon)
}

/// WGS84 → GCJ-02, the published forward transform. Points outside [`in_china`] are returned unchanged.
///
/// Needed when Qingshui hands a position to a host map component that expects GCJ-02.
pub fn wgs84_to_gcj02(p: LatLon) -> LatLon {
    if !in_china(p) {
        return p;
    }
    let (d_lat, d_lon) = offset(p);
    LatLon {
        lat: p.lat + d_lat,
        lon: p.lon + d_lon,
    }
}

/// GCJ-02 → WGS84: the accurate inverse of [`wgs84_to_gcj02`]. Points outside [`in_china`] are
/// returned unchanged.
///
/// Needed for positions from mini-program hosts (`wx.getLocation` with `type: 'gcj02'`) before they
/// meet our WGS84 data. The common one-step inverse (`g − offset(g)`) is wrong by up to about a metre;
/// here `w ← w − (forward(w) − g)` is iterated from `w = g`. The offset's derivatives are below ~0.005,
/// so every step divides the error by ~200 or more: the round trip WGS84 → GCJ-02 → WGS84 is exact to
/// better than 1 mm everywhere inside the box (measured ≤ 1 µm over China; the tests require < 0.01 m).
pub fn gcj02_to_wgs84(g: LatLon) -> LatLon {
    if !in_china(g) {
        return g;
    }
    let mut w = g;
    for _ in 0..INVERSE_MAX_ITERATIONS {
        // The unconditional offset, so that an iterate stepping just outside the box near its edge
        // keeps converging instead of jumping.
        let (d_lat, d_lon) = offset(w);
        let next = LatLon {
            lat: g.lat - d_lat,
            lon: g.lon - d_lon,
        };
        let step = (next.lat - w.lat).abs().max((next.lon - w.lon).abs());
        w = next;
        // Converged, or NaN input, which no further iteration can fix.
        if step < INVERSE_TOLERANCE_DEG || step.is_nan() {
            break;
        }
    }
    w
}
