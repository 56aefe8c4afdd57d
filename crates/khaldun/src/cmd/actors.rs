//! `khaldun actors`: look actors up in the knowledge base.

use std::io::Write;

use clap::Args;
use khaldun_actors::{ActorBase, ActorRecord};

#[derive(Debug, Args)]
pub struct ActorsArgs {
    /// A name, alias or phrase ("JNIM", "l'armée malienne", "Fulani civilians"), or an id.
    pub query: String,
    /// Country to resolve bare state nouns against ("the junta" with ML).
    #[arg(long)]
    pub country: Option<String>,
    /// Most entries to list when the query matches names rather than one actor.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn fold(s: &str) -> String {
    s.to_lowercase()
}

pub fn run(args: ActorsArgs) -> anyhow::Result<()> {
    let base = ActorBase::embedded();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let country = args.country.as_deref().map(str::to_uppercase);
    let resolved = base
        .get(&args.query)
        .map(ActorRecord::to_actor)
        .or_else(|| base.resolve_in_context(&args.query, country.as_deref()));
    let q = fold(&args.query);
    let mut matches: Vec<&ActorRecord> = base
        .actors()
        .filter(|r| fold(&r.name).contains(&q) || r.aliases.iter().any(|a| fold(a).contains(&q)))
        .take(args.limit)
        .collect();
    if let Some(id) = resolved.as_ref().and_then(|a| a.id.as_deref()) {
        matches.retain(|r| r.id != id);
        if let Some(r) = base.get(id) {
            matches.insert(0, r);
        }
    }
    if args.json {
        let v: Vec<_> = matches
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "name": r.name, "inter": r.inter, "sector": r.sector, "country": r.country,
                    "aliases": r.aliases, "description": r.description,
                    "affiliations": base.affiliations(&r.id).iter().map(|l| serde_json::json!({
                        "child": l.child, "parent": l.parent, "from": l.from, "to": l.to, "depth": l.depth
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({"resolved": resolved, "actors": v}),
        )?;
        writeln!(out)?;
        return Ok(());
    }
    match &resolved {
        Some(a) => writeln!(
            out,
            "{:?} resolves to {} ({}){}",
            args.query,
            a.name,
            a.id.as_deref().unwrap_or("no id"),
            a.identity
                .as_deref()
                .map(|i| format!(", identity {i}"))
                .unwrap_or_default()
        )?,
        None => writeln!(out, "{:?} does not resolve to an actor", args.query)?,
    }
    for r in &matches {
        writeln!(out, "\n{}  {}", r.id, r.name)?;
        writeln!(
            out,
            "  inter {}  sector {}  country {}",
            r.inter,
            r.sector,
            r.country.as_deref().unwrap_or("-")
        )?;
        if !r.aliases.is_empty() {
            writeln!(out, "  aliases   {}", r.aliases.join("; "))?;
        }
        for l in base.affiliations(&r.id) {
            let years = match (l.from, l.to) {
                (Some(f), Some(t)) => format!(" ({f}–{t})"),
                (Some(f), None) => format!(" ({f}–)"),
                (None, Some(t)) => format!(" (–{t})"),
                (None, None) => String::new(),
            };
            writeln!(
                out,
                "  {}{} → {}{}",
                "  ".repeat(l.depth - 1),
                l.child,
                l.parent,
                years
            )?;
        }
        if !r.description.is_empty() {
            writeln!(out, "  {}", r.description)?;
        }
    }
    Ok(())
}
