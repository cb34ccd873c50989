//! The confirmation after a report was filed: its number, the department's notice, and the
//! way to follow it up.

use leptos::prelude::*;

use crate::api::open311::Filed;
use crate::i18n::{report_format, use_i18n, Key};

/// The confirmation (`data-testid="report-result"`, contains the id).
#[component]
pub fn ReportResult(
    /// The server's answer.
    filed: Filed,
    /// Starts a new, empty report.
    on_new: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = filed.service_request_id.clone();
    let attr_id = id.clone();
    view! {
        <section class="report-result" data-testid="report-result" data-request-id=attr_id>
            <h2 id="report-result-heading" tabindex="-1">{i18n.text(Key::SentHeading)}</h2>
            <p class="report-number">{move || if id.is_empty() {
                i18n.t(Key::AwaitingNumber).to_string()
            } else {
                report_format::report_number(i18n.lang(), &id)
            }}</p>
            <p>{i18n.text(Key::SentThanks)}</p>
            {filed.service_notice.clone().filter(|n| !n.is_empty()).map(|n| view! { <p class="notice">{n}</p> })}
            <NextSteps on_new=on_new />
        </section>
    }
}

/// The confirmation when the report is saved on the phone but not sent yet
/// (`data-testid="report-queued"`, `data-key` = its `Idempotency-Key`).
#[component]
pub fn ReportQueued(
    /// The outbox key of the saved report.
    key: String,
    /// Starts a new, empty report.
    on_new: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="report-result report-queued" data-testid="report-queued" data-key=key>
            <h2 id="report-result-heading" tabindex="-1">{i18n.text(Key::QueuedHeading)}</h2>
            <p>{i18n.text(Key::QueuedBody)}</p>
            <NextSteps on_new=on_new />
        </section>
    }
}

/// What a resident can do once a report is filed or saved: follow it in My reports, or start
/// another (shared by both confirmations).
#[component]
fn NextSteps(on_new: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="actions">
            <a class="button button-primary" href={crate::platform::document::app_href("/my-reports")}>{i18n.text(Key::SeeMyReports)}</a>
            <button type="button" class="button button-secondary" on:click=move |_| on_new.run(())>
                {i18n.text(Key::NewReport)}
            </button>
        </p>
    }
}
