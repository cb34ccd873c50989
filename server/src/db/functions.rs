//! SQL scalar functions behind the spatial `$filter` / `$orderby` functions, registered on every connection.
//! Arguments are GeoJSON text (stored locations, and literals the SQL compiler binds as GeoJSON); a constant
//! argument is parsed once per statement thanks to SQLite's auxiliary data cache.
use std::sync::Arc;

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::sta::geo;
use crate::sta::query::ast::Geometry;

/// A parsed geometry argument (cached by SQLite for constant arguments).
type Geo = Arc<Option<Geometry>>;
type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Parses GeoJSON text into a geometry (`None` for anything that is not a supported geometry).
pub fn parse_geojson(text: &str) -> Option<Geometry> {
    // Fast path for the stored form of a point (serde_json writes keys sorted): the per-row cost of
    // `$orderby=geo.distance(…)` over thousands of candidates is dominated by this parse.
    let fast = text
        .strip_prefix(r#"{"coordinates":["#)
        .and_then(|r| r.strip_suffix(r#"],"type":"Point"}"#))
        .and_then(|r| {
            let mut it = r.split(',');
            let x: f64 = it.next()?.parse().ok()?;
            let y: f64 = it.next()?.parse().ok()?;
            (x.is_finite() && y.is_finite()).then_some(Geometry::Point(x, y))
        });
    if fast.is_some() {
        return fast;
    }
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .as_ref()
        .and_then(geo::geometry_from_geojson)
}

fn arg(ctx: &Context<'_>, i: usize) -> rusqlite::Result<Option<Geo>> {
    if matches!(ctx.get_raw(i), ValueRef::Null) {
        return Ok(None);
    }
    ctx.get_or_create_aux(
        i as i32,
        |v: ValueRef<'_>| -> Result<Option<Geometry>, BoxError> {
            Ok(match v {
                ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(parse_geojson),
                _ => None,
            })
        },
    )
    .map(Some)
}

/// Both arguments as geometries, or `None` (→ SQL NULL) when either is missing or unreadable.
fn pair(ctx: &Context<'_>) -> rusqlite::Result<Option<(Geo, Geo)>> {
    match (arg(ctx, 0)?, arg(ctx, 1)?) {
        (Some(a), Some(b)) if a.is_some() && b.is_some() => Ok(Some((a, b))),
        _ => Ok(None),
    }
}

/// Registers `geo_distance_m(a, b)` (metres), `geo_length_m(a)`, `st_within(a, b)` and `st_intersects(a, b)`.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("geo_distance_m", 2, flags, |ctx| {
        Ok(pair(ctx)?
            .and_then(|(a, b)| Some(geo::distance_m(a.as_ref().as_ref()?, b.as_ref().as_ref()?))))
    })?;
    conn.create_scalar_function("geo_length_m", 1, flags, |ctx| {
        Ok(arg(ctx, 0)?.and_then(|a| a.as_ref().as_ref().map(geo::length_m)))
    })?;
    conn.create_scalar_function("st_within", 2, flags, |ctx| {
        Ok(pair(ctx)?
            .and_then(|(a, b)| Some(geo::within(a.as_ref().as_ref()?, b.as_ref().as_ref()?))))
    })?;
    conn.create_scalar_function("st_intersects", 2, flags, |ctx| {
        Ok(pair(ctx)?
            .and_then(|(a, b)| Some(geo::intersects(a.as_ref().as_ref()?, b.as_ref().as_ref()?))))
    })?;
    Ok(())
}
