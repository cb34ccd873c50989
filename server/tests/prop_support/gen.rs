//! Generators of SensorThings query text: well-formed `$filter` expressions (from the STA v1.1 §9.3.3.5
//! grammar: comparisons, logical operators, string/date/math/geo functions, literals of every kind) and
//! whole query strings, plus a printer that turns a parsed expression back into text for round trips.
#![allow(dead_code)]

use proptest::prelude::*;
use qingshui_server::sta::query::ast::{BinaryOp, Expr, Geometry, Literal};

/// Property paths a client may name (some belong to other entity sets: those must be refused cleanly).
pub fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("name"),
        Just("description"),
        Just("@iot.id"),
        Just("id"),
        Just("properties/nameEn"),
        Just("properties/district"),
        Just("properties/targetClass"),
        Just("properties/depth"),
        Just("Locations/location"),
        Just("Datastreams/name"),
        Just("phenomenonTime"),
        Just("result"),
    ]
    .prop_map(str::to_owned)
}

/// A string literal with `'` doubled, over text that needs escaping in a URL (quotes, `&`, `%`, `+`,
/// `#`, Chinese).
pub fn string_lit() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 '&%+#?=/清水长江區]{0,12}".prop_map(|s| format!("'{}'", s.replace('\'', "''")))
}

/// An ISO 8601 instant, with milliseconds when there are some.
pub fn datetime_text(ms: i64) -> String {
    let s = qingshui_core::time::format(ms);
    match ms.rem_euclid(1000) {
        0 => s,
        f => format!("{}.{f:03}Z", s.trim_end_matches('Z')),
    }
}

/// A literal of any kind that compares with a property.
pub fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1_000_000_000_000i64..1_000_000_000_000).prop_map(|n| n.to_string()),
        (-1e9f64..1e9).prop_map(|f| format!("{f:?}")),
        string_lit(),
        (0i64..4_102_444_800_000).prop_map(datetime_text),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
    ]
}

/// A comparison operator, in any letter case (the grammar's keywords are case-insensitive here).
pub fn cmp_op() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("eq"),
            Just("ne"),
            Just("gt"),
            Just("ge"),
            Just("lt"),
            Just("le")
        ],
        any::<bool>(),
    )
        .prop_map(|(op, upper)| {
            if upper {
                op.to_ascii_uppercase()
            } else {
                op.to_owned()
            }
        })
}

fn point() -> impl Strategy<Value = (f64, f64)> {
    (105.0f64..110.0, 28.0f64..32.5)
}

/// A `geography'POINT(lon lat)'` literal.
pub fn geo_point() -> impl Strategy<Value = String> {
    point().prop_map(|(x, y)| format!("geography'POINT({x:.5} {y:.5})'"))
}

/// A `geography'POLYGON((…))'` box around a point, closed as WKT requires.
pub fn geo_box() -> impl Strategy<Value = String> {
    (point(), 0.001f64..2.0).prop_map(|((x, y), r)| {
        let (a, b, c, d) = (x - r, y - r, x + r, y + r);
        format!("geography'POLYGON(({a:.5} {b:.5}, {c:.5} {b:.5}, {c:.5} {d:.5}, {a:.5} {d:.5}, {a:.5} {b:.5}))'")
    })
}

/// One predicate: a comparison or a boolean function call.
pub fn predicate() -> impl Strategy<Value = String> {
    let s = string_lit;
    prop_oneof![
        (path(), cmp_op(), literal()).prop_map(|(p, o, l)| format!("{p} {o} {l}")),
        (s(), path()).prop_map(|(a, p)| format!("substringof({a},{p})")),
        (path(), s()).prop_map(|(p, a)| format!("startswith({p},{a})")),
        (path(), s()).prop_map(|(p, a)| format!("endswith({p}, {a})")),
        (path(), s()).prop_map(|(p, a)| format!("contains({p},{a})")),
        (path(), s()).prop_map(|(p, a)| format!("tolower({p}) eq tolower({a})")),
        (path(), 0u32..50).prop_map(|(p, n)| format!("length({p}) gt {n}")),
        (path(), -100i64..100, cmp_op(), -100i64..100)
            .prop_map(|(p, a, o, b)| format!("{p} add {a} {o} {b} mul 2")),
        (path(), cmp_op(), 2000i32..2040).prop_map(|(p, o, y)| format!("year({p}) {o} {y}")),
        (geo_point(), 0.0f64..5.0)
            .prop_map(|(g, d)| format!("geo.distance(Locations/location,{g}) lt {d:.4}")),
        geo_box().prop_map(|g| format!("st_within(Locations/location,{g})")),
        geo_box().prop_map(|g| format!("st_intersects(Locations/location, {g})")),
        path().prop_map(|p| format!("{p} eq null")),
    ]
}

/// A whole `$filter`: predicates combined with `and`, `or`, `not` and parentheses, a few levels deep.
pub fn filter() -> impl Strategy<Value = String> {
    predicate().prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} or {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} AND {b}")),
            inner.clone().prop_map(|a| format!("not ({a})")),
            inner.prop_map(|a| format!("({a})")),
        ]
    })
}

/// A `$orderby` value: one to three items with optional direction.
pub fn orderby() -> impl Strategy<Value = String> {
    let item = prop_oneof![
        path(),
        geo_point().prop_map(|g| format!("geo.distance(Locations/location,{g})")),
    ];
    let dir = prop_oneof![Just(""), Just(" asc"), Just(" desc"), Just(" DESC")];
    proptest::collection::vec((item, dir), 1..4).prop_map(|items| {
        items
            .iter()
            .map(|(p, d)| format!("{p}{d}"))
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// A `$select` list.
pub fn select() -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(
        vec![
            "@iot.id",
            "name",
            "description",
            "properties",
            "Locations",
            "location",
        ],
        1..5,
    )
    .prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

/// Prints an expression fully parenthesised, in a form the parser reads back to the same tree.
pub fn print(e: &Expr) -> String {
    match e {
        Expr::Path(segs) => segs.join("/"),
        Expr::Literal(l) => print_literal(l),
        Expr::Not(x) => format!("not ({})", print(x)),
        Expr::Neg(x) => format!("-({})", print(x)),
        Expr::Binary(op, a, b) => format!("({}) {} ({})", print(a), op_word(*op), print(b)),
        Expr::Function(name, args) => {
            let args: Vec<String> = args.iter().map(print).collect();
            format!("{name}({})", args.join(", "))
        }
    }
}

fn op_word(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Eq => "eq",
        BinaryOp::Ne => "ne",
        BinaryOp::Gt => "gt",
        BinaryOp::Ge => "ge",
        BinaryOp::Lt => "lt",
        BinaryOp::Le => "le",
        BinaryOp::And => "and",
        BinaryOp::Or => "or",
        BinaryOp::Add => "add",
        BinaryOp::Sub => "sub",
        BinaryOp::Mul => "mul",
        BinaryOp::Div => "div",
        BinaryOp::Mod => "mod",
    }
}

fn print_literal(l: &Literal) -> String {
    match l {
        Literal::Null => "null".into(),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(n) => n.to_string(),
        // `{:?}` always has a `.` or an exponent, so it reads back as a float.
        Literal::Float(f) => format!("{f:?}"),
        Literal::String(s) => format!("'{}'", s.replace('\'', "''")),
        Literal::DateTime(ms) => datetime_text(*ms),
        Literal::Interval(a, b) => format!("{}/{}", datetime_text(*a), datetime_text(*b)),
        Literal::Geometry(g) => format!("geography'{}'", print_geometry(g)),
    }
}

fn coords(pts: &[(f64, f64)]) -> String {
    pts.iter()
        .map(|(x, y)| format!("{x:?} {y:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_geometry(g: &Geometry) -> String {
    match g {
        Geometry::Point(x, y) => format!("POINT({x:?} {y:?})"),
        Geometry::LineString(p) => format!("LINESTRING({})", coords(p)),
        Geometry::Polygon(rings) => {
            let rings: Vec<String> = rings.iter().map(|r| format!("({})", coords(r))).collect();
            format!("POLYGON({})", rings.join(", "))
        }
    }
}
