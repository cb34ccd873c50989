//! The report page's one submit path: save the finished form in the outbox (before any network
//! call), send it at once, and turn the outcome into what the page shows. What the page does
//! after a report is filed is in [`on_filed`]; telling an embedding host happens in the outbox,
//! which every filed report passes through.

use leptos::prelude::*;

use super::{Notice, Phase};
use crate::api::open311::Filed;
use crate::api::ApiError;
use crate::components::report_photos::Photos;
use crate::config::Config;
use crate::i18n::Lang;
use crate::outbox::{send_unsaved, Outbox, Outcome};
use crate::platform::{document, storage};
use crate::state::outbox::PhotoInfo;
use crate::state::report::{Draft, Field, DRAFT_KEY};

/// The page's signals the send path reads and writes.
pub(super) struct Form {
    pub cfg: Config,
    pub lang: Lang,
    pub service_name: String,
    pub outbox: Option<Outbox>,
    pub draft: RwSignal<Draft>,
    pub photos: Photos,
    pub replaces: StoredValue<Option<String>>,
    pub tried: RwSignal<bool>,
    pub server_errors: RwSignal<Vec<(Field, String)>>,
    pub notice: RwSignal<Notice>,
    pub phase: RwSignal<Phase>,
}

/// Saves, sends and shows the outcome of the finished form.
pub(super) async fn send_report(f: Form) {
    let d = f.draft.get_untracked();
    let tag = f.lang.tag();
    let pairs: Vec<(web_sys::Blob, PhotoInfo)> = f
        .photos
        .with_untracked(|l| l.iter().map(|p| (p.blob.clone(), p.info)).collect());
    let saved = match f.outbox {
        Some(o) => o
            .save(
                d.clone(),
                tag,
                &f.service_name,
                &pairs,
                f.replaces.get_value(),
            )
            .await
            .ok()
            .map(|entry| (o, entry.key)),
        None => None,
    };
    let outcome = match &saved {
        Some((o, key)) => {
            // Safe on the phone now: a reload must not bring the same report back as a draft.
            storage::remove(DRAFT_KEY);
            // `None`: the background sender took it first; the page follows its outcome.
            o.deliver(key)
                .await
                .unwrap_or(Outcome::Queued(ApiError::Offline))
        }
        None => {
            let blobs: Vec<web_sys::Blob> = pairs.into_iter().map(|(b, _)| b).collect();
            send_unsaved(&f.cfg, &d, tag, &blobs).await
        }
    };
    match (outcome, saved) {
        (Outcome::Filed(filed), _) => on_filed(&f, filed),
        (Outcome::Queued(_), Some((_, key))) => {
            clear_form(&f);
            f.notice.try_set(Notice::Quiet);
            f.phase.try_set(Phase::Queued(key));
            request_animation_frame(|| document::focus_by_id("report-result-heading"));
        }
        (Outcome::Queued(e), None) => {
            f.notice.try_set(Notice::Failed(e));
            f.phase.try_set(Phase::Editing);
        }
        (Outcome::Rejected(e), saved) => {
            // The resident is here to fix it: the form holds it, not the outbox.
            if let Some((o, key)) = saved {
                o.discard(&key).await;
                storage::set(DRAFT_KEY, &d.to_json());
            }
            rejected(&f, e);
        }
    }
}

fn on_filed(f: &Form, filed: Filed) {
    clear_form(f);
    f.notice.try_set(Notice::Quiet);
    f.phase.try_set(Phase::Sent(filed));
    // The confirmation is rendered after this task yields: focus it on the next frame, so the
    // heading is read once and the keyboard starts there.
    request_animation_frame(|| document::focus_by_id("report-result-heading"));
}

/// Empties the form once the report is filed or safe in the outbox.
fn clear_form(f: &Form) {
    storage::remove(DRAFT_KEY);
    f.draft.try_set(Draft::default());
    f.photos.try_update(|list| {
        for p in list.drain(..) {
            p.release();
        }
    });
    f.replaces.try_set_value(None);
    f.tried.try_set(false);
}

/// A 4xx: nothing was filed, so the next attempt is a new report; the server's reasons are
/// put next to their fields.
fn rejected(f: &Form, e: ApiError) {
    f.draft.try_update(|d| d.idempotency_key.clear());
    if let ApiError::Http { message, .. } = &e {
        f.server_errors.try_set(server_marks(message));
    }
    f.notice.try_set(Notice::Failed(e));
    f.phase.try_set(Phase::Editing);
}

/// The fields an Open311 refusal (`field: why` per line) is about, with their lines.
pub(super) fn server_marks(message: &str) -> Vec<(Field, String)> {
    message
        .lines()
        .filter_map(|l| Field::from_server(l).map(|f| (f, l.to_string())))
        .collect()
}
