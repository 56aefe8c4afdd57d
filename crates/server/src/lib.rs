//! Khaldun's REST API, offline web UI and event exports.
//!
//! The server reads through the [`Backend`] trait (the SQLite store
//! implements it; [`MemoryBackend`] serves tests and small collections),
//! serves the JSON API under `/api/` (OpenAPI 3 document at
//! `/api/openapi.json`, generated from the handlers with utoipa) and the web
//! UI at `/`: a map on the embedded Natural Earth outlines, a timeline with
//! brushing, filters, an event list and event and actor pages. The UI's
//! built, minified assets are committed under `assets/` and embedded, so the
//! binary needs no internet and a Rust-only build needs no npm.
//!
//! [`export`] writes ACLED-column CSV, PLOVER JSON Lines, GeoJSON and
//! (feature `parquet`) Parquet, each with a reader that round-trips.
//!
//! ```no_run
//! use std::sync::Arc;
//! use khaldun_server::{serve, Config, AppState, MemoryBackend};
//! # async fn run() -> anyhow::Result<()> {
//! let state = AppState::new(Arc::new(MemoryBackend::new(vec![])));
//! serve(Config::default(), state).await?;
//! # Ok(()) }
//! ```
//!
//! Security: binds loopback by default; write routes (`POST /api/ingest`)
//! need a bearer token and are off when none is configured; request bodies
//! are size-limited; CORS is off unless origins are listed; every response
//! carries a strict Content-Security-Policy, and the UI inserts article text
//! only as text nodes (never as HTML).
//!
//! It does not: run the pipeline itself (the binary passes an [`Annotate`]
//! hook), fetch URLs on its own (a [`Fetch`] hook), or serve map tiles.

pub mod api;
pub mod assets;
pub mod backend;
pub mod detail;
pub mod export;
#[cfg(feature = "parquet")]
pub mod parquet_export;
pub mod routes;
pub mod store_backend;
#[doc(hidden)]
pub mod testdata;

use std::net::SocketAddr;

pub use api::*;
pub use backend::{Backend, BackendError, Bucket, MemoryBackend};
pub use routes::{router, Annotate, AppState, Fetch, PlaceSearch};
pub use store_backend::StoreBackend;

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// Origins allowed by CORS; empty = CORS off (same-origin only).
    pub cors_origins: Vec<String>,
    /// Largest accepted request body, bytes.
    pub max_body: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            cors_origins: Vec::new(),
            max_body: 4 << 20,
        }
    }
}

/// The full application: routes plus compression and CORS layers.
pub fn app(config: &Config, state: AppState) -> axum::Router {
    let mut r = router(state, config.max_body)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            config.max_body,
        ))
        .layer(tower_http::compression::CompressionLayer::new());
    if !config.cors_origins.is_empty() {
        let origins: Vec<axum::http::HeaderValue> = config
            .cors_origins
            .iter()
            .filter_map(|o| o.parse().ok())
            .collect();
        r = r.layer(
            tower_http::cors::CorsLayer::new()
                .allow_origin(origins)
                .allow_methods([axum::http::Method::GET])
                .allow_headers([axum::http::header::CONTENT_TYPE]),
        );
    }
    r
}

/// Bind and serve until Ctrl-C, on a tokio runtime of its own (for callers
/// that are not async, such as the CLI).
pub fn serve_blocking(config: Config, state: AppState) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(config, state))
}

/// Bind and serve until Ctrl-C.
pub async fn serve(config: Config, state: AppState) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    serve_on(listener, config, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serve on an already-bound listener until `shutdown` resolves (tests bind port 0).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    config: Config,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app(&config, state);
    tracing::info!("serving on http://{}", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
