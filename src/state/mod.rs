//! Page state as plain types with methods: no signals, no browser, unit-tested natively.

pub mod district;
pub mod nearby;
