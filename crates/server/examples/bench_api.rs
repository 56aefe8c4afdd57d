//! API latency benchmark (not a test): serves a database on a random
//! loopback port and times filtered `/api/events` pages and
//! `/api/stats/timeline` over HTTP, one request at a time.
//!
//! ```text
//! cargo run --release -p khaldun-server --example synthetic_db -- /tmp/bench.db 1000000
//! cargo run --release -p khaldun-server --example bench_api -- /tmp/bench.db [ROUNDS] [--cache]
//! ```
//!
//! A PostgreSQL URL in place of the file benchmarks the PostgreSQL store.
//!
//! The server's timeline cache is off unless `--cache` is given, so the
//! timeline figures are those of a query the server has not seen.

use std::net::SocketAddr;
use std::time::Instant;

use khaldun_server::{AppState, Config, StoreBackend};

const EVENT_QUERIES: &[&str] = &[
    "limit=100",
    "country=ML&limit=100",
    "type=ASSAULT&from=2020-01-01&to=2020-12-31&limit=100",
    "type=ASSAULT,FIGHT&country=BF&limit=100",
    "bbox=-6,12,0,16&limit=100",
    "actor=jnim&limit=100",
    "status=claimed&min_sources=1&country=NG&limit=100",
    "sub_event_type=Air%2Fdrone%20strike&from=2018-01-01&limit=100",
    "q=Gwoza&limit=100",
    "country=SO&from=2023-01-01&to=2023-03-31&limit=100",
];

const TIMELINE_QUERIES: &[&str] = &[
    "bucket=week",
    "bucket=week&country=ML",
    "bucket=month&type=ASSAULT",
    "bucket=day&from=2024-01-01&to=2024-06-30",
    "bucket=week&actor=jnim",
];

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

async fn time_queries(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    queries: &[&str],
    rounds: usize,
) -> Vec<f64> {
    let mut all = Vec::new();
    for q in queries {
        let url = format!("{base}{path}?{q}");
        for _ in 0..3 {
            client
                .get(&url)
                .send()
                .await
                .expect("request")
                .bytes()
                .await
                .expect("body");
        }
        let mut v = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let t = Instant::now();
            let r = client.get(&url).send().await.expect("request");
            assert!(r.status().is_success(), "{url}: {}", r.status());
            let body = r.bytes().await.expect("body");
            v.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(!body.is_empty());
        }
        let mut w = v.clone();
        println!(
            "  {path}?{q:<60} p50 {:>7.2} ms  p99 {:>7.2} ms",
            pct(&mut w, 0.5),
            pct(&mut w, 0.99)
        );
        all.extend(v);
    }
    all
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let db = args.next().expect("usage: bench_api DB [ROUNDS]");
    let rounds: usize = args
        .next()
        .map(|s| s.parse().expect("ROUNDS"))
        .unwrap_or(100);
    let cache = args.next().as_deref() == Some("--cache");
    let ttl = if cache {
        std::time::Duration::from_secs(30)
    } else {
        std::time::Duration::ZERO
    };
    // Opened off the async threads: the PostgreSQL client blocks.
    let path = db.clone();
    let store: std::sync::Arc<dyn khaldun_server::Store> = tokio::task::spawn_blocking(move || {
        let s: std::sync::Arc<dyn khaldun_server::Store> = if path.starts_with("postgres") {
            std::sync::Arc::new(khaldun_store_pg::PgStore::open(&path).expect("open database"))
        } else {
            std::sync::Arc::new(khaldun_store::SqliteStore::open(&path).expect("open database"))
        };
        s
    })
    .await
    .expect("open database");
    let backend = StoreBackend::new(store).with_timeline_cache(ttl);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(khaldun_server::serve_on(
        listener,
        Config {
            bind: addr,
            ..Config::default()
        },
        AppState::with_backend(backend),
        async {
            let _ = rx.await;
        },
    ));
    let base = format!("http://{addr}");
    let client = reqwest::Client::new();
    println!(
        "{db}: {rounds} sequential requests per query after 3 warm-ups; timeline cache {}",
        if cache { "on" } else { "off" }
    );
    let mut ev = time_queries(&client, &base, "/api/events", EVENT_QUERIES, rounds).await;
    let mut tl = time_queries(
        &client,
        &base,
        "/api/stats/timeline",
        TIMELINE_QUERIES,
        rounds,
    )
    .await;
    println!(
        "filtered /api/events pages: n={} p50 {:.2} ms p99 {:.2} ms",
        ev.len(),
        pct(&mut ev, 0.5),
        pct(&mut ev, 0.99)
    );
    println!(
        "/api/stats/timeline:        n={} p50 {:.2} ms p99 {:.2} ms",
        tl.len(),
        pct(&mut tl, 0.5),
        pct(&mut tl, 0.99)
    );
    let _ = tx.send(());
    let _ = server.await;
}
