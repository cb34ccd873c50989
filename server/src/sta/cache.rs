//! Rendered, compressed read answers kept per request, dropped as soon as the database changes.
//!
//! Residents' nearby requests carry a coarse point (a ~1 km cell), so everyone in one cell sends the same URL;
//! rendering and compressing it again for each of them cost ~3 ms of CPU, the whole of the server's work under
//! load. An answer is kept under (origin, path and query, coding) and served only while SQLite's
//! `PRAGMA data_version` — which changes on every commit by any connection, in this process or another (an
//! ingestion script writing the file directly) — still reads what it read before the answer was rendered.
//! So a new Observation shows in the very next answer: nothing is ever served from before a commit.
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use rusqlite::{Connection, OpenFlags};

use crate::encoding::Coding;

/// Answers larger than this are not kept (a `$top=1000` page is rendered fresh: rare, and memory matters more).
const MAX_ENTRY_BYTES: usize = 256 * 1024;
/// Bytes kept in all; past this the whole cache is dropped (simpler than LRU, and refilled within seconds).
const MAX_TOTAL_BYTES: usize = 16 * 1024 * 1024;
/// Entries kept in all, bounding the key memory of many tiny answers.
const MAX_ENTRIES: usize = 4096;

/// What an answer is kept under: the origin (answers hold absolute links), the path with its raw query, and
/// the content coding it was compressed with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// `http(s)://host` as the links in the answer spell it.
    pub origin: String,
    /// The request's path and raw query.
    pub target: String,
    /// The coding of `body`.
    pub coding: Coding,
}

/// A kept answer: the body as sent and its `Content-Encoding` (`None` = identity).
#[derive(Debug, Clone)]
pub struct Answer {
    /// The bytes as sent.
    pub body: Bytes,
    /// `br`, `gzip`, or none.
    pub encoding: Option<&'static str>,
}

/// The database state an answer was rendered from, as [`AnswerCache::version`] read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version(i64);

#[derive(Default)]
struct Entries {
    version: Option<Version>,
    map: HashMap<Key, Answer>,
    bytes: usize,
}

struct Inner {
    /// A connection of its own that only reads `PRAGMA data_version` (the value is per connection).
    watcher: Mutex<Connection>,
    entries: Mutex<Entries>,
    /// Answers being rendered now: later requests for the same key wait for that render instead of
    /// repeating it (after a commit, a crowd asking for one URL would otherwise render it once each).
    flights: Mutex<HashMap<Key, tokio::sync::watch::Receiver<()>>>,
}

/// What [`AnswerCache::join`] says: render the answer (holding the [`Flight`] until it is kept), or wait.
pub enum Turn {
    /// No one is rendering this key: render it; other requests wait until the flight is dropped.
    Render(Flight),
    /// Another request is rendering this key: await this, then look in the cache again.
    Wait(tokio::sync::watch::Receiver<()>),
    /// The cache is off: render.
    Alone,
}

/// A render in progress; dropping it (after [`AnswerCache::put`], or on an error or a cancelled request)
/// wakes the requests waiting for it.
pub struct Flight {
    inner: Arc<Inner>,
    key: Key,
    _done: tokio::sync::watch::Sender<()>,
}

impl Drop for Flight {
    fn drop(&mut self) {
        // Removed first, then the sender drops with `self`: a request arriving in between starts a render
        // of its own (after looking in the cache) rather than waiting for a flight that has ended.
        self.inner
            .flights
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

/// The cache of rendered read answers; cheap to clone (shared).
#[derive(Clone, Default)]
pub struct AnswerCache {
    inner: Option<Arc<Inner>>,
}

impl AnswerCache {
    /// A cache watching the database at `path`. When its watcher connection cannot be opened the cache stays
    /// off and every answer is rendered (correct, only slower).
    pub fn open(path: &Path) -> Self {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        match Connection::open_with_flags(path, flags) {
            Ok(watcher) => Self {
                inner: Some(Arc::new(Inner {
                    watcher: Mutex::new(watcher),
                    entries: Mutex::new(Entries::default()),
                    flights: Mutex::new(HashMap::new()),
                })),
            },
            Err(e) => {
                eprintln!("answer cache off: cannot open {}: {e}", path.display());
                Self::default()
            }
        }
    }

    /// The database's current version; `None` when the cache is off or the version cannot be read.
    /// Read it before rendering: an answer stored under it is dropped once any later commit lands.
    pub fn version(&self) -> Option<Version> {
        let inner = self.inner.as_ref()?;
        let conn = inner.watcher.lock().unwrap_or_else(|e| e.into_inner());
        conn.query_row("PRAGMA data_version", [], |r| r.get(0))
            .ok()
            .map(Version)
    }

    /// Whether this request renders `key` or waits for another request already rendering it.
    pub fn join(&self, key: &Key) -> Turn {
        let Some(inner) = self.inner.as_ref() else {
            return Turn::Alone;
        };
        let mut flights = inner.flights.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(rx) = flights.get(key) {
            return Turn::Wait(rx.clone());
        }
        let (tx, rx) = tokio::sync::watch::channel(());
        flights.insert(key.clone(), rx);
        Turn::Render(Flight {
            inner: Arc::clone(inner),
            key: key.clone(),
            _done: tx,
        })
    }

    /// The kept answer for `key`, if it was rendered from the database as it is now.
    pub fn get(&self, key: &Key) -> Option<Answer> {
        let inner = self.inner.as_ref()?;
        let now = self.version()?;
        let mut e = inner.entries.lock().unwrap_or_else(|e| e.into_inner());
        if e.version != Some(now) {
            // Something was committed since these answers were rendered: none of them may be served.
            e.map.clear();
            e.bytes = 0;
            e.version = Some(now);
            return None;
        }
        e.map.get(key).cloned()
    }

    /// Keeps `answer`, rendered from the database at `version`, unless a commit has been seen since.
    pub fn put(&self, version: Version, key: Key, answer: Answer) {
        let Some(inner) = self.inner.as_ref() else {
            return;
        };
        if answer.body.len() > MAX_ENTRY_BYTES {
            return;
        }
        let mut e = inner.entries.lock().unwrap_or_else(|e| e.into_inner());
        match e.version {
            Some(v) if v == version => {}
            // Rendered before a commit that a reader has already seen: it may be stale.
            Some(v) if version.0 < v.0 => return,
            // The first answer since start-up, or the first rendered after a commit: what is kept is older.
            _ => {
                e.map.clear();
                e.bytes = 0;
                e.version = Some(version);
            }
        }
        let size = entry_size(&key, &answer);
        if e.bytes + size > MAX_TOTAL_BYTES || e.map.len() >= MAX_ENTRIES {
            e.map.clear();
            e.bytes = 0;
        }
        e.bytes += size;
        if let Some(old) = e.map.insert(key.clone(), answer) {
            e.bytes -= entry_size(&key, &old);
        }
    }
}

/// What an entry costs in memory, roughly: its body and its key's text.
fn entry_size(key: &Key, answer: &Answer) -> usize {
    answer.body.len() + key.target.len() + key.origin.len()
}
