//! `khaldun feeds`: the watched feeds and their health.

use std::path::PathBuf;

use clap::Args;
use khaldun_store::WatchStore;
use khaldun_watch::health::feed_health;
use khaldun_watch::WatchConfig;

use super::common::{clip, DbArgs};

#[derive(Debug, Args)]
pub struct FeedsArgs {
    /// Feeds file: list its feeds (never-polled ones too), then feeds polled before that it
    /// no longer lists. Without it, every feed polled so far.
    #[arg(long, value_name = "FILE")]
    pub feeds: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON (as /api/health's `feeds`).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: FeedsArgs) -> anyhow::Result<()> {
    let sources = match &args.feeds {
        Some(p) => WatchConfig::load(p)?.feeds,
        None => Vec::new(),
    };
    let store = args.db.open_sqlite("khaldun feeds")?;
    let health = feed_health(&sources, &store.feed_states()?);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&health)?);
        return Ok(());
    }
    if health.is_empty() {
        eprintln!("no feed watched yet (khaldun watch --feeds FILE)");
        return Ok(());
    }
    println!(
        "{:<12} {:>4} {:<2} {:<16} {:>6} {:>8} {:<20} URL / last error",
        "STATUS", "ERRS", "CC", "TYPE", "ITEMS", "ARTICLES", "LAST SUCCESS"
    );
    for h in health {
        println!(
            "{:<12} {:>4} {:<2} {:<16} {:>6} {:>8} {:<20} {}",
            h.status,
            h.consecutive_errors,
            h.country.as_deref().unwrap_or("-"),
            clip(h.kind.as_deref().unwrap_or("-"), 16),
            h.items_seen,
            h.articles_stored,
            h.last_success.as_deref().unwrap_or("never"),
            h.url
        );
        if let Some(e) = h.last_error.filter(|_| h.consecutive_errors > 0) {
            println!("{:>12} {}", "", clip(&e, 100));
        }
    }
    Ok(())
}
