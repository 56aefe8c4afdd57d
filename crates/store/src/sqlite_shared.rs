//! [`SqliteStore`]: the SQLite backend as a [`Store`] shared between
//! threads. SQLite connections are not shared, so it keeps one writer behind
//! a mutex and a small pool of reader connections (WAL lets them read beside
//! the writer); an in-memory database has only its one connection.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use khaldun_model::{AnnotatedArticle, Article};
use rusqlite::Connection;

use crate::dedup::DedupConfig;
use crate::query::*;
use crate::sqlite::SqliteConn;
use crate::{PutOutcome, Result, Store, StoreError};

/// Reader connections kept open for reuse.
const POOL: usize = 16;

/// A Khaldun database in one SQLite file (WAL mode), or in memory.
///
/// Several processes may open and write the same file (`khaldun serve`
/// beside a CLI ingest): writers wait their turn.
pub struct SqliteStore {
    /// `None` in memory: every call goes through the writer.
    path: Option<PathBuf>,
    writer: Mutex<SqliteConn>,
    readers: Mutex<Vec<SqliteConn>>,
    frequent: i64,
}

/// The writer's connection, locked (see [`SqliteStore::connection`]).
pub struct ConnGuard<'a>(MutexGuard<'a, SqliteConn>);

impl Deref for ConnGuard<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.0.connection()
    }
}

fn poisoned<T>(_: T) -> StoreError {
    StoreError::Backend("a store lock is poisoned (a thread panicked)".into())
}

impl SqliteStore {
    /// Open (creating if needed) the database at `path` and bring its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let writer = SqliteConn::open(&path)?;
        Ok(Self::new(Some(path), writer))
    }

    /// A private in-memory database (tests, `extract`-like one-offs).
    pub fn open_in_memory() -> Result<Self> {
        Ok(Self::new(None, SqliteConn::open_in_memory()?))
    }

    fn new(path: Option<PathBuf>, writer: SqliteConn) -> Self {
        SqliteStore {
            path,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            frequent: crate::sqlite::FREQUENT,
        }
    }

    /// Use other deduplication weights than the embedded ones (for tuning
    /// with `khaldun eval dedup --dedup-config`); applies to reports stored
    /// from now on.
    pub fn set_dedup_config(&mut self, cfg: DedupConfig) {
        if let Ok(w) = self.writer.get_mut() {
            w.set_dedup_config(cfg);
        }
    }

    /// Set the row count above which a filter counts as frequent (see [`crate::sqlite::FREQUENT`]).
    pub fn set_frequent_threshold(&mut self, n: i64) {
        self.frequent = n.max(0);
        if let Ok(w) = self.writer.get_mut() {
            w.set_frequent_threshold(n);
        }
        if let Ok(r) = self.readers.get_mut() {
            r.clear();
        }
    }

    /// Schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<i64> {
        self.writer.lock().map_err(poisoned)?.schema_version()
    }

    /// The writer's connection, for backend-specific tools (benchmarks,
    /// tests); other threads' writes wait while it is held.
    pub fn connection(&self) -> ConnGuard<'_> {
        // A panic while the lock was held rolled its transaction back.
        ConnGuard(self.writer.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn write<T>(&self, f: impl FnOnce(&mut SqliteConn) -> Result<T>) -> Result<T> {
        let mut w = self.writer.lock().map_err(poisoned)?;
        f(&mut w)
    }

    fn read<T>(&self, f: impl FnOnce(&SqliteConn) -> Result<T>) -> Result<T> {
        let Some(path) = &self.path else {
            let w = self.writer.lock().map_err(poisoned)?;
            return f(&w);
        };
        let pooled = self.readers.lock().map_err(poisoned)?.pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let mut c = SqliteConn::open(path)?;
                c.set_frequent_threshold(self.frequent);
                c
            }
        };
        let out = f(&conn);
        if let Ok(mut p) = self.readers.lock() {
            if p.len() < POOL {
                p.push(conn);
            }
        }
        out
    }
}

impl Store for SqliteStore {
    fn put(&self, docs: &[AnnotatedArticle]) -> Result<Vec<PutOutcome>> {
        self.write(|c| c.put(docs))
    }
    fn is_stored(&self, article: &Article) -> Result<bool> {
        self.read(|c| c.is_stored(article))
    }
    fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>> {
        self.read(|c| c.article(id))
    }
    fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleSummary>> {
        self.read(|c| c.articles(q))
    }
    fn events(&self, q: &EventQuery) -> Result<EventPage> {
        self.read(|c| c.events(q))
    }
    fn event(&self, id: &str) -> Result<Option<EventDetail>> {
        self.read(|c| c.event(id))
    }
    fn timeline(&self, q: &EventQuery, bucket: Bucket) -> Result<Vec<TimelineBin>> {
        self.read(|c| c.timeline(q, bucket))
    }
    fn actors(&self, q: &ActorQuery) -> Result<Vec<ActorSummary>> {
        self.read(|c| c.actors(q))
    }
    fn actor(&self, key: &str) -> Result<Option<ActorDetail>> {
        self.read(|c| c.actor(key))
    }
    fn stats(&self) -> Result<StoreStats> {
        self.read(|c| c.stats())
    }
    fn places(&self, prefix: &str, limit: u32) -> Result<Vec<PlaceCount>> {
        self.read(|c| c.places(prefix, limit))
    }
    fn event_ids_with_prefix(&self, prefix: &str, limit: u32) -> Result<Vec<String>> {
        self.read(|c| c.event_ids_with_prefix(prefix, limit))
    }
    fn split_event(&self, event: &str, report: Option<&str>) -> Result<Vec<String>> {
        self.write(|c| c.split_event(event, report))
    }
    fn merge_events(&self, a: &str, b: &str) -> Result<String> {
        self.write(|c| c.merge_events(a, b))
    }
}
