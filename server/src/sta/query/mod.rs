//! SensorThings query options: the AST and its parser.
pub mod ast;
pub mod error;
mod expr;
mod lexer;
pub mod parse;
mod wkt;

pub use error::QueryError;
pub use expr::MAX_DEPTH;
pub use parse::{parse_query, MAX_EXPAND_DEPTH, MAX_EXPR_LEN, MAX_QUERY_LEN};
