//! The store: annotated articles and deduplicated events, behind the
//! [`Store`] trait, with an embedded SQLite backend ([`SqliteStore`]).
//!
//! ```
//! use khaldun_model::{AnnotatedArticle, Article};
//! use khaldun_store::{PutOutcome, SqliteStore, Store};
//! let store = SqliteStore::open_in_memory().unwrap();
//! let doc = AnnotatedArticle::new(Article { id: "a1".into(), text: "Text.".into(), ..Default::default() });
//! assert_eq!(store.put(&[doc.clone()]).unwrap(), vec![PutOutcome::New]);
//! assert_eq!(store.put(&[doc]).unwrap(), vec![PutOutcome::Duplicate]); // idempotent
//! ```
//!
//! **Events and reports.** The pipeline yields one [`Event`] per mention in
//! an article: a *report*. The store merges reports of the same real-world
//! event (same ACLED event type, same date, same place, compatible actors)
//! into one *event* whose sources are the union of its reports' sources:
//! the same event told by ten articles is one event with ten sources.
//!
//! **Idempotence.** An article is keyed by its stable id. Putting it again
//! with the same content changes nothing; with changed content its reports
//! are replaced. Each `put` call is one transaction: a crash leaves no
//! half-written article.
//!
//! SQLite specifics (WAL, FTS5 over article text, an R*Tree over event
//! coordinates, versioned migrations) stay inside [`SqliteStore`]; a
//! PostgreSQL backend implements the same trait.

pub mod cluster;
pub mod codec;
#[doc(hidden)]
pub mod conformance;
pub mod dedup;
pub mod eval;
mod query;
mod sqlite;
mod sqlite_dedup;
mod sqlite_shared;
pub mod watch_state;

pub use dedup::{merge_counts, DedupConfig};
pub use query::{
    ActorDetail, ActorQuery, ActorSummary, ArticleQuery, ArticleSummary, Bucket, EventDetail,
    EventPage, EventQuery, EventRecord, MergeLink, NamedCount, PlaceCount, Report, StoreStats,
    TimelineBin,
};
pub use sqlite_shared::SqliteStore;
pub use watch_state::{AlertMatch, AlertRule, FeedState, FileState, SeenItem, WatchStore};

use khaldun_model::{AnnotatedArticle, Event};

/// What `put` did with one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PutOutcome {
    /// Not seen before: stored with its events.
    New,
    /// Same id and same content: nothing changed.
    Duplicate,
    /// Same id, changed content: article and its reports replaced.
    Updated,
}

/// Store errors.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored JSON is unreadable: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "database schema version {found} is newer than this khaldun ({supported}); upgrade khaldun"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("bad query: {0}")]
    BadQuery(String),
    /// Another backend's failure (PostgreSQL), or a poisoned lock.
    #[error("database error: {0}")]
    Backend(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Everything the CLI, the server and the workers need from storage: the one
/// seam between Khaldun and a database. Implementations are shared between
/// threads (`&self` everywhere; each keeps its own connections).
pub trait Store: Send + Sync {
    /// Store a batch of annotated articles in one transaction.
    fn put(&self, docs: &[AnnotatedArticle]) -> Result<Vec<PutOutcome>>;
    /// True when this article (same id, same content) is already stored, so
    /// that `put` would report it as a duplicate: callers can skip annotating it.
    fn is_stored(&self, article: &khaldun_model::Article) -> Result<bool>;
    /// One article with its annotations and its reports' events.
    fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>>;
    /// Articles, newest first.
    fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleSummary>>;
    /// A page of deduplicated events matching the filters.
    fn events(&self, q: &EventQuery) -> Result<EventPage>;
    /// One event with its reports (evidence per article) and sources.
    fn event(&self, id: &str) -> Result<Option<EventDetail>>;
    /// Event counts per day or week and per ACLED event type.
    fn timeline(&self, q: &EventQuery, bucket: Bucket) -> Result<Vec<TimelineBin>>;
    /// Actors by number of events.
    fn actors(&self, q: &ActorQuery) -> Result<Vec<ActorSummary>>;
    /// One actor's activity.
    fn actor(&self, key: &str) -> Result<Option<ActorDetail>>;
    /// Counts for summaries.
    fn stats(&self) -> Result<StoreStats>;
    /// Places that have events, by name prefix (case-insensitive), most events first.
    fn places(&self, prefix: &str, limit: u32) -> Result<Vec<PlaceCount>>;
    /// Ids of the events whose id starts with `prefix`, at most `limit`, in id order: the
    /// short ids the CLI prints resolve through this.
    fn event_ids_with_prefix(&self, prefix: &str, limit: u32) -> Result<Vec<String>>;
    /// Split an event by hand (`khaldun events split`): `report` leaves it,
    /// or with `None` every report becomes its own event. Recorded, so
    /// clustering again keeps it. Returns the resulting events' ids.
    fn split_event(&self, event: &str, report: Option<&str>) -> Result<Vec<String>>;
    /// Merge two events by hand (`khaldun events merge`), recorded likewise.
    /// Returns the merged event's id.
    fn merge_events(&self, a: &str, b: &str) -> Result<String>;
}

/// Events worth storing: negated events and PLOVER-only ones (diplomacy and
/// talk that ACLED does not code; `khaldun extract` still gives them, flagged)
/// are kept out; hypothetical and historical ones are stored flagged, and
/// event queries leave them out unless asked (`EventQuery::include_flagged`).
pub fn storable(e: &Event) -> bool {
    !e.negated && !e.plover_only
}
