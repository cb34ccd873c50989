//! What the water department did with a report — open or closed (icon and word, never colour
//! alone), overdue, filed and due times, its notes — shared by My reports and `/request/:id`.

use leptos::prelude::*;

use super::icon::icon;
use crate::i18n::{local_datetime, use_i18n, Key};
use crate::state::my_reports::ServiceRequest;

/// The status line (`data-testid="report-status"`, `data-status` = `open` | `closed`).
#[component]
pub fn ReportStatus(
    /// The report.
    request: ServiceRequest,
    /// Now, ms since the epoch (for "overdue").
    now: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = request.is_open();
    let overdue = request.overdue(now);
    view! {
        <p class="report-state" class:report-state-overdue=overdue data-testid="report-status" data-status=if open { "open" } else { "closed" }>
            {icon("icon", if open {
                r#"<circle cx="10" cy="10" r="7" fill="none" stroke-width="2"></circle>"#
            } else {
                r#"<path d="M4 10l4 4 8-8" fill="none" stroke-width="2.5"></path>"#
            })}
            {move || i18n.t(if open { Key::StatusOpenText } else { Key::StatusClosedText })}
            {overdue.then(|| view! { <strong class="overdue" data-testid="report-overdue">" · "{i18n.text(Key::OverdueText)}</strong> })}
        </p>
    }
}

/// Filed, due (while open), last update (when it differs from filing) and the department's notes.
#[component]
pub fn ReportTimes(
    /// The report.
    request: ServiceRequest,
    /// When it was filed, when the server did not say.
    filed_fallback: i64,
    /// When an answer is due, when the server did not say.
    due_fallback: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let filed = request.filed_ms().unwrap_or(filed_fallback);
    let due = request.due_ms().unwrap_or(due_fallback);
    // Same minute as filing would show the same time twice.
    let updated = request.updated_ms().filter(|u| *u - filed >= 60_000);
    let notes = request
        .status_notes
        .clone()
        .filter(|n| !n.trim().is_empty());
    let when = move |ms: i64| local_datetime(i18n.lang(), ms);
    view! {
        <dl class="meta">
            <dt>{i18n.text(Key::FiledLabel)}</dt>
            <dd>{move || when(filed)}</dd>
            {request.is_open().then(|| view! {
                <dt>{i18n.text(Key::DueLabel)}</dt>
                <dd data-testid="report-due" data-ms=due>{move || when(due)}</dd>
            })}
            {updated.map(|u| view! {
                <dt>{i18n.text(Key::UpdatedLabel)}</dt>
                <dd>{move || when(u)}</dd>
            })}
            {notes.map(|n| view! {
                <dt>{i18n.text(Key::NotesLabel)}</dt>
                <dd data-testid="report-notes">{n}</dd>
            })}
        </dl>
    }
}
