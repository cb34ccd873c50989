//! Geometry helpers behind the STA geospatial functions (`geo.distance`, `geo.length`, `geo.intersects`,
//! `st_within`, `st_intersects`, …) and the conversions between [`Geometry`], GeoJSON and WKT.
//!
//! Coordinates are WGS84 `(lon, lat)` degrees as in WKT and GeoJSON. Distances and lengths are **metres** on
//! the sphere (haversine via [`qingshui_core::geo::haversine_m`]), not degrees as a planar OData server would
//! return: `geo.distance(Locations/location, geography'POINT(…)') lt 5000` means "closer than 5 km".
//! Topological tests (`within`, `intersects`) are planar in degrees, which is exact enough for the city-sized
//! boxes clients send; points on a polygon's boundary count as inside.

use qingshui_core::geo::{haversine_m, LatLon};
use serde_json::{json, Value};

use super::query::ast::Geometry;

type Pt = (f64, f64);

/// Tolerance in degrees (~0.1 mm) for "lies on a segment" and point equality.
const EPS: f64 = 1e-9;

/// Reads a GeoJSON `Point`, `LineString` or `Polygon` (also inside a `Feature`); `None` for anything else or
/// for non-finite / missing coordinates. A third (altitude) coordinate is ignored.
pub fn geometry_from_geojson(v: &Value) -> Option<Geometry> {
    match v.get("type")?.as_str()? {
        "Feature" => geometry_from_geojson(v.get("geometry")?),
        "Point" => {
            let (x, y) = position(v.get("coordinates")?)?;
            Some(Geometry::Point(x, y))
        }
        "LineString" => {
            let pts = positions(v.get("coordinates")?)?;
            (pts.len() >= 2).then_some(Geometry::LineString(pts))
        }
        "Polygon" => {
            let rings: Vec<Vec<Pt>> = v
                .get("coordinates")?
                .as_array()?
                .iter()
                .map(positions)
                .collect::<Option<_>>()?;
            let ok = !rings.is_empty() && rings.iter().all(|r| r.len() >= 4);
            ok.then_some(Geometry::Polygon(rings))
        }
        _ => None,
    }
}

fn position(v: &Value) -> Option<Pt> {
    let a = v.as_array()?;
    let x = a.first()?.as_f64()?;
    let y = a.get(1)?.as_f64()?;
    (x.is_finite() && y.is_finite()).then_some((x, y))
}

fn positions(v: &Value) -> Option<Vec<Pt>> {
    v.as_array()?.iter().map(position).collect()
}

/// GeoJSON geometry object for `g`.
pub fn geojson_from_geometry(g: &Geometry) -> Value {
    let pts = |p: &[Pt]| p.iter().map(|&(x, y)| json!([x, y])).collect::<Vec<_>>();
    match g {
        Geometry::Point(x, y) => json!({ "type": "Point", "coordinates": [x, y] }),
        Geometry::LineString(p) => json!({ "type": "LineString", "coordinates": pts(p) }),
        Geometry::Polygon(rings) => {
            let rings: Vec<Value> = rings.iter().map(|r| Value::from(pts(r))).collect();
            json!({ "type": "Polygon", "coordinates": rings })
        }
    }
}

/// WKT text, e.g. `POINT(106.55 29.56)`, `POLYGON((…),(…))`.
pub fn to_wkt(g: &Geometry) -> String {
    let list = |p: &[Pt]| {
        p.iter()
            .map(|(x, y)| format!("{x} {y}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    match g {
        Geometry::Point(x, y) => format!("POINT({x} {y})"),
        Geometry::LineString(p) => format!("LINESTRING({})", list(p)),
        Geometry::Polygon(rings) => {
            let rings: Vec<String> = rings.iter().map(|r| format!("({})", list(r))).collect();
            format!("POLYGON({})", rings.join(","))
        }
    }
}

/// `(min_lon, min_lat, max_lon, max_lat)`: the envelope used for an R-tree prefilter.
pub fn bbox(g: &Geometry) -> (f64, f64, f64, f64) {
    let init = (
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    );
    vertices(g).fold(init, |(a, b, c, d), (x, y)| {
        (a.min(x), b.min(y), c.max(x), d.max(y))
    })
}

/// Shortest distance in **metres** between two geometries: 0 when they intersect, otherwise the least
/// distance from a vertex of one to a segment (or point) of the other, which is exact for non-crossing shapes.
pub fn distance_m(a: &Geometry, b: &Geometry) -> f64 {
    if let (Geometry::Point(ax, ay), Geometry::Point(bx, by)) = (a, b) {
        return haversine_m(ll((*ax, *ay)), ll((*bx, *by)));
    }
    if intersects(a, b) {
        return 0.0;
    }
    let one_way = |from: &Geometry, to: &Geometry| {
        vertices(from)
            .map(|p| point_distance_m(p, to))
            .fold(f64::INFINITY, f64::min)
    };
    one_way(a, b).min(one_way(b, a))
}

/// Length in metres of a LineString (the perimeter of all rings for a Polygon, 0 for a Point): `geo.length`.
pub fn length_m(g: &Geometry) -> f64 {
    segments(g).map(|(p, q)| haversine_m(ll(p), ll(q))).sum()
}

/// `a` lies within `b` (boundary inclusive). Shapes are tested by all their vertices, so a line or polygon
/// whose vertices are inside a concave polygon but whose edges leave it still counts as within.
pub fn within(a: &Geometry, b: &Geometry) -> bool {
    match (a, b) {
        (_, Geometry::Point(bx, by)) => vertices(a).all(|p| same(p, (*bx, *by))),
        (Geometry::Polygon(_), Geometry::LineString(_)) => false,
        _ => vertices(a).all(|p| point_intersects(p, b)),
    }
}

/// `a` and `b` share at least one point (boundary inclusive).
pub fn intersects(a: &Geometry, b: &Geometry) -> bool {
    if let Geometry::Point(x, y) = a {
        return point_intersects((*x, *y), b);
    }
    if let Geometry::Point(x, y) = b {
        return point_intersects((*x, *y), a);
    }
    let edges_cross = segments(a).any(|(p, q)| segments(b).any(|(r, s)| seg_cross(p, q, r, s)));
    // No edges cross: one can still lie wholly inside a polygon of the other.
    edges_cross
        || vertices(a).next().is_some_and(|p| point_intersects(p, b))
        || vertices(b).next().is_some_and(|p| point_intersects(p, a))
}

fn ll((lon, lat): Pt) -> LatLon {
    LatLon { lat, lon }
}

fn same(p: Pt, q: Pt) -> bool {
    (p.0 - q.0).abs() <= EPS && (p.1 - q.1).abs() <= EPS
}

fn vertices(g: &Geometry) -> Box<dyn Iterator<Item = Pt> + '_> {
    match g {
        Geometry::Point(x, y) => Box::new(std::iter::once((*x, *y))),
        Geometry::LineString(p) => Box::new(p.iter().copied()),
        Geometry::Polygon(rings) => Box::new(rings.iter().flatten().copied()),
    }
}

fn segments(g: &Geometry) -> Box<dyn Iterator<Item = (Pt, Pt)> + '_> {
    match g {
        Geometry::Point(..) => Box::new(std::iter::empty()),
        Geometry::LineString(p) => Box::new(p.windows(2).map(|w| (w[0], w[1]))),
        Geometry::Polygon(rings) => Box::new(
            rings
                .iter()
                .flat_map(|r| r.windows(2).map(|w| (w[0], w[1]))),
        ),
    }
}

/// Point `p` lies on or in `g`.
fn point_intersects(p: Pt, g: &Geometry) -> bool {
    match g {
        Geometry::Point(x, y) => same(p, (*x, *y)),
        Geometry::LineString(_) => segments(g).any(|(a, b)| on_segment(p, a, b)),
        Geometry::Polygon(rings) => {
            if segments(g).any(|(a, b)| on_segment(p, a, b)) {
                return true;
            }
            let mut rings = rings.iter();
            rings.next().is_some_and(|outer| in_ring(p, outer))
                && !rings.any(|hole| in_ring(p, hole))
        }
    }
}

/// Ray casting (even-odd rule); boundary points are handled by the caller.
fn in_ring(p: Pt, ring: &[Pt]) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        if (y1 > p.1) != (y2 > p.1) {
            let x_cross = x1 + (p.1 - y1) / (y2 - y1) * (x2 - x1);
            if p.0 < x_cross {
                inside = !inside;
            }
        }
    }
    inside
}

fn cross(o: Pt, a: Pt, b: Pt) -> f64 {
    (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
}

fn on_segment(p: Pt, a: Pt, b: Pt) -> bool {
    let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    cross(a, b, p).abs() <= EPS * len.max(1.0)
        && p.0 >= a.0.min(b.0) - EPS
        && p.0 <= a.0.max(b.0) + EPS
        && p.1 >= a.1.min(b.1) - EPS
        && p.1 <= a.1.max(b.1) + EPS
}

/// Segments `pq` and `rs` share a point (touching and collinear overlap included).
fn seg_cross(p: Pt, q: Pt, r: Pt, s: Pt) -> bool {
    let (d1, d2) = (cross(r, s, p), cross(r, s, q));
    let (d3, d4) = (cross(p, q, r), cross(p, q, s));
    let proper = ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0));
    proper
        || on_segment(p, r, s)
        || on_segment(q, r, s)
        || on_segment(r, p, q)
        || on_segment(s, p, q)
}

/// Metres from point `p` to the nearest point of `g` (0 inside a polygon).
fn point_distance_m(p: Pt, g: &Geometry) -> f64 {
    match g {
        Geometry::Point(x, y) => haversine_m(ll(p), ll((*x, *y))),
        _ if point_intersects(p, g) => 0.0,
        _ => segments(g)
            .map(|(a, b)| point_segment_m(p, a, b))
            .fold(f64::INFINITY, f64::min),
    }
}

/// Finds the nearest point of segment `ab` in a local equirectangular projection around `p` (longitude scaled
/// by cos(lat), so the projection is locally conformal) and measures the haversine distance to it.
fn point_segment_m(p: Pt, a: Pt, b: Pt) -> f64 {
    let k = p.1.to_radians().cos();
    let (ax, ay) = ((a.0 - p.0) * k, a.1 - p.1);
    let (dx, dy) = ((b.0 - a.0) * k, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let nearest = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
    haversine_m(ll(p), ll(nearest))
}
