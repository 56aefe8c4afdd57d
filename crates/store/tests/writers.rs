//! Many writers on one database file: separate connections (as separate
//! `khaldun ingest` processes and `khaldun serve` have) wait their turn; none
//! fails with "database is locked", nothing is lost or stored twice.

use std::path::PathBuf;
use std::sync::{Arc, Barrier};

use khaldun_model::{AnnotatedArticle, Article};
use khaldun_store::{ArticleQuery, PutOutcome, SqliteStore, Store};

fn temp_db(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("khaldun-store-{name}-{}.db", std::process::id()));
    for ext in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
    p
}

fn remove_db(p: &std::path::Path) {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
}

fn doc(id: &str) -> AnnotatedArticle {
    AnnotatedArticle::new(Article {
        id: id.into(),
        text: format!("Article {id}: gunmen attacked a village near Mopti."),
        ..Default::default()
    })
}

#[test]
fn writers_on_separate_connections_wait_their_turn() {
    const WRITERS: usize = 3;
    const BATCHES: usize = 12;
    const PER_BATCH: usize = 8;
    let path = temp_db("writers");
    // Three CLI-like writers in batches, one server-like writer putting one
    // article at a time; all open the (new) file at the same moment.
    let start = Arc::new(Barrier::new(WRITERS + 1));
    let mut handles = Vec::new();
    for w in 0..WRITERS {
        let (path, start) = (path.clone(), start.clone());
        handles.push(std::thread::spawn(move || -> Vec<(String, PutOutcome)> {
            start.wait();
            let store = SqliteStore::open(&path).expect("open");
            let mut out = Vec::new();
            for b in 0..BATCHES {
                // Each batch has articles of its own and one shared with every
                // other writer (the same article ingested twice at once).
                let mut docs: Vec<AnnotatedArticle> = (0..PER_BATCH)
                    .map(|i| doc(&format!("w{w}-b{b}-{i}")))
                    .collect();
                docs.push(doc(&format!("shared-{b}")));
                // A read on this connection first, as `ingest` does before writing.
                let _ = store.is_stored(&docs[0].article).expect("is_stored");
                let outcomes = store.put(&docs).expect("put");
                out.extend(docs.iter().map(|d| d.article.id.clone()).zip(outcomes));
            }
            out
        }));
    }
    let server = {
        let (path, start) = (path.clone(), start.clone());
        std::thread::spawn(move || -> Vec<(String, PutOutcome)> {
            start.wait();
            let store = SqliteStore::open(&path).expect("open");
            let mut out = Vec::new();
            for i in 0..40 {
                let d = doc(&format!("api-{i}"));
                let _ = store.articles(&ArticleQuery::default()).expect("read");
                let o = store.put(std::slice::from_ref(&d)).expect("put");
                out.push((d.article.id.clone(), o[0]));
            }
            out
        })
    };
    let mut all: Vec<(String, PutOutcome)> = Vec::new();
    for h in handles {
        all.extend(h.join().expect("writer panicked"));
    }
    all.extend(server.join().expect("server writer panicked"));

    // Every shared article is new exactly once, duplicate for the others.
    for b in 0..BATCHES {
        let id = format!("shared-{b}");
        let new = all
            .iter()
            .filter(|(i, o)| *i == id && *o == PutOutcome::New)
            .count();
        assert_eq!(new, 1, "{id} stored as new {new} times");
    }
    let expected = WRITERS * BATCHES * PER_BATCH + BATCHES + 40;
    let store = SqliteStore::open(&path).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(
        stats.articles as usize, expected,
        "articles lost or doubled"
    );
    let n: i64 = store
        .connection()
        .query_row("SELECT COUNT(DISTINCT id) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n as usize, expected);
    assert_eq!(store.schema_version().unwrap(), 6);
    drop(store);
    remove_db(&path);
}

#[test]
fn opening_a_new_database_from_many_connections_at_once() {
    // Trials: each opens a fresh file from four threads at once; every open
    // must succeed and the schema must be migrated exactly once.
    for trial in 0..20 {
        let path = temp_db(&format!("open-{trial}"));
        let start = Arc::new(Barrier::new(4));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    SqliteStore::open(&path).map(|s| s.schema_version().unwrap())
                })
            })
            .collect();
        for h in handles {
            let v = h
                .join()
                .unwrap()
                .unwrap_or_else(|e| panic!("trial {trial}: {e}"));
            assert_eq!(v, 6);
        }
        remove_db(&path);
    }
}

#[test]
fn journal_size_is_limited() {
    let path = temp_db("journal-limit");
    let store = SqliteStore::open(&path).unwrap();
    let limit: i64 = store
        .connection()
        .pragma_query_value(None, "journal_size_limit", |r| r.get(0))
        .unwrap();
    assert!(limit > 0, "journal_size_limit is {limit}");
    let mode: String = store
        .connection()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    remove_db(&path);
}
