//! `khaldun events split` and `khaldun events merge`: deduplication decided
//! by hand (issue 11). The store records each decision, so clustering again
//! (new reports, changed or re-ingested articles) keeps it.

use clap::{Args, Subcommand};

use super::common::DbArgs;
use super::events::resolve_prefix;

#[derive(Debug, Subcommand)]
pub enum EventsEdit {
    /// Split an event: one report leaves it (--report), or every report
    /// becomes its own event.
    Split(SplitArgs),
    /// Merge two events into one.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// Event id (or a unique prefix of at least 6 characters).
    pub event: String,
    /// The report that leaves: the id of the article that told it (as
    /// `khaldun show` lists), or the report's id.
    #[arg(long)]
    pub report: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The two events (ids or unique prefixes of at least 6 characters).
    #[arg(num_args = 2, required = true)]
    pub events: Vec<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(cmd: EventsEdit) -> anyhow::Result<()> {
    match cmd {
        EventsEdit::Split(a) => {
            let store = a.db.open_existing()?;
            let id = resolve_prefix(store.as_ref(), &a.event)?;
            let out = store.split_event(&id, a.report.as_deref())?;
            println!("split event {id} into {} event(s):", out.len());
            for e in out {
                println!("  {e}");
            }
        }
        EventsEdit::Merge(a) => {
            let store = a.db.open_existing()?;
            let x = resolve_prefix(store.as_ref(), &a.events[0])?;
            let y = resolve_prefix(store.as_ref(), &a.events[1])?;
            if x == y {
                anyhow::bail!("{x} is one event already");
            }
            let id = store.merge_events(&x, &y)?;
            println!("merged {x} and {y} into event {id}");
        }
    }
    Ok(())
}
