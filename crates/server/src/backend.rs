//! What the server needs from storage: the [`Backend`] trait, and
//! [`MemoryBackend`], an in-memory implementation for tests and small data.

use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;

use chrono::{Datelike, NaiveDate};
use khaldun_model::AnnotatedArticle;

use crate::api::*;
use crate::detail;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("storage error: {0}")]
    Storage(String),
    #[error("not supported: {0}")]
    Unsupported(String),
}

pub type Result<T> = std::result::Result<T, BackendError>;

/// Timeline bucket size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Day,
    Week,
    Month,
}

impl Bucket {
    pub fn parse(s: Option<&str>) -> Option<Bucket> {
        match s.unwrap_or("week") {
            "day" => Some(Bucket::Day),
            "week" => Some(Bucket::Week),
            "month" => Some(Bucket::Month),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }
    /// First day of the period holding `date` (`YYYY-MM-DD`), or `None` for a bad date.
    pub fn period(self, date: &str) -> Option<String> {
        let d = NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
        let p = match self {
            Bucket::Day => d,
            Bucket::Week => {
                d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
            }
            Bucket::Month => d.with_day(1)?,
        };
        Some(p.format("%Y-%m-%d").to_string())
    }
}

/// Read and write access the API needs. Implementations are synchronous
/// (the server calls them on blocking threads) and must be cheap to share.
pub trait Backend: Send + Sync + 'static {
    /// A page of events matching `filter`, newest first (date descending, then id).
    fn events(&self, filter: &EventFilter, cursor: Option<&str>, limit: usize)
        -> Result<EventPage>;
    /// One event with its reports, or `None`.
    fn event(&self, id: &str) -> Result<Option<EventDetail>>;
    /// Counts per period and ACLED event type for events matching `filter`.
    fn timeline(&self, filter: &EventFilter, bucket: Bucket) -> Result<Timeline>;
    /// Actors whose name contains `q` (all when `None`), most active first.
    fn actors(&self, q: Option<&str>, limit: usize) -> Result<Vec<ActorSummary>>;
    fn actor(&self, id: &str) -> Result<Option<ActorDetail>>;
    /// Places whose name starts with `q`.
    fn places(&self, q: &str, limit: usize) -> Result<Vec<PlaceHit>>;
    fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>>;
    /// Store annotated articles (idempotent per article id).
    fn ingest(&self, docs: Vec<AnnotatedArticle>) -> Result<IngestReport>;
}

/// Does `e` satisfy every filter except the full-text query?
pub fn matches(f: &EventFilter, e: &EventSummary) -> bool {
    let date = e.date.as_deref().unwrap_or("");
    if let Some(from) = &f.from {
        if date.is_empty() || date < from.as_str() {
            return false;
        }
    }
    if let Some(to) = &f.to {
        if date.is_empty() || date > to.as_str() {
            return false;
        }
    }
    if let Some(b) = f.bbox() {
        match (e.lat, e.lon) {
            (Some(lat), Some(lon)) if b.contains(lat, lon) => {}
            _ => return false,
        }
    }
    if let Some(c) = &f.country {
        if !e
            .country
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case(c))
        {
            return false;
        }
    }
    if let Some(a) = &f.admin1 {
        if !e
            .admin1
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case(a))
        {
            return false;
        }
    }
    if let Some(a) = &f.actor {
        let hit = |r: &Option<ActorRef>| {
            r.as_ref().is_some_and(|r| {
                r.id.as_deref() == Some(a.as_str()) || r.name.eq_ignore_ascii_case(a)
            })
        };
        if !hit(&e.actor1) && !hit(&e.actor2) {
            return false;
        }
    }
    let types = EventFilter::list(&f.plover_type);
    if !types.is_empty() && !types.iter().any(|t| t.eq_ignore_ascii_case(&e.plover_type)) {
        return false;
    }
    if let Some(s) = &f.sub_event_type {
        if !e.acled_sub_event_type.eq_ignore_ascii_case(s) {
            return false;
        }
    }
    let st = EventFilter::list(&f.status);
    if !st.is_empty() && !st.iter().any(|t| t.eq_ignore_ascii_case(&e.status)) {
        return false;
    }
    if let Some(n) = f.min_sources {
        if e.n_sources < n {
            return false;
        }
    }
    true
}

/// Cursor for keyset paging: the last row's date and id.
pub fn encode_cursor(e: &EventSummary) -> String {
    format!("{}~{}", e.date.as_deref().unwrap_or(""), e.id)
}

/// Parse a cursor made by [`encode_cursor`].
pub fn decode_cursor(c: &str) -> Result<(String, String)> {
    let (d, id) = c
        .split_once('~')
        .ok_or_else(|| BackendError::BadRequest("bad cursor".into()))?;
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(BackendError::BadRequest("bad cursor".into()));
    }
    Ok((d.to_string(), id.to_string()))
}

/// Newest first: date descending (undated last), then id ascending.
fn order_key(e: &EventSummary) -> (std::cmp::Reverse<String>, String) {
    (
        std::cmp::Reverse(e.date.clone().unwrap_or_default()),
        e.id.clone(),
    )
}

struct Merged {
    summary: EventSummary,
    /// (article id, article event id)
    reports: Vec<(String, String)>,
}

#[derive(Default)]
struct Inner {
    articles: HashMap<String, AnnotatedArticle>,
    events: Vec<Merged>,
}

/// Keeps everything in memory and merges article events that share date,
/// place and PLOVER type into one event. For tests and small collections.
#[derive(Default)]
pub struct MemoryBackend {
    inner: RwLock<Inner>,
}

impl MemoryBackend {
    pub fn new(docs: Vec<AnnotatedArticle>) -> Self {
        let b = MemoryBackend::default();
        let _ = b.ingest(docs);
        b
    }

    fn rebuild(inner: &mut Inner) {
        let mut keyed: BTreeMap<(String, String, String), Merged> = BTreeMap::new();
        let mut ids: Vec<&String> = inner.articles.keys().collect();
        ids.sort();
        for aid in ids {
            let doc = &inner.articles[aid];
            for ev in doc.events.iter().filter(|e| !e.negated && !e.hypothetical) {
                let s = detail::summary(doc, ev);
                let key = (
                    s.date.clone().unwrap_or_default(),
                    s.location.clone().unwrap_or_else(|| ev.id.clone()),
                    s.plover_type.clone(),
                );
                match keyed.get_mut(&key) {
                    Some(m) => {
                        for src in &s.sources {
                            if !m.summary.sources.contains(src) {
                                m.summary.sources.push(src.clone());
                            }
                        }
                        m.summary.n_sources = m.summary.sources.len() as u32;
                        m.summary.n_reports += 1;
                        // ACLED: most conservative figure
                        m.summary.killed = match (m.summary.killed, s.killed) {
                            (Some(a), Some(b)) => Some(a.min(b)),
                            (a, b) => a.or(b),
                        };
                        m.reports.push((aid.clone(), ev.id.clone()));
                    }
                    None => {
                        keyed.insert(
                            key,
                            Merged {
                                summary: s,
                                reports: vec![(aid.clone(), ev.id.clone())],
                            },
                        );
                    }
                }
            }
        }
        let mut events: Vec<Merged> = keyed.into_values().collect();
        events.sort_by_key(|m| order_key(&m.summary));
        inner.events = events;
    }

    fn text_hit(inner: &Inner, m: &Merged, q: &str) -> bool {
        let q = q.to_lowercase();
        m.reports.iter().any(|(aid, _)| {
            inner.articles.get(aid).is_some_and(|d| {
                d.article.text.to_lowercase().contains(&q)
                    || d.article
                        .title
                        .as_deref()
                        .is_some_and(|t| t.to_lowercase().contains(&q))
            })
        })
    }

    fn filtered<'a>(inner: &'a Inner, f: &'a EventFilter) -> impl Iterator<Item = &'a Merged> + 'a {
        inner
            .events
            .iter()
            .filter(move |m| matches(f, &m.summary))
            .filter(move |m| f.q.as_deref().is_none_or(|q| Self::text_hit(inner, m, q)))
    }
}

fn actor_key(r: &ActorRef) -> String {
    r.id.clone().unwrap_or_else(|| format!("name:{}", r.name))
}

impl Backend for MemoryBackend {
    fn events(&self, f: &EventFilter, cursor: Option<&str>, limit: usize) -> Result<EventPage> {
        let inner = self
            .inner
            .read()
            .map_err(|_| BackendError::Storage("lock poisoned".into()))?;
        let after = cursor.map(decode_cursor).transpose()?;
        let mut out: Vec<EventSummary> = Self::filtered(&inner, f)
            .filter(|m| match &after {
                None => true,
                Some((d, id)) => order_key(&m.summary) > (std::cmp::Reverse(d.clone()), id.clone()),
            })
            .take(limit + 1)
            .map(|m| m.summary.clone())
            .collect();
        let next_cursor = if out.len() > limit {
            out.truncate(limit);
            out.last().map(encode_cursor)
        } else {
            None
        };
        Ok(EventPage {
            events: out,
            next_cursor,
        })
    }

    fn event(&self, id: &str) -> Result<Option<EventDetail>> {
        let inner = self
            .inner
            .read()
            .map_err(|_| BackendError::Storage("lock poisoned".into()))?;
        let Some(m) = inner
            .events
            .iter()
            .find(|m| m.summary.id == id || m.reports.iter().any(|r| r.1 == id))
        else {
            return Ok(None);
        };
        let reports = m
            .reports
            .iter()
            .filter_map(|(aid, eid)| {
                let doc = inner.articles.get(aid)?;
                let ev = doc.events.iter().find(|e| &e.id == eid)?;
                Some(detail::report(doc, ev))
            })
            .collect();
        Ok(Some(EventDetail {
            event: m.summary.clone(),
            reports,
        }))
    }

    fn timeline(&self, f: &EventFilter, bucket: Bucket) -> Result<Timeline> {
        let inner = self
            .inner
            .read()
            .map_err(|_| BackendError::Storage("lock poisoned".into()))?;
        let mut rows: BTreeMap<String, TimelineRow> = BTreeMap::new();
        for m in Self::filtered(&inner, f) {
            let Some(p) = m.summary.date.as_deref().and_then(|d| bucket.period(d)) else {
                continue;
            };
            let row = rows.entry(p.clone()).or_insert_with(|| TimelineRow {
                period: p,
                ..Default::default()
            });
            row.total += 1;
            *row.by_type
                .entry(m.summary.acled_event_type.clone())
                .or_default() += 1;
        }
        Ok(Timeline {
            bucket: bucket.name().into(),
            series: rows.into_values().collect(),
        })
    }

    fn actors(&self, q: Option<&str>, limit: usize) -> Result<Vec<ActorSummary>> {
        let inner = self
            .inner
            .read()
            .map_err(|_| BackendError::Storage("lock poisoned".into()))?;
        let mut by: HashMap<String, ActorSummary> = HashMap::new();
        // sector and country come from the article mentions
        let mut info: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
        for d in inner.articles.values() {
            for m in &d.actors {
                if let Some(id) = &m.actor.id {
                    info.insert(
                        id.clone(),
                        (m.actor.sector.clone(), m.actor.country.clone()),
                    );
                }
            }
        }
        for m in &inner.events {
            for r in [&m.summary.actor1, &m.summary.actor2].into_iter().flatten() {
                let k = actor_key(r);
                let e = by.entry(k.clone()).or_insert_with(|| {
                    let (sector, country) =
                        r.id.as_ref()
                            .and_then(|i| info.get(i).cloned())
                            .unwrap_or_default();
                    ActorSummary {
                        id: k,
                        name: r.name.clone(),
                        inter: r.inter,
                        sector,
                        country,
                        n_events: 0,
                    }
                });
                e.n_events += 1;
            }
        }
        let ql = q.map(str::to_lowercase);
        let mut v: Vec<ActorSummary> = by
            .into_values()
            .filter(|a| {
                ql.as_deref()
                    .is_none_or(|q| a.name.to_lowercase().contains(q) || a.id.contains(q))
            })
            .collect();
        v.sort_by(|a, b| {
            b.n_events
                .cmp(&a.n_events)
                .then_with(|| a.name.cmp(&b.name))
        });
        v.truncate(limit);
        Ok(v)
    }

    fn actor(&self, id: &str) -> Result<Option<ActorDetail>> {
        let Some(actor) = self
            .actors(None, usize::MAX)?
            .into_iter()
            .find(|a| a.id == id)
        else {
            return Ok(None);
        };
        let inner = self
            .inner
            .read()
            .map_err(|_| BackendError::Storage("lock poisoned".into()))?;
        let mut activity: BTreeMap<String, u64> = BTreeMap::new();
        let mut aff: BTreeMap<String, u64> = BTreeMap::new();
        let mut cp: BTreeMap<String, u64> = BTreeMap::new();
        let mut recent = Vec::new();
        for m in &inner.events {
            let s = &m.summary;
            let side1 = s.actor1.as_ref().is_some_and(|r| actor_key(r) == id);
            let side2 = s.actor2.as_ref().is_some_and(|r| actor_key(r) == id);
            if !side1 && !side2 {
                continue;
            }
            if let Some(p) = s.date.as_deref().and_then(|d| Bucket::Month.period(d)) {
                *activity.entry(p).or_default() += 1;
            }
            let (assoc, other) = if side1 {
                (&s.assoc_actor1, &s.actor2)
            } else {
                (&s.assoc_actor2, &s.actor1)
            };
            for a in assoc {
                *aff.entry(a.clone()).or_default() += 1;
            }
            if let Some(o) = other {
                *cp.entry(o.name.clone()).or_default() += 1;
            }
            if recent.len() < 20 {
                recent.push(s.clone());
            }
        }
        let counts = |m: BTreeMap<String, u64>| {
            let mut v: Vec<NamedCount> = m
                .into_iter()
                .map(|(name, count)| NamedCount { name, count })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            v
        };
        Ok(Some(ActorDetail {
            actor,
            activity: activity
                .into_iter()
                .map(|(period, count)| PeriodCount { period, count })
                .collect(),
            affiliations: counts(aff),
            counterparts: counts(cp),
            recent_events: recent,
        }))
    }

    fn places(&self, q: &str, limit: usize) -> Result<Vec<PlaceHit>> {
        let inner = self
            .inner
            .read()
            .map_err(|_| BackendError::Storage("lock poisoned".into()))?;
        let ql = q.to_lowercase();
        let mut by: BTreeMap<String, PlaceHit> = BTreeMap::new();
        for m in &inner.events {
            let s = &m.summary;
            let Some(name) = &s.location else { continue };
            if !name.to_lowercase().starts_with(&ql) {
                continue;
            }
            let h = by.entry(name.clone()).or_insert_with(|| PlaceHit {
                geonameid: None,
                name: name.clone(),
                country: s.country.clone(),
                admin1: s.admin1.clone(),
                lat: s.lat,
                lon: s.lon,
                n_events: 0,
            });
            h.n_events += 1;
        }
        Ok(by.into_values().take(limit).collect())
    }

    fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>> {
        let inner = self
            .inner
            .read()
            .map_err(|_| BackendError::Storage("lock poisoned".into()))?;
        Ok(inner.articles.get(id).cloned())
    }

    fn ingest(&self, docs: Vec<AnnotatedArticle>) -> Result<IngestReport> {
        let mut inner = self
            .inner
            .write()
            .map_err(|_| BackendError::Storage("lock poisoned".into()))?;
        let mut r = IngestReport::default();
        for d in docs {
            r.articles += 1;
            if d.error.is_some() {
                r.failed += 1;
                continue;
            }
            if inner.articles.contains_key(&d.article.id) {
                r.duplicate += 1;
                continue;
            }
            r.new += 1;
            r.events += d.events.len() as u64;
            inner.articles.insert(d.article.id.clone(), d);
        }
        Self::rebuild(&mut inner);
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    fn backend() -> MemoryBackend {
        MemoryBackend::new(testdata::all())
    }

    #[test]
    fn merges_reports_of_the_same_event() {
        let b = backend();
        let page = b.events(&EventFilter::default(), None, 100).unwrap();
        assert_eq!(
            page.events.len(),
            4,
            "5 article events, 2 of them the same attack"
        );
        let segou = page
            .events
            .iter()
            .find(|e| e.location.as_deref() == Some("Ségou"))
            .unwrap();
        assert_eq!(segou.n_reports, 2);
        assert!(segou.n_sources >= 3, "{:?}", segou.sources);
        let d = b.event(&segou.id).unwrap().unwrap();
        assert_eq!(d.reports.len(), 2);
    }

    #[test]
    fn filters_and_pages() {
        let b = backend();
        let f = EventFilter {
            country: Some("ml".into()),
            ..Default::default()
        };
        assert_eq!(b.events(&f, None, 10).unwrap().events.len(), 1);
        let f = EventFilter {
            plover_type: Some("PROTEST".into()),
            ..Default::default()
        };
        assert_eq!(
            b.events(&f, None, 10).unwrap().events[0]
                .location
                .as_deref(),
            Some("Niamey")
        );
        let f = EventFilter {
            from: Some("2024-01-01".into()),
            to: Some("2024-02-28".into()),
            ..Default::default()
        };
        assert_eq!(b.events(&f, None, 10).unwrap().events.len(), 2);
        let f = EventFilter {
            q: Some("villagers".into()),
            ..Default::default()
        };
        assert_eq!(b.events(&f, None, 10).unwrap().events.len(), 1);
        let f = EventFilter {
            min_sources: Some(3),
            ..Default::default()
        };
        assert_eq!(b.events(&f, None, 10).unwrap().events.len(), 1);
        // pagination visits every event once, in order
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let p = b
                .events(&EventFilter::default(), cursor.as_deref(), 1)
                .unwrap();
            seen.extend(p.events.iter().map(|e| e.id.clone()));
            match p.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        let all: Vec<String> = b
            .events(&EventFilter::default(), None, 100)
            .unwrap()
            .events
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(seen, all);
        assert!(b
            .events(&EventFilter::default(), Some("nonsense"), 1)
            .is_err());
    }

    #[test]
    fn timeline_actors_places() {
        let b = backend();
        let t = b.timeline(&EventFilter::default(), Bucket::Month).unwrap();
        assert_eq!(t.series.iter().map(|r| r.total).sum::<u64>(), 4);
        assert_eq!(t.series[0].period, "2023-12-01");
        assert_eq!(
            Bucket::Week.period("2024-03-13").as_deref(),
            Some("2024-03-11")
        );
        let a = b.actors(Some("jnim"), 10).unwrap();
        assert_eq!(a[0].id, "jnim");
        let d = b.actor("jnim").unwrap().unwrap();
        assert_eq!(d.counterparts[0].name, "Military Forces of Mali");
        assert_eq!(b.places("gwo", 5).unwrap()[0].name, "Gwoza");
        let r = b.ingest(vec![testdata::article_niamey()]).unwrap();
        assert_eq!((r.new, r.duplicate), (0, 1));
    }
}
