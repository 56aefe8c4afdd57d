//! Writing: `put` in one transaction, behind advisory locks, with
//! deduplication by [`khaldun_store::cluster`] over [`PgTx`].

use std::collections::BTreeSet;

use khaldun_model::{AnnotatedArticle, Event};
use khaldun_store::cluster::{
    self, CandidateRange, Decision, EventRow, Member, NewReport, ReportTx, Stored,
};
use khaldun_store::codec::{content_hash, encode_article};
use khaldun_store::dedup::{article_features, features, DedupConfig, Features};
use khaldun_store::{storable, PutOutcome, Result};
use postgres::types::ToSql;
use postgres::{Row, Statement, Transaction};
use sha2::{Digest, Sha256};

use crate::Pg;

/// Prepared statements of one connection, by SQL text.
pub(crate) type Cache = std::collections::HashMap<&'static str, Statement>;

type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

/// A write transaction whose statements are prepared once per connection
/// (a statement is one round trip instead of two).
pub(crate) struct W<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    cache: &'a mut Cache,
}

impl<'a, 'b> W<'a, 'b> {
    pub(crate) fn new(tx: &'a mut Transaction<'b>, cache: &'a mut Cache) -> Self {
        W { tx, cache }
    }

    fn stmt(&mut self, sql: &'static str) -> std::result::Result<Statement, postgres::Error> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql)?;
        self.cache.insert(sql, s.clone());
        Ok(s)
    }

    fn query(
        &mut self,
        sql: &'static str,
        p: Params,
    ) -> std::result::Result<Vec<Row>, postgres::Error> {
        let s = self.stmt(sql)?;
        self.tx.query(&s, p)
    }

    fn query_one(
        &mut self,
        sql: &'static str,
        p: Params,
    ) -> std::result::Result<Row, postgres::Error> {
        let s = self.stmt(sql)?;
        self.tx.query_one(&s, p)
    }

    fn query_opt(
        &mut self,
        sql: &'static str,
        p: Params,
    ) -> std::result::Result<Option<Row>, postgres::Error> {
        let s = self.stmt(sql)?;
        self.tx.query_opt(&s, p)
    }

    fn execute(
        &mut self,
        sql: &'static str,
        p: Params,
    ) -> std::result::Result<u64, postgres::Error> {
        let s = self.stmt(sql)?;
        self.tx.execute(&s, p)
    }
}

/// A 64-bit advisory lock key for a name (`article:ID`, `family:NAME`).
pub(crate) fn lock_key(name: &str) -> i64 {
    let h = Sha256::digest(name.as_bytes());
    i64::from_be_bytes(h[..8].try_into().unwrap_or([0; 8]))
}

/// Take transaction-scoped advisory locks on `keys`, smallest first (every
/// writer takes each set in this order, so none waits in a cycle).
fn lock_all(tx: &mut W, keys: BTreeSet<i64>) -> Result<()> {
    for k in keys {
        tx.query_one("SELECT pg_advisory_xact_lock($1)", &[&k])
            .pg()?;
    }
    Ok(())
}

/// The candidate block of a report: its event-type family (candidates are
/// looked up within one family, across countries).
fn family_key(f: &Features) -> i64 {
    lock_key(&format!("family:{}", f.family))
}

/// Store `docs` in the open transaction. First the articles are locked (two
/// workers never store one article at once), then every family their new
/// and old reports belong to (two workers never cluster one block at once).
pub(crate) fn put(
    tx: &mut W,
    cfg: &DedupConfig,
    docs: &[AnnotatedArticle],
) -> Result<Vec<PutOutcome>> {
    let articles: BTreeSet<i64> = docs
        .iter()
        .map(|d| lock_key(&format!("article:{}", d.article.id)))
        .collect();
    lock_all(tx, articles)?;
    let feats: Vec<Vec<Option<Features>>> = docs
        .iter()
        .map(|d| {
            let art = cfg.enabled().then(|| article_features(d, cfg));
            d.events
                .iter()
                .filter(|e| storable(e))
                .map(|e| art.as_ref().and_then(|a| features(e, a, cfg)))
                .collect()
        })
        .collect();
    let mut families: BTreeSet<i64> = feats.iter().flatten().flatten().map(family_key).collect();
    let ids: Vec<&str> = docs.iter().map(|d| d.article.id.as_str()).collect();
    for row in tx
        .query(
            "SELECT DISTINCT family FROM reports WHERE article_id = ANY($1) AND features IS NOT NULL",
            &[&ids],
        )
        .pg()?
    {
        families.insert(lock_key(&format!("family:{}", row.get::<_, String>(0))));
    }
    lock_all(tx, families)?;
    let mut out = Vec::with_capacity(docs.len());
    for (d, f) in docs.iter().zip(&feats) {
        out.push(put_one(tx, cfg, d, f)?);
    }
    Ok(out)
}

fn put_one(
    tx: &mut W,
    cfg: &DedupConfig,
    doc: &AnnotatedArticle,
    feats: &[Option<Features>],
) -> Result<PutOutcome> {
    let a = &doc.article;
    let hash = content_hash(a);
    let existing: Option<String> = tx
        .query_opt("SELECT content_hash FROM articles WHERE id = $1", &[&a.id])
        .pg()?
        .map(|r| r.get(0));
    let outcome = match existing {
        Some(h) if h == hash => return Ok(PutOutcome::Duplicate),
        Some(_) => {
            remove_reports_of(tx, cfg, &a.id)?;
            tx.execute("DELETE FROM articles WHERE id = $1", &[&a.id])
                .pg()?;
            PutOutcome::Updated
        }
        None => PutOutcome::New,
    };
    let enc = encode_article(doc)?;
    let config = match a.language.as_deref() {
        Some("en") => "english",
        Some("fr") => "french",
        _ => "simple",
    };
    tx.execute(
        "INSERT INTO articles (id, source_id, url, publisher, section, title, byline, published, retrieved,
             language, format, origin, content_hash, text, meta, annotations, tsv)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
             to_tsvector($17::text::regconfig, unaccent(coalesce($6, '') || ' ' || $14)))",
        &[
            &a.id,
            &a.source_id,
            &a.url,
            &a.publisher,
            &a.section,
            &a.title,
            &a.byline,
            &a.published,
            &enc.meta.retrieved,
            &a.language,
            &a.format,
            &a.origin,
            &hash,
            &a.text,
            &enc.meta_json,
            &enc.annotations_json,
            &config,
        ],
    )
    .pg()?;
    let events = doc.events.iter().filter(|e| storable(e));
    for (e, f) in events.zip(feats) {
        cluster::add_report(&mut PgTx(tx), cfg, &a.id, e, f.as_ref())?;
    }
    Ok(outcome)
}

/// Lock the families (candidate blocks) of the events' reports, as `put`
/// does, before a hand decision re-clusters them.
fn lock_families_of(tx: &mut W, events: &[&str]) -> Result<()> {
    let families: BTreeSet<i64> = tx
        .query(
            "SELECT DISTINCT family FROM reports WHERE event_id = ANY($1) AND features IS NOT NULL",
            &[&events],
        )
        .pg()?
        .iter()
        .map(|r| lock_key(&format!("family:{}", r.get::<_, String>(0))))
        .collect();
    lock_all(tx, families)
}

/// [`khaldun_store::Store::split_event`] in the open transaction.
pub(crate) fn split_event(
    tx: &mut W,
    cfg: &DedupConfig,
    event: &str,
    report: Option<&str>,
) -> Result<Vec<String>> {
    lock_families_of(tx, &[event])?;
    cluster::split_event(&mut PgTx(tx), cfg, event, report)
}

/// [`khaldun_store::Store::merge_events`] in the open transaction.
pub(crate) fn merge_events(tx: &mut W, cfg: &DedupConfig, a: &str, b: &str) -> Result<String> {
    lock_families_of(tx, &[a, b])?;
    cluster::merge_events(&mut PgTx(tx), cfg, a, b)
}

/// Remove an article's reports, then split or drop the events they fed.
fn remove_reports_of(tx: &mut W, cfg: &DedupConfig, article_id: &str) -> Result<()> {
    let events: Vec<String> = tx
        .query(
            "DELETE FROM reports WHERE article_id = $1 RETURNING event_id",
            &[&article_id],
        )
        .pg()?
        .iter()
        .map(|r| r.get(0))
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    for id in events {
        let left: i64 = tx
            .query_one("SELECT COUNT(*) FROM reports WHERE event_id = $1", &[&id])
            .pg()?
            .get(0);
        if left == 0 {
            PgTx(tx).drop_event(&id)?;
        } else {
            cluster::recluster(&mut PgTx(tx), cfg, &BTreeSet::from([id]))?;
        }
    }
    Ok(())
}

/// A PostgreSQL write transaction, as deduplication uses it.
pub(crate) struct PgTx<'a, 'b, 'c>(pub &'a mut W<'b, 'c>);

fn to_i64(v: Option<u32>) -> Option<i64> {
    v.map(i64::from)
}

fn actor_key(a: &khaldun_model::Actor) -> String {
    a.id.clone().unwrap_or_else(|| a.name.to_lowercase())
}

impl ReportTx for PgTx<'_, '_, '_> {
    fn candidates(&mut self, r: &CandidateRange, article_id: &str) -> Result<Vec<Stored>> {
        // A known country looks in its own and in the unknown one; an
        // unknown country in all (two statements: each plan uses the index).
        let p: [&(dyn ToSql + Sync); 6] = [
            &r.family,
            &r.country,
            &r.lo_from,
            &r.lo_to,
            &r.hi_min,
            &article_id,
        ];
        let rows = if r.country.is_empty() {
            self.0.query(
                "SELECT id, event_id, features FROM reports
                 WHERE family = $1 AND $2 = '' AND day_lo BETWEEN $3 AND $4 AND day_hi >= $5
                   AND features IS NOT NULL AND article_id != $6",
                &p,
            )
        } else {
            self.0.query(
                "SELECT id, event_id, features FROM reports
                 WHERE family = $1 AND country IN ($2, '') AND day_lo BETWEEN $3 AND $4
                   AND day_hi >= $5 AND features IS NOT NULL AND article_id != $6",
                &p,
            )
        }
        .pg()?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(Stored {
                id: row.get(0),
                event_id: row.get(1),
                features: serde_json::from_str(row.get::<_, &str>(2))?,
            });
        }
        Ok(out)
    }

    fn insert_report(&mut self, row: &NewReport, event_id: &str) -> Result<()> {
        let f = row.features;
        let data = serde_json::to_string(row.report)?;
        let features = f.map(serde_json::to_string).transpose()?;
        let link = row.link.as_ref().map(serde_json::to_string).transpose()?;
        self.0
            .execute(
                "INSERT INTO reports (id, event_id, article_id, data, family, country, day_lo, day_hi, features, link)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (id) DO UPDATE SET event_id = excluded.event_id, article_id = excluded.article_id,
                     data = excluded.data, family = excluded.family, country = excluded.country,
                     day_lo = excluded.day_lo, day_hi = excluded.day_hi, features = excluded.features,
                     link = excluded.link",
                &[
                    &row.id,
                    &event_id,
                    &row.article_id,
                    &data,
                    &f.map_or("", |f| f.family.as_str()),
                    &f.map_or("", |f| f.country.as_str()),
                    &f.map(|f| f.lo),
                    &f.map(|f| f.hi),
                    &features,
                    &link,
                ],
            )
            .pg()?;
        Ok(())
    }

    fn reports_of(&mut self, event_id: &str) -> Result<Vec<Member>> {
        let rows = self
            .0
            .query(
                "SELECT id, data, features, article_id FROM reports WHERE event_id = $1 ORDER BY id",
                &[&event_id],
            )
            .pg()?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(Member {
                id: row.get(0),
                event: serde_json::from_str::<Event>(row.get::<_, &str>(1))?,
                features: row
                    .get::<_, Option<&str>>(2)
                    .map(serde_json::from_str)
                    .transpose()?,
                article: row.get(3),
            });
        }
        Ok(out)
    }

    fn first_seen(&mut self, event_id: &str) -> Result<Option<String>> {
        Ok(self
            .0
            .query_opt("SELECT first_seen FROM events WHERE id = $1", &[&event_id])
            .pg()?
            .map(|r| r.get(0)))
    }

    fn write_event(&mut self, row: &EventRow) -> Result<()> {
        write_event(self.0, row)
    }

    fn move_reports(&mut self, from: &str, to: &str) -> Result<()> {
        self.0
            .execute(
                "UPDATE reports SET event_id = $1 WHERE event_id = $2",
                &[&to, &from],
            )
            .pg()?;
        Ok(())
    }

    fn set_report_event(&mut self, report_id: &str, event_id: &str) -> Result<()> {
        self.0
            .execute(
                "UPDATE reports SET event_id = $1 WHERE id = $2",
                &[&event_id, &report_id],
            )
            .pg()?;
        Ok(())
    }

    fn drop_event(&mut self, id: &str) -> Result<()> {
        self.0
            .execute("DELETE FROM events WHERE id = $1", &[&id])
            .pg()?;
        Ok(())
    }

    fn decisions(&mut self, report_ids: &[&str]) -> Result<Vec<Decision>> {
        let rows = self
            .0
            .query(
                "SELECT a, b, kind FROM dedup_decisions WHERE a = ANY($1)
                 UNION SELECT a, b, kind FROM dedup_decisions WHERE b = ANY($1)
                 ORDER BY 1, 2",
                &[&report_ids],
            )
            .pg()?;
        Ok(rows
            .iter()
            .map(|r| Decision {
                a: r.get(0),
                b: r.get(1),
                merge: r.get::<_, String>(2) == "merge",
            })
            .collect())
    }

    fn record_decision(&mut self, d: &Decision) -> Result<()> {
        let made = self.now();
        self.0
            .execute(
                "INSERT INTO dedup_decisions (a, b, kind, made) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind, made = excluded.made",
                &[&d.a, &d.b, &d.kind(), &made],
            )
            .pg()?;
        Ok(())
    }

    fn event_of(&mut self, report_id: &str) -> Result<Option<String>> {
        Ok(self
            .0
            .query_opt("SELECT event_id FROM reports WHERE id = $1", &[&report_id])
            .pg()?
            .map(|r| r.get(0)))
    }
}

/// Insert or update the merged event row with its point and actor rows.
fn write_event(tx: &mut W, row: &EventRow) -> Result<()> {
    let e = row.event;
    let loc = e.location.as_ref().map(|l| &l.place);
    let date = e.date.as_ref().map_or("", |d| d.date.as_str());
    let inter = |a: &Option<khaldun_model::Actor>| a.as_ref().and_then(|a| a.inter.map(i32::from));
    let data = serde_json::to_string(e)?;
    tx.execute(
        "INSERT INTO events (id, dedup_key, event_date, time_precision, plover_type, plover_mode, acled_type,
             acled_sub_type, cameo_root, goldstein, actor1, actor1_id, inter1, actor2, actor2_id, inter2,
             country, admin1, admin2, location, geonameid, lat, lon, geo_precision, killed, injured, abducted,
             arrested, status, claimant, denied_by, hypothetical, historical, n_reports, n_sources, first_seen,
             data, geom)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
             $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37,
             CASE WHEN $22::float8 IS NULL OR $23::float8 IS NULL THEN NULL
                  ELSE ST_SetSRID(ST_MakePoint($23::float8, $22::float8), 4326) END)
         ON CONFLICT (id) DO UPDATE SET dedup_key = excluded.dedup_key, event_date = excluded.event_date,
             time_precision = excluded.time_precision, plover_type = excluded.plover_type,
             plover_mode = excluded.plover_mode, acled_type = excluded.acled_type,
             acled_sub_type = excluded.acled_sub_type, cameo_root = excluded.cameo_root,
             goldstein = excluded.goldstein, actor1 = excluded.actor1, actor1_id = excluded.actor1_id,
             inter1 = excluded.inter1, actor2 = excluded.actor2, actor2_id = excluded.actor2_id,
             inter2 = excluded.inter2, country = excluded.country, admin1 = excluded.admin1,
             admin2 = excluded.admin2, location = excluded.location, geonameid = excluded.geonameid,
             lat = excluded.lat, lon = excluded.lon, geo_precision = excluded.geo_precision,
             killed = excluded.killed, injured = excluded.injured, abducted = excluded.abducted,
             arrested = excluded.arrested, status = excluded.status, claimant = excluded.claimant,
             denied_by = excluded.denied_by, hypothetical = excluded.hypothetical,
             historical = excluded.historical, n_reports = excluded.n_reports,
             n_sources = excluded.n_sources, data = excluded.data, geom = excluded.geom",
        &[
            &row.id,
            &row.key,
            &date,
            &e.date.as_ref().map(|d| i32::from(d.time_precision)),
            &e.plover.event_type,
            &e.plover.mode,
            &e.acled.event_type,
            &e.acled.sub_event_type,
            &e.cameo.root,
            &f64::from(e.cameo.goldstein),
            &e.actor.as_ref().map(|a| &a.name),
            &e.actor.as_ref().and_then(|a| a.id.as_ref()),
            &inter(&e.actor),
            &e.target.as_ref().map(|a| &a.name),
            &e.target.as_ref().and_then(|a| a.id.as_ref()),
            &inter(&e.target),
            &loc.and_then(|p| p.country.as_ref()),
            &loc.and_then(|p| p.admin1.as_ref()),
            &loc.and_then(|p| p.admin2.as_ref()),
            &loc.map(|p| &p.name),
            &loc.and_then(|p| p.geonameid.map(|g| g as i64)),
            &loc.and_then(|p| p.lat),
            &loc.and_then(|p| p.lon),
            &loc.map(|p| i32::from(u8::from(p.precision))),
            &to_i64(e.killed),
            &to_i64(e.injured),
            &to_i64(e.abducted),
            &to_i64(e.arrested),
            &e.status.as_str(),
            &e.claimant,
            &e.denied_by,
            &e.hypothetical,
            &e.historical,
            &(row.n_reports as i32),
            &(row.n_sources as i32),
            &row.first_seen,
            &data,
        ],
    )
    .pg()?;
    tx.execute("DELETE FROM event_actors WHERE event_id = $1", &[&row.id])
        .pg()?;
    let roles = e
        .actor
        .iter()
        .map(|a| (a, "actor"))
        .chain(e.assoc_actors.iter().map(|a| (a, "assoc_actor")))
        .chain(e.target.iter().map(|a| (a, "target")))
        .chain(e.assoc_targets.iter().map(|a| (a, "assoc_target")));
    for (a, role) in roles {
        tx.execute(
            "INSERT INTO event_actors (event_id, actor_key, actor_id, name, role) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING",
            &[&row.id, &actor_key(a), &a.id, &a.name, &role],
        )
        .pg()?;
    }
    Ok(())
}
