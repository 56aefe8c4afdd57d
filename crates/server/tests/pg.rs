//! The API over PostgreSQL answers as over SQLite: the same events, pages,
//! event details, timelines, actors and places for the same articles.
//! Needs `KHALDUN_TEST_PG` (in CI, `CI=true`, it must be set).

use std::sync::Arc;

use khaldun_server::{testdata, Bucket, EventFilter, StoreBackend};
use khaldun_store::{SqliteStore, Store};
use khaldun_store_pg::PgStore;

fn url() -> Option<String> {
    match std::env::var("KHALDUN_TEST_PG") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but KHALDUN_TEST_PG is not set: the PostgreSQL suite must run in CI")
        }
        _ => None,
    }
}

/// A value as the API sends it, without the clock's time stamps (the two
/// stores may write them a second apart).
fn j<T: serde::Serialize>(v: T) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("first_seen");
                m.remove("retrieved");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(v).unwrap();
    strip(&mut v);
    v
}

fn pair(url: &str) -> (StoreBackend, StoreBackend) {
    let lite: Arc<dyn Store> = Arc::new(SqliteStore::open_in_memory().unwrap());
    let schema = format!("ks_api_{}", std::process::id());
    let pg: Arc<dyn Store> = Arc::new(PgStore::open_temporary(url, &schema).unwrap());
    let (a, b) = (StoreBackend::new(lite), StoreBackend::new(pg));
    assert_eq!(
        j(a.ingest(testdata::all()).unwrap()),
        j(b.ingest(testdata::all()).unwrap())
    );
    (a, b)
}

#[test]
fn postgres_serves_the_same_answers_as_sqlite() {
    let Some(url) = url() else { return };
    let (lite, pg) = pair(&url);
    let filters = [
        EventFilter::default(),
        EventFilter {
            plover_type: Some("PROTEST,ASSAULT".into()),
            ..Default::default()
        },
        EventFilter {
            bbox: Some("-7,12,-5,15".into()),
            ..Default::default()
        },
        EventFilter {
            q: Some("villagers".into()),
            ..Default::default()
        },
        EventFilter {
            q: Some("Ségou".into()),
            actor: Some("jnim".into()),
            ..Default::default()
        },
    ];
    for f in &filters {
        let (a, b) = (
            lite.events(f, None, 100).unwrap(),
            pg.events(f, None, 100).unwrap(),
        );
        assert!(!a.events.is_empty(), "{f:?}");
        assert_eq!(j(&a), j(&b), "{f:?}");
        // page by page
        let (a, b) = (
            lite.events(f, None, 1).unwrap(),
            pg.events(f, None, 1).unwrap(),
        );
        assert_eq!(j(&a), j(&b));
        if let Some(c) = a.next_cursor.as_deref() {
            assert_eq!(
                j(lite.events(f, Some(c), 2).unwrap()),
                j(pg.events(f, Some(c), 2).unwrap())
            );
        }
        for bucket in [Bucket::Day, Bucket::Week, Bucket::Month] {
            assert_eq!(
                j(lite.timeline(f, bucket).unwrap()),
                j(pg.timeline(f, bucket).unwrap())
            );
        }
    }
    let all = lite.events(&EventFilter::default(), None, 100).unwrap();
    assert_eq!(all.events.len(), 4);
    for e in &all.events {
        assert_eq!(j(lite.event(&e.id).unwrap()), j(pg.event(&e.id).unwrap()));
    }
    assert_eq!(
        j(lite.actors(None, 50).unwrap()),
        j(pg.actors(None, 50).unwrap())
    );
    assert_eq!(j(lite.actor("jnim").unwrap()), j(pg.actor("jnim").unwrap()));
    assert_eq!(
        j(lite.places("s", 10).unwrap()),
        j(pg.places("s", 10).unwrap())
    );
    let article = &lite.event(&all.events[0].id).unwrap().unwrap().reports[0].article_id;
    assert_eq!(
        j(lite.article(article).unwrap().unwrap()),
        j(pg.article(article).unwrap().unwrap())
    );
}
