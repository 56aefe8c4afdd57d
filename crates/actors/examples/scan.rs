//! Scan a JSON Lines file (one object with a `text` field a line) and print every actor
//! mention, then counts by actor id and the throughput.
//!
//! `cargo run --release -p khaldun-actors --example scan -- FILE [--quiet] [--repeat N]`
use std::collections::HashMap;
use std::time::Instant;

use khaldun_actors::ActorBase;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: scan FILE.jsonl [--quiet]");
        std::process::exit(2);
    };
    let quiet = args.iter().any(|a| a == "--quiet");
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let texts: Vec<String> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(String::from))
        .collect();
    let base = ActorBase::embedded();
    let t0 = Instant::now();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut bytes = 0;
    for t in texts.iter().cycle().take(texts.len() * repeat) {
        bytes += t.len();
        for (r, a) in base.find_all(t) {
            let id = a.actor.id.clone().unwrap_or_default();
            if !quiet {
                println!("{id}\t{:?}\t{}", a.resolution, &t[r]);
            }
            *counts.entry(id).or_default() += 1;
        }
    }
    let dt = t0.elapsed().as_secs_f64();
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    for (id, n) in v.iter().take(60) {
        eprintln!("{n:6} {id}");
    }
    eprintln!(
        "{} texts, {} bytes in {:.3}s: {:.0} texts/s, {:.1} MB/s",
        texts.len() * repeat,
        bytes,
        dt,
        (texts.len() * repeat) as f64 / dt,
        bytes as f64 / dt / 1e6
    );
}
