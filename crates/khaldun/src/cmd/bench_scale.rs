//! `khaldun bench --scale N`: the cost of storing one report (with
//! deduplication) as the store grows, over a synthetic store (issue 11).
//!
//! Fills a temporary database file with synthetic one-event articles (ten
//! years of dates, ten countries, 5,000 places: at 1M events, 27 a country
//! and day, denser than ACLED's busiest countries) up to each size asked, and
//! at each size times storing the annotated corpus again under fresh ids.
use std::time::{Duration, Instant};

use khaldun_model::*;
use khaldun_store::{SqliteStore, Store};

const COUNTRIES: [&str; 10] = ["ML", "BF", "NE", "NG", "SD", "SO", "US", "MX", "PK", "UA"];

/// Synthetic article `i`: one attack somewhere in ten countries over ten years.
fn synthetic(i: u64) -> AnnotatedArticle {
    let day = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()
        + chrono::Days::new(i.wrapping_mul(7919) % 3650);
    let country = COUNTRIES[(i % 10) as usize].to_owned();
    let event = Event {
        id: format!("syn-ev-{i}"),
        plover: PloverCoding {
            event_type: "ASSAULT".into(),
            ..Default::default()
        },
        acled: AcledCoding {
            event_type: "Violence against civilians".into(),
            sub_event_type: "Attack".into(),
        },
        date: Some(EventDate {
            date: day.format("%Y-%m-%d").to_string(),
            time_precision: 1,
            source: "text".into(),
            ..Default::default()
        }),
        location: Some(EventLocation {
            place: Place {
                geonameid: Some(i % 5000),
                name: format!("place {}", i % 5000),
                lat: Some((i % 1000) as f64 / 20.0),
                lon: Some((i % 997) as f64 / 10.0),
                country: Some(country),
                ..Default::default()
            },
            span: None,
        }),
        killed: Some((i % 5) as u32),
        ..Default::default()
    };
    AnnotatedArticle {
        article: Article {
            id: format!("syn-{i}"),
            text: format!("synthetic report {i}."),
            ..Default::default()
        },
        events: vec![event],
        ..Default::default()
    }
}

/// Fill `store` from `from` up to `to` synthetic articles.
fn fill(store: &mut SqliteStore, from: u64, to: u64) -> anyhow::Result<()> {
    let mut i = from;
    while i < to {
        let end = (i + 5000).min(to);
        let docs: Vec<AnnotatedArticle> = (i..end).map(synthetic).collect();
        store.put(&docs)?;
        i = end;
    }
    Ok(())
}

/// Time storing `docs` under fresh ids (so that nothing is a duplicate).
fn time_put(
    store: &mut SqliteStore,
    docs: &[AnnotatedArticle],
    round: usize,
) -> anyhow::Result<Duration> {
    let fresh: Vec<AnnotatedArticle> = docs
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.article.id = format!("{}-scale{round}", d.article.id);
            d
        })
        .collect();
    let start = Instant::now();
    store.put(&fresh)?;
    Ok(start.elapsed())
}

/// Timed puts of the corpus at each size; the median is reported.
const ROUNDS: usize = 3;

/// Per-report store cost at each size in `sizes` (ascending): the median of
/// [`ROUNDS`] puts of the corpus under fresh ids.
pub fn run(docs: &[AnnotatedArticle], sizes: &[u64]) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("khaldun-bench-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("scale.db");
    let mut store = SqliteStore::open(&path)?;
    let reports: usize = docs
        .iter()
        .map(|d| {
            d.events
                .iter()
                .filter(|e| khaldun_store::storable(e))
                .count()
        })
        .sum();
    println!("store cost per report as the store grows (synthetic store, file on disk):");
    println!(
        "{:>12} {:>12} {:>16}",
        "events", "fill s", "µs per report (median of 3)"
    );
    let mut have = 0;
    for (round, &n) in sizes.iter().enumerate() {
        let start = Instant::now();
        fill(&mut store, have, n)?;
        have = n;
        let filled = start.elapsed();
        let mut times = Vec::with_capacity(ROUNDS);
        for k in 0..ROUNDS {
            times.push(time_put(&mut store, docs, round * ROUNDS + k)?);
        }
        times.sort();
        let t = times[ROUNDS / 2];
        println!(
            "{:>12} {:>12.1} {:>16.1}",
            n,
            filled.as_secs_f64(),
            t.as_secs_f64() * 1e6 / reports.max(1) as f64
        );
    }
    drop(store);
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
