//! ACLED-style `notes`, ACLED's default actor and `tags`, from an event's fields and the
//! table `data/ontology/acled_notes.tsv`.
//!
//! A note is one English sentence whatever the article's language: "On 6 April 2022, JNIM
//! attacked civilians in Segou (Segou, Mali), killing 6." Date (ACLED's precision: "On",
//! "On or around", "In <month>"), the sub-event type's clause with the two actors, the place
//! with its admin1 and country, and the casualties. Nothing is taken from the article's text.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const NOTES: &str = include_str!("../../../data/ontology/acled_notes.tsv");
const GENERIC: &str = include_str!("../../../data/actors/generic.tsv");

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[derive(Default)]
struct Table {
    /// sub-event type → (clause with actor 2, clause without)
    clauses: HashMap<&'static str, (&'static str, &'static str)>,
    default_a1: HashMap<&'static str, &'static str>,
    default_actor: HashMap<&'static str, (&'static str, u8)>,
    /// (event type, side 1 or 2) → inter code
    default_inter: HashMap<(&'static str, u8), u8>,
    display: HashMap<&'static str, &'static str>,
    tags: HashMap<&'static str, Vec<&'static str>>,
    /// Names of the actor base's generic classes ("Civilians", "Militants (unnamed)").
    generic: HashSet<&'static str>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Table::default();
        for f in crate::data_lines(NOTES, "sub_event_type") {
            match (f[0], f.get(1).copied(), f.get(2).copied(), f.get(3)) {
                ("default_a1", Some(et), Some(text), _) => {
                    t.default_a1.insert(et, text);
                }
                ("default_actor", Some(et), Some(name), Some(inter)) => {
                    if let Ok(i) = inter.parse() {
                        t.default_actor.insert(et, (name, i));
                    }
                }
                ("default_inter", Some(et), Some(side), Some(inter)) => {
                    if let (Ok(s), Ok(i)) = (side.parse(), inter.parse()) {
                        t.default_inter.insert((et, s), i);
                    }
                }
                ("display", Some(name), Some(text), _) => {
                    t.display.insert(name, text);
                }
                ("tag", Some(et), Some(tag), _) => t.tags.entry(et).or_default().push(tag),
                (sub, Some(with), Some(without), _) => {
                    t.clauses.insert(sub, (with, without));
                }
                _ => {}
            }
        }
        for f in crate::data_lines(GENERIC, "id") {
            if let Some(name) = f.get(1) {
                t.generic.insert(name);
            }
        }
        t
    })
}

/// The fields of an event a note is made from (the row's values, country as a name).
#[derive(Debug, Clone, Default)]
pub struct NoteFacts<'a> {
    /// `YYYY-MM-DD`.
    pub date: Option<&'a str>,
    /// ACLED time precision: 1 day, 2 about a week, 3 month.
    pub time_precision: u8,
    pub event_type: &'a str,
    pub sub_event_type: &'a str,
    pub actor1: Option<&'a str>,
    pub actor2: Option<&'a str>,
    pub location: Option<&'a str>,
    pub admin1: Option<&'a str>,
    /// Country name ("Mali").
    pub country: Option<&'a str>,
    pub killed: Option<u32>,
    pub injured: Option<u32>,
    pub abducted: Option<u32>,
    pub arrested: Option<u32>,
}

/// How a note names an actor: a generic class in lower case without "(unnamed)"
/// ("Militants (unnamed)" → "militants", "Civilians" → "civilians"), a `display` row of the
/// table ("Unidentified Armed Group" → "unidentified armed men"), any other name as it is.
pub fn note_actor(name: &str) -> String {
    let t = table();
    let name = name.trim();
    if let Some(d) = t.display.get(name) {
        return (*d).to_string();
    }
    let (base, qual) = match name.find(" (") {
        Some(i) if name.ends_with(')') => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    if let Some(d) = t.display.get(base) {
        return format!("{d}{qual}");
    }
    if t.generic.contains(name) || t.generic.contains(base) {
        let qual = if qual == " (unnamed)" || t.generic.contains(name) {
            ""
        } else {
            qual
        };
        return format!("{}{qual}", base.to_lowercase());
    }
    name.to_string()
}

/// "6 April 2022" (precision 1 and 2) or "April 2022" (precision 3) from `YYYY-MM-DD`.
fn date_words(date: &str, precision: u8) -> Option<String> {
    let mut p = date.split('-');
    let (y, m) = (p.next()?, p.next()?.parse::<usize>().ok()?);
    let month = MONTHS.get(m.checked_sub(1)?)?;
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if precision >= 3 {
        return Some(format!("In {month} {y}"));
    }
    let d: u32 = p.next()?.parse().ok()?;
    let on = if precision == 2 { "On or around" } else { "On" };
    Some(format!("{on} {d} {month} {y}"))
}

/// " in Segou (Segou, Mali)", " in Mali", "" from location, admin1 and country.
fn place_words(f: &NoteFacts) -> String {
    fn nonempty(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|s| !s.is_empty())
    }
    let (loc, adm, cty) = (
        nonempty(f.location),
        nonempty(f.admin1),
        nonempty(f.country),
    );
    match loc {
        None => cty.map(|c| format!(" in {c}")).unwrap_or_default(),
        Some(l) if cty.is_some_and(|c| c.eq_ignore_ascii_case(l)) => format!(" in {l}"),
        Some(l) => {
            let inside: Vec<&str> = [adm, cty].into_iter().flatten().collect();
            if inside.is_empty() {
                format!(" in {l}")
            } else {
                format!(" in {l} ({})", inside.join(", "))
            }
        }
    }
}

/// One ACLED-style sentence for the event (see the module documentation).
pub fn note(f: &NoteFacts) -> String {
    let t = table();
    let a1 = match f.actor1.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => note_actor(a),
        None => t
            .default_a1
            .get(f.event_type)
            .copied()
            .unwrap_or("unidentified actors")
            .to_string(),
    };
    let mut a2 = f
        .actor2
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(note_actor);
    // the count of the people a sub-event is about goes before them ("abducted 5 civilians")
    let counted = match f.sub_event_type {
        "Abduction/forced disappearance" => f.abducted.filter(|n| *n > 0),
        "Arrests" => f.arrested.filter(|n| *n > 0),
        _ => None,
    };
    if let Some(n) = counted {
        a2 = match a2 {
            // "1 women" would be wrong; a plural class name keeps no count of one
            Some(a) if n == 1 => Some(a),
            Some(a) => Some(format!("{n} {a}")),
            None if n == 1 => Some("one person".to_string()),
            None => Some(format!("{n} people")),
        };
    }
    let (with, without) = t.clauses.get(f.sub_event_type).copied().unwrap_or((
        "{a1} were involved in an incident with {a2}",
        "{a1} were involved in an incident",
    ));
    let clause = match &a2 {
        Some(a2) => with.replace("{a1}", &a1).replace("{a2}", a2),
        None => without.replace("{a1}", &a1),
    };
    let mut hurt: Vec<String> = Vec::new();
    for (n, verb, skip) in [
        (f.killed, "killing", false),
        (f.injured, "injuring", false),
        (
            f.abducted,
            "abducting",
            f.sub_event_type == "Abduction/forced disappearance",
        ),
        (f.arrested, "arresting", f.sub_event_type == "Arrests"),
    ] {
        if let Some(n) = n.filter(|n| *n > 0 && !skip) {
            hurt.push(format!("{verb} {n}"));
        }
    }
    let hurt = match hurt.len() {
        0 => String::new(),
        1 => format!(", {}", hurt[0]),
        _ => {
            let last = hurt.pop().unwrap_or_default();
            format!(", {} and {last}", hurt.join(", "))
        }
    };
    let body = format!("{clause}{}{hurt}.", place_words(f));
    match f.date.and_then(|d| date_words(d, f.time_precision)) {
        Some(d) => format!("{d}, {body}"),
        None => {
            let mut c = body.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect(),
                None => body,
            }
        }
    }
}

/// ACLED's actor 1 when the text names none: "Unidentified Armed Group (Mali)" (inter 3) for
/// political violence, "Protesters (Mali)" (6) and "Rioters (Mali)" (5) for demonstrations;
/// `None` for strategic developments. `country` is the country's name.
pub fn default_actor(event_type: &str, country: Option<&str>) -> Option<(String, u8)> {
    let (name, inter) = *table().default_actor.get(event_type)?;
    let name = match country.filter(|c| !c.is_empty()) {
        Some(c) => format!("{name} ({c})"),
        None => name.to_string(),
    };
    Some((name, inter))
}

/// The inter code ACLED's codebook fixes for `side` (1 or 2) of an event type, for an actor
/// the knowledge base does not know: actor 1 of a protest is protesters (6), of a riot rioters
/// (5); actor 2 of violence against civilians is civilians (7). `None` elsewhere.
pub fn default_inter(event_type: &str, side: u8) -> Option<u8> {
    table().default_inter.get(&(event_type, side)).copied()
}

/// ACLED's default `tags` for an event type (`crowd size=no report` for demonstrations),
/// `; `-separated.
pub fn tags(event_type: &str) -> String {
    table()
        .tags
        .get(event_type)
        .map(|v| v.join("; "))
        .unwrap_or_default()
}
