//! `khaldun articles`: list stored articles.

use std::io::Write;

use clap::Args;
use khaldun_store::ArticleQuery;

use super::common::{clip, DbArgs};

#[derive(Debug, Args)]
pub struct ArticlesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Full-text query (accent- and case-insensitive).
    #[arg(long)]
    pub query: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// Print JSON Lines instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Print one article (by id) with its annotations as JSON.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

pub fn run(args: ArticlesArgs) -> anyhow::Result<()> {
    let store = args.db.open_existing()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Some(id) = &args.id {
        let Some(doc) = store.article(id)? else {
            anyhow::bail!("no article {id}");
        };
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    let list = store.articles(&ArticleQuery {
        text: args.query.clone(),
        limit: Some(args.limit),
        offset: Some(args.offset),
    })?;
    if args.json {
        for a in &list {
            serde_json::to_writer(&mut out, a)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "{:<19}  {:<16}  {:<4}  {:>6}  {:<60}  id",
        "published", "publisher", "lang", "events", "title"
    )?;
    for a in &list {
        writeln!(
            out,
            "{:<19}  {:<16}  {:<4}  {:>6}  {:<60}  {}",
            clip(a.published.as_deref().unwrap_or("-"), 19),
            clip(a.publisher.as_deref().unwrap_or("-"), 16),
            a.language.as_deref().unwrap_or("-"),
            a.events,
            clip(a.title.as_deref().unwrap_or("(untitled)"), 60),
            a.id
        )?;
    }
    Ok(())
}
