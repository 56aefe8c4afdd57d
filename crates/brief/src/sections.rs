//! The brief's analytic sections, each computed from the events of the period and of the
//! previous period of equal length. Events are referred to by their reference number: the
//! period's events are numbered 1..n in date order, the previous period's n+1.. after them.

use std::collections::{BTreeMap, HashSet};

use khaldun_model::EventStatus;
use khaldun_store::EventRecord;
use serde::{Deserialize, Serialize};

use crate::spike::poisson_upper_tail;
use crate::trends::{units, UnitKind};

/// ACLED's event types in the codebook's order.
pub const ACLED_TYPES: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// Events and fatalities of one group in both periods, with the events behind each number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub label: String,
    pub events: u32,
    pub fatalities: u32,
    pub prev_events: u32,
    pub prev_fatalities: u32,
    /// Reference numbers of the period's events counted.
    pub refs: Vec<usize>,
    /// Reference numbers of the previous period's events counted.
    pub prev_refs: Vec<usize>,
}

impl Tally {
    fn new(label: &str) -> Self {
        Tally {
            label: label.into(),
            ..Default::default()
        }
    }
    fn add(&mut self, r: &EventRecord, n: usize, current: bool) {
        let k = r.event.killed.unwrap_or(0);
        if current {
            self.events += 1;
            self.fatalities += k;
            self.refs.push(n);
        } else {
            self.prev_events += 1;
            self.prev_fatalities += k;
            self.prev_refs.push(n);
        }
    }
}

/// Events in the period (`cur`, numbered from 1) and the previous one (`prev`, numbered on).
pub struct Periods<'a> {
    pub cur: &'a [EventRecord],
    pub prev: &'a [EventRecord],
}

impl Periods<'_> {
    /// `(record, reference number, in the current period)` for every event.
    fn all(&self) -> impl Iterator<Item = (&EventRecord, usize, bool)> {
        let n = self.cur.len();
        self.cur
            .iter()
            .enumerate()
            .map(|(i, r)| (r, i + 1, true))
            .chain(
                self.prev
                    .iter()
                    .enumerate()
                    .map(move |(i, r)| (r, n + i + 1, false)),
            )
    }
}

/// Headline figures: one row per ACLED event type seen in either period, then the total.
pub fn headline(p: &Periods) -> (Vec<Tally>, Tally) {
    let mut rows: Vec<Tally> = ACLED_TYPES.iter().map(|t| Tally::new(t)).collect();
    let mut total = Tally::new("All events");
    for (r, n, current) in p.all() {
        let t = r.event.acled.event_type.as_str();
        let i = match rows.iter().position(|x| x.label == t) {
            Some(i) => i,
            None => {
                rows.push(Tally::new(t));
                rows.len() - 1
            }
        };
        rows[i].add(r, n, current);
        total.add(r, n, current);
    }
    rows.retain(|t| t.events + t.prev_events > 0);
    (rows, total)
}

/// A significant event and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Significant {
    pub n: usize,
    pub score: f64,
    /// "6 killed", "3 independent sources", "first event by JNIM in both periods".
    pub reasons: Vec<String>,
}

/// The `max` most significant events of the period. The score adds 3·ln(1+killed),
/// 1.5·ln(1+abducted), one per independent source beyond the first, one for an actor and one
/// for a place with no event in the previous period (when that period had any event), and
/// 0.5 for political violence.
pub fn significant(p: &Periods, max: usize) -> Vec<Significant> {
    let prev_actors: HashSet<String> = p
        .prev
        .iter()
        .flat_map(|r| units(UnitKind::Actor, &r.event))
        .map(|(k, _)| k)
        .collect();
    let prev_places: HashSet<String> = p.prev.iter().filter_map(place_key).collect();
    let mut out: Vec<Significant> = p
        .cur
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let e = &r.event;
            let mut score = 0.0;
            let mut reasons = Vec::new();
            if let Some(k) = e.killed.filter(|&k| k > 0) {
                score += 3.0 * f64::from(k).ln_1p();
                reasons.push(format!("{k} killed"));
            }
            if let Some(a) = e.abducted.filter(|&a| a > 0) {
                score += 1.5 * f64::from(a).ln_1p();
                reasons.push(format!("{a} abducted"));
            }
            if r.sources > 1 {
                score += f64::from(r.sources - 1);
                reasons.push(format!("{} independent sources", r.sources));
            }
            // novelty means something only against a previous period that had events
            let compare = !p.prev.is_empty();
            if let Some(a) = e.actor.as_ref().filter(|_| compare) {
                if !prev_actors.contains(&crate::actor_key(a)) {
                    score += 1.0;
                    reasons.push(format!("no event by {} in the previous period", a.name));
                }
            }
            if let Some(pk) = place_key(r).filter(|k| compare && !prev_places.contains(k)) {
                score += 1.0;
                let name = pk.rsplit('/').next().unwrap_or(&pk).to_string();
                reasons.push(format!("no event at {name} in the previous period"));
            }
            if ACLED_TYPES[..3].contains(&e.acled.event_type.as_str()) {
                score += 0.5;
            }
            Significant {
                n: i + 1,
                score,
                reasons,
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.n.cmp(&a.n)));
    out.truncate(max);
    out
}

/// A place's key (`ML/Mopti/Boni`), for places taken from the text only.
fn place_key(r: &EventRecord) -> Option<String> {
    if crate::cite::place_fallback(&r.event) {
        return None;
    }
    let p = &r.event.location.as_ref()?.place;
    Some(format!(
        "{}/{}/{}",
        p.country.as_deref().unwrap_or(""),
        p.admin1.as_deref().unwrap_or(""),
        p.name
    ))
}

/// One event whose status rests on someone's word: who claims it, who denies it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRow {
    pub n: usize,
    pub status: String,
    /// Who claims it (`claimed`), alleges it (`alleged`) or reports it.
    pub claimed_by: Option<String>,
    pub denied_by: Option<String>,
}

/// The period's claimed, alleged and denied events, in date order.
pub fn claims(p: &Periods) -> Vec<ClaimRow> {
    p.cur
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let e = &r.event;
            let keep = matches!(
                e.status,
                EventStatus::Claimed | EventStatus::Denied | EventStatus::Alleged
            ) || e.denied_by.is_some();
            keep.then(|| ClaimRow {
                n: i + 1,
                status: e.status.as_str().into(),
                claimed_by: e.claimant.clone(),
                denied_by: e.denied_by.clone(),
            })
        })
        .collect()
}

/// An actor's activity in both periods (as actor 1 or associated actor 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorChange {
    pub key: String,
    pub name: String,
    pub tally: Tally,
    /// No event in the previous period.
    pub new: bool,
    /// P(X ≥ events) for X ~ Poisson(max(previous, 0.5)): small when sharply more active.
    pub p_value: f64,
}

/// An actor worth following by name: not civilians (ACLED inter code 7) and not one of
/// ACLED's unnamed classes ("Militants (unnamed)", "Unidentified Armed Group").
fn named_actor(a: &khaldun_model::Actor) -> bool {
    a.inter != Some(7) && !a.name.contains("(unnamed)") && !a.name.starts_with("Unidentified")
}

/// Named actors (see `named_actor`) newly active (no event in the previous period) or sharply more active (the
/// Poisson test of the period's count against the previous period's, p < 0.05), most events
/// first, at most `max`.
pub fn actor_changes(p: &Periods, max: usize) -> Vec<ActorChange> {
    let mut by: BTreeMap<String, (String, Tally)> = BTreeMap::new();
    for (r, n, current) in p.all() {
        let named: Vec<String> = r
            .event
            .actor
            .iter()
            .chain(&r.event.assoc_actors)
            .filter(|a| named_actor(a))
            .map(crate::actor_key)
            .collect();
        for (key, name) in units(UnitKind::Actor, &r.event) {
            if !named.contains(&key) {
                continue;
            }
            let entry = by
                .entry(key)
                .or_insert_with(|| (name.clone(), Tally::new(&name)));
            entry.1.add(r, n, current);
        }
    }
    let mut out: Vec<ActorChange> = by
        .into_iter()
        .filter_map(|(key, (name, tally))| {
            let p_value = poisson_upper_tail(tally.events, f64::from(tally.prev_events).max(0.5));
            let new = tally.prev_events == 0 && tally.events > 0;
            let sharp = tally.events >= 3 && p_value < 0.05;
            (new || sharp).then_some(ActorChange {
                key,
                name,
                tally,
                new,
                p_value,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.tally
            .events
            .cmp(&a.tally.events)
            .then(b.tally.fatalities.cmp(&a.tally.fatalities))
            .then(a.name.cmp(&b.name))
    });
    out.truncate(max);
    out
}

/// Admin1 units whose count of political violence events (ACLED's battles, explosions and
/// remote violence, violence against civilians) rose or fell, largest changes first:
/// `(up, down)`, each at most `max`.
pub fn movement(p: &Periods, max: usize) -> (Vec<Tally>, Vec<Tally>) {
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    for (r, n, current) in p.all() {
        if !ACLED_TYPES[..3].contains(&r.event.acled.event_type.as_str()) {
            continue;
        }
        for (key, label) in units(UnitKind::Admin1, &r.event) {
            by.entry(key)
                .or_insert_with(|| Tally::new(&label))
                .add(r, n, current);
        }
    }
    let delta = |t: &Tally| i64::from(t.events) - i64::from(t.prev_events);
    let mut up: Vec<Tally> = by.values().filter(|t| delta(t) > 0).cloned().collect();
    let mut down: Vec<Tally> = by.values().filter(|t| delta(t) < 0).cloned().collect();
    up.sort_by(|a, b| {
        delta(b)
            .cmp(&delta(a))
            .then(b.fatalities.cmp(&a.fatalities))
    });
    down.sort_by_key(delta);
    up.truncate(max);
    down.truncate(max);
    (up, down)
}
