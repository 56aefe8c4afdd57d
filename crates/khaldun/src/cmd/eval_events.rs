//! `khaldun eval events`: event extraction accuracy on gold (issue 5).
//!
//! Three gold layouts: `dev` (Khaldun's JSON Lines, `gold/events-dev.jsonl`):
//! detection P/R/F1 (type family and trigger), per-field accuracy on matched
//! events and a confusion table of ACLED sub-event types; `plover` (the PLOVER
//! GSR CAMEO examples): event type agreement after mapping PLOVER v0.5 names;
//! `wikievents` (WikiEvents JSON Lines): attack, die and injure trigger F1 and
//! actor/target/place argument F1.
use super::common::pct;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use khaldun_actors::ActorBase;
use khaldun_events::eval;
use khaldun_model::{AnnotatedArticle, Article, Sentence};
use khaldun_pipeline::Pipeline;
use rayon::prelude::*;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GoldFormat {
    Dev,
    Plover,
    Wikievents,
    /// PETRARCH's validation records (XML)
    Petrarch,
}

#[derive(Debug, Args)]
pub struct EventEvalArgs {
    /// Gold file.
    #[arg(long)]
    pub gold: PathBuf,
    /// Gold layout; guessed from the file name when omitted.
    #[arg(long, value_enum)]
    pub format: Option<GoldFormat>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print up to N error examples.
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
}

pub fn run(args: EventEvalArgs) -> anyhow::Result<()> {
    super::common::gold_present(&args.gold)?;
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let name = args.gold.to_string_lossy().to_lowercase();
    let format = args.format.unwrap_or(if name.contains("wikievents") {
        GoldFormat::Wikievents
    } else if name.ends_with(".xml")
        || name.contains("petrarch")
        || text.trim_start().starts_with('<')
    {
        GoldFormat::Petrarch
    } else if name.ends_with(".json") || name.contains("plover") {
        GoldFormat::Plover
    } else {
        GoldFormat::Dev
    });
    let pipeline = Pipeline::standard();
    let base = ActorBase::embedded();
    match format {
        GoldFormat::Dev => {
            let items = eval::parse_dev(&text).map_err(|e| anyhow::anyhow!(e))?;
            let docs: Vec<AnnotatedArticle> = items
                .par_iter()
                .map(|i| {
                    pipeline.process(Article {
                        id: i.id.clone(),
                        text: i.text.clone(),
                        published: i.published.clone(),
                        language: i.lang.clone(),
                        format: "text".into(),
                        ..Default::default()
                    })
                })
                .collect();
            let r = eval::score_dev(&items, &docs, Some(&base), args.errors);
            if args.json {
                println!("{}", serde_json::to_string_pretty(&r)?);
                return Ok(());
            }
            for e in &r.errors {
                println!("{e}");
            }
            let d = &r.detection;
            println!(
                "items {}  gold events {}  system events {}",
                r.items,
                d.tp + d.fn_,
                d.tp + d.fp
            );
            println!(
                "detection       P {}  R {}  F1 {}",
                pct(d.precision),
                pct(d.recall),
                pct(d.f1)
            );
            for (l, p) in &r.by_lang {
                println!(
                    "  {l:<13} P {}  R {}  F1 {}",
                    pct(p.precision),
                    pct(p.recall),
                    pct(p.f1)
                );
            }
            println!(
                "actor           P {}  R {}  F1 {}",
                pct(r.actor.precision),
                pct(r.actor.recall),
                pct(r.actor.f1)
            );
            for (n, f) in [
                ("sub-event type", &r.sub_event),
                ("target", &r.target),
                ("place", &r.place),
                ("admin1", &r.admin1),
                ("within 25 km", &r.within_25km),
                ("date", &r.date),
                ("killed", &r.killed),
                ("injured", &r.injured),
                ("abducted", &r.abducted),
                ("arrested", &r.arrested),
                ("status", &r.status),
                ("claimant", &r.claimant),
                ("denied_by", &r.denied_by),
                ("mode", &r.mode),
            ] {
                // (admin1 and distance only when the gold rows give them)
                if f.total == 0 && matches!(n, "admin1" | "within 25 km") {
                    continue;
                }
                println!("{n:<15} {} ({}/{})", pct(f.accuracy), f.correct, f.total);
            }
            println!("\nACLED sub-event confusion on matched events (gold → system: count)");
            for (g, row) in &r.confusion {
                let cells: Vec<String> = row
                    .iter()
                    .map(|(p, n)| {
                        if p == g {
                            format!("✓{n}")
                        } else {
                            format!("{p}: {n}")
                        }
                    })
                    .collect();
                println!("  {g:<36} {}", cells.join(", "));
            }
        }
        GoldFormat::Plover => {
            let items = eval::parse_plover(&text).map_err(|e| anyhow::anyhow!(e))?;
            let docs: Vec<AnnotatedArticle> = items
                .par_iter()
                .map(|i| {
                    pipeline.process(Article {
                        id: i.id.clone(),
                        text: i.text.clone().unwrap_or_default(),
                        language: Some("en".into()),
                        format: "text".into(),
                        ..Default::default()
                    })
                })
                .collect();
            let r = eval::score_plover(&items, &docs, args.errors);
            if args.json {
                println!("{}", serde_json::to_string_pretty(&r)?);
                return Ok(());
            }
            for e in &r.errors {
                println!("{e}");
            }
            println!("items {}  with an event {}", r.items, r.with_event);
            println!("type agreement (top event)        {}", pct(r.top_agreement));
            println!("type agreement (any event)        {}", pct(r.any_agreement));
            println!(
                "type agreement (top, when coded)  {}",
                pct(r.top_agreement_when_predicted)
            );
            for (t, (n, ok)) in &r.per_type {
                println!("  {t:<10} {ok:>3}/{n:<3}");
            }
        }
        GoldFormat::Petrarch => {
            let records =
                khaldun_events::petrarch::parse(&text).map_err(|e| anyhow::anyhow!("{e}"))?;
            let docs: Vec<AnnotatedArticle> = records
                .par_iter()
                .map(|r| {
                    pipeline.process(Article {
                        id: r.id.clone(),
                        text: r.text.clone(),
                        published: r.date.clone(),
                        language: Some("en".into()),
                        format: "text".into(),
                        ..Default::default()
                    })
                })
                .collect();
            let r = khaldun_events::petrarch::score(&records, &docs, args.errors);
            if args.json {
                println!("{}", serde_json::to_string_pretty(&r)?);
                return Ok(());
            }
            for e in &r.errors {
                println!("{e}");
            }
            println!(
                "records {}  with gold events {}  without {}",
                r.records, r.gold_with_event, r.gold_without_event
            );
            println!(
                "detection (sentence has an event)  P {}  R {}  F1 {}",
                pct(r.detection_precision),
                pct(r.detection_recall),
                pct(r.detection_f1)
            );
            println!(
                "CAMEO agreement when both code   root {}  code {}",
                pct(r.root_agreement),
                pct(r.code_agreement)
            );
            for (root, (n, ok)) in &r.per_root {
                println!("  root {root}  {ok:>3}/{n:<3}");
            }
        }
        GoldFormat::Wikievents => {
            let gold = eval::parse_wiki(&text).map_err(|e| anyhow::anyhow!(e))?;
            // gold sentence boundaries are kept: the source text runs sentences together
            let no_text = Pipeline::with_stages(&["time", "geo", "actors", "events"]);
            let sys: Vec<Vec<eval::WikiSys>> = gold
                .par_iter()
                .map(|d| {
                    let chars: Vec<char> = d.text.chars().collect();
                    let mut a = AnnotatedArticle::new(Article {
                        id: d.id.clone(),
                        text: d.text.clone(),
                        language: Some("en".into()),
                        format: "text".into(),
                        ..Default::default()
                    });
                    a.sentences = d
                        .sentences
                        .iter()
                        .map(|&(s, e)| Sentence {
                            start: s,
                            end: e,
                            text: chars[s..e].iter().collect(),
                            tokens: vec![],
                        })
                        .collect();
                    no_text.annotate(&mut a);
                    khaldun_events::wiki_mentions(&a, &base)
                })
                .collect();
            let g: Vec<_> = gold.iter().map(|d| d.mentions.clone()).collect();
            let texts: Vec<_> = gold.iter().map(|d| d.text.clone()).collect();
            let r = eval::score_wiki(&g, &sys, &texts, args.errors);
            if args.json {
                println!("{}", serde_json::to_string_pretty(&r)?);
                return Ok(());
            }
            for e in &r.errors {
                println!("{e}");
            }
            println!("documents {}", r.documents);
            for (k, p) in &r.trigger {
                println!(
                    "trigger {k:<16} P {}  R {}  F1 {}  (tp {} fp {} fn {})",
                    pct(p.precision),
                    pct(p.recall),
                    pct(p.f1),
                    p.tp,
                    p.fp,
                    p.fn_
                );
            }
            for (k, p) in &r.arguments {
                println!(
                    "argument {k:<15} P {}  R {}  F1 {}  (tp {} fp {} fn {})",
                    pct(p.precision),
                    pct(p.recall),
                    pct(p.f1),
                    p.tp,
                    p.fp,
                    p.fn_
                );
            }
        }
    }
    Ok(())
}
