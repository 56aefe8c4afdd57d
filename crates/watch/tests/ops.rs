//! `/metrics` and `/api/health` over HTTP.

use std::sync::Arc;

use khaldun_store::{FeedState, SqliteStore, WatchStore};
use khaldun_watch::ops::{Background, OpsState};
use khaldun_watch::{Metrics, Source};

fn get(url: &str) -> (u16, String) {
    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build(),
    );
    let mut r = agent.get(url).call().unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

#[test]
fn metrics_and_health_are_served() {
    let db = std::env::temp_dir().join(format!("khaldun-ops-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let store = SqliteStore::open(&db).unwrap();
    store
        .save_feed_state(&FeedState {
            url: "https://a.example.org/rss".into(),
            consecutive_errors: 4,
            last_error: Some("http 500: the server answered HTTP 500".into()),
            ..Default::default()
        })
        .unwrap();
    let metrics = Arc::new(Metrics::new());
    metrics
        .articles_fetched
        .with_label_values(&["https://a.example.org/rss"])
        .inc_by(2);
    let sources = vec![Source {
        url: "https://a.example.org/rss".into(),
        name: Some("A".into()),
        lang: None,
        interval: std::time::Duration::from_secs(60),
        fetch_links: true,
        max_links: 10,
        country: Some("ML".into()),
        kind: None,
    }];
    let state = OpsState {
        metrics,
        db: db.clone(),
        sources: Arc::new(sources),
    };
    let bg = Background::start(None, Some(("127.0.0.1:0".parse().unwrap(), state))).unwrap();
    let base = format!("http://{}", bg.addr.unwrap());

    let (status, text) = get(&format!("{base}/metrics"));
    assert_eq!(status, 200);
    assert!(
        text.contains("khaldun_watch_articles_fetched_total{feed=\"https://a.example.org/rss\"} 2"),
        "{text}"
    );

    let (status, body) = get(&format!("{base}/api/health"));
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["store"]["reachable"], true);
    assert_eq!(v["status"], "degraded", "{v}");
    assert_eq!(v["feeds"][0]["status"], "failing");
    assert_eq!(v["feeds"][0]["country"], "ML");

    // The store gone (a directory where the file was): 503.
    drop(store);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    std::fs::create_dir_all(&db).unwrap();
    let (status, body) = get(&format!("{base}/api/health"));
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"reachable\":false"), "{body}");
    std::fs::remove_dir_all(&db).unwrap();
    bg.shutdown();
}
