//! `khaldun alerts`: saved event filters checked by `khaldun watch` on every new event.

use clap::{Args, Subcommand};
use khaldun_store::{AlertRule, WatchStore};

use super::common::{clip, DbArgs};

#[derive(Debug, Args)]
pub struct AlertsArgs {
    #[command(subcommand)]
    pub command: Option<AlertsCommand>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Recent matches to list.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Save an alert: events matching every filter given are recorded (and POSTed).
    Add(AddArgs),
    /// Remove an alert and its matches.
    Remove {
        /// The alert's number (see `khaldun alerts`).
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Country (ISO 3166-1 alpha-2, e.g. ML).
    #[arg(long)]
    pub country: Option<String>,
    /// ACLED event type or sub-event type, or PLOVER type (e.g. Battles, "Suicide bomb", ASSAULT).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// At least this many killed.
    #[arg(long)]
    pub min_killed: Option<u32>,
    /// POST each match as JSON to this URL.
    #[arg(long)]
    pub webhook: Option<String>,
}

pub fn run(args: AlertsArgs) -> anyhow::Result<()> {
    let store = args.db.open_sqlite("khaldun alerts")?;
    match args.command {
        Some(AlertsCommand::Add(a)) => add(&store, a),
        Some(AlertsCommand::Remove { id }) => {
            anyhow::ensure!(store.remove_alert(id)?, "no alert {id}");
            eprintln!("alert {id} removed");
            Ok(())
        }
        None => list(&store, args.limit),
    }
}

fn add(store: &impl WatchStore, a: AddArgs) -> anyhow::Result<()> {
    if let Some(c) = &a.country {
        anyhow::ensure!(
            c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()),
            "--country {c:?}: a two-letter ISO code expected"
        );
    }
    if let Some(w) = &a.webhook {
        anyhow::ensure!(
            khaldun_ingest::is_url(w),
            "--webhook {w:?}: an http(s) URL expected"
        );
    }
    let rule = AlertRule {
        country: a.country.map(|c| c.to_ascii_uppercase()),
        event_type: a.event_type,
        min_killed: a.min_killed,
        webhook: a.webhook,
        created: chrono::Utc::now().timestamp(),
        ..Default::default()
    };
    let id = store.add_alert(&rule)?;
    println!("alert {id} saved: {}", describe(&rule));
    Ok(())
}

fn describe(r: &AlertRule) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &r.country {
        parts.push(format!("country {c}"));
    }
    if let Some(t) = &r.event_type {
        parts.push(format!("type {t}"));
    }
    if let Some(k) = r.min_killed {
        parts.push(format!("killed >= {k}"));
    }
    if parts.is_empty() {
        parts.push("every event".into());
    }
    if let Some(w) = &r.webhook {
        parts.push(format!("-> {w}"));
    }
    parts.join(", ")
}

fn list(store: &impl WatchStore, limit: u32) -> anyhow::Result<()> {
    let rules = store.alerts()?;
    if rules.is_empty() {
        eprintln!("no alert saved (khaldun alerts add --country ML --type Battles --min-killed 5)");
        return Ok(());
    }
    for r in &rules {
        println!("alert {}: {}", r.id, describe(r));
    }
    let matches = store.alert_matches(limit)?;
    if matches.is_empty() {
        println!("no match yet");
        return Ok(());
    }
    println!("\nrecent matches:");
    for m in matches {
        let when = chrono::DateTime::from_timestamp(m.matched_at, 0)
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let sent = match m.delivered {
            None => "",
            Some(true) => " (sent)",
            Some(false) => " (not sent yet)",
        };
        println!(
            "{when}  alert {}  event {}{sent}  {}",
            m.alert_id,
            m.event_id,
            clip(&m.summary, 90)
        );
    }
    Ok(())
}
