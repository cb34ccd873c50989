//! The parsed form of SensorThings query options (`$filter`, `$orderby`, `$select`, `$expand`, paging).
//!
//! The parser (`parse.rs`) produces these types; the SQL layer consumes them. Keeping them plain data lets
//! both sides be tested on their own.

/// All query options of one request level (the top level, or one `$expand` item).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueryOptions {
    /// `$top`, before the server's cap is applied.
    pub top: Option<u64>,
    /// `$skip`.
    pub skip: Option<u64>,
    /// `$count=true|false`.
    pub count: Option<bool>,
    /// `$select` property names in request order (e.g. `@iot.id`, `name`, `properties`); `None` = all.
    pub select: Option<Vec<String>>,
    /// `$orderby` items in priority order.
    pub orderby: Vec<OrderBy>,
    /// `$filter`.
    pub filter: Option<Expr>,
    /// `$expand` items; a path `Datastreams/Observations` is kept as two segments.
    pub expand: Vec<Expand>,
}

/// One `$orderby` item.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    /// The expression to sort by (a property path or a function such as `geo.distance`).
    pub expr: Expr,
    /// `desc` was given.
    pub descending: bool,
}

/// One `$expand` item: a navigation path with its own nested options.
#[derive(Debug, Clone, PartialEq)]
pub struct Expand {
    /// Navigation segments, e.g. `["Datastreams"]` or `["Datastreams", "Observations"]`.
    pub path: Vec<String>,
    /// Options in parentheses after the path (`$select`, `$filter`, `$orderby`, `$top`, `$skip`, `$count`, `$expand`).
    pub options: QueryOptions,
}

/// A `$filter` / `$orderby` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A property path: `name`, `@iot.id`, `id`, `properties/district`, `Locations/location`,
    /// `Datastream/Thing/name`, `phenomenonTime`, `result`.
    Path(Vec<String>),
    /// A literal value.
    Literal(Literal),
    /// `not e`.
    Not(Box<Expr>),
    /// `-e`.
    Neg(Box<Expr>),
    /// A binary operator.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// A function call, name lower-cased as written in the spec: `substringof`, `startswith`, `endswith`,
    /// `contains`, `tolower`, `toupper`, `trim`, `length`, `indexof`, `concat`, `substring`, `year`, `month`,
    /// `day`, `hour`, `minute`, `second`, `round`, `floor`, `ceiling`, `geo.distance`, `geo.length`,
    /// `geo.intersects`, `st_within`, `st_intersects`, `st_contains`, `st_disjoint`, `st_equals`, ….
    Function(String, Vec<Expr>),
}

/// Binary operators of the STA `$filter` grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `eq`
    Eq,
    /// `ne`
    Ne,
    /// `gt`
    Gt,
    /// `ge`
    Ge,
    /// `lt`
    Lt,
    /// `le`
    Le,
    /// `and`
    And,
    /// `or`
    Or,
    /// `add`
    Add,
    /// `sub`
    Sub,
    /// `mul`
    Mul,
    /// `div`
    Div,
    /// `mod`
    Mod,
}

/// Literal values.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A decimal or exponent number.
    Float(f64),
    /// A quoted string, with `''` already unescaped.
    String(String),
    /// An ISO 8601 instant, as ms since the Unix epoch.
    DateTime(i64),
    /// An ISO 8601 interval `start/end`, as ms since the Unix epoch.
    Interval(i64, i64),
    /// A `geography'…'` or `geometry'…'` WKT literal.
    Geometry(Geometry),
}

/// A WKT geometry, coordinates in (lon, lat) order as WKT writes them.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    /// `POINT(x y)`
    Point(f64, f64),
    /// `LINESTRING(x y, …)`
    LineString(Vec<(f64, f64)>),
    /// `POLYGON((x y, …), (hole …))`: the first ring is the outer one.
    Polygon(Vec<Vec<(f64, f64)>>),
}
