//! Reading: the same queries as the SQLite backend, in PostgreSQL's SQL
//! (GIN full text, GiST boxes; the planner picks between index plans).

use khaldun_model::{Article, Event};
use khaldun_store::codec::{content_hash, decode_article, query_terms};
use khaldun_store::{
    ActorDetail, ActorQuery, ActorSummary, ArticleQuery, ArticleSummary, Bucket, EventDetail,
    EventPage, EventQuery, EventRecord, MergeLink, NamedCount, PlaceCount, Report, Result,
    StoreError, StoreStats, TimelineBin,
};
use postgres::types::ToSql;
use postgres::{Client, Row};

use crate::Pg;

/// A WHERE clause and its parameters (`$1`, `$2`...).
#[derive(Default)]
struct Filter {
    clauses: Vec<String>,
    params: Vec<Box<dyn ToSql + Sync>>,
}

impl Filter {
    /// Add a parameter; its placeholder.
    fn arg(&mut self, v: impl ToSql + Sync + 'static) -> String {
        self.params.push(Box::new(v));
        format!("${}", self.params.len())
    }

    fn push(&mut self, clause: String) {
        self.clauses.push(clause);
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params.iter().map(|p| p.as_ref()).collect()
    }
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_ref().filter(|s| !s.is_empty()).cloned()
}

/// The tsquery for free text: every term, as plain words (articles in other
/// languages) or as English or French stems, accents removed (`$n` is the terms joined by spaces).
fn tsquery(p: &str) -> String {
    format!(
        "(plainto_tsquery('simple', unaccent({p})) || plainto_tsquery('english', unaccent({p}))
          || plainto_tsquery('french', unaccent({p})))"
    )
}

/// The terms of a free-text query, or `None` when it has none.
fn terms(q: &Option<String>) -> Option<String> {
    let t = query_terms(q.as_deref().unwrap_or(""));
    (!t.is_empty()).then(|| t.join(" "))
}

fn event_filter(c: &mut Client, q: &EventQuery) -> Result<Filter> {
    let mut f = Filter::default();
    if let Some(v) = text(&q.date_from) {
        let p = f.arg(v);
        f.push(format!("event_date >= {p}"));
    }
    if let Some(v) = text(&q.date_to) {
        let p = f.arg(v);
        f.push(format!("event_date <= {p} || 'z'"));
    }
    if let Some(v) = text(&q.country) {
        let p = f.arg(v);
        f.push(format!("country = upper({p})"));
    }
    if let Some(v) = text(&q.admin1) {
        let p = f.arg(v);
        f.push(format!("lower(admin1) = lower({p})"));
    }
    if let Some(v) = text(&q.plover_type) {
        let p = f.arg(v);
        f.push(format!("plover_type = upper({p})"));
    }
    if let Some(v) = text(&q.acled_sub_type) {
        let p = f.arg(v);
        f.push(format!("lower(acled_sub_type) = lower({p})"));
    }
    if let Some(v) = text(&q.acled_type) {
        let p = f.arg(v);
        f.push(format!("lower(acled_type) = lower({p})"));
    }
    if let Some(v) = text(&q.status) {
        let p = f.arg(v);
        f.push(format!("status = lower({p})"));
    }
    if let Some(n) = q.min_sources {
        let p = f.arg(i32::try_from(n).unwrap_or(i32::MAX));
        f.push(format!("n_sources >= {p}"));
    }
    if let Some(actor) = q.actor.as_deref().filter(|a| !a.is_empty()) {
        // An actor id ("jnim") or key; else a fragment of a name ("Wagner").
        let key = actor.to_lowercase();
        let known: bool = c
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM event_actors WHERE actor_key = $1)",
                &[&key],
            )
            .pg()?
            .get(0);
        if known {
            let p = f.arg(key);
            f.push(format!(
                "id IN (SELECT event_id FROM event_actors WHERE actor_key = {p})"
            ));
        } else {
            let p = f.arg(format!("%{}%", like_escape(actor)));
            f.push(format!(
                "id IN (SELECT event_id FROM event_actors WHERE name ILIKE {p})"
            ));
        }
    }
    if let Some([min_lon, min_lat, max_lon, max_lat]) = q.bbox {
        if !(min_lon <= max_lon && min_lat <= max_lat) {
            return Err(StoreError::BadQuery(
                "bbox must be min_lon,min_lat,max_lon,max_lat".into(),
            ));
        }
        let ps: Vec<String> = [min_lon, min_lat, max_lon, max_lat]
            .into_iter()
            .map(|v| f.arg(v))
            .collect();
        f.push(format!(
            "geom && ST_MakeEnvelope({}, {}, {}, {}, 4326)",
            ps[0], ps[1], ps[2], ps[3]
        ));
    }
    if let Some(t) = terms(&q.text) {
        let p = f.arg(t);
        f.push(format!(
            "id IN (SELECT r.event_id FROM reports r JOIN articles a ON a.id = r.article_id
                    WHERE a.tsv @@ {})",
            tsquery(&p)
        ));
    }
    if !q.include_flagged {
        f.push("NOT hypothetical AND NOT historical".into());
    }
    Ok(f)
}

/// `s` with LIKE's wildcards and escape character taken literally.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

const EVENT_COLUMNS: &str = "id, data, n_reports, n_sources, first_seen, event_date";

fn event_record(row: &Row) -> Result<EventRecord> {
    let event: Event = serde_json::from_str(row.get::<_, &str>(1))?;
    Ok(EventRecord {
        id: row.get(0),
        event,
        reports: row.get::<_, i32>(2) as u32,
        sources: row.get::<_, i32>(3) as u32,
        first_seen: row.get(4),
    })
}

fn parse_cursor(c: &str) -> Result<(String, String)> {
    c.split_once('|')
        .map(|(d, i)| (d.to_owned(), i.to_owned()))
        .ok_or_else(|| StoreError::BadQuery("malformed cursor".into()))
}

pub(crate) fn is_stored(c: &mut Client, article: &Article) -> Result<bool> {
    let stored: Option<String> = c
        .query_opt(
            "SELECT content_hash FROM articles WHERE id = $1",
            &[&article.id],
        )
        .pg()?
        .map(|r| r.get(0));
    Ok(stored.is_some_and(|h| h == content_hash(article)))
}

pub(crate) fn article(c: &mut Client, id: &str) -> Result<Option<khaldun_model::AnnotatedArticle>> {
    let Some(row) = c
        .query_opt(
            "SELECT meta, text, annotations FROM articles WHERE id = $1",
            &[&id],
        )
        .pg()?
    else {
        return Ok(None);
    };
    let events: Vec<Event> = c
        .query(
            "SELECT data FROM reports WHERE article_id = $1 ORDER BY seq",
            &[&id],
        )
        .pg()?
        .iter()
        .map(|r| Ok(serde_json::from_str(r.get::<_, &str>(0))?))
        .collect::<Result<_>>()?;
    decode_article(row.get(0), row.get(1), row.get(2), events).map(Some)
}

pub(crate) fn articles(c: &mut Client, q: &ArticleQuery) -> Result<Vec<ArticleSummary>> {
    let mut f = Filter::default();
    if let Some(t) = terms(&q.text) {
        let p = f.arg(t);
        f.push(format!("a.tsv @@ {}", tsquery(&p)));
    }
    let sql = format!(
        "SELECT a.id, a.title, a.publisher, a.url, a.published, a.language,
                (SELECT COUNT(*) FROM reports r WHERE r.article_id = a.id)
         FROM articles a {}
         ORDER BY a.published DESC NULLS LAST, a.id LIMIT {} OFFSET {}",
        f.sql(),
        q.limit.unwrap_or(100).clamp(1, 10_000),
        q.offset.unwrap_or(0)
    );
    let rows = c.query(&sql, &f.params()).pg()?;
    Ok(rows
        .iter()
        .map(|r| ArticleSummary {
            id: r.get(0),
            title: r.get(1),
            publisher: r.get(2),
            url: r.get(3),
            published: r.get(4),
            language: r.get(5),
            events: r.get::<_, i64>(6) as u32,
        })
        .collect())
}

pub(crate) fn events(c: &mut Client, q: &EventQuery) -> Result<EventPage> {
    let mut f = event_filter(c, q)?;
    if let Some(cur) = q.cursor.as_deref().filter(|c| !c.is_empty()) {
        let (d, i) = parse_cursor(cur)?;
        let (pd, pi) = (f.arg(d), f.arg(i));
        f.push(format!(
            "(event_date < {pd} OR (event_date = {pd} AND id < {pi}))"
        ));
    }
    let limit = q.limit.unwrap_or(100).clamp(1, 10_000) as usize;
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events {} ORDER BY event_date DESC, id DESC LIMIT {}",
        f.sql(),
        limit + 1
    );
    let rows = c.query(&sql, &f.params()).pg()?;
    let mut out: Vec<(EventRecord, String)> = rows
        .iter()
        .map(|r| Ok((event_record(r)?, r.get::<_, String>(5))))
        .collect::<Result<_>>()?;
    let next_cursor = if out.len() > limit {
        out.truncate(limit);
        out.last().map(|(r, d)| format!("{d}|{}", r.id))
    } else {
        None
    };
    Ok(EventPage {
        events: out.into_iter().map(|(r, _)| r).collect(),
        next_cursor,
    })
}

pub(crate) fn event(c: &mut Client, id: &str) -> Result<Option<EventDetail>> {
    let Some(row) = c
        .query_opt(
            &format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"),
            &[&id],
        )
        .pg()?
    else {
        return Ok(None);
    };
    let record = event_record(&row)?;
    let rows = c
        .query(
            "SELECT r.article_id, a.title, a.publisher, a.url, a.published, r.data, r.link,
                    (SELECT o.article_id FROM reports o WHERE o.id = (r.link::json ->> 'to'))
             FROM reports r JOIN articles a ON a.id = r.article_id
             WHERE r.event_id = $1 ORDER BY a.published NULLS FIRST, r.seq",
            &[&id],
        )
        .pg()?;
    let mut reports = Vec::with_capacity(rows.len());
    for r in rows {
        let merged_by = r
            .get::<_, Option<&str>>(6)
            .map(serde_json::from_str::<khaldun_store::cluster::Link>)
            .transpose()?
            .map(|l| MergeLink {
                article_id: r.get(7),
                score: l.score.score,
                evidence: l.score.evidence,
            });
        reports.push(Report {
            article_id: r.get(0),
            title: r.get(1),
            publisher: r.get(2),
            url: r.get(3),
            published: r.get(4),
            event: serde_json::from_str(r.get::<_, &str>(5))?,
            merged_by,
        });
    }
    let sources = record.event.sources.clone();
    Ok(Some(EventDetail {
        record,
        reports,
        sources,
    }))
}

/// SQL for a timeline bucket of the `event_date` column: the day, the ISO
/// week (`2022-W16`, as SQLite's `%G-W%V`) or the month.
fn bucket_expr(bucket: Bucket) -> &'static str {
    match bucket {
        Bucket::Day => "event_date",
        Bucket::Week => {
            "CASE WHEN event_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
                  THEN to_char(to_date(substr(event_date, 1, 10), 'YYYY-MM-DD'), 'IYYY-\"W\"IW')
                  ELSE event_date END"
        }
        Bucket::Month => "substr(event_date, 1, 7)",
    }
}

pub(crate) fn timeline(c: &mut Client, q: &EventQuery, bucket: Bucket) -> Result<Vec<TimelineBin>> {
    let mut f = event_filter(c, q)?;
    f.push("event_date != ''".into());
    let sql = format!(
        "SELECT {} AS b, acled_type, COUNT(*) FROM events {} GROUP BY 1, 2 ORDER BY 1, 2",
        bucket_expr(bucket),
        f.sql()
    );
    let rows = c.query(&sql, &f.params()).pg()?;
    Ok(rows
        .iter()
        .map(|r| TimelineBin {
            bucket: r.get(0),
            acled_type: r.get(1),
            count: r.get::<_, i64>(2) as u32,
        })
        .collect())
}

fn actor_summaries(c: &mut Client, f: &Filter, limit: u32) -> Result<Vec<ActorSummary>> {
    let sql = format!(
        "SELECT ea.actor_key, MAX(ea.actor_id), MAX(ea.name), COUNT(DISTINCT ea.event_id),
                SUM((ea.role IN ('actor', 'assoc_actor'))::int), SUM((ea.role IN ('target', 'assoc_target'))::int),
                MIN(NULLIF(e.event_date, '')), MAX(NULLIF(e.event_date, ''))
         FROM event_actors ea JOIN events e ON e.id = ea.event_id
         {} GROUP BY ea.actor_key ORDER BY 4 DESC, 1 LIMIT {limit}",
        f.sql()
    );
    let rows = c.query(&sql, &f.params()).pg()?;
    Ok(rows
        .iter()
        .map(|r| ActorSummary {
            key: r.get(0),
            id: r.get(1),
            name: r.get(2),
            events: r.get::<_, i64>(3) as u32,
            as_actor: r.get::<_, i64>(4) as u32,
            as_target: r.get::<_, i64>(5) as u32,
            first_date: r.get(6),
            last_date: r.get(7),
        })
        .collect())
}

pub(crate) fn actors(c: &mut Client, q: &ActorQuery) -> Result<Vec<ActorSummary>> {
    let limit = q.limit.unwrap_or(100).clamp(1, 10_000);
    let mut f = Filter::default();
    if let Some(name) = q.q.as_deref().filter(|s| !s.is_empty()) {
        let p1 = f.arg(format!("%{}%", like_escape(name)));
        let p2 = f.arg(name.to_string());
        f.push(format!(
            "(ea.name ILIKE {p1} OR ea.actor_key = lower({p2}))"
        ));
    }
    actor_summaries(c, &f, limit)
}

pub(crate) fn actor(c: &mut Client, key: &str) -> Result<Option<ActorDetail>> {
    let key = key.to_lowercase();
    let mut f = Filter::default();
    let p = f.arg(key.clone());
    f.push(format!("ea.actor_key = {p}"));
    let Some(summary) = actor_summaries(c, &f, 1)?.into_iter().next() else {
        return Ok(None);
    };
    let activity = timeline(
        c,
        &EventQuery {
            actor: Some(key.clone()),
            ..Default::default()
        },
        Bucket::Month,
    )?;
    let recent = events(
        c,
        &EventQuery {
            actor: Some(key.clone()),
            include_flagged: true,
            limit: Some(20),
            ..Default::default()
        },
    )?
    .events;
    Ok(Some(ActorDetail {
        allies: actor_links(c, &key, true)?,
        counterparts: actor_links(c, &key, false)?,
        summary,
        activity,
        recent,
    }))
}

/// Who appears on the same side as the actor (`same`), or on the other side.
fn actor_links(c: &mut Client, key: &str, same: bool) -> Result<Vec<NamedCount>> {
    let sql = format!(
        "SELECT MAX(o.name), COUNT(DISTINCT o.event_id) FROM event_actors x
         JOIN event_actors o ON o.event_id = x.event_id AND o.actor_key != x.actor_key
         WHERE x.actor_key = $1
           AND (x.role IN ('actor', 'assoc_actor')) {} (o.role IN ('actor', 'assoc_actor'))
         GROUP BY o.actor_key ORDER BY 2 DESC, 1 LIMIT 20",
        if same { "=" } else { "!=" }
    );
    Ok(c.query(&sql, &[&key])
        .pg()?
        .iter()
        .map(|r| NamedCount {
            name: r.get(0),
            count: r.get::<_, i64>(1) as u64,
        })
        .collect())
}

pub(crate) fn stats(c: &mut Client) -> Result<StoreStats> {
    let mut count =
        |sql: &str| -> Result<u64> { Ok(c.query_one(sql, &[]).pg()?.get::<_, i64>(0) as u64) };
    let articles = count("SELECT COUNT(*) FROM articles")?;
    let events = count("SELECT COUNT(*) FROM events WHERE NOT hypothetical AND NOT historical")?;
    let reports = count("SELECT COUNT(*) FROM reports")?;
    let mut grouped = |sql: &str| -> Result<Vec<(String, u64)>> {
        Ok(c.query(sql, &[])
            .pg()?
            .iter()
            .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1) as u64))
            .collect())
    };
    Ok(StoreStats {
        articles,
        events,
        reports,
        by_type: grouped(
            "SELECT acled_type COLLATE \"C\", COUNT(*) FROM events WHERE NOT hypothetical AND NOT historical
             GROUP BY 1 ORDER BY 2 DESC, 1",
        )?,
        by_country: grouped(
            "SELECT COALESCE(country, '??') COLLATE \"C\", COUNT(*) FROM events
             WHERE NOT hypothetical AND NOT historical GROUP BY 1 ORDER BY 2 DESC, 1",
        )?,
    })
}

pub(crate) fn places(c: &mut Client, prefix: &str, limit: u32) -> Result<Vec<PlaceCount>> {
    let pattern = format!("{}%", like_escape(&prefix.to_lowercase()));
    let rows = c
        .query(
            "SELECT location, country, MAX(admin1), AVG(lat), AVG(lon), COUNT(*), MAX(geonameid)
             FROM events WHERE lower(location) LIKE $1
             GROUP BY location, country ORDER BY 6 DESC, 1 LIMIT $2",
            &[&pattern, &i64::from(limit)],
        )
        .pg()?;
    Ok(rows
        .iter()
        .map(|r| PlaceCount {
            name: r.get(0),
            country: r.get(1),
            admin1: r.get(2),
            lat: r.get(3),
            lon: r.get(4),
            events: r.get::<_, i64>(5) as u64,
            geonameid: r.get::<_, Option<i64>>(6).map(|g| g as u64),
        })
        .collect())
}

pub(crate) fn event_ids_with_prefix(
    c: &mut Client,
    prefix: &str,
    limit: u32,
) -> Result<Vec<String>> {
    // ids are lower-case hex: anything else matches nothing (as on SQLite)
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Vec::new());
    }
    let pattern = format!("{}%", like_escape(&prefix.to_ascii_lowercase()));
    Ok(c.query(
        "SELECT id FROM events WHERE id LIKE $1 ORDER BY id LIMIT $2",
        &[&pattern, &i64::from(limit)],
    )
    .pg()?
    .iter()
    .map(|r| r.get(0))
    .collect())
}
