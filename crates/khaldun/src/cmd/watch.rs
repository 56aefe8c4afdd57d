//! `khaldun watch`: poll feeds (and a folder) until stopped, storing new articles' events
//! (issue 12). The work is in the `khaldun-watch` crate; this wires flags to it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use khaldun_watch::ops::{Background, OpsState};
use khaldun_watch::{Metrics, SystemClock, WatchConfig, WatchSetup, Watcher};

use super::common::DbArgs;

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Feeds file: TOML (`[[feed]]` tables with url, interval, lang, fetch_links, country,
    /// type; optional [politeness]) or OPML exported by a feed reader.
    #[arg(long, value_name = "FILE", required_unless_present = "dir")]
    pub feeds: Option<PathBuf>,
    /// Also watch this folder: files dropped into it are ingested once, when complete.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Serve /metrics (Prometheus) and /api/health on this address (e.g. 127.0.0.1:9464).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Fetch feeds and pages on loopback, private and other non-public addresses (refused by
    /// default: a feed's links are chosen by someone else).
    #[arg(long)]
    pub allow_private_fetch: bool,
    /// Poll what is due once (and take the folder's complete files), then exit.
    #[arg(long)]
    pub once: bool,
    /// How often the folder is scanned (a file is taken when unchanged over two scans).
    #[arg(long, default_value = "2s", value_parser = humantime::parse_duration)]
    pub dir_every: Duration,
}

pub fn run(args: WatchArgs) -> anyhow::Result<()> {
    let config = match &args.feeds {
        Some(path) => WatchConfig::load(path)?,
        None => WatchConfig::default(),
    };
    if let Some(dir) = &args.dir {
        anyhow::ensure!(dir.is_dir(), "--dir {}: not a directory", dir.display());
    }
    let store = args.db.open_sqlite("khaldun watch")?;
    let db_path = args.db.sqlite_path().unwrap_or_default();
    let metrics = Arc::new(Metrics::new());
    let stop = Arc::new(AtomicBool::new(false));
    let ops = args.listen.map(|addr| {
        let state = OpsState {
            metrics: metrics.clone(),
            db: db_path,
            sources: Arc::new(config.feeds.clone()),
        };
        (addr, state)
    });
    let background =
        Background::start(Some(stop.clone()), ops).context("cannot start the endpoints")?;
    if let Some(addr) = background.addr {
        eprintln!("metrics: http://{addr}/metrics   health: http://{addr}/api/health");
    }
    let ingest = khaldun_ingest::IngestOptions {
        allow_private_fetch: args.allow_private_fetch,
        ..Default::default()
    };
    let n_feeds = config.feeds.len();
    let mut watcher = Watcher::new(
        config.feeds,
        WatchSetup {
            store,
            pipeline: Arc::new(khaldun_pipeline::Pipeline::standard()),
            clock: Arc::new(SystemClock),
            metrics,
            ingest,
            politeness: config.politeness,
            dir: args.dir.clone(),
        },
    );
    tracing::info!(feeds = n_feeds, dir = ?args.dir, db = %args.db.name(), "watching");
    if args.once {
        once(&mut watcher, args.dir_every)?;
    } else {
        eprintln!(
            "watching {n_feeds} feed(s){}; database {}; Ctrl-C or SIGTERM stops after the current poll",
            args.dir
                .as_ref()
                .map(|d| format!(" and {}", d.display()))
                .unwrap_or_default(),
            args.db.name()
        );
        watcher.run(&stop, args.dir_every)?;
    }
    background.shutdown();
    Ok(())
}

/// One poll; the folder is scanned again while a file in it is still changing (a few times).
fn once(watcher: &mut Watcher, dir_every: Duration) -> anyhow::Result<()> {
    let mut report = watcher.poll_due()?;
    for _ in 0..5 {
        if !watcher.folder_pending() {
            break;
        }
        std::thread::sleep(dir_every.min(Duration::from_secs(1)));
        let more = watcher.poll_due()?;
        report.files += more.files;
        report.articles_stored += more.articles_stored;
        report.events_stored += more.events_stored;
        report.feeds.extend(more.feeds);
    }
    for f in &report.feeds {
        eprintln!("{}: {:?} in {} ms", f.url, f.outcome, f.latency.as_millis());
    }
    eprintln!(
        "polled {} feed(s), {} file(s): {} article(s) stored, {} event report(s), {} alert match(es)",
        report.feeds.len(),
        report.files,
        report.articles_stored,
        report.events_stored,
        report.alerts
    );
    Ok(())
}
