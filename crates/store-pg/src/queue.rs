//! The work queue: articles waiting to be annotated and stored by
//! `khaldun worker` processes, on this machine or others.
//!
//! A worker claims up to N pending rows with `FOR UPDATE SKIP LOCKED` and,
//! in that same transaction, annotates the articles, stores them and marks
//! the rows done. So an article is never lost (a worker that dies, or whose
//! connection drops, rolls back: its rows are pending again at once), never
//! taken by two workers at once (the row locks), and never merged twice (the
//! rows are marked done in the transaction that stores them, and `put` is
//! idempotent per article besides).

use khaldun_model::{AnnotatedArticle, Article};
use khaldun_store::{PutOutcome, Result};

use crate::{Pg, PgStore};

/// What one claim did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Rows claimed and marked done (0: the queue had nothing pending).
    pub claimed: usize,
    /// Outcomes of the articles stored.
    pub outcomes: Vec<PutOutcome>,
    /// Articles the pipeline could not annotate (done, with their error).
    pub failed: usize,
    /// Time spent annotating, and claiming, storing and committing.
    pub annotate: std::time::Duration,
    pub store: std::time::Duration,
}

/// Rows pending and done.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct QueueCounts {
    pub pending: u64,
    pub done: u64,
}

/// Claim up to `n` pending rows in the open transaction (rows other
/// workers hold are skipped): their ids and articles.
pub fn claim(tx: &mut postgres::Transaction, n: usize) -> Result<Vec<(i64, Article)>> {
    let rows = tx
        .query(
            "SELECT id, article FROM queue WHERE done_at IS NULL ORDER BY id LIMIT $1
             FOR UPDATE SKIP LOCKED",
            &[&(n as i64)],
        )
        .pg()?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push((r.get(0), serde_json::from_str(r.get::<_, &str>(1))?));
    }
    Ok(out)
}

impl PgStore {
    /// Add articles to the queue (no annotation); the number added.
    pub fn enqueue(&self, articles: &[Article]) -> Result<usize> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().pg()?;
        let stmt = tx
            .prepare("INSERT INTO queue (article_id, article) VALUES ($1, $2)")
            .pg()?;
        for a in articles {
            tx.execute(&stmt, &[&a.id, &serde_json::to_string(a)?])
                .pg()?;
        }
        tx.commit().pg()?;
        Ok(articles.len())
    }

    /// Claim a batch of up to `n` articles, annotate them with `annotate`,
    /// store them and mark them done, all in one transaction.
    pub fn work(
        &self,
        worker: &str,
        n: usize,
        annotate: &dyn Fn(Vec<Article>) -> Vec<AnnotatedArticle>,
    ) -> Result<Batch> {
        let started = std::time::Instant::now();
        let mut c = self.conn()?;
        let (client, cache) = c.split();
        let mut tx = client.transaction().pg()?;
        let claimed = claim(&mut tx, n.max(1))?;
        if claimed.is_empty() {
            tx.commit().pg()?;
            return Ok(Batch::default());
        }
        let (ids, articles): (Vec<i64>, Vec<Article>) = claimed.into_iter().unzip();
        let annotating = std::time::Instant::now();
        let docs = annotate(articles);
        let annotate_time = annotating.elapsed();
        let (good, bad): (Vec<_>, Vec<_>) = docs.into_iter().partition(|d| d.error.is_none());
        let outcomes = crate::write::put(
            &mut crate::write::W::new(&mut tx, cache),
            &self.dedup,
            &good,
        )?;
        tx.execute(
            "UPDATE queue SET done_at = now(), done_by = $1 WHERE id = ANY($2)",
            &[&worker, &ids],
        )
        .pg()?;
        for d in &bad {
            tx.execute(
                "UPDATE queue SET error = $1 WHERE id = ANY($2) AND article_id = $3",
                &[&d.error, &ids, &d.article.id],
            )
            .pg()?;
        }
        tx.commit().pg()?;
        Ok(Batch {
            claimed: ids.len(),
            outcomes,
            failed: bad.len(),
            annotate: annotate_time,
            store: started.elapsed().saturating_sub(annotate_time),
        })
    }

    /// How many rows are pending and done.
    pub fn queue_counts(&self) -> Result<QueueCounts> {
        let row = self
            .conn()?
            .query_one(
                "SELECT COUNT(*) FILTER (WHERE done_at IS NULL), COUNT(*) FILTER (WHERE done_at IS NOT NULL)
                 FROM queue",
                &[],
            )
            .pg()?;
        Ok(QueueCounts {
            pending: row.get::<_, i64>(0) as u64,
            done: row.get::<_, i64>(1) as u64,
        })
    }
}
