//! SQLite access: schema, a small connection pool (many readers, one writer), SQL functions.
pub mod functions;
pub mod reports;
pub mod schema;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Database errors.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A blocking task panicked or was cancelled.
    #[error("database task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// A pool of read connections plus one serialised writer, all on one WAL-mode database file.
#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    readers: Mutex<Vec<Connection>>,
    writer: Mutex<Connection>,
    /// Reads running at once. Reads are CPU work (the file is memory-mapped and hot): more of them than
    /// cores only time-slice each other, with a connection, a page cache and a thread each, so the rest
    /// wait their turn here, in order, without a thread.
    read_turns: Arc<tokio::sync::Semaphore>,
}

/// Reads allowed at once per core (see `Inner::read_turns`): two, so a read waiting on a page fault or
/// a lock does not leave its core idle.
const READS_PER_CORE: usize = 2;

/// How much of the database file each connection maps into memory (`PRAGMA mmap_size`), past which pages
/// are read as usual. Larger than the 17,000-station demo city (~330 MB); address space, not memory.
const MMAP_BYTES: u64 = 1 << 30;

/// Sets the per-connection pragmas and registers the geo functions.
///
/// Pages are read through a memory map: the bundled SQLite is built with `SQLITE_ENABLE_MEMORY_MANAGEMENT`,
/// which puts every connection's page cache under one process-wide mutex, and with a few readers at work
/// the futex calls on it were a fifth of the CPU of an uncached nearby answer. Mapped pages (those not in
/// the WAL) bypass that cache, and are not copied either.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys=OFF; PRAGMA cache_size=-16000; PRAGMA temp_store=MEMORY; \
         PRAGMA mmap_size={MMAP_BYTES};"
    ))?;
    conn.set_prepared_statement_cache_capacity(64);
    functions::register(conn)
}

impl Db {
    /// Opens (creating if needed) the database and its schema.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let writer = Connection::open(path)?;
        writer.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")?;
        writer.execute_batch(schema::TABLES)?;
        configure(&writer)?;
        Ok(Self {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                readers: Mutex::new(Vec::new()),
                writer: Mutex::new(writer),
                read_turns: Arc::new(tokio::sync::Semaphore::new(
                    std::thread::available_parallelism().map_or(2, |n| n.get()) * READS_PER_CORE,
                )),
            }),
        })
    }

    /// True when the database holds no Things yet (a new file: time to generate the demo city).
    pub fn is_empty(&self) -> Result<bool, DbError> {
        let w = self.inner.writer.lock().unwrap_or_else(|e| e.into_inner());
        let n: i64 = w.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM things LIMIT 1)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }

    /// Builds the secondary indexes (after a bulk load: sorting once beats updating them row by row).
    pub fn create_indexes(&self) -> Result<(), DbError> {
        self.with_writer(|w| w.execute_batch(schema::INDEXES))?;
        Ok(())
    }

    /// Folds the write-ahead log into the main file (after a bulk load the WAL would otherwise stay huge).
    pub fn checkpoint(&self) -> Result<(), DbError> {
        self.with_writer(|w| w.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);"))?;
        Ok(())
    }

    fn take_reader(&self) -> Result<Connection, DbError> {
        let pooled = self
            .inner
            .readers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop();
        if let Some(c) = pooled {
            return Ok(c);
        }
        let c = Connection::open_with_flags(
            &self.inner.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&c)?;
        Ok(c)
    }

    /// Runs `f` on a read connection in a blocking task.
    pub async fn read<T, E>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        // Held by the blocking task itself, so a request dropped meanwhile does not free its turn early. The
        // semaphore is never closed: acquiring only waits.
        let turn = Arc::clone(&self.inner.read_turns).acquire_owned().await;
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            let conn = db.take_reader()?;
            let out = f(&conn);
            let mut pool = db.inner.readers.lock().unwrap_or_else(|e| e.into_inner());
            // Keep a bounded number idle; extra connections from a burst are simply closed.
            if pool.len() < 16 {
                pool.push(conn);
            }
            out
        })
        .await
        .map_err(|e| E::from(DbError::Join(e)))?
    }

    /// Runs `f` on the single writer connection in a blocking task (writes are serialised).
    pub async fn write<T, E>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut w = db.inner.writer.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut w)
        })
        .await
        .map_err(|e| E::from(DbError::Join(e)))?
    }

    /// Runs `f` on the writer synchronously (start-up work such as demo generation).
    pub fn with_writer<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut w = self.inner.writer.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut w)
    }
}
