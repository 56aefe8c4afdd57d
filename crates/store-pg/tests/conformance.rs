//! The store conformance suite on PostgreSQL: the server named by
//! `KHALDUN_TEST_PG` (`.ci/run` and `scripts/pg-dev.sh start` set it up).
//! Without it the tests pass at once, except in CI (`CI=true`), where a
//! missing server is a failure: CI never skips this suite silently.

use std::sync::atomic::{AtomicUsize, Ordering};

use khaldun_store::Store;
use khaldun_store_pg::PgStore;

fn url() -> Option<String> {
    match std::env::var("KHALDUN_TEST_PG") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but KHALDUN_TEST_PG is not set: the PostgreSQL suite must run in CI")
        }
        _ => {
            eprintln!("KHALDUN_TEST_PG is not set: PostgreSQL conformance tests do nothing");
            None
        }
    }
}

/// A store in a schema of its own, dropped afterwards.
fn make() -> Box<dyn Store> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let url = url().expect("KHALDUN_TEST_PG");
    let schema = format!(
        "kt_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    Box::new(PgStore::open_temporary(&url, &schema).expect("PostgreSQL test store"))
}

khaldun_store::conformance_tests!(if url().is_some(), make);

#[test]
fn migrations_run_once_and_reopening_keeps_the_data() {
    let Some(url) = url() else { return };
    let schema = format!("kt_mig_{}", std::process::id());
    let s = PgStore::open_temporary(&url, &schema).unwrap();
    assert_eq!(s.schema_version().unwrap(), 3);
    let docs = khaldun_store::conformance::incident_corpus(1);
    s.put(&docs).unwrap();
    // a second process opening the same schema migrates nothing
    let again = PgStore::open_in(&url, Some(&schema)).unwrap();
    assert_eq!(again.schema_version().unwrap(), 3);
    assert_eq!(again.stats().unwrap().articles, docs.len() as u64);
}
