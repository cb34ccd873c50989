//! The sender behind [`Outbox`]: IndexedDB, the upload and the retry loop. Every `split_fn!`
//! function here is an entry into one lazily loaded wasm chunk (`qingshui_outbox`, see
//! `crate::split`): a chunk that did not load is an `Err(Unloaded)`, and the next call tries again.

use std::time::Duration;

use leptos::prelude::*;

use super::{Outbox, Outcome, Unloaded};
use crate::api::open311::{self, Filed};
use crate::api::ApiError;
use crate::config::Config;
use crate::platform::outbox::{self as store, OutboxError, Stored};
use crate::platform::{clock, network, random, storage};
use crate::split::split_fn;
use crate::state::my_reports::{add_kept, kept_json, parse_kept, KeptReport, REPORTS_KEY};
use crate::state::outbox::{
    classify, next_wake_ms, timer_wait_ms, OutboxEntry, PhotoInfo, Status, Verdict,
};
use crate::state::report::Draft;
use crate::state::report_form::uuid_v4;

/// A finished draft to save (see [`Outbox::save`]).
pub(super) struct SaveJob {
    pub draft: Draft,
    pub locale: String,
    pub service_name: String,
    pub photos: Vec<(web_sys::Blob, PhotoInfo)>,
    pub replaces: Option<String>,
}

/// A report to send without saving it (see [`super::send_unsaved`]).
pub(super) struct UnsavedJob {
    pub cfg: Config,
    pub draft: Draft,
    pub locale: String,
    pub photos: Vec<web_sys::Blob>,
}

split_fn! { qingshui_outbox, Unloaded;
    /// Sends every due entry; `woken` as in `OutboxEntry::is_due`.
    pub(super) fn flush(outbox: Outbox, woken: bool) -> () {
        flush_loop(outbox, woken).await
    }
}

split_fn! { qingshui_outbox, Unloaded;
    /// Re-reads the queue for the pages.
    pub(super) fn refresh(outbox: Outbox) -> () {
        read(outbox).await
    }
}

split_fn! { qingshui_outbox, Unloaded;
    /// Saves a finished draft with its photos.
    pub(super) fn save(outbox: Outbox, job: SaveJob) -> Result<OutboxEntry, OutboxError> {
        save_entry(outbox, job).await
    }
}

split_fn! { qingshui_outbox, Unloaded;
    /// Removes an entry.
    pub(super) fn discard(outbox: Outbox, key: String) -> () {
        let _ = store::delete(&key).await;
        read(outbox).await
    }
}

split_fn! { qingshui_outbox, Unloaded;
    /// One attempt at sending the entry `key`.
    pub(super) fn deliver(outbox: Outbox, key: String) -> Option<Outcome> {
        attempt(outbox, &key).await
    }
}

split_fn! { qingshui_outbox, Unloaded;
    /// One stored entry with its photos.
    pub(super) fn stored(key: String) -> Option<Stored> {
        store::get(&key).await.ok().flatten()
    }
}

split_fn! { qingshui_outbox, Unloaded;
    /// Sends a report without saving it first.
    pub(super) fn send_unsaved(job: UnsavedJob) -> Outcome {
        let UnsavedJob { cfg, draft, locale, photos } = job;
        match open311::submit(&cfg, &draft, &locale, &photos).await {
            Ok(filed) => {
                keep(&filed, &draft.service_code);
                Outcome::Filed(filed)
            }
            Err(e) => match classify(&e) {
                Verdict::Retry { .. } => Outcome::Queued(e),
                Verdict::Fix(_) => Outcome::Rejected(e),
            },
        }
    }
}

async fn save_entry(outbox: Outbox, job: SaveJob) -> Result<OutboxEntry, OutboxError> {
    let info = job.photos.iter().map(|(_, i)| *i).collect();
    let blobs: Vec<web_sys::Blob> = job.photos.into_iter().map(|(b, _)| b).collect();
    let mut entry = OutboxEntry::new(job.draft, &job.locale, info, clock::now_ms());
    entry.service_name = job.service_name;
    let saved = store::put(&entry, &blobs).await;
    outbox.shown.update(|q| q.available = saved.is_ok());
    saved?;
    if let Some(old) = job.replaces.filter(|k| *k != entry.key) {
        let _ = store::delete(&old).await;
    }
    read(outbox).await;
    Ok(entry)
}

async fn attempt(outbox: Outbox, key: &str) -> Option<Outcome> {
    // Offline, an attempt can only fail: leave the entry untouched rather than claim it,
    // so a page closed meanwhile leaves no claim behind showing "sending" for minutes.
    if !network::is_online() {
        return Some(Outcome::Queued(ApiError::Offline));
    }
    let owner = uuid_v4(random::bytes16());
    let now = clock::now_ms();
    let stored = store::update(key, |e| e.claim(&owner, now))
        .await
        .ok()
        .flatten()?;
    read(outbox).await;
    let entry = &stored.entry;
    let cfg = outbox.sender.with_value(|s| s.config.clone());
    let sent = open311::submit(&cfg, &entry.draft, &entry.locale, &stored.photos).await;
    let outcome = match sent {
        Ok(filed) => {
            keep(&filed, &entry.draft.service_code);
            // Should this fail, the entry is sent again later and the key brings back
            // this same answer: still one report.
            let _ = store::delete(key).await;
            Outcome::Filed(filed)
        }
        Err(e) => {
            let verdict = classify(&e);
            let _ = store::update(key, |en| {
                // A claim that lapsed and was taken over is no longer ours to release.
                if en.lock_owner != owner {
                    return false;
                }
                en.failed(&verdict, clock::now_ms());
                true
            })
            .await;
            match verdict {
                Verdict::Retry { .. } => Outcome::Queued(e),
                Verdict::Fix(_) => Outcome::Rejected(e),
            }
        }
    };
    outbox.shown.update(|q| q.record(key, outcome.clone()));
    read(outbox).await;
    schedule(outbox);
    Some(outcome)
}

async fn flush_loop(outbox: Outbox, woken: bool) {
    let start = outbox.sender.try_update_value(|s| {
        s.started = true;
        s.flushing.begin(woken)
    });
    if start != Some(true) {
        return;
    }
    let mut woken = woken;
    loop {
        // Read even offline: the pages that opened the outbox show the queue at once.
        let due: Vec<String> = match store::all().await {
            Ok(list) => {
                let now = clock::now_ms();
                let due = list
                    .iter()
                    .filter(|s| s.entry.is_due(now, woken))
                    .map(|s| s.entry.key.clone())
                    .collect();
                shown(outbox, Ok(list));
                due
            }
            Err(e) => {
                shown(outbox, Err(e));
                Vec::new()
            }
        };
        // Offline, the `online` event wakes the outbox again.
        if network::is_online() {
            for key in due {
                let _ = attempt(outbox, &key).await;
            }
        }
        let again = outbox.sender.try_update_value(|s| s.flushing.end());
        match again.flatten() {
            Some(w) => woken = w,
            None => break,
        }
    }
    read(outbox).await;
    schedule(outbox);
}

/// Re-reads the queue for the pages.
async fn read(outbox: Outbox) {
    let list = store::all().await;
    shown(outbox, list);
}

/// Shows a reading of the queue and keeps the "maybe waiting" marker in line with it.
fn shown(outbox: Outbox, list: Result<Vec<Stored>, OutboxError>) {
    match list {
        Ok(list) => {
            // No await between the read and this: a tab saving meanwhile sets the marker again
            // once its write is done (see `platform::outbox::put`), so it is never lost.
            let waiting = list.iter().any(|s| s.entry.status == Status::Waiting);
            store::set_maybe_waiting(waiting);
            outbox.shown.try_update(|q| {
                q.available = true;
                q.entries = list.into_iter().map(|s| s.entry).collect();
            });
        }
        Err(_) => {
            outbox.shown.try_update(|q| q.available = false);
        }
    }
}

/// Arms one timer for the earliest waiting entry.
fn schedule(outbox: Outbox) {
    if let Some(Some(old)) = outbox.sender.try_update_value(|s| s.timer.take()) {
        old.clear();
    }
    let Some(at) = outbox.shown.with_untracked(|q| next_wake_ms(&q.entries)) else {
        return;
    };
    let wait = timer_wait_ms(at, clock::now_ms(), network::is_online()) as u64;
    if let Ok(handle) =
        set_timeout_with_handle(move || outbox.flush(false), Duration::from_millis(wait))
    {
        outbox.sender.try_update_value(|s| s.timer = Some(handle));
    }
}

/// Adds a filed report to My reports (`qingshui.reports`) and tells a mini-program host about it.
///
/// Every filed report passes here, whether the form sent it or the background sender did later
/// from another page, so the host hears of each one exactly once (the bridge skips repeats).
fn keep(filed: &Filed, service_code: &str) {
    if !filed.service_request_id.is_empty() {
        crate::platform::bridge::report_submitted(
            crate::platform::embed::current(),
            &filed.service_request_id,
            service_code,
        );
    }
    let mut kept = parse_kept(storage::get(REPORTS_KEY).as_deref());
    add_kept(
        &mut kept,
        KeptReport {
            id: filed.service_request_id.clone(),
            service_code: service_code.to_string(),
            filed_ms: clock::now_ms(),
            followed: false,
            token: filed.pending_token().map(str::to_string),
        },
    );
    storage::set(REPORTS_KEY, &kept_json(&kept));
}
