//! A reading time as each language writes it, without `Intl`.
//!
//! The browser's `Intl.DateTimeFormat` (and `Date.toLocaleString`, which makes one) loads its locale data on
//! first use: ~20 ms of main thread at phone speed (4× CPU), inside the task that draws a station page — the
//! largest single item of that page's start. Two languages need two small patterns, the ones `Intl` itself
//! writes for `{dateStyle: "medium", timeStyle: "short"}` in `zh-CN` and `en`.

use qingshui_core::time::civil_from_days;

use super::Lang;

const MS_PER_MINUTE: i64 = 60_000;
const MINUTES_PER_DAY: i64 = 24 * 60;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The time `wall_ms` shows on the resident's clock (ms since the epoch shifted by their UTC offset, see
/// `platform::clock::wall_clock_ms`): "2026年11月28日 16:00" / "Nov 28, 2026, 4:00 PM".
pub fn date_time(lang: Lang, wall_ms: i64) -> String {
    let minutes = wall_ms.div_euclid(MS_PER_MINUTE);
    let (year, month, day) = civil_from_days(minutes.div_euclid(MINUTES_PER_DAY));
    let of_day = minutes.rem_euclid(MINUTES_PER_DAY);
    let (hour, minute) = (of_day / 60, of_day % 60);
    match lang {
        Lang::ZhCn => format!("{year}年{month}月{day}日 {hour:02}:{minute:02}"),
        Lang::En => {
            let (h12, half) = match hour {
                0 => (12, "AM"),
                1..=11 => (hour, "AM"),
                12 => (12, "PM"),
                _ => (hour - 12, "PM"),
            };
            let name = MONTHS[(month as usize - 1) % 12];
            format!("{name} {day}, {year}, {h12}:{minute:02} {half}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qingshui_core::time;

    /// The patterns of ICU (CLDR) for dateStyle medium + timeStyle short, as Chromium's `Intl` writes them
    /// (with a plain space before AM/PM, which newer ICU writes as U+202F).
    #[test]
    fn written_as_intl_writes_them() {
        let cases = [
            (
                "2026-11-28T08:00:00Z",
                "2026年11月28日 08:00",
                "Nov 28, 2026, 8:00 AM",
            ),
            (
                "2026-11-28T16:05:00Z",
                "2026年11月28日 16:05",
                "Nov 28, 2026, 4:05 PM",
            ),
            (
                "2026-01-01T00:00:59Z",
                "2026年1月1日 00:00",
                "Jan 1, 2026, 12:00 AM",
            ),
            (
                "2024-02-29T12:30:00Z",
                "2024年2月29日 12:30",
                "Feb 29, 2024, 12:30 PM",
            ),
            (
                "2026-12-31T23:59:00Z",
                "2026年12月31日 23:59",
                "Dec 31, 2026, 11:59 PM",
            ),
            (
                "1969-12-31T23:00:00Z",
                "1969年12月31日 23:00",
                "Dec 31, 1969, 11:00 PM",
            ),
        ];
        for (at, zh, en) in cases {
            let ms = time::parse(at).unwrap();
            assert_eq!(date_time(Lang::ZhCn, ms), zh, "{at}");
            assert_eq!(date_time(Lang::En, ms), en, "{at}");
        }
    }
}
