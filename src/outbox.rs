//! Sending the outbox: a report is saved on the phone (`platform::outbox`) before any network
//! call, then sent right after saving, on app start, when the device comes online, when the
//! resident returns to the app, and on a backoff timer — until the server files it or refuses
//! it. The rules (due, claims, what a failure means) are in `state::outbox`.
//!
//! One [`Outbox`] per app, in context, so the report page and My reports see the same queue.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::open311::{self, Filed};
use crate::api::ApiError;
use crate::config::Config;
use crate::platform::outbox::{self as store, OutboxError};
use crate::platform::{clock, network, random, storage, wake};
use crate::state::my_reports::{add_kept, kept_json, parse_kept, KeptReport, REPORTS_KEY};
use crate::state::outbox::{classify, next_wake_ms, OutboxEntry, PhotoInfo, Verdict};
use crate::state::report::Draft;
use crate::state::report_form::uuid_v4;

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Filed: removed from the outbox and kept in My reports.
    Filed(Filed),
    /// Not sent (no connection, server trouble); stays waiting and is retried by itself.
    Queued(ApiError),
    /// Refused by the server (4xx); stays, marked "needs your attention".
    Rejected(ApiError),
}

/// The app's outbox: the queue as the pages show it, and the sender.
#[derive(Debug, Clone, Copy)]
pub struct Outbox {
    config: StoredValue<Config>,
    entries: RwSignal<Vec<OutboxEntry>>,
    outcomes: RwSignal<Vec<(String, Outcome)>>,
    available: RwSignal<bool>,
    // (a flush is running, another was asked for meanwhile, that one was a wake-up)
    flushing: StoredValue<(bool, bool, bool)>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl Outbox {
    /// Creates the outbox, hooks it to the wake-up moments and sends what is due (app start).
    pub fn start(config: Config) -> Self {
        let outbox = Self {
            config: StoredValue::new(config),
            entries: RwSignal::new(Vec::new()),
            outcomes: RwSignal::new(Vec::new()),
            available: RwSignal::new(true),
            flushing: StoredValue::new((false, false, false)),
            timer: StoredValue::new(None),
        };
        wake::on_wake(move || outbox.flush(true));
        outbox.flush(true);
        outbox
    }

    /// The queued reports, oldest first (tracked).
    pub fn entries(&self) -> Vec<OutboxEntry> {
        self.entries.get()
    }

    /// Whether IndexedDB works here; without it reports are sent directly (tracked).
    pub fn available(&self) -> bool {
        self.available.get()
    }

    /// The last outcome of the entry with `key` in this tab (tracked).
    pub fn outcome(&self, key: &str) -> Option<Outcome> {
        self.outcomes.with(|list| {
            list.iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, o)| o.clone())
        })
    }

    /// How many reports this tab has filed so far (tracked): My reports re-reads its list on a change.
    pub fn filed_count(&self) -> usize {
        self.outcomes.with(|list| {
            list.iter()
                .filter(|(_, o)| matches!(o, Outcome::Filed(_)))
                .count()
        })
    }

    /// Saves a finished draft (which must carry its `Idempotency-Key`) with its photos; an entry
    /// being edited (`replaces`) is removed once the new one is safe.
    pub async fn save(
        self,
        draft: Draft,
        locale: &str,
        service_name: &str,
        photos: &[(web_sys::Blob, PhotoInfo)],
        replaces: Option<String>,
    ) -> Result<OutboxEntry, OutboxError> {
        let info = photos.iter().map(|(_, i)| *i).collect();
        let blobs: Vec<web_sys::Blob> = photos.iter().map(|(b, _)| b.clone()).collect();
        let mut entry = OutboxEntry::new(draft, locale, info, clock::now_ms());
        entry.service_name = service_name.to_string();
        let saved = store::put(&entry, &blobs).await;
        self.available.set(saved.is_ok());
        saved?;
        if let Some(old) = replaces.filter(|k| *k != entry.key) {
            let _ = store::delete(&old).await;
        }
        self.refresh().await;
        Ok(entry)
    }

    /// Removes an entry (the resident deleted it, or takes it back into the form).
    pub async fn discard(self, key: &str) {
        let _ = store::delete(key).await;
        self.refresh().await;
    }

    /// One attempt at sending the entry `key`; `None` when another attempt (this tab or
    /// another) holds it, or it is gone or not waiting.
    pub async fn deliver(self, key: &str) -> Option<Outcome> {
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
        self.refresh().await;
        let entry = &stored.entry;
        let cfg = self.config.get_value();
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
        self.outcomes.update(|list| {
            list.retain(|(k, _)| k != key);
            list.push((key.to_string(), outcome.clone()));
        });
        self.refresh().await;
        self.schedule();
        Some(outcome)
    }

    /// Sends every due entry in the background; `woken` as in `OutboxEntry::is_due`.
    pub fn flush(self, woken: bool) {
        let busy = self.flushing.try_update_value(|f| {
            if f.0 {
                f.1 = true;
                f.2 |= woken;
                true
            } else {
                f.0 = true;
                false
            }
        });
        if busy != Some(false) {
            return;
        }
        spawn_local(async move {
            let mut woken = woken;
            loop {
                if !network::is_online() {
                    // The `online` event wakes the outbox again.
                } else if let Ok(list) = store::all().await {
                    for s in list {
                        if s.entry.is_due(clock::now_ms(), woken) {
                            let _ = self.deliver(&s.entry.key).await;
                        }
                    }
                }
                let again = self.flushing.try_update_value(|f| {
                    let again = f.1.then_some(f.2);
                    *f = (again.is_some(), false, false);
                    again
                });
                match again.flatten() {
                    Some(w) => woken = w,
                    None => break,
                }
            }
            self.refresh().await;
            self.schedule();
        });
    }

    /// Re-reads the queue for the pages.
    pub async fn refresh(self) {
        match store::all().await {
            Ok(list) => {
                self.available.try_set(true);
                self.entries
                    .try_set(list.into_iter().map(|s| s.entry).collect());
            }
            Err(_) => {
                self.available.try_set(false);
            }
        }
    }

    /// Arms one timer for the earliest waiting entry.
    fn schedule(self) {
        if let Some(Some(old)) = self.timer.try_update_value(Option::take) {
            old.clear();
        }
        let Some(at) = self.entries.with_untracked(|e| next_wake_ms(e)) else {
            return;
        };
        // At least a second, so a clock skew can never spin the loop.
        let wait = (at - clock::now_ms()).max(1_000) as u64;
        if let Ok(handle) =
            set_timeout_with_handle(move || self.flush(false), Duration::from_millis(wait))
        {
            self.timer.try_set_value(Some(handle));
        }
    }
}

/// Sends a report without saving it first, where IndexedDB is missing (some private modes and
/// old web-views): the form keeps it until this succeeds.
pub async fn send_unsaved(
    cfg: &Config,
    draft: &Draft,
    locale: &str,
    photos: &[web_sys::Blob],
) -> Outcome {
    match open311::submit(cfg, draft, locale, photos).await {
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

/// The app's outbox (provided by the routes once the configuration is loaded).
pub fn use_outbox() -> Option<Outbox> {
    use_context::<Outbox>()
}
