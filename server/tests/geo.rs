//! Geometry helpers behind the STA v1.1 geospatial functions (§9.3.3.5.2, Table 18): distances in metres,
//! OGC simple-feature predicates `st_within` / `st_intersects`, GeoJSON (RFC 7946) and WKT conversions.

use qingshui_server::sta::geo::{
    bbox, distance_m, geojson_from_geometry, geometry_from_geojson, intersects, length_m, to_wkt,
    within,
};
use qingshui_server::sta::query::ast::Geometry;
use serde_json::json;

fn pt(x: f64, y: f64) -> Geometry {
    Geometry::Point(x, y)
}
fn line(p: &[(f64, f64)]) -> Geometry {
    Geometry::LineString(p.to_vec())
}
/// Axis-aligned square polygon (closed ring).
fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<(f64, f64)> {
    vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
}
fn poly(rings: Vec<Vec<(f64, f64)>>) -> Geometry {
    Geometry::Polygon(rings)
}

#[test]
fn distance_table_in_metres() {
    // One degree of latitude on the mean-radius sphere is 111 195 m.
    let deg = 111_195.0;
    let sq = poly(vec![square(0.0, 0.0, 1.0, 1.0)]);
    let cases: Vec<(Geometry, Geometry, f64, f64)> = vec![
        (pt(106.55, 29.56), pt(106.55, 29.56), 0.0, 0.01),
        (pt(0.0, 0.0), pt(0.0, 1.0), deg, 5.0),
        // Cuntan to Jiefangbei, Chongqing: 7.1 km on the sphere (Python haversine reference).
        (pt(106.5958, 29.6191), pt(106.5770, 29.5573), 7_108.2, 1.0),
        (
            pt(0.5, 2.0),
            line(&[(0.0, 0.0), (1.0, 0.0)]),
            2.0 * deg,
            10.0,
        ),
        (pt(0.5, 0.0), line(&[(0.0, 0.0), (1.0, 0.0)]), 0.0, 0.01),
        (
            pt(3.0, 0.0),
            line(&[(0.0, 0.0), (1.0, 0.0)]),
            2.0 * deg,
            10.0,
        ),
        (pt(0.5, 0.5), sq.clone(), 0.0, 0.01),
        (pt(0.5, 1.5), sq.clone(), 0.5 * deg, 5.0),
        (line(&[(2.0, 0.0), (2.0, 1.0)]), sq.clone(), deg, 200.0),
        (line(&[(-1.0, 0.5), (2.0, 0.5)]), sq.clone(), 0.0, 0.01),
        (poly(vec![square(0.2, 0.2, 0.4, 0.4)]), sq, 0.0, 0.01),
    ];
    for (a, b, want, tol) in cases {
        let d = distance_m(&a, &b);
        assert!(
            (d - want).abs() <= tol,
            "{a:?} to {b:?}: {d} m, want {want}"
        );
        let back = distance_m(&b, &a);
        assert!((back - d).abs() <= tol, "symmetric");
    }
}

#[test]
fn length_in_metres() {
    let l = length_m(&line(&[(0.0, 0.0), (0.0, 1.0), (0.0, 2.0)]));
    assert!((l - 222_390.0).abs() < 10.0, "{l}");
    assert_eq!(length_m(&pt(1.0, 1.0)), 0.0);
}

#[test]
fn within_table() {
    let holed = poly(vec![
        square(0.0, 0.0, 10.0, 10.0),
        square(4.0, 4.0, 6.0, 6.0),
    ]);
    let cases = vec![
        (pt(1.0, 1.0), holed.clone(), true),
        (pt(5.0, 5.0), holed.clone(), false), // in the hole
        (pt(11.0, 5.0), holed.clone(), false),
        (pt(0.0, 5.0), holed.clone(), true), // boundary counts as inside
        (
            pt(106.55, 29.56),
            poly(vec![square(106.4, 29.4, 106.7, 29.7)]),
            true,
        ),
        (
            pt(106.80, 29.56),
            poly(vec![square(106.4, 29.4, 106.7, 29.7)]),
            false,
        ),
        (poly(vec![square(1.0, 1.0, 2.0, 2.0)]), holed.clone(), true),
        (
            poly(vec![square(1.0, 1.0, 12.0, 2.0)]),
            holed.clone(),
            false,
        ),
        (line(&[(1.0, 1.0), (2.0, 2.0)]), holed.clone(), true),
        (pt(0.5, 0.0), line(&[(0.0, 0.0), (1.0, 0.0)]), true),
        (pt(1.0, 1.0), pt(1.0, 1.0), true),
        (pt(1.0, 1.0), pt(1.0, 2.0), false),
        (holed, line(&[(0.0, 0.0), (1.0, 0.0)]), false),
    ];
    for (a, b, want) in cases {
        assert_eq!(within(&a, &b), want, "{a:?} within {b:?}");
    }
    // A concave (L-shaped) polygon: ray casting must not be fooled by the notch.
    let l_shape = poly(vec![vec![
        (0.0, 0.0),
        (4.0, 0.0),
        (4.0, 1.0),
        (1.0, 1.0),
        (1.0, 4.0),
        (0.0, 4.0),
        (0.0, 0.0),
    ]]);
    assert!(within(&pt(0.5, 3.0), &l_shape));
    assert!(!within(&pt(3.0, 3.0), &l_shape));
}

#[test]
fn intersects_table() {
    let sq = poly(vec![square(0.0, 0.0, 2.0, 2.0)]);
    let cases = vec![
        (line(&[(-1.0, 1.0), (3.0, 1.0)]), sq.clone(), true),
        (line(&[(3.0, 0.0), (3.0, 2.0)]), sq.clone(), false),
        (
            line(&[(0.0, 0.0), (2.0, 2.0)]),
            line(&[(0.0, 2.0), (2.0, 0.0)]),
            true,
        ),
        (
            line(&[(0.0, 0.0), (1.0, 0.0)]),
            line(&[(0.0, 1.0), (1.0, 1.0)]),
            false,
        ),
        (
            line(&[(0.0, 0.0), (2.0, 0.0)]),
            line(&[(1.0, 0.0), (3.0, 0.0)]),
            true,
        ), // collinear overlap
        (poly(vec![square(1.0, 1.0, 3.0, 3.0)]), sq.clone(), true),
        (poly(vec![square(0.5, 0.5, 1.0, 1.0)]), sq.clone(), true), // wholly inside
        (sq.clone(), poly(vec![square(0.5, 0.5, 1.0, 1.0)]), true),
        (poly(vec![square(5.0, 5.0, 6.0, 6.0)]), sq.clone(), false),
        (pt(1.0, 1.0), sq.clone(), true),
        (sq, pt(5.0, 5.0), false),
    ];
    for (a, b, want) in cases {
        assert_eq!(intersects(&a, &b), want, "{a:?} ∩ {b:?}");
        assert_eq!(intersects(&b, &a), want, "symmetric");
    }
}

#[test]
fn bbox_and_wkt() {
    let g = poly(vec![square(106.4, 29.4, 106.7, 29.7)]);
    assert_eq!(bbox(&g), (106.4, 29.4, 106.7, 29.7));
    assert_eq!(bbox(&pt(1.0, 2.0)), (1.0, 2.0, 1.0, 2.0));
    assert_eq!(to_wkt(&pt(106.55, 29.56)), "POINT(106.55 29.56)");
    assert_eq!(
        to_wkt(&line(&[(0.0, 0.0), (1.5, -2.0)])),
        "LINESTRING(0 0,1.5 -2)"
    );
    assert_eq!(
        to_wkt(&poly(vec![square(0.0, 0.0, 1.0, 1.0)])),
        "POLYGON((0 0,1 0,1 1,0 1,0 0))"
    );
}

#[test]
fn geojson_round_trip_and_rejects() {
    for g in [
        pt(106.55, 29.56),
        line(&[(0.0, 0.0), (1.0, 1.0)]),
        poly(vec![square(0.0, 0.0, 1.0, 1.0), square(0.2, 0.2, 0.4, 0.4)]),
    ] {
        assert_eq!(geometry_from_geojson(&geojson_from_geometry(&g)), Some(g));
    }
    let feature = json!({"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2, 300]}});
    assert_eq!(geometry_from_geojson(&feature), Some(pt(1.0, 2.0)));
    assert_eq!(
        geojson_from_geometry(&pt(1.0, 2.0)),
        json!({"type": "Point", "coordinates": [1.0, 2.0]})
    );
    for bad in [
        json!({"type": "Point", "coordinates": [1]}),
        json!({"type": "Point", "coordinates": ["1", 2]}),
        json!({"type": "Point"}),
        json!({"type": "MultiPoint", "coordinates": [[1, 2]]}),
        json!({"type": "LineString", "coordinates": [[1, 2]]}),
        json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}),
        json!({"type": "Polygon", "coordinates": []}),
        json!("POINT(1 2)"),
        json!(null),
    ] {
        assert_eq!(geometry_from_geojson(&bad), None, "{bad}");
    }
}
