//! Sending the outbox: a report is saved on the phone (`platform::outbox`) before any network
//! call, then sent right after saving, on app start, when the device comes online, when the
//! resident returns to the app, and on a backoff timer — until the server files it or refuses
//! it. The rules (due, claims, what a failure means) are in `state::outbox`.
//!
//! One [`Outbox`] per app, in context, so the report page and My reports see the same queue.
//!
//! The handle here is all the nearby view carries: its signals and a few thin methods. The
//! sender itself (IndexedDB, the upload, the retry loop) is in `work`, which the split release
//! build cuts into its own wasm chunk. That chunk is fetched only when something may be waiting
//! (the `qingshui.outbox.pending` marker, see `platform::outbox::maybe_waiting`) or when the
//! report page or My reports is opened — those two always look in IndexedDB, so a report saved
//! by a version without the marker is still found and sent there.

mod work;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::open311::Filed;
use crate::api::ApiError;
use crate::config::Config;
use crate::platform::outbox::{self as store, OutboxError, Stored};
use crate::platform::wake;
use crate::state::outbox::{Flushing, OutboxEntry, PhotoInfo};
use crate::state::report::Draft;

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

/// The sender's code could not be fetched (split build only: a chunk that failed to load, e.g.
/// offline before the service worker kept it). Nothing was changed; the next attempt loads again.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the outbox code did not load")]
pub struct Unloaded;

impl From<leptos::wasm_split::SplitLoaderError> for Unloaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Unloaded
    }
}

impl From<Unloaded> for ApiError {
    fn from(e: Unloaded) -> Self {
        ApiError::Network(e.to_string())
    }
}

/// The app's outbox: the queue as the pages show it, and the sender.
///
/// Two cells, not one per field: every type kept in Leptos' arena brings its own copy of the
/// signal code into the first download, where this handle is created (issue #6).
#[derive(Debug, Clone, Copy)]
pub struct Outbox {
    /// What the pages draw (tracked).
    shown: RwSignal<Queue>,
    /// The sender's own bookkeeping, never drawn.
    sender: StoredValue<Sender>,
}

/// The outbox as the pages show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    /// The queued reports, oldest first.
    pub entries: Vec<OutboxEntry>,
    /// The last outcome of each entry tried in this tab, in the order they ended.
    outcomes: Vec<(String, Outcome)>,
    /// Whether IndexedDB works here; without it reports are sent directly.
    pub available: bool,
}

impl Default for Queue {
    /// Empty, and IndexedDB assumed to work until a reading fails.
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            outcomes: Vec::new(),
            available: true,
        }
    }
}

impl Queue {
    /// The last outcome of the entry with `key` in this tab.
    pub fn outcome(&self, key: &str) -> Option<Outcome> {
        self.outcomes
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, o)| o.clone())
    }

    /// How many reports this tab has filed so far.
    pub fn filed_count(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Filed(_)))
            .count()
    }

    /// Records how an attempt at `key` ended, replacing its earlier outcome.
    pub fn record(&mut self, key: &str, outcome: Outcome) {
        self.outcomes.retain(|(k, _)| k != key);
        self.outcomes.push((key.to_string(), outcome));
    }
}

/// What the sender keeps between its runs.
#[derive(Debug)]
struct Sender {
    config: Config,
    flushing: Flushing,
    /// The timer armed for the earliest waiting entry.
    timer: Option<TimeoutHandle>,
    /// Whether this tab's sender has run (its chunk is loaded and the queue was read).
    started: bool,
}

impl Outbox {
    /// Creates the outbox, hooks it to the wake-up moments and sends what is due (app start) —
    /// where something may be waiting; otherwise the sender is not even loaded.
    pub fn start(config: Config) -> Self {
        let outbox = Self {
            shown: RwSignal::new(Queue::default()),
            sender: StoredValue::new(Sender {
                config,
                flushing: Flushing::default(),
                timer: None,
                started: false,
            }),
        };
        wake::on_wake(move || outbox.wake());
        outbox.wake();
        outbox
    }

    /// App start, online again, back in the app: send what is due if anything may be waiting.
    fn wake(self) {
        let known = self.shown.with_untracked(|q| !q.entries.is_empty());
        if known || store::maybe_waiting() {
            self.flush(true);
        }
    }

    /// For the pages that show the queue (report page, My reports): reads it, and on the first
    /// call in this tab also sends what is due — whatever the marker says, so reports saved
    /// before the marker existed are found too.
    pub fn open(self) {
        if self.sender.with_value(|s| s.started) {
            spawn_local(async move {
                let _ = work::refresh(self).await;
            });
        } else {
            self.flush(true);
        }
    }

    /// The queued reports, oldest first (tracked).
    pub fn entries(&self) -> Vec<OutboxEntry> {
        self.shown.with(|q| q.entries.clone())
    }

    /// Whether IndexedDB works here; without it reports are sent directly (tracked).
    pub fn available(&self) -> bool {
        self.shown.with(|q| q.available)
    }

    /// The last outcome of the entry with `key` in this tab (tracked).
    pub fn outcome(&self, key: &str) -> Option<Outcome> {
        self.shown.with(|q| q.outcome(key))
    }

    /// How many reports this tab has filed so far (tracked): My reports re-reads its list on a change.
    pub fn filed_count(&self) -> usize {
        self.shown.with(Queue::filed_count)
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
        let job = work::SaveJob {
            draft,
            locale: locale.to_string(),
            service_name: service_name.to_string(),
            photos: photos.to_vec(),
            replaces,
        };
        work::save(self, job)
            .await
            .unwrap_or_else(|e| Err(OutboxError::Unavailable(e.to_string())))
    }

    /// Removes an entry (the resident deleted it, or takes it back into the form).
    pub async fn discard(self, key: &str) {
        let _ = work::discard(self, key.to_string()).await;
    }

    /// One attempt at sending the entry `key`; `None` when another attempt (this tab or
    /// another) holds it, or it is gone or not waiting.
    pub async fn deliver(self, key: &str) -> Option<Outcome> {
        work::deliver(self, key.to_string())
            .await
            .unwrap_or_else(|e| Some(Outcome::Queued(e.into())))
    }

    /// Sends every due entry in the background; `woken` as in `OutboxEntry::is_due`.
    pub fn flush(self, woken: bool) {
        spawn_local(async move {
            // A chunk that did not load is tried again at the next wake-up.
            let _ = work::flush(self, woken).await;
        });
    }
}

/// One saved entry with its photos (an entry taken back into the form); `None` when it is gone
/// or the outbox cannot be read.
pub async fn stored(key: &str) -> Option<Stored> {
    work::stored(key.to_string()).await.ok().flatten()
}

/// Sends a report without saving it first, where IndexedDB is missing (some private modes and
/// old web-views): the form keeps it until this succeeds.
pub async fn send_unsaved(
    cfg: &Config,
    draft: &Draft,
    locale: &str,
    photos: &[web_sys::Blob],
) -> Outcome {
    let job = work::UnsavedJob {
        cfg: cfg.clone(),
        draft: draft.clone(),
        locale: locale.to_string(),
        photos: photos.to_vec(),
    };
    work::send_unsaved(job)
        .await
        .unwrap_or_else(|e| Outcome::Queued(e.into()))
}

/// The app's outbox (provided by the routes once the configuration is loaded).
pub fn use_outbox() -> Option<Outbox> {
    use_context::<Outbox>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_keeps_the_last_outcome_of_each_entry_and_counts_filed_ones() {
        let filed = |id: &str| {
            Outcome::Filed(Filed {
                service_request_id: id.into(),
                service_notice: None,
                token: None,
            })
        };
        let mut q = Queue::default();
        assert!(
            q.available,
            "IndexedDB is assumed to work until a reading fails"
        );
        q.record("a", Outcome::Queued(ApiError::Offline));
        q.record("b", filed("7"));
        q.record("a", filed("8"));
        assert_eq!(q.outcome("a"), Some(filed("8")));
        assert_eq!(q.outcome("c"), None);
        assert_eq!(q.filed_count(), 2);
    }
}
