//! One file per route.

pub mod lazy;
pub mod my_reports;
pub mod nearby;
pub mod not_found;
pub mod page_unloaded;
pub mod report;
pub mod request;
pub mod settings;
pub mod station;
