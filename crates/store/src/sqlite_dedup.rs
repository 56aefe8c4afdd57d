//! The SQLite side of deduplication: the storage operations of
//! [`crate::cluster`] on a SQLite transaction (candidate look-up through the
//! `reports_candidates` index).

use khaldun_model::Event;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::cluster::{CandidateRange, Decision, EventRow, Member, NewReport, ReportTx, Stored};
use crate::Result;

/// A SQLite write transaction, as deduplication uses it.
pub(crate) struct SqliteTx<'a, 'c>(pub &'a Transaction<'c>);

impl ReportTx for SqliteTx<'_, '_> {
    fn candidates(&mut self, r: &CandidateRange, article_id: &str) -> Result<Vec<Stored>> {
        // A known country looks in its own and in the unknown one (two
        // ranges of `reports_candidates`); an unknown country looks in all
        // (one range of `reports_window`: family and window start).
        let sql = if r.country.is_empty() {
            "SELECT id, event_id, features FROM reports INDEXED BY reports_window
             WHERE family = ?1 AND ?2 = '' AND day_lo BETWEEN ?3 AND ?4 AND day_hi >= ?5
               AND features IS NOT NULL AND article_id != ?6"
        } else {
            "SELECT id, event_id, features FROM reports
             WHERE family = ?1 AND country IN (?2, '') AND day_lo BETWEEN ?3 AND ?4 AND day_hi >= ?5
               AND features IS NOT NULL AND article_id != ?6"
        };
        let mut stmt = self.0.prepare_cached(sql)?;
        let rows = stmt.query_map(
            params![r.family, r.country, r.lo_from, r.lo_to, r.hi_min, article_id],
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

    fn insert_report(&mut self, row: &NewReport, event_id: &str) -> Result<()> {
        let f = row.features;
        self.0
            .prepare_cached(
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

    fn reports_of(&mut self, event_id: &str) -> Result<Vec<Member>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT id, data, features, article_id FROM reports WHERE event_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([event_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, data, features, article) = row?;
            out.push(Member {
                id,
                event: serde_json::from_str::<Event>(&data)?,
                features: features.map(|j| serde_json::from_str(&j)).transpose()?,
                article,
            });
        }
        Ok(out)
    }

    fn first_seen(&mut self, event_id: &str) -> Result<Option<String>> {
        Ok(self
            .0
            .prepare_cached("SELECT first_seen FROM events WHERE id = ?1")?
            .query_row([event_id], |r| r.get(0))
            .optional()?)
    }

    fn write_event(&mut self, row: &EventRow) -> Result<()> {
        crate::sqlite::write_event(
            self.0,
            row.id,
            row.key,
            row.event,
            row.n_reports,
            row.n_sources,
            row.first_seen,
        )
    }

    fn move_reports(&mut self, from: &str, to: &str) -> Result<()> {
        self.0.execute(
            "UPDATE reports SET event_id = ?1 WHERE event_id = ?2",
            params![to, from],
        )?;
        Ok(())
    }

    fn set_report_event(&mut self, report_id: &str, event_id: &str) -> Result<()> {
        self.0
            .prepare_cached("UPDATE reports SET event_id = ?1 WHERE id = ?2")?
            .execute(params![event_id, report_id])?;
        Ok(())
    }

    fn drop_event(&mut self, id: &str) -> Result<()> {
        crate::sqlite::drop_event(self.0, id)
    }

    fn decisions(&mut self, report_ids: &[&str]) -> Result<Vec<Decision>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT a, b, kind FROM dedup_decisions WHERE a = ?1
             UNION SELECT a, b, kind FROM dedup_decisions WHERE b = ?1",
        )?;
        let mut out = std::collections::BTreeSet::new();
        for id in report_ids {
            let rows = stmt.query_map([id], |r| {
                Ok(Decision {
                    a: r.get(0)?,
                    b: r.get(1)?,
                    merge: r.get::<_, String>(2)? == "merge",
                })
            })?;
            for d in rows {
                out.insert(d?);
            }
        }
        Ok(out.into_iter().collect())
    }

    fn record_decision(&mut self, d: &Decision) -> Result<()> {
        self.0
            .prepare_cached(
                "INSERT OR REPLACE INTO dedup_decisions (a, b, kind, made) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![d.a, d.b, d.kind(), self.now()])?;
        Ok(())
    }

    fn event_of(&mut self, report_id: &str) -> Result<Option<String>> {
        Ok(self
            .0
            .prepare_cached("SELECT event_id FROM reports WHERE id = ?1")?
            .query_row([report_id], |r| r.get(0))
            .optional()?)
    }

    fn now(&self) -> String {
        crate::sqlite::now()
    }
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
