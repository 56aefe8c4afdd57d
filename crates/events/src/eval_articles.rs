//! Scoring of whole articles (issue 10): the article gold layout
//! (`gold/articles-dev.jsonl`, guidelines in `gold/README.md`) and, per
//! article, the main violent event's figures against real news with known
//! incident totals (the Gun Violence Archive layout of
//! `shared/eval/dedup/gva-dev.jsonl`). Pure functions: the CLI reads the
//! files and runs the pipeline, this module compares.
//!
//! An event matches a gold event of the same article when the ACLED type
//! family agrees, the places are compatible and the dates are compatible
//! ([`place_compatible`], [`date_window`]); matching is one-to-one, best
//! evidence first. Gold events marked `optional` neither reward nor penalise.

use std::collections::BTreeMap;

use khaldun_actors::ActorBase;
use khaldun_geo::{fold::fold, Gazetteer, Kind};
use khaldun_model::{AnnotatedArticle, DatePrecision, Event};
use serde::{Deserialize, Serialize};

use crate::eval::{names_match, norm, FieldScore, Prf};
use khaldun_model::km;

/// One gold event of the article layout. Omitted fields are not scored.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ArticleGoldEvent {
    #[serde(default)]
    pub event_type: String,
    #[serde(default)]
    pub sub_event_type: String,
    #[serde(default)]
    pub plover: Option<String>,
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub admin1: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub time_precision: Option<u8>,
    #[serde(default)]
    pub killed: Option<u32>,
    #[serde(default)]
    pub injured: Option<u32>,
    #[serde(default)]
    pub abducted: Option<u32>,
    #[serde(default)]
    pub arrested: Option<u32>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub claimant: Option<String>,
    #[serde(default)]
    pub denied_by: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub optional: bool,
}

/// One gold article.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ArticleGold {
    pub id: String,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    pub text: String,
    #[serde(default)]
    pub events: Vec<ArticleGoldEvent>,
}

/// Parse the article layout (one article a line; blank lines skipped).
pub fn parse_articles(text: &str) -> Result<Vec<ArticleGold>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let a: ArticleGold =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        out.push(a);
    }
    Ok(out)
}

/// The events a user sees by default and the scorer counts: not negated,
/// hypothetical or historical, with an ACLED event type, and not THREATEN.
pub fn visible_events(doc: &AnnotatedArticle) -> Vec<&Event> {
    doc.events
        .iter()
        .filter(|e| {
            !e.negated
                && !e.hypothetical
                && !e.historical
                && !e.plover_only
                && !e.acled.event_type.is_empty()
                && e.plover.event_type != "THREATEN"
        })
        .collect()
}

/// The ACLED type families an event type belongs to: political violence,
/// demonstrations, strategic developments. Riots belong to the first two.
pub fn type_families(event_type: &str) -> &'static [&'static str] {
    match event_type {
        "Battles" | "Explosions/Remote violence" | "Violence against civilians" => &["violence"],
        "Riots" => &["violence", "demonstration"],
        "Protests" => &["demonstration"],
        "Strategic developments" => &["strategic"],
        _ => &[],
    }
}

fn families_meet(a: &str, b: &str) -> bool {
    type_families(a)
        .iter()
        .any(|f| type_families(b).contains(f))
}

pub use khaldun_model::day_number;

fn month_window(s: &str) -> Option<(i64, i64)> {
    let lo = day_number(&format!("{}-01", s.get(..7)?))?;
    let (y, m): (i64, i64) = (s.get(..4)?.parse().ok()?, s.get(5..7)?.parse().ok()?);
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let hi = day_number(&format!("{ny:04}-{nm:02}-01"))? - 1;
    Some((lo, hi))
}

/// The window of days a gold event may have happened in: its date (a day,
/// `YYYY-MM` a month, `YYYY` a year), or the week ending at publication when
/// the article gives none.
pub fn gold_window(g: &ArticleGoldEvent, published: Option<&str>) -> Option<(i64, i64)> {
    match g.date.as_deref() {
        Some(d) if d.len() >= 10 => {
            let x = day_number(d)?;
            Some(if g.time_precision == Some(2) {
                (x - 3, x + 3)
            } else {
                (x, x)
            })
        }
        Some(d) if d.len() == 7 => month_window(d),
        Some(d) if d.len() == 4 => Some((
            day_number(&format!("{d}-01-01"))?,
            day_number(&format!("{d}-12-31"))?,
        )),
        _ => {
            let p = day_number(published?)?;
            Some((p - 7, p))
        }
    }
}

/// The window of days a system event's date stands for, by its precision; a
/// date taken from the publication date means "on or shortly before".
pub fn date_window(e: &Event, published: Option<&str>) -> Option<(i64, i64)> {
    let Some(d) = &e.date else {
        let p = day_number(published?)?;
        return Some((p - 7, p));
    };
    let x = day_number(&d.date)?;
    if d.source == "published" {
        return Some((x - 7, x));
    }
    Some(match d.precision {
        DatePrecision::Day => (x, x),
        DatePrecision::Week => (x, x + 6),
        DatePrecision::Month => month_window(&d.date)?,
        DatePrecision::Year => (x, x + 365),
    })
}

fn windows_meet(a: (i64, i64), b: (i64, i64), slack: i64) -> bool {
    a.0 - slack <= b.1 && b.0 <= a.1 + slack
}

/// Whether an event's place can be the gold event's place: same country
/// (when both say), and the same name, one inside the other (a town in the
/// admin unit the other names), within 50 km, or one side only a country.
pub fn place_compatible(g: &ArticleGoldEvent, e: &Event, gaz: &Gazetteer) -> bool {
    let Some(loc) = &e.location else {
        return true;
    };
    let p = &loc.place;
    if let (Some(gc), Some(sc)) = (g.country.as_deref(), p.country.as_deref()) {
        if !gc.eq_ignore_ascii_case(sc) {
            return false;
        }
    }
    let sys_country_only = p.feature.as_deref().is_some_and(|f| f.starts_with("A.PCL"))
        || (p.admin1.is_none() && p.lat.is_none());
    let gold_names: Vec<&str> = [g.place.as_deref(), g.admin1.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if gold_names.is_empty() || sys_country_only {
        return true;
    }
    let sys_names: Vec<String> = [
        Some(p.name.as_str()),
        loc.span.as_ref().map(|s| s.text.as_str()),
        p.admin1.as_deref(),
        p.admin2.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(fold)
    .collect();
    if gold_names.iter().any(|n| sys_names.contains(&fold(n))) {
        return true;
    }
    // spelling variants: "Malam-Fatori" and "Mallam Fatori"
    let skeleton = |s: &str| {
        let mut out = String::new();
        for c in fold(s).chars().filter(|c| c.is_alphanumeric()) {
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        out
    };
    let sys_skeletons: Vec<String> = sys_names.iter().map(|n| skeleton(n)).collect();
    if gold_names
        .iter()
        .any(|n| sys_skeletons.contains(&skeleton(n)))
    {
        return true;
    }
    // resolve the gold names in the gold (or the system's) country
    let country = g.country.as_deref().or(p.country.as_deref());
    let sys_pt = p.lat.zip(p.lon);
    for n in &gold_names {
        for c in gaz.lookup(n) {
            if country.is_some_and(|k| !c.country.eq_ignore_ascii_case(k)) {
                continue;
            }
            if let Some(pt) = sys_pt {
                if km((c.lat as f64, c.lon as f64), pt) <= 50.0 {
                    return true;
                }
            }
            // a gold admin unit holding the system's place, or the reverse
            let c_a1 = gaz.admin1_name(c).map(fold);
            if (c.kind == Kind::Admin1 || c.kind == Kind::Admin2)
                && sys_names.contains(&fold(c.name))
            {
                return true;
            }
            if let Some(a1) = c_a1 {
                if p.admin1.as_deref().map(fold) == Some(a1.clone())
                    && matches!(
                        p.feature.as_deref(),
                        Some(f) if f.starts_with("A.ADM1")
                    )
                {
                    return true;
                }
                if c.kind == Kind::Admin1 && p.admin1.as_deref().map(fold) == Some(a1) {
                    return true;
                }
            }
        }
    }
    false
}

/// Whole-article report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleReport {
    pub articles: usize,
    pub gold_events: usize,
    pub gold_optional: usize,
    pub system_events: usize,
    pub detection: Prf,
    pub by_lang: BTreeMap<String, Prf>,
    pub event_type: FieldScore,
    pub sub_event: FieldScore,
    pub plover: FieldScore,
    pub actor: FieldScore,
    pub target: FieldScore,
    pub place: FieldScore,
    pub date: FieldScore,
    pub killed: FieldScore,
    pub injured: FieldScore,
    pub abducted: FieldScore,
    pub status: FieldScore,
    pub claimant: FieldScore,
    /// Visible system events by ACLED event type.
    pub system_by_type: BTreeMap<String, usize>,
    /// Matched events: gold sub-event type → system sub-event type → count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    pub errors: Vec<String>,
}

fn snippet(text: &str, e: &Event) -> String {
    let Some(sp) = e.evidence.first() else {
        return e.trigger.text.clone();
    };
    let s: String = text
        .chars()
        .skip(sp.start)
        .take(sp.end.saturating_sub(sp.start).min(160))
        .collect();
    s.replace('\n', " ")
}

fn describe(e: &Event) -> String {
    let place = e
        .location
        .as_ref()
        .map(|l| l.place.name.clone())
        .unwrap_or_default();
    let date = e.date.as_ref().map(|d| d.date.clone()).unwrap_or_default();
    format!(
        "{} / {} [{}] actor={} target={} place={} date={} killed={:?}",
        e.acled.event_type,
        e.acled.sub_event_type,
        e.trigger.text,
        e.actor.as_ref().map(|a| a.name.as_str()).unwrap_or("-"),
        e.target.as_ref().map(|a| a.name.as_str()).unwrap_or("-"),
        place,
        date,
        e.killed
    )
}

/// The gold evidence's code-point offset in the text, when found.
fn evidence_pos(a: &ArticleGold, g: &ArticleGoldEvent) -> Option<usize> {
    let ev = g.evidence.as_deref()?;
    let b = a.text.find(ev)?;
    Some(a.text[..b].chars().count())
}

/// How strongly a compatible pair belongs together (higher first).
fn pair_score(a: &ArticleGold, g: &ArticleGoldEvent, e: &Event) -> i64 {
    let mut s = if g.optional { 0 } else { 100 };
    if e.acled.sub_event_type == g.sub_event_type {
        s += 20;
    }
    if e.acled.event_type == g.event_type {
        s += 10;
    }
    if let Some(p) = evidence_pos(a, g) {
        if e.evidence
            .iter()
            .any(|sp| sp.start <= p && p < sp.end.max(sp.start + 1))
        {
            s += 15;
        }
    }
    s
}

/// Score whole articles. `docs[i]` is the pipeline's output on `gold[i]`.
pub fn score_articles(
    gold: &[ArticleGold],
    docs: &[AnnotatedArticle],
    base: Option<&ActorBase>,
    gaz: &Gazetteer,
    max_errors: usize,
) -> ArticleReport {
    let mut r = ArticleReport {
        articles: gold.len(),
        ..Default::default()
    };
    let mut errors = Vec::new();
    for (a, doc) in gold.iter().zip(docs) {
        let lang = a.lang.clone().unwrap_or_else(|| "?".into());
        let published = a.published.as_deref();
        let sys = visible_events(doc);
        r.system_events += sys.len();
        for e in &sys {
            *r.system_by_type
                .entry(e.acled.event_type.clone())
                .or_default() += 1;
        }
        r.gold_events += a.events.iter().filter(|g| !g.optional).count();
        r.gold_optional += a.events.iter().filter(|g| g.optional).count();
        // candidate pairs
        let mut pairs = Vec::new();
        for (gi, g) in a.events.iter().enumerate() {
            let gw = gold_window(g, published);
            for (si, e) in sys.iter().enumerate() {
                if !families_meet(&g.event_type, &e.acled.event_type) {
                    continue;
                }
                if let (Some(gw), Some(sw)) = (gw, date_window(e, published)) {
                    if !windows_meet(gw, sw, 2) {
                        continue;
                    }
                }
                if !place_compatible(g, e, gaz) {
                    continue;
                }
                pairs.push((pair_score(a, g, e), gi, si));
            }
        }
        pairs.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let mut g_used = vec![None; a.events.len()];
        let mut s_used = vec![false; sys.len()];
        for (_, gi, si) in pairs {
            if g_used[gi].is_none() && !s_used[si] {
                g_used[gi] = Some(si);
                s_used[si] = true;
            }
        }
        let (mut tp, mut fn_, mut fp) = (0, 0, 0);
        for (gi, g) in a.events.iter().enumerate() {
            match g_used[gi] {
                Some(_) if g.optional => {}
                Some(si) => {
                    tp += 1;
                    score_fields(&mut r, g, sys[si], doc, base, gaz, a, &mut errors);
                }
                None if g.optional => {}
                None => {
                    fn_ += 1;
                    errors.push(format!(
                        "{} MISS {} / {} place={} date={} :: {}",
                        a.id,
                        g.event_type,
                        g.sub_event_type,
                        g.place.as_deref().unwrap_or("-"),
                        g.date.as_deref().unwrap_or("-"),
                        g.evidence.as_deref().unwrap_or("")
                    ));
                }
            }
        }
        for (si, e) in sys.iter().enumerate() {
            if !s_used[si] {
                fp += 1;
                errors.push(format!(
                    "{} FALSE {} :: {}",
                    a.id,
                    describe(e),
                    snippet(&a.text, e)
                ));
            }
        }
        let prf = r.by_lang.entry(lang).or_default();
        prf.tp += tp;
        prf.fp += fp;
        prf.fn_ += fn_;
        r.detection.tp += tp;
        r.detection.fp += fp;
        r.detection.fn_ += fn_;
    }
    r.detection.finish();
    for p in r.by_lang.values_mut() {
        p.finish();
    }
    for f in [
        &mut r.event_type,
        &mut r.sub_event,
        &mut r.plover,
        &mut r.actor,
        &mut r.target,
        &mut r.place,
        &mut r.date,
        &mut r.killed,
        &mut r.injured,
        &mut r.abducted,
        &mut r.status,
        &mut r.claimant,
    ] {
        f.finish();
    }
    errors.truncate(max_errors);
    r.errors = errors;
    r
}

#[allow(clippy::too_many_arguments)]
fn score_fields(
    r: &mut ArticleReport,
    g: &ArticleGoldEvent,
    e: &Event,
    doc: &AnnotatedArticle,
    base: Option<&ActorBase>,
    gaz: &Gazetteer,
    a: &ArticleGold,
    errors: &mut Vec<String>,
) {
    let mut wrong: Vec<String> = Vec::new();
    let mut field = |name: &str, f: &mut FieldScore, ok: bool, gold: String, sys: String| {
        f.add(ok);
        if !ok {
            wrong.push(format!("{name}: gold={gold} sys={sys}"));
        }
    };
    field(
        "type",
        &mut r.event_type,
        e.acled.event_type == g.event_type,
        g.event_type.clone(),
        e.acled.event_type.clone(),
    );
    field(
        "sub",
        &mut r.sub_event,
        e.acled.sub_event_type == g.sub_event_type,
        g.sub_event_type.clone(),
        e.acled.sub_event_type.clone(),
    );
    *r.confusion
        .entry(g.sub_event_type.clone())
        .or_default()
        .entry(e.acled.sub_event_type.clone())
        .or_default() += 1;
    if let Some(p) = &g.plover {
        field(
            "plover",
            &mut r.plover,
            &e.plover.event_type == p,
            p.clone(),
            e.plover.event_type.clone(),
        );
    }
    let actor_ok = |gold: &str, x: Option<&khaldun_model::Actor>| {
        x.is_some_and(|x| {
            names_match(gold, &x.name, base)
                || doc.actors.iter().any(|m| {
                    m.actor.name == x.name
                        && e.evidence
                            .iter()
                            .any(|sp| m.start >= sp.start && m.end <= sp.end)
                        && names_match(gold, &m.text, base)
                })
        })
    };
    let name_of =
        |x: Option<&khaldun_model::Actor>| x.map(|x| x.name.clone()).unwrap_or_else(|| "-".into());
    if let Some(ga) = &g.actor {
        field(
            "actor",
            &mut r.actor,
            actor_ok(ga, e.actor.as_ref()) || e.assoc_actors.iter().any(|x| actor_ok(ga, Some(x))),
            ga.clone(),
            name_of(e.actor.as_ref()),
        );
    }
    if let Some(gt) = &g.target {
        field(
            "target",
            &mut r.target,
            actor_ok(gt, e.target.as_ref())
                || e.assoc_targets.iter().any(|x| actor_ok(gt, Some(x))),
            gt.clone(),
            name_of(e.target.as_ref()),
        );
    }
    if g.place.is_some() {
        let ok = e.location.as_ref().is_some_and(|l| {
            let sys_country_only = l
                .place
                .feature
                .as_deref()
                .is_some_and(|f| f.starts_with("A.PCL"));
            !sys_country_only && place_compatible(g, e, gaz)
        });
        field(
            "place",
            &mut r.place,
            ok,
            g.place.clone().unwrap_or_default(),
            e.location
                .as_ref()
                .map(|l| l.place.name.clone())
                .unwrap_or_else(|| "-".into()),
        );
    }
    if let Some(d) = g.date.as_deref().filter(|d| d.len() >= 10) {
        let ok = e
            .date
            .as_ref()
            .is_some_and(|x| x.date.get(..10) == d.get(..10));
        field(
            "date",
            &mut r.date,
            ok,
            d.to_string(),
            e.date
                .as_ref()
                .map(|x| format!("{} ({})", x.date, x.source))
                .unwrap_or_else(|| "-".into()),
        );
    }
    let count = |x: Option<u32>| x.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
    if let Some(k) = g.killed {
        let ok = e.killed.unwrap_or(0) == k && (k == 0 || e.killed.is_some());
        field("killed", &mut r.killed, ok, k.to_string(), count(e.killed));
    }
    if let Some(k) = g.injured {
        let ok = e.injured.unwrap_or(0) == k;
        field(
            "injured",
            &mut r.injured,
            ok,
            k.to_string(),
            count(e.injured),
        );
    }
    if let Some(k) = g.abducted {
        let ok = e.abducted.unwrap_or(0) == k;
        field(
            "abducted",
            &mut r.abducted,
            ok,
            k.to_string(),
            count(e.abducted),
        );
    }
    if let Some(s) = &g.status {
        field(
            "status",
            &mut r.status,
            e.status.as_str() == s,
            s.clone(),
            e.status.as_str().to_string(),
        );
    }
    if let Some(c) = g.claimant.as_deref().or(g.denied_by.as_deref()) {
        let sys = e
            .claimant
            .as_deref()
            .or(e.denied_by.as_deref())
            .unwrap_or("");
        field(
            "claimant",
            &mut r.claimant,
            !sys.is_empty() && names_match(c, sys, base),
            c.to_string(),
            sys.to_string(),
        );
    }
    if !wrong.is_empty() {
        errors.push(format!(
            "{} FIELDS {} :: {} :: {}",
            a.id,
            g.evidence.as_deref().unwrap_or(""),
            wrong.join("; "),
            norm(&snippet(&a.text, e))
                .chars()
                .take(100)
                .collect::<String>()
        ));
    }
}

/// One article of the Gun Violence Archive layout: real news about a US
/// shooting incident with the incident's final figures.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct IncidentArticle {
    pub article_id: String,
    pub incident_id: String,
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub killed: u32,
    pub injured: u32,
    pub incident_date: String,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
}

/// Parse the incident layout (one article a line).
pub fn parse_incidents(text: &str) -> Result<Vec<IncidentArticle>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let a: IncidentArticle =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        out.push(a);
    }
    Ok(out)
}

/// The article's main violent event: the visible political-violence event
/// told by the most sentences, the earliest on a tie.
pub fn main_violent_event(doc: &AnnotatedArticle) -> Option<&Event> {
    let mut best: Option<&Event> = None;
    for e in visible_events(doc) {
        if !type_families(&e.acled.event_type).contains(&"violence") {
            continue;
        }
        let better = match best {
            None => true,
            Some(b) => e.evidence.len() > b.evidence.len(),
        };
        if better {
            best = Some(e);
        }
    }
    best
}

/// Per-article figures of the main violent event against the incident's.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IncidentReport {
    pub articles: usize,
    /// Articles with a main violent event.
    pub found: usize,
    pub killed: FieldScore,
    pub injured: FieldScore,
    pub date: FieldScore,
    /// The trivial answer "killed 1" for every article.
    pub baseline_killed_one: FieldScore,
    /// The publication date as the incident date.
    pub baseline_published: FieldScore,
    pub errors: Vec<String>,
}

/// Score the main violent event of each article. `docs[i]` is the
/// pipeline's output on `gold[i]`.
pub fn score_incidents(
    gold: &[IncidentArticle],
    docs: &[AnnotatedArticle],
    max_errors: usize,
) -> IncidentReport {
    let mut r = IncidentReport {
        articles: gold.len(),
        ..Default::default()
    };
    for (a, doc) in gold.iter().zip(docs) {
        r.baseline_killed_one.add(a.killed == 1);
        r.baseline_published
            .add(a.published.as_deref().and_then(|p| p.get(..10)) == a.incident_date.get(..10));
        let Some(e) = main_violent_event(doc) else {
            r.killed.add(false);
            r.injured.add(false);
            r.date.add(false);
            if r.errors.len() < max_errors {
                r.errors.push(format!("{} NO EVENT", a.article_id));
            }
            continue;
        };
        r.found += 1;
        let k = e.killed.unwrap_or(0);
        let i = e.injured.unwrap_or(0);
        let d = e.date.as_ref().map(|d| d.date.as_str()).unwrap_or("");
        let (ko, io, dok) = (
            k == a.killed,
            i == a.injured,
            d.get(..10) == a.incident_date.get(..10),
        );
        r.killed.add(ko);
        r.injured.add(io);
        r.date.add(dok);
        if (!ko || !io || !dok) && r.errors.len() < max_errors {
            r.errors.push(format!(
                "{} killed {}/{} injured {}/{} date {}/{} ({}) :: {}",
                a.article_id,
                k,
                a.killed,
                i,
                a.injured,
                d,
                a.incident_date,
                e.date.as_ref().map(|d| d.source.as_str()).unwrap_or("-"),
                snippet(&doc.article.text, e)
            ));
        }
    }
    for f in [
        &mut r.killed,
        &mut r.injured,
        &mut r.date,
        &mut r.baseline_killed_one,
        &mut r.baseline_published,
    ] {
        f.finish();
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_and_windows() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        let g = ArticleGoldEvent {
            date: Some("2024-02".into()),
            ..Default::default()
        };
        let (lo, hi) = gold_window(&g, None).unwrap();
        assert_eq!(hi - lo, 28);
        let none = ArticleGoldEvent::default();
        let (lo, hi) = gold_window(&none, Some("2024-03-10")).unwrap();
        assert_eq!((hi - lo, hi), (7, day_number("2024-03-10").unwrap()));
    }

    #[test]
    fn families() {
        assert!(families_meet("Battles", "Violence against civilians"));
        assert!(families_meet("Riots", "Protests"));
        assert!(!families_meet("Protests", "Battles"));
        assert!(!families_meet("Strategic developments", "Battles"));
    }
}
