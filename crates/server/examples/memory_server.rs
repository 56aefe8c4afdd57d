//! Serve the hand-made test articles from an in-memory store (UI development, no file):
//! `cargo run -p khaldun-server --example memory_server -- 127.0.0.1:8091`
use khaldun_server::{testdata, AppState, Config};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8091".into());
    let config = Config {
        bind: bind.parse().expect("bind address"),
        ..Config::default()
    };
    let state = AppState::new(testdata::store(testdata::all()));
    eprintln!("serving on http://{bind}");
    khaldun_server::serve(config, state).await
}
