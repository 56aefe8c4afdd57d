//! API integration tests: a real server on 127.0.0.1 (random port) over the
//! hand-made test articles.

use std::net::SocketAddr;
use std::sync::Arc;

use khaldun_server::{testdata, AppState, Config, Store};
use serde_json::Value;

struct Server {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

async fn start_with(backend: Arc<dyn Store>, token: Option<&str>, max_body: usize) -> Server {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let mut state = AppState::new(backend);
    state.token = token.map(String::from);
    let config = Config {
        bind: addr,
        max_body,
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
        stop: Some(tx),
    }
}

async fn start() -> Server {
    start_with(testdata::store(testdata::all()), Some("s3cret"), 1 << 20).await
}

async fn get(s: &Server, path: &str) -> (u16, Value) {
    let r = reqwest::get(format!("{}{path}", s.base)).await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn events_filters_and_cursor() {
    let s = start().await;
    let (st, v) = get(&s, "/api/events").await;
    assert_eq!(st, 200);
    assert_eq!(v["events"].as_array().unwrap().len(), 4);
    let (_, v) = get(&s, "/api/events?country=NE").await;
    assert_eq!(v["events"][0]["location"], "Niamey");
    let (_, v) = get(&s, "/api/events?bbox=-7,12,-5,15").await;
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    assert_eq!(v["events"][0]["location"], "Ségou");
    let (_, v) = get(&s, "/api/events?type=ASSAULT&status=denied").await;
    assert_eq!(v["events"][0]["location"], "Djibo");
    let (_, v) = get(&s, "/api/events?actor=jnim&min_sources=1").await;
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    let (_, v) = get(&s, "/api/events?sub_event_type=Air%2Fdrone%20strike").await;
    assert_eq!(v["events"][0]["location"], "Gwoza");
    let (_, v) = get(&s, "/api/events?q=prices").await;
    assert_eq!(v["events"][0]["location"], "Niamey");
    let (_, v) = get(&s, "/api/events?from=2024-01-01&to=2024-01-31").await;
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    // cursor pagination
    let (_, p1) = get(&s, "/api/events?limit=3").await;
    assert_eq!(p1["events"].as_array().unwrap().len(), 3);
    let c = p1["next_cursor"].as_str().unwrap();
    let (_, p2) = get(&s, &format!("/api/events?limit=3&cursor={}", urlencode(c))).await;
    assert_eq!(p2["events"].as_array().unwrap().len(), 1);
    assert!(p2.get("next_cursor").is_none());
    // bad input is a 400 with a message
    let (st, v) = get(&s, "/api/events?from=yesterday").await;
    assert_eq!(st, 400);
    assert!(v["error"].as_str().unwrap().contains("from"));
    let (st, _) = get(&s, "/api/events?bbox=1,2").await;
    assert_eq!(st, 400);
    let (st, _) = get(&s, "/api/events?format=xml").await;
    assert_eq!(st, 400);
    let (st, _) = get(&s, "/api/events?cursor=garbage").await;
    assert_eq!(st, 400);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn csv_and_geojson_formats() {
    let s = start().await;
    let r = reqwest::get(format!("{}/api/events?format=csv", s.base))
        .await
        .unwrap();
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let body = r.bytes().await.unwrap();
    let rows = khaldun_server::export::read_csv(&body[..]).unwrap();
    assert_eq!(rows.len(), 4);
    let r = reqwest::get(format!("{}/api/events?format=geojson&country=ML", s.base))
        .await
        .unwrap();
    let body = r.bytes().await.unwrap();
    let rows = khaldun_server::export::read_geojson(&body[..]).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].lat, Some(13.4317));
}

#[tokio::test]
async fn event_detail_has_highlighted_evidence_and_sources() {
    let s = start().await;
    let (_, v) = get(&s, "/api/events?country=ML").await;
    let id = v["events"][0]["id"].as_str().unwrap().to_string();
    let (st, d) = get(&s, &format!("/api/events/{id}")).await;
    assert_eq!(st, 200);
    let reports = d["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    let en = reports
        .iter()
        .find(|r| r["publisher"] == "Test Wire")
        .unwrap();
    let ev = &en["evidence"][0];
    let kinds: Vec<&str> = ev["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    for k in [
        "actor", "target", "place", "date", "number", "trigger", "source",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    assert_eq!(en["status"], "reported");
    let fr = reports
        .iter()
        .find(|r| r["publisher"] == "Journal d'essai")
        .unwrap();
    assert_eq!(fr["status"], "claimed");
    let (st, _) = get(&s, "/api/events/doesnotexist").await;
    assert_eq!(st, 404);
    // the article behind a report
    let aid = en["article_id"].as_str().unwrap();
    let (st, a) = get(&s, &format!("/api/articles/{aid}")).await;
    assert_eq!(st, 200);
    assert_eq!(a["article"]["publisher"], "Test Wire");
    let (st, _) = get(&s, "/api/articles/nope").await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn timeline_actors_places_openapi() {
    let s = start().await;
    let (st, t) = get(&s, "/api/stats/timeline?bucket=month").await;
    assert_eq!(st, 200);
    let total: u64 = t["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["total"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 4);
    let (_, t) = get(&s, "/api/stats/timeline?bucket=day&type=PROTEST").await;
    assert_eq!(t["series"][0]["period"], "2024-02-03");
    assert_eq!(t["series"][0]["by_type"]["Protests"], 1);
    let (st, _) = get(&s, "/api/stats/timeline?bucket=year").await;
    assert_eq!(st, 400);
    let (_, a) = get(&s, "/api/actors?q=mali").await;
    assert_eq!(a[0]["id"], "mli-military");
    let (st, a) = get(&s, "/api/actors/jnim").await;
    assert_eq!(st, 200);
    assert_eq!(a["activity"][0]["period"], "2024-03-01");
    let (st, _) = get(&s, "/api/actors/nobody").await;
    assert_eq!(st, 404);
    let (_, p) = get(&s, "/api/places?q=nia").await;
    assert_eq!(p[0]["name"], "Niamey");
    let (st, _) = get(&s, "/api/places").await;
    assert_eq!(st, 400);
    let (st, o) = get(&s, "/api/openapi.json").await;
    assert_eq!(st, 200);
    assert!(o["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/api/events",
        "/api/events/{id}",
        "/api/stats/timeline",
        "/api/actors",
        "/api/ingest",
        "/api/places",
    ] {
        assert!(o["paths"].get(p).is_some(), "{p} missing from OpenAPI");
    }
}

#[tokio::test]
async fn ui_is_served_with_a_strict_csp() {
    let s = start().await;
    let r = reqwest::get(format!("{}/", s.base)).await.unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self'"));
    let html = r.text().await.unwrap();
    assert!(html.contains("/assets/app.js"));
    for a in ["app.js", "app.css", "new-since.js", "countries-50m.json"] {
        let r = reqwest::get(format!("{}/assets/{a}", s.base))
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{a}");
        assert!(r.bytes().await.unwrap().len() > 1000, "{a} is empty");
    }
    let r = reqwest::get(format!("{}/assets/../Cargo.toml", s.base))
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn ingest_needs_the_token_and_limits_size() {
    let s = start().await;
    let c = reqwest::Client::new();
    let url = format!("{}/api/ingest", s.base);
    let body = serde_json::json!({"text": "Gunmen attacked a village near Mopti on Tuesday.", "title": "Attack", "published": "2024-04-02"});
    let r = c.post(&url).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .post(&url)
        .bearer_auth("wrong")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .post(&url)
        .bearer_auth("s3cret")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let rep: Value = r.json().await.unwrap();
    assert_eq!(rep["new"], 1);
    let r = c
        .post(&url)
        .bearer_auth("s3cret")
        .json(&body)
        .send()
        .await
        .unwrap();
    let rep: Value = r.json().await.unwrap();
    assert_eq!(rep["duplicate"], 1, "{rep}");
    let big = vec![b'a'; 2 << 20];
    let r = c
        .post(&url)
        .bearer_auth("s3cret")
        .header("content-type", "text/plain")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let r = c
        .post(&url)
        .bearer_auth("s3cret")
        .json(&serde_json::json!({"url": "file:///etc/passwd"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn writes_are_off_without_a_token() {
    let s = start_with(testdata::store(testdata::all()), None, 1 << 20).await;
    let r = reqwest::Client::new()
        .post(format!("{}/api/ingest", s.base))
        .bearer_auth("anything")
        .body("text")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn sqlite_store_backed_server() {
    let path = std::env::temp_dir().join(format!("khaldun-server-api-{}.db", std::process::id()));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let store: Arc<dyn Store> = Arc::new(khaldun_store::SqliteStore::open(&path).unwrap());
    khaldun_server::StoreBackend::new(store.clone())
        .ingest(testdata::all())
        .unwrap();
    let s = start_with(store, Some("t"), 1 << 20).await;
    let (_, v) = get(&s, "/api/events?type=ASSAULT,PROTEST&limit=2").await;
    assert_eq!(v["events"].as_array().unwrap().len(), 2);
    assert!(v["next_cursor"].is_string());
    let (_, v) = get(&s, "/api/events?q=Ségou").await;
    let id = v["events"][0]["id"].as_str().unwrap().to_string();
    let (st, d) = get(&s, &format!("/api/events/{id}")).await;
    assert_eq!(st, 200);
    assert_eq!(d["reports"].as_array().unwrap().len(), 2);
    let (_, t) = get(&s, "/api/stats/timeline?bucket=month").await;
    assert_eq!(t["series"][0]["period"], "2023-12-01");
    let (st, _) = get(&s, "/api/actors/jnim").await;
    assert_eq!(st, 200);
    let r = reqwest::Client::new()
        .post(format!("{}/api/ingest", s.base))
        .bearer_auth("t")
        .json(&serde_json::json!({"text": "Protesters gathered in Dakar.", "title": "Dakar"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (_, a) = get(&s, "/api/events").await;
    assert_eq!(
        a["events"].as_array().unwrap().len(),
        4,
        "an article without events adds none"
    );
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
}

#[tokio::test]
async fn cors_is_off_unless_an_origin_is_listed() {
    let s = start().await;
    let r = reqwest::Client::new()
        .get(format!("{}/api/events", s.base))
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());

    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config {
        bind: addr,
        cors_origins: vec!["https://analyst.example".into()],
        ..Config::default()
    };
    let state = AppState::new(testdata::store(testdata::all()));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(khaldun_server::serve_on(listener, config, state, async {
        let _ = rx.await;
    }));
    let c = reqwest::Client::new();
    let r = c
        .get(format!("http://{addr}/api/events"))
        .header("origin", "https://analyst.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://analyst.example"
    );
    let r = c
        .get(format!("http://{addr}/api/events"))
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let _ = tx.send(());
}
