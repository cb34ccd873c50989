//! Page state as plain types with methods: no signals, no browser, unit-tested natively.

pub mod district;
pub mod handover;
pub mod last_result;
pub mod modes;
pub mod my_reports;
pub mod nearby;
pub mod outbox;
pub mod report;
pub mod report_answers;
pub mod report_form;
mod report_read;
pub mod report_steps;
pub mod report_token;
pub mod route;
pub mod similar;
