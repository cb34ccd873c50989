//! Runs one collection request (top level, navigation, or one `$expand` level) as a single SQL query.
use rusqlite::types::Value;
use rusqlite::Connection;

use super::filter::Scope;
use super::knn;
use super::spatial::{boxes, distance_args, BBox};
use super::Builder;
use crate::sta::error::ApiError;
use crate::sta::model::{link_sql, Entity, Kind, Nav};
use crate::sta::query::ast::{Geometry, QueryOptions};

/// `$top` when the request gives none.
pub const DEFAULT_TOP: u64 = 100;
/// The largest page the server returns; larger `$top` values are cut (with a next link).
pub const MAX_TOP: u64 = 1000;
/// Exact nearest-first queries tried (the radius doubling each time) before the plain ordered query.
const KNN_ATTEMPTS: usize = 4;

/// The entity a navigation collection hangs off, e.g. Thing 17 for `/Things(17)/Datastreams`.
#[derive(Debug, Clone, Copy)]
pub struct Parent {
    /// Its type.
    pub source: Entity,
    /// The navigation property followed.
    pub nav: &'static Nav,
    /// Its id.
    pub id: i64,
}

/// One stored row: the id and the raw column values in [`columns`] order.
#[derive(Debug, Clone)]
pub struct Row {
    /// `@iot.id`.
    pub id: i64,
    /// Column values after the id.
    pub values: Vec<Value>,
}

/// One page of a collection.
#[derive(Debug, Default)]
pub struct Page {
    /// The rows of this page.
    pub rows: Vec<Row>,
    /// True when more rows follow (a next link is due).
    pub more: bool,
    /// `@iot.count` when `$count=true`.
    pub count: Option<i64>,
    /// The `$top` that was applied.
    pub top: u64,
    /// The `$skip` that was applied.
    pub skip: u64,
}

/// The stored columns of an entity after `id`: each property column, intervals as (start, end).
pub fn columns(e: Entity) -> Vec<&'static str> {
    let mut v = Vec::new();
    for p in e.properties() {
        if let Kind::Interval { start } = p.kind {
            v.push(start);
        }
        v.push(p.column);
    }
    v
}

/// The select list after `id` over `alias`, in [`columns`] order: the columns `$select` asks for, `NULL`
/// in place of the others. Rows keep their layout, and SQLite reads and copies only what is rendered (the
/// nearby answer's 120 Datastreams and Observations need 3 and 2 of their 9 and 7 columns).
pub fn select_list(e: Entity, alias: &str, opts: &QueryOptions) -> Vec<String> {
    let mut v = Vec::new();
    for p in e.properties() {
        let want = crate::sta::render::selected(opts, p.name);
        let col = |c: &str| {
            if want {
                format!("{alias}.{c}")
            } else {
                "NULL".to_string()
            }
        };
        if let Kind::Interval { start } = p.kind {
            v.push(col(start));
        }
        v.push(col(p.column));
    }
    v
}

/// Runs a collection query.
pub fn list(
    conn: &Connection,
    entity: Entity,
    opts: &QueryOptions,
    parent: Option<Parent>,
) -> Result<Page, ApiError> {
    let top = opts.top.unwrap_or(DEFAULT_TOP).min(MAX_TOP);
    let skip = opts.skip.unwrap_or(0);
    let mut b = Builder::default();
    let a0 = "a0";
    let mut from = format!("{} {a0}", entity.table());
    let mut conds = Vec::new();
    if let Some(p) = parent {
        let pid = b.bind(Value::Integer(p.id));
        let (extra, cond) = link_sql(p.source, p.nav, a0, None, &pid, "pk");
        from.push_str(&extra);
        conds.push(cond);
    }
    let (order, prefilters) = compile_parts(&mut b, entity, opts, &mut conds)?;
    let count = if opts.count == Some(true) {
        let all: Vec<String> = conds.iter().chain(&prefilters).cloned().collect();
        let sql = format!("SELECT count(*) FROM {from} WHERE {}", where_sql(&all));
        let mut st = conn.prepare_cached(&sql)?;
        // The ORDER BY parameters come last and are not in this statement.
        let n = st.parameter_count().min(b.params.len());
        Some(st.query_row(rusqlite::params_from_iter(&b.params[..n]), |r| r.get(0))?)
    } else {
        None
    };
    let cols: Vec<String> = std::iter::once(format!("{a0}.id"))
        .chain(select_list(entity, a0, opts))
        .collect();
    let select = format!(
        "SELECT {}, {} AS _o0 FROM {from}",
        cols.join(", "),
        order[0].trim_end_matches(" DESC")
    );
    let knn = opts
        .orderby
        .first()
        .filter(|o| !o.descending)
        .and_then(|o| distance_args(entity, &o.expr));
    // Literal numbers, not bound parameters: SQLite (3.47+) plans with a bound LIMIT's value and so marks the
    // statement to be compiled again whenever it is bound, which was 15% of a nearby request's time.
    let limit = format!("LIMIT {} OFFSET {skip}", top + 1);
    let mut rows = None;
    if let Some((segs, Geometry::Point(x, y))) = knn {
        // The filter's own R*Tree prefilters are left out of these queries: the exact conditions still
        // apply, and SQLite would otherwise materialise every id of a large filter box (10 000 for 160 km).
        let filter_boxes: Vec<(Vec<String>, BBox)> =
            opts.filter.iter().flat_map(|f| boxes(entity, f)).collect();
        let window = filter_boxes
            .iter()
            .filter(|(p, _)| p.as_slice() == segs)
            .try_fold(None::<BBox>, |w, (_, b)| match w {
                None => Some(Some(*b)),
                Some(w) => w.intersection(b).map(Some),
            });
        let need = top + skip + 1;
        let mut hint = match window {
            // Disjoint filter boxes on the same path: nothing can match, the plain query says so quickly.
            None => None,
            Some(w) => knn::nearest_locations(conn, *x, *y, w, need)?,
        };
        let mut r = hint.as_ref().map_or(f64::INFINITY, |h| h.radius_m);
        for _ in 0..KNN_ATTEMPTS {
            let bx = knn::probe(*x, *y, r);
            // Once the search box covers a box the filter imposes, the plain query below is as cheap.
            let covers = filter_boxes.iter().any(|(_, f)| bx.covers(f));
            if !r.is_finite() || (hint.is_none() && covers) {
                break;
            }
            let mut bb = Builder {
                params: b.params.clone(),
                ..Builder::default()
            };
            bb.skip_aliases(1000);
            let mut c = conds.clone();
            // First the R*Tree's own candidates; if the filter rejects too many of them, plain boxes.
            c.push(match hint.take() {
                Some(h) => bb.location_ids_condition(entity, a0, segs, &h.location_ids)?,
                None => bb.rtree_condition(entity, a0, segs, bx)?,
            });
            let sql = format!(
                "{select} WHERE {} ORDER BY {} {limit}",
                where_sql(&c),
                order.join(", ")
            );
            let got = run(conn, &sql, &bb.params, cols.len())?;
            let last_d = got.last().and_then(|(_, d)| d.as_ref().copied());
            if got.len() as u64 == top + 1 && last_d.is_some_and(|d| d <= r) {
                rows = Some(got);
                break;
            }
            r *= 2.0;
        }
    }
    let rows = match rows {
        Some(r) => r,
        None => {
            conds.extend(prefilters);
            let sql = format!(
                "{select} WHERE {} ORDER BY {} {limit}",
                where_sql(&conds),
                order.join(", ")
            );
            run(conn, &sql, &b.params, cols.len())?
        }
    };
    let mut rows: Vec<Row> = rows.into_iter().map(|(r, _)| r).collect();
    let more = rows.len() as u64 > top;
    rows.truncate(top as usize);
    Ok(Page {
        rows,
        more,
        count,
        top,
        skip,
    })
}

/// Compiles `$filter` (plus R-tree prefilters) into `conds` and returns the ORDER BY items, all over alias `a0`.
pub fn compile(
    b: &mut Builder,
    entity: Entity,
    opts: &QueryOptions,
    conds: &mut Vec<String>,
) -> Result<Vec<String>, ApiError> {
    let (order, prefilters) = compile_parts(b, entity, opts, conds)?;
    conds.extend(prefilters);
    Ok(order)
}

/// [`compile`], with the R-tree prefilters returned apart (they only speed up, never change, the answer).
pub fn compile_parts(
    b: &mut Builder,
    entity: Entity,
    opts: &QueryOptions,
    conds: &mut Vec<String>,
) -> Result<(Vec<String>, Vec<String>), ApiError> {
    let scope = Scope {
        entity,
        alias: "a0",
    };
    let mut prefilters = Vec::new();
    if let Some(f) = &opts.filter {
        conds.push(b.condition(scope, f)?);
        for (segs, bx) in boxes(entity, f) {
            prefilters.push(b.rtree_condition(entity, "a0", &segs, bx)?);
        }
    }
    let mut order = Vec::new();
    for o in &opts.orderby {
        order.push(format!(
            "{}{}",
            b.scalar(scope, &o.expr)?,
            if o.descending { " DESC" } else { "" }
        ));
    }
    // Tie-break by id in the direction of the last key: `(datastream_id, phenomenon_time)` indexes carry the
    // rowid last, so `phenomenonTime desc` then `id desc` is a pure index walk.
    let last_desc = opts.orderby.last().is_some_and(|o| o.descending);
    order.push(format!("a0.id{}", if last_desc { " DESC" } else { "" }));
    Ok((order, prefilters))
}

/// Joins conditions with AND (`1` when there are none).
pub fn where_sql(conds: &[String]) -> String {
    if conds.is_empty() {
        "1".into()
    } else {
        conds.join(" AND ")
    }
}

/// Executes and decodes rows; the value after the columns is the first sort key (a distance for KNN).
fn run(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    ncols: usize,
) -> Result<Vec<(Row, Option<f64>)>, ApiError> {
    let mut st = conn.prepare_cached(sql)?;
    let mut q = st.query(rusqlite::params_from_iter(params))?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        let id: i64 = r.get(0)?;
        let mut values = Vec::with_capacity(ncols - 1);
        for i in 1..ncols {
            values.push(r.get::<_, Value>(i)?);
        }
        let key = match r.get::<_, Value>(ncols)? {
            Value::Real(f) => Some(f),
            Value::Integer(i) => Some(i as f64),
            _ => None,
        };
        out.push((Row { id, values }, key));
    }
    Ok(out)
}

/// Fetches one entity's row by id.
pub fn fetch_one(conn: &Connection, entity: Entity, id: i64) -> Result<Option<Row>, ApiError> {
    let cols: Vec<String> = std::iter::once("id")
        .chain(columns(entity))
        .map(String::from)
        .collect();
    let sql = format!(
        "SELECT {}, NULL FROM {} WHERE id = ?1",
        cols.join(", "),
        entity.table()
    );
    Ok(run(conn, &sql, &[Value::Integer(id)], cols.len())?
        .into_iter()
        .next()
        .map(|(r, _)| r))
}
