//! `$expand` for many parents in one statement: each parent's page is chosen by a correlated subquery with
//! its own ORDER BY / LIMIT (an index seek per parent), so a 20-station answer with 120 Datastreams costs a
//! handful of queries instead of hundreds.
use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::Connection;

use super::select::{compile, select_list, where_sql, Page, Row, DEFAULT_TOP, MAX_TOP};
use super::Builder;
use crate::sta::error::ApiError;
use crate::sta::model::{link_sql, Entity, Nav};
use crate::sta::query::ast::QueryOptions;

/// Parents up to which each gets its own query (see [`list_many`]); more share one.
const PER_PARENT_MAX: usize = 64;

/// Whether a cut expanded collection carries `…@iot.nextLink`. The link marks "only a subset of the requested
/// collection" (SensorThings v1.1, req/request-data/pagination, after OData server-driven paging): due when the
/// server's own page limit cut it (no `$top`, or one above [`MAX_TOP`]) or when the client counts it
/// (`$count=true`). An expand with its own `$top=n` got all it asked for; a link per item there is pure weight
/// (the nearby answer's 120 `Observations($top=1)` carried 120 of them, a third of its bytes).
pub fn next_link_due(sub: &QueryOptions) -> bool {
    sub.top.is_none_or(|t| t > MAX_TOP) || sub.count == Some(true)
}

/// Pages of `nav` for each of the parents `ids` (of type `source`), keyed by parent id. [`Page::more`] is
/// only known where a next link can be due ([`next_link_due`]); elsewhere it is false.
pub fn list_many(
    conn: &Connection,
    source: Entity,
    nav: &'static Nav,
    ids: &[i64],
    opts: &QueryOptions,
) -> Result<HashMap<i64, Page>, ApiError> {
    let entity = nav.target;
    let top = opts.top.unwrap_or(DEFAULT_TOP).min(MAX_TOP);
    let skip = opts.skip.unwrap_or(0);
    let mut b = Builder::default();
    let (extra, cond) = link_sql(source, nav, "a0", Some("p"), "p.id", "pk");
    let mut conds = vec![cond];
    let order = compile(&mut b, entity, opts, &mut conds)?;
    let list = serde_json::Value::from(ids.to_vec()).to_string();
    // Bound last: the per-parent query puts each parent's id in its place.
    let ids_ph = b.bind(Value::Text(list));
    // Rows wanted per parent: one past the page only where a next link may say there are more; a to-one
    // navigation has one row at most.
    let lim = if !nav.many() {
        1
    } else if next_link_due(opts) {
        top + 1
    } else {
        top
    };
    // Literal numbers, not bound parameters: SQLite plans with a bound LIMIT's value and so compiles the
    // statement again each time it is bound (see `select::list`).
    let off = skip;
    let cols: Vec<String> = std::iter::once("a0.id".to_string())
        .chain(select_list(entity, "a0", opts))
        .collect();
    let (src_t, t) = (source.table(), entity.table());
    let order = order.join(", ");
    let page_sql = format!(
        "SELECT a0.id FROM {t} a0{extra} WHERE {} ORDER BY {order} LIMIT {lim} OFFSET {off}",
        where_sql(&conds)
    );
    let mut out: HashMap<i64, Page> = HashMap::new();
    let new_page = || Page {
        top,
        skip,
        ..Page::default()
    };
    if lim != 1 && ids.len() <= PER_PARENT_MAX {
        // A few parents (the station page's Datastreams, the nearby answer's 20 Things): one indexed walk
        // each, in the page's order as it comes, where `IN (…)` below fills a temporary table per parent and
        // sorts every row once more. The id list's placeholder takes each parent's id in turn.
        let sql = format!(
            "SELECT {} FROM {src_t} p, {t} a0{extra} WHERE p.id = {ids_ph} AND {} ORDER BY {order} \
             LIMIT {lim} OFFSET {off}",
            cols.join(", "),
            where_sql(&conds)
        );
        let mut st = conn.prepare_cached(&sql)?;
        let mut params = b.params.clone();
        for &pid in ids {
            // A parent listed twice gets its page once, as from `IN (…)`.
            if out.contains_key(&pid) {
                continue;
            }
            if let Some(slot) = params.last_mut() {
                *slot = Value::Integer(pid);
            }
            let mut q = st.query(rusqlite::params_from_iter(&params))?;
            while let Some(r) = q.next()? {
                out.entry(pid)
                    .or_insert_with(new_page)
                    .rows
                    .push(read_row(r, 0, cols.len())?);
            }
        }
    } else {
        let sql = if lim == 1 {
            // One row per parent (each Datastream's latest Observation, its ObservedProperty): a scalar
            // subquery is a rowid seek, where `IN (…)` fills and clears a temporary table per parent and the
            // outer ORDER BY sorts them all again; this was half the SQL time of the nearby answer.
            format!(
                "SELECT p.id, {} FROM {src_t} p, {t} a0 WHERE p.id IN (SELECT value FROM json_each({ids_ph})) \
                 AND a0.id = ({page_sql}) ORDER BY p.id",
                cols.join(", ")
            )
        } else {
            format!(
                "SELECT p.id, {} FROM {src_t} p, {t} a0 WHERE p.id IN (SELECT value FROM json_each({ids_ph})) \
                 AND a0.id IN ({page_sql}) ORDER BY p.id, {order}",
                cols.join(", ")
            )
        };
        let mut st = conn.prepare_cached(&sql)?;
        let mut q = st.query(rusqlite::params_from_iter(&b.params))?;
        while let Some(r) = q.next()? {
            out.entry(r.get(0)?)
                .or_insert_with(new_page)
                .rows
                .push(read_row(r, 1, cols.len())?);
        }
    }
    for page in out.values_mut() {
        page.more = page.rows.len() as u64 > top;
        page.rows.truncate(top as usize);
    }
    if opts.count == Some(true) {
        let count_sql = format!(
            "SELECT p.id, (SELECT count(*) FROM {t} a0{extra} WHERE {}) FROM {src_t} p WHERE p.id IN (SELECT value FROM json_each({ids_ph}))",
            where_sql(&conds)
        );
        let mut st = conn.prepare_cached(&count_sql)?;
        let n = st.parameter_count().min(b.params.len());
        let mut q = st.query(rusqlite::params_from_iter(&b.params[..n]))?;
        while let Some(r) = q.next()? {
            out.entry(r.get(0)?).or_insert_with(new_page).count = Some(r.get(1)?);
        }
    }
    Ok(out)
}

/// The id and the `ncols - 1` values after it, from column `first` on.
fn read_row(r: &rusqlite::Row<'_>, first: usize, ncols: usize) -> Result<Row, ApiError> {
    let id: i64 = r.get(first)?;
    let mut values = Vec::with_capacity(ncols - 1);
    for i in first + 1..first + ncols {
        values.push(r.get::<_, Value>(i)?);
    }
    Ok(Row { id, values })
}
