//! What `khaldun watch` remembers between runs (migration 005): feed
//! validators and health, the feed items and folder files already handled,
//! and saved alerts with their matches.
//!
//! Behind the [`WatchStore`] trait, like the rest of the store; the SQLite
//! implementation is here. Times are Unix seconds (UTC). Every method is one
//! statement or one transaction, so a killed watcher leaves each row either
//! written or not.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::{Result, SqliteStore};

/// One polled feed's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedState {
    pub url: String,
    /// Validators of the last complete answer, sent back in conditional GETs.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_poll: Option<i64>,
    pub last_success: Option<i64>,
    /// "ok", "not modified", or a short failure kind ("http 500", "timeout"...).
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    /// Polls failed in a row (0 after a success).
    pub consecutive_errors: u32,
    pub next_poll: Option<i64>,
    pub items_seen: u64,
    pub articles_stored: u64,
}

/// A feed item handled (stored, or given up on for good).
#[derive(Debug, Clone, PartialEq)]
pub struct SeenItem {
    /// The item's id within its feed (guid, Atom id, else its link).
    pub key: String,
    pub url: Option<String>,
    pub article_id: Option<String>,
}

/// A file of a watched folder, as it was when ingested.
#[derive(Debug, Clone, PartialEq)]
pub struct FileState {
    pub path: String,
    pub size: u64,
    pub mtime: i64,
    pub articles: u64,
}

/// A saved event filter. `None` fields match anything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertRule {
    pub id: i64,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// An ACLED event type or sub-event type, or a PLOVER type (case-insensitive).
    pub event_type: Option<String>,
    pub min_killed: Option<u32>,
    /// Where matches are POSTed as JSON.
    pub webhook: Option<String>,
    pub created: i64,
}

/// An event that matched an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertMatch {
    pub alert_id: i64,
    pub event_id: String,
    pub matched_at: i64,
    /// The JSON body sent to the webhook.
    pub summary: String,
    /// `None`: no webhook; `Some(false)`: not (yet) accepted.
    pub delivered: Option<bool>,
    pub attempts: u32,
    pub last_error: Option<String>,
}

/// Persistence for the watcher.
pub trait WatchStore {
    fn feed_state(&self, url: &str) -> Result<Option<FeedState>>;
    /// Insert or replace a feed's row.
    fn save_feed_state(&self, state: &FeedState) -> Result<()>;
    /// Every feed polled so far, by URL.
    fn feed_states(&self) -> Result<Vec<FeedState>>;
    /// Whether this feed's item was handled before.
    fn item_seen(&self, feed_url: &str, key: &str) -> Result<bool>;
    /// Record items as handled (one transaction); returns how many were new.
    fn mark_items_seen(&self, feed_url: &str, items: &[SeenItem], now: i64) -> Result<usize>;
    /// Forget items handled before `before` (Unix seconds); returns how many. An item still
    /// in its feed after that is not fetched again if its article is stored (by id).
    fn prune_items(&self, before: i64) -> Result<usize>;
    /// Whether an article with this id is stored (an item stored before a
    /// crash, but not yet marked seen, is not fetched again).
    fn has_article(&self, id: &str) -> Result<bool>;
    fn file_state(&self, path: &str) -> Result<Option<FileState>>;
    fn mark_file(&self, file: &FileState, now: i64) -> Result<()>;
    /// Ids of the (merged) events an article reports.
    fn events_of_article(&self, article_id: &str) -> Result<Vec<String>>;
    /// Save an alert; returns its id.
    fn add_alert(&self, rule: &AlertRule) -> Result<i64>;
    fn alerts(&self) -> Result<Vec<AlertRule>>;
    /// Remove an alert and its matches; false when there was none.
    fn remove_alert(&self, id: i64) -> Result<bool>;
    /// Record a match; false when this event had matched this alert before.
    fn record_alert_match(&self, m: &AlertMatch) -> Result<bool>;
    /// Record a webhook attempt.
    fn set_delivery(
        &self,
        alert_id: i64,
        event_id: &str,
        ok: bool,
        error: Option<&str>,
    ) -> Result<()>;
    /// Matches, newest first.
    fn alert_matches(&self, limit: u32) -> Result<Vec<AlertMatch>>;
    /// Matches whose webhook has not accepted them yet, after fewer than `max_attempts`.
    fn undelivered_matches(&self, max_attempts: u32) -> Result<Vec<AlertMatch>>;
}

/// An IMMEDIATE transaction, like every write of the store: it takes the write lock (waiting
/// its turn) before reading anything.
fn immediate(conn: &Connection) -> Result<Transaction<'_>> {
    Ok(Transaction::new_unchecked(
        conn,
        TransactionBehavior::Immediate,
    )?)
}

fn feed_row(r: &Row) -> rusqlite::Result<FeedState> {
    Ok(FeedState {
        url: r.get(0)?,
        etag: r.get(1)?,
        last_modified: r.get(2)?,
        last_poll: r.get(3)?,
        last_success: r.get(4)?,
        last_status: r.get(5)?,
        last_error: r.get(6)?,
        consecutive_errors: r.get(7)?,
        next_poll: r.get(8)?,
        items_seen: r.get::<_, i64>(9)? as u64,
        articles_stored: r.get::<_, i64>(10)? as u64,
    })
}

const FEED_COLUMNS: &str = "url, etag, last_modified, last_poll, last_success, last_status, \
     last_error, consecutive_errors, next_poll, items_seen, articles_stored";

fn alert_row(r: &Row) -> rusqlite::Result<AlertRule> {
    Ok(AlertRule {
        id: r.get(0)?,
        country: r.get(1)?,
        event_type: r.get(2)?,
        min_killed: r.get(3)?,
        webhook: r.get(4)?,
        created: r.get(5)?,
    })
}

fn match_row(r: &Row) -> rusqlite::Result<AlertMatch> {
    Ok(AlertMatch {
        alert_id: r.get(0)?,
        event_id: r.get(1)?,
        matched_at: r.get(2)?,
        summary: r.get(3)?,
        delivered: r.get::<_, Option<i64>>(4)?.map(|d| d != 0),
        attempts: r.get(5)?,
        last_error: r.get(6)?,
    })
}

const MATCH_COLUMNS: &str =
    "alert_id, event_id, matched_at, summary, delivered, attempts, last_error";

impl WatchStore for SqliteStore {
    fn feed_state(&self, url: &str) -> Result<Option<FeedState>> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM watch_feeds WHERE url = ?1");
        Ok(self
            .connection()
            .query_row(&sql, [url], feed_row)
            .optional()?)
    }

    fn save_feed_state(&self, s: &FeedState) -> Result<()> {
        let sql = format!(
            "INSERT OR REPLACE INTO watch_feeds ({FEED_COLUMNS}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        );
        self.connection().execute(
            &sql,
            params![
                s.url,
                s.etag,
                s.last_modified,
                s.last_poll,
                s.last_success,
                s.last_status,
                s.last_error,
                s.consecutive_errors,
                s.next_poll,
                s.items_seen as i64,
                s.articles_stored as i64
            ],
        )?;
        Ok(())
    }

    fn feed_states(&self) -> Result<Vec<FeedState>> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM watch_feeds ORDER BY url");
        let conn = self.connection();
        let mut st = conn.prepare(&sql)?;
        let rows = st.query_map([], feed_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn item_seen(&self, feed_url: &str, key: &str) -> Result<bool> {
        Ok(self
            .connection()
            .query_row(
                "SELECT 1 FROM watch_items WHERE feed_url = ?1 AND item_key = ?2",
                [feed_url, key],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    fn mark_items_seen(&self, feed_url: &str, items: &[SeenItem], now: i64) -> Result<usize> {
        let conn = self.connection();
        let tx = immediate(&conn)?;
        let mut added = 0;
        {
            let mut st = tx.prepare(
                "INSERT OR IGNORE INTO watch_items (feed_url, item_key, url, article_id, seen_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for it in items {
                added += st.execute(params![feed_url, it.key, it.url, it.article_id, now])?;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    fn prune_items(&self, before: i64) -> Result<usize> {
        Ok(self
            .connection()
            .execute("DELETE FROM watch_items WHERE seen_at < ?1", [before])?)
    }

    fn has_article(&self, id: &str) -> Result<bool> {
        Ok(self
            .connection()
            .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn file_state(&self, path: &str) -> Result<Option<FileState>> {
        Ok(self
            .connection()
            .query_row(
                "SELECT path, size, mtime, articles FROM watch_files WHERE path = ?1",
                [path],
                |r| {
                    Ok(FileState {
                        path: r.get(0)?,
                        size: r.get::<_, i64>(1)? as u64,
                        mtime: r.get(2)?,
                        articles: r.get::<_, i64>(3)? as u64,
                    })
                },
            )
            .optional()?)
    }

    fn mark_file(&self, f: &FileState, now: i64) -> Result<()> {
        self.connection().execute(
            "INSERT OR REPLACE INTO watch_files (path, size, mtime, articles, ingested_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![f.path, f.size as i64, f.mtime, f.articles as i64, now],
        )?;
        Ok(())
    }

    fn events_of_article(&self, article_id: &str) -> Result<Vec<String>> {
        let conn = self.connection();
        let mut st = conn.prepare(
            "SELECT DISTINCT event_id FROM reports WHERE article_id = ?1 ORDER BY event_id",
        )?;
        let rows = st.query_map([article_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn add_alert(&self, a: &AlertRule) -> Result<i64> {
        let conn = self.connection();
        conn.execute(
            "INSERT INTO alerts (country, event_type, min_killed, webhook, created) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![a.country, a.event_type, a.min_killed, a.webhook, a.created],
        )?;
        Ok(conn.last_insert_rowid())
    }

    fn alerts(&self) -> Result<Vec<AlertRule>> {
        let conn = self.connection();
        let mut st = conn.prepare(
            "SELECT id, country, event_type, min_killed, webhook, created FROM alerts ORDER BY id",
        )?;
        let rows = st.query_map([], alert_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn remove_alert(&self, id: i64) -> Result<bool> {
        let conn = self.connection();
        let tx = immediate(&conn)?;
        tx.execute("DELETE FROM alert_matches WHERE alert_id = ?1", [id])?;
        let n = tx.execute("DELETE FROM alerts WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(n > 0)
    }

    fn record_alert_match(&self, m: &AlertMatch) -> Result<bool> {
        let n = self.connection().execute(
            "INSERT OR IGNORE INTO alert_matches \
             (alert_id, event_id, matched_at, summary, delivered, attempts, last_error) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                m.alert_id,
                m.event_id,
                m.matched_at,
                m.summary,
                m.delivered.map(i64::from),
                m.attempts,
                m.last_error
            ],
        )?;
        Ok(n > 0)
    }

    fn set_delivery(
        &self,
        alert_id: i64,
        event_id: &str,
        ok: bool,
        error: Option<&str>,
    ) -> Result<()> {
        self.connection().execute(
            "UPDATE alert_matches SET delivered = ?3, attempts = attempts + 1, last_error = ?4 \
             WHERE alert_id = ?1 AND event_id = ?2",
            params![alert_id, event_id, i64::from(ok), error],
        )?;
        Ok(())
    }

    fn alert_matches(&self, limit: u32) -> Result<Vec<AlertMatch>> {
        let sql = format!(
            "SELECT {MATCH_COLUMNS} FROM alert_matches \
             ORDER BY matched_at DESC, alert_id, event_id LIMIT ?1"
        );
        let conn = self.connection();
        let mut st = conn.prepare(&sql)?;
        let rows = st.query_map([limit], match_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn undelivered_matches(&self, max_attempts: u32) -> Result<Vec<AlertMatch>> {
        let sql = format!(
            "SELECT {MATCH_COLUMNS} FROM alert_matches \
             WHERE delivered = 0 AND attempts < ?1 ORDER BY matched_at, alert_id, event_id"
        );
        let conn = self.connection();
        let mut st = conn.prepare(&sql)?;
        let rows = st.query_map([max_attempts], match_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_state_round_trips_and_items_are_seen_once() {
        let s = SqliteStore::open_in_memory().unwrap();
        assert_eq!(s.feed_state("http://a/feed").unwrap(), None);
        let st = FeedState {
            url: "http://a/feed".into(),
            etag: Some("\"v1\"".into()),
            consecutive_errors: 2,
            next_poll: Some(100),
            ..Default::default()
        };
        s.save_feed_state(&st).unwrap();
        assert_eq!(s.feed_state("http://a/feed").unwrap(), Some(st.clone()));
        assert_eq!(s.feed_states().unwrap(), vec![st]);
        let item = SeenItem {
            key: "g1".into(),
            url: Some("http://a/1".into()),
            article_id: None,
        };
        assert!(!s.item_seen("http://a/feed", "g1").unwrap());
        assert_eq!(
            s.mark_items_seen("http://a/feed", std::slice::from_ref(&item), 5)
                .unwrap(),
            1
        );
        assert_eq!(s.mark_items_seen("http://a/feed", &[item], 6).unwrap(), 0);
        assert!(s.item_seen("http://a/feed", "g1").unwrap());
        assert!(!s.item_seen("http://b/feed", "g1").unwrap());
        assert_eq!(s.prune_items(5).unwrap(), 0);
        assert_eq!(s.prune_items(6).unwrap(), 1);
        assert!(!s.item_seen("http://a/feed", "g1").unwrap());
    }

    #[test]
    fn alerts_match_once_and_track_delivery() {
        let s = SqliteStore::open_in_memory().unwrap();
        let id = s
            .add_alert(&AlertRule {
                country: Some("ML".into()),
                webhook: Some("http://hook".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(s.alerts().unwrap()[0].id, id);
        let m = AlertMatch {
            alert_id: id,
            event_id: "e1".into(),
            matched_at: 10,
            summary: "{}".into(),
            delivered: Some(false),
            attempts: 0,
            last_error: None,
        };
        assert!(s.record_alert_match(&m).unwrap());
        assert!(!s.record_alert_match(&m).unwrap());
        assert_eq!(s.undelivered_matches(3).unwrap().len(), 1);
        s.set_delivery(id, "e1", false, Some("http 500")).unwrap();
        s.set_delivery(id, "e1", false, Some("http 500")).unwrap();
        s.set_delivery(id, "e1", false, Some("http 500")).unwrap();
        assert!(s.undelivered_matches(3).unwrap().is_empty());
        assert_eq!(s.alert_matches(10).unwrap()[0].attempts, 3);
        assert!(s.remove_alert(id).unwrap());
        assert!(s.alert_matches(10).unwrap().is_empty());
        assert!(!s.remove_alert(id).unwrap());
    }
}
