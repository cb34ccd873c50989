//! SensorThings query options: the AST and its parser.
pub mod ast;
