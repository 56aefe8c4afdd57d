//! `khaldun trends`: weekly events and fatalities per country, admin1 unit or actor, with
//! spike flags (issue 14).

use clap::Args;
use khaldun_brief::{trends, Period, SpikeTest, UnitKind};

use super::common::DbArgs;

#[derive(Debug, Args)]
pub struct TrendsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// What a series is about: country, admin1 or actor.
    #[arg(long, default_value = "country")]
    pub by: UnitKind,
    #[command(flatten)]
    pub scope: super::brief::ScopeArgs,
    /// Series printed, most events first.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Weeks shown when no --from is given.
const DEFAULT_WEEKS: u64 = 26;

pub fn run(args: TrendsArgs) -> anyhow::Result<()> {
    let store = args.db.open_existing()?;
    let mut q = args.scope.query()?;
    if q.from.is_none() {
        // the default window is 26 weeks, not the brief's 30 days
        if let Some(p) = q.period(store.as_ref())? {
            q.from = Some(p.to - chrono::Days::new(7 * DEFAULT_WEEKS - 1));
            q.to = Some(p.to);
        }
    }
    let Some(period) = q.period(store.as_ref())? else {
        anyhow::bail!("no events match these filters");
    };
    let records = khaldun_brief::scope::fetch_all(store.as_ref(), q.event_query(Some(period)))?;
    let mut all = trends::series(
        &records,
        args.by,
        period.from,
        period.to,
        &SpikeTest::default(),
    );
    all.truncate(args.limit);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    print_series(&all, period);
    Ok(())
}

fn print_series(all: &[trends::Series], period: Period) {
    if all.is_empty() {
        println!("no events in {}", period.label());
        return;
    }
    println!("weekly events (fatalities) {}; ! = spike", period.label());
    for s in all {
        println!(
            "\n{} — {} events, {} fatalities{}",
            s.label,
            s.events,
            s.fatalities,
            if s.coarse > 0 {
                format!(" ({} dated only to a month or year, in no week)", s.coarse)
            } else {
                String::new()
            }
        );
        for w in s.weeks.iter().filter(|w| w.events > 0 || w.spike.is_some()) {
            let flag = w
                .spike
                .map(|x| {
                    format!(
                        "  ! spike: baseline {:.2}/week, p = {:.4}",
                        x.baseline, x.p_value
                    )
                })
                .unwrap_or_default();
            println!(
                "  {}  {:>4} ({:>4})  {}{flag}",
                w.start,
                w.events,
                w.fatalities,
                "█".repeat(w.events.min(40) as usize)
            );
        }
    }
}
