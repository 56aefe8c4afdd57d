//! `khaldun eval dedup`: cross-article deduplication on incident gold (issue 11).
//!
//! Reads the incident layout (one article a line: `article_id, incident_id,
//! text, title, published, url, killed, injured, incident_date`, as in
//! `shared/eval/dedup/gva-dev.jsonl`), keeps the incidents of the chosen
//! split, runs every article through the pipeline and into a temporary
//! in-memory store (the normal `put` path, batches of 256 as `ingest`), then
//! scores the store's merged violent events with `khaldun_store::eval`.
//! Articles of single-article incidents are ingested too (they are the
//! distractors a real store holds) but not scored.
use super::common::pct;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use khaldun_events::eval_articles as ea;
use khaldun_model::Article;
use khaldun_pipeline::Pipeline;
use khaldun_store::eval::{score_dedup, DedupReport, GoldArticle, Split, SystemEvent};
use khaldun_store::{DedupConfig, EventQuery, SqliteStore, Store};

#[derive(Debug, Args)]
pub struct DedupEvalArgs {
    /// Gold file (JSON Lines, incident layout).
    #[arg(long)]
    pub gold: PathBuf,
    /// Which incidents: `dev` (tune on these), `heldout` (check only) or `all`,
    /// half and half by a stable hash of the incident id.
    #[arg(long, default_value = "dev")]
    pub split: Split,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print up to N error lines (split incidents, wrong merges).
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
    /// Deduplication weights to use instead of the embedded
    /// `data/dedup/scoring.tsv` (same layout), for tuning on the dev half.
    #[arg(long)]
    pub dedup_config: Option<PathBuf>,
    /// Keep the store in this SQLite file (for inspecting reports and their
    /// features) instead of a temporary in-memory one; it must not exist.
    #[arg(long)]
    pub keep_db: Option<PathBuf>,
}

fn date10(s: Option<&str>) -> Option<String> {
    s.and_then(|p| p.get(..10)).map(str::to_string)
}

pub fn run(args: DedupEvalArgs) -> anyhow::Result<()> {
    super::common::gold_present(&args.gold)?;
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let mut gold = ea::parse_incidents(&text).map_err(|e| anyhow::anyhow!(e))?;
    gold.retain(|a| args.split.contains(&a.incident_id));
    let started = Instant::now();
    let mut store = match &args.keep_db {
        Some(p) if p.exists() => {
            anyhow::bail!("{} exists; --keep-db makes a new file", p.display())
        }
        Some(p) => SqliteStore::open(p)?,
        None => SqliteStore::open_in_memory()?,
    };
    if let Some(p) = &args.dedup_config {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        store.set_dedup_config(DedupConfig::parse(&text).map_err(|e| anyhow::anyhow!(e))?);
    }
    let pipeline = Pipeline::standard();
    let mut store_time = std::time::Duration::ZERO;
    for chunk in gold.chunks(256) {
        let articles: Vec<Article> = chunk.iter().map(article).collect();
        let docs = pipeline.process_batch(articles);
        let t = Instant::now();
        store.put(&docs)?;
        store_time += t.elapsed();
    }
    let events = violent_events(&store)?;
    let gold: Vec<GoldArticle> = gold
        .iter()
        .map(|a| GoldArticle {
            article_id: a.article_id.clone(),
            incident_id: a.incident_id.clone(),
            killed: a.killed,
            injured: a.injured,
            date: a.incident_date.clone(),
        })
        .collect();
    let r = score_dedup(&gold, &events, args.errors);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    print_report(&r, &args, gold.len());
    eprintln!(
        "({} articles in {:.1} s; store writes {:.2} s)",
        gold.len(),
        started.elapsed().as_secs_f64(),
        store_time.as_secs_f64()
    );
    Ok(())
}

fn article(a: &ea::IncidentArticle) -> Article {
    Article {
        id: a.article_id.clone(),
        title: a.title.clone(),
        text: a.text.clone(),
        url: a.url.clone(),
        published: date10(a.published.as_deref()),
        format: "text".into(),
        ..Default::default()
    }
}

/// Every stored, visible political-violence event with its articles.
fn violent_events(store: &SqliteStore) -> anyhow::Result<Vec<SystemEvent>> {
    let mut out = Vec::new();
    let mut q = EventQuery {
        limit: Some(10_000),
        ..Default::default()
    };
    loop {
        let page = store.events(&q)?;
        for rec in &page.events {
            let e = &rec.event;
            let violent = ea::type_families(&e.acled.event_type).contains(&"violence");
            if !violent || e.plover.event_type == "THREATEN" {
                continue;
            }
            let Some(detail) = store.event(&rec.id)? else {
                continue;
            };
            out.push(SystemEvent {
                id: rec.id.clone(),
                articles: detail.reports.into_iter().map(|r| r.article_id).collect(),
                killed: e.killed,
                injured: e.injured,
                date: e.date.as_ref().map(|d| d.date.clone()),
            });
        }
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => return Ok(out),
        }
    }
}

fn print_report(r: &DedupReport, args: &DedupEvalArgs, ingested: usize) {
    for e in &r.errors {
        println!("{e}");
    }
    let p = &r.pairwise;
    println!(
        "split {:?}: {ingested} articles ingested; {} incidents with 2+ articles ({} articles) scored",
        args.split, r.incidents, r.articles
    );
    println!(
        "pairwise        P {}  R {}  F1 {}   (tp {} fp {} fn {})",
        pct(p.precision),
        pct(p.recall),
        pct(p.f1),
        p.tp,
        p.fp,
        p.fn_
    );
    println!(
        "B-cubed         P {}  R {}  F1 {}",
        pct(r.bcubed_precision),
        pct(r.bcubed_recall),
        pct(r.bcubed_f1)
    );
    let share = |n: usize| pct(n as f64 / r.incidents.max(1) as f64);
    println!(
        "incidents as one event {} ({}/{}); with some articles merged {} ({})",
        share(r.incidents_one_event),
        r.incidents_one_event,
        r.incidents,
        share(r.incidents_some_merge),
        r.incidents_some_merge
    );
    println!("main event of each incident:");
    for (n, f) in [
        ("killed", &r.killed),
        ("injured", &r.injured),
        ("date", &r.date),
    ] {
        println!("  {n:<8} {} ({}/{})", pct(f.accuracy), f.correct, f.total);
    }
}
