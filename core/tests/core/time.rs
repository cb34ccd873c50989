//! ISO 8601 / RFC 3339 parsing and formatting, checked against values from an independent implementation
//! (Python's datetime), plus calendar round trips over whole centuries.

use qingshui_core::time::{
    age, civil_from_days, days_from_civil, days_in_month, format, format_precise, is_leap_year,
    parse, Age, TimeError,
};

const H: i64 = 3_600_000;

#[test]
fn parse_vectors() {
    let cases: &[(&str, i64)] = &[
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1000),
        ("2026-11-28T08:00:00Z", 1_795_852_800_000),
        ("2026-11-28T08:00:00+00:00", 1_795_852_800_000),
        ("2026-11-28T16:00:00+08:00", 1_795_852_800_000),
        ("2026-11-28T16:00:00+0800", 1_795_852_800_000),
        ("2026-11-28T16:00:00+08", 1_795_852_800_000),
        ("2026-11-28T02:30:00-05:30", 1_795_852_800_000),
        ("2026-11-28t08:00:00z", 1_795_852_800_000),
        ("2026-11-28 08:00:00Z", 1_795_852_800_000),
        ("2026-11-28T08:00Z", 1_795_852_800_000),
        ("2026-11-28T08:00:00", 1_795_852_800_000),
        ("  2026-11-28T08:00:00Z  ", 1_795_852_800_000),
        ("2026-11-28T08:00:00.5Z", 1_795_852_800_500),
        ("2026-11-28T08:00:00.123Z", 1_795_852_800_123),
        ("2026-11-28T08:00:00.123456789+00:00", 1_795_852_800_123),
        ("2026-11-28T08:00:00,25Z", 1_795_852_800_250),
        ("2026-11-28", 1_795_824_000_000),
        ("2026-11-28T00:00:00+08:00", 1_795_824_000_000 - 8 * H),
        ("2026-11-27T24:00:00Z", 1_795_824_000_000),
        ("2026-06-30T18:30:00Z", 1_782_844_200_000),
        ("2000-02-29T12:34:56Z", 951_827_696_000),
        ("2024-02-29", 1_709_164_800_000),
        ("1999-12-31T23:59:59Z", 946_684_799_000),
        ("1999-12-31T23:59:60Z", 946_684_800_000),
        ("2100-03-01T00:00:00Z", 4_107_542_400_000),
        ("1600-01-01T00:00:00Z", -11_676_096_000_000),
        // An interval's end is the reading's time.
        (
            "2026-11-28T07:00:00Z/2026-11-28T08:00:00Z",
            1_795_852_800_000,
        ),
        (
            "2026-11-28T15:00:00+08:00/2026-11-28T16:00:00+08:00",
            1_795_852_800_000,
        ),
    ];
    for (s, want) in cases {
        assert_eq!(parse(s), Ok(*want), "{s:?}");
    }
}

#[test]
fn parse_rejects() {
    let out_of_range = [
        "2023-02-29",
        "1900-02-29T00:00:00Z",
        "2100-02-29",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "2026-01-01T25:00:00Z",
        "2026-01-01T24:00:01Z",
        "2026-01-01T12:60:00Z",
        "2026-01-01T12:00:61Z",
        "2026-01-01T12:00:00+24:00",
    ];
    for s in out_of_range {
        assert!(
            matches!(parse(s), Err(TimeError::OutOfRange(_))),
            "{s:?}: {:?}",
            parse(s)
        );
    }
    let syntax = [
        "yesterday",
        "2026/11/28",
        "26-11-28",
        "2026-11-28T8:00:00Z",
        "2026-11-28T08:00:00.Z",
        "2026-11-28T08:00:00ZZ",
        "2026-11-28T08:00:00 UTC",
        "2026-11-28X08:00",
        "garbage/2026-11-28T08:00:00Z",
    ];
    for s in syntax {
        assert!(
            matches!(parse(s), Err(TimeError::Syntax(_))),
            "{s:?}: {:?}",
            parse(s)
        );
    }
    assert_eq!(parse(""), Err(TimeError::Empty));
    assert_eq!(parse("   "), Err(TimeError::Empty));
}

#[test]
fn format_vectors() {
    let cases: &[(i64, &str)] = &[
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (999, "1970-01-01T00:00:00Z"),
        (1_795_852_800_000, "2026-11-28T08:00:00Z"),
        (951_827_696_000, "2000-02-29T12:34:56Z"),
        (4_107_542_400_000, "2100-03-01T00:00:00Z"),
        (-11_676_096_000_000, "1600-01-01T00:00:00Z"),
    ];
    for (ms, want) in cases {
        assert_eq!(format(*ms), *want, "{ms}");
    }
}

#[test]
fn format_precise_vectors() {
    // Milliseconds appear only when non-zero, always as three digits; below the epoch they count forwards
    // from the earlier second, as `format` rounds towards the past.
    let cases: &[(i64, &str)] = &[
        (0, "1970-01-01T00:00:00Z"),
        (1_795_852_800_000, "2026-11-28T08:00:00Z"),
        (1_795_852_800_005, "2026-11-28T08:00:00.005Z"),
        (1_795_852_800_500, "2026-11-28T08:00:00.500Z"),
        (1_795_852_800_123, "2026-11-28T08:00:00.123Z"),
        (999, "1970-01-01T00:00:00.999Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (951_827_696_010, "2000-02-29T12:34:56.010Z"),
    ];
    for (ms, want) in cases {
        assert_eq!(format_precise(*ms), *want, "{ms}");
        assert_eq!(parse(want), Ok(*ms), "{want}");
    }
}

#[test]
fn format_parse_round_trip() {
    // Every ~37 days plus an odd time of day, 1900..2100: format then parse gives the second back.
    let start = days_from_civil(1900, 1, 1);
    let end = days_from_civil(2100, 12, 31);
    for day in (start..=end).step_by(37) {
        let ms = day * 86_400_000 + (day.rem_euclid(86_400)) * 1000;
        assert_eq!(parse(&format(ms)), Ok(ms), "{}", format(ms));
    }
}

#[test]
fn calendar_round_trip_and_leap_years() {
    let mut expected_day = days_from_civil(1600, 1, 1);
    for year in 1600..=2400 {
        for month in 1..=12 {
            for day in 1..=days_in_month(year, month) {
                assert_eq!(days_from_civil(year, month, day), expected_day);
                assert_eq!(civil_from_days(expected_day), (year, month, day));
                expected_day += 1;
            }
        }
    }
    let leap = [
        (2000, true),
        (1900, false),
        (2100, false),
        (2024, true),
        (2026, false),
        (2400, true),
    ];
    for (y, want) in leap {
        assert_eq!(is_leap_year(y), want, "{y}");
        assert_eq!(days_in_month(y, 2), if want { 29 } else { 28 });
    }
}

#[test]
fn ages() {
    let now = 1_795_852_800_000;
    let cases = [
        (now, Age::JustNow),
        (now + 5 * H, Age::JustNow),
        (now - 59_999, Age::JustNow),
        (now - 60_000, Age::Minutes(1)),
        (now - 59 * 60_000, Age::Minutes(59)),
        (now - H, Age::Hours(1)),
        (now - 3 * H - 59 * 60_000, Age::Hours(3)),
        (now - 47 * H, Age::Hours(47)),
        (now - 48 * H, Age::Days(2)),
        (now - 30 * 24 * H, Age::Days(30)),
    ];
    for (then, want) in cases {
        assert_eq!(age(now, then), want, "{}", now - then);
    }
}
