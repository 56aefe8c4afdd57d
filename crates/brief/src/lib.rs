//! Khaldun briefs: a cited situation report for a place, actor and period, and the weekly
//! trends and spike flags behind it, read from the store through [`khaldun_store::Store`].
//!
//! A brief says what happened and on whose word: headline figures by ACLED event type with
//! the change against the previous period of equal length, the most significant events with
//! one generated sentence each (ACLED's notes style), claims and denials side by side, actors
//! newly or sharply more active, admin1 units where violence rose or fell, spikes, a weekly
//! chart and a map. Every sentence is templated from the stored events, never invented, and
//! every figure carries the reference numbers of the events it counts; the references give
//! each event's sources and articles.
//!
//! ```
//! use khaldun_brief::{build, markdown, BriefQuery};
//! use khaldun_store::SqliteStore;
//! let store = SqliteStore::open_in_memory().unwrap();
//! let q = BriefQuery { country: Some("ML".into()), ..Default::default() };
//! let brief = build(&store, &q).unwrap();
//! assert!(brief.events.is_empty());
//! assert!(markdown(&brief).contains("No events"));
//! ```
//!
//! This crate does not extract or store events and does no network I/O; rendering is plain
//! string building (Markdown, and self-contained HTML with inline SVG).

pub mod cite;
mod doc;
mod html;
mod markdown;
pub mod scope;
pub mod sections;
pub mod spike;
mod svg;
mod topo;
pub mod trends;

use chrono::{Days, NaiveDate};
use khaldun_model::Actor;
use khaldun_store::{EventRecord, Store};
use serde::{Deserialize, Serialize};

pub use cite::Cited;
pub use html::html;
pub use markdown::markdown;
pub use scope::{BriefQuery, Period};
pub use sections::{ActorChange, ClaimRow, Significant, Tally};
pub use spike::{poisson_upper_tail, Spike, SpikeTest};
pub use trends::{Series, UnitKind, Week};

/// Brief errors.
#[derive(Debug, thiserror::Error)]
pub enum BriefError {
    #[error(transparent)]
    Store(#[from] khaldun_store::StoreError),
    #[error("{0}")]
    BadQuery(String),
}

/// How many items each section lists at most.
const TOP: usize = 8;

/// A flagged week of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpikeRow {
    pub kind: UnitKind,
    pub label: String,
    pub week: NaiveDate,
    pub events: u32,
    pub spike: Spike,
    pub refs: Vec<usize>,
}

/// A situation report: everything computed, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub query: BriefQuery,
    /// "Mali", "Mopti, Mali", "jnim in Mali".
    pub subject: String,
    /// `None` when no event is in scope at all.
    pub period: Option<Period>,
    pub previous: Option<Period>,
    /// The period was chosen by default (no `from` given): it ends on the latest event in
    /// scope (or `to`) and is the shortest of 30, 91, 182 or 365 days holding 10 events.
    pub default_period: bool,
    /// The period's events, numbered 1.. in date order.
    pub events: Vec<Cited>,
    /// The previous period's events, numbered after them.
    pub previous_events: Vec<Cited>,
    pub figures: Vec<Tally>,
    pub total: Tally,
    pub significant: Vec<Significant>,
    pub claims: Vec<ClaimRow>,
    pub actors: Vec<ActorChange>,
    pub rising: Vec<Tally>,
    pub falling: Vec<Tally>,
    pub spikes: Vec<SpikeRow>,
    /// Weekly events and fatalities of the subject over both periods (and the weeks of
    /// history the spike test needs).
    pub weekly: Series,
    pub spike_test: SpikeTest,
    /// Where the web UI is, when the brief is served by it: event ids then link to their
    /// event pages (`{ui_base}#/event/ID`). `None` for a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_base: Option<String>,
}

impl Brief {
    /// The cited event with reference number `n`.
    pub fn event(&self, n: usize) -> Option<&Cited> {
        let k = self.events.len();
        if n == 0 {
            None
        } else if n <= k {
            self.events.get(n - 1)
        } else {
            self.previous_events.get(n - k - 1)
        }
    }
}

/// Build the brief of `q` from `store`.
pub fn build(store: &dyn Store, q: &BriefQuery) -> Result<Brief, BriefError> {
    let test = SpikeTest::default();
    let subject = q.subject();
    let Some(period) = q.period(store)? else {
        return Ok(empty(q, subject, test));
    };
    let previous = period.previous();
    // the spike test needs `window` weeks before the first week of the previous period
    let history_from = previous.from - Days::new(7 * test.window as u64);
    let all = scope::fetch_all(
        store,
        q.event_query(Some(Period {
            from: history_from,
            to: period.to,
        })),
    )?;
    let in_period = |r: &EventRecord, p: &Period| {
        trends::event_day(&r.event).is_some_and(|(d, _)| d >= p.from && d <= p.to)
    };
    let by_date = |mut v: Vec<EventRecord>| {
        v.sort_by(|a, b| day_of(a).cmp(&day_of(b)).then(a.id.cmp(&b.id)));
        v
    };
    let cur = by_date(
        all.iter()
            .filter(|r| in_period(r, &period))
            .cloned()
            .collect(),
    );
    let prev = by_date(
        all.iter()
            .filter(|r| in_period(r, &previous))
            .cloned()
            .collect(),
    );
    let events = cur
        .iter()
        .enumerate()
        .map(|(i, r)| cite::cite(store, r, i + 1, i < cite::MAX_DETAILED))
        .collect::<Result<Vec<_>, _>>()?;
    let previous_events = prev
        .iter()
        .enumerate()
        .map(|(i, r)| cite::cite(store, r, cur.len() + i + 1, false))
        .collect::<Result<Vec<_>, _>>()?;
    let periods = sections::Periods {
        cur: &cur,
        prev: &prev,
    };
    let subject = actor_subject(q, &cur).unwrap_or(subject);
    let (figures, total) = sections::headline(&periods);
    let (rising, falling) = sections::movement(&periods, TOP);
    let weekly = trends::total_series(&all, ("all", &subject), history_from, period.to, &test);
    let spikes = spike_rows(&all, &weekly, &events, period, history_from, &test);
    Ok(Brief {
        query: q.clone(),
        subject,
        period: Some(period),
        previous: Some(previous),
        default_period: q.from.is_none(),
        figures,
        total,
        significant: sections::significant(&periods, TOP),
        claims: sections::claims(&periods),
        actors: sections::actor_changes(&periods, TOP),
        rising,
        falling,
        spikes,
        weekly,
        spike_test: test,
        ui_base: None,
        events,
        previous_events,
    })
}

/// For an actor given by its id (`jnim`), the subject names it as the events do
/// ("Jama'at Nusrat al-Islam wal-Muslimin in Mali").
fn actor_subject(q: &BriefQuery, events: &[EventRecord]) -> Option<String> {
    let id = q.actor.as_deref()?.to_lowercase();
    let name = events.iter().find_map(|r| {
        let e = &r.event;
        e.actor
            .iter()
            .chain(&e.assoc_actors)
            .chain(&e.target)
            .find(|a| a.id.as_deref() == Some(id.as_str()))
            .map(|a| a.name.clone())
    })?;
    Some(
        BriefQuery {
            actor: Some(name),
            ..q.clone()
        }
        .subject(),
    )
}

fn day_of(r: &EventRecord) -> Option<NaiveDate> {
    trends::event_day(&r.event).map(|(d, _)| d)
}

fn empty(q: &BriefQuery, subject: String, test: SpikeTest) -> Brief {
    let today = q.to.unwrap_or_default();
    Brief {
        query: q.clone(),
        subject: subject.clone(),
        period: None,
        previous: None,
        default_period: q.from.is_none(),
        events: Vec::new(),
        previous_events: Vec::new(),
        figures: Vec::new(),
        total: Tally {
            label: "All events".into(),
            ..Default::default()
        },
        significant: Vec::new(),
        claims: Vec::new(),
        actors: Vec::new(),
        rising: Vec::new(),
        falling: Vec::new(),
        spikes: Vec::new(),
        weekly: trends::total_series(&[], ("all", &subject), today, today, &test),
        spike_test: test,
        ui_base: None,
    }
}

/// Spikes in the period: of the subject as a whole, and of each admin1 unit and actor.
fn spike_rows(
    all: &[EventRecord],
    weekly: &Series,
    events: &[Cited],
    period: Period,
    history_from: NaiveDate,
    test: &SpikeTest,
) -> Vec<SpikeRow> {
    let refs = |ids: &[String]| -> Vec<usize> {
        events
            .iter()
            .filter(|c| ids.contains(&c.id))
            .map(|c| c.n)
            .collect()
    };
    let mut series = vec![weekly.clone()];
    for kind in [UnitKind::Admin1, UnitKind::Actor] {
        series.extend(trends::series(all, kind, history_from, period.to, test));
    }
    let mut out: Vec<SpikeRow> = Vec::new();
    for s in &series {
        for w in s.spikes() {
            if w.start + Days::new(6) < period.from {
                continue;
            }
            let rs = refs(&w.event_ids);
            // a unit whose spike is the same events as one listed is named beside it
            if let Some(same) = out.iter_mut().find(|r| r.week == w.start && r.refs == rs) {
                same.label = format!("{}; {}", same.label, s.label);
                continue;
            }
            if let Some(spike) = w.spike {
                out.push(SpikeRow {
                    kind: s.kind,
                    label: s.label.clone(),
                    week: w.start,
                    events: w.events,
                    spike,
                    refs: rs,
                });
            }
        }
    }
    out
}

/// A country's English name from its ISO alpha-2 code (the code itself when unknown).
pub fn country_name(iso2: &str) -> String {
    khaldun_geo::country(iso2).map_or_else(|| iso2.to_uppercase(), |c| c.name_en.to_string())
}

/// An actor's key: its knowledge-base id, else `name:` and its lower-cased name.
pub fn actor_key(a: &Actor) -> String {
    match &a.id {
        Some(id) => id.clone(),
        None => format!("name:{}", a.name.to_lowercase()),
    }
}
