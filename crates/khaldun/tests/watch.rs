//! `khaldun watch` as a process: killed with SIGKILL mid-run and restarted, it loses and
//! duplicates nothing; stopped with SIGTERM, it finishes its poll and exits cleanly. Feeds
//! and pages come from a local server (`--allow-private-fetch`: it is on loopback).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use khaldun_store::{SqliteStore, Store, WatchStore};
use khaldun_watch::testing::{page, rss, Reply, TestServer};

const FEEDS: usize = 4;
const ITEMS: usize = 4;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("khaldun-watch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Four feeds of four items on one host; every page takes 200 ms, two at a time.
fn serve() -> TestServer {
    let server = TestServer::start().unwrap();
    for f in 1..=FEEDS {
        let items: Vec<khaldun_watch::testing::Item> = (1..=ITEMS)
            .map(|i| {
                (
                    format!("f{f}-i{i}"),
                    format!("Report {f}.{i}"),
                    server.url(&format!("/p/{f}/{i}")),
                    "Short.".to_string(),
                )
            })
            .collect();
        let refs = &items;
        server.set(
            &format!("/feed/{f}.xml"),
            Reply::ok("application/rss+xml", rss(refs)),
        );
        for i in 1..=ITEMS {
            let text = format!(
                "On April {} , gunmen killed {} villagers in an attack near Mopti, in central \
                 Mali, officials said. Report number {f}.{i}.",
                10 + i,
                f + i
            );
            server.set(
                &format!("/p/{f}/{i}"),
                Reply {
                    delay: Duration::from_millis(200),
                    ..Reply::ok("text/html", page(&format!("Report {f}.{i}"), &[&text]))
                },
            );
        }
    }
    server
}

fn feeds_file(dir: &Path, server: &TestServer) -> PathBuf {
    let mut toml = String::from(
        "[politeness]\nper_host_concurrency = 2\nper_host_delay = \"0s\"\nretries = 0\ntimeout = \"5s\"\n",
    );
    for f in 1..=FEEDS {
        toml.push_str(&format!(
            "\n[[feed]]\nurl = \"{}\"\ninterval = \"1h\"\ncountry = \"ML\"\ntype = \"test\"\n",
            server.url(&format!("/feed/{f}.xml"))
        ));
    }
    let path = dir.join("feeds.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

fn watch(feeds: &Path, db: &Path, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .arg("watch")
        .arg("--feeds")
        .arg(feeds)
        .arg("--db")
        .arg(db)
        .arg("--allow-private-fetch")
        .args(extra)
        .env_remove("KHALDUN_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run khaldun watch")
}

fn stored(db: &Path) -> Vec<String> {
    let Ok(store) = SqliteStore::open(db) else {
        return Vec::new();
    };
    let q = khaldun_store::ArticleQuery {
        limit: Some(1000),
        ..Default::default()
    };
    store
        .articles(&q)
        .map(|v| v.into_iter().filter_map(|a| a.url).collect())
        .unwrap_or_default()
}

/// Wait (at most 60 s: the binary loads its gazetteer first) until some article is stored.
fn wait_for_first(db: &Path, child: &mut Child) -> Vec<String> {
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(60) {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("watch exited early: {status}");
        }
        let urls = stored(db);
        if !urls.is_empty() {
            return urls;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("nothing stored within 60 s");
}

/// Run a short khaldun command; its stdout.
fn khaldun(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .args(args)
        .env_remove("KHALDUN_LOG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn alerts_are_added_listed_and_removed() {
    let dir = TempDir::new("alerts");
    let db = dir.0.join("k.db");
    let db = db.to_str().unwrap();
    let added = khaldun(&[
        "alerts",
        "--db",
        db,
        "add",
        "--country",
        "ml",
        "--type",
        "Battles",
        "--min-killed",
        "5",
        "--webhook",
        "http://127.0.0.1:9/hook",
    ]);
    assert!(
        added.starts_with("alert 1 saved: country ML, type Battles, killed >= 5"),
        "{added}"
    );
    let listed = khaldun(&["alerts", "--db", db]);
    assert!(listed.contains("alert 1: country ML"), "{listed}");
    assert!(listed.contains("no match yet"), "{listed}");
    khaldun(&["alerts", "--db", db, "remove", "1"]);
    let bad = Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .args(["alerts", "--db", db, "add", "--country", "Mali"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("two-letter"));
}

fn path_of(url: &str) -> String {
    url.split_once("//")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap()
}

#[test]
fn killed_and_restarted_it_loses_and_duplicates_nothing() {
    let dir = TempDir::new("kill");
    let server = serve();
    let feeds = feeds_file(&dir.0, &server);
    let db = dir.0.join("k.db");
    let mut child = watch(&feeds, &db, &[]);
    let before = wait_for_first(&db, &mut child);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = stored(&db)
        .into_iter()
        .chain(before)
        .collect::<std::collections::BTreeSet<_>>();
    assert!(
        before.len() < FEEDS * ITEMS,
        "killed mid-run: {} of {} stored",
        before.len(),
        FEEDS * ITEMS
    );

    let out = watch(&feeds, &db, &["--once"]).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = stored(&db);
    assert_eq!(after.len(), FEEDS * ITEMS, "every item stored, once");
    let store = SqliteStore::open(&db).unwrap();
    let seen: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM watch_items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(seen as usize, FEEDS * ITEMS);
    for url in &before {
        assert_eq!(
            server.hits(&path_of(url)),
            1,
            "{url} was stored before the kill"
        );
    }
    for url in &after {
        assert!(server.hits(&path_of(url)) <= 2, "{url}");
    }
    let states = store.feed_states().unwrap();
    assert_eq!(states.len(), FEEDS);
    assert!(states.iter().all(|s| s.consecutive_errors == 0));
    let out = khaldun(&[
        "feeds",
        "--feeds",
        feeds.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    let oks = out.lines().filter(|l| l.starts_with("ok ")).count();
    assert_eq!(oks, FEEDS, "{out}");
    let refetched = after
        .iter()
        .filter(|u| server.hits(&path_of(u)) == 2)
        .count();
    eprintln!(
        "restart: {} of {} stored before the kill; {} page(s) fetched again (in flight at the kill), 0 duplicates",
        before.len(),
        FEEDS * ITEMS,
        refetched
    );
}

#[cfg(unix)]
#[test]
fn sigterm_finishes_the_poll_and_exits_cleanly() {
    let dir = TempDir::new("term");
    let server = serve();
    let feeds = feeds_file(&dir.0, &server);
    let db = dir.0.join("k.db");
    let mut child = watch(&feeds, &db, &[]);
    wait_for_first(&db, &mut child);
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let t0 = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(t0.elapsed() < Duration::from_secs(20), "did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    assert_eq!(
        stored(&db).len(),
        FEEDS * ITEMS,
        "the poll under way was finished"
    );
}
