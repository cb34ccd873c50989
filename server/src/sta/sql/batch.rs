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

/// Pages of `nav` for each of the parents `ids` (of type `source`), keyed by parent id.
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
    let ids_ph = b.bind(Value::Text(list));
    // Literal numbers, not bound parameters: SQLite plans with a bound LIMIT's value and so compiles the
    // statement again each time it is bound (see `select::list`).
    let (lim, off) = (top + 1, skip);
    let cols: Vec<String> = std::iter::once("a0.id".to_string())
        .chain(select_list(entity, "a0", opts))
        .collect();
    let (src_t, t) = (source.table(), entity.table());
    let order = order.join(", ");
    let sql = format!(
        "SELECT p.id, {} FROM {src_t} p, {t} a0 WHERE p.id IN (SELECT value FROM json_each({ids_ph})) \
         AND a0.id IN (SELECT a0.id FROM {t} a0{extra} WHERE {} ORDER BY {order} LIMIT {lim} OFFSET {off}) \
         ORDER BY p.id, {order}",
        cols.join(", "),
        where_sql(&conds)
    );
    let mut out: HashMap<i64, Page> = HashMap::new();
    let mut st = conn.prepare_cached(&sql)?;
    let mut q = st.query(rusqlite::params_from_iter(&b.params))?;
    while let Some(r) = q.next()? {
        let pid: i64 = r.get(0)?;
        let id: i64 = r.get(1)?;
        let mut values = Vec::with_capacity(cols.len() - 1);
        for i in 2..=cols.len() {
            values.push(r.get::<_, Value>(i)?);
        }
        let page = out.entry(pid).or_insert_with(|| Page {
            top,
            skip,
            ..Page::default()
        });
        page.rows.push(Row { id, values });
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
            let page = out.entry(r.get(0)?).or_insert_with(|| Page {
                top,
                skip,
                ..Page::default()
            });
            page.count = Some(r.get(1)?);
        }
    }
    Ok(out)
}
