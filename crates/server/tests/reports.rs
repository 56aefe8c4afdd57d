//! The routes of `reports.rs` on a real server over a SQLite store of the test articles:
//! the brief as HTML and JSON, trends, the gazetteer box and short event ids.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use khaldun_server::{testdata, AppState, Config, PlaceHit, StoreBackend};
use khaldun_store::{SqliteStore, Store};

struct Server {
    base: String,
    db: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", self.db.display()));
        }
    }
}

async fn start(name: &str) -> Server {
    let db = std::env::temp_dir().join(format!("khaldun-reports-{name}-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&db);
    SqliteStore::open(&db)
        .unwrap()
        .put(&testdata::all())
        .unwrap();
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let mut state = AppState::with_backend(StoreBackend::open(&db).unwrap());
    state.places_in_box = Some(Arc::new(|b: [f64; 4], limit: usize| {
        vec![PlaceHit {
            geonameid: None,
            name: format!("box {} {} {} {}", b[0], b[1], b[2], b[3]),
            country: None,
            admin1: None,
            lat: Some(b[1]),
            lon: Some(b[0]),
            n_events: limit as u64,
        }]
    }));
    let config = Config {
        bind: addr,
        ..Config::default()
    };
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        khaldun_server::serve_on(listener, config, state, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    Server {
        base: format!("http://{addr}"),
        db,
        stop: Some(tx),
    }
}

async fn get(s: &Server, path: &str) -> (u16, String, String) {
    let r = reqwest::get(format!("{}{path}", s.base)).await.unwrap();
    let status = r.status().as_u16();
    let ctype = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ctype, r.text().await.unwrap())
}

#[tokio::test]
async fn the_brief_is_html_by_default_and_json_on_request() {
    let s = start("brief").await;
    let (status, ctype, body) = get(&s, "/api/brief?country=ML").await;
    assert_eq!(status, 200, "{body}");
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert!(
        body.contains("Situation brief: Mali") && body.contains("<svg"),
        "{body}"
    );
    assert!(
        body.contains("href=\"/#/event/"),
        "served, event ids link to the UI"
    );
    let (status, _, body) = get(&s, "/api/brief?country=ML&format=json").await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(v["total"]["events"].as_u64().unwrap() > 0, "{v}");
    let (status, _, body) = get(&s, "/api/brief?country=Mali").await;
    assert_eq!(status, 400);
    assert!(body.contains("alpha-2"), "{body}");
    let (status, _, _) = get(&s, "/api/brief?from=2024-02-30").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn trends_places_in_a_box_and_short_ids() {
    let s = start("trends").await;
    let (status, _, body) = get(&s, "/api/stats/trends?by=country&from=2020-01-01").await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(!v.as_array().unwrap().is_empty(), "{v}");
    assert!(v[0]["weeks"].as_array().is_some());
    let (status, _, _) = get(&s, "/api/stats/trends?by=village").await;
    assert_eq!(status, 400);

    let (status, _, body) = get(&s, "/api/places/bbox?bbox=-6.5,13,-5.5,14&limit=7").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("box -6.5 13 -5.5 14") && body.contains("\"n_events\":7"),
        "{body}"
    );
    let (status, _, _) = get(&s, "/api/places/bbox?bbox=1,2,3").await;
    assert_eq!(status, 400);

    let (_, _, body) = get(&s, "/api/events?limit=1").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = v["events"][0]["id"].as_str().unwrap().to_string();
    let (status, _, body) = get(&s, &format!("/api/events/{}", &id[..12])).await;
    assert_eq!(
        status, 200,
        "a 12-character id as the CLI prints it: {body}"
    );
    assert!(body.contains(&id));
}
