//! Decimal text for numbers: readings, distances, sizes and coordinates with a fixed number of
//! decimals, and the numbers that arrive as text (a reading sent as `"7.2"`, a position in a link).
//!
//! Why not `format!("{v:.2}")` and `str::parse::<f64>`: the standard library formats and parses
//! every `f64` exactly (Grisu/Dragon4, Eisel-Lemire with a big-decimal fallback), which costs about
//! 30 KB of code and tables, 12 KiB brotli, in the first download of the app (issue #6). What we
//! show and send needs at most 9 decimals of a number below 10^10, where plain `f64` arithmetic is
//! as good as the exact algorithms.

use crate::text;

/// The most decimals [`fixed`] writes: more would overflow the scaled integer for ordinary values.
pub const MAX_DECIMALS: usize = 9;

/// `v` with exactly `decimals` digits after the point (capped at [`MAX_DECIMALS`]), rounded half
/// away from zero: `fixed(2.25, 1)` = "2.3", `fixed(-0.04, 1)` = "0.0" (no sign on a zero).
///
/// Exact like `format!("{v:.decimals$}")` wherever `v · 10^decimals` is below 2^53 and not within
/// one rounding step of a half (ties of the decimal text; the standard library rounds the binary
/// value, which may lie just under the half). Larger magnitudes saturate at `u64::MAX`
/// (1.8 · 10^19) scaled units; no water reading or coordinate comes near. NaN is "NaN", infinities
/// "inf" and "-inf", as the standard library writes them.
pub fn fixed(v: f64, decimals: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    let decimals = decimals.min(MAX_DECIMALS);
    let scale = 10u64.pow(decimals as u32);
    // `as` saturates: a value too large for u64 becomes u64::MAX instead of wrapping.
    let units = (v.abs() * scale as f64).round() as u64;
    // Integers are written by the standard library (small, and in every build anyway); only the
    // float-to-decimal step is ours.
    let sign = if v < 0.0 && units != 0 { "-" } else { "" };
    let whole = units / scale;
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{:0decimals$}", units % scale)
    }
}

/// [`fixed`] without the trailing zeros of the fraction, nor a trailing point: `trimmed(2.50, 2)`
/// = "2.5", `trimmed(3.0, 6)` = "3".
pub fn trimmed(v: f64, decimals: usize) -> String {
    let mut s = fixed(v, decimals);
    if text::contains(&s, ".") {
        let keep = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(keep);
    }
    s
}

/// A number where text is needed and no precision was asked for (an id or a name sent as a
/// number): integers without a point ("42"), others with up to [`MAX_DECIMALS`] decimals, trimmed.
pub fn plain(v: f64) -> String {
    // Up to 10^9 the 9 decimals still fit the scaled u64; beyond, an f64 has few decimals left.
    trimmed(v, if v.abs() < 1e9 { MAX_DECIMALS } else { 0 })
}

/// A decimal number written as text: an optional sign, digits with an optional point, an optional
/// exponent (`"7.2"`, `"-.5"`, `"1e-3"`, `"+12."`). Surrounding spaces are not allowed, nor `inf`
/// and `NaN` (no reading is infinite). `None` for anything else.
///
/// Correctly rounded, like `str::parse::<f64>`, for up to 15 significant digits and a decimal
/// exponent within ±22 (every reading, coordinate and size we read): the digits and the power of
/// ten are then both exact `f64`s and one multiplication or division rounds once. Beyond that the
/// result is within a few units in the last place.
pub fn parse(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    // Up to 19 digits fit in a u64; further digits only move the exponent (before the point) or
    // are dropped (after it): they are below the precision of an f64 anyway.
    let mut mantissa: u64 = 0;
    let mut kept = 0u32;
    let mut exponent: i32 = 0;
    let mut digits = 0;
    let mut seen_point = false;
    while i < b.len() {
        match b[i] {
            d @ b'0'..=b'9' => {
                digits += 1;
                if kept < 19 {
                    if mantissa != 0 || d != b'0' {
                        kept += 1;
                    }
                    mantissa = mantissa * 10 + u64::from(d - b'0');
                    if seen_point {
                        exponent -= 1;
                    }
                } else if !seen_point {
                    exponent += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() {
        if !matches!(b[i], b'e' | b'E') {
            return None;
        }
        i += 1;
        let (sign, start) = match b.get(i) {
            Some(b'-') => (-1, i + 1),
            Some(b'+') => (1, i + 1),
            _ => (1, i),
        };
        let rest = &b[start..];
        if rest.is_empty() || !rest.iter().all(u8::is_ascii_digit) {
            return None;
        }
        // Saturates: "1e999999999" is infinity either way, and must not overflow the sum.
        let e = rest.iter().fold(0i32, |e, d| {
            e.saturating_mul(10).saturating_add(i32::from(d - b'0'))
        });
        exponent = exponent.saturating_add(sign * e);
    }
    let value = scale_by_power_of_ten(mantissa as f64, exponent);
    Some(if negative { -value } else { value })
}

/// 10^0 … 10^22: every one an exact `f64` (5^22 < 2^53).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `m · 10^e`, with one rounding where both are exact (|e| ≤ 22).
fn scale_by_power_of_ten(m: f64, e: i32) -> f64 {
    if m == 0.0 {
        return 0.0;
    }
    if (0..=22).contains(&e) {
        m * POW10[e as usize]
    } else if (-22..0).contains(&e) {
        m / POW10[(-e) as usize]
    } else if e > 0 {
        // Stepwise, so that 10^e itself does not overflow before m is applied.
        scale_by_power_of_ten(m * 1e22, e - 22)
    } else {
        scale_by_power_of_ten(m / 1e22, e + 22)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_matches_the_standard_library_away_from_ties() {
        let values = [
            0.0,
            1.0,
            -1.0,
            2.6,
            0.025_1,
            7.45,
            12.4,
            123.456,
            0.000_049,
            29.563_01,
            106.551_55,
            -106.551_55,
            1_234_567.891,
            0.1,
            0.2,
            0.3,
            9.999_4,
            99.96,
            1e9,
            std::f64::consts::PI,
        ];
        for v in values {
            for d in 0..=6 {
                assert_eq!(fixed(v, d), format!("{v:.d$}"), "fixed({v}, {d})");
            }
        }
    }

    #[test]
    fn fixed_rounds_decimal_ties_away_from_zero_and_drops_the_sign_of_zero() {
        let table: &[(f64, usize, &str)] = &[
            (2.25, 1, "2.3"),
            (0.5, 0, "1"),
            (-0.5, 0, "-1"),
            // Not a tie in binary: 1.005 is stored as 1.00499999999999989…
            (1.005, 2, "1.00"),
            (-0.04, 1, "0.0"),
            (-0.0, 2, "0.00"),
            (0.05, 1, "0.1"),
            (7.0, 3, "7.000"),
            (0.001, 3, "0.001"),
            (0.01, 4, "0.0100"),
            (5.0, 20, "5.000000000"),
            (f64::NAN, 2, "NaN"),
            (f64::INFINITY, 1, "inf"),
            (f64::NEG_INFINITY, 1, "-inf"),
            (1e30, 0, "18446744073709551615"),
        ];
        for &(v, d, want) in table {
            assert_eq!(fixed(v, d), want, "fixed({v}, {d})");
        }
    }

    #[test]
    fn trimmed_drops_trailing_zeros_and_point() {
        let table: &[(f64, usize, &str)] = &[
            (2.5, 2, "2.5"),
            (3.0, 6, "3"),
            (0.0251, 4, "0.0251"),
            (0.00001, 4, "0"),
            (-0.00001, 4, "0"),
            (120.0, 0, "120"),
            (106.5, 6, "106.5"),
        ];
        for &(v, d, want) in table {
            assert_eq!(trimmed(v, d), want, "trimmed({v}, {d})");
        }
    }

    #[test]
    fn plain_writes_integers_without_a_point() {
        let table: &[(f64, &str)] = &[
            (42.0, "42"),
            (1.5, "1.5"),
            (-0.25, "-0.25"),
            (0.1, "0.1"),
            (123_456_789_012.0, "123456789012"),
            (1e9 + 0.5, "1000000001"),
        ];
        for &(v, want) in table {
            assert_eq!(plain(v), want, "plain({v})");
        }
    }

    #[test]
    fn parse_is_exact_for_readings_and_coordinates() {
        let inputs = [
            "0",
            "7.2",
            "-7.2",
            "+7.2",
            "0.025",
            ".5",
            "5.",
            "-.5",
            "29.56301",
            "106.55155",
            "1e-3",
            "1E3",
            "2.5e+2",
            "12345678901234",
            "0.000001",
            "3.141592653589793",
            "007",
            "1e22",
            "1e-22",
            "4.9e-5",
            "100000000000000000000000",
            "0.1",
            "0.2",
            "0.3",
        ];
        for s in inputs {
            assert_eq!(parse(s), s.parse::<f64>().ok(), "parse({s:?})");
        }
    }

    #[test]
    fn parse_is_close_beyond_the_exact_range() {
        let inputs = [
            "1.5e300",
            "2.2250738585072014e-308",
            "123456789012345678901234567890",
            "0.1234567890123456789012345",
            "6.02214076e23",
            "1.602176634e-19",
        ];
        for s in inputs {
            let want: f64 = s.parse().unwrap();
            let got = parse(s).unwrap();
            assert!(
                ((got - want) / want).abs() < 1e-14,
                "parse({s:?}) = {got}, want {want}"
            );
        }
        assert_eq!(parse("1e999"), Some(f64::INFINITY));
        assert_eq!(parse("1e-999"), Some(0.0));
    }

    #[test]
    fn parse_refuses_what_is_not_a_decimal_number() {
        for s in [
            "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "abc", "inf", "NaN",
            "0x10", "--1", "1e5.5",
        ] {
            assert_eq!(parse(s), None, "parse({s:?})");
        }
    }
}
