//! The outbox on the phone: IndexedDB database `qingshui`, store `outbox`, one record per saved
//! report, `{ key, meta, photos }` — `meta` the JSON of [`OutboxEntry`], `photos` the shrunk
//! JPEGs as Blobs. IndexedDB rather than localStorage because photos are binary and a few
//! hundred KiB each (localStorage holds ~5 MB of strings), and because it survives a closed tab
//! and a reload just the same.
//!
//! Changes to one entry go through [`update`], a single read-write transaction: IndexedDB runs
//! overlapping read-write transactions one after another, across tabs too, so two tabs can never
//! both take the same claim.
//!
//! Beside the database, `localStorage["qingshui.outbox.pending"]` says "a report may be waiting"
//! ([`maybe_waiting`]), so an app start can tell without loading the sender or opening IndexedDB.
//! It is set before and after every write of a new entry, and removed only when a reading of the
//! store finds no waiting entry (`set_maybe_waiting`). Reports saved by a version without the
//! marker are found when the report page or My reports opens the outbox, which reads the store
//! whatever the marker says (and sets the marker if they are still waiting).

use std::cell::RefCell;

use idb::{Database, DatabaseEvent, Factory, KeyPath, ObjectStoreParams, TransactionMode};
use qingshui_core::rank::sort_by_rank;
use wasm_bindgen::{JsCast, JsValue};

use crate::platform::storage;
use crate::state::outbox::OutboxEntry;

const DB_NAME: &str = "qingshui";
const DB_VERSION: u32 = 1;
const STORE: &str = "outbox";
/// The `localStorage` key of the "a report may be waiting" marker.
pub const PENDING_KEY: &str = "qingshui.outbox.pending";

/// Why the outbox could not be used.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// No IndexedDB (some private modes and old web-views) or it refused to open.
    #[error("no IndexedDB: {0}")]
    Unavailable(String),
    /// A read or write failed (e.g. the storage quota is full).
    #[error("IndexedDB: {0}")]
    Failed(String),
}

impl From<idb::Error> for OutboxError {
    fn from(e: idb::Error) -> Self {
        OutboxError::Failed(e.to_string())
    }
}

/// An entry with its photos.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The report and its sending state.
    pub entry: OutboxEntry,
    /// The photos, in order.
    pub photos: Vec<web_sys::Blob>,
}

thread_local! {
    // One connection per page: opening costs a few ms and an upgrade check each time.
    static DB: RefCell<Option<web_sys::IdbDatabase>> = const { RefCell::new(None) };
}

async fn db() -> Result<Database, OutboxError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db.into());
    }
    let unavailable = |e: idb::Error| OutboxError::Unavailable(e.to_string());
    let factory = Factory::new().map_err(unavailable)?;
    let mut request = factory
        .open(DB_NAME, Some(DB_VERSION))
        .map_err(unavailable)?;
    request.on_upgrade_needed(|event| {
        if let Ok(db) = event.database() {
            if !db.store_names().iter().any(|s| s == STORE) {
                let mut params = ObjectStoreParams::new();
                params.key_path(Some(KeyPath::new_single("key")));
                let _ = db.create_object_store(STORE, params);
            }
        }
    });
    let db = request.await.map_err(unavailable)?;
    let raw: web_sys::IdbDatabase = db.into();
    DB.with(|d| *d.borrow_mut() = Some(raw.clone()));
    Ok(raw.into())
}

fn record(entry: &OutboxEntry, photos: &JsValue) -> JsValue {
    let obj = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&obj, &"key".into(), &entry.key.as_str().into());
    let _ = js_sys::Reflect::set(&obj, &"meta".into(), &entry.to_json().into());
    let _ = js_sys::Reflect::set(&obj, &"photos".into(), photos);
    obj.into()
}

fn parse(value: &JsValue) -> Option<Stored> {
    let meta = js_sys::Reflect::get(value, &"meta".into())
        .ok()?
        .as_string()?;
    let entry = OutboxEntry::parse(&meta)?;
    let photos = js_sys::Reflect::get(value, &"photos".into())
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Array>().ok())
        .map(|a| a.iter().filter_map(|b| b.dyn_into().ok()).collect())
        .unwrap_or_default();
    Some(Stored { entry, photos })
}

/// Whether a report may be waiting in the outbox: the marker is set, or `localStorage` cannot be
/// read (then nobody can tell, and the sender must look).
pub fn maybe_waiting() -> bool {
    storage::may_hold(PENDING_KEY)
}

/// Sets or removes the marker after a reading of the whole store (`waiting`: it holds an entry
/// that is sent by itself). Failures are ignored: an unreadable marker counts as set.
pub fn set_maybe_waiting(waiting: bool) {
    if waiting {
        storage::set(PENDING_KEY, "1");
    } else {
        storage::remove(PENDING_KEY);
    }
}

/// Saves a new entry with its photos (replacing one with the same key).
pub async fn put(entry: &OutboxEntry, photos: &[web_sys::Blob]) -> Result<(), OutboxError> {
    // Before the write: an app closed right after it still knows to look at its next start.
    set_maybe_waiting(true);
    let db = db().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadWrite)?;
    let store = tx.object_store(STORE)?;
    let list: js_sys::Array = photos.iter().collect();
    store.put(&record(entry, &list.into()), None)?.await?;
    tx.await?;
    // And after: another tab that read the store as empty just before this write may have
    // removed the marker in between.
    set_maybe_waiting(true);
    Ok(())
}

/// Every entry with its photos, oldest first.
pub async fn all() -> Result<Vec<Stored>, OutboxError> {
    let db = db().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadOnly)?;
    let store = tx.object_store(STORE)?;
    let values = store.get_all(None, None)?.await?;
    let mut list: Vec<Stored> = values.iter().filter_map(parse).collect();
    sort_by_rank(&mut list, |s| s.entry.saved_ms as f64);
    Ok(list)
}

/// One entry with its photos.
pub async fn get(key: &str) -> Result<Option<Stored>, OutboxError> {
    let db = db().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadOnly)?;
    let store = tx.object_store(STORE)?;
    let value = store.get(JsValue::from_str(key))?.await?;
    Ok(value.as_ref().and_then(parse))
}

/// Changes one entry atomically: `change` sees the stored entry and returns whether to write it
/// back. Returns the entry (as changed) with its photos, or `None` when it is gone or `change`
/// declined.
pub async fn update(
    key: &str,
    change: impl FnOnce(&mut OutboxEntry) -> bool,
) -> Result<Option<Stored>, OutboxError> {
    let db = db().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadWrite)?;
    let store = tx.object_store(STORE)?;
    let Some(value) = store.get(JsValue::from_str(key))?.await? else {
        return Ok(None);
    };
    let Some(mut stored) = parse(&value) else {
        return Ok(None);
    };
    if !change(&mut stored.entry) {
        return Ok(None);
    }
    let photos = js_sys::Reflect::get(&value, &"photos".into()).unwrap_or(JsValue::NULL);
    store.put(&record(&stored.entry, &photos), None)?.await?;
    tx.await?;
    Ok(Some(stored))
}

/// Removes an entry (sent, or deleted by the resident).
pub async fn delete(key: &str) -> Result<(), OutboxError> {
    let db = db().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadWrite)?;
    let store = tx.object_store(STORE)?;
    store.delete(JsValue::from_str(key))?.await?;
    tx.await?;
    Ok(())
}
