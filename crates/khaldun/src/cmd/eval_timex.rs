//! `khaldun eval timex`: TIMEX3 accuracy on TimeML gold (issue 4), scored as
//! TempEval-3 does (strict and relaxed span P/R/F1, type and value accuracy on
//! relaxed matches, value F1 = relaxed F1 × value accuracy). The document
//! creation time (DCT) comes from each file and is itself excluded.
use std::path::PathBuf;

use clap::Args;
use khaldun_time::eval::{eval_dir, Counts, ErrorSample};

#[derive(Debug, Args)]
pub struct TimexEvalArgs {
    /// Directory of TimeML `.tml` files (searched recursively); repeat for several sets.
    #[arg(long, required = true)]
    pub gold: Vec<PathBuf>,
    /// Language of the texts (`en` or `fr`); guessed per document when omitted.
    #[arg(long)]
    pub lang: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print up to N sample errors (missed, spurious, span, type, value).
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
}

fn row(name: &str, c: &Counts) -> String {
    let s = c.scores();
    format!(
        "{name:<28} {:>5} {:>5} {:>5}  {:>5.1} {:>5.1} {:>5.1}  {:>5.1} {:>5.1} {:>5.1}  {:>5.1} {:>5.1} {:>5.1}",
        c.docs,
        c.gold,
        c.system,
        s.strict_p,
        s.strict_r,
        s.strict_f1,
        s.relaxed_p,
        s.relaxed_r,
        s.relaxed_f1,
        s.type_accuracy,
        s.value_accuracy,
        s.value_f1
    )
}

pub fn run(args: TimexEvalArgs) -> anyhow::Result<()> {
    let lang = args.lang.as_deref();
    if let Some(l) = lang {
        anyhow::ensure!(l == "en" || l == "fr", "--lang must be en or fr, not {l}");
    }
    let mut per: Vec<(String, Counts)> = Vec::new();
    let mut pooled = Counts::default();
    let mut errors: Vec<ErrorSample> = Vec::new();
    for dir in &args.gold {
        super::common::gold_present(dir)?;
        let c = eval_dir(dir, lang, &mut errors).map_err(|e| anyhow::anyhow!(e))?;
        pooled.add(&c);
        per.push((dir.display().to_string(), c));
    }
    if args.json {
        let sets: Vec<serde_json::Value> = per
            .iter()
            .map(|(n, c)| serde_json::json!({"gold": n, "counts": c, "scores": c.scores()}))
            .collect();
        let out = serde_json::json!({
            "sets": sets,
            "pooled": {"counts": pooled, "scores": pooled.scores()},
            "errors": errors.iter().take(args.errors).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "{:<28} {:>5} {:>5} {:>5}  {:^17}  {:^17}  {:>5} {:>5} {:>5}",
        "gold", "docs", "gold", "sys", "strict P/R/F1", "relaxed P/R/F1", "type", "value", "valF1"
    );
    for (n, c) in &per {
        let short = n.trim_end_matches('/').rsplit('/').next().unwrap_or(n);
        println!("{}", row(short, c));
    }
    if per.len() > 1 {
        println!("{}", row("pooled", &pooled));
    }
    if args.errors > 0 {
        println!();
        for e in errors.iter().take(args.errors) {
            println!(
                "{:<9} {:<40} | {:<40} | {}",
                e.kind,
                e.gold.as_deref().unwrap_or(""),
                e.system.as_deref().unwrap_or(""),
                e.context
            );
        }
    }
    Ok(())
}
