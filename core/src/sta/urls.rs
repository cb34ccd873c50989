//! The exact SensorThings requests the client makes (docs/contracts.md, "The requests the client makes").
//!
//! Query values are percent-encoded with one rule everywhere: ASCII letters, digits and `-._~$(),/=;@:*` stay
//! readable (they are legal in a query and make logs legible); everything else — space, `'`, `"`, `#`, `%`,
//! `&`, `+`, `?`, `<`, `>`, control characters and every non-ASCII byte of the UTF-8 encoding — becomes
//! `%XX`. In the entity path (`Things('abc')`) the quote stays readable, as RFC 3986 allows in a path segment.

use super::id::IotId;
use crate::geo::{wkt_point, BBox, LatLon};
use crate::text;
use crate::time;

/// `$select`/`$expand` for list pages: location and the newest reading of every datastream.
pub const EXPAND_LATEST: &str = "Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top=1))";

/// `$select` for list pages.
const SELECT_LIST: &str = "@iot.id,name,properties";

/// Page size of the fallback index.
pub const INDEX_PAGE: u32 = 1000;

/// Readings per datastream on the station page.
pub const STATION_TOP: u32 = 100;

/// Whether a byte stays readable in a query value.
fn query_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~$(),/=;@:*".contains(&b)
}

/// Percent-encodes with `keep` deciding which bytes stay as they are.
fn encode_with(s: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encodes a query parameter value (see the module docs for the rule).
pub fn encode_query_value(s: &str) -> String {
    encode_with(s, query_safe)
}

/// Percent-encodes an entity key for the path (`'` stays readable).
pub fn encode_path_key(s: &str) -> String {
    encode_with(s, |b| query_safe(b) || b == b'\'')
}

/// Decodes `%XX` escapes (invalid escapes are kept as text); the inverse of [`encode_query_value`].
/// Escapes that do not spell UTF-8 leave the whole text as written: no id or name can hold them, and
/// std's lossy decoding for that case was ~1 KB of the first download (issue #6).
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%' {
            if let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// `{sta}/{path}?k=v&…` with every value encoded; a trailing `/` on `sta` is ignored.
fn build(sta: &str, path: &str, params: &[(&str, &str)]) -> String {
    let mut url = format!("{}/{path}?", sta.trim_end_matches('/'));
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            url.push('&');
        }
        url.push_str(k);
        url.push('=');
        url.push_str(&encode_query_value(v));
    }
    url
}

/// An OData string literal: quoted, with `'` doubled.
fn string_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Nearby stations around the coarse point; `radius_m` None = no `st_within` (last widening step).
pub fn nearby(sta: &str, coarse: LatLon, radius_m: Option<f64>, top: u32) -> String {
    let order = format!(
        "geo.distance(Locations/location,geography'{}')",
        wkt_point(coarse)
    );
    let top = top.to_string();
    let filter = radius_m.map(|r| {
        let b = BBox::around(coarse, r).to_wkt_polygon();
        format!("st_within(Locations/location,geography'{b}')")
    });
    let mut params: Vec<(&str, &str)> = Vec::new();
    if let Some(f) = &filter {
        params.push(("$filter", f));
    }
    params.extend([
        ("$orderby", order.as_str()),
        ("$top", top.as_str()),
        ("$select", SELECT_LIST),
        ("$expand", EXPAND_LATEST),
    ]);
    build(sta, "Things", &params)
}

/// The step [`station`] rounds its `since_ms` down to: one hour.
pub const STATION_SINCE_STEP_MS: i64 = 3_600_000;

/// One station with up to [`STATION_TOP`] readings per datastream since `since_ms` rounded down to the whole
/// hour ([`STATION_SINCE_STEP_MS`]).
///
/// Why rounded: the caller passes "now − 7 days", which changes every millisecond, so no two opens of a
/// station page would ever send the same URL and neither the server's answer cache nor the service worker
/// could serve a repeat. Rounded down, everyone opening that station within the same hour sends one URL.
/// Down, not to the nearest, so the page never holds less than the 7 days asked for (at most an hour more,
/// and still no more than [`STATION_TOP`] readings).
pub fn station(sta: &str, id: &IotId, since_ms: i64) -> String {
    // Saturating: an absurd `since_ms` near i64::MIN gives a URL, not an overflow.
    let since = since_ms.saturating_sub(since_ms.rem_euclid(STATION_SINCE_STEP_MS));
    let expand = format!(
        "Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime desc;$top={STATION_TOP};$filter=phenomenonTime ge {}))",
        time::format(since)
    );
    let path = format!("Things({})", encode_path_key(&id.path_key()));
    build(
        sta,
        &path,
        &[
            ("$select", "@iot.id,name,description,properties"),
            ("$expand", &expand),
        ],
    )
}

/// How far back the station page reads: 7 days.
pub const STATION_WINDOW_MS: i64 = 7 * 24 * 3_600_000;

/// The station page's request when opened at `now_ms`: [`station`] since `now_ms` − [`STATION_WINDOW_MS`].
///
/// The one definition the client (when it opens the page) and the reference server (when it hints that
/// request beside the page, `Link: rel=preload`) share: if they computed it apart, a preload could miss by
/// one character and the phone would download the answer twice.
pub fn station_page(sta: &str, id: &IotId, now_ms: i64) -> String {
    station(sta, id, now_ms.saturating_sub(STATION_WINDOW_MS))
}

/// First page of the fallback station index (follow `@iot.nextLink` for the rest).
pub fn index(sta: &str) -> String {
    let top = INDEX_PAGE.to_string();
    build(
        sta,
        "Things",
        &[
            ("$select", "@iot.id,name"),
            ("$expand", "Locations($select=location)"),
            ("$top", &top),
        ],
    )
}

/// Details of the given stations. An empty `ids` asks for `$top=0` (an empty page) rather than everything.
pub fn by_ids(sta: &str, ids: &[IotId]) -> String {
    if ids.is_empty() {
        return build(sta, "Things", &[("$top", "0"), ("$select", SELECT_LIST)]);
    }
    let filter = ids
        .iter()
        .map(|id| format!("@iot.id eq {}", id.filter_literal()))
        .collect::<Vec<_>>()
        .join(" or ");
    build(
        sta,
        "Things",
        &[
            ("$filter", &filter),
            ("$select", SELECT_LIST),
            ("$expand", EXPAND_LATEST),
        ],
    )
}

/// Stations whose Chinese or English name contains `q` (trimmed; `'` doubled).
pub fn search(sta: &str, q: &str, top: u32) -> String {
    let lit = string_literal(q.trim());
    let filter = format!("substringof({lit},name) or substringof({lit},properties/nameEn)");
    let top = top.to_string();
    build(
        sta,
        "Things",
        &[
            ("$filter", &filter),
            ("$top", &top),
            ("$select", SELECT_LIST),
            ("$expand", EXPAND_LATEST),
        ],
    )
}

/// Resolves an `@iot.nextLink` (absolute, root-relative or relative) against the URL it came from.
pub fn resolve_next_link(current: &str, next: &str) -> String {
    if text::contains(next, "://") {
        return next.to_string();
    }
    let scheme_end = text::find(current, "://").map_or(0, |i| i + 3);
    if let Some(rest) = next.strip_prefix('/') {
        let host_end = current[scheme_end..]
            .find('/')
            .map_or(current.len(), |i| scheme_end + i);
        // A site-relative `current` ("/v1.1/Things?…") has no host part.
        let origin = if scheme_end == 0 {
            ""
        } else {
            &current[..host_end]
        };
        return format!("{origin}/{rest}");
    }
    let base = current.split(['?', '#']).next().unwrap_or(current);
    let dir_end = base.rfind('/').map_or(0, |i| i + 1).max(scheme_end);
    format!("{}{next}", &base[..dir_end])
}
