//! Deep insert (STA v1.1 §10.2): an entity with its related entities inline, or linked by `{"@iot.id": n}`.
//! Many-to-one targets (a Datastream's Thing, Sensor, ObservedProperty; an Observation's Datastream) are
//! resolved first so their ids can be stored; one-to-many children are inserted after their parent.
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::Value as Json;

use crate::sta::error::ApiError;
use crate::sta::model::{Entity, Kind, Link, Nav};

/// Properties that must be present when creating an entity (others have defaults or may be null).
fn required(e: Entity) -> &'static [&'static str] {
    match e {
        Entity::Thing | Entity::Sensor | Entity::ObservedProperty => &["name"],
        Entity::Location => &["name", "location"],
        Entity::HistoricalLocation => &["time"],
        Entity::Datastream => &["name", "unitOfMeasurement"],
        Entity::Observation => &["result"],
        Entity::FeatureOfInterest => &["name", "feature"],
    }
}

/// The parent an entity is created under: its id and the navigation from the parent to it.
#[derive(Clone, Copy)]
pub struct Under {
    /// Parent type.
    pub entity: Entity,
    /// Parent id.
    pub id: i64,
    /// Navigation from the parent to the new entity.
    pub nav: &'static Nav,
}

fn bad(at: &str, msg: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(if at.is_empty() {
        msg.to_string()
    } else {
        format!("{at}: {msg}")
    })
}

fn field(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_string()
    } else {
        format!("{at}.{name}")
    }
}

/// Converts one JSON property to its stored SQL value(s): (column, value) pairs.
fn column_values(
    at: &str,
    p: &crate::sta::model::Property,
    v: &Json,
) -> Result<Vec<(&'static str, Value)>, ApiError> {
    let f = field(at, p.name);
    let time = |s: &str| crate::sta::time::parse(s).ok_or_else(|| bad(&f, "not an ISO 8601 time"));
    Ok(match (p.kind, v) {
        (_, Json::Null) => vec![],
        (Kind::Text, Json::String(s)) => vec![(p.column, Value::Text(s.clone()))],
        (Kind::Text, _) => return Err(bad(&f, "must be a string")),
        (Kind::Json, v) => vec![(p.column, Value::Text(v.to_string()))],
        (Kind::Geo, v) => {
            if crate::sta::geo::geometry_from_geojson(v).is_none() {
                return Err(bad(&f, "must be a GeoJSON Point, LineString or Polygon"));
            }
            vec![(p.column, Value::Text(v.to_string()))]
        }
        (Kind::Time, Json::String(s)) => vec![(p.column, Value::Integer(time(s)?))],
        (Kind::Interval { start }, Json::String(s)) => match s.split_once('/') {
            Some((a, b)) => vec![
                (start, Value::Integer(time(a)?)),
                (p.column, Value::Integer(time(b)?)),
            ],
            None => vec![(p.column, Value::Integer(time(s)?))],
        },
        (Kind::Time | Kind::Interval { .. }, _) => {
            return Err(bad(&f, "must be an ISO 8601 time string"))
        }
        (Kind::Result, Json::Number(n)) => {
            vec![(p.column, n.as_f64().map_or(Value::Null, Value::Real))]
        }
        (Kind::Result, v) => vec![(p.column, Value::Text(v.to_string()))],
    })
}

/// Inserts (or, for `{"@iot.id": n}`, links) `v` as an `entity`; returns its id.
pub fn insert(
    tx: &Transaction<'_>,
    entity: Entity,
    v: &Json,
    under: Option<Under>,
    at: &str,
) -> Result<i64, ApiError> {
    let obj = v
        .as_object()
        .ok_or_else(|| bad(at, format!("a {} must be a JSON object", entity.set_name())))?;
    if let Some(id) = obj.get("@iot.id") {
        let id = id
            .as_i64()
            .or_else(|| id.as_str().and_then(|s| s.parse().ok()))
            .ok_or_else(|| bad(&field(at, "@iot.id"), "must be an integer"))?;
        let sql = format!("SELECT 1 FROM {} WHERE id = ?1", entity.table());
        if tx.query_row(&sql, [id], |_| Ok(())).optional()?.is_none() {
            return Err(bad(
                at,
                format!("no {} with @iot.id {id}", entity.set_name()),
            ));
        }
        if obj.len() == 1 {
            link_to_parent(tx, entity, id, under)?;
            return Ok(id);
        }
        return Err(bad(
            at,
            "@iot.id cannot be set when creating an entity (give only {\"@iot.id\": n} to link)",
        ));
    }
    for r in required(entity) {
        if obj.get(*r).is_none_or(Json::is_null) {
            return Err(bad(
                at,
                format!("missing required field '{}'", field(at, r)),
            ));
        }
    }
    let mut cols: Vec<(&'static str, Value)> = Vec::new();
    for p in entity.properties() {
        if let Some(v) = obj.get(p.name) {
            cols.extend(column_values(at, p, v)?);
        }
    }
    if entity == Entity::Observation && !obj.contains_key("phenomenonTime") {
        // §10.2: the server sets phenomenonTime to the time of the request when it is missing.
        cols.push(("phenomenon_time", Value::Integer(crate::now_ms())));
    }
    for nav in entity.navs() {
        let Link::ParentFk(fk) = nav.link else {
            continue;
        };
        let from_parent = under.filter(|u| {
            matches!(u.nav.link, Link::ChildFk(c) if c == fk) && u.entity == nav.target
        });
        let id = match (obj.get(nav.name), from_parent) {
            (Some(child), _) => insert(tx, nav.target, child, None, &field(at, nav.name))?,
            (None, Some(u)) => u.id,
            (None, None) if nav.target == Entity::FeatureOfInterest => {
                feature_from_location(tx, &cols, at)?
            }
            (None, None) => {
                return Err(bad(
                    at,
                    format!("missing required field '{}'", field(at, nav.name)),
                ))
            }
        };
        cols.push((fk, Value::Integer(id)));
    }
    let names: Vec<&str> = cols.iter().map(|(c, _)| *c).collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        entity.table(),
        names.join(", "),
        marks.join(", ")
    );
    tx.execute(
        &sql,
        rusqlite::params_from_iter(cols.iter().map(|(_, v)| v)),
    )?;
    let id = tx.last_insert_rowid();
    after_insert(tx, entity, id, &cols)?;
    link_to_parent(tx, entity, id, under)?;
    for nav in entity.navs() {
        if matches!(nav.link, Link::ParentFk(_)) {
            continue;
        }
        let Some(children) = obj.get(nav.name) else {
            continue;
        };
        let arr = children
            .as_array()
            .ok_or_else(|| bad(&field(at, nav.name), "must be an array"))?;
        for (i, c) in arr.iter().enumerate() {
            let under = Under { entity, id, nav };
            insert(
                tx,
                nav.target,
                c,
                Some(under),
                &format!("{}[{i}]", field(at, nav.name)),
            )?;
        }
    }
    Ok(id)
}

/// Link-table rows (and a HistoricalLocation when a Thing gets a Location, as §8.2.3 asks).
fn link_to_parent(
    tx: &Transaction<'_>,
    entity: Entity,
    id: i64,
    under: Option<Under>,
) -> Result<(), ApiError> {
    let Some(u) = under else { return Ok(()) };
    if let Link::Through(table, sc, tc) = u.nav.link {
        tx.execute(
            &format!("INSERT OR IGNORE INTO {table} ({sc}, {tc}) VALUES (?1, ?2)"),
            [u.id, id],
        )?;
        if u.entity == Entity::Thing && entity == Entity::Location {
            tx.execute(
                "INSERT INTO historical_locations (thing_id, time) VALUES (?1, ?2)",
                [u.id, crate::now_ms()],
            )?;
            let hl = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO historical_location_locations (historical_location_id, location_id) VALUES (?1, ?2)",
                [hl, id],
            )?;
        }
    }
    Ok(())
}

/// Keeps derived data in step: the R-tree for Locations, the phenomenon time span of a Datastream.
fn after_insert(
    tx: &Transaction<'_>,
    entity: Entity,
    id: i64,
    cols: &[(&'static str, Value)],
) -> Result<(), ApiError> {
    let get = |c: &str| cols.iter().find(|(n, _)| *n == c).map(|(_, v)| v.clone());
    match entity {
        Entity::Location => {
            if let Some(Value::Text(t)) = get("location") {
                if let Some(g) = crate::db::functions::parse_geojson(&t) {
                    let (a, b, c, d) = crate::sta::geo::bbox(&g);
                    tx.execute(
                        "INSERT INTO location_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![id, a, c, b, d],
                    )?;
                }
            }
        }
        Entity::Observation => {
            if let (Some(Value::Integer(t)), Some(Value::Integer(ds))) =
                (get("phenomenon_time"), get("datastream_id"))
            {
                let start = match get("phenomenon_time_start") {
                    Some(Value::Integer(s)) => s,
                    _ => t,
                };
                tx.execute(
                    "UPDATE datastreams SET phenomenon_time_start = min(coalesce(phenomenon_time_start, ?2), ?2), \
                     phenomenon_time_end = max(coalesce(phenomenon_time_end, ?3), ?3) WHERE id = ?1",
                    params![ds, start, t],
                )?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The FeatureOfInterest of an Observation posted without one: the Location of its Datastream's Thing,
/// reusing an earlier feature made from the same Location.
fn feature_from_location(
    tx: &Transaction<'_>,
    cols: &[(&'static str, Value)],
    at: &str,
) -> Result<i64, ApiError> {
    let ds = cols.iter().find_map(|(c, v)| match (c, v) {
        (&"datastream_id", Value::Integer(i)) => Some(*i),
        _ => None,
    });
    let ds = ds.ok_or_else(|| bad(at, "missing required field 'Datastream'"))?;
    let loc: Option<(String, String)> = tx
        .query_row(
            "SELECT l.name, l.location FROM datastreams d, thing_locations tl, locations l \
             WHERE d.id = ?1 AND tl.thing_id = d.thing_id AND l.id = tl.location_id LIMIT 1",
            [ds],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (name, feature) = loc.ok_or_else(|| {
        bad(at, "missing required field 'FeatureOfInterest' (and the Datastream's Thing has no Location to derive it from)")
    })?;
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM features_of_interest WHERE feature = ?1 LIMIT 1",
            [&feature],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO features_of_interest (name, description, feature) VALUES (?1, ?1, ?2)",
        [&name, &feature],
    )?;
    Ok(tx.last_insert_rowid())
}
