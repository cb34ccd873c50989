//! RFC 3339 instants <-> milliseconds since the Unix epoch, as SensorThings renders and accepts them.
//!
//! The calendar maths lives in `qingshui_core::time`, shared with the client; this module only adapts it to
//! the server's callers, which treat an unreadable time as absent and render milliseconds.

/// Renders ms since the epoch as `2026-11-28T08:00:00Z` (with `.sss` only when there are milliseconds).
pub fn format(ms: i64) -> String {
    qingshui_core::time::format_precise(ms)
}

/// Parses an RFC 3339 instant or, for an interval `a/b`, its end; `None` when it is not a time.
pub fn parse(s: &str) -> Option<i64> {
    qingshui_core::time::parse(s).ok()
}
