//! Turns stored rows into SensorThings JSON: `@iot.id`, `@iot.selfLink`, properties, navigation links and
//! `$expand`ed entities (each expanded collection runs its own query, with its own next link when the server
//! cut it or the client counts it).
//!
//! The JSON is written straight into byte buffers: the nearby answer holds ~400 objects, and building a
//! `serde_json::Value` tree for them (a map and a key string per member, stored JSON parsed into trees and
//! written out again) was most of its rendering time. Stored JSON text is checked and copied as it is.
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::de::IgnoredAny;

use crate::sta::error::ApiError;
use crate::sta::model::{Entity, Kind, Nav};
use crate::sta::query::ast::{Expand, QueryOptions};
use crate::sta::sql::batch::{list_many, next_link_due};
use crate::sta::sql::options_text::query_string;
use crate::sta::sql::select::{Page, Row};

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

/// Whether `$select` asks for the member `name` (everything when there is no `$select`).
pub fn selected(opts: &QueryOptions, name: &str) -> bool {
    match &opts.select {
        None => true,
        Some(s) => s
            .iter()
            .any(|x| x == name || (name == "@iot.id" && x == "id")),
    }
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

/// Appends `s` as a JSON string.
fn push_str(out: &mut Vec<u8>, s: &str) {
    // Writing a &str into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Appends `,"name":` (the comma only when the object already has a member).
fn push_key(out: &mut Vec<u8>, first: &mut bool, name: &str) {
    if !std::mem::take(first) {
        out.push(b',');
    }
    push_str(out, name);
    out.push(b':');
}

/// Appends stored JSON text as it is when it is valid JSON, else as a string (what older rows may hold).
fn push_stored_text(out: &mut Vec<u8>, t: &str) {
    if serde_json::from_str::<IgnoredAny>(t).is_ok() {
        out.extend_from_slice(t.trim().as_bytes());
    } else {
        push_str(out, t);
    }
}

/// Appends a number; non-finite reals (which JSON cannot hold) become `null`.
fn push_real(out: &mut Vec<u8>, f: f64) {
    let _ = serde_json::to_writer(&mut *out, &f);
}

fn time(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        _ => None,
    }
}

/// Appends the JSON of one stored property value; false (nothing written) when it is absent.
fn push_property(out: &mut Vec<u8>, kind: Kind, start: Option<&Value>, v: &Value) -> bool {
    match (kind, v) {
        (Kind::Text, Value::Text(t)) => push_str(out, t),
        (Kind::Text, _) | (_, Value::Null | Value::Blob(_)) => return false,
        (Kind::Json | Kind::Geo | Kind::Result, Value::Integer(i)) => {
            out.extend_from_slice(i.to_string().as_bytes())
        }
        (Kind::Json | Kind::Geo | Kind::Result, Value::Real(f)) => push_real(out, *f),
        (Kind::Json | Kind::Geo | Kind::Result, Value::Text(t)) => push_stored_text(out, t),
        (Kind::Time, v) => match time(v) {
            Some(t) => push_str(out, &crate::sta::time::format(t)),
            None => return false,
        },
        (Kind::Interval { .. }, v) => {
            let Some(end) = time(v) else { return false };
            let end_text = crate::sta::time::format(end);
            match start.and_then(time) {
                Some(s) if s != end => {
                    push_str(out, &format!("{}/{end_text}", crate::sta::time::format(s)))
                }
                _ => push_str(out, &end_text),
            }
        }
    }
    true
}

/// Renders one row as a JSON object; `base` is the absolute service root (e.g. `http://host/v1.1`).
pub fn entity_json(
    conn: &Connection,
    base: &str,
    entity: Entity,
    row: Row,
    opts: &QueryOptions,
) -> Result<Vec<u8>, ApiError> {
    Ok(render_rows(conn, base, entity, vec![row], opts)?
        .pop()
        .unwrap_or_else(|| b"null".to_vec()))
}

/// What one parent gets from one expanded navigation property: its children's JSON and the page facts.
struct Expanded {
    items: Vec<Vec<u8>>,
    count: Option<i64>,
    next_link: Option<String>,
}

/// Renders rows of one type (one JSON object each), expanding each `$expand` item for all of them at once.
pub fn render_rows(
    conn: &Connection,
    base: &str,
    entity: Entity,
    rows: Vec<Row>,
    opts: &QueryOptions,
) -> Result<Vec<Vec<u8>>, ApiError> {
    check_select(entity, opts)?;
    let expanded = expands(entity, opts)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    // For each expanded navigation property, what each parent (in row order) gets.
    let mut parts: Vec<(&'static Nav, Vec<Expanded>)> = Vec::with_capacity(expanded.len());
    for (nav, sub) in &expanded {
        let mut pages = list_many(conn, entity, nav, &ids, sub)?;
        // Render every child of every parent in one batch, then hand them back in order.
        let mut child_rows = Vec::new();
        let mut shape: Vec<(usize, Page)> = Vec::with_capacity(ids.len());
        for id in &ids {
            let mut page = pages.remove(id).unwrap_or_default();
            let n = page.rows.len();
            child_rows.append(&mut page.rows);
            shape.push((n, page));
        }
        let mut children = render_rows(conn, base, nav.target, child_rows, sub)?.into_iter();
        let mut per_parent = Vec::with_capacity(ids.len());
        for (id, (n, page)) in ids.iter().zip(shape) {
            let items: Vec<Vec<u8>> = children.by_ref().take(n).collect();
            let next_link = (nav.many() && page.more && next_link_due(sub)).then(|| {
                let next = QueryOptions {
                    top: Some(page.top),
                    skip: Some(page.skip + page.top),
                    ..sub.clone()
                };
                format!(
                    "{base}/{}({id})/{}?{}",
                    entity.set_name(),
                    nav.name,
                    query_string(&next)
                )
            });
            per_parent.push(Expanded {
                items,
                count: page.count,
                next_link,
            });
        }
        parts.push((nav, per_parent));
    }
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let mut o = Vec::with_capacity(256);
        let mut first = true;
        o.push(b'{');
        // Made only when written: the nearby answer's 240 Observations and ObservedProperties need none.
        let mut self_link: Option<String> = None;
        let mut link = || {
            self_link
                .get_or_insert_with(|| format!("{base}/{}({})", entity.set_name(), row.id))
                .clone()
        };
        if selected(opts, "@iot.id") {
            push_key(&mut o, &mut first, "@iot.id");
            o.extend_from_slice(row.id.to_string().as_bytes());
        }
        if opts.select.is_none() || selected(opts, "@iot.selfLink") {
            push_key(&mut o, &mut first, "@iot.selfLink");
            push_str(&mut o, &link());
        }
        let mut vals = row.values.iter();
        for p in entity.properties() {
            let start = if matches!(p.kind, Kind::Interval { .. }) {
                vals.next()
            } else {
                None
            };
            let v = vals.next().unwrap_or(&Value::Null);
            if selected(opts, p.name) {
                let mark = o.len();
                let was_first = first;
                push_key(&mut o, &mut first, p.name);
                if !push_property(&mut o, p.kind, start, v) {
                    // Absent values are left out, not written as null.
                    o.truncate(mark);
                    first = was_first;
                }
            }
        }
        for nav in entity.navs() {
            match parts.iter_mut().find(|(n, _)| n.name == nav.name) {
                Some((_, per_parent)) => {
                    let e = std::mem::replace(
                        &mut per_parent[i],
                        Expanded {
                            items: Vec::new(),
                            count: None,
                            next_link: None,
                        },
                    );
                    push_expanded(&mut o, &mut first, nav, e);
                }
                None if selected(opts, nav.name) => {
                    push_key(
                        &mut o,
                        &mut first,
                        &format!("{}@iot.navigationLink", nav.name),
                    );
                    push_str(&mut o, &format!("{}/{}", link(), nav.name));
                }
                None => {}
            }
        }
        o.push(b'}');
        out.push(o);
    }
    Ok(out)
}

/// Appends one parent's expanded navigation property: the entity, or the array with its count and link.
fn push_expanded(o: &mut Vec<u8>, first: &mut bool, nav: &Nav, e: Expanded) {
    if !nav.many() {
        if let Some(one) = e.items.into_iter().next() {
            push_key(o, first, nav.name);
            o.extend_from_slice(&one);
        }
        return;
    }
    if let Some(c) = e.count {
        push_key(o, first, &format!("{}@iot.count", nav.name));
        o.extend_from_slice(c.to_string().as_bytes());
    }
    push_key(o, first, nav.name);
    push_array(o, e.items);
    if let Some(link) = e.next_link {
        push_key(o, first, &format!("{}@iot.nextLink", nav.name));
        push_str(o, &link);
    }
}

/// Appends `[a,b,…]` of already rendered JSON values.
fn push_array(o: &mut Vec<u8>, items: Vec<Vec<u8>>) {
    o.push(b'[');
    for (k, item) in items.into_iter().enumerate() {
        if k > 0 {
            o.push(b',');
        }
        o.extend_from_slice(&item);
    }
    o.push(b']');
}

/// Renders a collection page: `{"@iot.count"?, "value": […], "@iot.nextLink"?}`.
pub fn collection_json(
    conn: &Connection,
    base: &str,
    entity: Entity,
    page: Page,
    opts: &QueryOptions,
    next_link: impl FnOnce(u64, u64) -> String,
) -> Result<Vec<u8>, ApiError> {
    check_select(entity, opts)?;
    let (more, top, skip, count) = (page.more, page.top, page.skip, page.count);
    let rows = render_rows(conn, base, entity, page.rows, opts)?;
    let mut o = Vec::with_capacity(rows.iter().map(Vec::len).sum::<usize>() + rows.len() + 256);
    let mut first = true;
    o.push(b'{');
    if let Some(c) = count {
        push_key(&mut o, &mut first, "@iot.count");
        o.extend_from_slice(c.to_string().as_bytes());
    }
    push_key(&mut o, &mut first, "value");
    push_array(&mut o, rows);
    if more {
        push_key(&mut o, &mut first, "@iot.nextLink");
        push_str(&mut o, &next_link(top, skip + top));
    }
    o.push(b'}');
    Ok(o)
}
