//! Deduplication as every backend runs it: linking a new report to the
//! stored candidates, and keeping each event equal to one connected
//! component of linked reports (issue 11). A backend supplies the storage
//! operations ([`ReportTx`], inside its write transaction); the decisions
//! are made here, once.
//!
//! Invariants: an event's reports are a cluster of the graph whose edges
//! are report pairs scoring at least the threshold ([`dedup::score_pair`]),
//! joined strongest link first, never joining two clusters that hold an
//! incompatible pair ([`dedup::incompatible`]); its id is its smallest
//! report id; its merged figures come from [`dedup::merge_cluster`] over all
//! its reports. All three depend only on the set of reports and the hand
//! decisions ([`Decision`]: `khaldun events split|merge`), never on their
//! arrival order. A hand decision outranks the score: a merge is a link
//! taken first, a split a pair that no link may join.

use std::collections::{BTreeMap, BTreeSet};

use khaldun_model::Event;

use crate::dedup::{self, DedupConfig, Features, PairScore};
use crate::Result;

/// Widest date window a report may have (a month), for the index range.
pub const MAX_WINDOW_DAYS: i64 = 31;

/// A stored report, as candidate look-up returns it.
pub struct Stored {
    pub id: String,
    pub event_id: String,
    pub features: Features,
}

/// The index range that holds every candidate of `f`: reports of its
/// family, in its country and the unknown one (every country when its own
/// is unknown), whose first day lies in `lo_from..=lo_to` and whose last
/// day is at least `hi_min`, from other articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRange<'a> {
    pub family: &'a str,
    /// Empty: any country.
    pub country: &'a str,
    pub lo_from: i64,
    pub lo_to: i64,
    pub hi_min: i64,
}

impl<'a> CandidateRange<'a> {
    pub fn of(f: &'a Features, cfg: &DedupConfig) -> Self {
        CandidateRange {
            family: &f.family,
            country: &f.country,
            lo_from: f.lo - MAX_WINDOW_DAYS - cfg.slack_days,
            lo_to: f.hi + cfg.slack_days,
            hi_min: f.lo - cfg.slack_days,
        }
    }
}

/// The storage operations deduplication needs, inside one write transaction.
pub trait ReportTx {
    /// Reports with features in `range`, of articles other than `article_id`.
    fn candidates(&mut self, range: &CandidateRange, article_id: &str) -> Result<Vec<Stored>>;
    /// Insert (or replace) a report under `event_id`.
    fn insert_report(&mut self, row: &NewReport, event_id: &str) -> Result<()>;
    /// The reports of one event.
    fn reports_of(&mut self, event_id: &str) -> Result<Vec<Member>>;
    /// The event's `first_seen`, if it exists.
    fn first_seen(&mut self, event_id: &str) -> Result<Option<String>>;
    /// Insert or update the merged event row (and its actors and point).
    fn write_event(&mut self, row: &EventRow) -> Result<()>;
    /// Move every report of event `from` to event `to`.
    fn move_reports(&mut self, from: &str, to: &str) -> Result<()>;
    /// Move one report to `event_id`.
    fn set_report_event(&mut self, report_id: &str, event_id: &str) -> Result<()>;
    /// Delete an event row (its reports are gone or moved).
    fn drop_event(&mut self, id: &str) -> Result<()>;
    /// Hand decisions ([`Decision`]) that name any of `report_ids`.
    fn decisions(&mut self, report_ids: &[&str]) -> Result<Vec<Decision>>;
    /// Record a hand decision, replacing an earlier one on the same pair.
    fn record_decision(&mut self, d: &Decision) -> Result<()>;
    /// The event a report belongs to, if the report is stored.
    fn event_of(&mut self, report_id: &str) -> Result<Option<String>>;
    /// The time stamp of a new event (`2024-03-11T10:00:00Z`).
    fn now(&self) -> String {
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

/// A user's decision on a pair of reports (`khaldun events split|merge`),
/// kept in the store so that clustering again (a new report, a changed or
/// re-ingested article) keeps it. `a < b`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decision {
    pub a: String,
    pub b: String,
    /// True: one event; false: never one event.
    pub merge: bool,
}

impl Decision {
    /// The decision on a pair, in either order.
    pub fn new(x: &str, y: &str, merge: bool) -> Decision {
        let (a, b) = if x <= y { (x, y) } else { (y, x) };
        Decision {
            a: a.to_owned(),
            b: b.to_owned(),
            merge,
        }
    }

    /// `merge` or `split`, as stored.
    pub fn kind(&self) -> &'static str {
        if self.merge {
            "merge"
        } else {
            "split"
        }
    }
}

/// A merged event, as written.
pub struct EventRow<'a> {
    pub id: &'a str,
    /// Family, country and date, readable (`violence|ML|2024-03-11`).
    pub key: &'a str,
    pub event: &'a Event,
    pub n_reports: u32,
    pub n_sources: u32,
    pub first_seen: &'a str,
}

/// The link that explains a report's place in its event.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub to: String,
    #[serde(flatten)]
    pub score: PairScore,
}

/// File a new report: link it to every candidate scoring at least the
/// threshold, and make it and the events it links one event.
pub fn add_report(
    tx: &mut dyn ReportTx,
    cfg: &DedupConfig,
    article_id: &str,
    report: &Event,
    features: Option<&Features>,
) -> Result<()> {
    let report_id = khaldun_model::stable_id(&[&report.id, article_id]);
    let mut linked: BTreeSet<String> = BTreeSet::new();
    let mut best: Option<Link> = None;
    if let Some(f) = features {
        for c in tx.candidates(&CandidateRange::of(f, cfg), article_id)? {
            let Some(s) = dedup::score_pair(f, &c.features, cfg) else {
                continue;
            };
            if s.score >= cfg.threshold {
                linked.insert(c.event_id);
                if best.as_ref().is_none_or(|b| s.score > b.score.score) {
                    best = Some(Link { to: c.id, score: s });
                }
            }
        }
    }
    // A hand decision on this report: its merge partners' events are
    // clustered with it, and the quick join is not enough.
    let decided = tx.decisions(&[report_id.as_str()])?;
    for d in decided.iter().filter(|d| d.merge) {
        let other = if d.a == report_id { &d.b } else { &d.a };
        if let Some(e) = tx.event_of(other)? {
            linked.insert(e);
        }
    }
    let row = NewReport {
        id: &report_id,
        article_id,
        report,
        features,
        link: best,
    };
    if linked.len() == 1 && decided.is_empty() {
        let event_id = linked.first().cloned().unwrap_or_default();
        if join(tx, cfg, &event_id, &row)? {
            return Ok(());
        }
    }
    // The report first stands alone; when it links to events, those and it
    // are clustered again together.
    let story = (article_id.to_owned(), features.map_or(0, |f| f.simhash));
    let now = tx.now();
    write_cluster(
        tx,
        cfg,
        &report_id,
        &mut [(report_id.clone(), report.clone())],
        &[story],
        &now,
    )?;
    tx.insert_report(&row, &report_id)?;
    if linked.is_empty() {
        return Ok(());
    }
    linked.insert(report_id);
    recluster(tx, cfg, &linked)
}

/// A report about to be stored.
pub struct NewReport<'a> {
    pub id: &'a str,
    pub article_id: &'a str,
    pub report: &'a Event,
    pub features: Option<&'a Features>,
    pub link: Option<Link>,
}

/// The common case, without clustering again: a report links to one event
/// and is compatible with all its reports, so the event's reports and it
/// are one cluster. False (nothing written) when a pair is incompatible.
fn join(tx: &mut dyn ReportTx, cfg: &DedupConfig, event_id: &str, row: &NewReport) -> Result<bool> {
    let events = BTreeSet::from([event_id.to_owned()]);
    let mut members = members_of(tx, &events)?;
    let conflict = members.iter().any(|m| {
        m.features
            .as_ref()
            .zip(row.features)
            .is_some_and(|(a, b)| dedup::incompatible(a, b, cfg))
    });
    if conflict {
        return Ok(false);
    }
    tx.insert_report(row, event_id)?;
    members.push(Member {
        id: row.id.to_owned(),
        event: row.report.clone(),
        features: row.features.cloned(),
        article: row.article_id.to_owned(),
    });
    let first_seen = first_seen(tx, &events)?;
    let id = members
        .iter()
        .map(|m| m.id.clone())
        .min()
        .unwrap_or_default();
    let stories: Vec<(String, u64)> = members
        .iter()
        .map(|m| {
            (
                m.article.clone(),
                m.features.as_ref().map_or(0, |f| f.simhash),
            )
        })
        .collect();
    let mut reports: Vec<(String, Event)> = members.into_iter().map(|m| (m.id, m.event)).collect();
    write_cluster(tx, cfg, &id, &mut reports, &stories, &first_seen)?;
    if id != event_id {
        tx.move_reports(event_id, &id)?;
        tx.drop_event(event_id)?;
    }
    Ok(true)
}

/// The earliest `first_seen` of the events, or now.
fn first_seen(tx: &mut dyn ReportTx, events: &BTreeSet<String>) -> Result<String> {
    let mut best: Option<String> = None;
    for e in events {
        if let Some(f) = tx.first_seen(e)? {
            if best.as_ref().is_none_or(|b| f < *b) {
                best = Some(f);
            }
        }
    }
    Ok(best.unwrap_or_else(|| tx.now()))
}

/// Write the merged event of `members` under `event_id`; `stories` are
/// their articles with their SimHash, for counting independent sources.
fn write_cluster(
    tx: &mut dyn ReportTx,
    cfg: &DedupConfig,
    event_id: &str,
    members: &mut [(String, Event)],
    stories: &[(String, u64)],
    first_seen: &str,
) -> Result<()> {
    let n = members.len() as u32;
    // `members` and `stories` are parallel until merging sorts the members
    let voices: Vec<(&Event, &str, u64)> = members
        .iter()
        .zip(stories)
        .map(|((_, e), (a, h))| (e, a.as_str(), *h))
        .collect();
    let n_sources = dedup::independent_sources(&voices, cfg);
    let Some(merged) = dedup::merge_cluster(event_id, members) else {
        return Ok(());
    };
    let key = dedup_key(&merged);
    tx.write_event(&EventRow {
        id: event_id,
        key: &key,
        event: &merged,
        n_reports: n,
        n_sources,
        first_seen,
    })
}

/// A readable key for the `dedup_key` column: family, country, date.
fn dedup_key(e: &Event) -> String {
    let date = e.date.as_ref().map_or("", |d| d.date.as_str());
    let country = e
        .location
        .as_ref()
        .and_then(|l| l.place.country.as_deref())
        .unwrap_or("");
    format!(
        "{}|{country}|{date}",
        dedup::type_family(e).unwrap_or_default()
    )
}

/// A report as clustering reads it back.
pub struct Member {
    pub id: String,
    pub event: Event,
    pub features: Option<Features>,
    pub article: String,
}

fn members_of(tx: &mut dyn ReportTx, events: &BTreeSet<String>) -> Result<Vec<Member>> {
    let mut out = Vec::new();
    for e in events {
        out.extend(tx.reports_of(e)?);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Cluster the reports of `events` again: each resulting cluster becomes
/// one event (id: its smallest report id); events left without reports go.
pub fn recluster(
    tx: &mut dyn ReportTx,
    cfg: &DedupConfig,
    events: &BTreeSet<String>,
) -> Result<()> {
    let (events, members, decisions) = with_merge_partners(tx, events)?;
    let events = &events;
    let first_seen = first_seen(tx, events)?;
    let mut kept = BTreeSet::new();
    for cluster in clusters(&members, cfg, &decisions) {
        let mut reports: Vec<(String, Event)> = cluster
            .iter()
            .map(|&i| (members[i].id.clone(), members[i].event.clone()))
            .collect();
        let id = reports
            .iter()
            .map(|(id, _)| id.clone())
            .min()
            .unwrap_or_default();
        let stories: Vec<(String, u64)> = cluster
            .iter()
            .map(|&i| {
                let m = &members[i];
                (
                    m.article.clone(),
                    m.features.as_ref().map_or(0, |f| f.simhash),
                )
            })
            .collect();
        write_cluster(tx, cfg, &id, &mut reports, &stories, &first_seen)?;
        for (rid, _) in &reports {
            tx.set_report_event(rid, &id)?;
        }
        kept.insert(id);
    }
    for e in events.difference(&kept) {
        tx.drop_event(e)?;
    }
    Ok(())
}

/// `events` with the events of their reports' hand-merge partners, until
/// no partner is outside; their reports and the hand decisions on them.
fn with_merge_partners(
    tx: &mut dyn ReportTx,
    events: &BTreeSet<String>,
) -> Result<(BTreeSet<String>, Vec<Member>, Vec<Decision>)> {
    let mut events = events.clone();
    loop {
        let members = members_of(tx, &events)?;
        let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
        let decisions = tx.decisions(&ids)?;
        let mut more = BTreeSet::new();
        for d in decisions.iter().filter(|d| d.merge) {
            for r in [&d.a, &d.b] {
                if let Some(e) = tx.event_of(r)? {
                    if !events.contains(&e) {
                        more.insert(e);
                    }
                }
            }
        }
        if more.is_empty() {
            return Ok((events, members, decisions));
        }
        events.extend(more);
    }
}

/// Clusters of `members`: hand merges first, then links (pairs from
/// different articles scoring at least the threshold) strongest first; a
/// link joins two clusters unless they hold a pair split by hand or, for a
/// scored link, an incompatible pair ([`dedup::incompatible`]). The result
/// depends only on the set of members and the decisions.
fn clusters(members: &[Member], cfg: &DedupConfig, decisions: &[Decision]) -> Vec<Vec<usize>> {
    let index: BTreeMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let pair = |d: &Decision| Some((*index.get(d.a.as_str())?, *index.get(d.b.as_str())?));
    let split: BTreeSet<(usize, usize)> = decisions
        .iter()
        .filter(|d| !d.merge)
        .filter_map(pair)
        .flat_map(|(i, j)| [(i, j), (j, i)])
        .collect();
    let mut links: Vec<(f64, usize, usize)> = decisions
        .iter()
        .filter(|d| d.merge)
        .filter_map(pair)
        .map(|(i, j)| (f64::INFINITY, i.min(j), i.max(j)))
        .collect();
    for i in 0..members.len() {
        for j in i + 1..members.len() {
            let (Some(a), Some(b)) = (&members[i].features, &members[j].features) else {
                continue;
            };
            if members[i].article == members[j].article {
                continue; // one article's events are distinct events
            }
            if let Some(s) = dedup::score_pair(a, b, cfg).filter(|s| s.score >= cfg.threshold) {
                links.push((s.score, i, j));
            }
        }
    }
    links.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut parent: Vec<usize> = (0..members.len()).collect();
    let mut held: Vec<Vec<usize>> = (0..members.len()).map(|i| vec![i]).collect();
    let conflict = |x: usize, y: usize, by_hand: bool| {
        split.contains(&(x, y))
            || (!by_hand
                && members[x]
                    .features
                    .as_ref()
                    .zip(members[y].features.as_ref())
                    .is_some_and(|(a, b)| dedup::incompatible(a, b, cfg)))
    };
    for (score, i, j) in links {
        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
        let by_hand = score.is_infinite();
        if ri == rj
            || held[ri]
                .iter()
                .any(|&x| held[rj].iter().any(|&y| conflict(x, y, by_hand)))
        {
            continue;
        }
        let (keep, gone) = (ri.min(rj), ri.max(rj));
        parent[gone] = keep;
        let moved = std::mem::take(&mut held[gone]);
        held[keep].extend(moved);
    }
    let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..members.len() {
        let r = root(&mut parent, i);
        out.entry(r).or_default().push(i);
    }
    out.into_values().collect()
}

fn root(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

/// Split an event by hand: `report` (a report id, or the id of the article
/// that told it) leaves it (it is never again one event with the event's
/// other reports), or, with no report, every report
/// becomes its own event. Returns the resulting events' ids; an unknown
/// event or a report not in it is an error.
pub fn split_event(
    tx: &mut dyn ReportTx,
    cfg: &DedupConfig,
    event_id: &str,
    report: Option<&str>,
) -> Result<Vec<String>> {
    let members = tx.reports_of(event_id)?;
    if members.is_empty() {
        return Err(crate::StoreError::BadQuery(format!("no event {event_id}")));
    }
    let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
    // the report, named by its id or by its article's
    let leaving: Option<&str> = match report {
        None => None,
        Some(r) => match members.iter().find(|m| m.id == r || m.article == r) {
            Some(m) => Some(m.id.as_str()),
            None => {
                let arts: Vec<&str> = members.iter().map(|m| m.article.as_str()).collect();
                return Err(crate::StoreError::BadQuery(format!(
                    "{r} is not a report of event {event_id} (its articles: {})",
                    arts.join(", ")
                )));
            }
        },
    };
    for (k, x) in ids.iter().enumerate() {
        for y in &ids[k + 1..] {
            if leaving.is_none_or(|r| r == *x || r == *y) {
                tx.record_decision(&Decision::new(x, y, false))?;
            }
        }
    }
    recluster(tx, cfg, &BTreeSet::from([event_id.to_owned()]))?;
    let mut out = BTreeSet::new();
    for r in ids {
        out.extend(tx.event_of(r)?);
    }
    Ok(out.into_iter().collect())
}

/// Merge two events by hand: every pair of their reports is recorded as one
/// event (replacing any split decision between them). Returns the merged
/// event's id; an unknown event is an error.
pub fn merge_events(tx: &mut dyn ReportTx, cfg: &DedupConfig, a: &str, b: &str) -> Result<String> {
    let (xs, ys) = (tx.reports_of(a)?, tx.reports_of(b)?);
    for (e, m) in [(a, &xs), (b, &ys)] {
        if m.is_empty() {
            return Err(crate::StoreError::BadQuery(format!("no event {e}")));
        }
    }
    for x in &xs {
        for y in &ys {
            tx.record_decision(&Decision::new(&x.id, &y.id, true))?;
        }
    }
    recluster(tx, cfg, &BTreeSet::from([a.to_owned(), b.to_owned()]))?;
    Ok(tx.event_of(&xs[0].id)?.unwrap_or_default())
}
