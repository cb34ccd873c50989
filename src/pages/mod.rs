//! One file per route.

pub mod nearby;
pub mod not_found;
pub mod station;
