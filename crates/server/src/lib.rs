//! Khaldun's REST API, offline web UI and event exports.
//!
//! The server reads and writes through the store's one interface,
//! [`khaldun_store::Store`] (SQLite or PostgreSQL), by way of
//! [`StoreBackend`], which turns store records into the API's shapes. It serves the JSON API under `/api/` (OpenAPI 3 document at
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
//! use khaldun_server::{serve, Config, AppState};
//! # async fn run() -> anyhow::Result<()> {
//! let store = khaldun_store::SqliteStore::open_in_memory()?;
//! let state = AppState::new(Arc::new(store));
//! serve(Config::default(), state).await?;
//! # Ok(()) }
//! ```
//!
//! Security: binds loopback by default; the `Host` header must name a
//! loopback name, the bound address or a configured host ([`HostCheck`], so
//! a DNS-rebinding page cannot read the API); write routes
//! (`POST /api/ingest`) need a bearer token and are off when none is
//! configured; request bodies are size-limited; CORS is off unless origins
//! are listed; every response, errors included, carries a strict
//! Content-Security-Policy, and the UI inserts article text only as text
//! nodes (never as HTML). `GET /api/articles/{id}` shows of a file origin
//! only its name. A URL given to `POST /api/ingest` is fetched by the
//! [`Fetch`] hook (the CLI's refuses non-public addresses unless
//! `--allow-private-fetch`), and any failure is one generic message.
//! Reads need no token: an article fetched from a URL is readable like any
//! other by whoever can reach the server, a documented choice (fetched pages
//! are public ones unless private fetches were allowed).
//!
//! It does not: run the pipeline itself (the binary passes an [`Annotate`]
//! hook), fetch URLs on its own (a [`Fetch`] hook), or serve map tiles.

pub mod api;
pub mod assets;
pub mod detail;
pub mod export;
#[cfg(feature = "parquet")]
pub mod parquet_export;
pub mod reports;
pub mod routes;
pub mod store_backend;
#[doc(hidden)]
pub mod testdata;

use std::net::SocketAddr;
use std::sync::Arc;

pub use api::*;
pub use khaldun_store::{Bucket, Store, StoreError};
pub use reports::{ActorProfile, PlacesInBox};
pub use routes::{router, Annotate, AppState, Fetch, Health, PlaceSearch};
pub use store_backend::StoreBackend;

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// Origins allowed by CORS; empty = CORS off (same-origin only).
    pub cors_origins: Vec<String>,
    /// Largest accepted request body, bytes.
    pub max_body: usize,
    /// Host names accepted in the `Host` header besides loopback names and the bound
    /// address (a name with a port matches only that port).
    pub allowed_hosts: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            cors_origins: Vec::new(),
            max_body: 4 << 20,
            allowed_hosts: Vec::new(),
        }
    }
}

/// The full application: routes plus the body limit, compression, CORS and `Host` check
/// layers, and the security headers on every reply (the body limit's 413 and the `Host`
/// check's 421 included).
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
    let hosts = Arc::new(HostCheck::new(config.bind, &config.allowed_hosts));
    r.layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| {
            let hosts = hosts.clone();
            async move {
                let host = req
                    .headers()
                    .get(axum::http::header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .map(str::to_string)
                    .or_else(|| req.uri().authority().map(|a| a.to_string()));
                match host {
                    Some(h) if !hosts.accepts(&h) => {
                        tracing::warn!("refused a request for host {h:?}");
                        use axum::response::IntoResponse;
                        (
                            axum::http::StatusCode::MISDIRECTED_REQUEST,
                            axum::Json(ApiError {
                                error: "unknown host name (see serve --allowed-host)".into(),
                            }),
                        )
                            .into_response()
                    }
                    _ => next.run(req).await,
                }
            }
        },
    ))
    .layer(axum::middleware::map_response(routes::security_headers))
}

/// Which `Host` header values the server answers: a page on another name that resolves to
/// this address (DNS rebinding) must not read the API.
///
/// Accepted: `localhost`, loopback IP addresses, the bound IP address (any IP address when
/// bound to all interfaces: an IP literal is never a rebinding), and the configured names;
/// any port, except for a configured name given with one.
#[derive(Debug, Clone)]
pub struct HostCheck {
    bind: std::net::IpAddr,
    allowed: Vec<String>,
}

impl HostCheck {
    pub fn new(bind: SocketAddr, allowed: &[String]) -> Self {
        HostCheck {
            bind: bind.ip(),
            allowed: allowed
                .iter()
                .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
        }
    }

    pub fn accepts(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        // "name", "name:port", "1.2.3.4:port", "[::1]:port".
        let name = if let Some(rest) = host.strip_prefix('[') {
            rest.split(']').next().unwrap_or("")
        } else {
            host.rsplit_once(':').map_or(host.as_str(), |(n, _)| n)
        };
        let name = name.trim_end_matches('.');
        if name == "localhost" {
            return true;
        }
        if let Ok(ip) = name.parse::<std::net::IpAddr>() {
            if ip.is_loopback() || ip == self.bind || self.bind.is_unspecified() {
                return true;
            }
        }
        self.allowed.iter().any(|a| *a == name || *a == host)
    }
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
    // The address actually bound (port 0 in tests) is the one the `Host` check accepts.
    let config = Config {
        bind: listener.local_addr()?,
        ..config
    };
    let app = app(&config, state);
    tracing::info!("serving on http://{}", config.bind);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
