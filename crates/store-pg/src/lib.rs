//! The Khaldun store on PostgreSQL with PostGIS: the same [`Store`] as the
//! SQLite backend, for many workers and a server on several machines.
//!
//! - **Schema** (`migrations/`, versioned in `khaldun_meta`): the SQLite
//!   tables, with a `tsvector` (English or French stems by the article's
//!   language, else plain words; accents removed with `unaccent`) under GIN, and a PostGIS point under GiST.
//! - **Same answers**: keyset pages on `(event_date, id)` in the "C"
//!   collation, the same filters, timelines and actor pages; deduplication
//!   runs [`khaldun_store::cluster`], the code SQLite runs.
//! - **Many writers**: each `put` is one transaction that first takes
//!   transaction-scoped advisory locks on its articles, then on the
//!   candidate blocks (event-type families) its reports can link into, each
//!   set in one global order; two workers never cluster one family at once,
//!   and never deadlock.
//! - **Work queue** ([`queue`]): `khaldun ingest --enqueue` fills it;
//!   `khaldun worker` claims rows with `FOR UPDATE SKIP LOCKED` in the
//!   transaction that stores them.

pub mod queue;
mod read;
mod write;

use std::ops::{Deref, DerefMut};
use std::sync::Mutex;

use khaldun_model::{AnnotatedArticle, Article};
use khaldun_store::{
    ActorDetail, ActorQuery, ActorSummary, ArticleQuery, ArticleSummary, Bucket, DedupConfig,
    EventDetail, EventPage, EventQuery, PlaceCount, PutOutcome, Result, Store, StoreError,
    StoreStats, TimelineBin,
};
use postgres::{Client, NoTls};

/// Schema migrations, applied in order; `khaldun_meta.schema_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/001_initial.sql"),
    include_str!("../migrations/002_filter_indexes.sql"),
    include_str!("../migrations/003_dedup_decisions.sql"),
];

/// Connections kept open for reuse.
const POOL: usize = 16;

/// Advisory lock key that serialises migrations (any fixed number).
const MIGRATION_LOCK: i64 = 0x6b68_616c_6475_6e00;

/// `postgres::Error` into the store's error.
pub(crate) trait Pg<T> {
    fn pg(self) -> Result<T>;
}

impl<T> Pg<T> for std::result::Result<T, postgres::Error> {
    fn pg(self) -> Result<T> {
        self.map_err(|e| StoreError::Backend(pg_message(&e)))
    }
}

/// The server's message and detail when there is one (the driver's own
/// `Display` says only "db error").
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(d) => format!("{}: {d}", db.message()),
            None => db.message().to_string(),
        },
        None => e.to_string(),
    }
}

/// A Khaldun store in a PostgreSQL database (PostGIS and unaccent installed
/// or installable by the connecting role).
pub struct PgStore {
    url: String,
    /// Tables live in this schema (tests use one each); `None`: `public`.
    schema: Option<String>,
    pool: Mutex<Vec<(Client, write::Cache)>>,
    dedup: DedupConfig,
    /// Drop the schema when the store is dropped (tests).
    temporary: bool,
}

/// A pooled connection, returned to the pool when dropped.
pub struct Conn<'a> {
    store: &'a PgStore,
    client: Option<Client>,
    /// The write path's prepared statements on this connection.
    cache: write::Cache,
}

impl Conn<'_> {
    /// The client and its statement cache.
    pub(crate) fn split(&mut self) -> (&mut Client, &mut write::Cache) {
        (
            self.client.as_mut().expect("connection present until drop"),
            &mut self.cache,
        )
    }
}

impl Deref for Conn<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client.as_ref().expect("connection present until drop")
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().expect("connection present until drop")
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        let Some(c) = self.client.take() else { return };
        if c.is_closed() {
            return;
        }
        if let Ok(mut p) = self.store.pool.lock() {
            if p.len() < POOL {
                p.push((c, std::mem::take(&mut self.cache)));
            }
        }
    }
}

impl PgStore {
    /// Connect to `url` (`postgres://user@host:port/db`) and bring the schema up to date.
    pub fn open(url: &str) -> Result<Self> {
        Self::open_in(url, None)
    }

    /// Connect, keeping the tables in `schema` (created if missing).
    pub fn open_in(url: &str, schema: Option<&str>) -> Result<Self> {
        if let Some(s) = schema {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(StoreError::BadQuery(format!("bad schema name {s:?}")));
            }
        }
        let store = PgStore {
            url: url.to_string(),
            schema: schema.map(str::to_string),
            pool: Mutex::new(Vec::new()),
            dedup: DedupConfig::embedded(),
            temporary: false,
        };
        store.migrate()?;
        Ok(store)
    }

    /// A store in a new schema of its own, dropped with everything in it
    /// when the store is dropped (tests).
    pub fn open_temporary(url: &str, schema: &str) -> Result<Self> {
        let mut c = Client::connect(url, NoTls).pg()?;
        c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
            .pg()?;
        let mut s = Self::open_in(url, Some(schema))?;
        s.temporary = true;
        Ok(s)
    }

    /// Use other deduplication weights than the embedded ones.
    pub fn set_dedup_config(&mut self, cfg: DedupConfig) {
        self.dedup = cfg;
    }

    /// A connection from the pool (a new one when the pool is empty).
    pub fn conn(&self) -> Result<Conn<'_>> {
        let pooled = self
            .pool
            .lock()
            .map_err(|_| StoreError::Backend("connection pool lock poisoned".into()))?
            .pop();
        let (client, cache) = match pooled {
            Some(c) => c,
            None => (self.connect()?, write::Cache::default()),
        };
        Ok(Conn {
            store: self,
            client: Some(client),
            cache,
        })
    }

    fn connect(&self) -> Result<Client> {
        let mut c = Client::connect(&self.url, NoTls).map_err(|e| {
            StoreError::Backend(format!("cannot connect to PostgreSQL: {}", pg_message(&e)))
        })?;
        if let Some(s) = &self.schema {
            c.batch_execute(&format!(
                "CREATE SCHEMA IF NOT EXISTS \"{s}\"; SET search_path TO \"{s}\", public"
            ))
            .pg()?;
        }
        Ok(c)
    }

    fn with<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let mut c = self.conn()?;
        f(&mut c)
    }

    /// Schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<i64> {
        let mut c = self.conn()?;
        let row = c
            .query_one(
                "SELECT value::bigint FROM khaldun_meta WHERE key = 'schema_version'",
                &[],
            )
            .pg()?;
        Ok(row.get(0))
    }

    /// Apply the migrations this database lacks, one process at a time.
    fn migrate(&self) -> Result<()> {
        let mut c = self.conn()?;
        c.query_one("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
            .pg()?;
        let out = self.migrate_locked(&mut c);
        let unlocked = c
            .query_one("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])
            .pg();
        out.and(unlocked.map(|_| ()))
    }

    fn migrate_locked(&self, c: &mut Client) -> Result<()> {
        c.batch_execute(
            "CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
             CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
             CREATE TABLE IF NOT EXISTS khaldun_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
        )
        .pg()?;
        let found: i64 = c
            .query_opt(
                "SELECT value::bigint FROM khaldun_meta WHERE key = 'schema_version'",
                &[],
            )
            .pg()?
            .map_or(0, |r| r.get(0));
        let supported = MIGRATIONS.len() as i64;
        if found > supported {
            return Err(StoreError::TooNew { found, supported });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let mut tx = c.transaction().pg()?;
            tx.batch_execute(sql).pg()?;
            tx.execute(
                "INSERT INTO khaldun_meta (key, value) VALUES ('schema_version', $1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&(i + 1).to_string()],
            )
            .pg()?;
            tx.commit().pg()?;
            tracing::info!(version = i + 1, "applied PostgreSQL schema migration");
        }
        Ok(())
    }
}

impl Drop for PgStore {
    /// Closes the pooled connections (and drops a temporary schema) on a
    /// thread of its own: the synchronous client cannot close inside an
    /// async runtime, where a server may drop its store.
    fn drop(&mut self) {
        let pool = self.pool.get_mut().map(std::mem::take).unwrap_or_default();
        let schema = self.schema.clone().filter(|_| self.temporary);
        let url = self.url.clone();
        let closer = std::thread::spawn(move || {
            drop(pool);
            if let Some(schema) = schema {
                if let Ok(mut c) = Client::connect(&url, NoTls) {
                    let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
                }
            }
        });
        let _ = closer.join();
    }
}

impl Store for PgStore {
    fn put(&self, docs: &[AnnotatedArticle]) -> Result<Vec<PutOutcome>> {
        let mut c = self.conn()?;
        let (client, cache) = c.split();
        let mut tx = client.transaction().pg()?;
        let out = write::put(&mut write::W::new(&mut tx, cache), &self.dedup, docs)?;
        tx.commit().pg()?;
        Ok(out)
    }
    fn split_event(&self, event: &str, report: Option<&str>) -> Result<Vec<String>> {
        let mut c = self.conn()?;
        let (client, cache) = c.split();
        let mut tx = client.transaction().pg()?;
        let out = write::split_event(
            &mut write::W::new(&mut tx, cache),
            &self.dedup,
            event,
            report,
        )?;
        tx.commit().pg()?;
        Ok(out)
    }
    fn merge_events(&self, a: &str, b: &str) -> Result<String> {
        let mut c = self.conn()?;
        let (client, cache) = c.split();
        let mut tx = client.transaction().pg()?;
        let out = write::merge_events(&mut write::W::new(&mut tx, cache), &self.dedup, a, b)?;
        tx.commit().pg()?;
        Ok(out)
    }
    fn is_stored(&self, article: &Article) -> Result<bool> {
        self.with(|c| read::is_stored(c, article))
    }
    fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>> {
        self.with(|c| read::article(c, id))
    }
    fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleSummary>> {
        self.with(|c| read::articles(c, q))
    }
    fn events(&self, q: &EventQuery) -> Result<EventPage> {
        self.with(|c| read::events(c, q))
    }
    fn event(&self, id: &str) -> Result<Option<EventDetail>> {
        self.with(|c| read::event(c, id))
    }
    fn timeline(&self, q: &EventQuery, bucket: Bucket) -> Result<Vec<TimelineBin>> {
        self.with(|c| read::timeline(c, q, bucket))
    }
    fn actors(&self, q: &ActorQuery) -> Result<Vec<ActorSummary>> {
        self.with(|c| read::actors(c, q))
    }
    fn actor(&self, key: &str) -> Result<Option<ActorDetail>> {
        self.with(|c| read::actor(c, key))
    }
    fn stats(&self) -> Result<StoreStats> {
        self.with(read::stats)
    }
    fn places(&self, prefix: &str, limit: u32) -> Result<Vec<PlaceCount>> {
        self.with(|c| read::places(c, prefix, limit))
    }
    fn event_ids_with_prefix(&self, prefix: &str, limit: u32) -> Result<Vec<String>> {
        self.with(|c| read::event_ids_with_prefix(c, prefix, limit))
    }
}
