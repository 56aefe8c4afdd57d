//! `khaldun serve`: REST API and web UI (issue 6).
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use khaldun_server::{AppState, Config, PlaceHit};

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: super::common::DbArgs,
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
    let store = args.db.open()?;
    let mut state = AppState::new(store.clone());
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
    state.health = Some(match args.db.sqlite_path() {
        Some(path) => Arc::new(move || khaldun_watch::ops::health_report(&path, &[])),
        // PostgreSQL keeps no watcher state: the report is the store's reachability.
        None => Arc::new(move || match store.stats() {
            Ok(_) => (
                true,
                serde_json::json!({"status": "ok", "store": {"reachable": true}, "feeds": []}),
            ),
            Err(e) => (
                false,
                serde_json::json!({"status": "error", "store": {"reachable": false, "error": e.to_string()}}),
            ),
        }),
    });
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
    state.places_in_box = Some(Arc::new(places_in_box));
    state.actor_profile = Some(Arc::new(actor_profile));
    if !args.bind.ip().is_loopback() {
        tracing::warn!("listening on {}, reachable from the network", args.bind);
    }
    eprintln!(
        "Khaldun: http://{} (database {}; writes {})",
        args.bind,
        args.db.name(),
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

/// Towns and admin1 units of the embedded gazetteer inside `[west, south, east, north]`,
/// most populous first (the map's label layer; admin1 units first at low zoom).
fn places_in_box(b: [f64; 4], limit: usize) -> Vec<PlaceHit> {
    use khaldun_geo::Kind;
    let g = khaldun_geo::Gazetteer::embedded();
    let inside = |e: &khaldun_geo::Entry| {
        let (lat, lon) = (f64::from(e.lat), f64::from(e.lon));
        let lon_ok = if b[0] <= b[2] {
            lon >= b[0] && lon <= b[2]
        } else {
            lon >= b[0] || lon <= b[2] // the box crosses the antimeridian
        };
        lat >= b[1] && lat <= b[3] && lon_ok
    };
    let mut hits: Vec<&khaldun_geo::Entry> = g
        .entries()
        .iter()
        .filter(|e| matches!(e.kind, Kind::Capital | Kind::Place | Kind::Admin1) && inside(e))
        .collect();
    hits.sort_by(|a, b| {
        let rank = |e: &khaldun_geo::Entry| u8::from(e.kind != Kind::Capital);
        rank(a).cmp(&rank(b)).then(b.population.cmp(&a.population))
    });
    hits.truncate(limit);
    hits.into_iter()
        .map(|e| PlaceHit {
            geonameid: (e.geonameid != 0).then_some(e.geonameid),
            name: e.name.to_string(),
            country: (!e.country.is_empty()).then(|| e.country.to_string()),
            admin1: if e.kind == Kind::Admin1 {
                Some(e.name.to_string())
            } else {
                g.admin1_name(e).map(String::from)
            },
            lat: Some(f64::from(e.lat)),
            lon: Some(f64::from(e.lon)),
            n_events: 0,
        })
        .collect()
}

/// An actor's knowledge-base profile: name, aliases, description and affiliation chain
/// (each link with the parent's name and years).
fn actor_profile(id: &str) -> Option<serde_json::Value> {
    let base = khaldun_actors::ActorBase::embedded();
    let r = base.get(id)?;
    let chain: Vec<serde_json::Value> = base
        .affiliations(&r.id)
        .iter()
        .map(|l| {
            let name = |x: &str| {
                base.get(x)
                    .map_or_else(|| x.to_string(), |a| a.name.to_string())
            };
            serde_json::json!({
                "child": l.child, "child_name": name(&l.child), "parent": l.parent,
                "parent_name": name(&l.parent), "from": l.from, "to": l.to, "depth": l.depth
            })
        })
        .collect();
    Some(serde_json::json!({
        "id": r.id, "name": r.name, "inter": r.inter, "sector": r.sector, "country": r.country,
        "aliases": r.aliases, "description": r.description, "affiliations": chain,
    }))
}
