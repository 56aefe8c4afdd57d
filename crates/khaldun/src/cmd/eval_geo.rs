//! `khaldun eval geo`: geoparsing accuracy on a GeoVirus-layout gold file (issue 3).
use std::path::PathBuf;

use clap::Args;
use khaldun_geo::Gazetteer;

#[derive(Debug, Args)]
pub struct GeoEvalArgs {
    /// Gold JSON Lines: {text, toponyms: [{start, end, phrase, lat, lon}]} (code points).
    #[arg(long)]
    pub gold: PathBuf,
    /// Resolve the gold spans only (no recognition).
    #[arg(long)]
    pub given_spans: bool,
    /// Score only one half of the gold file, split by a stable hash of the document id
    /// (tune on `dev`, check on `heldout`).
    #[arg(long, default_value = "all")]
    pub split: khaldun_geo::eval::Split,
    /// Count demonym mentions ("Russian officials") as toponyms, as corpora that annotate
    /// adjectival place names do (LGL; not GeoVirus).
    #[arg(long)]
    pub demonyms: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write one JSON line per scored toponym (tp/fn/fp, error km, context) to this file.
    #[arg(long)]
    pub errors: Option<PathBuf>,
}

pub fn run(args: GeoEvalArgs) -> anyhow::Result<()> {
    let g = Gazetteer::embedded();
    super::common::gold_present(&args.gold)?;
    let r = khaldun_geo::eval::evaluate_split(
        &g,
        &args.gold,
        args.given_spans,
        args.split,
        args.demonyms,
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?;
    if let Some(path) = &args.errors {
        let mut out = String::new();
        for d in &r.details {
            out.push_str(&serde_json::to_string(d)?);
            out.push('\n');
        }
        std::fs::write(path, out)?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        println!("{}", r.summary());
    }
    Ok(())
}
