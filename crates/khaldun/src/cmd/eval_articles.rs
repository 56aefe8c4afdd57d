//! `khaldun eval articles`: whole-article event accuracy (issue 10).
//!
//! Two gold layouts, told apart by their fields: the article gold
//! (`gold/articles-dev.jsonl`: every event of each article) gives event
//! precision, recall and F1, per-field accuracy on matched events, figures by
//! language and the errors; the incident layout (real news about one
//! incident each, with the incident's `killed`, `injured` and
//! `incident_date`, as in `shared/eval/dedup/gva-dev.jsonl`) gives, per
//! article, the accuracy of the main violent event's figures.
use super::common::pct;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use khaldun_actors::ActorBase;
use khaldun_events::eval_articles as ea;
use khaldun_geo::Gazetteer;
use khaldun_model::{AnnotatedArticle, Article};
use khaldun_pipeline::Pipeline;
use rayon::prelude::*;

#[derive(Debug, Args)]
pub struct ArticleEvalArgs {
    /// Gold file (JSON Lines): the article layout or the incident layout.
    #[arg(long)]
    pub gold: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print up to N error lines (misses, false events, wrong fields).
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
    /// Only articles whose id starts with this prefix.
    #[arg(long)]
    pub only: Option<String>,
}

fn date10(s: Option<&str>) -> Option<String> {
    s.and_then(|p| p.get(..10)).map(str::to_string)
}

pub fn run(args: ArticleEvalArgs) -> anyhow::Result<()> {
    super::common::gold_present(&args.gold)?;
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.contains("\"incident_id\"") {
        incidents(&text, &args)
    } else {
        articles(&text, &args)
    }
}

fn articles(text: &str, args: &ArticleEvalArgs) -> anyhow::Result<()> {
    let mut gold = ea::parse_articles(text).map_err(|e| anyhow::anyhow!(e))?;
    if let Some(p) = &args.only {
        gold.retain(|a| a.id.starts_with(p.as_str()));
    }
    let pipeline = Pipeline::standard();
    let docs: Vec<AnnotatedArticle> = gold
        .par_iter()
        .map(|a| {
            pipeline.process(Article {
                id: a.id.clone(),
                title: a.title.clone(),
                text: a.text.clone(),
                published: date10(a.published.as_deref()),
                language: a.lang.clone(),
                format: "text".into(),
                ..Default::default()
            })
        })
        .collect();
    let base = ActorBase::embedded();
    let gaz = Gazetteer::embedded();
    let r = ea::score_articles(&gold, &docs, Some(&base), &gaz, args.errors);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    for e in &r.errors {
        println!("{e}");
    }
    let d = &r.detection;
    println!(
        "articles {}  gold events {} (+{} optional)  visible system events {}",
        r.articles, r.gold_events, r.gold_optional, r.system_events
    );
    println!(
        "events          P {}  R {}  F1 {}   (tp {} fp {} fn {})",
        pct(d.precision),
        pct(d.recall),
        pct(d.f1),
        d.tp,
        d.fp,
        d.fn_
    );
    for (l, p) in &r.by_lang {
        println!(
            "  {l:<13} P {}  R {}  F1 {}   (tp {} fp {} fn {})",
            pct(p.precision),
            pct(p.recall),
            pct(p.f1),
            p.tp,
            p.fp,
            p.fn_
        );
    }
    println!("fields on matched events:");
    for (n, f) in [
        ("event type", &r.event_type),
        ("sub-event type", &r.sub_event),
        ("plover", &r.plover),
        ("actor", &r.actor),
        ("target", &r.target),
        ("place", &r.place),
        ("date", &r.date),
        ("killed", &r.killed),
        ("injured", &r.injured),
        ("abducted", &r.abducted),
        ("status", &r.status),
        ("claimant", &r.claimant),
    ] {
        println!("  {n:<15} {} ({}/{})", pct(f.accuracy), f.correct, f.total);
    }
    let types: Vec<String> = r
        .system_by_type
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    println!("visible system events by type: {}", types.join(", "));
    Ok(())
}

fn incidents(text: &str, args: &ArticleEvalArgs) -> anyhow::Result<()> {
    let mut gold = ea::parse_incidents(text).map_err(|e| anyhow::anyhow!(e))?;
    if let Some(p) = &args.only {
        gold.retain(|a| a.article_id.starts_with(p.as_str()));
    }
    let pipeline = Pipeline::standard();
    let docs: Vec<AnnotatedArticle> = gold
        .par_iter()
        .map(|a| {
            pipeline.process(Article {
                id: a.article_id.clone(),
                title: a.title.clone(),
                text: a.text.clone(),
                url: a.url.clone(),
                published: date10(a.published.as_deref()),
                format: "text".into(),
                ..Default::default()
            })
        })
        .collect();
    let r = ea::score_incidents(&gold, &docs, args.errors);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    for e in &r.errors {
        println!("{e}");
    }
    println!(
        "articles {}  with a main violent event {} ({})",
        r.articles,
        r.found,
        pct(r.found as f64 / r.articles.max(1) as f64)
    );
    println!("main violent event against the incident, per article:");
    for (n, f) in [
        ("killed", &r.killed),
        ("injured", &r.injured),
        ("date", &r.date),
        ("baseline: killed = 1", &r.baseline_killed_one),
        ("baseline: date = published", &r.baseline_published),
    ] {
        println!("  {n:<27} {} ({}/{})", pct(f.accuracy), f.correct, f.total);
    }
    Ok(())
}
