//! The watcher against a local HTTP server whose feeds change between polls: new items, a
//! 304, a 500, a slow answer, a redirect loop, a huge body, a malformed feed, robots.txt.
//! Time between polls is moved by hand (ManualClock); no test waits on the clock.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use khaldun_pipeline::Pipeline;
use khaldun_store::{SqliteStore, Store, WatchStore};
use khaldun_watch::testing::{page, rss, Item, Reply, TestServer};
use khaldun_watch::{
    FeedOutcome, ManualClock, Metrics, Politeness, PollReport, Source, WatchSetup, Watcher,
};

fn pipeline() -> Arc<Pipeline> {
    static P: OnceLock<Arc<Pipeline>> = OnceLock::new();
    P.get_or_init(|| Arc::new(Pipeline::standard())).clone()
}

fn politeness() -> Politeness {
    Politeness {
        per_host_concurrency: 4,
        per_host_delay: Duration::ZERO,
        timeout: Duration::from_millis(700),
        max_bytes: 1 << 20,
        retries: 1,
        retry_base: Duration::from_millis(10),
        workers: 4,
        ..Default::default()
    }
}

fn source(url: String) -> Source {
    Source {
        url,
        name: None,
        lang: None,
        interval: Duration::from_secs(60),
        fetch_links: true,
        max_links: 50,
        country: Some("ML".into()),
        kind: Some("test".into()),
    }
}

fn watcher(
    server: &TestServer,
    paths: &[&str],
    store: SqliteStore,
    allow_private: bool,
) -> (Watcher, Arc<ManualClock>, Arc<Metrics>) {
    let clock = Arc::new(ManualClock::new(
        chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
    ));
    let metrics = Arc::new(Metrics::new());
    let w = Watcher::new(
        paths.iter().map(|p| source(server.url(p))).collect(),
        WatchSetup {
            store,
            pipeline: pipeline(),
            clock: clock.clone(),
            metrics: metrics.clone(),
            ingest: khaldun_ingest::IngestOptions {
                allow_private_fetch: allow_private,
                ..Default::default()
            },
            politeness: politeness(),
            dir: None,
        },
    );
    (w, clock, metrics)
}

const INCIDENTS: [&str; 4] = [
    "On April 20, gunmen attacked a convoy of fuel tankers on the road between Boni and Hombori, \
     in Mali's Mopti region, burning six trucks and killing three drivers, according to local sources.",
    "On April 21, militants ambushed an army patrol about 20 kilometres east of Douentza, in \
     central Mali, killing at least four soldiers and wounding seven others, officials said.",
    "On April 22, suspected jihadists killed nine villagers in an attack on Ogossagou, in the \
     Bankass area of central Mali, local officials said.",
    "On April 23, soldiers clashed with JNIM fighters near Boulkessi in Mali, and the army said \
     twelve militants were killed in the fighting.",
];

fn article_page(n: usize) -> Reply {
    let title = format!("Attack report {n}");
    Reply::ok(
        "text/html; charset=utf-8",
        page(
            &title,
            &[
                INCIDENTS[n - 1],
                "The security situation in the region remains volatile.",
            ],
        ),
    )
}

/// A feed whose items the test sets; answers 304 to its current ETag.
#[derive(Clone, Default)]
struct LiveFeed {
    items: Arc<Mutex<(u32, Vec<Item>)>>,
}

impl LiveFeed {
    fn set(&self, items: Vec<Item>) {
        let mut g = self.items.lock().unwrap();
        g.0 += 1;
        g.1 = items;
    }

    fn serve(&self, server: &TestServer, path: &str) {
        let feed = self.clone();
        server.set_fn(path, move |req| {
            let g = feed.items.lock().unwrap();
            let etag = format!("\"v{}\"", g.0);
            if req.headers.get("if-none-match") == Some(&etag) {
                return Reply::status(304);
            }
            Reply::ok("application/rss+xml", rss(&g.1)).header("ETag", &etag)
        });
    }
}

fn item(server: &TestServer, n: usize, path: &str, summary: &str) -> Item {
    (
        format!("item-{n}"),
        format!("Attack report {n}"),
        server.url(path),
        summary.to_string(),
    )
}

fn outcome<'a>(r: &'a PollReport, server: &TestServer, path: &str) -> Option<&'a FeedOutcome> {
    let url = server.url(path);
    r.feeds.iter().find(|f| f.url == url).map(|f| &f.outcome)
}

fn failure(r: &PollReport, server: &TestServer, path: &str) -> String {
    match outcome(r, server, path) {
        Some(FeedOutcome::Failed(e)) => e.clone(),
        other => panic!("{path}: expected a failure, got {other:?}"),
    }
}

fn articles(store: &SqliteStore) -> u64 {
    store.stats().unwrap().articles
}

#[test]
fn a_feed_that_changes_over_time_and_feeds_that_fail() {
    let server = TestServer::start().unwrap();
    server.set(
        "/robots.txt",
        Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
    );
    let feed = LiveFeed::default();
    feed.serve(&server, "/feed.xml");
    for n in 1..=2 {
        server.set(&format!("/a/{n}"), article_page(n));
    }
    server.set("/private/3", article_page(3));
    // Page 4 fails twice (one poll: the request and its retry), then works.
    let page4 = Arc::new(AtomicUsize::new(0));
    let p4 = page4.clone();
    server.set_fn("/a/4", move |_| {
        if p4.fetch_add(1, Ordering::SeqCst) < 2 {
            Reply::status(503)
        } else {
            article_page(4)
        }
    });
    server.set("/broken.xml", Reply::status(500));
    server.set(
        "/malformed.xml",
        Reply::ok("application/rss+xml", "<rss><channel><item><title>cut"),
    );
    server.set("/loop.xml", Reply::redirect("/loop.xml"));
    server.set(
        "/huge.xml",
        Reply {
            huge: Some(5 << 20),
            ..Reply::ok("application/rss+xml", "")
        },
    );
    server.set(
        "/slow.xml",
        Reply {
            delay: Duration::from_millis(1500),
            ..Reply::ok("application/rss+xml", rss::<&str>(&[]))
        },
    );
    feed.set(vec![
        item(&server, 1, "/a/1", "Short."),
        item(&server, 2, "/a/2", "Short."),
        item(&server, 3, "/private/3", INCIDENTS[2]),
    ]);
    let paths = [
        "/feed.xml",
        "/broken.xml",
        "/malformed.xml",
        "/loop.xml",
        "/huge.xml",
        "/slow.xml",
    ];
    let store = SqliteStore::open_in_memory().unwrap();
    let (mut w, clock, metrics) = watcher(&server, &paths, store, true);

    // Poll 1: three new items; the robots-disallowed page is not fetched, its summary is read.
    let r = w.poll_due().unwrap();
    match outcome(&r, &server, "/feed.xml") {
        Some(FeedOutcome::Read {
            new_items: 3,
            stored: 3,
            events,
            deferred: 0,
        }) => assert!(*events >= 3, "events: {events}"),
        other => panic!("feed: {other:?}"),
    }
    assert_eq!(server.hits("/private/3"), 0, "robots.txt obeyed");
    assert_eq!(server.hits("/robots.txt"), 1, "robots.txt cached");
    assert_eq!(articles(w.store()), 3);
    let latency = r
        .feeds
        .iter()
        .find(|f| f.url == server.url("/feed.xml"))
        .unwrap()
        .latency;
    eprintln!("poll-to-stored latency, 3 new items with 2 pages: {latency:?}");
    assert!(latency < Duration::from_secs(60));
    let events = w
        .store()
        .events(&khaldun_store::EventQuery {
            country: Some("ML".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(!events.events.is_empty(), "events queryable at once");
    assert!(failure(&r, &server, "/broken.xml").starts_with("http 500"));
    assert_eq!(server.hits("/broken.xml"), 2, "one retry");
    assert!(failure(&r, &server, "/malformed.xml").starts_with("parse"));
    assert!(failure(&r, &server, "/loop.xml").starts_with("redirects"));
    assert!(failure(&r, &server, "/huge.xml").starts_with("too big"));
    assert!(failure(&r, &server, "/slow.xml").starts_with("timeout"));

    // Poll 2, a minute later: the feed answers 304; the failing feeds are backed off.
    clock.advance(Duration::from_secs(61));
    let r = w.poll_due().unwrap();
    assert_eq!(
        outcome(&r, &server, "/feed.xml"),
        Some(&FeedOutcome::NotModified)
    );
    assert_eq!(r.feeds.len(), 1, "failed feeds wait twice their interval");
    assert_eq!(server.hits("/broken.xml"), 2);

    // Poll 3: a new item whose page fails for now: deferred, and the ETag is not kept.
    let mut items = vec![
        item(&server, 1, "/a/1", "Short."),
        item(&server, 2, "/a/2", "Short."),
        item(&server, 3, "/private/3", INCIDENTS[2]),
    ];
    items.insert(0, item(&server, 4, "/a/4", "Short."));
    feed.set(items);
    clock.advance(Duration::from_secs(61));
    let r = w.poll_due().unwrap();
    assert!(
        matches!(
            outcome(&r, &server, "/feed.xml"),
            Some(FeedOutcome::Read {
                new_items: 1,
                stored: 0,
                deferred: 1,
                ..
            })
        ),
        "{r:?}"
    );
    let st = w
        .store()
        .feed_state(&server.url("/feed.xml"))
        .unwrap()
        .unwrap();
    assert_eq!(st.etag, None);

    // Poll 4: the page works; nothing else is fetched again.
    clock.advance(Duration::from_secs(61));
    let r = w.poll_due().unwrap();
    assert!(
        matches!(
            outcome(&r, &server, "/feed.xml"),
            Some(FeedOutcome::Read {
                new_items: 1,
                stored: 1,
                deferred: 0,
                ..
            })
        ),
        "{r:?}"
    );
    assert_eq!(articles(w.store()), 4);
    assert_eq!((server.hits("/a/1"), server.hits("/a/2")), (1, 1));
    assert_eq!(server.hits("/a/4"), 3);

    // The failing feeds keep failing: after three failures in a row they are reported.
    for _ in 0..3 {
        clock.advance(Duration::from_secs(7200));
        w.poll_due().unwrap();
    }
    let states = w.store().feed_states().unwrap();
    let health = khaldun_watch::health::feed_health(w.sources(), &states);
    let status = |p: &str| {
        health
            .iter()
            .find(|h| h.url == server.url(p))
            .map(|h| h.status)
            .unwrap()
    };
    assert_eq!(status("/feed.xml"), "ok");
    for p in &paths[1..] {
        assert_eq!(status(p), "failing", "{p}");
    }
    // Every failed poll of the broken feed is counted (the backoff's jitter decides how many).
    let broken = server.url("/broken.xml");
    let polls = states
        .iter()
        .find(|s| s.url == broken)
        .unwrap()
        .consecutive_errors;
    let line = format!("khaldun_watch_errors_total{{feed=\"{broken}\",kind=\"http 500\"}} {polls}");
    let text = metrics.render();
    assert!(text.lines().any(|l| l == line), "{line}\n{text}");
    assert_eq!(articles(w.store()), 4, "nothing stored twice");
}

#[test]
fn loopback_feeds_are_refused_without_allow_private_fetch() {
    let server = TestServer::start().unwrap();
    server.set(
        "/feed.xml",
        Reply::ok("application/rss+xml", rss::<&str>(&[])),
    );
    let store = SqliteStore::open_in_memory().unwrap();
    let (mut w, _, _) = watcher(&server, &["/feed.xml"], store, false);
    let r = w.poll_due().unwrap();
    let e = failure(&r, &server, "/feed.xml");
    assert!(
        e.starts_with("refused") && e.contains("allow-private-fetch"),
        "{e}"
    );
    assert_eq!(server.hits("/feed.xml"), 0, "no connection made");
}

fn temp_db(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("khaldun-watch-{name}-{}.db", std::process::id()));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
    p
}

#[test]
fn a_restarted_watcher_fetches_nothing_twice() {
    let server = TestServer::start().unwrap();
    // No validators: every poll reads the whole feed, so only the stored state prevents repeats.
    let items: Vec<_> = (1..=3)
        .map(|n| item(&server, n, &format!("/a/{n}"), "Short."))
        .collect();
    server.set("/feed.xml", Reply::ok("application/rss+xml", rss(&items)));
    for n in 1..=3 {
        server.set(&format!("/a/{n}"), article_page(n));
    }
    let db = temp_db("restart");
    let (mut w, _, _) = watcher(
        &server,
        &["/feed.xml"],
        SqliteStore::open(&db).unwrap(),
        true,
    );
    w.poll_due().unwrap();
    assert_eq!(articles(w.store()), 3);
    drop(w);

    // A new process (same database), a poll later.
    let (mut w, clock, _) = watcher(
        &server,
        &["/feed.xml"],
        SqliteStore::open(&db).unwrap(),
        true,
    );
    clock.advance(Duration::from_secs(3600));
    let r = w.poll_due().unwrap();
    assert!(
        matches!(r.feeds[0].outcome, FeedOutcome::Read { new_items: 0, .. }),
        "{r:?}"
    );
    // Items forgotten after KEEP_ITEMS: their stored articles still stop any refetch.
    clock.advance(khaldun_watch::watcher::KEEP_ITEMS + Duration::from_secs(1));
    assert_eq!(w.prune().unwrap(), 3);
    // Killed after storing but before marking the items: the articles are found by id.
    w.store()
        .connection()
        .execute("DELETE FROM watch_items", [])
        .unwrap();
    clock.advance(Duration::from_secs(3600));
    w.poll_due().unwrap();
    for n in 1..=3 {
        assert_eq!(server.hits(&format!("/a/{n}")), 1, "page {n}");
    }
    assert_eq!(articles(w.store()), 3);
    assert_eq!(
        w.store().feed_states().unwrap()[0].items_seen,
        6,
        "3 read, then 3 found stored (the marks pruned and deleted above)"
    );
    drop(w);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}

#[test]
fn alerts_are_posted_to_their_webhook_once() {
    let server = TestServer::start().unwrap();
    let items = [
        item(&server, 1, "/a/1", "Short."),
        item(&server, 2, "/a/2", "Short."),
    ];
    server.set("/feed.xml", Reply::ok("application/rss+xml", rss(&items)));
    server.set("/a/1", article_page(1));
    server.set("/a/2", article_page(2));
    // The webhook fails once: the match is sent again at the next poll.
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let failed_once = Arc::new(AtomicUsize::new(0));
    let (b, f) = (bodies.clone(), failed_once.clone());
    server.set_fn("/hook", move |req| {
        if f.fetch_add(1, Ordering::SeqCst) == 0 {
            return Reply::status(500);
        }
        b.lock().unwrap().push(req.body.clone());
        Reply::status(204)
    });
    let store = SqliteStore::open_in_memory().unwrap();
    let id = store
        .add_alert(&khaldun_store::AlertRule {
            country: Some("ML".into()),
            min_killed: Some(4),
            webhook: Some(server.url("/hook")),
            ..Default::default()
        })
        .unwrap();
    let (mut w, clock, _) = watcher(&server, &["/feed.xml"], store, true);
    let r = w.poll_due().unwrap();
    assert!(r.alerts >= 1, "{r:?}");
    let first_round = bodies.lock().unwrap().len();
    assert_eq!(first_round, r.alerts - 1, "one delivery failed");
    let pending = w.store().undelivered_matches(5).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        pending[0].last_error.as_deref(),
        Some("webhook answered HTTP 500")
    );
    clock.advance(Duration::from_secs(60));
    w.poll_due().unwrap();
    let got = bodies.lock().unwrap().clone();
    assert_eq!(got.len(), r.alerts, "the failed one sent again");
    let first: serde_json::Value = serde_json::from_slice(&got[0]).unwrap();
    assert_eq!(first["alert"], id);
    assert_eq!(first["country"], "ML");
    assert!(first["killed"].as_u64().unwrap() >= 4, "{first}");
    let matches = w.store().alert_matches(10).unwrap();
    assert!(matches.iter().all(|m| m.delivered == Some(true)));
    clock.advance(Duration::from_secs(3600));
    w.poll_due().unwrap();
    assert_eq!(bodies.lock().unwrap().len(), got.len(), "sent once");
}

#[test]
fn files_dropped_in_the_folder_are_ingested_once_when_complete() {
    let dir = std::env::temp_dir().join(format!("khaldun-watch-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let mut w = Watcher::new(
        Vec::new(),
        WatchSetup {
            store: SqliteStore::open_in_memory().unwrap(),
            pipeline: pipeline(),
            clock,
            metrics: Arc::new(Metrics::new()),
            ingest: Default::default(),
            politeness: politeness(),
            dir: Some(dir.clone()),
        },
    );
    std::fs::write(dir.join("brief.txt"), INCIDENTS[0]).unwrap();
    std::fs::write(dir.join("other.txt.part"), INCIDENTS[1]).unwrap();
    assert_eq!(
        w.poll_due().unwrap().files,
        0,
        "seen once: maybe still written"
    );
    let r = w.poll_due().unwrap();
    assert_eq!((r.files, r.articles_stored), (1, 1));
    assert!(r.events_stored >= 1);
    assert_eq!(w.poll_due().unwrap().files, 0, "ingested once");
    assert_eq!(articles(w.store()), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_long_feed_stores_its_first_items_before_its_last_page_is_in() {
    let server = TestServer::start().unwrap();
    let items: Vec<Item> = (1..=10)
        .map(|n| item(&server, n, &format!("/a/{n}"), "Short."))
        .collect();
    server.set("/feed.xml", Reply::ok("application/rss+xml", rss(&items)));
    for n in 1..=10 {
        let mut reply = article_page(1 + (n - 1) % 4);
        if n == 10 {
            reply.delay = Duration::from_millis(600); // under the 700 ms timeout
        }
        server.set(&format!("/a/{n}"), reply);
    }
    let db = temp_db("flush");
    let (mut w, _, _) = watcher(
        &server,
        &["/feed.xml"],
        SqliteStore::open(&db).unwrap(),
        true,
    );
    let poll = std::thread::spawn(move || {
        let r = w.poll_due().unwrap();
        (r, articles(w.store()))
    });
    let reader = SqliteStore::open(&db).unwrap();
    let t0 = std::time::Instant::now();
    let mut early = 0;
    while !poll.is_finished() && t0.elapsed() < Duration::from_secs(10) {
        early = early.max(articles(&reader));
        std::thread::sleep(Duration::from_millis(10));
    }
    let (r, total) = poll.join().unwrap();
    assert_eq!(total, 10, "{r:?}");
    assert!(
        early >= 8,
        "stored while the slow page was awaited: {early}"
    );
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}

#[test]
fn retry_after_holds_requests_to_the_host() {
    let server = TestServer::start().unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    server.set_fn("/busy.xml", move |_| {
        if c.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::status(503).header("Retry-After", "1")
        } else {
            Reply::ok("application/rss+xml", rss::<&str>(&[]))
        }
    });
    let fetcher = khaldun_watch::fetch::Fetcher::new(
        politeness(),
        &khaldun_ingest::IngestOptions {
            allow_private_fetch: true,
            ..Default::default()
        },
    );
    let t0 = std::time::Instant::now();
    let got = fetcher.get(&server.url("/busy.xml"), None);
    assert!(got.is_ok(), "{got:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert!(
        t0.elapsed() >= Duration::from_millis(950),
        "{:?}",
        t0.elapsed()
    );
}
