//! Distances, coarsening and the WKT of the nearby request.

use qingshui_core::geo::{
    coarsen, haversine_m, wkt_point, BBox, LatLon, DEFAULT_GRID_M, EARTH_RADIUS_M,
};

const JIEFANGBEI: LatLon = LatLon {
    lat: 29.5576,
    lon: 106.5770,
};
const CHENGDU: LatLon = LatLon {
    lat: 30.6586,
    lon: 104.0647,
};

/// The point `d` metres from `p` on bearing `deg` (spherical direct problem), to probe boxes and grids.
fn destination(p: LatLon, deg: f64, d: f64) -> LatLon {
    let (lat1, lon1, b, a) = (
        p.lat.to_radians(),
        p.lon.to_radians(),
        deg.to_radians(),
        d / EARTH_RADIUS_M,
    );
    let lat2 = (lat1.sin() * a.cos() + lat1.cos() * a.sin() * b.cos()).asin();
    let lon2 = lon1 + (b.sin() * a.sin() * lat1.cos()).atan2(a.cos() - lat1.sin() * lat2.sin());
    LatLon {
        lat: lat2.to_degrees(),
        lon: lon2.to_degrees(),
    }
}

#[test]
fn haversine_known_distances() {
    // Chongqing Jiefangbei → Chengdu is about 270 km.
    let d = haversine_m(JIEFANGBEI, CHENGDU);
    assert!((d - 270_000.0).abs() < 2_700.0, "{d}");
    // Beijing → Shanghai about 1 067 km.
    let d = haversine_m(
        LatLon::new(39.9042, 116.4074),
        LatLon::new(31.2304, 121.4737),
    );
    assert!((d - 1_067_000.0).abs() < 10_670.0, "{d}");
    // One degree of latitude = πR/180 ≈ 111 195 m; a quarter meridian = πR/2.
    let d = haversine_m(LatLon::new(0.0, 0.0), LatLon::new(1.0, 0.0));
    assert!((d - 111_195.08).abs() < 0.1, "{d}");
    let d = haversine_m(LatLon::new(0.0, 0.0), LatLon::new(90.0, 0.0));
    assert!((d - std::f64::consts::PI * EARTH_RADIUS_M / 2.0).abs() < 1e-6);
    // Antipodes do not overflow asin.
    let d = haversine_m(LatLon::new(0.0, 0.0), LatLon::new(0.0, 180.0));
    assert!((d - std::f64::consts::PI * EARTH_RADIUS_M).abs() < 1e-6);
    assert_eq!(haversine_m(JIEFANGBEI, JIEFANGBEI), 0.0);
    assert_eq!(
        haversine_m(JIEFANGBEI, CHENGDU),
        haversine_m(CHENGDU, JIEFANGBEI)
    );
}

/// Points on a fine sweep around the Chongqing districts (and a few far away).
fn sample_points() -> Vec<LatLon> {
    let mut pts = Vec::new();
    for i in 0..60 {
        for j in 0..60 {
            pts.push(LatLon::new(
                28.2 + f64::from(i) * 0.0437,
                105.3 + f64::from(j) * 0.0613,
            ));
        }
    }
    pts.extend([
        LatLon::new(0.0, 0.0),
        LatLon::new(-33.86, 151.21),
        LatLon::new(64.13, -21.9),
        LatLon::new(-0.0001, -0.0001),
        LatLon::new(51.5, 179.9999),
    ]);
    pts
}

#[test]
fn coarsen_is_near_stable_and_idempotent() {
    for grid in [250.0, DEFAULT_GRID_M, 5000.0] {
        for p in sample_points() {
            let c = coarsen(p, grid);
            let d = haversine_m(p, c);
            // Half the cell diagonal is 0.71 × grid; allow a little for the cell's own curvature.
            assert!(d <= 0.75 * grid, "{p:?} → {c:?} is {d} m at grid {grid}");
            assert_eq!(coarsen(p, grid), c, "deterministic");
            assert_eq!(coarsen(c, grid), c, "the centre is in its own cell");
            assert!(c.is_valid());
        }
    }
}

#[test]
fn coarsen_groups_a_cell() {
    let c = coarsen(JIEFANGBEI, 1000.0);
    // Points 100 m around the centre share the cell, so the request (and its cache key) is the same.
    for deg in (0..360).step_by(30) {
        let q = destination(c, f64::from(deg), 100.0);
        assert_eq!(coarsen(q, 1000.0), c, "bearing {deg}");
    }
    // One grid step north of a centre is the middle of the next row's cell: a different centre, ~1 km away.
    let far = coarsen(destination(c, 0.0, 1000.0), 1000.0);
    assert_ne!(far, c);
    let step = haversine_m(far, c);
    // Rows have their own longitude step, so the next row's centre may sit up to half a cell sideways.
    assert!((900.0..1150.0).contains(&step), "{step}");
    // The precise position never leaves: the coarse point differs from it.
    assert_ne!(c, JIEFANGBEI);
    // A bad grid falls back to the default instead of sending the precise position.
    assert_eq!(
        coarsen(JIEFANGBEI, 0.0),
        coarsen(JIEFANGBEI, DEFAULT_GRID_M)
    );
    assert_eq!(
        coarsen(JIEFANGBEI, f64::NAN),
        coarsen(JIEFANGBEI, DEFAULT_GRID_M)
    );
}

#[test]
fn bbox_contains_the_circle() {
    for radius in [10_000.0, 40_000.0, 160_000.0] {
        let b = BBox::around(JIEFANGBEI, radius);
        assert!(b.contains(JIEFANGBEI));
        for deg in (0..360).step_by(10) {
            let q = destination(JIEFANGBEI, f64::from(deg), radius * 0.999);
            assert!(
                b.contains(q),
                "{radius} m bearing {deg}: {q:?} outside {b:?}"
            );
        }
        // Not wildly larger than the circle: the height is the diameter.
        let height = haversine_m(
            LatLon::new(b.min_lat, b.min_lon),
            LatLon::new(b.max_lat, b.min_lon),
        );
        assert!((height - 2.0 * radius).abs() < 1.0, "{height}");
        assert!(!b.contains(destination(JIEFANGBEI, 0.0, radius * 1.01)));
    }
    let polar = BBox::around(LatLon::new(89.99, 0.0), 50_000.0);
    assert_eq!(polar.max_lat, 90.0);
    assert!(polar.min_lon >= -180.0 && polar.max_lon <= 180.0);
}

#[test]
fn wkt_is_lon_first() {
    assert_eq!(wkt_point(JIEFANGBEI), "POINT(106.577000 29.557600)");
    let b = BBox {
        min_lat: 29.5,
        min_lon: 106.5,
        max_lat: 29.6,
        max_lon: 106.6,
    };
    assert_eq!(
        b.to_wkt_polygon(),
        "POLYGON((106.500000 29.500000,106.600000 29.500000,106.600000 29.600000,106.500000 29.600000,106.500000 29.500000))"
    );
}

#[test]
fn longitudes_beyond_the_antimeridian_wrap_to_the_same_cell() {
    // (given, the same meridian written within −180..180)
    let table = [
        (286.55, -73.45),
        (466.55, 106.55),
        (-253.45, 106.55),
        (-180.0, -180.0),
        (180.0, -180.0),
        (540.0, -180.0),
        (-719.9, 0.1),
    ];
    for (given, within) in table {
        let a = coarsen(LatLon::new(29.56, given), DEFAULT_GRID_M);
        let b = coarsen(LatLon::new(29.56, within), DEFAULT_GRID_M);
        assert!(
            (a.lon - b.lon).abs() < 1e-9 && a.lat == b.lat,
            "{given} → {a:?}, {within} → {b:?}"
        );
        assert!((-180.0..180.0).contains(&a.lon), "{given} → {a:?}");
    }
}
