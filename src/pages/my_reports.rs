//! `/my-reports`: the reports filed from this phone and what the water department did with
//! them — open or closed, its notes, when an answer is due, and whether that time has passed.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::fetched::Fetched;
use crate::api::open311;
use crate::components::modes::use_modes;
use crate::components::report_outbox::OutboxList;
use crate::components::report_summary::{ReportStatus, ReportTimes};
use crate::components::status_line::{Retry, StatusLine};
use crate::config::Config;
use crate::i18n::{report_format, use_i18n, Key};
use crate::outbox::use_outbox;
use crate::platform::{clock, storage};
use crate::state::my_reports::{
    fallback_due_ms, kept_json, parse_kept, safe_id, KeptReport, ServiceRequest, REPORTS_KEY,
};
use crate::state::report_token::{pending_tokens, resolve};

/// The "my reports" page.
#[component]
pub fn MyReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let cfg = StoredValue::new(use_context::<Config>().unwrap_or_default());
    let outbox = use_outbox();
    // The queue is read here whatever the app start found (reports saved by older versions too).
    if let Some(o) = outbox {
        o.open();
    }
    let kept = RwSignal::new(parse_kept(storage::get(REPORTS_KEY).as_deref()));
    // A queued report filed while the page is open moves from "not sent yet" to the list.
    Effect::new(move |prev: Option<usize>| {
        let filed = outbox.map_or(0, |o| o.filed_count());
        if prev.is_some_and(|p| p != filed) {
            kept.set(parse_kept(storage::get(REPORTS_KEY).as_deref()));
        }
        filed
    });
    let data = Fetched::new(move || {
        let (cfg, lang) = (cfg.get_value(), i18n.lang());
        let (mut ids, tokens) = kept.with(|k| {
            let ids: Vec<String> = k
                .iter()
                .filter(|r| !r.id.is_empty())
                .map(|r| r.id.clone())
                .collect();
            (ids, pending_tokens(k))
        });
        async move {
            if let Some(list) = resolve_tokens(&cfg, &tokens).await {
                ids = list
                    .iter()
                    .filter(|r| !r.id.is_empty())
                    .map(|r| r.id.clone())
                    .collect();
                kept.try_set(list);
            }
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            open311::requests(&cfg, &refs, lang.tag()).await
        }
    });
    let retry: Retry = Arc::new(move || data.refetch());
    let body = move || {
        if kept.with(Vec::is_empty) {
            if outbox.is_some_and(|o| !o.entries().is_empty()) {
                return ().into_any();
            }
            return view! { <p class="status-text" role="status">{i18n.text(Key::MyReportsEmpty)}</p> }.into_any();
        }
        match data.get() {
            None => view! {
                <StatusLine message=Arc::new(move || i18n.t(Key::MyReportsLoading).to_string()) failed=Memo::new(|_| false) on_retry=retry.clone() />
            }
            .into_any(),
            Some(Err(_)) => view! {
                <StatusLine message=Arc::new(move || i18n.t(Key::StatusServer).to_string()) failed=Memo::new(|_| true) on_retry=retry.clone() />
            }
            .into_any(),
            Some(Ok(found)) => {
                let now = clock::now_ms();
                let response_hours = cfg.with_value(|c| c.response_hours);
                let items = kept
                    .get()
                    .into_iter()
                    .map(|k| {
                        let request = found.iter().find(|r| r.service_request_id == k.id).cloned();
                        view! { <ReportItem kept=k request=request now=now response_hours=response_hours /> }
                    })
                    .collect_view();
                view! { <ol class="my-reports" data-testid="my-reports-list">{items}</ol> }.into_any()
            }
        }
    };
    view! {
        <section class="page my-reports-page">
            <h1>{i18n.text(Key::MyReportsHeading)}</h1>
            <p class="why">{i18n.text(Key::MyReportsIntro)}</p>
            {outbox.map(|o| view! { <OutboxList outbox=o /> })}
            {body}
            <p><a href={crate::platform::document::app_href("/report")} class="button button-secondary">{i18n.text(Key::ReportLink)}</a></p>
        </section>
    }
}

/// Asks the server for the id of each report kept with a token only; the stored list, when
/// one got its id. Read again from storage so a report filed meanwhile is not lost; a token
/// the server cannot answer for now just stays waiting until the next visit.
async fn resolve_tokens(cfg: &Config, tokens: &[String]) -> Option<Vec<KeptReport>> {
    let mut answers = Vec::new();
    for token in tokens {
        if let Ok(answer) = open311::token(cfg, token).await {
            answers.push((token, answer));
        }
    }
    let mut list = parse_kept(storage::get(REPORTS_KEY).as_deref());
    let mut changed = false;
    for (token, answer) in answers {
        changed |= resolve(&mut list, token, &answer);
    }
    changed.then(|| {
        storage::set(REPORTS_KEY, &kept_json(&list));
        list
    })
}

#[component]
fn ReportItem(
    kept: KeptReport,
    request: Option<ServiceRequest>,
    now: i64,
    response_hours: f64,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = kept.id.clone();
    let title_id = id.clone();
    let href = format!("/request/{}", safe_id(&id));
    let followed = kept
        .followed
        .then(|| view! { <p class="field-hint">{i18n.text(Key::FollowedMark)}</p> });
    if let Some(token) = kept.pending() {
        return view! {
            <li class="my-report my-report-pending" data-token=token.to_string()>
                <h2>{i18n.text(Key::AwaitingNumber)}</h2>
                {followed}
            </li>
        }
        .into_any();
    }
    let Some(r) = request else {
        return view! {
            <li class="my-report" data-request-id=id>
                <h2>{move || report_format::report_number(i18n.lang(), &title_id)}</h2>
                <p class="status-text" data-testid="report-status">{i18n.text(Key::ReportMissing)}</p>
            </li>
        }
        .into_any();
    };
    let overdue = r.overdue(now);
    let filed = r.filed_ms().unwrap_or(kept.filed_ms);
    let due_fallback = fallback_due_ms(filed, response_hours);
    let name = r.service_name.clone().unwrap_or(r.service_code.clone());
    // Lite mode shows no thumbnails: each is a download the resident did not ask for.
    let modes = use_modes();
    let thumb = r.photo().map(str::to_string).map(|src| {
        move || {
            (!modes.lite()).then(|| {
                view! {
                    <img class="my-report-thumb" src=src.clone() alt=i18n.text(Key::PhotoAlt)
                        width="64" height="64" loading="lazy" decoding="async" />
                }
            })
        }
    });
    view! {
        <li class="my-report" class:my-report-overdue=overdue data-request-id=id>
            {thumb}
            <h2><a href={crate::platform::document::app_href(&href)}>{name}" · "{move || report_format::report_number(i18n.lang(), &title_id)}</a></h2>
            {followed}
            <ReportStatus request=r.clone() now=now />
            <ReportTimes request=r filed_fallback=kept.filed_ms due_fallback=due_fallback />
        </li>
    }
    .into_any()
}
