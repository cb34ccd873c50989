//! The `$filter` functions of STA v1.1 (OData string, date, math and geospatial functions) → SQL.
use rusqlite::types::Value;

use super::filter::Scope;
use super::{Builder, Frag, Joins, Ty};
use crate::sta::error::ApiError;
use crate::sta::query::ast::Expr;

/// strftime format of each date-part function, applied to integer ms.
fn date_part(name: &str) -> Option<&'static str> {
    Some(match name {
        "year" => "%Y",
        "month" => "%m",
        "day" => "%d",
        "hour" => "%H",
        "minute" => "%M",
        "second" => "%S",
        _ => return None,
    })
}

impl Builder {
    /// Compiles a function call.
    pub(super) fn function(
        &mut self,
        s: Scope<'_>,
        name: &str,
        args: &[Expr],
        joins: &mut Joins,
    ) -> Result<Frag, ApiError> {
        let mut a = Vec::with_capacity(args.len());
        for e in args {
            a.push(self.value(s, e, joins)?);
        }
        let need = |n: usize| -> Result<(), ApiError> {
            if a.len() == n {
                Ok(())
            } else {
                Err(ApiError::bad_request(format!(
                    "function '{name}' takes {n} argument(s), got {}",
                    a.len()
                )))
            }
        };
        let any = |sql: String| Ok(Frag { sql, ty: Ty::Any });
        let boolean = |sql: String| Ok(Frag { sql, ty: Ty::Bool });
        if let Some(fmt) = date_part(name) {
            need(1)?;
            return any(format!(
                "CAST(strftime('{fmt}', {} / 1000, 'unixepoch') AS INTEGER)",
                a[0].sql
            ));
        }
        match name {
            "substringof" => {
                need(2)?;
                boolean(format!("(instr({}, {}) > 0)", a[1].sql, a[0].sql))
            }
            "contains" => {
                need(2)?;
                boolean(format!("(instr({}, {}) > 0)", a[0].sql, a[1].sql))
            }
            "startswith" => {
                need(2)?;
                boolean(format!("(instr({}, {}) = 1)", a[0].sql, a[1].sql))
            }
            "endswith" => {
                need(2)?;
                let (x, y) = (&a[0].sql, &a[1].sql);
                boolean(format!(
                    "(substr({x}, length({x}) - length({y}) + 1) = {y})"
                ))
            }
            "tolower" | "toupper" | "trim" | "length" => {
                need(1)?;
                let f = match name {
                    "tolower" => "lower",
                    "toupper" => "upper",
                    n => n,
                };
                any(format!("{f}({})", a[0].sql))
            }
            "indexof" => {
                need(2)?;
                any(format!("(instr({}, {}) - 1)", a[0].sql, a[1].sql))
            }
            "concat" => {
                need(2)?;
                any(format!("({} || {})", a[0].sql, a[1].sql))
            }
            "substring" => match a.len() {
                2 => any(format!("substr({}, {} + 1)", a[0].sql, a[1].sql)),
                3 => any(format!(
                    "substr({}, {} + 1, {})",
                    a[0].sql, a[1].sql, a[2].sql
                )),
                n => Err(ApiError::bad_request(format!(
                    "function 'substring' takes 2 or 3 arguments, got {n}"
                ))),
            },
            "round" => {
                need(1)?;
                any(format!("round({})", a[0].sql))
            }
            "floor" | "ceiling" => {
                need(1)?;
                let x = &a[0].sql;
                let (op, cmp) = if name == "floor" {
                    ("-", "<")
                } else {
                    ("+", ">")
                };
                any(format!(
                    "(CAST({x} AS INTEGER) {op} ({x} {cmp} CAST({x} AS INTEGER)))"
                ))
            }
            "now" => {
                need(0)?;
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis() as i64);
                Ok(Frag {
                    sql: self.bind(Value::Integer(now)),
                    ty: Ty::Time,
                })
            }
            "geo.distance" => {
                need(2)?;
                any(format!("geo_distance_m({}, {})", a[0].sql, a[1].sql))
            }
            "st_within" | "st_intersects" | "geo.intersects" | "st_contains" | "st_disjoint" => {
                need(2)?;
                let (x, y) = (&a[0].sql, &a[1].sql);
                boolean(match name {
                    "st_within" => format!("(st_within({x}, {y}) = 1)"),
                    "st_contains" => format!("(st_within({y}, {x}) = 1)"),
                    "st_disjoint" => format!("(st_intersects({x}, {y}) = 0)"),
                    _ => format!("(st_intersects({x}, {y}) = 1)"),
                })
            }
            other => Err(ApiError::bad_request(format!(
                "unsupported function '{other}' in $filter/$orderby"
            ))),
        }
    }
}
