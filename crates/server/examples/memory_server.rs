//! Serve the hand-made test articles from memory (UI development, no database):
//! `cargo run -p khaldun-server --example memory_server -- 127.0.0.1:8091`
use std::sync::Arc;

use khaldun_server::{testdata, AppState, Config, MemoryBackend};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8091".into());
    let config = Config {
        bind: bind.parse().expect("bind address"),
        ..Config::default()
    };
    let state = AppState::new(Arc::new(MemoryBackend::new(testdata::all())));
    eprintln!("serving on http://{bind}");
    khaldun_server::serve(config, state).await
}
