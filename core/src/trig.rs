//! Sine and cosine for the angles of geodesy (radians of latitudes, longitudes and the GCJ-02 offsets,
//! all well under 10⁶).
//!
//! Why not `f64::sin` / `f64::cos`: on `wasm32-unknown-unknown` they are the musl port in
//! `compiler_builtins`, whose argument reduction carries a multi-precision path with a 2.7 KB table of
//! 2/π for arguments up to 10³⁰⁸ — 6 KB (2.1 KiB brotli) of every first download, for angles that never
//! exceed a few hundred radians (issue #6). This is the same algorithm (FreeBSD/musl `__rem_pio2` medium case,
//! `__sin`, `__cos`) without that path: within 1 ulp of the correctly rounded result for
//! |x| < 2²⁰·π/2 ≈ 1.6·10⁶. Larger arguments are first folded by whole turns in plain `f64`, which keeps
//! the result a sine or cosine (finite, in [−1, 1]) but not an accurate one; nothing here passes such
//! angles, and for them the last digits of a double mean nothing anyway.

// The constants as bit patterns, exactly those of fdlibm/musl (their decimal forms are in the test below).
const TO_INT: f64 = 1.5 / f64::EPSILON;
const INV_PIO2: f64 = f64::from_bits(0x3FE4_5F30_6DC9_C883);
const PIO2_1: f64 = f64::from_bits(0x3FF9_21FB_5440_0000);
const PIO2_1T: f64 = f64::from_bits(0x3DD0_B461_1A62_6331);
const PIO2_2: f64 = f64::from_bits(0x3DD0_B461_1A60_0000);
const PIO2_2T: f64 = f64::from_bits(0x3BA3_198A_2E03_7073);
const PIO2_3: f64 = f64::from_bits(0x3BA3_198A_2E00_0000);
const PIO2_3T: f64 = f64::from_bits(0x397B_839A_2520_49C1);

const S1: f64 = f64::from_bits(0xBFC5_5555_5555_5549);
const S2: f64 = f64::from_bits(0x3F81_1111_1110_F8A6);
const S3: f64 = f64::from_bits(0xBF2A_01A0_19C1_61D5);
const S4: f64 = f64::from_bits(0x3EC7_1DE3_57B1_FE7D);
const S5: f64 = f64::from_bits(0xBE5A_E5E6_8A2B_9CEB);
const S6: f64 = f64::from_bits(0x3DE5_D93A_5ACF_D57C);

const C1: f64 = f64::from_bits(0x3FA5_5555_5555_554C);
const C2: f64 = f64::from_bits(0xBF56_C16C_16C1_5177);
const C3: f64 = f64::from_bits(0x3EFA_01A0_19CB_1590);
const C4: f64 = f64::from_bits(0xBE92_7E4F_809C_52AD);
const C5: f64 = f64::from_bits(0x3E21_EE9E_BDB4_B1C4);
const C6: f64 = f64::from_bits(0xBDA8_FAE9_BE88_38D4);

/// The high 32 bits of `x` without the sign: a cheap measure of its magnitude.
fn high_word(x: f64) -> u32 {
    (x.to_bits() >> 32) as u32 & 0x7fff_ffff
}

/// Whole turns taken off `x` until it is below 2²⁰·π/2; each pass shrinks it by ~2⁵⁰ at least, so even
/// `f64::MAX` takes about twenty.
fn fold(mut x: f64) -> f64 {
    while high_word(x) >= 0x4139_21fb {
        x -= (x / std::f64::consts::TAU).round_ties_even() * std::f64::consts::TAU;
    }
    x
}

/// `x` = n·π/2 + (y0 + y1), |y0 + y1| ≤ π/4, y1 the tail of y0; only n mod 4 matters.
fn reduce(x: f64) -> (i32, f64, f64) {
    let x = fold(x);
    let f_n = (x * INV_PIO2 + TO_INT) - TO_INT;
    let n = f_n as i32;
    let mut r = x - f_n * PIO2_1;
    let mut w = f_n * PIO2_1T;
    let mut y0 = r - w;
    let exponent = |v: f64| (v.to_bits() >> 52) as i32 & 0x7ff;
    let ex = (high_word(x) >> 20) as i32;
    // Where cancellation left too few bits, subtract π/2 again in finer parts (good to 118, then 151 bits).
    for (part, tail, lost) in [(PIO2_2, PIO2_2T, 16), (PIO2_3, PIO2_3T, 49)] {
        if ex - exponent(y0) <= lost {
            break;
        }
        let t = r;
        w = f_n * part;
        r = t - w;
        w = f_n * tail - ((t - r) - w);
        y0 = r - w;
    }
    (n, y0, (r - y0) - w)
}

/// sin(x + y) for |x + y| ≤ π/4; `y` is x's tail (0 when x is exact).
fn kernel_sin(x: f64, y: f64) -> f64 {
    let z = x * x;
    let w = z * z;
    let r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    let v = z * x;
    x - ((z * (0.5 * y - v * r) - y) - v * S1)
}

/// cos(x + y) for |x + y| ≤ π/4.
fn kernel_cos(x: f64, y: f64) -> f64 {
    let z = x * x;
    let w = z * z;
    let r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    let hz = 0.5 * z;
    let w = 1.0 - hz;
    w + (((1.0 - w) - hz) + (z * r - x * y))
}

/// The sine of `x` radians.
pub fn sin(x: f64) -> f64 {
    let ix = high_word(x);
    if ix < 0x3e50_0000 {
        // |x| < 2⁻²⁶: sin x = x to the last bit.
        return x;
    }
    if ix <= 0x3fe9_21fb {
        return kernel_sin(x, 0.0);
    }
    reduced(x, 0)
}

/// The cosine of `x` radians.
pub fn cos(x: f64) -> f64 {
    if high_word(x) <= 0x3fe9_21fb {
        return kernel_cos(x, 0.0);
    }
    // cos x = sin(x + π/2): one quarter turn further round the same table.
    reduced(x, 1)
}

/// sin(x + `quarters`·π/2) for |x| > π/4, through the reduction; NaN for NaN and the infinities.
fn reduced(x: f64, quarters: i32) -> f64 {
    if high_word(x) >= 0x7ff0_0000 {
        return f64::NAN;
    }
    let (n, y0, y1) = reduce(x);
    match n.wrapping_add(quarters) & 3 {
        0 => kernel_sin(y0, y1),
        1 => kernel_cos(y0, y1),
        2 => -kernel_sin(y0, y1),
        _ => -kernel_cos(y0, y1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place between two finite doubles of the same sign region.
    fn ulps(a: f64, b: f64) -> u64 {
        let key = |v: f64| {
            let bits = v.to_bits() as i64;
            if bits < 0 {
                i64::MIN - bits
            } else {
                bits
            }
        };
        key(a).abs_diff(key(b))
    }

    /// Against the platform's libm (glibc natively: correctly rounded in practice), over the angles
    /// geodesy and GCJ-02 use and beyond, ±2000 rad, with multiples and near-multiples of π/2, where
    /// reduction loses the most bits.
    #[test]
    fn sin_and_cos_match_the_platform_within_one_ulp() {
        let mut xs: Vec<f64> = (-200_000..=200_000).map(|i| f64::from(i) * 0.01).collect();
        for k in -1300..=1300 {
            let m = f64::from(k) * std::f64::consts::FRAC_PI_2;
            xs.extend([m, m.next_up(), m.next_down(), m + 1e-9, m - 1e-12]);
        }
        xs.extend([1e-300, -1e-20, 3e-9, 0.785, 0.786, 1.5e6, -1.6e6]);
        for x in xs {
            // sin and cos of values this close to zero are exact or 1 ulp apart by definition.
            let (s, c) = (sin(x), cos(x));
            assert!(
                ulps(s, x.sin()) <= 1 || (s - x.sin()).abs() < 1e-300,
                "sin({x:e}) = {s:e}, platform {:e}",
                x.sin()
            );
            assert!(
                ulps(c, x.cos()) <= 1,
                "cos({x:e}) = {c:e}, platform {:e}",
                x.cos()
            );
        }
    }

    /// The bit patterns are the published decimal constants of fdlibm's `__rem_pio2`, `__sin`, `__cos`.
    #[test]
    fn constants_are_fdlibms() {
        for (value, decimal) in [
            (INV_PIO2, "6.36619772367581382433e-01"),
            (PIO2_1, "1.57079632673412561417e+00"),
            (PIO2_1T, "6.07710050650619224932e-11"),
            (PIO2_2, "6.07710050630396597660e-11"),
            (PIO2_2T, "2.02226624879595063154e-21"),
            (PIO2_3, "2.02226624871116645580e-21"),
            (PIO2_3T, "8.47842766036889956997e-32"),
            (S1, "-1.66666666666666324348e-01"),
            (S2, "8.33333333332248946124e-03"),
            (S3, "-1.98412698298579493134e-04"),
            (S4, "2.75573137070700676789e-06"),
            (S5, "-2.50507602534068634195e-08"),
            (S6, "1.58969099521155010221e-10"),
            (C1, "4.16666666666666019037e-02"),
            (C2, "-1.38888888888741095749e-03"),
            (C3, "2.48015872894767294178e-05"),
            (C4, "-2.75573143513906633035e-07"),
            (C5, "2.08757232129817482790e-09"),
            (C6, "-1.13596475577881948265e-11"),
        ] {
            assert_eq!(value, decimal.parse::<f64>().unwrap(), "{decimal}");
        }
    }

    /// Exact values (IEEE 754 results where the standard fixes them) and the non-finite cases.
    #[test]
    fn fixed_points_and_non_finite_arguments() {
        let cases = [(0.0, 0.0, 1.0), (-0.0, -0.0, 1.0), (1e-30, 1e-30, 1.0)];
        for (x, s, c) in cases {
            assert_eq!(sin(x).to_bits(), f64::to_bits(s), "sin({x})");
            assert_eq!(cos(x), c, "cos({x})");
        }
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(sin(x).is_nan() && cos(x).is_nan(), "{x}");
        }
    }

    /// Above the documented range the results degrade but stay sines: finite and within [−1, 1].
    #[test]
    fn huge_arguments_stay_in_range() {
        for x in [1e7, -3.3e9, 1e15, 1e300, f64::MAX] {
            for v in [sin(x), cos(x)] {
                assert!(v.is_finite() && (-1.0..=1.0).contains(&v), "{x:e} → {v}");
            }
        }
    }
}
