//! `khaldun bench`: throughput and memory of ingest and each pipeline stage.
//!
//! Timings are per repeat; the figures quoted are medians over repeats.
//! With `--threads 1` (the default) the figures are per core.

use std::time::{Duration, Instant};

use clap::Args;
use khaldun_ingest::{Format, IngestOptions};
use khaldun_model::AnnotatedArticle;
use khaldun_pipeline::Pipeline;
use khaldun_store::{SqliteStore, Store};
use rayon::prelude::*;

use super::common::peak_rss_bytes;
use super::samples::VOA_STORIES;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Corpus file (any input format; default: the bundled 89 VOA stories).
    pub corpus: Option<std::path::PathBuf>,
    /// Number of timed repeats (medians are reported).
    #[arg(long, default_value_t = 5)]
    pub repeat: usize,
    /// Worker threads (1 = per-core figures).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Also time writing to a fresh in-memory SQLite store.
    #[arg(long)]
    pub store: bool,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also time the "worst shapes" (generated inputs that once took
    /// quadratic time: a place-name list, short HTML paragraphs, a sentence
    /// without punctuation, a large JSON Lines record), each at a size and at
    /// twice that size, per stage, with the ratio.
    #[arg(long)]
    pub shapes: bool,
    /// Base size of each worst shape, in KB (the second size is twice it).
    #[arg(long, default_value_t = 256, requires = "shapes")]
    pub shape_kb: usize,
    /// Also time storing the corpus into a synthetic store of these sizes
    /// (comma-separated event counts, e.g. 10000,1000000): the cost of a
    /// report as the store grows.
    #[arg(long, value_delimiter = ',')]
    pub scale: Vec<u64>,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    let (bytes, origin, format) = match &args.corpus {
        Some(p) => (
            std::fs::read(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
            p.display().to_string(),
            Format::Auto,
        ),
        None => (
            VOA_STORIES.to_vec(),
            "bundled VOA stories".to_owned(),
            Format::Jsonl,
        ),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.max(1))
        .build()?;
    // Loading the language data, gazetteer and actor base is timed on its own.
    let warm_start = Instant::now();
    let pipeline = Pipeline::standard();
    let _ = pipeline.process(khaldun_model::Article {
        text: "Warm-up sentence in Bamako.".into(),
        ..Default::default()
    });
    let warm = warm_start.elapsed();
    let names = pipeline.stage_names();
    let opts = IngestOptions {
        format,
        ..Default::default()
    };
    let (mut t_ingest, mut t_total, mut t_store) = (Vec::new(), Vec::new(), Vec::new());
    let mut t_store_plain = Vec::new();
    let mut t_stages: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    let (mut n_articles, mut text_bytes, mut n_events) = (0usize, 0usize, 0usize);
    let mut last_docs: Vec<AnnotatedArticle> = Vec::new();
    for _ in 0..args.repeat.max(1) {
        let start = Instant::now();
        let articles: Vec<_> = khaldun_ingest::read_bytes(&bytes, &origin, &opts)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        let ingest = start.elapsed();
        n_articles = articles.len();
        text_bytes = articles.iter().map(|a| a.text.len()).sum();
        let start = Instant::now();
        let results: Vec<(AnnotatedArticle, Vec<Duration>)> = pool.install(|| {
            articles
                .into_par_iter()
                .map(|a| {
                    let mut times = vec![Duration::ZERO; names.len()];
                    let mut doc = AnnotatedArticle::new(a);
                    pipeline.annotate_timed(&mut doc, &mut times);
                    (doc, times)
                })
                .collect()
        });
        let pipeline_time = start.elapsed();
        n_events = results.iter().map(|(d, _)| d.events.len()).sum();
        for (i, v) in t_stages.iter_mut().enumerate() {
            // CPU time summed over threads, divided by threads: wall-clock share.
            let sum: Duration = results.iter().map(|(_, t)| t[i]).sum();
            v.push(sum / args.threads.max(1) as u32);
        }
        let mut total = ingest + pipeline_time;
        let docs: Vec<AnnotatedArticle> = results.into_iter().map(|(d, _)| d).collect();
        if args.store {
            let start = Instant::now();
            let s = SqliteStore::open_in_memory()?;
            s.put(&docs)?;
            let st = start.elapsed();
            t_store.push(st);
            total += st;
            // The same writes with deduplication off: what matching costs.
            let start = Instant::now();
            let mut s = SqliteStore::open_in_memory()?;
            s.set_dedup_config(khaldun_store::DedupConfig::off());
            s.put(&docs)?;
            t_store_plain.push(start.elapsed());
        }
        last_docs = docs;
        t_ingest.push(ingest);
        t_total.push(total);
    }
    let mb = text_bytes as f64 / 1e6;
    let rate = |d: Duration| {
        let s = d.as_secs_f64().max(1e-9);
        (n_articles as f64 / s, mb / s)
    };
    let mut rows: Vec<(String, Duration)> = vec![("ingest (parse)".into(), median(t_ingest))];
    for (n, v) in names.iter().zip(t_stages) {
        rows.push((format!("stage {n}"), median(v)));
    }
    if args.store {
        rows.push(("store (SQLite)".into(), median(t_store)));
        rows.push(("store, no dedup".into(), median(t_store_plain)));
    }
    rows.push(("total".into(), median(t_total)));
    let rss = peak_rss_bytes().unwrap_or(0) as f64 / 1e6;
    if args.json {
        let v: Vec<_> = rows
            .iter()
            .map(|(n, d)| {
                let (a, m) = rate(*d);
                serde_json::json!({"step": n, "median_ms": d.as_secs_f64() * 1e3, "articles_per_s": a, "mb_per_s": m})
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"corpus": origin, "articles": n_articles, "text_mb": mb, "events": n_events,
                "threads": args.threads, "repeat": args.repeat, "warmup_ms": warm.as_secs_f64() * 1e3,
                "peak_rss_mb": rss, "steps": v})
        );
        return Ok(());
    }
    println!(
        "corpus: {origin}: {n_articles} articles, {mb:.2} MB of text, {n_events} event reports; {} thread(s), {} repeat(s), medians",
        args.threads,
        args.repeat
    );
    println!(
        "warm-up (load language data, gazetteer, actor base): {:.0} ms",
        warm.as_secs_f64() * 1e3
    );
    println!(
        "{:<18} {:>10} {:>14} {:>10}",
        "step", "ms", "articles/s", "MB/s"
    );
    for (n, d) in &rows {
        let (a, m) = rate(*d);
        println!(
            "{:<18} {:>10.1} {:>14.0} {:>10.2}",
            n,
            d.as_secs_f64() * 1e3,
            a,
            m
        );
    }
    println!("peak RSS: {rss:.0} MB");
    if !args.scale.is_empty() {
        let mut sizes = args.scale.clone();
        sizes.sort_unstable();
        super::bench_scale::run(&last_docs, &sizes)?;
    }
    if args.shapes {
        println!();
        worst_shapes(&pipeline, &names, args.shape_kb * 1000, args.repeat.max(1))?;
    }
    Ok(())
}

/// Per-stage medians on each worst shape at `base` bytes and twice that, and
/// the ratio of the totals (about 2 in linear time, 4 in quadratic).
fn worst_shapes(
    pipeline: &Pipeline,
    names: &[&str],
    base: usize,
    repeat: usize,
) -> anyhow::Result<()> {
    use khaldun_pipeline::shapes::Shape;
    println!("worst shapes (generated; per-stage medians of {repeat}, ms)");
    let mut header = format!("{:<30} {:>9} {:>9}", "shape", "KB", "ingest");
    for n in names {
        header.push_str(&format!(" {n:>9}"));
    }
    header.push_str(&format!(" {:>9} {:>6}", "total", "ratio"));
    println!("{header}");
    for shape in Shape::ALL {
        let mut first_total = None;
        for size in [base, 2 * base] {
            let input = shape.generate(size);
            let opts = IngestOptions {
                format: shape.format().parse().map_err(anyhow::Error::msg)?,
                ..Default::default()
            };
            let (mut t_ingest, mut t_total) = (Vec::new(), Vec::new());
            let mut t_stages: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
            for _ in 0..repeat {
                let start = Instant::now();
                let articles: Vec<_> = khaldun_ingest::read_bytes(&input, "shape", &opts)
                    .into_iter()
                    .filter_map(Result::ok)
                    .collect();
                t_ingest.push(start.elapsed());
                let mut times = vec![Duration::ZERO; names.len()];
                for a in articles {
                    let mut doc = AnnotatedArticle::new(a);
                    pipeline.annotate_timed(&mut doc, &mut times);
                }
                t_total.push(start.elapsed());
                for (v, t) in t_stages.iter_mut().zip(times) {
                    v.push(t);
                }
            }
            let total = median(t_total);
            let ratio = match first_total {
                None => {
                    first_total = Some(total);
                    String::new()
                }
                Some(t) => format!("{:.2}", total.as_secs_f64() / t.as_secs_f64().max(1e-9)),
            };
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            let mut line = format!(
                "{:<30} {:>9.0} {:>9.1}",
                shape.name(),
                input.len() as f64 / 1e3,
                ms(median(t_ingest))
            );
            for v in t_stages {
                line.push_str(&format!(" {:>9.1}", ms(median(v))));
            }
            line.push_str(&format!(" {:>9.1} {ratio:>6}", ms(total)));
            println!("{line}");
        }
    }
    Ok(())
}
