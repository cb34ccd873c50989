//! The only place that touches browser APIs (`web_sys`/`js_sys`).
//!
//! Pages and components go through these small, soft-failing wrappers so that the rest of the
//! client stays plain Rust that compiles and tests natively, and so that a web-view missing an
//! API degrades to "not available" instead of throwing.

pub mod boot;
pub mod bridge;
pub mod clock;
pub mod connection;
pub mod display;
pub mod document;
pub mod embed;
pub mod events;
pub mod files;
pub mod geolocation;
pub mod history;
pub mod image;
pub mod json;
pub mod language;
pub mod network;
pub mod outbox;
pub mod random;
pub mod resource_timing;
pub mod schedule;
pub mod service_worker;
pub mod speech;
pub mod storage;
pub mod stylesheet;
pub mod timer;
pub mod wake;
