//! The outbox: reports saved on the phone before any network call, and the rules for sending
//! them — when to try again, what a failure means, and which tab may send. Plain data and pure
//! functions, tested natively; IndexedDB is in `platform/outbox.rs`, the sending loop in
//! `outbox.rs`.
//!
//! Exactly once: every entry keeps the `Idempotency-Key` it was saved with, so any number of
//! attempts (a lost answer, a reload, two tabs) gives one report on the server. The lock only
//! saves the resident's data plan from two tabs uploading the same photos at once.

use qingshui_core::json::Value;
use qingshui_core::sta::decode::{null_default, object, Bad, FromJson};
use serde::Serialize;

use super::report::Draft;
use crate::api::ApiError;
use crate::platform::json;

/// How many photos a report may carry (the server's limit).
pub const MAX_PHOTOS: usize = 3;

/// How long a claim on an entry lasts: longer than the slowest upload the sender allows, so a
/// tab closed mid-send frees its entries for the others after this long.
pub const LOCK_MS: i64 = 150_000;

/// The wait before automatic attempt `attempt + 1` after `attempt` failures: 5 s, 30 s, 2 min,
/// then every 10 min — quick while a blip is likely, gentle on a server that is struggling.
pub fn backoff_ms(attempts: u32) -> i64 {
    match attempts {
        0 => 0,
        1 => 5_000,
        2 => 30_000,
        3 => 120_000,
        _ => 600_000,
    }
}

/// Where an entry is, as the resident is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Sent automatically when possible.
    #[default]
    Waiting,
    /// The server refused it (4xx): only the resident can fix it; never retried by itself.
    Attention,
}

/// What the resident sees for an entry right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// "Waiting to send".
    Waiting,
    /// "Sending…" (some tab holds a live claim).
    Sending,
    /// "Needs your attention".
    Attention,
}

/// Size facts of one saved photo, for the list and the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PhotoInfo {
    /// Encoded bytes.
    pub bytes: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// One saved report (its photos are stored beside it as Blobs).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OutboxEntry {
    /// The `Idempotency-Key`; also the entry's key in IndexedDB.
    pub key: String,
    /// The form as the resident finished it.
    pub draft: Draft,
    /// Language of the server's notices (`zh-CN` or `en`).
    pub locale: String,
    /// The category's name in that language, to list the entry while offline.
    pub service_name: String,
    /// When it was saved (ms since the epoch).
    pub saved_ms: i64,
    /// The stored photos, in order.
    pub photos: Vec<PhotoInfo>,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Earliest time of the next automatic attempt.
    pub next_ms: i64,
    /// Whether the last failure was an answer from the server (5xx, 408, 429) rather than no
    /// connection: only then does an "online again" moment wait for the backoff.
    pub server_failed: bool,
    /// Waiting or needing attention.
    pub status: Status,
    /// The server's reasons when it refused the report (one per line, `field: why`).
    pub refusal: String,
    /// Who is sending it (a random id per attempt), and until when that claim holds.
    pub lock_owner: String,
    /// End of the claim (ms since the epoch); in the past = free.
    pub lock_until_ms: i64,
}

/// What a failed attempt means for the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Try again later; `server` = the server answered (so it may be overloaded).
    Retry {
        /// Whether the server answered.
        server: bool,
    },
    /// The server refused the report as it is; the message says why.
    Fix(String),
}

/// Sorts a failure: no connection, time-outs, 5xx, 408 and 429 are retried; any other 4xx is
/// for the resident to fix. An unreadable 2xx answer is retried too: the report may be filed,
/// and the same key then brings back the original answer.
pub fn classify(e: &ApiError) -> Verdict {
    match e {
        ApiError::Offline | ApiError::Network(_) | ApiError::Timeout => {
            Verdict::Retry { server: false }
        }
        ApiError::Http { status, .. } if *status == 408 || *status == 429 || *status >= 500 => {
            Verdict::Retry { server: true }
        }
        ApiError::Http { status, message } if (400..500).contains(status) => {
            Verdict::Fix(message.clone())
        }
        ApiError::Http { .. } | ApiError::Decode(_) => Verdict::Retry { server: true },
    }
}

impl OutboxEntry {
    /// A new entry for a finished draft, due at once.
    pub fn new(draft: Draft, locale: &str, photos: Vec<PhotoInfo>, now_ms: i64) -> Self {
        Self {
            key: draft.idempotency_key.clone(),
            draft,
            locale: locale.into(),
            saved_ms: now_ms,
            photos,
            next_ms: now_ms,
            ..Default::default()
        }
    }

    /// Whether some attempt other than `owner` holds a live claim.
    pub fn locked_by_other(&self, owner: &str, now_ms: i64) -> bool {
        self.lock_until_ms > now_ms && self.lock_owner != owner
    }

    /// Takes the claim for `owner` if nobody else holds one; returns whether it did.
    pub fn claim(&mut self, owner: &str, now_ms: i64) -> bool {
        if self.status != Status::Waiting || self.locked_by_other(owner, now_ms) {
            return false;
        }
        self.lock_owner = owner.into();
        self.lock_until_ms = now_ms + LOCK_MS;
        true
    }

    /// Records a failed attempt and frees the claim.
    pub fn failed(&mut self, verdict: &Verdict, now_ms: i64) {
        self.lock_owner.clear();
        self.lock_until_ms = 0;
        match verdict {
            Verdict::Retry { server } => {
                self.attempts = self.attempts.saturating_add(1);
                self.next_ms = now_ms + backoff_ms(self.attempts);
                self.server_failed = *server;
            }
            Verdict::Fix(why) => {
                self.status = Status::Attention;
                self.refusal = why.clone();
            }
        }
    }

    /// Whether to attempt it now. `woken` = the app just started, came online or became
    /// visible: a connection problem is then worth trying at once, a struggling server is not.
    pub fn is_due(&self, now_ms: i64, woken: bool) -> bool {
        self.status == Status::Waiting
            && self.lock_until_ms <= now_ms
            && (now_ms >= self.next_ms || (woken && !self.server_failed))
    }

    /// What the resident is shown.
    pub fn shown(&self, now_ms: i64) -> Shown {
        match self.status {
            Status::Attention => Shown::Attention,
            Status::Waiting if self.lock_until_ms > now_ms => Shown::Sending,
            Status::Waiting => Shown::Waiting,
        }
    }

    /// Total bytes of the photos.
    pub fn photo_bytes(&self) -> u64 {
        self.photos.iter().map(|p| u64::from(p.bytes)).sum()
    }

    /// The stored form of the entry (photos are stored apart).
    pub fn to_json(&self) -> String {
        crate::platform::json::write(self)
    }

    /// An entry from its stored form; `None` when unreadable.
    pub fn parse(text: &str) -> Option<Self> {
        json::read(text).ok()
    }
}

/// The earliest time an automatic attempt is due among `entries`, if any is waiting.
pub fn next_wake_ms(entries: &[OutboxEntry]) -> Option<i64> {
    entries
        .iter()
        .filter(|e| e.status == Status::Waiting)
        .map(|e| e.next_ms.max(e.lock_until_ms))
        .min()
}

/// The shortest wait of the retry timer, so a skewed clock can never spin the loop.
pub const MIN_TIMER_MS: i64 = 1_000;

/// The shortest wait of the retry timer while the phone is offline. The `online` event wakes the
/// outbox the moment the connection is back; the timer is only the fallback for a web-view that
/// never fires it. Re-reading the queue every second instead would redraw the pages showing it and
/// keep an old phone busy for the whole time it is offline.
pub const OFFLINE_TIMER_MS: i64 = 60_000;

/// How long the retry timer waits from `now_ms` for an attempt due at `at`.
pub fn timer_wait_ms(at: i64, now_ms: i64, online: bool) -> i64 {
    let floor = if online {
        MIN_TIMER_MS
    } else {
        OFFLINE_TIMER_MS
    };
    at.saturating_sub(now_ms).max(floor)
}

/// The background sender's runs: one at a time, and an ask that comes while one runs is not
/// lost — that run goes round once more when it ends (woken if any of those asks was a wake-up).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Flushing {
    running: bool,
    /// Asked for again while running: `Some(woken)`.
    again: Option<bool>,
}

impl Flushing {
    /// A run is asked for (`woken` as in [`OutboxEntry::is_due`]): `true` when it starts now,
    /// `false` when one is running already (and will go round again).
    pub fn begin(&mut self, woken: bool) -> bool {
        if self.running {
            self.again = Some(self.again.unwrap_or(false) || woken);
            false
        } else {
            self.running = true;
            true
        }
    }

    /// The run ended: `Some(woken)` when it goes round again (and is still running), `None`
    /// when it stops.
    pub fn end(&mut self) -> Option<bool> {
        let again = self.again.take();
        self.running = again.is_some();
        again
    }
}

// Stored entries are read by core's null-default rule (`qingshui_core::sta::decode`) rather than
// by serde's derived readers, whose error text brought the standard float printer into the
// outbox's code (issue #6); as before, a member of the wrong type makes the entry unreadable.

impl FromJson for Status {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        match v.as_str() {
            Some("waiting") => Ok(Status::Waiting),
            Some("attention") => Ok(Status::Attention),
            _ => Err(Bad("expected waiting or attention".into())),
        }
    }
}

impl FromJson for PhotoInfo {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "photo")?;
        Ok(PhotoInfo {
            bytes: null_default(m, "bytes")?,
            width: null_default(m, "width")?,
            height: null_default(m, "height")?,
        })
    }
}

impl FromJson for OutboxEntry {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "outbox entry")?;
        Ok(OutboxEntry {
            key: null_default(m, "key")?,
            draft: null_default(m, "draft")?,
            locale: null_default(m, "locale")?,
            service_name: null_default(m, "service_name")?,
            saved_ms: null_default(m, "saved_ms")?,
            photos: null_default(m, "photos")?,
            attempts: null_default(m, "attempts")?,
            next_ms: null_default(m, "next_ms")?,
            server_failed: null_default(m, "server_failed")?,
            status: null_default(m, "status")?,
            refusal: null_default(m, "refusal")?,
            lock_owner: null_default(m, "lock_owner")?,
            lock_until_ms: null_default(m, "lock_until_ms")?,
        })
    }
}

#[cfg(test)]
#[path = "outbox_tests.rs"]
mod tests;
