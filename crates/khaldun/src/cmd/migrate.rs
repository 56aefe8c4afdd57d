//! `khaldun migrate --from sqlite:PATH --to postgres://...`: copy a store.
//!
//! Every article is read back with its annotations and reports and put into
//! the target, whose deduplication (the same code, independent of order)
//! rebuilds the same events; the counts are compared at the end.

use clap::Args;
use khaldun_store::{ArticleQuery, Store};

use super::common::{open_store, progress, redact};

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Source store: a SQLite file (`sqlite:PATH` or `PATH`) or a PostgreSQL URL.
    #[arg(long)]
    pub from: String,
    /// Target store (created or brought up to date).
    #[arg(long)]
    pub to: String,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
}

pub fn run(args: MigrateArgs, quiet: bool) -> anyhow::Result<()> {
    let from = open_store(&args.from)?;
    let to = open_store(&args.to)?;
    let total = from.stats()?.articles;
    let pb = progress(quiet, Some(total), "copying");
    let copied = copy(from.as_ref(), to.as_ref(), args.batch, &|n| pb.inc(n))?;
    pb.finish_and_clear();
    let (a, b) = (from.stats()?, to.stats()?);
    if !quiet {
        eprintln!(
            "copied {copied} article(s) from {} to {}: target holds {} articles, {} events, {} reports (source {}, {}, {})",
            redact(&args.from),
            redact(&args.to),
            b.articles,
            b.events,
            b.reports,
            a.articles,
            a.events,
            a.reports
        );
    }
    if (b.articles, b.events, b.reports) < (a.articles, a.events, a.reports) {
        anyhow::bail!("the target holds less than the source");
    }
    Ok(())
}

/// Copy every article of `from` into `to`; the number read.
pub fn copy(
    from: &dyn Store,
    to: &dyn Store,
    batch: usize,
    progress: &dyn Fn(u64),
) -> anyhow::Result<u64> {
    let page = batch.clamp(1, 10_000);
    let mut offset = 0u32;
    let mut n = 0u64;
    loop {
        let list = from.articles(&ArticleQuery {
            limit: Some(page as u32),
            offset: Some(offset),
            ..Default::default()
        })?;
        if list.is_empty() {
            return Ok(n);
        }
        let mut docs = Vec::with_capacity(list.len());
        for s in &list {
            if let Some(d) = from.article(&s.id)? {
                docs.push(d);
            }
        }
        to.put(&docs)?;
        n += docs.len() as u64;
        progress(docs.len() as u64);
        offset += list.len() as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khaldun_store::{EventQuery, SqliteStore};

    #[test]
    fn copy_rebuilds_the_same_events() {
        let from = SqliteStore::open_in_memory().unwrap();
        let pipeline = khaldun_pipeline::Pipeline::standard();
        let docs: Vec<_> = crate::cmd::samples::articles()
            .into_iter()
            .take(12)
            .map(|a| pipeline.process(a))
            .collect();
        from.put(&docs).unwrap();
        let to = SqliteStore::open_in_memory().unwrap();
        let n = copy(&from, &to, 5, &|_| {}).unwrap();
        assert_eq!(n, 12);
        assert_eq!(from.stats().unwrap(), to.stats().unwrap());
        let ids = |s: &SqliteStore| {
            s.events(&EventQuery {
                include_flagged: true,
                limit: Some(10_000),
                ..Default::default()
            })
            .unwrap()
            .events
            .into_iter()
            .map(|e| (e.id, e.reports, e.event.killed))
            .collect::<Vec<_>>()
        };
        assert_eq!(ids(&from), ids(&to));
    }
}
