//! Fetch throughput and poll-to-event latency against local servers.
//!
//! `cargo run --release -p khaldun-watch --example local_throughput [FEEDS] [ITEMS] [polite]`
//!
//! Starts four loopback servers (four "hosts"), FEEDS feeds of ITEMS items each (summary
//! only, so every item's page is fetched), then: (1) fetches every page through the polite
//! fetcher alone (pages/s, MB/s); (2) runs one real poll into a fresh database and reports the
//! time from each feed's request to its events being stored. With `polite`, the default
//! politeness (2 requests at once and one start a second per host, robots.txt) instead of
//! no spacing and 4 at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use khaldun_pipeline::Pipeline;
use khaldun_store::{SqliteStore, Store};
use khaldun_watch::fetch::Fetcher;
use khaldun_watch::testing::{page, rss, Reply, TestServer};
use khaldun_watch::{Metrics, Politeness, Source, SystemClock, WatchSetup, Watcher};

const HOSTS: usize = 4;

fn main() {
    let mut args = std::env::args().skip(1);
    let feeds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(8);
    let items: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(25);
    let servers: Vec<TestServer> = (0..HOSTS).map(|_| TestServer::start().unwrap()).collect();
    let mut sources = Vec::new();
    let mut pages = Vec::new();
    for f in 0..feeds {
        let server = &servers[f % HOSTS];
        let entries: Vec<khaldun_watch::testing::Item> = (0..items)
            .map(|i| {
                let path = format!("/p/{f}/{i}");
                let text = format!(
                    "On April {}, gunmen killed {} villagers in an attack near Mopti, in central \
                     Mali, officials said. The army sent reinforcements to the area on the next \
                     day. Residents said the attackers came on motorbikes. Report {f}.{i}.",
                    1 + i % 28,
                    2 + i % 9
                );
                server.set(
                    &path,
                    Reply::ok("text/html", page(&format!("Report {f}.{i}"), &[&text])),
                );
                pages.push(server.url(&path));
                (
                    format!("{f}-{i}"),
                    format!("Report {f}.{i}"),
                    server.url(&path),
                    "Short.".into(),
                )
            })
            .collect();
        let refs = &entries;
        server.set(
            &format!("/feed/{f}.xml"),
            Reply::ok("application/rss+xml", rss(refs)),
        );
        sources.push(Source {
            url: server.url(&format!("/feed/{f}.xml")),
            name: None,
            lang: None,
            interval: Duration::from_secs(300),
            fetch_links: true,
            max_links: items,
            country: None,
            kind: None,
        });
    }
    let polite = args.next().is_some_and(|a| a == "polite");
    let politeness = if polite {
        Politeness::default()
    } else {
        Politeness {
            per_host_concurrency: 4,
            per_host_delay: Duration::ZERO,
            workers: 8,
            ..Default::default()
        }
    };
    let ingest = khaldun_ingest::IngestOptions {
        allow_private_fetch: true,
        ..Default::default()
    };

    // 1. Fetching alone.
    let fetcher = Fetcher::new(politeness.clone(), &ingest);
    let t0 = Instant::now();
    let bytes: usize = std::thread::scope(|s| {
        let chunks: Vec<_> = pages
            .chunks(pages.len().div_ceil(politeness.workers))
            .collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let f = &fetcher;
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|u| match f.get(u, None) {
                            Ok(khaldun_watch::fetch::Fetched::Page(p)) => p.bytes.len(),
                            _ => 0,
                        })
                        .sum::<usize>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "fetch only: {} pages ({:.1} MB) from {HOSTS} hosts in {:.2} s: {:.0} pages/s, {:.1} MB/s \
         (per-host concurrency {}, {} workers)",
        pages.len(),
        bytes as f64 / 1e6,
        secs,
        pages.len() as f64 / secs,
        bytes as f64 / 1e6 / secs,
        politeness.per_host_concurrency,
        politeness.workers
    );

    // 2. One real poll: feeds, pages, pipeline, store.
    let t_load = Instant::now();
    let pipeline = Arc::new(Pipeline::standard());
    println!("pipeline loaded in {:.2} s", t_load.elapsed().as_secs_f64());
    let db = std::env::temp_dir().join(format!("khaldun-throughput-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let mut w = Watcher::new(
        sources,
        WatchSetup {
            store: SqliteStore::open(&db).unwrap(),
            pipeline,
            clock: Arc::new(SystemClock),
            metrics: Arc::new(Metrics::new()),
            ingest,
            politeness,
            dir: None,
        },
    );
    let r = w.poll_due().unwrap();
    let mut lat: Vec<Duration> = r.feeds.iter().map(|f| f.latency).collect();
    lat.sort();
    let stats = w.store().stats().unwrap();
    println!(
        "poll: {} feeds, {} pages, {} articles, {} event reports stored in {:.2} s ({:.1} articles/s end to end)",
        r.feeds.len(),
        r.pages,
        stats.articles,
        r.events_stored,
        r.elapsed.as_secs_f64(),
        stats.articles as f64 / r.elapsed.as_secs_f64()
    );
    println!(
        "poll-to-event latency per feed: min {:.2} s, median {:.2} s, max {:.2} s",
        lat[0].as_secs_f64(),
        lat[lat.len() / 2].as_secs_f64(),
        lat[lat.len() - 1].as_secs_f64()
    );
    drop(w);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}
