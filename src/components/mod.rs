//! Reusable pieces of the pages, one concern per file.

pub mod advice_list;
pub mod class_badge;
pub mod lang_switch;
pub mod param_row;
pub mod station_card;
pub mod status_line;
pub mod trend_chart;
