//! Scoring of event extraction against gold: the development gold layout
//! (`gold/events-dev.jsonl`), PLOVER GSR CAMEO examples, and WikiEvents
//! (attack, die and injure triggers and arguments). Pure functions: the CLI
//! reads the files and runs the pipeline, this module compares.

use std::collections::BTreeMap;

use khaldun_actors::ActorBase;
use khaldun_model::{AnnotatedArticle, Event};
use serde::{Deserialize, Serialize};

use crate::export::family;

/// One gold event (dev layout). Omitted fields are not scored.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct GoldEvent {
    #[serde(default)]
    pub plover: Option<String>,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub acled_sub_event: Option<String>,
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    /// ACLED's admin1 and point of the event (the Sahel notes' full rows).
    #[serde(default)]
    pub admin1: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub date: Option<String>,
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
    pub trigger: Option<String>,
}

/// One gold item (dev layout).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct GoldItem {
    #[serde(default)]
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

/// Events the scorer counts: not negated, hypothetical or historical, and
/// not THREATEN (the dev gold does not code threats).
pub fn scored_events(doc: &AnnotatedArticle) -> Vec<&Event> {
    doc.events
        .iter()
        .filter(|e| {
            !e.negated && !e.hypothetical && !e.historical && e.plover.event_type != "THREATEN"
        })
        .collect()
}

/// Lower-case, strip accents and punctuation, drop leading articles.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
            'î' | 'ï' | 'í' | 'Î' => 'i',
            'ô' | 'ö' | 'ó' | 'Ô' => 'o',
            'ù' | 'û' | 'ü' | 'ú' | 'Û' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' => 'n',
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else {
            out.push(' ');
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let mut i = 0;
    while i < words.len()
        && matches!(
            words[i],
            "the" | "a" | "an" | "le" | "la" | "les" | "l" | "des" | "du" | "de" | "d"
        )
    {
        i += 1;
    }
    words[i..].join(" ")
}

/// Normalised containment either way, or the same actor-base id.
pub fn names_match(gold: &str, sys: &str, base: Option<&ActorBase>) -> bool {
    let (g, s) = (norm(gold), norm(sys));
    if g.is_empty() || s.is_empty() {
        return false;
    }
    let contains = |a: &str, b: &str| format!(" {a} ").contains(&format!(" {b} "));
    if contains(&g, &s) || contains(&s, &g) {
        return true;
    }
    if let Some(b) = base {
        if let (Some(x), Some(y)) = (b.resolve(gold), b.resolve(sys)) {
            return x.id.is_some() && x.id == y.id;
        }
    }
    false
}

fn event_family(e: &Event) -> (String, String) {
    (e.acled.event_type.clone(), e.plover.event_type.clone())
}

fn acled_type_of(sub: &str) -> &'static str {
    match sub {
        "Government regains territory" | "Non-state actor overtakes territory" | "Armed clash" => {
            "Battles"
        }
        "Excessive force against protesters" | "Protest with intervention" | "Peaceful protest" => {
            "Protests"
        }
        "Violent demonstration" | "Mob violence" => "Riots",
        "Chemical weapon"
        | "Air/drone strike"
        | "Suicide bomb"
        | "Shelling/artillery/missile attack"
        | "Remote explosive/landmine/IED"
        | "Grenade" => "Explosions/Remote violence",
        "Sexual violence" | "Attack" | "Abduction/forced disappearance" => {
            "Violence against civilians"
        }
        _ => "Strategic developments",
    }
}

/// Surface forms of an actor in the event's sentence (the actor stage's
/// mentions carrying that canonical name), so a canonical "Military Forces
/// of Mali" can match a gold surface "Malian soldiers".
fn surfaces<'a>(doc: &'a AnnotatedArticle, ev: &Event, name: &str) -> Vec<&'a str> {
    let Some(sp) = ev.evidence.first() else {
        return Vec::new();
    };
    doc.actors
        .iter()
        .filter(|m| m.start >= sp.start && m.end <= sp.end && m.actor.name == name)
        .map(|m| m.text.as_str())
        .collect()
}

/// Counts of one field.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldScore {
    pub correct: usize,
    pub total: usize,
    pub accuracy: f64,
}

impl FieldScore {
    pub fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.correct += 1;
        }
    }
    pub fn finish(&mut self) {
        self.accuracy = if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        };
    }
}

/// Precision, recall, F1.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn finish(&mut self) {
        let p = if self.tp + self.fp == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        };
        let r = if self.tp + self.fn_ == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        };
        self.precision = p;
        self.recall = r;
        self.f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
    }
}

/// Dev-gold report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DevReport {
    pub items: usize,
    pub detection: Prf,
    pub sub_event: FieldScore,
    pub actor: Prf,
    pub target: FieldScore,
    pub place: FieldScore,
    /// The event's admin1 against the gold row's (when it gives one).
    pub admin1: FieldScore,
    /// The event's point within 25 km of the gold row's (when it gives one).
    pub within_25km: FieldScore,
    pub date: FieldScore,
    pub killed: FieldScore,
    pub injured: FieldScore,
    pub abducted: FieldScore,
    pub arrested: FieldScore,
    pub status: FieldScore,
    pub claimant: FieldScore,
    pub denied_by: FieldScore,
    pub mode: FieldScore,
    /// gold sub-event type → predicted sub-event type → count, on matched events.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    pub by_lang: BTreeMap<String, Prf>,
    /// Error examples, when asked for.
    pub errors: Vec<String>,
}

/// Admin1 and distance of a matched event's location against a gold row
/// that gives them (ACLED-style rows: `admin1`, `latitude`, `longitude`);
/// a description of the miss when the point is farther than 25 km.
fn score_location(r: &mut DevReport, g: &GoldEvent, p: &Event) -> Option<String> {
    let loc = p.location.as_ref();
    if let Some(ga) = &g.admin1 {
        let sys = loc.and_then(|l| l.place.admin1.as_deref());
        r.admin1.add(sys.is_some_and(|s| names_match(ga, s, None)));
    }
    let (la, lo) = (g.latitude?, g.longitude?);
    let sys = loc.and_then(|l| Some((l.place.lat?, l.place.lon?)));
    let km = sys.map(|s| khaldun_geo::eval::haversine(s, (la, lo)));
    let ok = km.is_some_and(|k| k <= 25.0);
    r.within_25km.add(ok);
    (!ok).then(|| {
        format!(
            "gold=({la}, {lo}) sys={:?} {} km",
            loc.map(|l| &l.place.name),
            km.map_or("-".into(), |k| format!("{k:.0}"))
        )
    })
}

/// Score the dev gold. `docs[i]` is the pipeline's output on `items[i]`.
pub fn score_dev(
    items: &[GoldItem],
    docs: &[AnnotatedArticle],
    base: Option<&ActorBase>,
    max_errors: usize,
) -> DevReport {
    let mut r = DevReport {
        items: items.len(),
        ..Default::default()
    };
    let err = |r: &mut DevReport, s: String| {
        if r.errors.len() < max_errors {
            r.errors.push(s);
        }
    };
    for (item, doc) in items.iter().zip(docs) {
        let preds = scored_events(doc);
        let lang = item.lang.clone().unwrap_or_default();
        let mut used = vec![false; preds.len()];
        let mut lang_prf = r.by_lang.remove(&lang).unwrap_or_default();
        for g in &item.events {
            let gsub = g.acled_sub_event.clone().unwrap_or_default();
            let gtype = acled_type_of(&gsub);
            let gpl = g.plover.clone().unwrap_or_default();
            let mut best: Option<(usize, i32)> = None;
            for (k, p) in preds.iter().enumerate() {
                if used[k] {
                    continue;
                }
                let (pt, pp) = event_family(p);
                let fam_ok = pt == gtype
                    || pp == gpl
                    || family(Some(&pp), Some(&p.acled.sub_event_type))
                        == family(Some(&gpl), Some(&gsub));
                if !fam_ok {
                    continue;
                }
                let trig_ok = g.trigger.as_deref().is_some_and(|t| {
                    let (a, b) = (t.to_lowercase(), p.trigger.text.to_lowercase());
                    a.contains(&b) || b.contains(&a)
                });
                let score = 2 * i32::from(p.acled.sub_event_type == gsub) + i32::from(trig_ok);
                if best.is_none_or(|(_, s)| score > s) {
                    best = Some((k, score));
                }
            }
            let Some((k, _)) = best else {
                r.detection.fn_ += 1;
                lang_prf.fn_ += 1;
                err(
                    &mut r,
                    format!(
                        "MISS {} [{}] {:?} trigger={:?}: {}",
                        item.id, gsub, gpl, g.trigger, item.text
                    ),
                );
                continue;
            };
            used[k] = true;
            r.detection.tp += 1;
            lang_prf.tp += 1;
            let p = preds[k];
            let psub = p.acled.sub_event_type.clone();
            r.sub_event.add(psub == gsub);
            if psub != gsub {
                err(
                    &mut r,
                    format!(
                        "SUB {} gold={} sys={} trig={:?}: {}",
                        item.id, gsub, psub, p.trigger.text, item.text
                    ),
                );
            }
            *r.confusion
                .entry(gsub.clone())
                .or_default()
                .entry(psub)
                .or_default() += 1;
            // actor P/R
            let pa = p.actor.as_ref().map(|a| a.name.clone());
            match (&g.actor, &pa) {
                (Some(ga), Some(sa)) => {
                    let mut all: Vec<&str> = std::iter::once(sa.as_str())
                        .chain(p.assoc_actors.iter().map(|a| a.name.as_str()))
                        .collect();
                    all.extend(surfaces(doc, p, sa));
                    if all.iter().any(|s| names_match(ga, s, base)) {
                        r.actor.tp += 1;
                    } else {
                        r.actor.fp += 1;
                        r.actor.fn_ += 1;
                        err(
                            &mut r,
                            format!(
                                "ACTOR {} gold={:?} sys={:?}: {}",
                                item.id, ga, sa, item.text
                            ),
                        );
                    }
                }
                (Some(ga), None) => {
                    r.actor.fn_ += 1;
                    err(
                        &mut r,
                        format!("ACTOR {} gold={:?} sys=None: {}", item.id, ga, item.text),
                    );
                }
                (None, Some(sa)) => {
                    r.actor.fp += 1;
                    err(
                        &mut r,
                        format!("ACTOR {} gold=None sys={:?}: {}", item.id, sa, item.text),
                    );
                }
                (None, None) => {}
            }
            if let Some(gt) = &g.target {
                let ok = p.target.as_ref().is_some_and(|t| {
                    names_match(gt, &t.name, base)
                        || surfaces(doc, p, &t.name)
                            .iter()
                            .any(|s| names_match(gt, s, base))
                }) || p
                    .assoc_targets
                    .iter()
                    .any(|t| names_match(gt, &t.name, base));
                r.target.add(ok);
                if !ok {
                    err(
                        &mut r,
                        format!(
                            "TARGET {} gold={:?} sys={:?}: {}",
                            item.id,
                            gt,
                            p.target.as_ref().map(|a| &a.name),
                            item.text
                        ),
                    );
                }
            }
            if let Some(gp) = &g.place {
                let ok = p.location.as_ref().is_some_and(|l| {
                    names_match(gp, &l.place.name, None)
                        || l.span
                            .as_ref()
                            .is_some_and(|s| names_match(gp, &s.text, None))
                });
                r.place.add(ok);
                if !ok {
                    err(
                        &mut r,
                        format!(
                            "PLACE {} gold={:?} sys={:?}: {}",
                            item.id,
                            gp,
                            p.location.as_ref().map(|l| &l.place.name),
                            item.text
                        ),
                    );
                }
            }
            if let Some(miss) = score_location(&mut r, g, p) {
                err(&mut r, format!("POINT {} {miss}: {}", item.id, item.text));
            }
            if let Some(gd) = &g.date {
                let ok = p
                    .date
                    .as_ref()
                    .is_some_and(|d| d.date.starts_with(gd.as_str()));
                r.date.add(ok);
                if !ok {
                    err(
                        &mut r,
                        format!(
                            "DATE {} gold={} sys={:?}: {}",
                            item.id,
                            gd,
                            p.date.as_ref().map(|d| &d.date),
                            item.text
                        ),
                    );
                }
            }
            for (gv, pv, f, name) in [
                (g.killed, p.killed, &mut r.killed, "KILLED"),
                (g.injured, p.injured, &mut r.injured, "INJURED"),
                (g.abducted, p.abducted, &mut r.abducted, "ABDUCTED"),
                (g.arrested, p.arrested, &mut r.arrested, "ARRESTED"),
            ] {
                if let Some(gv) = gv {
                    f.add(pv == Some(gv));
                    if pv != Some(gv) && r.errors.len() < max_errors {
                        r.errors.push(format!(
                            "{name} {} gold={} sys={:?}: {}",
                            item.id, gv, pv, item.text
                        ));
                    }
                }
            }
            if let Some(gs) = &g.status {
                let ok = p.status.as_str() == gs;
                r.status.add(ok);
                if !ok {
                    err(
                        &mut r,
                        format!(
                            "STATUS {} gold={} sys={} claimant={:?}: {}",
                            item.id,
                            gs,
                            p.status.as_str(),
                            p.claimant,
                            item.text
                        ),
                    );
                }
            }
            if let Some(gc) = &g.claimant {
                let ok = p
                    .claimant
                    .as_deref()
                    .is_some_and(|c| names_match(gc, c, base));
                r.claimant.add(ok);
                if !ok {
                    err(
                        &mut r,
                        format!(
                            "CLAIMANT {} gold={:?} sys={:?}: {}",
                            item.id, gc, p.claimant, item.text
                        ),
                    );
                }
            }
            if let Some(gd) = &g.denied_by {
                r.denied_by.add(
                    p.denied_by
                        .as_deref()
                        .is_some_and(|c| names_match(gd, c, base)),
                );
            }
            if let Some(gm) = &g.mode {
                r.mode.add(p.plover.mode.as_deref() == Some(gm.as_str()));
            }
        }
        for (k, p) in preds.iter().enumerate() {
            if !used[k] {
                r.detection.fp += 1;
                lang_prf.fp += 1;
                err(
                    &mut r,
                    format!(
                        "FALSE {} sys={} trig={:?}: {}",
                        item.id, p.acled.sub_event_type, p.trigger.text, item.text
                    ),
                );
            }
        }
        r.by_lang.insert(lang, lang_prf);
    }
    r.detection.finish();
    r.actor.finish();
    for p in r.by_lang.values_mut() {
        p.finish();
    }
    for f in [
        &mut r.sub_event,
        &mut r.target,
        &mut r.place,
        &mut r.admin1,
        &mut r.within_25km,
        &mut r.date,
        &mut r.killed,
        &mut r.injured,
        &mut r.abducted,
        &mut r.arrested,
        &mut r.status,
        &mut r.claimant,
        &mut r.denied_by,
        &mut r.mode,
    ] {
        f.finish();
    }
    r
}

/// PLOVER GSR item.
#[derive(Debug, Clone, Deserialize)]
pub struct PloverItem {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub event: String,
    #[serde(default)]
    pub text: Option<String>,
}

/// PLOVER GSR report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PloverReport {
    pub items: usize,
    /// Items with at least one predicted event.
    pub with_event: usize,
    /// The most confident predicted event has the gold type (after v0.5 mapping).
    pub top_agreement: f64,
    /// Some predicted event has the gold type.
    pub any_agreement: f64,
    /// Among items with a prediction, top event agrees.
    pub top_agreement_when_predicted: f64,
    /// gold type → (items, top agreements)
    pub per_type: BTreeMap<String, (usize, usize)>,
    pub errors: Vec<String>,
}

/// Score PLOVER GSR items; `docs[i]` is the output on `items[i]` (items without text skipped by the caller).
pub fn score_plover(
    items: &[PloverItem],
    docs: &[AnnotatedArticle],
    max_errors: usize,
) -> PloverReport {
    let mut r = PloverReport::default();
    let (mut top, mut any) = (0usize, 0usize);
    for (it, doc) in items.iter().zip(docs) {
        let gold = crate::plover_from_v05(&it.event).unwrap_or("").to_string();
        r.items += 1;
        // PLOVER codes threats, promises and appeals: only negated events are left out
        let preds: Vec<&Event> = doc.events.iter().filter(|e| !e.negated).collect();
        let best = preds
            .iter()
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence));
        let t = best.is_some_and(|e| e.plover.event_type == gold);
        let a = preds.iter().any(|e| e.plover.event_type == gold);
        if !preds.is_empty() {
            r.with_event += 1;
        }
        top += usize::from(t);
        any += usize::from(a);
        let e = r.per_type.entry(gold.clone()).or_default();
        e.0 += 1;
        e.1 += usize::from(t);
        if !t && r.errors.len() < max_errors {
            r.errors.push(format!(
                "{} gold={} sys={:?}: {}",
                it.id,
                gold,
                preds
                    .iter()
                    .map(|e| format!("{}:{}", e.plover.event_type, e.trigger.text))
                    .collect::<Vec<_>>(),
                it.text.as_deref().unwrap_or("")
            ));
        }
    }
    let n = r.items.max(1) as f64;
    r.top_agreement = top as f64 / n;
    r.any_agreement = any as f64 / n;
    r.top_agreement_when_predicted = top as f64 / r.with_event.max(1) as f64;
    r
}

/// A WikiEvents gold mention reduced to what is scored.
#[derive(Debug, Clone)]
pub struct WikiGold {
    /// attack, die or injure
    pub kind: &'static str,
    /// Character span of the trigger in the rebuilt text.
    pub start: usize,
    pub end: usize,
    /// (role: actor/target/place, text)
    pub args: Vec<(&'static str, String)>,
}

/// A system trigger mention for WikiEvents scoring.
#[derive(Debug, Clone)]
pub struct WikiSys {
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    pub args: Vec<(&'static str, String)>,
}

/// WikiEvents report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WikiReport {
    pub documents: usize,
    pub trigger: BTreeMap<String, Prf>,
    pub arguments: BTreeMap<String, Prf>,
    pub errors: Vec<String>,
}

/// Score WikiEvents: triggers match on overlapping spans of the same kind;
/// arguments match on role and normalised containment within matched triggers.
pub fn score_wiki(
    gold: &[Vec<WikiGold>],
    sys: &[Vec<WikiSys>],
    texts: &[String],
    max_errors: usize,
) -> WikiReport {
    let mut r = WikiReport {
        documents: gold.len(),
        ..Default::default()
    };
    for ((g, s), text) in gold.iter().zip(sys).zip(texts) {
        for kind in ["attack", "die", "injure"] {
            let gk: Vec<&WikiGold> = g.iter().filter(|x| x.kind == kind).collect();
            let sk: Vec<&WikiSys> = s.iter().filter(|x| x.kind == kind).collect();
            let mut used = vec![false; sk.len()];
            let tp = r.trigger.entry(kind.to_string()).or_default();
            let mut matched = Vec::new();
            for x in &gk {
                if let Some(k) =
                    (0..sk.len()).find(|&k| !used[k] && sk[k].start < x.end && x.start < sk[k].end)
                {
                    used[k] = true;
                    tp.tp += 1;
                    matched.push((*x, sk[k]));
                } else {
                    tp.fn_ += 1;
                    if r.errors.len() < max_errors {
                        r.errors
                            .push(span_error("MISS", kind, text, x.start, x.end));
                    }
                }
            }
            let fp = used.iter().filter(|u| !**u).count();
            tp.fp += fp;
            if r.errors.len() < max_errors {
                for (k, u) in used.iter().enumerate() {
                    if !u && r.errors.len() < max_errors {
                        let x = sk[k];
                        r.errors
                            .push(span_error("FALSE", kind, text, x.start, x.end));
                    }
                }
            }
            // arguments: only on triggers both sides found, per role
            for role in ["actor", "target", "place"] {
                let a = r.arguments.entry(format!("{kind}/{role}")).or_default();
                for (gx, sx) in &matched {
                    let ga: Vec<&String> = gx
                        .args
                        .iter()
                        .filter(|(rr, _)| *rr == role)
                        .map(|(_, t)| t)
                        .collect();
                    let sa: Vec<&String> = sx
                        .args
                        .iter()
                        .filter(|(rr, _)| *rr == role)
                        .map(|(_, t)| t)
                        .collect();
                    let mut su = vec![false; sa.len()];
                    for gt in &ga {
                        if let Some(k) =
                            (0..sa.len()).find(|&k| !su[k] && names_match(gt, sa[k], None))
                        {
                            su[k] = true;
                            a.tp += 1;
                        } else {
                            a.fn_ += 1;
                        }
                    }
                    a.fp += su.iter().filter(|u| !**u).count();
                }
                // arguments of unmatched gold triggers count as misses
                for x in &gk {
                    if !matched.iter().any(|(m, _)| std::ptr::eq(*m, *x)) {
                        a.fn_ += x.args.iter().filter(|(rr, _)| *rr == role).count();
                    }
                }
            }
        }
    }
    for p in r.trigger.values_mut().chain(r.arguments.values_mut()) {
        p.finish();
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_containment() {
        assert!(names_match("Malian army", "the Malian army", None));
        assert!(names_match("JNIM", "JNIM militants", None));
        assert!(names_match("Ségou", "Segou", None));
        assert!(!names_match("Mali", "Malian army", None));
        assert!(!names_match("", "x", None));
    }

    #[test]
    fn prf_arithmetic() {
        let mut p = Prf {
            tp: 8,
            fp: 2,
            fn_: 2,
            ..Default::default()
        };
        p.finish();
        assert!((p.f1 - 0.8).abs() < 1e-9);
    }
}

/// Parse dev gold JSON Lines.
pub fn parse_dev(text: &str) -> Result<Vec<GoldItem>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

/// Parse the PLOVER GSR JSON array; items without text (documentation records) are dropped.
pub fn parse_plover(text: &str) -> Result<Vec<PloverItem>, String> {
    let v: Vec<PloverItem> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(v.into_iter()
        .filter(|i| {
            i.text.as_deref().is_some_and(|t| !t.trim().is_empty()) && i.event != "DOCUMENT"
        })
        .collect())
}

/// A WikiEvents sentence: tokens (text, start, end) and its text.
type WikiSentence = (Vec<(String, usize, usize)>, String);

#[derive(Deserialize)]
struct WikiDoc {
    #[serde(default)]
    doc_id: String,
    sentences: Vec<WikiSentence>,
    event_mentions: Vec<WikiMention>,
    #[serde(default)]
    entity_mentions: Vec<WikiEntity>,
}

#[derive(Deserialize)]
struct WikiMention {
    event_type: String,
    trigger: WikiTrigger,
    #[serde(default)]
    arguments: Vec<WikiArg>,
}

#[derive(Deserialize)]
struct WikiTrigger {
    start: usize,
    end: usize,
    sent_idx: usize,
}

#[derive(Deserialize)]
struct WikiArg {
    #[serde(default)]
    entity_id: String,
    role: String,
    text: String,
}

#[derive(Deserialize)]
struct WikiEntity {
    id: String,
    #[serde(default)]
    text: String,
}

/// One WikiEvents document rebuilt for the pipeline: sentences joined by a
/// space (the source text runs them together), with gold mentions mapped to
/// code point offsets into the rebuilt text.
#[derive(Debug, Clone)]
pub struct WikiDocGold {
    pub id: String,
    pub text: String,
    /// Sentence spans (code points) in the rebuilt text.
    pub sentences: Vec<(usize, usize)>,
    pub mentions: Vec<WikiGold>,
}

/// Parse WikiEvents JSON Lines (attack, die and injure mentions kept).
pub fn parse_wiki(text: &str) -> Result<Vec<WikiDocGold>, String> {
    let mut out = Vec::new();
    for (n, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        let d: WikiDoc = serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1))?;
        let mut rebuilt = String::new();
        let mut sent_spans = Vec::new();
        // per sentence: (offset of the sentence in rebuilt text in chars, first token char start, token list)
        let mut starts = Vec::new();
        let mut cp = 0usize;
        for (toks, s) in &d.sentences {
            if !rebuilt.is_empty() {
                rebuilt.push(' ');
                cp += 1;
            }
            let first = toks.first().map(|t| t.1).unwrap_or(0);
            starts.push((cp, first));
            let len = s.chars().count();
            sent_spans.push((cp, cp + len));
            rebuilt.push_str(s);
            cp += len;
        }
        let ent = |id: &str, fallback: &str| -> String {
            d.entity_mentions
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.text.clone())
                .unwrap_or_else(|| fallback.to_string())
        };
        let mut mentions = Vec::new();
        for m in &d.event_mentions {
            let kind = if m.event_type.starts_with("Conflict.Attack") {
                "attack"
            } else if m.event_type.starts_with("Life.Die") {
                "die"
            } else if m.event_type.starts_with("Life.Injure") {
                "injure"
            } else {
                continue;
            };
            let Some((toks, _)) = d.sentences.get(m.trigger.sent_idx) else {
                continue;
            };
            // trigger token indices are document-level; find them in the sentence
            let all: Vec<&(String, usize, usize)> =
                d.sentences.iter().flat_map(|(t, _)| t.iter()).collect();
            let (Some(a), Some(b)) = (
                all.get(m.trigger.start),
                all.get(m.trigger.end.saturating_sub(1)),
            ) else {
                continue;
            };
            let (soff, first) = starts[m.trigger.sent_idx];
            let _ = toks;
            let start = soff + (a.1 - first);
            let end = soff + (b.2 - first);
            let args = m
                .arguments
                .iter()
                .filter_map(|a| {
                    let role = match a.role.as_str() {
                        "Attacker" | "Killer" | "Injurer" => "actor",
                        "Target" | "Victim" => "target",
                        "Place" => "place",
                        _ => return None,
                    };
                    Some((role, ent(&a.entity_id, &a.text)))
                })
                .collect();
            mentions.push(WikiGold {
                kind,
                start,
                end,
                args,
            });
        }
        out.push(WikiDocGold {
            id: d.doc_id,
            text: rebuilt,
            sentences: sent_spans,
            mentions,
        });
    }
    Ok(out)
}

/// An error example: the span's text and ~140 characters of context (code point offsets).
fn span_error(
    label: &str,
    kind: impl std::fmt::Display,
    text: &str,
    start: usize,
    end: usize,
) -> String {
    let t: String = text
        .chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect();
    let ctx: String = text
        .chars()
        .skip(start.saturating_sub(60))
        .take(140)
        .collect();
    format!("{label} {kind} {t:?}: …{ctx}…")
}
