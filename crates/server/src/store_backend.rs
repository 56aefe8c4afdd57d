//! [`StoreBackend`]: what the API reads and writes, over any [`Store`]
//! (SQLite or PostgreSQL): the store's records turned into the API's
//! summaries, list filters expanded, timelines folded and cached.
//!
//! The store filters on one PLOVER type, one status and one bounding box per
//! query; the API accepts lists (`type=ASSAULT,FIGHT`) and boxes across the
//! antimeridian, so such a filter runs as several store queries whose keyset
//! pages are merged in the store's order (date descending, id descending).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use khaldun_model::AnnotatedArticle;
use khaldun_store::{
    ActorQuery, Bucket, EventQuery, EventRecord, PutOutcome, SqliteStore, Store, StoreError,
};

use crate::api::*;
use crate::detail;

/// Store results as the API returns them.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The API's access to a [`Store`]. Cheap to share; every method blocks (the
/// server calls them on blocking threads).
pub struct StoreBackend {
    store: Arc<dyn Store>,
    /// Timelines recently computed, by query; emptied on every ingest and
    /// expired after `cache_ttl` (other processes may write the database).
    timeline_cache: Mutex<HashMap<String, (Instant, Timeline)>>,
    cache_ttl: Duration,
}

impl StoreBackend {
    pub fn new(store: Arc<dyn Store>) -> Self {
        StoreBackend {
            store,
            timeline_cache: Mutex::new(HashMap::new()),
            cache_ttl: Duration::from_secs(30),
        }
    }

    /// Open (creating if needed) the SQLite database at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Ok(Self::new(Arc::new(SqliteStore::open(path)?)))
    }

    /// How long a computed timeline is reused (default 30 s; zero turns the cache off).
    pub fn with_timeline_cache(mut self, ttl: Duration) -> Self {
        self.cache_ttl = ttl;
        self
    }

    /// The store underneath.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    fn read<T>(&self, f: impl FnOnce(&dyn Store) -> Result<T>) -> Result<T> {
        f(self.store.as_ref())
    }
}

/// The store queries an API filter stands for (one per type × status × box part).
pub fn store_queries(f: &EventFilter) -> Vec<EventQuery> {
    let base = EventQuery {
        date_from: f.from.clone(),
        date_to: f.to.clone(),
        country: f.country.clone(),
        admin1: f.admin1.clone(),
        actor: f.actor.clone(),
        acled_sub_type: f.sub_event_type.clone(),
        min_sources: f.min_sources,
        text: f.q.clone(),
        ..Default::default()
    };
    let boxes: Vec<Option<[f64; 4]>> = match f.bbox() {
        None => vec![None],
        Some(b) if b.west <= b.east => vec![Some([b.west, b.south, b.east, b.north])],
        Some(b) => vec![
            Some([b.west, b.south, 180.0, b.north]),
            Some([-180.0, b.south, b.east, b.north]),
        ],
    };
    let opt_list = |v: &Option<String>| {
        let l = EventFilter::list(v);
        if l.is_empty() {
            vec![None]
        } else {
            l.into_iter().map(Some).collect()
        }
    };
    let types = opt_list(&f.plover_type);
    let statuses = opt_list(&f.status);
    let mut out = Vec::new();
    for b in &boxes {
        for t in &types {
            for s in &statuses {
                out.push(EventQuery {
                    bbox: *b,
                    plover_type: t.clone(),
                    status: s.clone(),
                    ..base.clone()
                });
            }
        }
    }
    out
}

fn record_date(r: &EventRecord) -> String {
    r.event
        .date
        .as_ref()
        .map(|d| d.date.clone())
        .unwrap_or_default()
}

/// Flatten a store record.
pub fn record_summary(r: &EventRecord) -> EventSummary {
    let ev = &r.event;
    let mut sources: Vec<String> = Vec::new();
    for s in &ev.sources {
        if !s.name.is_empty() && !sources.iter().any(|x| x.eq_ignore_ascii_case(&s.name)) {
            sources.push(s.name.clone());
        }
    }
    let sentence = ev
        .evidence
        .first()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    let mut s = detail::summary_of(ev, sources, r.sources, r.reports, sentence);
    s.id.clone_from(&r.id);
    s.first_seen = (!r.first_seen.is_empty()).then(|| r.first_seen.clone());
    s
}

fn named(v: &[khaldun_store::NamedCount]) -> Vec<NamedCount> {
    v.iter()
        .map(|n| NamedCount {
            name: n.name.clone(),
            count: n.count,
        })
        .collect()
}

/// First day of a store timeline bucket (`2022-04-25`, `2022-W16` as
/// SQLite's `%W` Monday-based week, `2022-04`).
fn bucket_start(label: &str) -> Option<String> {
    if label.len() == 10 {
        return Some(label.to_string());
    }
    if let Some((y, w)) = label.split_once("-W") {
        let y: i32 = y.parse().ok()?;
        let w: i64 = w.parse().ok()?;
        let jan1 = NaiveDate::from_ymd_opt(y, 1, 1)?;
        let first_monday = jan1
            + chrono::Duration::days((7 - i64::from(jan1.weekday().num_days_from_monday())) % 7);
        let d = first_monday + chrono::Duration::days((w - 1) * 7);
        return Some(d.format("%Y-%m-%d").to_string());
    }
    if label.len() == 7 {
        return Some(format!("{label}-01"));
    }
    None
}

impl StoreBackend {
    pub fn events(&self, f: &EventFilter, cursor: Option<&str>, limit: usize) -> Result<EventPage> {
        let queries = store_queries(f);
        self.read(|s| {
            let mut all: Vec<EventRecord> = Vec::new();
            let mut more = false;
            for mut q in queries {
                q.limit = Some(limit as u32);
                q.cursor = cursor.map(String::from);
                let page = s.events(&q)?;
                more |= page.next_cursor.is_some();
                all.extend(page.events);
            }
            if all.len() > 1 {
                all.sort_by(|a, b| (record_date(b), &b.id).cmp(&(record_date(a), &a.id)));
                all.dedup_by(|a, b| a.id == b.id);
            }
            more |= all.len() > limit;
            all.truncate(limit);
            let next_cursor = if more {
                all.last().map(|r| format!("{}|{}", record_date(r), r.id))
            } else {
                None
            };
            Ok(EventPage {
                events: all.iter().map(record_summary).collect(),
                next_cursor,
            })
        })
    }

    pub fn event(&self, id: &str) -> Result<Option<EventDetail>> {
        self.read(|s| {
            let Some(d) = s.event(id)? else {
                return Ok(None);
            };
            let mut reports = Vec::with_capacity(d.reports.len());
            let mut cache: BTreeMap<String, AnnotatedArticle> = BTreeMap::new();
            for r in &d.reports {
                if !cache.contains_key(&r.article_id) {
                    match s.article(&r.article_id)? {
                        Some(doc) => {
                            cache.insert(r.article_id.clone(), doc);
                        }
                        None => continue,
                    }
                }
                let mut report = detail::report(&cache[&r.article_id], &r.event);
                report.merged_by = r.merged_by.as_ref().map(|m| crate::api::MergeEvidence {
                    article_id: m.article_id.clone().unwrap_or_default(),
                    score: m.score,
                    evidence: m.evidence.clone(),
                });
                reports.push(report);
            }
            let mut summary = record_summary(&d.record);
            // the outlets of the reporting articles belong to the source list too
            for r in &reports {
                if let Some(p) = &r.publisher {
                    if !summary.sources.iter().any(|x| x.eq_ignore_ascii_case(p)) {
                        summary.sources.push(p.clone());
                    }
                }
            }
            summary.n_sources = summary.n_sources.max(summary.sources.len() as u32);
            Ok(Some(EventDetail {
                event: summary,
                reports,
            }))
        })
    }

    pub fn timeline(&self, f: &EventFilter, bucket: Bucket) -> Result<Timeline> {
        let key = format!(
            "{}|{}",
            bucket.name(),
            serde_json::to_string(f).unwrap_or_default()
        );
        if !self.cache_ttl.is_zero() {
            if let Ok(c) = self.timeline_cache.lock() {
                if let Some((at, t)) = c.get(&key) {
                    if at.elapsed() < self.cache_ttl {
                        return Ok(t.clone());
                    }
                }
            }
        }
        // Day counts from the store (a plain GROUP BY on the date), folded
        // into weeks and months here.
        let queries = store_queries(f);
        let t = self.read(|s| {
            let mut rows: BTreeMap<String, TimelineRow> = BTreeMap::new();
            for q in &queries {
                for bin in s.timeline(q, Bucket::Day)? {
                    let Some(p) = bucket.period(&bin.bucket) else {
                        continue;
                    };
                    let row = rows.entry(p.clone()).or_insert_with(|| TimelineRow {
                        period: p,
                        ..Default::default()
                    });
                    row.total += u64::from(bin.count);
                    *row.by_type.entry(bin.acled_type).or_default() += u64::from(bin.count);
                }
            }
            Ok(Timeline {
                bucket: bucket.name().into(),
                series: rows.into_values().collect(),
            })
        })?;
        if !self.cache_ttl.is_zero() {
            if let Ok(mut c) = self.timeline_cache.lock() {
                if c.len() >= 256 {
                    c.clear();
                }
                c.insert(key, (Instant::now(), t.clone()));
            }
        }
        Ok(t)
    }

    pub fn actors(&self, q: Option<&str>, limit: usize) -> Result<Vec<ActorSummary>> {
        self.read(|s| {
            let v = s.actors(&ActorQuery {
                q: q.map(String::from),
                limit: Some(limit as u32),
            })?;
            Ok(v.into_iter()
                .map(|a| ActorSummary {
                    id: if a.id.is_some() {
                        a.key.clone()
                    } else {
                        format!("name:{}", a.name)
                    },
                    name: a.name,
                    inter: None,
                    sector: None,
                    country: None,
                    n_events: u64::from(a.events),
                })
                .collect())
        })
    }

    pub fn actor(&self, id: &str) -> Result<Option<ActorDetail>> {
        let key = id.strip_prefix("name:").unwrap_or(id).to_lowercase();
        self.read(|s| {
            let Some(d) = s.actor(&key)? else {
                return Ok(None);
            };
            let mut months: BTreeMap<String, u64> = BTreeMap::new();
            for b in &d.activity {
                if let Some(p) = bucket_start(&b.bucket) {
                    *months.entry(p).or_default() += u64::from(b.count);
                }
            }
            let a = &d.summary;
            let actor = ActorSummary {
                id: if a.id.is_some() {
                    a.key.clone()
                } else {
                    format!("name:{}", a.name)
                },
                name: a.name.clone(),
                inter: d.recent.iter().find_map(|r| {
                    [&r.event.actor, &r.event.target]
                        .into_iter()
                        .flatten()
                        .find(|x| x.id.as_deref() == a.id.as_deref() && x.name == a.name)
                        .and_then(|x| x.inter)
                }),
                sector: None,
                country: None,
                n_events: u64::from(a.events),
            };
            Ok(Some(ActorDetail {
                actor,
                activity: months
                    .into_iter()
                    .map(|(period, count)| PeriodCount { period, count })
                    .collect(),
                affiliations: named(&d.allies),
                counterparts: named(&d.counterparts),
                recent_events: d.recent.iter().map(record_summary).collect(),
            }))
        })
    }

    pub fn places(&self, q: &str, limit: usize) -> Result<Vec<PlaceHit>> {
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        let hits = self.read(|s| s.places(q, limit))?;
        Ok(hits
            .into_iter()
            .map(|p| PlaceHit {
                geonameid: p.geonameid,
                name: p.name,
                country: p.country,
                admin1: p.admin1,
                lat: p.lat,
                lon: p.lon,
                n_events: p.events,
            })
            .collect())
    }

    pub fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>> {
        self.store.article(id)
    }

    pub fn ingest(&self, docs: Vec<AnnotatedArticle>) -> Result<IngestReport> {
        let mut rep = IngestReport {
            articles: docs.len() as u64,
            ..Default::default()
        };
        let good: Vec<AnnotatedArticle> = docs
            .into_iter()
            .filter(|d| {
                if let Some(e) = &d.error {
                    rep.failed += 1;
                    rep.errors.push(format!("{}: {e}", d.article.id));
                    false
                } else {
                    true
                }
            })
            .collect();
        let outcomes = self.store.put(&good)?;
        if let Ok(mut c) = self.timeline_cache.lock() {
            c.clear();
        }
        for (o, d) in outcomes.iter().zip(&good) {
            match o {
                PutOutcome::New | PutOutcome::Updated => {
                    rep.new += 1;
                    rep.events += d
                        .events
                        .iter()
                        .filter(|e| khaldun_store::storable(e))
                        .count() as u64;
                }
                PutOutcome::Duplicate => rep.duplicate += 1,
            }
        }
        Ok(rep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;
    use std::path::PathBuf;

    /// The event detail says why a report joined its event (issue 11).
    #[test]
    fn event_detail_explains_merges() {
        let first = testdata::article_niamey();
        let mut copy = first.clone();
        copy.article.id = "niamey-copy".into();
        copy.article.url = Some("https://example.net/niamey-copy".into());
        copy.article.publisher = Some("Other Wire".into());
        let b = testdata::backend(vec![first, copy]);
        let page = b.events(&EventFilter::default(), None, 10).unwrap();
        assert_eq!(page.events.len(), 1, "one event told twice");
        let d = b.event(&page.events[0].id).unwrap().unwrap();
        assert_eq!(d.reports.len(), 2);
        let linked: Vec<_> = d
            .reports
            .iter()
            .filter_map(|r| r.merged_by.as_ref())
            .collect();
        assert_eq!(linked.len(), 1, "the second report says why it joined");
        assert!(linked[0].score > 0.0 && !linked[0].evidence.is_empty());
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains("\"merged_by\""), "{json}");
    }

    /// The filters the API offers, on the hand-made articles.
    #[test]
    fn filters_and_pages() {
        let b = testdata::backend(testdata::all());
        let count = |f: EventFilter| b.events(&f, None, 10).unwrap().events.len();
        let f = EventFilter {
            country: Some("ml".into()),
            ..Default::default()
        };
        assert_eq!(count(f), 1);
        let f = EventFilter {
            plover_type: Some("PROTEST".into()),
            ..Default::default()
        };
        let page = b.events(&f, None, 10).unwrap();
        assert_eq!(page.events[0].location.as_deref(), Some("Niamey"));
        let f = EventFilter {
            from: Some("2024-01-01".into()),
            to: Some("2024-02-28".into()),
            ..Default::default()
        };
        assert_eq!(count(f), 2);
        let f = EventFilter {
            q: Some("villagers".into()),
            ..Default::default()
        };
        assert_eq!(count(f), 1);
        let f = |n| EventFilter {
            min_sources: Some(n),
            ..Default::default()
        };
        let some = b.events(&f(1), None, 10).unwrap().events;
        assert!(!some.is_empty() && some.iter().all(|e| e.n_sources >= 1));
        assert_eq!(count(f(99)), 0);
        assert!(b
            .events(&EventFilter::default(), Some("nonsense"), 1)
            .is_err());
        let t = b.timeline(&EventFilter::default(), Bucket::Month).unwrap();
        assert_eq!(t.series[0].period, "2023-12-01");
        assert_eq!(b.actors(Some("jnim"), 10).unwrap()[0].id, "jnim");
        assert_eq!(b.places("gwo", 5).unwrap()[0].name, "Gwoza");
        let r = b.ingest(vec![testdata::article_niamey()]).unwrap();
        assert_eq!((r.new, r.duplicate), (0, 1));
    }

    pub(crate) fn temp_db(name: &str) -> PathBuf {
        let p =
            std::env::temp_dir().join(format!("khaldun-server-{name}-{}.db", std::process::id()));
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
        }
        p
    }

    #[test]
    fn week_labels_map_to_mondays() {
        assert_eq!(bucket_start("2024-W10").as_deref(), Some("2024-03-04"));
        assert_eq!(bucket_start("2024-03").as_deref(), Some("2024-03-01"));
        assert_eq!(bucket_start("2024-03-11").as_deref(), Some("2024-03-11"));
        assert_eq!(bucket_start("junk"), None);
        // SQLite's %W for 2024-03-11 is week 11 → Monday 2024-03-11
        assert_eq!(bucket_start("2024-W11").as_deref(), Some("2024-03-11"));
    }

    #[test]
    fn list_filters_expand_into_store_queries() {
        let f = EventFilter {
            plover_type: Some("ASSAULT,PROTEST".into()),
            status: Some("claimed".into()),
            bbox: Some("170,-10,-170,10".into()),
            ..Default::default()
        };
        let qs = store_queries(&f);
        assert_eq!(qs.len(), 4);
        assert!(qs.iter().all(|q| q.status.as_deref() == Some("claimed")));
        assert_eq!(qs[0].bbox, Some([170.0, -10.0, 180.0, 10.0]));
    }

    /// Issue 15: the ACLED row of every stored event fills each column the data allows.
    #[test]
    fn acled_csv_from_a_store_fills_every_column() {
        let path = temp_db("acled-row");
        let b = StoreBackend::open(&path).unwrap();
        let mut docs = testdata::all();
        // outlets the source table knows: a Malian radio, an international wire
        for (d, outlet) in docs.iter_mut().zip([
            "Studio Tamani",
            "AFP",
            "Reuters",
            "Reuters",
            "Premium Times",
        ]) {
            d.article.publisher = Some(outlet.into());
            for e in &mut d.events {
                e.sources.push(khaldun_model::SourceRef {
                    name: outlet.into(),
                    kind: "publisher".into(),
                    ..Default::default()
                });
            }
        }
        // one event whose actor the text does not name
        docs[3].events[0].actor = None;
        b.ingest(docs).unwrap();
        let mut buf = Vec::new();
        let n = crate::export::export_from(
            &b,
            &EventFilter::default(),
            crate::export::Format::Csv,
            &mut buf,
        )
        .unwrap();
        assert_eq!(n, 4);
        let mut rd = csv::Reader::from_reader(&buf[..]);
        let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<std::collections::HashMap<String, String>> = rd
            .records()
            .map(|r| {
                header
                    .iter()
                    .cloned()
                    .zip(r.unwrap().iter().map(String::from))
                    .collect()
            })
            .collect();
        let always = [
            "event_id_cnty",
            "event_date",
            "year",
            "time_precision",
            "disorder_type",
            "event_type",
            "sub_event_type",
            "actor1",
            "inter1",
            "interaction",
            "iso",
            "region",
            "country",
            "admin1",
            "location",
            "latitude",
            "longitude",
            "geo_precision",
            "source",
            "source_scale",
            "notes",
            "fatalities",
            "timestamp",
        ];
        for r in &rows {
            for c in always {
                assert!(!r[c].is_empty(), "{c} empty in {r:#?}");
            }
            assert!(r["notes"].starts_with("On "), "{}", r["notes"]);
            assert_ne!(r["notes"], r["khaldun_evidence"], "notes are generated");
            assert!(r["timestamp"].parse::<i64>().unwrap() > 1_700_000_000);
            if r["actor2"].is_empty() {
                assert!(r["inter2"].is_empty());
            } else {
                assert!(!r["inter2"].is_empty(), "{r:#?}");
            }
        }
        let by_loc = |l: &str| rows.iter().find(|r| r["location"] == l).unwrap();
        let segou = by_loc("Ségou");
        assert_eq!(
            (segou["iso"].as_str(), segou["region"].as_str()),
            ("466", "Western Africa")
        );
        // Twitter citation, a Malian radio and a wire: narrowest and widest
        assert_eq!(segou["source_scale"], "New media-International");
        assert_eq!(
            segou["notes"],
            "On 11 March 2024, JNIM clashed with Military Forces of Mali in Ségou (Ségou, Mali), killing 12."
        );
        let niamey = by_loc("Niamey");
        assert_eq!(niamey["tags"], "crowd size=no report");
        assert_eq!(niamey["source_scale"], "International");
        let djibo = by_loc("Djibo");
        assert_eq!(djibo["actor1"], "Unidentified Armed Group (Burkina Faso)");
        assert_eq!(
            (djibo["inter1"].as_str(), djibo["interaction"].as_str()),
            ("3", "37")
        );
        assert_eq!(djibo["civilian_targeting"], "Civilian targeting");
        let gwoza = by_loc("Gwoza");
        assert_eq!(gwoza["source_scale"], "National");
        assert_eq!(gwoza["iso"], "566");
        // reading the CSV back gives the events as the store has them
        let back = crate::export::read_csv(&buf[..]).unwrap();
        let want = b.events(&EventFilter::default(), None, 100).unwrap().events;
        assert_eq!(back, want);
    }

    #[test]
    fn store_backend_serves_the_same_answers() {
        let path = temp_db("unit");
        let b = StoreBackend::open(&path).unwrap();
        let r = b.ingest(testdata::all()).unwrap();
        assert_eq!((r.new, r.duplicate), (5, 0));
        assert_eq!(b.ingest(testdata::all()).unwrap().duplicate, 5);
        let all = b.events(&EventFilter::default(), None, 100).unwrap();
        assert_eq!(
            all.events.len(),
            4,
            "{:#?}",
            all.events.iter().map(|e| &e.location).collect::<Vec<_>>()
        );
        // two types at once, merged pages
        let f = EventFilter {
            plover_type: Some("PROTEST,ASSAULT".into()),
            ..Default::default()
        };
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let p = b.events(&f, cursor.as_deref(), 1).unwrap();
            seen.extend(p.events.into_iter().map(|e| e.id));
            match p.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        let ids: Vec<String> = all.events.iter().map(|e| e.id.clone()).collect();
        assert_eq!(seen, ids);
        let segou = all
            .events
            .iter()
            .find(|e| e.location.as_deref() == Some("Ségou"))
            .unwrap();
        assert_eq!(segou.n_reports, 2);
        let d = b.event(&segou.id).unwrap().unwrap();
        assert_eq!(d.reports.len(), 2);
        assert!(d
            .reports
            .iter()
            .all(|r| r.evidence[0].highlights.iter().any(|h| h.kind == "place")));
        let t = b.timeline(&EventFilter::default(), Bucket::Week).unwrap();
        assert_eq!(t.series.iter().map(|r| r.total).sum::<u64>(), 4);
        assert!(t.series.iter().any(|r| r.period == "2024-03-11"), "{t:?}");
        // an ingest empties the timeline cache
        let mut extra = testdata::article_niamey();
        extra.article.id = "another-niamey-article".into();
        extra.article.text.push_str(" More later.");
        if let Some(d) = extra.events[0].date.as_mut() {
            d.date = "2024-02-10".into();
        }
        let rep = b.ingest(vec![extra]).unwrap();
        assert_eq!(rep.new, 1, "{rep:?}");
        let n = b
            .events(&EventFilter::default(), None, 100)
            .unwrap()
            .events
            .len();
        assert_eq!(n, 5, "the new article adds an event");
        let t = b.timeline(&EventFilter::default(), Bucket::Week).unwrap();
        assert_eq!(t.series.iter().map(|r| r.total).sum::<u64>(), 5);
        let a = b.actor("jnim").unwrap().unwrap();
        assert_eq!(a.counterparts[0].name, "Military Forces of Mali");
        assert_eq!(a.activity[0].period, "2024-03-01");
        assert_eq!(b.places("ség", 5).unwrap()[0].name, "Ségou");
        assert!(b.article(&d.reports[0].article_id).unwrap().is_some());
        let _ = std::fs::remove_file(&path);
    }

    /// Issue 16: `serve` taking POSTs while CLI ingests write the same file.
    #[test]
    fn server_ingest_beside_other_writers_loses_nothing() {
        use khaldun_model::Article;
        let path = temp_db("writers");
        let doc = |id: String| {
            AnnotatedArticle::new(Article {
                text: format!("Report {id}: gunmen attacked a village."),
                id,
                ..Default::default()
            })
        };
        let backend = std::sync::Arc::new(StoreBackend::open(&path).unwrap());
        let start = std::sync::Arc::new(std::sync::Barrier::new(5));
        let mut handles = Vec::new();
        for w in 0..3 {
            let (path, start) = (path.clone(), start.clone());
            handles.push(std::thread::spawn(move || {
                start.wait();
                let s = SqliteStore::open(&path).unwrap();
                for b in 0..10 {
                    let docs: Vec<_> = (0..10).map(|i| doc(format!("cli{w}-{b}-{i}"))).collect();
                    s.is_stored(&docs[0].article).unwrap();
                    s.put(&docs).unwrap();
                }
            }));
        }
        // Two request handlers at once, one article per request.
        for h in 0..2 {
            let (backend, start) = (backend.clone(), start.clone());
            handles.push(std::thread::spawn(move || {
                start.wait();
                for i in 0..30 {
                    backend.article("none").unwrap();
                    let r = backend.ingest(vec![doc(format!("api{h}-{i}"))]).unwrap();
                    assert_eq!(r.new, 1, "{r:?}");
                }
            }));
        }
        for h in handles {
            h.join().expect("a writer failed");
        }
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.stats().unwrap().articles, 3 * 10 * 10 + 2 * 30);
        drop((s, backend));
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    }
}
