//! What a brief is about (place, actor, period) and reading its events from the store.

use chrono::{Days, NaiveDate};
use khaldun_store::{EventQuery, EventRecord, Store};
use serde::{Deserialize, Serialize};

use crate::BriefError;

/// Lengths tried, shortest first, when no `from` is given: the first that holds
/// `DEFAULT_MIN_EVENTS` events is the period (else the longest).
pub const DEFAULT_DAYS: [u64; 4] = [30, 91, 182, 365];
/// Events a default period should hold.
pub const DEFAULT_MIN_EVENTS: usize = 10;
/// Largest number of events a brief reads per period.
pub const MAX_EVENTS: usize = 20_000;

/// A brief's subject: every field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BriefQuery {
    /// ISO 3166-1 alpha-2 (`ML`).
    pub country: Option<String>,
    /// First-level admin unit name (`Mopti`).
    pub admin1: Option<String>,
    /// Actor id or name fragment, either side (`jnim`, `Wagner`).
    pub actor: Option<String>,
    /// First day, inclusive. Default: 30 days before `to`, widened to 91, 182 or 365 days
    /// while the period holds fewer than 10 events.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive. Default: the date of the latest event in scope.
    pub to: Option<NaiveDate>,
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Number of days, both ends counted.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of equal length just before this one.
    pub fn previous(&self) -> Period {
        let n = self.days() as u64;
        Period {
            from: self.from - Days::new(n),
            to: self.from - Days::new(1),
        }
    }

    /// `2024-03-01 – 2024-03-31`.
    pub fn label(&self) -> String {
        format!("{} – {}", self.from, self.to)
    }
}

impl BriefQuery {
    /// The store filter of this subject over `period`.
    pub fn event_query(&self, period: Option<Period>) -> EventQuery {
        EventQuery {
            country: self.country.clone(),
            admin1: self.admin1.clone(),
            actor: self.actor.clone(),
            date_from: period.map(|p| p.from.to_string()),
            date_to: period.map(|p| p.to.to_string()),
            ..Default::default()
        }
    }

    /// "Mali", "Mopti, Mali", "JNIM in Mali", "all places".
    pub fn subject(&self) -> String {
        let place = match (&self.admin1, &self.country) {
            (Some(a), Some(c)) => Some(format!("{a}, {}", crate::country_name(c))),
            (Some(a), None) => Some(a.clone()),
            (None, Some(c)) => Some(crate::country_name(c)),
            (None, None) => None,
        };
        match (&self.actor, place) {
            (Some(a), Some(p)) => format!("{a} in {p}"),
            (Some(a), None) => a.clone(),
            (None, Some(p)) => p,
            (None, None) => "all places".into(),
        }
    }

    /// The period asked for, with the defaults filled from the store: `to` is the latest
    /// event in scope; `from` is 30 days before it, widened (91, 182, 365 days) while the
    /// period holds fewer than `DEFAULT_MIN_EVENTS` events. `None` when nothing is in scope.
    pub fn period(&self, store: &dyn Store) -> Result<Option<Period>, BriefError> {
        let to = match self.to {
            Some(t) => t,
            None => {
                let mut q = self.event_query(None);
                q.date_from = self.from.map(|f| f.to_string());
                q.limit = Some(1);
                let page = store.events(&q)?;
                let latest = page
                    .events
                    .first()
                    .and_then(|r| crate::trends::event_day(&r.event));
                match latest {
                    Some((d, _)) => d,
                    None => return Ok(None),
                }
            }
        };
        let from = match self.from {
            Some(f) => f,
            None => self.default_from(store, to)?,
        };
        if from > to {
            return Err(BriefError::BadQuery(format!(
                "--from {from} is after --to {to}"
            )));
        }
        Ok(Some(Period { from, to }))
    }
}

impl BriefQuery {
    fn default_from(&self, store: &dyn Store, to: NaiveDate) -> Result<NaiveDate, BriefError> {
        let mut from = to;
        for days in DEFAULT_DAYS {
            from = to - Days::new(days - 1);
            let mut q = self.event_query(Some(Period { from, to }));
            q.limit = Some(DEFAULT_MIN_EVENTS as u32);
            if store.events(&q)?.events.len() >= DEFAULT_MIN_EVENTS {
                break;
            }
        }
        Ok(from)
    }
}

/// Every event of `q`, following cursors, at most `MAX_EVENTS`.
pub fn fetch_all(store: &dyn Store, mut q: EventQuery) -> Result<Vec<EventRecord>, BriefError> {
    q.limit = Some(1000);
    let mut out = Vec::new();
    loop {
        let page = store.events(&q)?;
        out.extend(page.events);
        match page.next_cursor {
            Some(c) if out.len() < MAX_EVENTS => q.cursor = Some(c),
            _ => break,
        }
    }
    out.truncate(MAX_EVENTS);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_period_has_the_same_length_and_ends_the_day_before() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let p = Period {
            from: d("2024-03-01"),
            to: d("2024-03-31"),
        };
        assert_eq!(p.days(), 31);
        let q = p.previous();
        assert_eq!((q.from, q.to), (d("2024-01-30"), d("2024-02-29")));
        assert_eq!(q.days(), 31);
    }

    #[test]
    fn subjects_read_as_places_and_actors() {
        let q = BriefQuery {
            country: Some("ML".into()),
            admin1: Some("Mopti".into()),
            ..Default::default()
        };
        assert_eq!(q.subject(), "Mopti, Mali");
        let q = BriefQuery {
            actor: Some("jnim".into()),
            country: Some("bf".into()),
            ..Default::default()
        };
        assert_eq!(q.subject(), "jnim in Burkina Faso");
    }
}
