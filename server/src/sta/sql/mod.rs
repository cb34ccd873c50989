//! Compiles the query AST to parameterised SQL: user values only ever travel as bound parameters.
pub mod batch;
pub mod filter;
mod funcs;
pub mod knn;
pub mod options_text;
pub mod select;
pub mod spatial;

use rusqlite::types::Value;

use crate::sta::error::ApiError;
use crate::sta::model::{link_sql, Entity};
use crate::sta::query::ast::Geometry;

/// The static type of a compiled SQL fragment, used to coerce literals (times, ids) sensibly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A boolean condition.
    Bool,
    /// The integer id.
    Id,
    /// Integer ms since the epoch.
    Time,
    /// GeoJSON text.
    Geo,
    /// Anything else (numbers, text, JSON values).
    Any,
}

/// A fragment of SQL and its type.
#[derive(Debug, Clone)]
pub struct Frag {
    /// SQL text with `?` placeholders.
    pub sql: String,
    /// Its type.
    pub ty: Ty,
}

/// Accumulates bound parameters and hands out fresh table aliases.
#[derive(Debug, Default)]
pub struct Builder {
    /// Parameters in placeholder order.
    pub params: Vec<Value>,
    next_alias: usize,
}

/// A chain of joins from a base alias, collected while compiling one leaf expression.
#[derive(Debug, Default)]
pub struct Joins {
    /// `table alias` items, comma separated when rendered.
    pub from: Vec<String>,
    /// Conditions joined by AND.
    pub conds: Vec<String>,
    /// Navigation prefix (e.g. `Locations`) → alias, so one leaf reuses a join.
    pub by_prefix: Vec<(String, String)>,
}

impl Builder {
    /// Binds `v` and returns its placeholder.
    pub fn bind(&mut self, v: Value) -> String {
        // Numbered placeholders: fragments can then be assembled in any order.
        self.params.push(v);
        format!("?{}", self.params.len())
    }

    /// A fresh alias with the given prefix.
    pub fn alias(&mut self, prefix: &str) -> String {
        self.next_alias += 1;
        format!("{prefix}{}", self.next_alias)
    }

    /// Resolves a property path from `entity` at `alias`, adding navigation joins to `joins`.
    pub fn path(
        &mut self,
        entity: Entity,
        alias: &str,
        segs: &[String],
        joins: &mut Joins,
    ) -> Result<Frag, ApiError> {
        let (mut ent, mut al) = (entity, alias.to_string());
        for (i, seg) in segs.iter().enumerate() {
            if seg == "@iot.id" || seg == "id" {
                return self.tail_check(
                    &segs[i + 1..],
                    Frag {
                        sql: format!("{al}.id"),
                        ty: Ty::Id,
                    },
                );
            }
            if let Some(prop) = ent.property(seg) {
                use crate::sta::model::Kind;
                let col = format!("{al}.{}", prop.column);
                let rest = &segs[i + 1..];
                return match prop.kind {
                    Kind::Json if !rest.is_empty() => {
                        let mut jp = String::from("$");
                        for r in rest {
                            jp.push_str(&format!(".\"{}\"", r.replace('"', "\\\"")));
                        }
                        let ph = self.bind(Value::Text(jp));
                        Ok(Frag {
                            sql: format!("json_extract({col}, {ph})"),
                            ty: Ty::Any,
                        })
                    }
                    Kind::Geo => self.tail_check(
                        rest,
                        Frag {
                            sql: col,
                            ty: Ty::Geo,
                        },
                    ),
                    Kind::Time | Kind::Interval { .. } => self.tail_check(
                        rest,
                        Frag {
                            sql: col,
                            ty: Ty::Time,
                        },
                    ),
                    _ => self.tail_check(
                        rest,
                        Frag {
                            sql: col,
                            ty: Ty::Any,
                        },
                    ),
                };
            }
            let Some(nav) = ent.nav(seg) else {
                return Err(ApiError::bad_request(format!(
                    "unknown property or navigation '{seg}' of {} in $filter/$orderby",
                    ent.set_name()
                )));
            };
            let prefix = segs[..=i].join("/");
            if let Some((_, a)) = joins.by_prefix.iter().find(|(p, _)| *p == prefix) {
                al = a.clone();
            } else {
                let t = self.alias("j");
                let k = self.alias("k");
                let (extra, cond) = link_sql(ent, nav, &t, Some(&al), &format!("{al}.id"), &k);
                joins
                    .from
                    .push(format!("{} {t}{extra}", nav.target.table()));
                joins.conds.push(cond);
                joins.by_prefix.push((prefix, t.clone()));
                al = t;
            }
            ent = nav.target;
        }
        Err(ApiError::bad_request(format!(
            "path '{}' ends at an entity, not a property",
            segs.join("/")
        )))
    }

    fn tail_check(&self, rest: &[String], f: Frag) -> Result<Frag, ApiError> {
        if rest.is_empty() {
            Ok(f)
        } else {
            Err(ApiError::bad_request(format!(
                "'{}' has no sub-properties",
                rest.join("/")
            )))
        }
    }
}

/// GeoJSON text of a WKT literal, the form the SQL geo functions read.
pub fn geometry_geojson(g: &Geometry) -> String {
    let pt = |&(x, y): &(f64, f64)| serde_json::json!([x, y]);
    let v = match g {
        Geometry::Point(x, y) => serde_json::json!({"type": "Point", "coordinates": [x, y]}),
        Geometry::LineString(c) => {
            serde_json::json!({"type": "LineString", "coordinates": c.iter().map(pt).collect::<Vec<_>>()})
        }
        Geometry::Polygon(rings) => serde_json::json!({"type": "Polygon", "coordinates":
            rings.iter().map(|r| r.iter().map(pt).collect::<Vec<_>>()).collect::<Vec<_>>()}),
    };
    v.to_string()
}

impl Builder {
    /// Moves the alias counter on, so fragments added to an already compiled query get unused names.
    pub fn skip_aliases(&mut self, n: usize) {
        self.next_alias += n;
    }
}
