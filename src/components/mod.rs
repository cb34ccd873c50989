//! Reusable pieces of the pages, one concern per file.

pub mod advice_list;
pub mod class_badge;
pub mod icon;
pub mod lang_switch;
pub mod modes;
pub mod nearby_manual;
pub mod param_row;
pub mod read_aloud;
pub mod report_attributes;
pub mod report_category;
pub mod report_details;
pub mod report_emergency;
pub mod report_field_error;
pub mod report_follow;
pub mod report_outbox;
pub mod report_photos;
pub mod report_result;
pub mod report_review;
pub mod report_similar;
pub mod report_steps;
pub mod report_summary;
pub mod report_where;
pub mod station_card;
pub mod status_line;
pub mod trend_chart;
pub mod trend_table;
