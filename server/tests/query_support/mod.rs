//! Helpers shared by the query-parser test files; each test crate uses a different subset, hence the allow.
#![allow(dead_code, unused_imports)]

pub use qingshui_server::sta::query::ast::{
    BinaryOp, Expand, Expr, Geometry, Literal, OrderBy, QueryOptions,
};
pub use qingshui_server::sta::query::{parse_query, QueryError};

/// A property path from its segments.
pub fn p(segs: &[&str]) -> Expr {
    Expr::Path(segs.iter().map(|s| s.to_string()).collect())
}
/// An integer literal.
pub fn int(n: i64) -> Expr {
    Expr::Literal(Literal::Int(n))
}
/// A string literal.
pub fn s(v: &str) -> Expr {
    Expr::Literal(Literal::String(v.to_owned()))
}
/// A binary expression.
pub fn bin(op: BinaryOp, a: Expr, b: Expr) -> Expr {
    Expr::Binary(op, Box::new(a), Box::new(b))
}
/// A function call.
pub fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(name.to_owned(), args)
}
/// A `$select` list.
pub fn names(list: &[&str]) -> Option<Vec<String>> {
    Some(list.iter().map(|s| s.to_string()).collect())
}
/// Parses `f` as a `$filter` value (percent-encoding what a client must) and returns the expression.
pub fn filter(f: &str) -> Expr {
    let q = format!(
        "$filter={}",
        f.replace('%', "%25")
            .replace('+', "%2B")
            .replace('&', "%26")
    );
    parse_query(&q)
        .unwrap_or_else(|e| panic!("{f}: {e}"))
        .filter
        .unwrap()
}
/// The error message of a query that must be rejected.
pub fn err(q: &str) -> String {
    match parse_query(q) {
        Ok(o) => panic!("{q} parsed: {o:?}"),
        Err(e) => e.to_string(),
    }
}

/// The contract's `EXPAND_LATEST`, percent-encoded as the client sends it.
pub const EXPAND_LATEST: &str = "Locations($select=location),Datastreams($select=@iot.id,name,unitOfMeasurement;$expand=ObservedProperty($select=name,definition),Observations($select=result,phenomenonTime;$orderby=phenomenonTime%20desc;$top=1))";
/// A nearby-search box around central Chongqing.
pub const BOX: &str = "POLYGON((106.4 29.4,106.7 29.4,106.7 29.7,106.4 29.7,106.4 29.4))";

/// [`BOX`] as the parser must read it.
pub fn boxed() -> Geometry {
    let pts = [
        (106.4, 29.4),
        (106.7, 29.4),
        (106.7, 29.7),
        (106.4, 29.7),
        (106.4, 29.4),
    ];
    Geometry::Polygon(vec![pts.to_vec()])
}
