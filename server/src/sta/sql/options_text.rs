//! Writes query options back as SensorThings query text: the next link of a cut expanded collection
//! repeats that level's options as a top-level query on the navigation URL.
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use crate::sta::query::ast::{BinaryOp, Expand, Expr, Geometry, Literal, QueryOptions};

/// Characters escaped in a query value: enough that `&`, `=`, `#`, `+`, `%`, spaces and quotes survive.
const QUERY_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'>')
    .add(b'\'')
    .add(b'=');

fn op(o: BinaryOp) -> &'static str {
    use BinaryOp::*;
    match o {
        Eq => "eq",
        Ne => "ne",
        Gt => "gt",
        Ge => "ge",
        Lt => "lt",
        Le => "le",
        And => "and",
        Or => "or",
        Add => "add",
        Sub => "sub",
        Mul => "mul",
        Div => "div",
        Mod => "mod",
    }
}

fn coords(c: &[(f64, f64)]) -> String {
    c.iter()
        .map(|(x, y)| format!("{x} {y}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// An expression as `$filter` text.
pub fn expr(e: &Expr) -> String {
    match e {
        Expr::Path(p) => p.join("/"),
        Expr::Literal(l) => match l {
            Literal::Null => "null".into(),
            Literal::Bool(b) => b.to_string(),
            Literal::Int(i) => i.to_string(),
            Literal::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.1}"),
            Literal::Float(f) => f.to_string(),
            Literal::String(s) => format!("'{}'", s.replace('\'', "''")),
            Literal::DateTime(ms) => crate::sta::time::format(*ms),
            Literal::Interval(a, b) => format!(
                "{}/{}",
                crate::sta::time::format(*a),
                crate::sta::time::format(*b)
            ),
            Literal::Geometry(g) => match g {
                Geometry::Point(x, y) => format!("geography'POINT({x} {y})'"),
                Geometry::LineString(c) => format!("geography'LINESTRING({})'", coords(c)),
                Geometry::Polygon(r) => format!(
                    "geography'POLYGON({})'",
                    r.iter()
                        .map(|ring| format!("({})", coords(ring)))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            },
        },
        Expr::Not(a) => format!("not ({})", expr(a)),
        Expr::Neg(a) => format!("-({})", expr(a)),
        Expr::Binary(o, a, b) => format!("({} {} {})", expr(a), op(*o), expr(b)),
        Expr::Function(n, args) => format!(
            "{n}({})",
            args.iter().map(expr).collect::<Vec<_>>().join(",")
        ),
    }
}

/// (`$name`, value) pairs of one level, unencoded, in a stable order.
pub fn pairs(o: &QueryOptions) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if let Some(s) = &o.select {
        v.push(("$select", s.join(",")));
    }
    if let Some(f) = &o.filter {
        v.push(("$filter", expr(f)));
    }
    if !o.orderby.is_empty() {
        let items: Vec<String> = o
            .orderby
            .iter()
            .map(|x| {
                format!(
                    "{}{}",
                    expr(&x.expr),
                    if x.descending { " desc" } else { "" }
                )
            })
            .collect();
        v.push(("$orderby", items.join(",")));
    }
    if !o.expand.is_empty() {
        v.push((
            "$expand",
            o.expand.iter().map(expand).collect::<Vec<_>>().join(","),
        ));
    }
    if let Some(c) = o.count {
        v.push(("$count", c.to_string()));
    }
    if let Some(t) = o.top {
        v.push(("$top", t.to_string()));
    }
    if let Some(s) = o.skip {
        v.push(("$skip", s.to_string()));
    }
    v
}

fn expand(e: &Expand) -> String {
    let inner = pairs(&e.options);
    if inner.is_empty() {
        return e.path.join("/");
    }
    let opts: Vec<String> = inner.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{}({})", e.path.join("/"), opts.join(";"))
}

/// A percent-encoded query string (without `?`).
pub fn query_string(o: &QueryOptions) -> String {
    pairs(o)
        .into_iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(&v, QUERY_VALUE)))
        .collect::<Vec<_>>()
        .join("&")
}
