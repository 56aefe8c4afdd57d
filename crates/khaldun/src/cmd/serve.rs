//! `khaldun serve`: REST API and web UI (issue 6).
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use khaldun_server::{AppState, Config, PlaceHit, StoreBackend};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// SQLite database file (created if missing).
    #[arg(long, env = "KHALDUN_DB", default_value = "khaldun-data/khaldun.db")]
    pub db: PathBuf,
    /// Address to listen on. The default is loopback only; binding another
    /// address exposes the API to the network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Environment variable holding the bearer token for write routes
    /// (`POST /api/ingest`). Unset or empty: writes are off.
    #[arg(long, default_value = "KHALDUN_TOKEN")]
    pub token_env: String,
    /// Allow cross-origin reads from this origin (repeatable). Default: CORS off.
    #[arg(long = "cors-origin")]
    pub cors_origins: Vec<String>,
    /// Largest accepted request body, in MiB.
    #[arg(long, default_value_t = 4)]
    pub max_body_mib: usize,
    /// Also answer requests whose Host header is this name (repeatable; `NAME` or
    /// `NAME:PORT`). Loopback names and the bound address are always accepted; other
    /// names get 421, so that a DNS-rebinding page cannot read the API.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
    /// Let `POST /api/ingest {"url": ...}` fetch loopback, private, link-local and other
    /// non-public addresses (refused by default: the server would fetch its own network's
    /// services for whoever holds the token, and the pages become readable through the API).
    #[arg(long)]
    pub allow_private_fetch: bool,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    if let Some(dir) = args.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let backend = StoreBackend::open(&args.db)
        .with_context(|| format!("cannot open database {}", args.db.display()))?;
    let mut state = AppState::new(Arc::new(backend));
    state.token = std::env::var(&args.token_env)
        .ok()
        .filter(|t| !t.trim().is_empty());
    let pipeline = Arc::new(khaldun_pipeline::Pipeline::standard());
    state.annotate = Some(Arc::new(move |a| pipeline.process(a)));
    let fetch_opts = khaldun_ingest::IngestOptions {
        allow_private_fetch: args.allow_private_fetch,
        ..Default::default()
    };
    state.fetch = Some(Arc::new(move |url: &str| {
        khaldun_ingest::read_url(url, &fetch_opts)
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    }));
    let db = args.db.clone();
    state.health = Some(Arc::new(move || {
        khaldun_watch::ops::health_report(&db, &[])
    }));
    let gazetteer = khaldun_geo::Gazetteer::embedded();
    state.place_search = Some(Arc::new(move |q: &str, limit: usize| {
        gazetteer
            .search(q, None, limit)
            .into_iter()
            .map(|e| PlaceHit {
                geonameid: (e.geonameid != 0).then_some(e.geonameid),
                name: e.name.to_string(),
                country: (!e.country.is_empty()).then(|| e.country.to_string()),
                admin1: gazetteer.admin1_name(e).map(String::from),
                lat: Some(f64::from(e.lat)),
                lon: Some(f64::from(e.lon)),
                n_events: 0,
            })
            .collect()
    }));
    if !args.bind.ip().is_loopback() {
        tracing::warn!("listening on {}, reachable from the network", args.bind);
    }
    eprintln!(
        "Khaldun: http://{} (database {}; writes {})",
        args.bind,
        args.db.display(),
        if state.token.is_some() {
            "on, bearer token required"
        } else {
            "off"
        }
    );
    let config = Config {
        bind: args.bind,
        cors_origins: args.cors_origins,
        max_body: args.max_body_mib << 20,
        allowed_hosts: args.allowed_hosts,
    };
    khaldun_server::serve_blocking(config, state)
        .with_context(|| format!("cannot serve on {}", args.bind))
}
