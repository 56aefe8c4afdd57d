//! `GET /api/health`: the hook's verdict as 200 or 503, `{"status": "ok"}` without one.

use std::net::SocketAddr;
use std::sync::Arc;

use khaldun_server::{testdata, AppState, Config, Health};

async fn status_of(health: Option<Health>) -> (u16, serde_json::Value) {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let mut state = AppState::new(testdata::store(vec![]));
    state.health = health;
    let config = Config {
        bind: addr,
        ..Config::default()
    };
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(khaldun_server::serve_on(listener, config, state, async {
        let _ = rx.await;
    }));
    let r = reqwest::get(format!("http://{addr}/api/health"))
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body = r.json().await.unwrap();
    let _ = tx.send(());
    let _ = server.await;
    (status, body)
}

#[tokio::test]
async fn health_reports_the_hooks_verdict() {
    let (status, body) = status_of(None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    let bad: Health = Arc::new(|| (false, serde_json::json!({"status": "error"})));
    let (status, body) = status_of(Some(bad)).await;
    assert_eq!((status, body["status"].as_str()), (503, Some("error")));
    let good: Health = Arc::new(|| (true, serde_json::json!({"status": "degraded", "feeds": []})));
    let (status, body) = status_of(Some(good)).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("degraded")));
}
