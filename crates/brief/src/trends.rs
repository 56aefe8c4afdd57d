//! Weekly series of events and fatalities per country, admin1 unit or actor, with the spike
//! flag of [`crate::spike`] on each week.
//!
//! Weeks start on Monday (ISO weeks). An event dated only to its month or year (ACLED time
//! precision 3) belongs to no week: it is counted in the series' `coarse` total instead of
//! being piled on the first week of its month. Actor series count the events where the unit
//! is actor 1 or an associated actor 1 (what the actor did, not what was done to it).

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use khaldun_model::{DatePrecision, Event};
use khaldun_store::EventRecord;
use serde::{Deserialize, Serialize};

use crate::spike::{Spike, SpikeTest};

/// What a series is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Country,
    Admin1,
    Actor,
}

impl std::str::FromStr for UnitKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "country" => Ok(UnitKind::Country),
            "admin1" => Ok(UnitKind::Admin1),
            "actor" => Ok(UnitKind::Actor),
            other => Err(format!("unknown unit {other:?}: country, admin1 or actor")),
        }
    }
}

/// One week of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// The Monday the week starts on.
    pub start: NaiveDate,
    pub events: u32,
    pub fatalities: u32,
    /// Set when the week's event count is improbably high for its trailing baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spike: Option<Spike>,
    /// The events counted (their ids), so that every figure can be traced.
    pub event_ids: Vec<String>,
}

/// A unit's weekly series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub kind: UnitKind,
    /// `ML`, `ML/Mopti`, `jnim` (an actor id) or `name:wagner group` (an unresolved name).
    pub key: String,
    /// "Mali", "Mopti, Mali", "JNIM".
    pub label: String,
    pub weeks: Vec<Week>,
    pub events: u32,
    pub fatalities: u32,
    /// Events dated only to a month or year: in the totals, in no week.
    pub coarse: u32,
}

impl Series {
    /// The flagged weeks.
    pub fn spikes(&self) -> impl Iterator<Item = &Week> {
        self.weeks.iter().filter(|w| w.spike.is_some())
    }
}

/// The Monday of `d`'s ISO week.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

/// An event's day and whether it is precise enough for a week (day or week precision).
pub fn event_day(e: &Event) -> Option<(NaiveDate, bool)> {
    let d = e.date.as_ref()?;
    let day = NaiveDate::parse_from_str(d.date.get(..10)?, "%Y-%m-%d").ok()?;
    let weekly = matches!(d.precision, DatePrecision::Day | DatePrecision::Week);
    Some((day, weekly))
}

/// The units an event counts for, as `(key, label)`.
pub fn units(kind: UnitKind, e: &Event) -> Vec<(String, String)> {
    let place = e.location.as_ref().map(|l| &l.place);
    let cc = place.and_then(|p| p.country.as_deref()).unwrap_or("");
    match kind {
        UnitKind::Country if !cc.is_empty() => vec![(cc.to_string(), crate::country_name(cc))],
        UnitKind::Admin1 => match place.and_then(|p| p.admin1.as_deref()) {
            Some(a) if !cc.is_empty() => vec![(
                format!("{cc}/{a}"),
                format!("{a}, {}", crate::country_name(cc)),
            )],
            _ => Vec::new(),
        },
        UnitKind::Actor => {
            let mut v: Vec<(String, String)> = Vec::new();
            for a in e.actor.iter().chain(&e.assoc_actors) {
                let key = crate::actor_key(a);
                if !v.iter().any(|(k, _)| *k == key) {
                    v.push((key, a.name.clone()));
                }
            }
            v
        }
        UnitKind::Country => Vec::new(),
    }
}

/// Weekly series of every unit of `kind` over the weeks from `from` to `to` (both inclusive,
/// widened to whole weeks), most events first. Events outside the range are ignored.
pub fn series(
    records: &[EventRecord],
    kind: UnitKind,
    from: NaiveDate,
    to: NaiveDate,
    test: &SpikeTest,
) -> Vec<Series> {
    series_by(records, kind, from, to, test, |e| units(kind, e))
}

/// One series of all `records` (a brief's subject), keyed and labelled as given.
pub fn total_series(
    records: &[EventRecord],
    (key, label): (&str, &str),
    from: NaiveDate,
    to: NaiveDate,
    test: &SpikeTest,
) -> Series {
    let one = |_: &Event| vec![(key.to_string(), label.to_string())];
    let mut all = series_by(records, UnitKind::Country, from, to, test, one);
    all.pop().unwrap_or_else(|| Series {
        kind: UnitKind::Country,
        key: key.into(),
        label: label.into(),
        weeks: empty_weeks(from, to),
        events: 0,
        fatalities: 0,
        coarse: 0,
    })
}

fn empty_weeks(from: NaiveDate, to: NaiveDate) -> Vec<Week> {
    let first = week_start(from);
    let n_weeks = ((week_start(to) - first).num_days() / 7 + 1).max(0) as usize;
    (0..n_weeks)
        .map(|i| Week {
            start: first + Days::new(7 * i as u64),
            events: 0,
            fatalities: 0,
            spike: None,
            event_ids: Vec::new(),
        })
        .collect()
}

fn series_by(
    records: &[EventRecord],
    kind: UnitKind,
    from: NaiveDate,
    to: NaiveDate,
    test: &SpikeTest,
    units_of: impl Fn(&Event) -> Vec<(String, String)>,
) -> Vec<Series> {
    let first = week_start(from);
    let mut by_unit: BTreeMap<String, Series> = BTreeMap::new();
    for r in records {
        let Some((day, weekly)) = event_day(&r.event) else {
            continue;
        };
        if day < from || day > to {
            continue;
        }
        for (key, label) in units_of(&r.event) {
            let s = by_unit.entry(key.clone()).or_insert_with(|| Series {
                kind,
                key,
                label,
                weeks: empty_weeks(from, to),
                events: 0,
                fatalities: 0,
                coarse: 0,
            });
            add(s, r, day, weekly, first);
        }
    }
    let mut out: Vec<Series> = by_unit.into_values().collect();
    for s in &mut out {
        let counts: Vec<u32> = s.weeks.iter().map(|w| w.events).collect();
        for (w, flag) in s.weeks.iter_mut().zip(test.flags(&counts)) {
            w.spike = flag;
        }
    }
    out.sort_by(|a, b| b.events.cmp(&a.events).then(a.key.cmp(&b.key)));
    out
}

fn add(s: &mut Series, r: &EventRecord, day: NaiveDate, weekly: bool, first: NaiveDate) {
    let killed = r.event.killed.unwrap_or(0);
    s.events += 1;
    s.fatalities += killed;
    if !weekly {
        s.coarse += 1;
        return;
    }
    let i = ((day - first).num_days() / 7) as usize;
    if let Some(w) = s.weeks.get_mut(i) {
        w.events += 1;
        w.fatalities += killed;
        w.event_ids.push(r.id.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khaldun_model::{Actor, EventDate, EventLocation, Place};

    pub(crate) fn record(
        id: &str,
        date: &str,
        precision: DatePrecision,
        killed: u32,
    ) -> EventRecord {
        EventRecord {
            id: id.into(),
            event: Event {
                id: id.into(),
                date: Some(EventDate {
                    date: date.into(),
                    precision,
                    source: "text".into(),
                    ..Default::default()
                }),
                location: Some(EventLocation {
                    place: Place {
                        name: "Boni".into(),
                        country: Some("ML".into()),
                        admin1: Some("Mopti".into()),
                        ..Default::default()
                    },
                    span: None,
                }),
                actor: Some(Actor {
                    id: Some("jnim".into()),
                    name: "JNIM".into(),
                    ..Default::default()
                }),
                killed: Some(killed),
                ..Default::default()
            },
            reports: 1,
            sources: 1,
            first_seen: String::new(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(day("2024-03-10")), day("2024-03-04")); // a Sunday
        assert_eq!(week_start(day("2024-03-04")), day("2024-03-04"));
    }

    #[test]
    fn month_precision_events_count_in_totals_but_in_no_week() {
        let recs = [
            record("a", "2024-03-05", DatePrecision::Day, 2),
            record("b", "2024-03-01", DatePrecision::Month, 5),
        ];
        let s = &series(
            &recs,
            UnitKind::Country,
            day("2024-02-26"),
            day("2024-03-31"),
            &SpikeTest::default(),
        )[0];
        assert_eq!((s.key.as_str(), s.label.as_str()), ("ML", "Mali"));
        assert_eq!((s.events, s.fatalities, s.coarse), (2, 7, 1));
        let weekly: u32 = s.weeks.iter().map(|w| w.events).sum();
        assert_eq!(
            weekly, 1,
            "the month-precision event is not piled on 1 March's week"
        );
        assert_eq!(s.weeks.len(), 5);
        assert_eq!(s.weeks[1].event_ids, vec!["a".to_string()]);
    }

    #[test]
    fn a_burst_after_quiet_weeks_is_flagged_in_its_week() {
        let mut recs = vec![record("q", "2024-01-03", DatePrecision::Day, 0)];
        for i in 0..5 {
            recs.push(record(
                &format!("b{i}"),
                "2024-03-06",
                DatePrecision::Day,
                1,
            ));
        }
        let all = series(
            &recs,
            UnitKind::Admin1,
            day("2024-01-01"),
            day("2024-03-10"),
            &SpikeTest::default(),
        );
        let s = &all[0];
        assert_eq!(s.key, "ML/Mopti");
        let spikes: Vec<_> = s.spikes().map(|w| w.start).collect();
        assert_eq!(spikes, vec![day("2024-03-04")]);
    }

    #[test]
    fn actor_series_count_actor_one() {
        let recs = [record("a", "2024-03-05", DatePrecision::Day, 0)];
        let s = series(
            &recs,
            UnitKind::Actor,
            day("2024-03-01"),
            day("2024-03-31"),
            &SpikeTest::default(),
        );
        assert_eq!((s[0].key.as_str(), s[0].label.as_str()), ("jnim", "JNIM"));
    }
}
