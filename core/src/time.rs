//! ISO 8601 / RFC 3339 instants ⇄ milliseconds since the Unix epoch, hand-written (no chrono: every byte of
//! the wasm costs residents data).
//!
//! Accepted: `YYYY-MM-DD`, optionally followed by `T` (or `t` or a space) `hh:mm[:ss[.fraction]]` and an
//! offset `Z` / `z` / `±hh:mm` / `±hhmm` / `±hh`. A time without an offset, and a date alone, are taken as
//! UTC (SensorThings servers are required to send offsets; this only keeps sloppy data readable). An interval
//! `start/end` yields its end, which is when a SensorThings reading was taken. A leap second `:60` is
//! accepted and counts as the first second of the next minute.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a time string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum TimeError {
    /// Nothing to parse.
    #[error("empty time")]
    Empty,
    /// The text does not follow the ISO 8601 / RFC 3339 layout.
    #[error("invalid time syntax: {0:?}")]
    Syntax(String),
    /// A field is outside its range (month 13, 31 April, 29 February in a common year, hour 25…).
    #[error("time field out of range: {0:?}")]
    OutOfRange(String),
}

const MS_PER_DAY: i64 = 86_400_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Whether `year` has a 29 February.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        _ => 28,
    }
}

/// A cursor over the ASCII bytes of one instant.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
    text: &'a str,
}

impl<'a> Cursor<'a> {
    fn syntax(&self) -> TimeError {
        TimeError::Syntax(self.text.to_string())
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Result<u32, TimeError> {
        let bytes = self
            .s
            .get(self.pos..self.pos + n)
            .ok_or_else(|| self.syntax())?;
        let mut v = 0u32;
        for b in bytes {
            if !b.is_ascii_digit() {
                return Err(self.syntax());
            }
            v = v * 10 + u32::from(b - b'0');
        }
        self.pos += n;
        Ok(v)
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), TimeError> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(self.syntax())
        }
    }
}

/// Parses one instant (no interval).
fn parse_instant(text: &str) -> Result<i64, TimeError> {
    let mut c = Cursor {
        s: text.as_bytes(),
        pos: 0,
        text,
    };
    let out_of_range = || TimeError::OutOfRange(text.to_string());
    let year = i64::from(c.digits(4)?);
    c.expect(b'-')?;
    let month = c.digits(2)?;
    c.expect(b'-')?;
    let day = c.digits(2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(out_of_range());
    }
    let mut ms = days_from_civil(year, month, day) * MS_PER_DAY;
    if c.peek().is_none() {
        return Ok(ms);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return Err(c.syntax());
    }
    let hour = c.digits(2)?;
    c.expect(b':')?;
    let minute = c.digits(2)?;
    let second = if c.eat(b':') { c.digits(2)? } else { 0 };
    // 24:00:00 is the end of the day in ISO 8601; anything past it is not a time.
    let end_of_day = hour == 24 && minute == 0 && second == 0;
    if (hour > 23 && !end_of_day) || minute > 59 || second > 60 {
        return Err(out_of_range());
    }
    ms += (i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)) * 1000;
    if c.eat(b'.') || c.eat(b',') {
        let start = c.pos;
        let mut frac_ms = 0i64;
        let mut scale = 100i64;
        while let Some(b) = c.peek().filter(u8::is_ascii_digit) {
            // Digits past milliseconds are truncated: readings are never that precise.
            frac_ms += i64::from(b - b'0') * scale;
            scale /= 10;
            c.pos += 1;
        }
        if c.pos == start {
            return Err(c.syntax());
        }
        ms += frac_ms;
    }
    match c.peek() {
        None => {}
        Some(b'Z' | b'z') => c.pos += 1,
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let oh = c.digits(2)?;
            // `+08:00`, `+0800` and `+08` all occur in the wild.
            c.eat(b':');
            let om = if c.peek().is_some() { c.digits(2)? } else { 0 };
            if oh > 23 || om > 59 {
                return Err(out_of_range());
            }
            let offset = (i64::from(oh) * 60 + i64::from(om)) * 60_000;
            // Local time = UTC + offset, so UTC = local − offset.
            ms += if sign == b'+' { -offset } else { offset };
        }
        Some(_) => return Err(c.syntax()),
    }
    if c.pos != c.s.len() {
        return Err(c.syntax());
    }
    Ok(ms)
}

/// RFC 3339 / ISO 8601 instant (Z, ±hh:mm, fractions) or interval "a/b" (→ end) → ms since epoch.
pub fn parse(s: &str) -> Result<i64, TimeError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(TimeError::Empty);
    }
    match s.split_once('/') {
        Some((start, end)) => {
            // Validate the start too: a garbled interval should not pass as its end alone.
            parse_instant(start.trim())?;
            parse_instant(end.trim())
        }
        None => parse_instant(s),
    }
}

/// ms since epoch → "2026-11-28T08:00:00Z" (milliseconds dropped, rounding towards the past).
pub fn format(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let secs = ms.rem_euclid(MS_PER_DAY) / 1000;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        y,
        m,
        d,
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// ms since epoch → "2026-11-28T08:00:00Z", or "2026-11-28T08:00:00.005Z" when there are milliseconds.
///
/// Unlike [`format`], nothing is dropped: the SensorThings server must render an instant exactly as it was
/// ingested, or a client filtering on a time it was given back would miss the very entity it came from.
pub fn format_precise(ms: i64) -> String {
    let whole = format(ms);
    match ms.rem_euclid(1000) {
        0 => whole,
        frac => format!("{}.{frac:03}Z", whole.trim_end_matches('Z')),
    }
}

/// How long ago a reading was taken, coarsely, for "updated 3 h ago".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Age {
    /// Less than a minute ago (or in the future, from a skewed clock).
    JustNow,
    /// 1–59 minutes ago.
    Minutes(u32),
    /// 1–47 hours ago (two days are still told in hours: "36 h ago" is clearer than "1 day ago").
    Hours(u32),
    /// 2 days or more.
    Days(u32),
}

/// Age of `then_ms` at `now_ms`, truncated to whole units.
pub fn age(now_ms: i64, then_ms: i64) -> Age {
    let d = now_ms.saturating_sub(then_ms);
    let minutes = d / 60_000;
    let hours = minutes / 60;
    let clamp = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    if minutes < 1 {
        Age::JustNow
    } else if hours < 1 {
        Age::Minutes(clamp(minutes))
    } else if hours < 48 {
        Age::Hours(clamp(hours))
    } else {
        Age::Days(clamp(hours / 24))
    }
}
