//! Workers on the PostgreSQL queue: several at once, one of them dying in
//! the middle of a batch, lose no article, store none twice, and leave the
//! same events as one SQLite store given every article at once.
//! Needs `KHALDUN_TEST_PG` (see tests/conformance.rs; in CI it must be set).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use khaldun_model::{AnnotatedArticle, Article};
use khaldun_store::conformance::{incident_corpus, partition};
use khaldun_store::{SqliteStore, Store};
use khaldun_store_pg::{queue, PgStore};

fn url() -> Option<String> {
    match std::env::var("KHALDUN_TEST_PG") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but KHALDUN_TEST_PG is not set: the PostgreSQL suite must run in CI")
        }
        _ => None,
    }
}

fn store(url: &str, name: &str) -> PgStore {
    PgStore::open_temporary(url, &format!("kq_{name}_{}", std::process::id())).unwrap()
}

/// The "pipeline": each queued article's prepared annotations.
fn annotator(docs: &[AnnotatedArticle]) -> impl Fn(Vec<Article>) -> Vec<AnnotatedArticle> {
    let by_id: HashMap<String, AnnotatedArticle> = docs
        .iter()
        .map(|d| (d.article.id.clone(), d.clone()))
        .collect();
    move |arts: Vec<Article>| arts.iter().map(|a| by_id[&a.id].clone()).collect()
}

/// The events one SQLite store makes of every article at once.
fn reference(docs: &[AnnotatedArticle]) -> Vec<(Vec<String>, Option<u32>)> {
    let s = SqliteStore::open_in_memory().unwrap();
    s.put(docs).unwrap();
    partition(&s)
}

fn run_workers(
    s: &PgStore,
    workers: usize,
    batch: usize,
    annotate: &(dyn Fn(Vec<Article>) -> Vec<AnnotatedArticle> + Sync),
) -> usize {
    let total = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for w in 0..workers {
            let total = &total;
            scope.spawn(move || loop {
                let b = s.work(&format!("w{w}"), batch, annotate).unwrap();
                if b.claimed == 0 {
                    break;
                }
                total.fetch_add(b.claimed, Ordering::Relaxed);
            });
        }
    });
    total.into_inner()
}

#[test]
fn a_worker_killed_mid_batch_loses_nothing() {
    let Some(url) = url() else { return };
    let docs = incident_corpus(5);
    let s = store(&url, "kill");
    let articles: Vec<Article> = docs.iter().map(|d| d.article.clone()).collect();
    assert_eq!(s.enqueue(&articles).unwrap(), docs.len());
    // Two workers claim batches at once, then die before committing: their
    // connections close with the transactions open.
    {
        let (mut c1, mut c2) = (s.conn().unwrap(), s.conn().unwrap());
        let mut t1 = c1.transaction().unwrap();
        let mut t2 = c2.transaction().unwrap();
        let a: Vec<i64> = queue::claim(&mut t1, 10)
            .unwrap()
            .into_iter()
            .map(|r| r.0)
            .collect();
        let b: Vec<i64> = queue::claim(&mut t2, 10)
            .unwrap()
            .into_iter()
            .map(|r| r.0)
            .collect();
        assert_eq!((a.len(), b.len()), (10, 10));
        assert!(
            a.iter().all(|id| !b.contains(id)),
            "no row claimed twice: {a:?} {b:?}"
        );
        drop((t1, t2));
    }
    // A worker whose pipeline panics in the middle of its batch.
    let crashed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        s.work("crasher", 7, &|_| panic!("worker killed"))
    }));
    assert!(crashed.is_err());
    assert_eq!(s.queue_counts().unwrap().pending, docs.len() as u64);
    assert_eq!(s.stats().unwrap().articles, 0, "nothing half-stored");
    let annotate = annotator(&docs);
    let n = run_workers(&s, 2, 4, &annotate);
    assert_eq!(n, docs.len(), "every row claimed exactly once");
    let q = s.queue_counts().unwrap();
    assert_eq!((q.pending, q.done), (0, docs.len() as u64));
    assert_eq!(s.stats().unwrap().articles, docs.len() as u64);
    assert_eq!(partition(&s), reference(&docs));
}

#[test]
fn concurrent_workers_deduplicate_as_one_store_does() {
    let Some(url) = url() else { return };
    let docs = incident_corpus(8);
    let s = store(&url, "conc");
    let mut articles: Vec<Article> = docs.iter().map(|d| d.article.clone()).collect();
    // some articles queued twice (two feeds carrying one story)
    articles.extend(docs.iter().step_by(5).map(|d| d.article.clone()));
    let queued = s.enqueue(&articles).unwrap();
    let annotate = annotator(&docs);
    let n = run_workers(&s, 4, 1, &annotate);
    assert_eq!(n, queued);
    let stats = s.stats().unwrap();
    assert_eq!(
        stats.articles,
        docs.len() as u64,
        "no article lost or doubled"
    );
    let want = reference(&docs);
    assert_eq!(partition(&s), want, "the same events as one store");
    assert!(
        want.iter().filter(|(a, _)| a.len() == 3).count() == 8,
        "{want:?}"
    );
    // the store is usable behind the shared interface too
    let shared: Arc<dyn Store> = Arc::new(s);
    assert_eq!(shared.stats().unwrap(), stats);
}
