//! The watcher's operations endpoints, on a small tokio runtime of their own: `/metrics`
//! (Prometheus text format) and `/api/health` (store reachable, per-feed status; 503 when the
//! store cannot be read). The same runtime turns SIGINT and SIGTERM into the stop flag.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use khaldun_store::{SqliteStore, WatchStore};
use serde_json::json;

use crate::config::Source;
use crate::health::feed_health;
use crate::metrics::Metrics;

/// What the endpoints read.
#[derive(Clone)]
pub struct OpsState {
    pub metrics: Arc<Metrics>,
    pub db: PathBuf,
    pub sources: Arc<Vec<Source>>,
}

/// The routes.
pub fn router(state: OpsState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/api/health", get(health))
        .with_state(state)
}

async fn metrics(State(st): State<OpsState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        st.metrics.render(),
    )
        .into_response()
}

async fn health(State(st): State<OpsState>) -> Response {
    let (ok, body) = tokio::task::spawn_blocking(move || health_report(&st.db, &st.sources))
        .await
        .unwrap_or_else(|e| (false, json!({"status": "error", "error": e.to_string()})));
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// The health report: `(store reachable, JSON)`. `status` is `ok`, `degraded` (some feed
/// failing) or `error` (store unreachable); `feeds` as [`feed_health`] gives them.
pub fn health_report(db: &Path, sources: &[Source]) -> (bool, serde_json::Value) {
    let read = SqliteStore::open(db)
        .and_then(|store| store.feed_states())
        .map_err(|e| e.to_string());
    match read {
        Ok(states) => {
            let feeds = feed_health(sources, &states);
            let failing = feeds.iter().filter(|f| f.status == "failing").count();
            let status = if failing == 0 { "ok" } else { "degraded" };
            let body = json!({"status": status, "store": {"reachable": true}, "feeds": feeds});
            (true, body)
        }
        Err(e) => {
            tracing::error!(error = %e, "health: store unreachable");
            let body = json!({"status": "error", "store": {"reachable": false, "error": e}});
            (false, body)
        }
    }
}

/// The background runtime; dropping it stops the endpoints.
pub struct Background {
    runtime: tokio::runtime::Runtime,
    /// The address the endpoints listen on, if any.
    pub addr: Option<SocketAddr>,
}

impl Background {
    /// Start the runtime: with `stop`, SIGINT and SIGTERM set it; with `ops`, serve the
    /// endpoints on its address.
    pub fn start(
        stop: Option<Arc<AtomicBool>>,
        ops: Option<(SocketAddr, OpsState)>,
    ) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        if let Some(stop) = stop {
            runtime.spawn(wait_for_signal(stop));
        }
        let mut addr = None;
        if let Some((bind, state)) = ops {
            let listener = runtime.block_on(tokio::net::TcpListener::bind(bind))?;
            addr = Some(listener.local_addr()?);
            runtime.spawn(async move {
                if let Err(e) = axum::serve(listener, router(state)).await {
                    tracing::error!(error = %e, "operations endpoints stopped");
                }
            });
        }
        Ok(Background { runtime, addr })
    }

    pub fn shutdown(self) {
        self.runtime.shutdown_background();
    }
}

async fn wait_for_signal(stop: Arc<AtomicBool>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::warn!("cannot listen for signals");
            return;
        };
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("stop asked: finishing the current poll");
    stop.store(true, Ordering::SeqCst);
}
