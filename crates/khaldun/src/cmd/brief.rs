//! `khaldun brief`: a cited situation report for a place, actor and period (issue 14).

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use khaldun_brief::BriefQuery;

use super::common::DbArgs;
use super::validate;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BriefFormat {
    /// Markdown (the weekly chart as a table).
    Md,
    /// One self-contained HTML page with an SVG chart and map (prints well).
    Html,
    /// The computed brief as JSON.
    Json,
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[arg(long, value_enum, default_value = "md")]
    pub format: BriefFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// The place, actor and period flags of `brief` and `trends`.
#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// Country (ISO 3166-1 alpha-2, e.g. ML).
    #[arg(long)]
    pub country: Option<String>,
    /// First-level admin unit name (e.g. Mopti).
    #[arg(long)]
    pub admin1: Option<String>,
    /// Actor id or name fragment, either side (e.g. jnim, Wagner).
    #[arg(long)]
    pub actor: Option<String>,
    /// First day, inclusive (YYYY-MM-DD). Default: a period ending at --to (brief: 30 days;
    /// trends: 26 weeks).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD). Default: the date of the latest event in scope.
    #[arg(long)]
    pub to: Option<String>,
}

impl ScopeArgs {
    /// The flags checked (an unknown country or admin unit, a bad date, is an
    /// error with suggestions) and put in the store's spelling.
    pub fn query(&self) -> anyhow::Result<BriefQuery> {
        let country = self.country.as_deref().map(validate::country).transpose()?;
        Ok(BriefQuery {
            admin1: self
                .admin1
                .as_deref()
                .map(|a| validate::admin1(a, country.as_deref()))
                .transpose()?,
            country,
            actor: self.actor.clone(),
            from: self
                .from
                .as_deref()
                .map(|d| validate::date("--from", d))
                .transpose()?,
            to: self
                .to
                .as_deref()
                .map(|d| validate::date("--to", d))
                .transpose()?,
        })
    }
}

pub fn run(args: BriefArgs) -> anyhow::Result<()> {
    let store = args.db.open_existing()?;
    let q = args.scope.query()?;
    let brief = khaldun_brief::build(store.as_ref(), &q)?;
    if brief.events.is_empty() {
        eprintln!(
            "note: no events for {} in the period{}",
            brief.subject,
            brief
                .period
                .map(|p| format!(" {}", p.label()))
                .unwrap_or_default()
        );
    }
    let text = match args.format {
        BriefFormat::Md => khaldun_brief::markdown(&brief),
        BriefFormat::Html => khaldun_brief::html(&brief),
        BriefFormat::Json => serde_json::to_string_pretty(&brief)? + "\n",
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "brief of {} ({} events) written to {}",
                brief.subject,
                brief.events.len(),
                path.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(())
}
