//! Resource paths: `Things`, `Things(17)`, `Things(17)/Datastreams`, `Datastreams(3)/Thing/name/$value`.
use rusqlite::{Connection, OptionalExtension};

use crate::sta::error::ApiError;
use crate::sta::model::{link_sql, Entity, Property};
use crate::sta::sql::select::Parent;

/// What a resource path addresses.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A collection, possibly reached through a navigation property.
    Collection {
        /// Entity type of the members.
        entity: Entity,
        /// The entity it hangs off, if any.
        parent: Option<Parent>,
    },
    /// One entity.
    Entity {
        /// Its type.
        entity: Entity,
        /// Its id.
        id: i64,
    },
    /// One property of one entity; `raw` for `/$value`.
    Property {
        /// Entity type.
        entity: Entity,
        /// Entity id.
        id: i64,
        /// The property.
        prop: &'static Property,
        /// `$value` was appended.
        raw: bool,
    },
}

/// Splits `Name(key)` into the name and the key text.
fn split_key(seg: &str) -> Result<(&str, Option<&str>), ApiError> {
    match seg.find('(') {
        None => Ok((seg, None)),
        Some(i) if seg.ends_with(')') => Ok((&seg[..i], Some(&seg[i + 1..seg.len() - 1]))),
        Some(_) => Err(ApiError::bad_request(format!(
            "malformed path segment '{seg}'"
        ))),
    }
}

/// An entity key: `17`, or a quoted `'17'` (numeric ids may be written as strings). Anything else cannot exist.
fn parse_key(k: &str, entity: Entity) -> Result<i64, ApiError> {
    let unq = k
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(k);
    match unq.parse::<i64>() {
        Ok(id) if unq.bytes().all(|c| c.is_ascii_digit()) => Ok(id),
        _ => Err(ApiError::not_found(format!(
            "no {} with id {k}",
            entity.set_name()
        ))),
    }
}

fn exists(conn: &Connection, entity: Entity, id: i64) -> Result<bool, ApiError> {
    let sql = format!("SELECT 1 FROM {} WHERE id = ?1", entity.table());
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn not_found(entity: Entity, id: i64) -> ApiError {
    ApiError::not_found(format!("no entity {}({id})", entity.set_name()))
}

/// Resolves the path after `/v1.1/` (already percent-decoded), checking that every addressed entity exists.
pub fn resolve(conn: &Connection, path: &str) -> Result<Target, ApiError> {
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    let first = segs
        .next()
        .ok_or_else(|| ApiError::not_found("empty path"))?;
    let (name, key) = split_key(first)?;
    let entity = Entity::from_set_name(name)
        .ok_or_else(|| ApiError::not_found(format!("no entity set '{name}'")))?;
    let mut cur = match key {
        None => Target::Collection {
            entity,
            parent: None,
        },
        Some(k) => {
            let id = parse_key(k, entity)?;
            if !exists(conn, entity, id)? {
                return Err(not_found(entity, id));
            }
            Target::Entity { entity, id }
        }
    };
    for seg in segs {
        cur = match cur {
            Target::Entity { entity, id } => step(conn, entity, id, seg)?,
            Target::Property {
                entity,
                id,
                prop,
                raw: false,
            } if seg == "$value" => Target::Property {
                entity,
                id,
                prop,
                raw: true,
            },
            _ => return Err(ApiError::not_found(format!("cannot address '{seg}' here"))),
        };
    }
    Ok(cur)
}

fn step(conn: &Connection, entity: Entity, id: i64, seg: &str) -> Result<Target, ApiError> {
    let (name, key) = split_key(seg)?;
    if key.is_none() {
        if let Some(prop) = entity.property(name) {
            return Ok(Target::Property {
                entity,
                id,
                prop,
                raw: false,
            });
        }
    }
    let nav = entity.nav(name).ok_or_else(|| {
        ApiError::not_found(format!(
            "{} has no property or navigation '{name}'",
            entity.set_name()
        ))
    })?;
    let parent = Parent {
        source: entity,
        nav,
        id,
    };
    if nav.many() && key.is_none() {
        return Ok(Target::Collection {
            entity: nav.target,
            parent: Some(parent),
        });
    }
    let (extra, cond) = link_sql(entity, nav, "a0", None, "?1", "pk");
    let mut sql = format!(
        "SELECT a0.id FROM {} a0{extra} WHERE {cond}",
        nav.target.table()
    );
    let want = key.map(|k| parse_key(k, nav.target)).transpose()?;
    if want.is_some() {
        sql.push_str(" AND a0.id = ?2");
    }
    sql.push_str(" LIMIT 1");
    let mut st = conn.prepare_cached(&sql)?;
    let found: Option<i64> = match want {
        Some(w) => st.query_row([id, w], |r| r.get(0)).optional()?,
        None => st.query_row([id], |r| r.get(0)).optional()?,
    };
    match found {
        Some(tid) => Ok(Target::Entity {
            entity: nav.target,
            id: tid,
        }),
        None => Err(ApiError::not_found(format!(
            "no {} at {}({id})/{seg}",
            nav.target.set_name(),
            entity.set_name()
        ))),
    }
}
