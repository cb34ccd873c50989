//! `/request/:id`: one report's public fields — status, the department's notes, category,
//! description, filed and due times, place and photo — for a report the resident filed, follows,
//! or found among the similar ones before filing.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::fetched::Fetched;
use crate::api::open311;
use crate::components::modes::use_modes;
use crate::components::report_follow::FollowButton;
use crate::components::report_summary::{ReportStatus, ReportTimes};
use crate::components::status_line::{Retry, StatusLine};
use crate::config::Config;
use crate::i18n::{report_format, use_i18n, Key};
use crate::platform::clock;
use crate::state::my_reports::{fallback_due_ms, ServiceRequest};

/// The request page.
#[component]
pub fn RequestPage(
    /// The report's id as the address has it.
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let cfg = StoredValue::new(use_context::<Config>().unwrap_or_default());
    let id = StoredValue::new(id);
    let data = Fetched::new(move || {
        let (cfg, lang, id) = (cfg.get_value(), i18n.lang(), id.get_value());
        async move { open311::request(&cfg, &id, lang.tag()).await }
    });
    let retry: Retry = Arc::new(move || data.refetch());
    let body = move || {
        match data.get() {
        None => view! {
            <h1>{move || report_format::report_number(i18n.lang(), &id.get_value())}</h1>
            <StatusLine message=Arc::new(move || i18n.t(Key::RequestLoading).to_string()) failed=Memo::new(|_| false) on_retry=retry.clone() />
        }
        .into_any(),
        Some(Err(_)) => view! {
            <h1>{move || report_format::report_number(i18n.lang(), &id.get_value())}</h1>
            <StatusLine message=Arc::new(move || i18n.t(Key::StatusServer).to_string()) failed=Memo::new(|_| true) on_retry=retry.clone() />
        }
        .into_any(),
        Some(Ok(None)) => view! {
            <h1>{move || report_format::report_number(i18n.lang(), &id.get_value())}</h1>
            <p class="status-text" role="status">{i18n.text(Key::ReportMissing)}</p>
        }
        .into_any(),
        Some(Ok(Some(r))) => {
            let hours = cfg.with_value(|c| c.response_hours);
            view! { <RequestView request=r response_hours=hours /> }.into_any()
        }
    }
    };
    view! {
        <section class="page request-page">
            {body}
            // Only once the report (or why not) is shown: drawn under "loading…", the link would be pushed down
            // the page when the answer came (layout shift).
            {move || data.with(Option::is_some).then(|| view! {
                <p><a href={crate::platform::document::app_href("/my-reports")} class="button button-secondary">{i18n.text(Key::SeeMyReports)}</a></p>
            })}
        </section>
    }
}

#[component]
fn RequestView(request: ServiceRequest, response_hours: f64) -> impl IntoView {
    let i18n = use_i18n();
    let r = request;
    let now = clock::now_ms();
    let number = r.service_request_id.clone();
    let name = r.service_name.clone().unwrap_or(r.service_code.clone());
    let filed = r.filed_ms().unwrap_or(now);
    let description = r.description.clone().filter(|d| !d.trim().is_empty());
    let place = {
        let mut parts = Vec::new();
        if let Some(p) = r.position() {
            parts.push(report_format::coordinates(p.lat, p.lon));
        }
        if let Some(a) = r.address.clone().filter(|a| !a.trim().is_empty()) {
            parts.push(a);
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    };
    let photo = r.photo().map(str::to_string);
    let modes = use_modes();
    view! {
        <h1 data-testid="request-title">{name.clone()}" · "{move || report_format::report_number(i18n.lang(), &number)}</h1>
        <ReportStatus request=r.clone() now=now />
        <dl class="meta">
            <dt>{i18n.text(Key::ReviewCategory)}</dt>
            <dd>{name}</dd>
            {description.map(|d| view! {
                <dt>{i18n.text(Key::ReviewDescription)}</dt>
                <dd class="review-description" data-testid="request-description">{d}</dd>
            })}
            {place.map(|p| view! {
                <dt>{i18n.text(Key::ReviewPlace)}</dt>
                <dd>{p}</dd>
            })}
        </dl>
        <ReportTimes request=r.clone() filed_fallback=filed due_fallback=fallback_due_ms(filed, response_hours) />
        {photo.map(|src| move || if modes.lite() {
            // Lite mode: the photo only when asked for, as a link.
            view! { <p><a href=src.clone() data-testid="request-photo-link">{i18n.text(Key::ShowPhoto)}</a></p> }.into_any()
        } else {
            view! { <img class="report-photo" src=src.clone() alt=i18n.text(Key::PhotoAlt) loading="lazy" decoding="async" /> }.into_any()
        })}
        {r.is_open().then(|| view! { <p><FollowButton id=r.service_request_id.clone() service_code=r.service_code.clone() /></p> })}
    }
}
