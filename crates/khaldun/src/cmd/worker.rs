//! `khaldun worker`: annotate and store queued articles from a PostgreSQL
//! store. Run as many as the machines allow; each claims batches with
//! `FOR UPDATE SKIP LOCKED` and stores them in the claiming transaction (a
//! killed worker's batch goes back to the queue; see `khaldun_store_pg::queue`).

use std::time::{Duration, Instant};

use clap::Args;
use khaldun_pipeline::Pipeline;
use khaldun_store::PutOutcome;

use super::common::DbArgs;

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Articles claimed per transaction.
    #[arg(long, default_value_t = 32)]
    pub batch: usize,
    /// Stop when the queue is empty (default: wait for more).
    #[arg(long)]
    pub exit_when_empty: bool,
    /// How long to wait before looking at an empty queue again, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    pub poll_ms: u64,
    /// Name recorded on the rows this worker completes (default: host-pid).
    #[arg(long)]
    pub name: Option<String>,
}

/// Consecutive failed batches after which a worker gives up.
const MAX_ERRORS: u32 = 10;

pub fn run(args: WorkerArgs, quiet: bool) -> anyhow::Result<()> {
    let store = args.db.open_pg("worker")?;
    let name = args.name.clone().unwrap_or_else(default_name);
    let pipeline = Pipeline::standard();
    let annotate = |articles| pipeline.process_batch(articles);
    let started = Instant::now();
    let (mut articles, mut new, mut failed) = (0usize, 0usize, 0usize);
    let (mut annotating, mut storing) = (Duration::ZERO, Duration::ZERO);
    tracing::info!(worker = %name, db = %args.db.name(), "worker started");
    let mut errors = 0;
    loop {
        // A failed batch rolled back and is pending again: retry, unless
        // failures repeat (the database is gone, the schema is wrong).
        let b = match store.work(&name, args.batch, &annotate) {
            Ok(b) => {
                errors = 0;
                b
            }
            Err(e) if errors < MAX_ERRORS => {
                errors += 1;
                tracing::warn!(worker = %name, "batch failed, retrying: {e}");
                std::thread::sleep(Duration::from_millis(args.poll_ms));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if b.claimed == 0 {
            if args.exit_when_empty {
                break;
            }
            std::thread::sleep(Duration::from_millis(args.poll_ms));
            continue;
        }
        articles += b.claimed;
        failed += b.failed;
        annotating += b.annotate;
        storing += b.store;
        new += b
            .outcomes
            .iter()
            .filter(|o| **o != PutOutcome::Duplicate)
            .count();
        tracing::info!(worker = %name, claimed = b.claimed, total = articles, "batch stored");
    }
    if !quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "worker {name}: {articles} article(s) in {secs:.1} s ({:.1}/s), {new} new or updated, {failed} failed; annotating {:.1} s, storing {:.1} s",
            articles as f64 / secs.max(1e-9),
            annotating.as_secs_f64(),
            storing.as_secs_f64()
        );
    }
    Ok(())
}

fn default_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    format!(
        "{}-{}",
        if host.is_empty() { "worker" } else { &host },
        std::process::id()
    )
}
