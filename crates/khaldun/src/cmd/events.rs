//! `khaldun events` and `khaldun show`: list and inspect stored events.

use std::io::Write;

use clap::{Args, ValueEnum};
use khaldun_store::{EventQuery, EventRecord, Store};

use super::common::{clip, DbArgs, FilterArgs};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EventsArgs {
    /// `split` or `merge` events by hand (recorded: re-clustering keeps it).
    #[command(subcommand)]
    pub edit: Option<super::events_edit::EventsEdit>,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Include events flagged hypothetical or historical.
    #[arg(long)]
    pub all: bool,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Continue from a previous page's cursor.
    #[arg(long)]
    pub cursor: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

impl EventsArgs {
    fn query(&self) -> anyhow::Result<EventQuery> {
        Ok(EventQuery {
            include_flagged: self.all,
            limit: Some(self.limit),
            cursor: self.cursor.clone(),
            ..self.filter.validated()?.query()
        })
    }
}

pub fn run(mut args: EventsArgs) -> anyhow::Result<()> {
    if let Some(edit) = args.edit.take() {
        return super::events_edit::run(edit);
    }
    let query = args.query()?;
    let store = args.db.open_existing()?;
    let page = store.events(&query)?;
    if page.events.is_empty() {
        // an empty result says so (on stderr, so that CSV and JSON stay well-formed)
        eprintln!(
            "no events match {}",
            if args.filter.any() {
                "these filters (hypothetical and background events need --all)"
            } else {
                "(the database has no events: run `khaldun demo` or `khaldun ingest`)"
            }
        );
        if matches!(args.format, ListFormat::Table) {
            return Ok(());
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ListFormat::Json => serde_json::to_writer_pretty(&mut out, &page)?,
        ListFormat::Jsonl => {
            for r in &page.events {
                serde_json::to_writer(&mut out, r)?;
                writeln!(out)?;
            }
        }
        ListFormat::Csv => write_csv(&mut std::io::stdout(), &page.events)?,
        ListFormat::Table => {
            print_table(&mut out, &page.events)?;
            if let Some(c) = &page.next_cursor {
                writeln!(out, "\nmore: --cursor '{c}'")?;
            }
        }
    }
    Ok(())
}

fn actor_name(a: &Option<khaldun_model::Actor>) -> String {
    a.as_ref().map_or_else(|| "-".into(), |a| a.name.clone())
}

fn print_table(out: &mut impl Write, events: &[EventRecord]) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<11}  {:<30}  {:<38}  {:<22}  {:>6}  {:<9}  {:>3}  id",
        "date", "type", "actor → target", "where", "killed", "status", "src"
    )?;
    for r in events {
        let e = &r.event;
        // "≤" marks a publication-date fallback: on or shortly before
        let date = e.date.as_ref().map_or_else(
            || "-".to_owned(),
            |d| {
                if d.source == "published" {
                    format!("≤{}", d.date)
                } else {
                    d.date.clone()
                }
            },
        );
        let place = e.location.as_ref().map_or_else(
            || "-".to_owned(),
            |l| {
                format!(
                    "{}, {}",
                    l.place.name,
                    l.place.country.as_deref().unwrap_or("?")
                )
            },
        );
        writeln!(
            out,
            "{:<11}  {:<30}  {:<38}  {:<22}  {:>6}  {:<9}  {:>3}  {}",
            date,
            clip(&e.acled.sub_event_type, 30),
            clip(
                &format!("{} → {}", actor_name(&e.actor), actor_name(&e.target)),
                38
            ),
            clip(&place, 22),
            e.killed.map_or_else(|| "-".into(), |k| k.to_string()),
            e.status.as_str(),
            r.sources,
            &r.id[..r.id.len().min(12)]
        )?;
    }
    Ok(())
}

/// ACLED-column CSV, the same columns as `khaldun export --format csv`.
pub fn write_csv(out: &mut (impl Write + Send), events: &[EventRecord]) -> anyhow::Result<()> {
    let rows: Vec<_> = events
        .iter()
        .map(khaldun_server::store_backend::record_summary)
        .collect();
    khaldun_server::export::write_all(khaldun_server::export::Format::Csv, &rows, out)?;
    Ok(())
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Event id (or a unique prefix of at least 6 characters).
    pub id: String,
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn show(args: ShowArgs) -> anyhow::Result<()> {
    let store = args.db.open_existing()?;
    let id = resolve_prefix(store.as_ref(), &args.id)?;
    let Some(d) = store.event(&id)? else {
        anyhow::bail!("no event {}", args.id);
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &d)?;
        writeln!(out)?;
        return Ok(());
    }
    let e = &d.record.event;
    writeln!(out, "event {}", d.record.id)?;
    writeln!(
        out,
        "  type      {} / {} (PLOVER {}{}; CAMEO {} Goldstein {})",
        e.acled.event_type,
        e.acled.sub_event_type,
        e.plover.event_type,
        e.plover
            .mode
            .as_ref()
            .map(|m| format!(", mode {m}"))
            .unwrap_or_default(),
        e.cameo.root,
        e.cameo.goldstein
    )?;
    writeln!(out, "  actor     {}", actor_name(&e.actor))?;
    writeln!(out, "  target    {}", actor_name(&e.target))?;
    if let Some(l) = &e.location {
        let p = &l.place;
        writeln!(
            out,
            "  where     {} ({}{}{}) {} precision {}",
            p.name,
            p.admin2
                .as_deref()
                .map(|a| format!("{a}, "))
                .unwrap_or_default(),
            p.admin1
                .as_deref()
                .map(|a| format!("{a}, "))
                .unwrap_or_default(),
            p.country.as_deref().unwrap_or("?"),
            p.lat
                .zip(p.lon)
                .map(|(a, b)| format!("[{a:.4}, {b:.4}]"))
                .unwrap_or_default(),
            u8::from(p.precision)
        )?;
    }
    if let Some(dt) = &e.date {
        if dt.source == "published" {
            // a fallback is said as one: the text gives no date
            writeln!(
                out,
                "  when      on or shortly before {} (date of publication: the text gives no date; precision {})",
                dt.date, dt.time_precision
            )?;
        } else {
            writeln!(
                out,
                "  when      {} (precision {}, from {})",
                dt.date, dt.time_precision, dt.source
            )?;
        }
    }
    let counts: Vec<String> = [
        ("killed", e.killed),
        ("injured", e.injured),
        ("abducted", e.abducted),
        ("arrested", e.arrested),
    ]
    .iter()
    .filter_map(|(k, v)| v.map(|v| format!("{v} {k}")))
    .collect();
    if !counts.is_empty() {
        writeln!(out, "  counts    {}", counts.join(", "))?;
    }
    let mut status = e.status.as_str().to_owned();
    if let Some(c) = &e.claimant {
        status += &format!(" by {c}");
    }
    if let Some(c) = &e.denied_by {
        status += &format!(", denied by {c}");
    }
    writeln!(out, "  status    {status}")?;
    writeln!(
        out,
        "  sources   {}",
        d.sources
            .iter()
            .map(|s| format!("{} ({})", s.name, s.kind))
            .collect::<Vec<_>>()
            .join("; ")
    )?;
    writeln!(out, "  reports   {}", d.reports.len())?;
    for r in &d.reports {
        writeln!(
            out,
            "\n  - {} | {} | {}",
            r.publisher.as_deref().unwrap_or("?"),
            r.published.as_deref().unwrap_or("?"),
            r.title.as_deref().unwrap_or("(untitled)")
        )?;
        for s in &r.event.evidence {
            writeln!(out, "    “{}”", clip(&s.text, 400))?;
        }
        if let Some(m) = &r.merged_by {
            writeln!(
                out,
                "    merged: score {:.2} with article {} ({})",
                m.score,
                m.article_id.as_deref().unwrap_or("?"),
                m.evidence.join(", ")
            )?;
        }
    }
    Ok(())
}

pub(crate) fn resolve_prefix(store: &dyn Store, id: &str) -> anyhow::Result<String> {
    if id.len() >= 32 {
        return Ok(id.to_owned());
    }
    if id.len() < 6 {
        anyhow::bail!("give at least 6 characters of the event id");
    }
    let ids = store.event_ids_with_prefix(id, 2)?;
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => anyhow::bail!("no event with id {id}"),
        _ => anyhow::bail!("event id prefix {id} is ambiguous"),
    }
}
