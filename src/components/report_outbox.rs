//! My reports' "not sent yet" list: every report saved on this phone that the server has not
//! filed, with where it is (waiting to send / sending / needs your attention). A refused one
//! says why and can be corrected in the form or deleted; nothing else needs the resident.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{local_datetime, report_format, use_i18n, Key};
use crate::outbox::Outbox;
use crate::platform::clock;
use crate::platform::document::app_href;
use crate::state::outbox::{OutboxEntry, Shown};

/// The list (`data-testid="outbox-list"`); nothing when the outbox is empty.
#[component]
pub fn OutboxList(
    /// The app's outbox.
    outbox: Outbox,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let entries = outbox.entries();
        if entries.is_empty() {
            return None;
        }
        let now = clock::now_ms();
        let items = entries
            .into_iter()
            .rev()
            .map(|e| view! { <OutboxItem entry=e now=now outbox=outbox /> })
            .collect_view();
        Some(view! {
            <section class="outbox" aria-labelledby="outbox-heading">
                <h2 id="outbox-heading">{i18n.text(Key::OutboxHeading)}</h2>
                <ol class="my-reports" data-testid="outbox-list">{items}</ol>
            </section>
        })
    }
}

#[component]
fn OutboxItem(entry: OutboxEntry, now: i64, outbox: Outbox) -> impl IntoView {
    let i18n = use_i18n();
    let shown = entry.shown(now);
    let (state, key) = match shown {
        Shown::Waiting => ("waiting", Key::OutboxWaiting),
        Shown::Sending => ("sending", Key::OutboxSending),
        Shown::Attention => ("attention", Key::OutboxAttention),
    };
    let name = if entry.service_name.is_empty() {
        entry.draft.service_code.clone()
    } else {
        entry.service_name.clone()
    };
    let saved_ms = entry.saved_ms;
    let description: String = entry.draft.description.trim().chars().take(140).collect();
    let photos = (entry.photos.len(), entry.photo_bytes());
    let attention = (shown == Shown::Attention).then(|| {
        let edit = app_href(&format!("/report?outbox={}", entry.key));
        let del = entry.key.clone();
        let refusal = entry.refusal.replace('\n', "; ");
        view! {
            <p class="outbox-refusal">{refusal}</p>
            <p class="actions">
                <a href=edit class="button button-primary" data-testid="outbox-edit">{i18n.text(Key::OutboxEdit)}</a>
                <button type="button" class="button button-secondary" data-testid="outbox-delete"
                    on:click=move |_| {
                        let key = del.clone();
                        spawn_local(async move { outbox.discard(&key).await });
                    }>
                    {i18n.text(Key::OutboxDelete)}
                </button>
            </p>
        }
    });
    view! {
        <li class="my-report outbox-item" class:outbox-attention=shown == Shown::Attention
            data-outbox-key=entry.key.clone() data-state=state>
            <h3>{name}</h3>
            <p class="report-state outbox-state" data-testid="outbox-state">
                <span class="outbox-dot" aria-hidden="true"></span>
                {move || i18n.t(key)}
            </p>
            <p class="field-hint">{move || local_datetime(i18n.lang(), saved_ms)}</p>
            {(!description.is_empty()).then(|| view! { <p class="outbox-description">{description}</p> })}
            {(photos.0 > 0).then(|| view! { <p class="field-hint">{move || report_format::photos_summary(i18n.lang(), photos.0, photos.1)}</p> })}
            {attention}
        </li>
    }
}
