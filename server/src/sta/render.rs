//! Turns stored rows into SensorThings JSON: `@iot.id`, `@iot.selfLink`, properties, navigation links and
//! `$expand`ed entities (each expanded collection runs its own query, with its own next link when the server
//! cut it or the client counts it).
use rusqlite::types::Value;
use rusqlite::Connection;
use serde_json::{Map, Value as Json};

use crate::sta::error::ApiError;
use crate::sta::model::{Entity, Kind, Nav};
use crate::sta::query::ast::{Expand, QueryOptions};
use crate::sta::sql::batch::list_many;
use crate::sta::sql::options_text::query_string;
use crate::sta::sql::select::{Page, Row, MAX_TOP};

/// Rejects `$select` names the entity does not have.
pub fn check_select(entity: Entity, opts: &QueryOptions) -> Result<(), ApiError> {
    for s in opts.select.iter().flatten() {
        let known = matches!(s.as_str(), "@iot.id" | "id" | "@iot.selfLink")
            || entity.property(s).is_some()
            || entity.nav(s).is_some();
        if !known {
            return Err(ApiError::bad_request(format!(
                "$select: {} has no property '{s}'",
                entity.set_name()
            )));
        }
    }
    Ok(())
}

/// `$expand` items grouped by their first segment: `Datastreams/Observations` becomes
/// `Datastreams($expand=Observations)`, merged with any other `Datastreams` item.
pub fn expands(
    entity: Entity,
    opts: &QueryOptions,
) -> Result<Vec<(&'static Nav, QueryOptions)>, ApiError> {
    let mut out: Vec<(&'static Nav, QueryOptions)> = Vec::new();
    for Expand { path, options } in &opts.expand {
        let Some((first, rest)) = path.split_first() else {
            continue;
        };
        let nav = entity.nav(first).ok_or_else(|| {
            ApiError::bad_request(format!(
                "$expand: {} has no navigation property '{first}'",
                entity.set_name()
            ))
        })?;
        let inner = if rest.is_empty() {
            options.clone()
        } else {
            QueryOptions {
                expand: vec![Expand {
                    path: rest.to_vec(),
                    options: options.clone(),
                }],
                ..Default::default()
            }
        };
        match out.iter_mut().find(|(n, _)| n.name == nav.name) {
            Some((_, o)) if rest.is_empty() => {
                let mut merged = inner;
                merged.expand.extend(std::mem::take(&mut o.expand));
                *o = merged;
            }
            Some((_, o)) => o.expand.extend(inner.expand),
            None => out.push((nav, inner)),
        }
    }
    Ok(out)
}

fn stored_json(v: Value) -> Option<Json> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.into()),
        Value::Real(f) => Some(Json::from(f)),
        Value::Text(t) => Some(serde_json::from_str(&t).unwrap_or(Json::String(t))),
        Value::Blob(_) => None,
    }
}

fn time(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        _ => None,
    }
}

/// Renders one row; `base` is the absolute service root (e.g. `http://host/v1.1`).
pub fn entity_json(
    conn: &Connection,
    base: &str,
    entity: Entity,
    row: Row,
    opts: &QueryOptions,
) -> Result<Json, ApiError> {
    Ok(render_rows(conn, base, entity, vec![row], opts)?
        .pop()
        .unwrap_or(Json::Null))
}

/// Renders rows of one type, expanding each `$expand` item for all of them at once.
pub fn render_rows(
    conn: &Connection,
    base: &str,
    entity: Entity,
    rows: Vec<Row>,
    opts: &QueryOptions,
) -> Result<Vec<Json>, ApiError> {
    check_select(entity, opts)?;
    let want = |name: &str| match &opts.select {
        None => true,
        Some(s) => s
            .iter()
            .any(|x| x == name || (name == "@iot.id" && x == "id")),
    };
    let expanded = expands(entity, opts)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut maps = Vec::with_capacity(rows.len());
    for row in rows {
        let self_link = format!("{base}/{}({})", entity.set_name(), row.id);
        let mut m = Map::new();
        if want("@iot.id") {
            m.insert("@iot.id".into(), row.id.into());
        }
        if opts.select.is_none() || want("@iot.selfLink") {
            m.insert("@iot.selfLink".into(), self_link.clone().into());
        }
        let mut vals = row.values.into_iter();
        for p in entity.properties() {
            let start = if matches!(p.kind, Kind::Interval { .. }) {
                vals.next()
            } else {
                None
            };
            let v = vals.next().unwrap_or(Value::Null);
            if want(p.name) {
                if let Some(j) = property_json(p.kind, start, v) {
                    m.insert(p.name.into(), j);
                }
            }
        }
        for nav in entity.navs() {
            let is_expanded = expanded.iter().any(|(n, _)| n.name == nav.name);
            if !is_expanded && (opts.select.is_none() || want(nav.name)) {
                m.insert(
                    format!("{}@iot.navigationLink", nav.name),
                    format!("{self_link}/{}", nav.name).into(),
                );
            }
        }
        maps.push(m);
    }
    for (nav, sub) in &expanded {
        let mut pages = list_many(conn, entity, nav, &ids, sub)?;
        // Render every child of every parent in one batch, then hand them back in order.
        let mut child_rows = Vec::new();
        let mut shape = Vec::with_capacity(ids.len());
        for id in &ids {
            let page = pages.remove(id).unwrap_or_default();
            shape.push((page.rows.len(), page.more, page.count, page.top, page.skip));
            child_rows.extend(page.rows);
        }
        let mut children = render_rows(conn, base, nav.target, child_rows, sub)?.into_iter();
        for ((m, id), (n, more, count, top, skip)) in maps.iter_mut().zip(&ids).zip(shape) {
            let items: Vec<Json> = children.by_ref().take(n).collect();
            if !nav.many() {
                if let Some(one) = items.into_iter().next() {
                    m.insert(nav.name.into(), one);
                }
                continue;
            }
            if let Some(c) = count {
                m.insert(format!("{}@iot.count", nav.name), c.into());
            }
            m.insert(nav.name.into(), Json::Array(items));
            if more && expanded_next_link_due(sub) {
                let next = QueryOptions {
                    top: Some(top),
                    skip: Some(skip + top),
                    ..sub.clone()
                };
                let link = format!(
                    "{base}/{}({id})/{}?{}",
                    entity.set_name(),
                    nav.name,
                    query_string(&next)
                );
                m.insert(format!("{}@iot.nextLink", nav.name), link.into());
            }
        }
    }
    Ok(maps.into_iter().map(Json::Object).collect())
}

/// Whether a cut expanded collection carries `…@iot.nextLink`. The link marks "only a subset of the requested
/// collection" (SensorThings v1.1, req/request-data/pagination, after OData server-driven paging): due when the server's own page
/// limit cut it (no `$top`, or one above [`MAX_TOP`]) or when the client counts it (`$count=true`). An expand
/// with its own `$top=n` got all it asked for; a link per item there is pure weight (the nearby answer's
/// 120 `Observations($top=1)` carried 120 of them, a third of its bytes).
fn expanded_next_link_due(sub: &QueryOptions) -> bool {
    sub.top.is_none_or(|t| t > MAX_TOP) || sub.count == Some(true)
}

fn property_json(kind: Kind, start: Option<Value>, v: Value) -> Option<Json> {
    match kind {
        Kind::Text => match v {
            Value::Text(t) => Some(Json::String(t)),
            _ => None,
        },
        Kind::Json | Kind::Geo | Kind::Result => stored_json(v),
        Kind::Time => time(&v).map(|t| crate::sta::time::format(t).into()),
        Kind::Interval { .. } => time(&v).map(|end| match start.as_ref().and_then(time) {
            Some(s) if s != end => format!(
                "{}/{}",
                crate::sta::time::format(s),
                crate::sta::time::format(end)
            )
            .into(),
            _ => crate::sta::time::format(end).into(),
        }),
    }
}

/// Renders a collection page: `{"@iot.count"?, "value": […], "@iot.nextLink"?}`.
pub fn collection_json(
    conn: &Connection,
    base: &str,
    entity: Entity,
    page: Page,
    opts: &QueryOptions,
    next_link: impl FnOnce(u64, u64) -> String,
) -> Result<Json, ApiError> {
    check_select(entity, opts)?;
    let mut m = Map::new();
    if let Some(c) = page.count {
        m.insert("@iot.count".into(), c.into());
    }
    let (more, top, skip) = (page.more, page.top, page.skip);
    m.insert(
        "value".into(),
        Json::Array(render_rows(conn, base, entity, page.rows, opts)?),
    );
    if more {
        m.insert("@iot.nextLink".into(), next_link(top, skip + top).into());
    }
    Ok(Json::Object(m))
}
