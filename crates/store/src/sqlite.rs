//! The embedded SQLite backend.

use std::path::Path;

use khaldun_model::{AnnotatedArticle, Article, Event};
use rusqlite::types::Value;
use rusqlite::{
    params, params_from_iter, Connection, OptionalExtension, Transaction, TransactionBehavior,
};

use crate::codec::content_hash;
use crate::dedup::{article_features, features, DedupConfig};
use crate::query::*;
use crate::sqlite_dedup::SqliteTx;
use crate::{storable, PutOutcome, Result, StoreError};

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/001_initial.sql"),
    include_str!("../migrations/002_timeline_index.sql"),
    include_str!("../migrations/003_count_tables.sql"),
    include_str!("../migrations/004_dedup_candidates.sql"),
    include_str!("../migrations/005_watch.sql"),
    include_str!("../migrations/006_dedup_decisions.sql"),
];

/// One connection to a Khaldun database in one SQLite file (WAL mode).
/// [`crate::SqliteStore`] shares a writer and a pool of these between threads.
pub(crate) struct SqliteConn {
    conn: Connection,
    /// See [`FREQUENT`].
    frequent: i64,
    /// Pair scoring of deduplication (`data/dedup/scoring.tsv` unless set).
    dedup: DedupConfig,
}

impl SqliteConn {
    /// Open (creating if needed) the database at `path` and bring its schema up to date.
    ///
    /// Several connections (other processes, `khaldun serve` beside a CLI
    /// ingest) may open and write the same file: each waits up to
    /// [`BUSY_TIMEOUT`] for the others, from the first statement on.
    pub(crate) fn open(path: impl AsRef<Path>) -> Result<Self> {
        let conn = Connection::open(path)?;
        // First, so that even switching to WAL waits for another opener.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        set_wal(&conn)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // The WAL is truncated back to this size after checkpoints (it grew
        // to 144 MB under `serve` without it).
        conn.pragma_update(None, "journal_size_limit", JOURNAL_SIZE_LIMIT)?;
        Self::init(conn)
    }

    /// A private in-memory database (tests, `extract`-like one-offs).
    pub(crate) fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(SqliteConn {
            conn,
            frequent: FREQUENT,
            dedup: DedupConfig::embedded(),
        })
    }

    /// Use other deduplication weights than the embedded ones (for tuning
    /// with `khaldun eval dedup --dedup-config`); applies to reports stored
    /// from now on.
    pub(crate) fn set_dedup_config(&mut self, cfg: DedupConfig) {
        self.dedup = cfg;
    }

    /// Set the row count above which a filter counts as frequent (see [`FREQUENT`]).
    pub(crate) fn set_frequent_threshold(&mut self, n: i64) {
        self.frequent = n.max(0);
    }

    /// Schema version (number of migrations applied).
    pub(crate) fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The underlying connection, for backend-specific tools (benchmarks, exports).
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// How long a connection waits for another one's write lock before failing.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// `PRAGMA journal_size_limit`, bytes: 64 MiB.
const JOURNAL_SIZE_LIMIT: i64 = 64 << 20;

/// Switch to WAL. Switching needs an exclusive lock and SQLite does not call
/// the busy handler for it: when another connection opens the same new file
/// at the same moment, retry until [`BUSY_TIMEOUT`].
fn set_wal(conn: &Connection) -> Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Ok(()) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Apply the migrations this database lacks.
///
/// Two processes may open a new file at once: the version is read again
/// inside an IMMEDIATE transaction (which holds the write lock), so only one
/// of them migrates and the other sees the result.
fn migrate(conn: &mut Connection) -> Result<()> {
    let supported = MIGRATIONS.len() as i64;
    let too_new = |found| StoreError::TooNew { found, supported };
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > supported {
        return Err(too_new(version));
    }
    if version == supported {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > supported {
        return Err(too_new(version));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tracing::info!(version = i + 1, "applying schema migration");
    }
    tx.commit()?;
    Ok(())
}

pub(crate) fn now() -> String {
    crate::codec::now()
}

fn put_one(tx: &Transaction, cfg: &DedupConfig, doc: &AnnotatedArticle) -> Result<PutOutcome> {
    let a = &doc.article;
    let hash = content_hash(a);
    let existing: Option<String> = tx
        .query_row(
            "SELECT content_hash FROM articles WHERE id = ?1",
            [&a.id],
            |r| r.get(0),
        )
        .optional()?;
    let outcome = match existing {
        Some(h) if h == hash => return Ok(PutOutcome::Duplicate),
        Some(_) => {
            remove_reports_of(tx, cfg, &a.id)?;
            tx.execute("DELETE FROM articles WHERE id = ?1", [&a.id])?;
            PutOutcome::Updated
        }
        None => PutOutcome::New,
    };
    let enc = crate::codec::encode_article(doc)?;
    tx.execute(
        "INSERT INTO articles (id, source_id, url, publisher, section, title, byline, published, retrieved,
             language, format, origin, content_hash, text, meta, annotations)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            a.id,
            a.source_id,
            a.url,
            a.publisher,
            a.section,
            a.title,
            a.byline,
            a.published,
            enc.meta.retrieved,
            a.language,
            a.format,
            a.origin,
            hash,
            a.text,
            enc.meta_json,
            enc.annotations_json,
        ],
    )?;
    let art = cfg.enabled().then(|| article_features(doc, cfg));
    for e in doc.events.iter().filter(|e| storable(e)) {
        let f = art.as_ref().and_then(|art| features(e, art, cfg));
        crate::cluster::add_report(&mut SqliteTx(tx), cfg, &a.id, e, f.as_ref())?;
    }
    Ok(outcome)
}

fn actor_key(a: &khaldun_model::Actor) -> String {
    a.id.clone().unwrap_or_else(|| a.name.to_lowercase())
}

/// Write (insert or update) the merged event row, its actors and its point.
pub(crate) fn write_event(
    tx: &Transaction,
    id: &str,
    key: &str,
    e: &Event,
    n_reports: u32,
    n_sources: u32,
    first_seen: &str,
) -> Result<()> {
    let loc = e.location.as_ref().map(|l| &l.place);
    let date = e.date.as_ref().map_or("", |d| d.date.as_str());
    // Actor rows go before the event row changes (their count triggers read
    // the event's date and type) and come back after.
    tx.execute("DELETE FROM event_actors WHERE event_id = ?1", [id])?;
    tx.prepare_cached(
        "INSERT INTO events (id, dedup_key, event_date, time_precision, plover_type, plover_mode, acled_type,
             acled_sub_type, cameo_root, goldstein, actor1, actor1_id, inter1, actor2, actor2_id, inter2,
             country, admin1, admin2, location, geonameid, lat, lon, geo_precision, killed, injured, abducted,
             arrested, status, claimant, denied_by, hypothetical, historical, n_reports, n_sources, first_seen, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
             ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37)
         ON CONFLICT(id) DO UPDATE SET dedup_key = excluded.dedup_key, event_date = excluded.event_date,
             time_precision = excluded.time_precision, plover_type = excluded.plover_type,
             plover_mode = excluded.plover_mode, acled_type = excluded.acled_type,
             acled_sub_type = excluded.acled_sub_type, cameo_root = excluded.cameo_root,
             goldstein = excluded.goldstein, actor1 = excluded.actor1, actor1_id = excluded.actor1_id,
             inter1 = excluded.inter1, actor2 = excluded.actor2, actor2_id = excluded.actor2_id,
             inter2 = excluded.inter2, country = excluded.country, admin1 = excluded.admin1,
             admin2 = excluded.admin2, location = excluded.location, geonameid = excluded.geonameid,
             lat = excluded.lat, lon = excluded.lon, geo_precision = excluded.geo_precision,
             killed = excluded.killed, injured = excluded.injured, abducted = excluded.abducted,
             arrested = excluded.arrested, status = excluded.status, claimant = excluded.claimant,
             denied_by = excluded.denied_by, hypothetical = excluded.hypothetical,
             historical = excluded.historical, n_reports = excluded.n_reports,
             n_sources = excluded.n_sources, data = excluded.data",
    )?
    .execute(params![
        id,
        key,
        date,
        e.date.as_ref().map(|d| d.time_precision),
        e.plover.event_type,
        e.plover.mode,
        e.acled.event_type,
        e.acled.sub_event_type,
        e.cameo.root,
        e.cameo.goldstein,
        e.actor.as_ref().map(|a| &a.name),
        e.actor.as_ref().and_then(|a| a.id.as_ref()),
        e.actor.as_ref().and_then(|a| a.inter),
        e.target.as_ref().map(|a| &a.name),
        e.target.as_ref().and_then(|a| a.id.as_ref()),
        e.target.as_ref().and_then(|a| a.inter),
        loc.and_then(|p| p.country.as_ref()),
        loc.and_then(|p| p.admin1.as_ref()),
        loc.and_then(|p| p.admin2.as_ref()),
        loc.map(|p| &p.name),
        loc.and_then(|p| p.geonameid.map(|g| g as i64)),
        loc.and_then(|p| p.lat),
        loc.and_then(|p| p.lon),
        loc.map(|p| u8::from(p.precision)),
        e.killed,
        e.injured,
        e.abducted,
        e.arrested,
        e.status.as_str(),
        e.claimant,
        e.denied_by,
        e.hypothetical,
        e.historical,
        n_reports,
        n_sources,
        first_seen,
        serde_json::to_string(e)?,
    ])?;
    let rowid: i64 = tx.query_row("SELECT rowid FROM events WHERE id = ?1", [id], |r| r.get(0))?;
    tx.execute("DELETE FROM events_rtree WHERE id = ?1", [rowid])?;
    if let Some((lat, lon)) = loc.and_then(|p| p.lat.zip(p.lon)) {
        tx.execute(
            "INSERT INTO events_rtree (id, min_lat, max_lat, min_lon, max_lon) VALUES (?1, ?2, ?2, ?3, ?3)",
            params![rowid, lat, lon],
        )?;
    }
    let roles = e
        .actor
        .iter()
        .map(|a| (a, "actor"))
        .chain(e.assoc_actors.iter().map(|a| (a, "assoc_actor")))
        .chain(e.target.iter().map(|a| (a, "target")))
        .chain(e.assoc_targets.iter().map(|a| (a, "assoc_target")));
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO event_actors (event_id, actor_key, actor_id, name, role) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (a, role) in roles {
        stmt.execute(params![id, actor_key(a), a.id, a.name, role])?;
    }
    Ok(())
}

/// Remove an article's reports, then split or drop the events they fed.
fn remove_reports_of(tx: &Transaction, cfg: &DedupConfig, article_id: &str) -> Result<()> {
    let event_ids: Vec<String> = tx
        .prepare("SELECT DISTINCT event_id FROM reports WHERE article_id = ?1")?
        .query_map([article_id], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    tx.execute("DELETE FROM reports WHERE article_id = ?1", [article_id])?;
    for id in event_ids {
        let left: i64 = tx.query_row(
            "SELECT COUNT(*) FROM reports WHERE event_id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        if left == 0 {
            drop_event(tx, &id)?;
        } else {
            crate::cluster::recluster(
                &mut SqliteTx(tx),
                cfg,
                &std::collections::BTreeSet::from([id]),
            )?;
        }
    }
    Ok(())
}

/// Delete an event row with its point and actor rows.
pub(crate) fn drop_event(tx: &Transaction, id: &str) -> Result<()> {
    let rowid: Option<i64> = tx
        .query_row("SELECT rowid FROM events WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    let Some(rowid) = rowid else {
        return Ok(());
    };
    tx.execute("DELETE FROM events_rtree WHERE id = ?1", [rowid])?;
    tx.execute("DELETE FROM event_actors WHERE event_id = ?1", [id])?;
    tx.execute("DELETE FROM events WHERE id = ?1", [id])?;
    Ok(())
}

/// SQL WHERE clause and parameters for event filters.
struct Filter {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    fn push(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.to_owned());
        self.params.extend(values);
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }
}

/// Turn free text into an FTS5 query of quoted terms (no syntax errors on user input).
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = crate::codec::query_terms(text)
        .into_iter()
        .map(|t| format!("\"{t}\""))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

fn text(v: &Option<String>) -> Option<Value> {
    v.as_ref()
        .filter(|s| !s.is_empty())
        .map(|s| Value::Text(s.clone()))
}

/// Above this many matching rows a filter is "frequent": a page walks the
/// date index and tests each event (`EXISTS`), instead of building the set of
/// matching events first (`IN`), which is best for rare values. Measured on
/// 1,000,000 synthetic events: a frequent actor's page 768 ms → 11 ms, a
/// common full-text term 1984 ms → 16 ms; a tiny bounding box stays on the
/// R*Tree (0.2 ms, where walking the dates takes seconds).
pub const FREQUENT: i64 = 2000;

/// How the filter will be used: to fill one page in date order (`Page`), or
/// to aggregate every match (`All`), where a materialised set always wins.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Page,
    All,
}

/// Rows `sql` yields, counted up to `frequent + 1`.
fn probe(conn: &Connection, frequent: i64, sql: &str, params: &[Value]) -> Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM ({sql} LIMIT {})", frequent + 1);
    Ok(conn.query_row(&sql, params_from_iter(params.iter()), |r| r.get(0))?)
}

fn event_filter(conn: &Connection, frequent: i64, q: &EventQuery, usage: Use) -> Result<Filter> {
    let probe = |sql: &str, params: &[Value]| probe(conn, frequent, sql, params);
    let mut f = Filter {
        clauses: Vec::new(),
        params: Vec::new(),
    };
    if let Some(v) = text(&q.date_from) {
        f.push("event_date >= ?", [v]);
    }
    if let Some(v) = text(&q.date_to) {
        // inclusive of the whole day
        f.push("event_date <= ? || 'z'", [v]);
    }
    if let Some(v) = text(&q.country) {
        f.push("country = upper(?)", [v]);
    }
    if let Some(v) = text(&q.admin1) {
        f.push("admin1 = ? COLLATE NOCASE", [v]);
    }
    if let Some(v) = text(&q.plover_type) {
        f.push("plover_type = upper(?)", [v]);
    }
    if let Some(v) = text(&q.acled_sub_type) {
        f.push("acled_sub_type = ? COLLATE NOCASE", [v]);
    }
    if let Some(v) = text(&q.acled_type) {
        f.push("acled_type = ? COLLATE NOCASE", [v]);
    }
    if let Some(v) = text(&q.status) {
        f.push("status = lower(?)", [v]);
    }
    if let Some(n) = q.min_sources {
        f.push("n_sources >= ?", [Value::Integer(i64::from(n))]);
    }
    if let Some(actor) = q.actor.as_deref().filter(|a| !a.is_empty()) {
        // An actor id ("jnim") or key; else a fragment of a name ("Wagner").
        let key = Value::Text(actor.to_lowercase());
        let n = probe(
            "SELECT 1 FROM event_actors WHERE actor_key = ?",
            std::slice::from_ref(&key),
        )?;
        if n == 0 {
            let like = Value::Text(format!("%{}%", actor.replace(['%', '_'], "")));
            f.push(
                "id IN (SELECT event_id FROM event_actors WHERE name LIKE ?)",
                [like],
            );
        } else if n > frequent && usage == Use::Page {
            f.push(
                "EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = events.id AND ea.actor_key = ?)",
                [key],
            );
        } else {
            f.push(
                "id IN (SELECT event_id FROM event_actors WHERE actor_key = ?)",
                [key],
            );
        }
    }
    if let Some([min_lon, min_lat, max_lon, max_lat]) = q.bbox {
        if !(min_lon <= max_lon && min_lat <= max_lat) {
            return Err(StoreError::BadQuery(
                "bbox must be min_lon,min_lat,max_lon,max_lat".into(),
            ));
        }
        let corners = [min_lat, max_lat, min_lon, max_lon].map(Value::Real);
        let rtree = "SELECT id FROM events_rtree WHERE min_lat >= ? AND max_lat <= ? AND min_lon >= ? AND max_lon <= ?";
        if usage == Use::Page && probe(rtree, &corners)? > frequent {
            // A large box: test coordinates while walking the date index.
            f.push("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?", corners);
        } else {
            f.push(&format!("rowid IN ({rtree})"), corners);
        }
    }
    if let Some(t) = q.text.as_deref().and_then(fts_query) {
        let t = Value::Text(t);
        let matching = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?";
        if usage == Use::Page && probe(matching, std::slice::from_ref(&t))? > frequent {
            f.push(
                &format!(
                    "EXISTS (SELECT 1 FROM reports r JOIN articles a ON a.id = r.article_id
                             WHERE r.event_id = events.id AND a.rowid IN ({matching}))"
                ),
                [t],
            );
        } else {
            f.push(
                &format!(
                    "id IN (SELECT r.event_id FROM reports r JOIN articles a ON a.id = r.article_id
                            WHERE a.rowid IN ({matching}))"
                ),
                [t],
            );
        }
    }
    if !q.include_flagged {
        f.push("hypothetical = 0 AND historical = 0", []);
    }
    Ok(f)
}

/// SQL for a timeline bucket of an ISO date column: the day, the ISO week
/// (`2022-W16`) or the month.
fn bucket_expr(bucket: Bucket, column: &str) -> String {
    match bucket {
        Bucket::Day => column.to_owned(),
        Bucket::Week => format!("strftime('%G-W%V', {column})"),
        Bucket::Month => format!("substr({column}, 1, 7)"),
    }
}

const EVENT_COLUMNS: &str = "id, data, n_reports, n_sources, first_seen, event_date";

fn event_record(row: &rusqlite::Row) -> rusqlite::Result<(EventRecord, String)> {
    let data: String = row.get(1)?;
    let event: Event = serde_json::from_str(&data).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok((
        EventRecord {
            id: row.get(0)?,
            event,
            reports: row.get(2)?,
            sources: row.get(3)?,
            first_seen: row.get(4)?,
        },
        row.get(5)?,
    ))
}

fn parse_cursor(c: &str) -> Result<(String, String)> {
    c.split_once('|')
        .map(|(d, i)| (d.to_owned(), i.to_owned()))
        .ok_or_else(|| StoreError::BadQuery("malformed cursor".into()))
}

impl SqliteConn {
    fn query_events(&self, q: &EventQuery) -> Result<EventPage> {
        let mut f = event_filter(&self.conn, self.frequent, q, Use::Page)?;
        if let Some(c) = q.cursor.as_deref().filter(|c| !c.is_empty()) {
            let (d, i) = parse_cursor(c)?;
            f.push(
                "(event_date < ? OR (event_date = ? AND id < ?))",
                [Value::Text(d.clone()), Value::Text(d), Value::Text(i)],
            );
        }
        let limit = q.limit.unwrap_or(100).clamp(1, 10_000);
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events {} ORDER BY event_date DESC, id DESC LIMIT {}",
            f.sql(),
            limit + 1
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows: Vec<(EventRecord, String)> = stmt
            .query_map(params_from_iter(f.params.iter()), event_record)?
            .collect::<std::result::Result<_, _>>()?;
        let next_cursor = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last().map(|(r, d)| format!("{d}|{}", r.id))
        } else {
            None
        };
        Ok(EventPage {
            events: rows.into_iter().map(|(r, _)| r).collect(),
            next_cursor,
        })
    }

    /// Timeline from the trigger-kept daily count tables, when the filters are
    /// ones they hold (dates, PLOVER or ACLED type, and one country or one
    /// actor id); `None` otherwise.
    fn timeline_from_counts(
        &self,
        q: &EventQuery,
        bucket: Bucket,
    ) -> Result<Option<Vec<TimelineBin>>> {
        let unsupported = q.bbox.is_some()
            || [&q.text, &q.admin1, &q.status, &q.acled_sub_type]
                .iter()
                .any(|v| v.as_deref().is_some_and(|s| !s.is_empty()))
            || q.min_sources.is_some()
            || q.include_flagged;
        let country = text(&q.country);
        let actor = q
            .actor
            .as_deref()
            .filter(|a| !a.is_empty())
            .map(str::to_lowercase);
        if unsupported || (country.is_some() && actor.is_some()) {
            return Ok(None);
        }
        let mut f = Filter {
            clauses: Vec::new(),
            params: Vec::new(),
        };
        let table = match (country, actor) {
            (Some(c), None) => {
                f.push("country = upper(?)", [c]);
                "event_counts_country"
            }
            (None, Some(key)) => {
                let known: Option<i64> = self
                    .conn
                    .query_row(
                        "SELECT 1 FROM event_actors WHERE actor_key = ?1 LIMIT 1",
                        [&key],
                        |r| r.get(0),
                    )
                    .optional()?;
                if known.is_none() {
                    return Ok(None); // a name fragment: only the scan can match it
                }
                f.push("actor_key = ?", [Value::Text(key)]);
                "event_counts_actor"
            }
            _ => "event_counts",
        };
        if let Some(v) = text(&q.date_from) {
            f.push("day >= ?", [v]);
        }
        if let Some(v) = text(&q.date_to) {
            f.push("day <= ? || 'z'", [v]);
        }
        if let Some(v) = text(&q.plover_type) {
            f.push("plover_type = upper(?)", [v]);
        }
        if let Some(v) = text(&q.acled_type) {
            f.push("acled_type = ? COLLATE NOCASE", [v]);
        }
        let sql = format!(
            "SELECT {} AS b, acled_type, SUM(n) FROM {table} {} GROUP BY b, acled_type HAVING SUM(n) > 0
             ORDER BY b, acled_type",
            bucket_expr(bucket, "day"),
            f.sql()
        );
        self.bins(&sql, &f.params).map(Some)
    }

    /// Timeline by scanning the matching events (any filter).
    fn timeline_scan(&self, q: &EventQuery, bucket: Bucket) -> Result<Vec<TimelineBin>> {
        let mut f = event_filter(&self.conn, self.frequent, q, Use::All)?;
        f.push("event_date != ''", []);
        let sql = format!(
            "SELECT {} AS b, acled_type, COUNT(*) FROM events {} GROUP BY b, acled_type ORDER BY b, acled_type",
            bucket_expr(bucket, "event_date"),
            f.sql()
        );
        self.bins(&sql, &f.params)
    }

    /// Run a (cached) query and map every row.
    fn rows<T>(
        &self,
        sql: &str,
        params: &[Value],
        map: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map(params_from_iter(params.iter()), map)?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    fn bins(&self, sql: &str, params: &[Value]) -> Result<Vec<TimelineBin>> {
        self.rows(sql, params, |r| {
            Ok(TimelineBin {
                bucket: r.get(0)?,
                acled_type: r.get(1)?,
                count: r.get(2)?,
            })
        })
    }

    fn actor_summaries(
        &self,
        where_sql: &str,
        params: &[Value],
        limit: u32,
    ) -> Result<Vec<ActorSummary>> {
        let sql = format!(
            "SELECT ea.actor_key, MAX(ea.actor_id), MAX(ea.name), COUNT(DISTINCT ea.event_id),
                    SUM(ea.role IN ('actor', 'assoc_actor')), SUM(ea.role IN ('target', 'assoc_target')),
                    MIN(NULLIF(e.event_date, '')), MAX(NULLIF(e.event_date, ''))
             FROM event_actors ea JOIN events e ON e.id = ea.event_id
             {where_sql}
             GROUP BY ea.actor_key ORDER BY 4 DESC, 1 LIMIT {limit}"
        );
        self.rows(&sql, params, |r| {
            Ok(ActorSummary {
                key: r.get(0)?,
                id: r.get(1)?,
                name: r.get(2)?,
                events: r.get(3)?,
                as_actor: r.get(4)?,
                as_target: r.get(5)?,
                first_date: r.get(6)?,
                last_date: r.get(7)?,
            })
        })
    }
}

impl SqliteConn {
    pub(crate) fn is_stored(&self, article: &Article) -> Result<bool> {
        let stored: Option<String> = self
            .conn
            .prepare_cached("SELECT content_hash FROM articles WHERE id = ?1")?
            .query_row([&article.id], |r| r.get(0))
            .optional()?;
        Ok(stored.is_some_and(|h| h == content_hash(article)))
    }

    pub(crate) fn put(&mut self, docs: &[AnnotatedArticle]) -> Result<Vec<PutOutcome>> {
        // IMMEDIATE: take the write lock first (waiting on the busy timeout).
        // A DEFERRED transaction that reads first cannot wait when it
        // upgrades to a write while another connection writes: it fails at
        // once with "database is locked".
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(docs.len());
        for d in docs {
            out.push(put_one(&tx, &self.dedup, d)?);
        }
        tx.commit()?;
        Ok(out)
    }

    /// [`crate::Store::split_event`] in one IMMEDIATE transaction.
    pub(crate) fn split_event(&mut self, event: &str, report: Option<&str>) -> Result<Vec<String>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = crate::cluster::split_event(&mut SqliteTx(&tx), &self.dedup, event, report)?;
        tx.commit()?;
        Ok(out)
    }

    /// [`crate::Store::merge_events`] in one IMMEDIATE transaction.
    pub(crate) fn merge_events(&mut self, a: &str, b: &str) -> Result<String> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = crate::cluster::merge_events(&mut SqliteTx(&tx), &self.dedup, a, b)?;
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>> {
        let row: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT meta, text, annotations FROM articles WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((meta, text, ann)) = row else {
            return Ok(None);
        };
        let events: Vec<Event> = self
            .conn
            .prepare_cached("SELECT data FROM reports WHERE article_id = ?1 ORDER BY rowid")?
            .query_map([id], |r| r.get::<_, String>(0))?
            .map(|d| Ok(serde_json::from_str(&d?)?))
            .collect::<Result<_>>()?;
        crate::codec::decode_article(&meta, text, &ann, events).map(Some)
    }

    pub(crate) fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleSummary>> {
        let mut params: Vec<Value> = Vec::new();
        let where_sql = match q.text.as_deref().and_then(fts_query) {
            Some(t) => {
                params.push(Value::Text(t));
                "WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
            }
            None => "",
        };
        let sql = format!(
            "SELECT a.id, a.title, a.publisher, a.url, a.published, a.language,
                    (SELECT COUNT(*) FROM reports r WHERE r.article_id = a.id)
             FROM articles a {where_sql}
             ORDER BY a.published DESC, a.id LIMIT {} OFFSET {}",
            q.limit.unwrap_or(100).clamp(1, 10_000),
            q.offset.unwrap_or(0)
        );
        self.rows(&sql, &params, |r| {
            Ok(ArticleSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                publisher: r.get(2)?,
                url: r.get(3)?,
                published: r.get(4)?,
                language: r.get(5)?,
                events: r.get(6)?,
            })
        })
    }

    pub(crate) fn events(&self, q: &EventQuery) -> Result<EventPage> {
        self.query_events(q)
    }

    pub(crate) fn event(&self, id: &str) -> Result<Option<EventDetail>> {
        let rec = self
            .conn
            .query_row(
                &format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"),
                [id],
                event_record,
            )
            .optional()?;
        let Some((record, _)) = rec else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.article_id, a.title, a.publisher, a.url, a.published, r.data, r.link,
                    (SELECT o.article_id FROM reports o WHERE o.id = json_extract(r.link, '$.to'))
             FROM reports r JOIN articles a ON a.id = r.article_id
             WHERE r.event_id = ?1 ORDER BY a.published, r.rowid",
        )?;
        type Row = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = stmt
            .query_map([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut reports = Vec::with_capacity(rows.len());
        for (article_id, title, publisher, url, published, data, link, other) in rows {
            let merged_by = link
                .map(|l| serde_json::from_str::<crate::cluster::Link>(&l))
                .transpose()?
                .map(|l| MergeLink {
                    article_id: other,
                    score: l.score.score,
                    evidence: l.score.evidence,
                });
            reports.push(Report {
                article_id,
                title,
                publisher,
                url,
                published,
                event: serde_json::from_str(&data)?,
                merged_by,
            });
        }
        let sources = record.event.sources.clone();
        Ok(Some(EventDetail {
            record,
            reports,
            sources,
        }))
    }

    pub(crate) fn timeline(&self, q: &EventQuery, bucket: Bucket) -> Result<Vec<TimelineBin>> {
        match self.timeline_from_counts(q, bucket)? {
            Some(bins) => Ok(bins),
            None => self.timeline_scan(q, bucket),
        }
    }

    pub(crate) fn actors(&self, q: &ActorQuery) -> Result<Vec<ActorSummary>> {
        let limit = q.limit.unwrap_or(100).clamp(1, 10_000);
        match q.q.as_deref().filter(|s| !s.is_empty()) {
            Some(name) => self.actor_summaries(
                "WHERE ea.name LIKE ? OR ea.actor_key = lower(?)",
                &[
                    Value::Text(format!("%{}%", name.replace(['%', '_'], ""))),
                    Value::Text(name.to_owned()),
                ],
                limit,
            ),
            None => self.actor_summaries("", &[], limit),
        }
    }

    pub(crate) fn actor(&self, key: &str) -> Result<Option<ActorDetail>> {
        let key = key.to_lowercase();
        let Some(summary) = self
            .actor_summaries("WHERE ea.actor_key = ?", &[Value::Text(key.clone())], 1)?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        // Monthly activity, as the timeline counts it (unflagged events).
        let activity = self.timeline(
            &EventQuery {
                actor: Some(key.clone()),
                ..Default::default()
            },
            Bucket::Month,
        )?;
        let recent = self
            .query_events(&EventQuery {
                actor: Some(key),
                include_flagged: true,
                limit: Some(20),
                ..Default::default()
            })?
            .events;
        let allies = self.actor_links(&summary.key, true)?;
        let counterparts = self.actor_links(&summary.key, false)?;
        Ok(Some(ActorDetail {
            summary,
            activity,
            recent,
            allies,
            counterparts,
        }))
    }

    /// Who appears on the same side as the actor (`same`), or on the other side.
    fn actor_links(&self, key: &str, same: bool) -> Result<Vec<NamedCount>> {
        let sql = format!(
            "SELECT MAX(o.name), COUNT(DISTINCT o.event_id) FROM event_actors x
             JOIN event_actors o ON o.event_id = x.event_id AND o.actor_key != x.actor_key
             WHERE x.actor_key = ?
               AND (x.role IN ('actor', 'assoc_actor')) {} (o.role IN ('actor', 'assoc_actor'))
             GROUP BY o.actor_key ORDER BY 2 DESC, 1 LIMIT 20",
            if same { "=" } else { "!=" }
        );
        self.rows(&sql, &[Value::Text(key.to_owned())], |r| {
            Ok(NamedCount {
                name: r.get(0)?,
                count: r.get::<_, i64>(1)? as u64,
            })
        })
    }

    pub(crate) fn places(&self, prefix: &str, limit: u32) -> Result<Vec<PlaceCount>> {
        let pattern = format!(
            "{}%",
            prefix
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        self.rows(
            "SELECT location, country, MAX(admin1), AVG(lat), AVG(lon), COUNT(*), MAX(geonameid)
             FROM events WHERE location LIKE ? ESCAPE '\\'
             GROUP BY location, country ORDER BY 6 DESC, 1 LIMIT ?",
            &[Value::Text(pattern), Value::Integer(i64::from(limit))],
            |r| {
                Ok(PlaceCount {
                    name: r.get(0)?,
                    country: r.get(1)?,
                    admin1: r.get(2)?,
                    lat: r.get(3)?,
                    lon: r.get(4)?,
                    events: r.get::<_, i64>(5)? as u64,
                    geonameid: r.get::<_, Option<i64>>(6)?.map(|g| g as u64),
                })
            },
        )
    }

    pub(crate) fn event_ids_with_prefix(&self, prefix: &str, limit: u32) -> Result<Vec<String>> {
        // ids are lower-case hex: anything else matches nothing (and LIKE needs no escaping)
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM events WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(rusqlite::params![prefix.to_ascii_lowercase(), limit], |r| {
                r.get(0)
            })?
            .collect::<std::result::Result<Vec<String>, _>>()?;
        Ok(ids)
    }

    pub(crate) fn stats(&self) -> Result<StoreStats> {
        let count = |sql: &str| -> Result<u64> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        let grouped = |sql: &str| -> Result<Vec<(String, u64)>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
                })?
                .collect::<std::result::Result<_, _>>()?;
            Ok(rows)
        };
        Ok(StoreStats {
            articles: count("SELECT COUNT(*) FROM articles")?,
            events: count("SELECT COUNT(*) FROM events WHERE hypothetical = 0 AND historical = 0")?,
            reports: count("SELECT COUNT(*) FROM reports")?,
            by_type: grouped(
                "SELECT acled_type, COUNT(*) FROM events WHERE hypothetical = 0 AND historical = 0
                 GROUP BY 1 ORDER BY 2 DESC, 1",
            )?,
            by_country: grouped(
                "SELECT COALESCE(country, '??'), COUNT(*) FROM events WHERE hypothetical = 0 AND historical = 0
                 GROUP BY 1 ORDER BY 2 DESC, 1",
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SqliteStore, Store};
    use khaldun_model::*;

    fn event(
        id: &str,
        sub: &str,
        date: &str,
        place: Option<(u64, f64, f64)>,
        actor: Option<&str>,
    ) -> Event {
        Event {
            id: id.into(),
            plover: PloverCoding {
                event_type: "ASSAULT".into(),
                ..Default::default()
            },
            acled: AcledCoding {
                event_type: "Violence against civilians".into(),
                sub_event_type: sub.into(),
            },
            date: Some(EventDate {
                date: date.into(),
                time_precision: 1,
                ..Default::default()
            }),
            location: place.map(|(g, lat, lon)| EventLocation {
                place: Place {
                    geonameid: Some(g),
                    name: format!("place{g}"),
                    lat: Some(lat),
                    lon: Some(lon),
                    country: Some("ML".into()),
                    admin1: Some("Ségou".into()),
                    ..Default::default()
                },
                span: None,
            }),
            actor: actor.map(|a| Actor {
                id: Some(a.into()),
                name: a.to_uppercase(),
                inter: Some(2),
                ..Default::default()
            }),
            target: Some(Actor {
                name: "civilians".into(),
                ..Default::default()
            }),
            sources: vec![SourceRef {
                name: format!("src-{id}"),
                kind: "citation".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn doc(id: &str, text: &str, events: Vec<Event>) -> AnnotatedArticle {
        AnnotatedArticle {
            article: Article {
                id: id.into(),
                title: Some(format!("Title {id}")),
                publisher: Some("Pub".into()),
                published: Some("2022-05-22".into()),
                text: text.into(),
                ..Default::default()
            },
            events,
            ..Default::default()
        }
    }

    #[test]
    fn same_event_from_two_articles_is_one_event_with_two_sources() {
        let s = SqliteStore::open_in_memory().unwrap();
        let a = doc(
            "a",
            "Gunmen attacked Segou.",
            vec![event(
                "e1",
                "Attack",
                "2022-04-06",
                Some((1, 13.4, -6.2)),
                Some("jnim"),
            )],
        );
        let b = doc(
            "b",
            "JNIM attacked Ségou.",
            vec![event(
                "e2",
                "Attack",
                "2022-04-06",
                Some((1, 13.4, -6.2)),
                None,
            )],
        );
        let c = doc(
            "c",
            "Another attack.",
            vec![event(
                "e3",
                "Attack",
                "2022-04-06",
                Some((1, 13.4, -6.2)),
                Some("isgs"),
            )],
        );
        assert_eq!(s.put(&[a, b, c]).unwrap(), vec![PutOutcome::New; 3]);
        let page = s.events(&EventQuery::default()).unwrap();
        assert_eq!(page.events.len(), 2, "JNIM and ISGS attacks stay apart");
        let merged = page
            .events
            .iter()
            .find(|r| r.reports == 2)
            .expect("merged event");
        assert_eq!(merged.sources, 2);
        let detail = s.event(&merged.id).unwrap().unwrap();
        assert_eq!(detail.reports.len(), 2);
        assert_eq!(detail.sources.len(), 2);
    }

    #[test]
    fn reingest_is_idempotent_and_update_replaces_reports() {
        let s = SqliteStore::open_in_memory().unwrap();
        let a = doc(
            "a",
            "Text one.",
            vec![event("e1", "Attack", "2022-04-06", None, None)],
        );
        assert_eq!(
            s.put(std::slice::from_ref(&a)).unwrap(),
            vec![PutOutcome::New]
        );
        assert_eq!(
            s.put(std::slice::from_ref(&a)).unwrap(),
            vec![PutOutcome::Duplicate]
        );
        let st = s.stats().unwrap();
        assert_eq!((st.articles, st.events, st.reports), (1, 1, 1));
        let mut changed = a.clone();
        changed.article.text = "Text two.".into();
        changed.events = vec![event(
            "e9",
            "Abduction/forced disappearance",
            "2022-04-25",
            None,
            None,
        )];
        assert!(s.is_stored(&a.article).unwrap());
        assert!(!s.is_stored(&changed.article).unwrap());
        assert_eq!(s.put(&[changed]).unwrap(), vec![PutOutcome::Updated]);
        let st = s.stats().unwrap();
        assert_eq!((st.articles, st.events, st.reports), (1, 1, 1));
        let page = s.events(&EventQuery::default()).unwrap();
        assert_eq!(
            page.events[0].event.acled.sub_event_type,
            "Abduction/forced disappearance"
        );
        assert_eq!(s.article("a").unwrap().unwrap().article.text, "Text two.");
    }

    #[test]
    fn filters_bbox_fts_actor_and_cursor_pages() {
        let s = SqliteStore::open_in_memory().unwrap();
        let docs: Vec<_> = (0..25)
            .map(|i| {
                let date = format!("2022-04-{:02}", i + 1);
                let place = Some((100 + i as u64, 10.0 + i as f64, -5.0));
                let actor = if i % 2 == 0 {
                    Some("jnim")
                } else {
                    Some("isgs")
                };
                let text = if i == 7 {
                    "A raid on Sévaré."
                } else {
                    "routine text."
                };
                doc(
                    &format!("d{i}"),
                    text,
                    vec![event(&format!("e{i}"), "Attack", &date, place, actor)],
                )
            })
            .collect();
        s.put(&docs).unwrap();
        let all = s.events(&EventQuery::default()).unwrap();
        assert_eq!(all.events.len(), 25);
        assert_eq!(
            all.events[0].event.date.as_ref().unwrap().date,
            "2022-04-25"
        );
        // keyset pagination visits every event once
        let mut seen = Vec::new();
        let mut q = EventQuery {
            limit: Some(10),
            ..Default::default()
        };
        loop {
            let p = s.events(&q).unwrap();
            seen.extend(p.events.iter().map(|r| r.id.clone()));
            match p.next_cursor {
                Some(c) => q.cursor = Some(c),
                None => break,
            }
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 25);
        let bbox = s
            .events(&EventQuery {
                bbox: Some([-6.0, 9.5, -4.0, 12.5]),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(bbox.events.len(), 3);
        let fts = s
            .events(&EventQuery {
                text: Some("sevare".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(fts.events.len(), 1, "accent-insensitive full text");
        let jnim = s
            .events(&EventQuery {
                actor: Some("JNIM".into()),
                date_from: Some("2022-04-10".into()),
                date_to: Some("2022-04-20".into()),
                ..Default::default()
            })
            .unwrap();
        assert!(jnim
            .events
            .iter()
            .all(|r| r.event.actor.as_ref().unwrap().name == "JNIM"));
        assert_eq!(jnim.events.len(), 5);
        let tl = s.timeline(&EventQuery::default(), Bucket::Month).unwrap();
        assert_eq!(
            tl,
            vec![TimelineBin {
                bucket: "2022-04".into(),
                acled_type: "Violence against civilians".into(),
                count: 25
            }]
        );
        let actors = s.actors(&ActorQuery::default()).unwrap();
        assert_eq!(actors[0].events, 25, "civilians are targets in every event");
        let d = s.actor("jnim").unwrap().unwrap();
        assert_eq!(d.summary.as_actor, 13);
        assert!(s
            .events(&EventQuery {
                cursor: Some("bad".into()),
                ..Default::default()
            })
            .is_err());
        assert!(s
            .events(&EventQuery {
                text: Some("\"((*".into()),
                ..Default::default()
            })
            .is_ok());
    }

    #[test]
    fn frequent_and_rare_filter_plans_give_the_same_pages() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let docs: Vec<_> = (0..40)
            .map(|i| {
                let date = format!("2022-{:02}-{:02}", i % 12 + 1, i % 28 + 1);
                let place = Some((
                    500 + i as u64,
                    10.0 + (i % 10) as f64,
                    -5.0 + (i % 7) as f64,
                ));
                let actor = if i % 3 == 0 {
                    Some("isgs")
                } else {
                    Some("jnim")
                };
                let text = if i % 2 == 0 {
                    "Raid near Sévaré."
                } else {
                    "Other text."
                };
                doc(
                    &format!("f{i}"),
                    text,
                    vec![event(&format!("g{i}"), "Attack", &date, place, actor)],
                )
            })
            .collect();
        s.put(&docs).unwrap();
        let queries = [
            EventQuery {
                actor: Some("jnim".into()),
                ..Default::default()
            },
            EventQuery {
                actor: Some("ISG".into()),
                ..Default::default()
            },
            EventQuery {
                text: Some("sevare".into()),
                ..Default::default()
            },
            EventQuery {
                bbox: Some([-6.0, 9.0, 0.0, 16.0]),
                ..Default::default()
            },
            EventQuery {
                bbox: Some([-6.0, 9.0, 0.0, 16.0]),
                actor: Some("jnim".into()),
                text: Some("raid".into()),
                ..Default::default()
            },
        ];
        for q in &queries {
            let ids = |s: &SqliteStore| -> Vec<String> {
                let mut out = Vec::new();
                let mut q = EventQuery {
                    limit: Some(7),
                    ..q.clone()
                };
                loop {
                    let p = s.events(&q).unwrap();
                    out.extend(p.events.into_iter().map(|r| r.id));
                    match p.next_cursor {
                        Some(c) => q.cursor = Some(c),
                        None => return out,
                    }
                }
            };
            s.set_frequent_threshold(FREQUENT);
            let rare = ids(&s);
            s.set_frequent_threshold(2);
            let frequent = ids(&s);
            assert!(!rare.is_empty(), "{q:?}");
            assert_eq!(rare, frequent, "{q:?}");
            let tl_frequent = s.timeline(q, Bucket::Month).unwrap();
            s.set_frequent_threshold(FREQUENT);
            assert_eq!(s.timeline(q, Bucket::Month).unwrap(), tl_frequent);
        }
    }

    #[test]
    fn count_tables_agree_with_a_scan_through_inserts_merges_and_updates() {
        let mut s = SqliteConn::open_in_memory().unwrap();
        let mk = |i: usize, actor: &str| {
            let date = format!("2022-{:02}-{:02}", i % 3 + 1, i % 5 + 1);
            let mut e = event(
                &format!("c{i}"),
                "Attack",
                &date,
                Some((900 + (i % 4) as u64, 12.0, -4.0)),
                Some(actor),
            );
            if i.is_multiple_of(7) {
                e.historical = true;
            }
            e.target = Some(Actor {
                id: Some(actor.into()),
                name: actor.into(),
                ..Default::default()
            });
            e
        };
        let docs: Vec<_> = (0..30)
            .map(|i| {
                doc(
                    &format!("k{i}"),
                    "x",
                    vec![mk(i, if i % 2 == 0 { "jnim" } else { "isgs" })],
                )
            })
            .collect();
        s.put(&docs).unwrap();
        // change some articles: their reports move, events merge or vanish
        let changed: Vec<_> = (0..10)
            .map(|i| {
                let mut d = doc(&format!("k{i}"), "changed", vec![mk(i + 11, "jnim")]);
                d.events[0].acled.event_type = "Battles".into();
                d
            })
            .collect();
        s.put(&changed).unwrap();
        let queries = [
            EventQuery::default(),
            EventQuery {
                country: Some("ml".into()),
                ..Default::default()
            },
            EventQuery {
                actor: Some("jnim".into()),
                ..Default::default()
            },
            EventQuery {
                actor: Some("isgs".into()),
                date_from: Some("2022-02-01".into()),
                ..Default::default()
            },
            EventQuery {
                plover_type: Some("assault".into()),
                date_to: Some("2022-02-03".into()),
                ..Default::default()
            },
        ];
        for q in &queries {
            for b in [Bucket::Day, Bucket::Week, Bucket::Month] {
                let fast = s
                    .timeline_from_counts(q, b)
                    .unwrap()
                    .expect("count tables serve this query");
                assert_eq!(fast, s.timeline_scan(q, b).unwrap(), "{q:?} {b:?}");
                assert!(!fast.is_empty());
            }
        }
        assert!(s
            .timeline_from_counts(
                &EventQuery {
                    status: Some("claimed".into()),
                    ..Default::default()
                },
                Bucket::Day
            )
            .unwrap()
            .is_none());
        let weeks = s.timeline(&EventQuery::default(), Bucket::Week).unwrap();
        // ISO weeks: 1 January 2022 (a Saturday) is in 2021-W52
        assert_eq!(weeks[0].bucket, "2021-W52", "{weeks:?}");
        assert!(weeks
            .iter()
            .all(|b| b.bucket.len() == 8 && &b.bucket[4..6] == "-W"));
    }

    #[test]
    fn negated_events_are_not_stored_and_flagged_are_hidden_by_default() {
        let s = SqliteStore::open_in_memory().unwrap();
        let mut neg = event("n", "Attack", "2022-04-01", None, None);
        neg.negated = true;
        let mut hist = event("h", "Armed clash", "2012-01-01", None, Some("mnla"));
        hist.historical = true;
        s.put(&[doc("a", "x", vec![neg, hist])]).unwrap();
        assert_eq!(s.events(&EventQuery::default()).unwrap().events.len(), 0);
        let q = EventQuery {
            include_flagged: true,
            ..Default::default()
        };
        assert_eq!(s.events(&q).unwrap().events.len(), 1);
    }

    #[test]
    fn file_database_persists_and_migrates_once() {
        let dir = std::env::temp_dir().join(format!("khaldun-store-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        {
            let s = SqliteStore::open(&path).unwrap();
            s.put(&[doc("a", "x", vec![])]).unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(s.stats().unwrap().articles, 1);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn now_is_rfc3339() {
        let n = now();
        assert_eq!(n.len(), 20);
        assert!(n.starts_with("20") && n.ends_with('Z'));
    }
}
