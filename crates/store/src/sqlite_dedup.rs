//! The SQLite side of deduplication: candidate look-up through the
//! `reports_candidates` index, linking, and keeping each event equal to one
//! connected component of linked reports (issue 11).
//!
//! Invariants: an event's reports are a connected component of the graph
//! whose edges are report pairs scoring at least the threshold
//! ([`dedup::score_pair`]); its id is its smallest report id; its merged
//! figures come from [`dedup::merge_cluster`] over all its reports. All
//! three depend only on the set of reports, never on their arrival order.

use std::collections::{BTreeMap, BTreeSet};

use khaldun_model::Event;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::dedup::{self, DedupConfig, Features, PairScore};
use crate::Result;

/// Widest date window a report may have (a month), for the index range.
const MAX_WINDOW_DAYS: i64 = 31;

/// A stored report, as clustering needs it.
struct Stored {
    id: String,
    event_id: String,
    features: Features,
}

/// Reports whose date windows meet `f`'s in its family and country, other
/// articles only: one range scan of the candidate index.
fn candidates(
    tx: &Transaction,
    f: &Features,
    article_id: &str,
    cfg: &DedupConfig,
) -> Result<Vec<Stored>> {
    // A known country looks in its own and in the unknown one; an unknown
    // country looks in all (two index ranges, or the family's range).
    let sql = if f.country.is_empty() {
        "SELECT id, event_id, features FROM reports
         WHERE family = ?1 AND ?2 = '' AND day_lo BETWEEN ?3 AND ?4 AND day_hi >= ?5
           AND features IS NOT NULL AND article_id != ?6"
    } else {
        "SELECT id, event_id, features FROM reports
         WHERE family = ?1 AND country IN (?2, '') AND day_lo BETWEEN ?3 AND ?4 AND day_hi >= ?5
           AND features IS NOT NULL AND article_id != ?6"
    };
    let mut stmt = tx.prepare_cached(sql)?;
    let rows = stmt.query_map(
        params![
            f.family,
            f.country,
            f.lo - MAX_WINDOW_DAYS - cfg.slack_days,
            f.hi + cfg.slack_days,
            f.lo - cfg.slack_days,
            article_id
        ],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, event_id, json) = row?;
        out.push(Stored {
            id,
            event_id,
            features: serde_json::from_str(&json)?,
        });
    }
    Ok(out)
}

/// The link that explains a report's place in its event.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct Link {
    pub to: String,
    #[serde(flatten)]
    pub score: PairScore,
}

/// File a new report: link it to every candidate scoring at least the
/// threshold, and make it and the events it links one event.
pub(crate) fn add_report(
    tx: &Transaction,
    cfg: &DedupConfig,
    article_id: &str,
    report: &Event,
    features: Option<&Features>,
) -> Result<()> {
    let report_id = khaldun_model::stable_id(&[&report.id, article_id]);
    let mut linked: BTreeSet<String> = BTreeSet::new();
    let mut best: Option<Link> = None;
    if let Some(f) = features {
        for c in candidates(tx, f, article_id, cfg)? {
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
    let row = NewRow {
        id: &report_id,
        article_id,
        report,
        features,
        link: best,
    };
    if linked.len() == 1 {
        let event_id = linked.first().cloned().unwrap_or_default();
        if join(tx, cfg, &event_id, &row)? {
            return Ok(());
        }
    }
    // The report first stands alone; when it links to events, those and it
    // are clustered again together.
    let story = (article_id.to_owned(), features.map_or(0, |f| f.simhash));
    write_cluster(
        tx,
        cfg,
        &report_id,
        &mut [(report_id.clone(), report.clone())],
        &[story],
        &crate::sqlite::now(),
    )?;
    insert_report(tx, &row, &report_id)?;
    if linked.is_empty() {
        return Ok(());
    }
    linked.insert(report_id);
    recluster(tx, cfg, &linked)
}

/// A report about to be stored.
struct NewRow<'a> {
    id: &'a str,
    article_id: &'a str,
    report: &'a Event,
    features: Option<&'a Features>,
    link: Option<Link>,
}

fn insert_report(tx: &Transaction, row: &NewRow, event_id: &str) -> Result<()> {
    let f = row.features;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO reports (id, event_id, article_id, data, family, country, day_lo, day_hi, features, link)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        row.id,
        event_id,
        row.article_id,
        serde_json::to_string(row.report)?,
        f.map_or("", |f| f.family.as_str()),
        f.map_or("", |f| f.country.as_str()),
        f.map(|f| f.lo),
        f.map(|f| f.hi),
        f.map(serde_json::to_string).transpose()?,
        row.link.as_ref().map(serde_json::to_string).transpose()?,
    ])?;
    Ok(())
}

/// The common case, without clustering again: a report links to one event
/// and brings no second known actor into it, so the event's reports and it
/// are one component. False (nothing written) when an actor conflicts.
fn join(tx: &Transaction, cfg: &DedupConfig, event_id: &str, row: &NewRow) -> Result<bool> {
    let events = BTreeSet::from([event_id.to_owned()]);
    let mut members = members_of(tx, &events)?;
    let actors: BTreeSet<&String> = members
        .iter()
        .filter_map(|m| m.features.as_ref())
        .chain(row.features)
        .filter(|f| f.actor_known)
        .filter_map(|f| f.actor.as_ref())
        .collect();
    if actors.len() > 1 {
        return Ok(false);
    }
    insert_report(tx, row, event_id)?;
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
        tx.execute(
            "UPDATE reports SET event_id = ?1 WHERE event_id = ?2",
            params![id, event_id],
        )?;
        crate::sqlite::drop_event(tx, event_id)?;
    }
    Ok(true)
}

/// The earliest `first_seen` of the events, or now.
fn first_seen(tx: &Transaction, events: &BTreeSet<String>) -> Result<String> {
    let mut stmt = tx.prepare_cached("SELECT first_seen FROM events WHERE id = ?1")?;
    let mut best: Option<String> = None;
    for e in events {
        let f: Option<String> = stmt.query_row([e], |r| r.get(0)).optional()?;
        if let Some(f) = f {
            if best.as_ref().is_none_or(|b| f < *b) {
                best = Some(f);
            }
        }
    }
    Ok(best.unwrap_or_else(crate::sqlite::now))
}

/// Write the merged event of `members` under `event_id`; `stories` are
/// their articles with their SimHash, for counting independent sources.
fn write_cluster(
    tx: &Transaction,
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
    crate::sqlite::write_event(tx, event_id, &key, &merged, n, n_sources, first_seen)
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
struct Member {
    id: String,
    event: Event,
    features: Option<Features>,
    article: String,
}

fn members_of(tx: &Transaction, events: &BTreeSet<String>) -> Result<Vec<Member>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, data, features, article_id FROM reports WHERE event_id = ?1 ORDER BY id",
    )?;
    let mut out = Vec::new();
    for e in events {
        let rows = stmt.query_map([e], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (id, data, features, article) = row?;
            out.push(Member {
                id,
                event: serde_json::from_str(&data)?,
                features: features.map(|j| serde_json::from_str(&j)).transpose()?,
                article,
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Cluster the reports of `events` again: each resulting cluster becomes
/// one event (id: its smallest report id); events left without reports go.
pub(crate) fn recluster(
    tx: &Transaction,
    cfg: &DedupConfig,
    events: &BTreeSet<String>,
) -> Result<()> {
    let first_seen = first_seen(tx, events)?;
    let members = members_of(tx, events)?;
    let mut kept = BTreeSet::new();
    for cluster in clusters(&members, cfg) {
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
        let mut stmt = tx.prepare_cached("UPDATE reports SET event_id = ?1 WHERE id = ?2")?;
        for (rid, _) in &reports {
            stmt.execute(params![id, rid])?;
        }
        kept.insert(id);
    }
    for e in events.difference(&kept) {
        crate::sqlite::drop_event(tx, e)?;
    }
    Ok(())
}

/// Clusters of `members`: links (pairs from different articles scoring at
/// least the threshold) are taken strongest first, and join two clusters
/// unless that would put two different known actors in one event. The
/// result depends only on the set of members.
fn clusters(members: &[Member], cfg: &DedupConfig) -> Vec<Vec<usize>> {
    let mut links: Vec<(f64, usize, usize)> = Vec::new();
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
    let mut actors: Vec<BTreeSet<String>> = members
        .iter()
        .map(|m| {
            m.features
                .iter()
                .filter(|f| f.actor_known)
                .filter_map(|f| f.actor.clone())
                .collect()
        })
        .collect();
    for (_, i, j) in links {
        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
        if ri == rj || actors[ri].union(&actors[rj]).count() > 1 {
            continue;
        }
        let (keep, gone) = (ri.min(rj), ri.max(rj));
        parent[gone] = keep;
        let moved = std::mem::take(&mut actors[gone]);
        actors[keep].extend(moved);
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

#[cfg(test)]
mod tests {
    use crate::{EventQuery, SqliteStore, Store};
    use khaldun_model::*;

    /// One article telling one shooting: its title and text carry the
    /// names that are the evidence; the place is a town (id, lat, lon).
    fn doc(
        id: &str,
        title: &str,
        text: &str,
        day: &str,
        place: (u64, f64, f64),
        killed: Option<u32>,
    ) -> AnnotatedArticle {
        let event = Event {
            id: format!("ev-{id}"),
            plover: PloverCoding {
                event_type: "ASSAULT".into(),
                ..Default::default()
            },
            acled: AcledCoding {
                event_type: "Violence against civilians".into(),
                sub_event_type: "Attack".into(),
            },
            date: Some(EventDate {
                date: day.into(),
                precision: DatePrecision::Day,
                time_precision: 1,
                source: "text".into(),
                ..Default::default()
            }),
            location: Some(EventLocation {
                place: Place {
                    geonameid: Some(place.0),
                    name: format!("town{}", place.0),
                    lat: Some(place.1),
                    lon: Some(place.2),
                    country: Some("US".into()),
                    admin1: Some("Ohio".into()),
                    ..Default::default()
                },
                span: None,
            }),
            killed,
            sources: vec![SourceRef {
                name: format!("pub-{id}"),
                kind: "publisher".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        AnnotatedArticle {
            article: Article {
                id: id.into(),
                title: Some(title.into()),
                published: Some(day.into()),
                text: text.into(),
                ..Default::default()
            },
            events: vec![event],
            ..Default::default()
        }
    }

    fn corpus() -> Vec<AnnotatedArticle> {
        let x = (1, 39.96, -83.0);
        let y = (2, 39.99, -83.02);
        vec![
            doc(
                "a1",
                "Man killed on Maplewood Drive",
                "Deshawn Kowalczyk was shot dead on Maplewood Drive, police said.",
                "2017-03-04",
                x,
                Some(1),
            ),
            doc(
                "a2",
                "Maplewood shooting victim named",
                "The victim, Deshawn Kowalczyk, died at the scene on Maplewood.",
                "2017-03-04",
                x,
                Some(1),
            ),
            doc(
                "a3",
                "Suspect held in Kowalczyk killing",
                "Police arrested Tremaine Oduya in the killing of Deshawn Kowalczyk.",
                "2017-03-04",
                x,
                None,
            ),
            doc(
                "b1",
                "Two hurt in Brookhaven bar shooting",
                "Two men were wounded outside the Brookhaven Tavern, said Lieutenant Ferrante.",
                "2017-03-04",
                y,
                Some(0),
            ),
            doc(
                "b2",
                "Brookhaven Tavern shooting leaves two hurt",
                "Ferrante said two men were hurt at the Brookhaven Tavern.",
                "2017-03-05",
                y,
                None,
            ),
            doc(
                "c1",
                "Woman shot in Quarry Heights",
                "Latonya Vexler was shot in Quarry Heights on Saturday.",
                "2017-03-04",
                x,
                Some(0),
            ),
        ]
    }

    /// The events as sets of article ids, with each event's id and killed figure.
    fn partition(s: &SqliteStore) -> Vec<(Vec<String>, String, Option<u32>)> {
        let mut out: Vec<_> = s
            .events(&EventQuery {
                include_flagged: true,
                ..Default::default()
            })
            .unwrap()
            .events
            .into_iter()
            .map(|r| {
                let d = s.event(&r.id).unwrap().unwrap();
                let mut arts: Vec<String> = d.reports.into_iter().map(|r| r.article_id).collect();
                arts.sort();
                (arts, r.id, r.event.killed)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn same_clusters_whatever_the_ingest_order() {
        let docs = corpus();
        let s = SqliteStore::open_in_memory().unwrap();
        s.put(&docs).unwrap();
        let want = partition(&s);
        let groups: Vec<Vec<String>> = want.iter().map(|p| p.0.clone()).collect();
        assert_eq!(
            groups,
            vec![vec!["a1", "a2", "a3"], vec!["b1", "b2"], vec!["c1"]],
            "{want:?}"
        );
        assert_eq!(want[0].2, Some(1));
        // every rotation, forwards and backwards, one article a batch or all at once
        for k in 0..docs.len() {
            for reverse in [false, true] {
                let mut order = docs.clone();
                order.rotate_left(k);
                if reverse {
                    order.reverse();
                }
                let one = SqliteStore::open_in_memory().unwrap();
                for d in &order {
                    one.put(std::slice::from_ref(d)).unwrap();
                }
                assert_eq!(partition(&one), want, "rotation {k} reverse {reverse}");
                let all = SqliteStore::open_in_memory().unwrap();
                all.put(&order).unwrap();
                assert_eq!(partition(&all), want);
            }
        }
    }

    #[test]
    fn reingest_changes_nothing_and_an_update_splits_the_event() {
        let docs = corpus();
        let s = SqliteStore::open_in_memory().unwrap();
        s.put(&docs).unwrap();
        let before = partition(&s);
        s.put(&docs).unwrap();
        assert_eq!(partition(&s), before, "idempotent");
        // a2 is corrected: now about another day and place, without the names
        let mut fixed = doc(
            "a2",
            "Quiet night",
            "Nothing happened.",
            "2017-06-01",
            (3, 41.5, -81.7),
            None,
        );
        fixed.article.text = "Corrected story.".into();
        s.put(&[fixed]).unwrap();
        let after = partition(&s);
        assert!(after.iter().any(|p| p.0 == vec!["a1", "a3"]), "{after:?}");
        assert!(after.iter().any(|p| p.0 == vec!["a2"]));
        assert_eq!(s.stats().unwrap().reports, 6);
        // the merge explanation is recorded
        let link: Option<String> = s
            .connection()
            .query_row(
                "SELECT link FROM reports WHERE article_id = 'a3'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(link.unwrap().contains("names"));
    }
}
