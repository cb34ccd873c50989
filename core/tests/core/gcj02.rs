//! GCJ-02 ⇄ WGS84: published vectors, offset sizes, round trips over China, no change abroad.

use qingshui_core::gcj02::{gcj02_to_wgs84, in_china, wgs84_to_gcj02};
use qingshui_core::geo::{haversine_m, LatLon};

/// Required round-trip accuracy, metres (the module promises < 1 m; it achieves micrometres).
const ROUND_TRIP_M: f64 = 0.01;

/// Tolerance on vector coordinates, degrees (≈ 0.1 mm): the vectors are given to full f64 precision.
const VECTOR_DEG: f64 = 1e-9;

/// (place, WGS84 lat, lon, GCJ-02 lat, lon).
///
/// The first three are the test vectors of googollee/eviltransform (`python/test.py`, `TESTS`), which
/// implements the same published transform. The others were computed with an independent Python
/// transcription of the reference formula (a = 6378245.0, ee = 0.00669342162296594323) that also
/// reproduces those three to the last digit.
const VECTORS: &[(&str, f64, f64, f64, f64)] = &[
    (
        "Shanghai (eviltransform)",
        31.1774276,
        121.5272106,
        31.17530398364597,
        121.531541859215,
    ),
    (
        "Shenzhen (eviltransform)",
        22.543847,
        113.912316,
        22.540796131694766,
        113.9171764808363,
    ),
    (
        "Beijing (eviltransform)",
        39.911954,
        116.377817,
        39.91334545536069,
        116.38404722455657,
    ),
    (
        "Tiananmen, Beijing",
        39.908692,
        116.397477,
        39.91009549393981,
        116.40372056710368,
    ),
    (
        "Jiefangbei, Chongqing",
        29.5576,
        106.5770,
        29.554712050354514,
        106.58068788725107,
    ),
    (
        "Chengdu",
        30.6586,
        104.0647,
        30.656177285002208,
        104.06720545761553,
    ),
    (
        "Urumqi",
        43.8256,
        87.6168,
        43.82680539311119,
        87.61964994946926,
    ),
    (
        "Lhasa",
        29.6520,
        91.1721,
        29.64921049417371,
        91.17356737181642,
    ),
    (
        "Harbin",
        45.8038,
        126.5350,
        45.80578152514843,
        126.54104035015793,
    ),
    (
        "Haikou",
        20.0440,
        110.1999,
        20.041885974611123,
        110.20419239478825,
    ),
];

/// Points every `step` degrees over a latitude/longitude box, edges included.
fn grid(lat: (f64, f64), lon: (f64, f64), step: f64) -> Vec<LatLon> {
    let rows = ((lat.1 - lat.0) / step).round() as usize;
    let cols = ((lon.1 - lon.0) / step).round() as usize;
    (0..=rows)
        .flat_map(|r| {
            (0..=cols).map(move |c| LatLon::new(lat.0 + r as f64 * step, lon.0 + c as f64 * step))
        })
        .collect()
}

/// Chongqing municipality's bounding box, every 0.5°.
fn chongqing_grid() -> Vec<LatLon> {
    grid((28.1, 32.1), (105.2, 110.2), 0.5)
}

/// The conventional China box every 2.5°, kept 0.5° inside its edges (where the transform is cut off).
fn china_grid() -> Vec<LatLon> {
    grid((1.5, 54.0), (72.5, 137.5), 2.5)
}

#[test]
fn forward_matches_published_and_reference_vectors() {
    for &(place, wlat, wlon, glat, glon) in VECTORS {
        let g = wgs84_to_gcj02(LatLon::new(wlat, wlon));
        assert!(
            (g.lat - glat).abs() < VECTOR_DEG && (g.lon - glon).abs() < VECTOR_DEG,
            "{place}: got {g:?}, want ({glat}, {glon})"
        );
    }
}

#[test]
fn inverse_recovers_wgs84_of_vectors() {
    for &(place, wlat, wlon, glat, glon) in VECTORS {
        let w = gcj02_to_wgs84(LatLon::new(glat, glon));
        let err = haversine_m(w, LatLon::new(wlat, wlon));
        assert!(err < ROUND_TRIP_M, "{place}: {err} m");
    }
}

#[test]
fn offset_of_cities_is_hundreds_of_metres() {
    for &(place, wlat, wlon, glat, glon) in VECTORS {
        let d = haversine_m(LatLon::new(wlat, wlon), LatLon::new(glat, glon));
        assert!((100.0..=700.0).contains(&d), "{place}: {d} m");
    }
    for p in chongqing_grid() {
        let d = haversine_m(p, wgs84_to_gcj02(p));
        assert!((100.0..=700.0).contains(&d), "{p:?}: {d} m");
    }
    // Over the whole box the shift is never zero and never much beyond 700 m; its minimum (~40 m) is in
    // the Qaidam basin, Qinghai.
    for p in china_grid() {
        let d = haversine_m(p, wgs84_to_gcj02(p));
        assert!((10.0..=750.0).contains(&d), "{p:?}: {d} m");
    }
}

#[test]
fn round_trip_error_is_below_a_centimetre_over_china() {
    // Across 105° E too, where the polynomials' sqrt(|lon − 105|) term has its kink.
    let kink = grid((29.0, 29.0), (104.99, 105.01), 0.001);
    for p in chongqing_grid().into_iter().chain(china_grid()).chain(kink) {
        let g = wgs84_to_gcj02(p);
        let err = haversine_m(p, gcj02_to_wgs84(g));
        assert!(err < ROUND_TRIP_M, "{p:?}: {err} m");
        // And the other way: a GCJ-02 point read back after conversion.
        let back = wgs84_to_gcj02(gcj02_to_wgs84(p));
        let err = haversine_m(p, back);
        assert!(err < ROUND_TRIP_M, "gcj {p:?}: {err} m");
    }
}

#[test]
fn china_box_is_the_conventional_rectangle() {
    let cases = [
        (
            "Jiefangbei, Chongqing",
            LatLon::new(29.5576, 106.5770),
            true,
        ),
        ("Urumqi", LatLon::new(43.8256, 87.6168), true),
        (
            "Mohe, northernmost county",
            LatLon::new(52.97, 122.54),
            true,
        ),
        (
            "south-west corner, edge included",
            LatLon::new(0.8293, 72.004),
            true,
        ),
        (
            "north-east corner, edge included",
            LatLon::new(55.8271, 137.8347),
            true,
        ),
        // The box is rough: neighbours inside it are converted too (as every GCJ-02 tool does).
        (
            "Seoul (inside the rough box)",
            LatLon::new(37.5665, 126.9780),
            true,
        ),
        ("just west of the box", LatLon::new(30.0, 72.003), false),
        ("just north of the box", LatLon::new(55.8272, 120.0), false),
        ("Tokyo", LatLon::new(35.6762, 139.6503), false),
        ("London", LatLon::new(51.5074, -0.1278), false),
        ("Sydney", LatLon::new(-33.8688, 151.2093), false),
        ("NaN", LatLon::new(f64::NAN, 106.0), false),
    ];
    for (place, p, want) in cases {
        assert_eq!(in_china(p), want, "{place}");
    }
}

#[test]
fn points_outside_china_are_unchanged_both_ways() {
    for (place, p) in [
        ("Tokyo", LatLon::new(35.6762, 139.6503)),
        ("London", LatLon::new(51.5074, -0.1278)),
        ("Sydney", LatLon::new(-33.8688, 151.2093)),
        ("New York", LatLon::new(40.7128, -74.0060)),
    ] {
        assert_eq!(wgs84_to_gcj02(p), p, "{place} wgs→gcj");
        assert_eq!(gcj02_to_wgs84(p), p, "{place} gcj→wgs");
    }
    let nan = LatLon::new(f64::NAN, f64::NAN);
    let back = gcj02_to_wgs84(nan);
    assert!(back.lat.is_nan() && back.lon.is_nan());
}
