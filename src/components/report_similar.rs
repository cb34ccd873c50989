//! "Already reported nearby": once a category and a place with coordinates are chosen, the open
//! reports of that category within 200 m from the last week, each with a way to follow it
//! instead of filing the same problem again. A failed look-up shows nothing: it only helps,
//! it must never stand between the resident and sending.

use leptos::prelude::*;

use super::report_follow::FollowButton;
use crate::api::fetched::Fetched;
use crate::api::open311;
use crate::config::Config;
use crate::i18n::{local_datetime, report_format, use_i18n, Key};
use crate::platform::clock;
use crate::state::my_reports::safe_id;
use crate::state::report::Draft;
use crate::state::similar::Similar;
use qingshui_core::geo::LatLon;

/// The list (`data-testid="similar-reports"`, items `li[data-request-id]`), or nothing.
#[component]
pub fn SimilarReports(
    /// The form's draft.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let cfg = StoredValue::new(use_context::<Config>().unwrap_or_default());
    // Only a new category or a new place asks again, not every keystroke in the description.
    let wanted = Memo::new(move |_| {
        draft.with(|d| {
            let (lat, lon) = d.position()?;
            (!d.service_code.is_empty()).then(|| (d.service_code.clone(), lat, lon))
        })
    });
    let found = Fetched::new(move || {
        let (wanted, lang) = (wanted.get(), i18n.lang());
        async move {
            let (code, lat, lon) = wanted?;
            let at = LatLon::new(lat, lon);
            open311::similar(&cfg.get_value(), &code, at, clock::now_ms(), lang.tag())
                .await
                .ok()
        }
    });
    move || {
        let list = found.get().flatten().filter(|l| !l.is_empty())?;
        let items = list
            .into_iter()
            .map(|s| view! { <SimilarItem similar=s /> })
            .collect_view();
        Some(view! {
            <aside class="similar" data-testid="similar-reports" aria-labelledby="similar-heading">
                <h2 id="similar-heading">{i18n.text(Key::SimilarHeading)}</h2>
                <p class="field-hint">{i18n.text(Key::SimilarIntro)}</p>
                <ul class="similar-list">{items}</ul>
            </aside>
        })
    }
}

#[component]
fn SimilarItem(similar: Similar) -> impl IntoView {
    let i18n = use_i18n();
    let r = similar.request;
    let id = r.service_request_id.clone();
    let href = format!("/request/{}", safe_id(&id));
    let name = r.service_name.clone().unwrap_or(r.service_code.clone());
    let number = id.clone();
    let item_id = id.clone();
    let filed = r.filed_ms();
    let metres = similar.metres;
    let facts = move || {
        let lang = i18n.lang();
        let mut parts = Vec::new();
        if let Some(m) = metres {
            parts.push(report_format::metres_away(lang, m));
        }
        if let Some(t) = filed {
            parts.push(local_datetime(lang, t));
        }
        parts.join(" · ")
    };
    // A glimpse is enough to recognise the problem; the full text is one tap away.
    let glimpse = r
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut g: String = d.chars().take(120).collect();
            if d.chars().count() > 120 {
                g.push('…');
            }
            g
        });
    view! {
        <li class="similar-item" data-request-id=item_id>
            <p class="similar-title">
                <a href={crate::platform::document::app_href(&href)}>{name}" · "{move || report_format::report_number(i18n.lang(), &number)}</a>
            </p>
            <p class="field-hint">{facts}</p>
            {glimpse.map(|g| view! { <p class="similar-description">{g}</p> })}
            <FollowButton id=id service_code=r.service_code.clone() />
        </li>
    }
}
