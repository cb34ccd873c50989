//! `$filter` and `$orderby` expressions → SQL.
//!
//! Every boolean leaf (a comparison or a boolean function) is compiled in its own join scope: if it touches
//! a navigation path (`Locations/location`, `Datastreams/Observations/result`) it becomes
//! `EXISTS (SELECT 1 FROM <joins> WHERE <joins> AND <leaf>)`, the "any related entity" meaning of the standard.
//! Scalar expressions (in `$orderby`) become `(SELECT <expr> FROM <joins> … LIMIT 1)`.
use rusqlite::types::Value;

use super::{geometry_geojson, Builder, Frag, Joins, Ty};
use crate::sta::error::ApiError;
use crate::sta::model::Entity;
use crate::sta::query::ast::{BinaryOp, Expr, Literal};

/// The entity and alias an expression is evaluated against.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// Entity type of the row.
    pub entity: Entity,
    /// Its SQL alias.
    pub alias: &'a str,
}

impl Builder {
    /// Compiles a boolean `$filter` expression.
    pub fn condition(&mut self, s: Scope<'_>, e: &Expr) -> Result<String, ApiError> {
        match e {
            Expr::Binary(op @ (BinaryOp::And | BinaryOp::Or), a, b) => {
                let (a, b) = (self.condition(s, a)?, self.condition(s, b)?);
                let kw = if *op == BinaryOp::And { "AND" } else { "OR" };
                Ok(format!("({a} {kw} {b})"))
            }
            Expr::Not(a) => Ok(format!("(NOT {})", self.condition(s, a)?)),
            _ => {
                let mut joins = Joins::default();
                let f = self.value(s, e, &mut joins)?;
                let sql = if f.ty == Ty::Bool {
                    f.sql
                } else {
                    format!("({} <> 0)", f.sql)
                };
                Ok(wrap_exists(joins, sql))
            }
        }
    }

    /// Compiles a scalar expression (an `$orderby` item).
    pub fn scalar(&mut self, s: Scope<'_>, e: &Expr) -> Result<String, ApiError> {
        let mut joins = Joins::default();
        let f = self.value(s, e, &mut joins)?;
        if joins.from.is_empty() {
            return Ok(f.sql);
        }
        Ok(format!(
            "(SELECT {} FROM {} WHERE {} LIMIT 1)",
            f.sql,
            joins.from.join(", "),
            joins.conds.join(" AND ")
        ))
    }

    /// Compiles any expression to a typed fragment, collecting navigation joins.
    pub fn value(&mut self, s: Scope<'_>, e: &Expr, joins: &mut Joins) -> Result<Frag, ApiError> {
        Ok(match e {
            Expr::Path(segs) => self.path(s.entity, s.alias, segs, joins)?,
            Expr::Literal(l) => self.literal(l),
            Expr::Neg(a) => {
                let a = self.value(s, a, joins)?;
                Frag {
                    sql: format!("(-{})", a.sql),
                    ty: Ty::Any,
                }
            }
            Expr::Not(_) | Expr::Binary(BinaryOp::And | BinaryOp::Or, ..) => {
                // A boolean inside a comparison, e.g. `(a and b) eq true`: its own leaves get their own scopes.
                Frag {
                    sql: self.condition(s, e)?,
                    ty: Ty::Bool,
                }
            }
            Expr::Binary(op, a, b) => self.binary(s, *op, a, b, joins)?,
            Expr::Function(name, args) => self.function(s, name, args, joins)?,
        })
    }

    fn literal(&mut self, l: &Literal) -> Frag {
        let (sql, ty) = match l {
            Literal::Null => ("NULL".to_string(), Ty::Any),
            Literal::Bool(b) => ((if *b { "1" } else { "0" }).to_string(), Ty::Any),
            Literal::Int(i) => (self.bind(Value::Integer(*i)), Ty::Any),
            Literal::Float(f) => (self.bind(Value::Real(*f)), Ty::Any),
            Literal::String(t) => (self.bind(Value::Text(t.clone())), Ty::Any),
            Literal::DateTime(ms) | Literal::Interval(ms, _) => {
                (self.bind(Value::Integer(*ms)), Ty::Time)
            }
            Literal::Geometry(g) => (self.bind(Value::Text(geometry_geojson(g))), Ty::Geo),
        };
        Frag { sql, ty }
    }

    fn binary(
        &mut self,
        s: Scope<'_>,
        op: BinaryOp,
        a: &Expr,
        b: &Expr,
        joins: &mut Joins,
    ) -> Result<Frag, ApiError> {
        let arith = match op {
            BinaryOp::Add => Some("+"),
            BinaryOp::Sub => Some("-"),
            BinaryOp::Mul => Some("*"),
            BinaryOp::Div => Some("/"),
            BinaryOp::Mod => Some("%"),
            _ => None,
        };
        if let Some(sym) = arith {
            let (fa, fb) = (self.value(s, a, joins)?, self.value(s, b, joins)?);
            // `div` is real division in OData; SQLite would truncate two integers.
            let lhs = if op == BinaryOp::Div {
                format!("CAST({} AS REAL)", fa.sql)
            } else {
                fa.sql
            };
            return Ok(Frag {
                sql: format!("({lhs} {sym} {})", fb.sql),
                ty: Ty::Any,
            });
        }
        let sym = match op {
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "<>",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Lt => "<",
            _ => "<=",
        };
        let null = |e: &Expr| matches!(e, Expr::Literal(Literal::Null));
        if matches!(op, BinaryOp::Eq | BinaryOp::Ne) && (null(a) || null(b)) {
            let other = if null(a) { b } else { a };
            let f = self.value(s, other, joins)?;
            let is = if op == BinaryOp::Eq {
                "IS NULL"
            } else {
                "IS NOT NULL"
            };
            return Ok(Frag {
                sql: format!("({} {is})", f.sql),
                ty: Ty::Bool,
            });
        }
        let fa = self.operand(s, a, b, joins)?;
        let fb = self.operand(s, b, a, joins)?;
        Ok(Frag {
            sql: format!("({} {sym} {})", fa.sql, fb.sql),
            ty: Ty::Bool,
        })
    }

    /// Compiles `e`, coercing a string literal to the type of the other side (`other`) of a comparison:
    /// `phenomenonTime ge '2026-…'` compares instants, `@iot.id eq '17'` compares numbers.
    fn operand(
        &mut self,
        s: Scope<'_>,
        e: &Expr,
        other: &Expr,
        joins: &mut Joins,
    ) -> Result<Frag, ApiError> {
        let Expr::Literal(Literal::String(text)) = e else {
            return self.value(s, e, joins);
        };
        let other_ty = match other {
            Expr::Path(segs) => path_ty(s.entity, segs),
            _ => Ty::Any,
        };
        Ok(match other_ty {
            Ty::Time => match crate::sta::time::parse(text) {
                Some(ms) => Frag {
                    sql: self.bind(Value::Integer(ms)),
                    ty: Ty::Time,
                },
                None => {
                    return Err(ApiError::bad_request(format!(
                        "'{text}' is not an ISO 8601 time"
                    )))
                }
            },
            Ty::Id => match text.parse::<i64>() {
                Ok(id) if text.bytes().all(|c| c.is_ascii_digit()) => Frag {
                    sql: self.bind(Value::Integer(id)),
                    ty: Ty::Id,
                },
                // Ids here are integers: a non-numeric string id can never match.
                _ => Frag {
                    sql: "NULL".into(),
                    ty: Ty::Id,
                },
            },
            _ => Frag {
                sql: self.bind(Value::Text(text.clone())),
                ty: Ty::Any,
            },
        })
    }
}

/// The type a property path resolves to, without compiling it (unknown paths are reported by the compile).
fn path_ty(mut entity: Entity, segs: &[String]) -> Ty {
    use crate::sta::model::Kind;
    for (i, seg) in segs.iter().enumerate() {
        if seg == "@iot.id" || seg == "id" {
            return Ty::Id;
        }
        if let Some(p) = entity.property(seg) {
            return match p.kind {
                Kind::Time | Kind::Interval { .. } if i + 1 == segs.len() => Ty::Time,
                _ => Ty::Any,
            };
        }
        match entity.nav(seg) {
            Some(n) => entity = n.target,
            None => return Ty::Any,
        }
    }
    Ty::Any
}

/// Wraps a leaf condition in `EXISTS` over the navigation joins it needed.
fn wrap_exists(joins: Joins, leaf: String) -> String {
    if joins.from.is_empty() {
        return leaf;
    }
    format!(
        "EXISTS (SELECT 1 FROM {} WHERE {} AND {leaf})",
        joins.from.join(", "),
        joins.conds.join(" AND ")
    )
}
