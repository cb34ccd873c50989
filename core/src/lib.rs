//! Qingshui (清水) domain rules, shared by the Leptos client and the reference server: GB 3838-2002
//! classification, advice, parameter recognition, time and geo maths, SensorThings types and requests.
//!
//! Pure Rust with serde, serde_json (SensorThings entities are read from a JSON tree) and
//! thiserror only, so it compiles small to wasm.

#![warn(missing_docs)]

pub mod advice;
pub mod decimal;
pub mod gcj02;
pub mod geo;
pub mod json;
pub mod lang;
pub mod open311;
pub mod params;
pub mod quality;
pub mod rank;
pub mod sta;
pub mod station;
pub mod text;
pub mod time;
pub mod trig;
