//! Per-sentence event extraction: trigger groups, codings, status, counts,
//! flags, sources, place and date.

use std::ops::Range;

use khaldun_actors::ActorBase;
use khaldun_model::{
    stable_id, AcledCoding, Actor, AnnotatedArticle, CameoCoding, DatePrecision, Event, EventDate,
    EventLocation, EventStatus, GeoPrecision, Place, PloverCoding, SourceRef, Span, TextIndex,
};

use crate::lexicon::{Casualty, ClassInfo, Cue, Lexicon, Pos};
use crate::sentence::{Hit, Sent};
use crate::tokens::Kind;

/// Words that end a clause group: two events on either side are separate.
const BOUNDARIES: &[&str] = &[";", "meanwhile", "elsewhere", "separately", "whereas", "tandis", "ailleurs", "parallèlement"];

/// A group of triggers coded as one event.
#[derive(Debug, Clone)]
struct Group {
    family: String,
    hits: Vec<usize>,
}

/// A casualty count found in the sentence.
#[derive(Debug, Clone, Copy)]
struct Count {
    kind: Casualty,
    value: u32,
    pos: usize,
}

/// Per-article state carried across sentences.
#[derive(Default)]
pub struct ArticleState {
    pub prev_actor: Option<Actor>,
}

fn family_of(class: &str) -> String {
    Lexicon::get()
        .classes
        .get(class)
        .map(|c| c.family.clone())
        .unwrap_or_else(|| "other".into())
}

fn rank(class: &str) -> u8 {
    match class {
        "clash" | "ambush" => 9,
        "suicide" => 8,
        "airstrike" | "drone" => 7,
        "shelling" | "chemical" => 6,
        "ied" | "grenade" => 5,
        "explosion" => 4,
        "overrun" | "recapture" => 5,
        "massacre" | "execute" | "assassinate" => 3,
        "raid" | "attack" => 2,
        "sexual" | "torture" | "beat" => 2,
        _ => 1,
    }
}

impl Sent<'_> {
    fn boundary_between(&self, a: usize, b: usize) -> bool {
        (a.min(b)..a.max(b)).any(|k| BOUNDARIES.contains(&self.tok(k)))
    }

    /// Numbers: digits, number words, compounds ("twenty-five", "vingt-cinq"),
    /// multipliers ("two hundred"), ranges ("10 to 15" → 10). None for dates and measures.
    fn number_at(&self, k: usize) -> Option<u32> {
        let lx = Lexicon::get();
        let t = self.toks.get(k)?;
        let l = t.lower.as_str();
        let mut v: u32 = if t.kind == Kind::Num {
            let digits: String = l.chars().filter(|c| c.is_ascii_digit()).collect();
            if l.contains('.') && !l.contains(',') {
                return None;
            }
            digits.parse().ok()?
        } else if let Some(v) = lx.numbers.get(l) {
            *v
        } else if l.contains('-') {
            let mut sum = 0;
            for p in l.split('-') {
                sum += *lx.numbers.get(p)?;
            }
            sum
        } else {
            return None;
        };
        if matches!(l, "a" | "an" | "one" | "un" | "une" | "single") {
            // only "a soldier", "one civilian": a singular person head right after
            let np = self.nps.iter().find(|n| n.s == k + 1 || n.s == k + 2)?;
            if !np.singular {
                return None;
            }
        }
        // dates and measures
        let prev = if k > 0 { self.tok(k - 1) } else { "" };
        let next = self.tok(k + 1);
        if lx.months.contains_key(prev.trim_end_matches('.')) || lx.months.contains_key(next.trim_end_matches('.')) {
            return None;
        }
        if t.kind == Kind::Num && (1900..=2100).contains(&v) && !l.contains(',') {
            return None;
        }
        if matches!(
            next,
            "km" | "kilometres" | "kilometers" | "miles" | "%" | "percent" | "years" | "year" | "hours"
                | "days" | "months" | "ans" | "jours" | "heures" | "mois" | "kilomètres" | "h" | "p.m." | "a.m." | "pm" | "am" | ":" | "o'clock" | "meters" | "metres" | "mètres" | "°"
        ) {
            return None;
        }
        if matches!(prev, "$" | "€" | "£" | "no." | "n°" | "resolution" | "article" | "route" | "rn") {
            return None;
        }
        if matches!(next, "hundred" | "thousand" | "cents" | "cent" | "mille") {
            if let Some(m) = lx.numbers.get(next) {
                v = v.saturating_mul(*m);
            }
        }
        if matches!(next, "dozen") {
            v = v.saturating_mul(12);
        }
        // ranges: lowest figure
        if matches!(next, "to" | "-" | "–" | "or" | "à" | "ou") {
            if let Some(w) = self.toks.get(k + 2) {
                if w.kind == Kind::Num {
                    if let Ok(x) = w.lower.replace(',', "").parse::<u32>() {
                        v = v.min(x);
                    }
                }
            }
        }
        Some(v)
    }

    /// Casualty counts in the sentence.
    fn counts(&self) -> Vec<Count> {
        let lx = Lexicon::get();
        let mut out: Vec<Count> = Vec::new();
        let mut used = vec![false; self.toks.len()];
        let mut i = 0;
        while i < self.toks.len() {
            if self.in_paren[i] {
                i += 1;
                continue;
            }
            let Some((len, kinds)) = lx.casualties.longest(&self.toks, i) else {
                i += 1;
                continue;
            };
            let kind = *kinds[0];
            let active = lx.active_casualty.longest(&self.toks, i).is_some_and(|(n, _)| n == len);
            let passive = i > 0 && self.has_cue_end(i - 1, Cue::Passive);
            let mut found = None;
            if active && !passive {
                // right: "killing at least six", "death toll rose to 30"
                let mut j = i + len;
                while j < self.toks.len() && j < i + len + 5 {
                    if !used[j] {
                        if let Some(v) = self.number_at(j) {
                            found = Some((j, v));
                            break;
                        }
                    }
                    let l = self.tok(j);
                    if matches!(l, "at" | "least" | "about" | "around" | "some" | "more" | "than" | "over" | "nearly" | "almost" | "up" | "to" | "rose" | "risen" | "climbed" | "stood" | "stands" | "reached" | "has" | "is" | "of" | "approximately" | "roughly" | "an" | "estimated" | "au" | "moins" | "plus" | "de" | "près" | "environ" | "quelque" | "d'" | "s'élève" | "est" | "à" | "passé" | "the" | "les" | "des" | "la" | "le" | "a" | "s'établit" | "fait" | "par") {
                        j += 1;
                        continue;
                    }
                    break;
                }
            }
            if found.is_none() && !(active && !passive && self.tok(i + len).ends_with("ing")) {
                // left: "six soldiers were killed", "20 dead"
                let mut j = i;
                let stop = i.saturating_sub(8);
                while j > stop {
                    j -= 1;
                    let l = self.tok(j);
                    if matches!(l, "," | ";" | "(" | ")" | ":" | "." | "“" | "”") {
                        break;
                    }
                    if lx.casualties.longest(&self.toks, j).is_some() && j + 1 < i {
                        break;
                    }
                    if !used[j] {
                        if let Some(v) = self.number_at(j) {
                            found = Some((j, v));
                            break;
                        }
                    }
                }
            }
            if let Some((j, v)) = found {
                used[j] = true;
                out.push(Count { kind, value: v, pos: i });
            }
            i += len;
        }
        out
    }
}

/// Extract the events of one sentence.
#[allow(clippy::too_many_arguments)]
pub fn sentence_events(
    doc: &AnnotatedArticle,
    idx: &TextIndex,
    sent: &Sent,
    sent_index: usize,
    actors: &ActorBase,
    state: &mut ArticleState,
    prev_events: &mut [Event],
) -> Vec<Event> {
    let _ = actors;
    let lx = Lexicon::get();
    let n = sent.toks.len();
    if sent.hits.is_empty() && !sent.toks.iter().any(|t| t.lower.starts_with("denial") || t.lower.starts_with("démenti")) {
        return Vec::new();
    }
    // objects of verbal triggers cannot be subjects of later ones
    let mut objects = vec![false; sent.nps.len()];
    for h in &sent.hits {
        if h.pos == Pos::Verb && !sent.is_passive(h) {
            if let Some(o) = sent.object_right(h.i + h.n) {
                objects[o] = true;
            }
        }
    }
    let roles: Vec<_> = sent.hits.iter().map(|h| sent.roles(h, &objects)).collect();

    // speech frames: claim, deny, allege, report
    let frames = frames(sent, &objects);

    // drop anaphoric re-mentions ("these attacks") and re-mentions of speech frames
    let mut keep: Vec<bool> = sent
        .hits
        .iter()
        .map(|h| {
            if h.pos == Pos::Noun && h.i > 0 {
                let p = sent.tok(h.i - 1);
                let p2 = if h.i > 1 { sent.tok(h.i - 2) } else { "" };
                if sent.has_cue_end(h.i - 1, Cue::Anaphor) || matches!(p2, "these" | "those" | "ces") {
                    return false;
                }
                let _ = p;
            }
            true
        })
        .collect();
    // verbal classes whose complement holds a material event are frames, not events
    for (k, h) in sent.hits.iter().enumerate() {
        let fam = family_of(&h.class);
        if fam == "verbal" {
            let embeds = sent
                .hits
                .iter()
                .any(|o| o.i > h.i && family_of(&o.class) != "verbal" && !sent.boundary_between(h.i, o.i));
            let passive = sent.is_passive(h);
            if (matches!(h.class.as_str(), "deny" | "accuse") && (embeds || passive))
                || (h.class == "accuse" && roles[k].actor.is_none())
            {
                keep[k] = false;
            }
            // "denied claims", "rejected the accusations" refer back
            if h.class == "deny" && matches!(sent.tok(h.i + h.n), "claims" | "reports" | "allegations" | "accusations") {
                keep[k] = false;
            }
        }
    }

    // group triggers
    let mut groups: Vec<Group> = Vec::new();
    for (k, h) in sent.hits.iter().enumerate() {
        if !keep[k] {
            continue;
        }
        let mut fam = family_of(&h.class);
        // a capture of persons is an arrest or an abduction
        if h.class == "overrun" {
            if let Some(t) = roles[k].target {
                let np = &sent.nps[t];
                if np.head && !np.place && !matches!(sent.tok(np.e - 1), "base" | "camp" | "town" | "village" | "city" | "checkpoint" | "post" | "outpost" | "position" | "positions") {
                    fam = "capture".into();
                }
            }
        }
        let mergeable = matches!(fam.as_str(), "violence" | "demonstration" | "agreement" | "property");
        let target_group = groups.iter().rposition(|g| {
            mergeable
                && (g.family == fam
                    || (fam == "property" && g.family == "violence")
                    || (fam == "violence" && g.family == "property"))
                && !sent.boundary_between(sent.hits[*g.hits.last().unwrap()].i, h.i)
                && !new_clause(sent, &roles, g, k)
        });
        match target_group {
            Some(g) => {
                groups[g].hits.push(k);
                if fam == "violence" {
                    groups[g].family = fam;
                }
            }
            None => groups.push(Group { family: fam, hits: vec![k] }),
        }
    }
    // demonstrations absorb arrests and violence against protesters in the same sentence
    if let Some(d) = groups.iter().position(|g| g.family == "demonstration") {
        let mut absorbed = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            if gi == d {
                continue;
            }
            let on_protesters = g.hits.iter().any(|&k| {
                roles[k].target.is_some_and(|t| {
                    let name = sent.nps[t].actor.name.to_lowercase();
                    sent.nps[t].actor.inter == Some(6) || name.contains("protest") || name.contains("demonstrat") || name.contains("manifestant")
                })
            });
            if g.family == "arrest" || (g.family == "violence" && on_protesters) {
                absorbed.push(gi);
            }
        }
        for gi in absorbed.iter().rev() {
            let hs = groups[*gi].hits.clone();
            groups[d].hits.extend(hs);
            groups.remove(*gi);
        }
    }

    let counts = sent.counts();
    let mut events = Vec::new();
    let text = doc.article.text.as_str();
    let sent_cp = idx.byte_to_char(sent.start)..idx.byte_to_char(sent.end);
    for g in &groups {
        // representative trigger: highest rank, then first
        let rep = *g
            .hits
            .iter()
            .max_by_key(|&&k| (rank(&sent.hits[k].class), std::cmp::Reverse(sent.hits[k].i)))
            .unwrap();
        let h = &sent.hits[rep];
        // roles: first trigger in text order that has them
        let mut actor = None;
        let mut assoc = Vec::new();
        let mut target = None;
        let mut assoc_targets = Vec::new();
        for &k in &g.hits {
            let r = &roles[k];
            if actor.is_none() && r.actor.is_some() {
                actor = r.actor;
                assoc = r.assoc.clone();
            }
            if target.is_none() && r.target.is_some() && r.target != actor {
                target = r.target;
                assoc_targets = r.assoc_targets.clone();
            }
        }
        if target.is_some() && target == actor {
            target = None;
        }
        let resolve_np = |k: usize| -> Actor {
            let np = &sent.nps[k];
            if np.pronoun {
                // antecedent: nearest non-pronoun phrase on the left, else the previous sentence's actor
                let ante = sent.nps[..k]
                    .iter()
                    .rev()
                    .find(|n| !n.pronoun && !n.place && n.prep.is_none() && !n.possessive);
                if let Some(a) = ante {
                    return a.actor.clone();
                }
                if let Some(a) = &state.prev_actor {
                    return a.clone();
                }
            }
            np.actor.clone()
        };
        let actor_a = actor.map(resolve_np).filter(|a| !is_pronoun_name(&a.name));
        let target_a = target.map(resolve_np).filter(|a| !is_pronoun_name(&a.name));
        let classes: Vec<&str> = g.hits.iter().map(|&k| sent.hits[k].class.as_str()).collect();
        let span_lo = g.hits.iter().map(|&k| sent.hits[k].i).min().unwrap_or(0);

        // casualties: counts nearest to this group's triggers
        let mut killed = None;
        let mut injured = None;
        let mut abducted = None;
        let mut arrested = None;
        for c in &counts {
            let nearest = groups
                .iter()
                .enumerate()
                .filter(|(_, gg)| accepts(&gg.family, c.kind))
                .min_by_key(|(_, gg)| gg.hits.iter().map(|&k| sent.hits[k].i.abs_diff(c.pos)).min().unwrap_or(usize::MAX))
                .map(|(gi, _)| gi);
            if nearest.map(|gi| std::ptr::eq(&groups[gi], g)) != Some(true) {
                continue;
            }
            let slot = match c.kind {
                Casualty::Killed => &mut killed,
                Casualty::Injured => &mut injured,
                Casualty::Abducted => &mut abducted,
                Casualty::Arrested => &mut arrested,
            };
            *slot = Some(slot.unwrap_or(0) + c.value);
        }

        let target_armed = target.and_then(|t| sent.nps[t].armed);
        let actor_state = actor_a.as_ref().and_then(|a| a.inter) == Some(1);
        let (code_class, sub_override) = code_group(sent, g, &classes, target_armed, actor_state, killed);
        let info = lx.classes.get(code_class).cloned().unwrap_or(ClassInfo {
            plover: "ASSAULT".into(),
            mode: None,
            acled_type: "Strategic developments".into(),
            acled_sub: "Other".into(),
            cameo: "180".into(),
            family: "other".into(),
        });
        let (acled_type, acled_sub, plover_type, mode, cameo) = match sub_override {
            Some((t, s, p, m, c)) => (t.to_string(), s.to_string(), p.to_string(), m.map(str::to_string), c.to_string()),
            None => (info.acled_type.clone(), info.acled_sub.clone(), info.plover.clone(), info.mode.clone(), info.cameo.clone()),
        };
        // mode from any explosive trigger in the group
        let mode = mode.or_else(|| {
            classes
                .iter()
                .filter_map(|c| lx.classes.get(*c).and_then(|i| i.mode.clone()))
                .next()
        });

        // flags
        let negated = negated(sent, h);
        let hypothetical = hypothetical(sent, h);
        let historical = historical(sent, h, doc.published_date());
        let attempt = (span_lo.saturating_sub(4)..span_lo).any(|k| sent.has_cue_end(k, Cue::Attempt));

        // status
        let (mut status, mut claimant, denied_by) = status_of(sent, &frames, h.i, actor_a.as_ref());
        if status == EventStatus::Asserted && actor_a.as_ref().is_some_and(|a| a.name.is_empty()) {
            status = EventStatus::Asserted;
        }
        if status == EventStatus::Reported {
            if let (Some(c), Some(a)) = (&claimant, &actor_a) {
                if same_actor_name(c, &a.name) {
                    status = EventStatus::Claimed;
                }
            }
        }
        if claimant.as_deref().is_some_and(is_pronoun_name) {
            claimant = state.prev_actor.as_ref().map(|a| a.name.clone());
        }

        // spans
        let tb = sent.toks[h.i].start;
        let te = sent.toks[h.i + h.n - 1].end;
        let tcs = idx.byte_to_char(tb);
        let trigger = Span { start: tcs, end: idx.byte_to_char(te), text: text[tb..te].to_string() };
        let evidence = Span { start: sent_cp.start, end: sent_cp.end, text: text[sent.start..sent.end].to_string() };

        // place and date
        let location = khaldun_geo::locate_event(doc, sent_cp.clone(), tcs).or_else(|| fallback_place(sent, idx, h.i));
        let date = khaldun_time::date_event(doc, sent_cp.clone(), tcs).or_else(|| fallback_date(sent, idx, doc.published_date()));

        let sources = sources_of(doc, sent, idx);
        let mut conf: f32 = if h.pos == Pos::Verb { 0.6 } else { 0.5 };
        if actor_a.is_some() {
            conf += 0.15;
        }
        if target_a.is_some() || killed.is_some() {
            conf += 0.1;
        }
        if location.is_some() {
            conf += 0.05;
        }
        if negated || hypothetical {
            conf *= 0.4;
        }
        if attempt {
            conf *= 0.9;
        }
        let goldstein = lx.goldstein_of(&cameo);
        let ev = Event {
            id: stable_id(&[&doc.article.id, &tcs.to_string(), &plover_type, &acled_sub]),
            sentence: sent_index,
            trigger,
            evidence: vec![evidence],
            plover: PloverCoding { event_type: plover_type, mode, context: Vec::new() },
            acled: AcledCoding { event_type: acled_type, sub_event_type: acled_sub },
            cameo: CameoCoding { root: cameo.get(..2).unwrap_or("").to_string(), code: Some(cameo.clone()), goldstein },
            actor: actor_a.clone(),
            assoc_actors: assoc.iter().filter(|&&k| Some(k) != actor).map(|&k| sent.nps[k].actor.clone()).collect(),
            target: target_a,
            assoc_targets: assoc_targets.iter().filter(|&&k| Some(k) != target).map(|&k| sent.nps[k].actor.clone()).collect(),
            location,
            date,
            killed,
            injured,
            abducted,
            arrested,
            status,
            claimant,
            denied_by,
            negated,
            hypothetical,
            historical,
            sources,
            confidence: conf.clamp(0.0, 1.0),
        };
        events.push(ev);
    }
    // denial nouns referring back: "the government's denials of those accusations"
    for i in 0..n {
        let l = sent.tok(i);
        if (l.starts_with("denial") || l.starts_with("démenti")) && sent.tok(i + 1) == "of" || l == "denials" {
            let anaphoric = (i + 1..(i + 4).min(n)).any(|k| matches!(sent.tok(k), "those" | "these" | "the" | "such") )
                && (i + 1..(i + 5).min(n)).any(|k| matches!(sent.tok(k), "accusations" | "allegations" | "claims" | "reports" | "charges" | "accusation" | "allegation"));
            if anaphoric {
                let who = sent
                    .nps
                    .iter()
                    .rev()
                    .find(|np| np.e <= i && (np.possessive || np.e == i))
                    .map(|np| np.actor.name.clone());
                for e in prev_events.iter_mut() {
                    if e.status == EventStatus::Alleged || e.status == EventStatus::Claimed || e.status == EventStatus::Reported {
                        e.status = EventStatus::Denied;
                        e.denied_by = who.clone();
                    }
                }
            }
        }
    }
    if let Some(a) = events.iter().find_map(|e| e.actor.clone()) {
        state.prev_actor = Some(a);
    } else if let Some(np) = sent.nps.iter().find(|np| !np.place && !np.pronoun && np.prep.is_none()) {
        state.prev_actor = Some(np.actor.clone());
    }
    events
}

fn is_pronoun_name(s: &str) -> bool {
    matches!(s.to_lowercase().as_str(), "it" | "they" | "he" | "she" | "we" | "il" | "ils" | "elle" | "elles")
}

/// Loose name equality: one contains the other, case-insensitively.
pub fn same_actor_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

fn accepts(family: &str, kind: Casualty) -> bool {
    match kind {
        Casualty::Killed | Casualty::Injured => matches!(family, "violence" | "demonstration" | "abduction"),
        Casualty::Abducted => matches!(family, "abduction" | "violence"),
        Casualty::Arrested => matches!(family, "arrest" | "demonstration" | "capture"),
    }
}

/// A later verbal trigger with its own subject opens a new clause (and event).
fn new_clause(sent: &Sent, roles: &[crate::roles::Roles], g: &Group, k: usize) -> bool {
    let h = &sent.hits[k];
    let r = &roles[k];
    if h.pos != Pos::Verb || r.adjunct || r.passive {
        return false;
    }
    let Some(a) = r.actor else { return false };
    let last = &sent.hits[*g.hits.last().unwrap()];
    let np = &sent.nps[a];
    if np.s < last.i + last.n {
        return false;
    }
    // the subject differs from the group's actor
    let gact = g.hits.iter().find_map(|&x| roles[x].actor);
    gact.is_none_or(|ga| !same_actor_name(&sent.nps[ga].actor.name, &np.actor.name))
}

type Override = (&'static str, &'static str, &'static str, Option<&'static str>, &'static str);

/// Decide the coding class of a group, with ACLED's precedence rules.
fn code_group<'c>(
    sent: &Sent,
    g: &Group,
    classes: &[&'c str],
    target_armed: Option<bool>,
    actor_state: bool,
    killed: Option<u32>,
) -> (&'c str, Option<Override>) {
    let has = |c: &str| classes.contains(&c);
    let any_cue = |c: Cue| (0..sent.toks.len()).any(|k| sent.has_cue_end(k, c));
    match g.family.as_str() {
        "demonstration" => {
            let protest_victims = killed.is_some() && (any_cue(Cue::Excessive) || classes.iter().any(|c| matches!(*c, "kill" | "attack")));
            if any_cue(Cue::Excessive) || protest_victims {
                return (classes[0], Some(("Protests", "Excessive force against protesters", "ASSAULT", Some("crowd-control"), "175")));
            }
            if has("mob") {
                return ("mob", None);
            }
            if has("riot") || any_cue(Cue::Violent) {
                return ("riot", None);
            }
            if any_cue(Cue::Intervention) || has("arrest") {
                return (classes[0], Some(("Protests", "Protest with intervention", "PROTEST", Some("demo"), "141")));
            }
            (if has("strike") { "strike" } else { "protest" }, None)
        }
        "violence" | "property" => {
            for c in ["clash", "ambush"] {
                if has(c) {
                    return (if has("ambush") { "ambush" } else { "clash" }, None);
                }
            }
            for c in ["suicide", "chemical", "airstrike", "drone", "shelling", "grenade", "ied", "explosion"] {
                if has(c) {
                    return (pick(classes, c), None);
                }
            }
            if has("overrun") || has("recapture") {
                return (if actor_state { "recapture" } else { "overrun" }, None);
            }
            for c in ["massacre", "execute", "assassinate", "sexual", "torture", "beat"] {
                if has(c) {
                    return (pick(classes, c), None);
                }
            }
            if g.family == "property" {
                return (if has("loot") { "loot" } else { "destroy" }, None);
            }
            let armed = target_armed == Some(true) || (target_armed.is_none() && (has("raid") || actor_state));
            if armed {
                return (pick(classes, classes[0]), Some(("Battles", "Armed clash", "ASSAULT", None, "190")));
            }
            (if has("attack") { "attack" } else { pick(classes, classes[0]) }, None)
        }
        "capture" => {
            if actor_state {
                ("arrest", None)
            } else {
                ("abduct", None)
            }
        }
        _ => (pick(classes, classes[0]), None),
    }
}

fn pick<'c>(classes: &[&'c str], c: &str) -> &'c str {
    classes.iter().find(|x| **x == c).copied().unwrap_or(classes[0])
}

fn negated(sent: &Sent, h: &Hit) -> bool {
    let lo = h.i.saturating_sub(4);
    (lo..h.i).any(|k| {
        sent.has_cue_end(k, Cue::Negation)
            && !(sent.tok(k) == "not" && sent.tok(k + 1) == "only")
            && !(sent.tok(k) == "no" && sent.tok(k + 1) == "longer")
            && !sent.toks[k..h.i].iter().any(|t| matches!(t.lower.as_str(), "," | ";" | "but"))
    }) || (h.i + h.n..(h.i + h.n + 2).min(sent.toks.len())).any(|k| sent.tok(k) == "pas" || sent.tok(k) == "jamais")
}

fn hypothetical(sent: &Sent, h: &Hit) -> bool {
    let lo = h.i.saturating_sub(5);
    let before = (lo..h.i).any(|k| {
        sent.has_cue_end(k, Cue::Hypothetical)
            && !sent.toks[k..h.i].iter().any(|t| matches!(t.lower.as_str(), "," | ";" | "." | "which" | "who" | "that"))
            && !(sent.tok(k) == "may" && sent.toks[k].cap)
    });
    let after = (h.i + h.n..(h.i + h.n + 5).min(sent.toks.len())).any(|k| matches!(sent.tok(k), "future") );
    before || after
}

fn historical(sent: &Sent, h: &Hit, published: Option<&str>) -> bool {
    let year: Option<u32> = published.and_then(|p| p.get(..4)).and_then(|y| y.parse().ok());
    // a year before the publication year in the trigger's clause
    let (mut a, mut b) = (h.i, h.i);
    while a > 0 && !matches!(sent.tok(a - 1), "," | ";") {
        a -= 1;
    }
    while b < sent.toks.len() && !matches!(sent.tok(b), "," | ";" | ".") {
        b += 1;
    }
    if let Some(y) = year {
        for k in a..b {
            let t = &sent.toks[k];
            if t.kind == Kind::Num && !sent.in_paren[k] {
                if let Ok(v) = t.lower.parse::<u32>() {
                    if (1900..y).contains(&v) {
                        return true;
                    }
                }
            }
        }
    }
    if (a..b).any(|k| sent.has_cue_end(k, Cue::Historical)) {
        return true;
    }
    // present perfect in a relative clause: "France, which ... has withdrawn"
    if h.pos == Pos::Verb && h.i > 0 && matches!(sent.tok(h.i - 1), "has" | "have") {
        let rel = (h.i.saturating_sub(12)..h.i).any(|k| matches!(sent.tok(k), "which" | "who"));
        if rel {
            return true;
        }
    }
    false
}

/// A speech frame.
#[derive(Debug, Clone)]
struct Frame {
    kind: Cue,
    scope: Range<usize>,
    speaker: Option<String>,
}

fn frames(sent: &Sent, objects: &[bool]) -> Vec<Frame> {
    let n = sent.toks.len();
    let mut out = Vec::new();
    for i in 0..n {
        let Some((len, kinds)) = sent.cue_start[i].as_ref() else { continue };
        let len = *len;
        if sent.in_paren[i] {
            continue;
        }
        let prev = if i > 0 { sent.tok(i - 1) } else { "" };
        let noun_use = matches!(prev, "the" | "a" | "its" | "their" | "his" | "her" | "'s" | "such" | "this" | "these" | "those" | "any" | "la" | "sa" | "leur" | "les" | "ses");
        let passive = i > 0 && sent.has_cue_end(i - 1, Cue::Passive);
        let after_by = {
            let t = sent.tok(i + len);
            t == "by" || t == "par"
        };
        let speaker_left = || sent.subject_left(i, objects).map(|k| sent.nps[k].actor.name.clone());
        let speaker_by = || sent.agent_by(i + len).map(|k| sent.nps[k].actor.name.clone());
        for &kind in kinds {
            match kind {
                Cue::Claim | Cue::Deny if !noun_use => {
                    if passive || after_by {
                        out.push(Frame { kind, scope: 0..i, speaker: speaker_by() });
                    } else {
                        out.push(Frame { kind, scope: i + len..n, speaker: speaker_left() });
                    }
                }
                Cue::Allege => {
                    let l = sent.tok(i);
                    if matches!(l, "alleged" | "allegedly" | "présumé" | "présumés" | "présumée" | "présumées" | "aurait" | "auraient" | "suspected") && !passive && sent.tok(i + len) != "of" {
                        out.push(Frame { kind, scope: i + len..(i + len + 4).min(n), speaker: None });
                    } else if passive {
                        out.push(Frame { kind, scope: i + len..n, speaker: speaker_by() });
                    } else if !noun_use {
                        out.push(Frame { kind, scope: i + len..n, speaker: speaker_left() });
                    }
                }
                Cue::Report => {
                    // ", said a local official" / "X said"
                    let inverted = matches!(prev, "," | "”" | "\"" | "’");
                    let speaker = if inverted {
                        sent.nps.iter().find(|np| np.s > i && np.s <= i + len + 3).map(|np| np.actor.name.clone()).or_else(speaker_left)
                    } else {
                        speaker_left()
                    };
                    if !noun_use && !passive {
                        out.push(Frame { kind, scope: 0..n, speaker });
                    }
                }
                Cue::According => {
                    let speaker = sent.nps.iter().find(|np| np.s >= i + len && np.s <= i + len + 3).map(|np| np.actor.name.clone());
                    out.push(Frame { kind, scope: 0..n, speaker });
                }
                Cue::Reportedly => out.push(Frame { kind, scope: 0..n, speaker: None }),
                _ => {}
            }
        }
    }
    out
}

fn status_of(sent: &Sent, frames: &[Frame], i: usize, actor: Option<&Actor>) -> (EventStatus, Option<String>, Option<String>) {
    let _ = sent;
    let within: Vec<&Frame> = frames.iter().filter(|f| f.scope.contains(&i)).collect();
    let by = |k: Cue| within.iter().filter(|f| f.kind == k).min_by_key(|f| f.scope.len()).copied();
    if let Some(f) = by(Cue::Deny) {
        return (EventStatus::Denied, None, f.speaker.clone());
    }
    if let Some(f) = by(Cue::Claim) {
        return (EventStatus::Claimed, f.speaker.clone().or_else(|| actor.map(|a| a.name.clone())), None);
    }
    if let Some(f) = by(Cue::Allege) {
        return (EventStatus::Alleged, f.speaker.clone(), None);
    }
    if let Some(f) = by(Cue::According).or_else(|| by(Cue::Report)) {
        return (EventStatus::Reported, f.speaker.clone(), None);
    }
    if by(Cue::Reportedly).is_some() {
        return (EventStatus::Reported, None, None);
    }
    (EventStatus::Asserted, None, None)
}

/// Inline citations "(dakaractu.com, April 25)" and attributions in the
/// sentence, then the article's provenance chain.
fn sources_of(doc: &AnnotatedArticle, sent: &Sent, idx: &TextIndex) -> Vec<SourceRef> {
    let mut out = Vec::new();
    let text = doc.article.text.as_str();
    let stext = &text[sent.start..sent.end];
    let mut pos = 0;
    while let Some(o) = stext[pos..].find('(') {
        let a = pos + o;
        let Some(c) = stext[a..].find(')') else { break };
        let b = a + c;
        let inner = stext[a + 1..b].trim();
        pos = b + 1;
        let (name, date) = match inner.split_once(',') {
            Some((n, d)) => (n.trim(), Some(d.trim())),
            None => (inner, None),
        };
        let looks_source = name.contains('/') || name.contains('@') || (name.contains('.') && !name.contains(' ')) || date.is_some_and(|d| d.split_whitespace().any(|w| Lexicon::get().months.contains_key(w.to_lowercase().trim_end_matches('.'))));
        if !looks_source || name.is_empty() || name.len() > 80 {
            continue;
        }
        let (sb, se) = (sent.start + a, sent.start + b + 1);
        out.push(SourceRef {
            name: name.to_string(),
            kind: "citation".into(),
            date: date.and_then(|d| parse_day(d, doc.published_date())).or(date.map(str::to_string)),
            url: None,
            span: Some(Span { start: idx.byte_to_char(sb), end: idx.byte_to_char(se), text: stext[a..=b].to_string() }),
        });
    }
    // attributions: "according to Reuters", "told AFP", "selon l'AFP"
    for i in 0..sent.toks.len() {
        let l = sent.tok(i);
        let is_acc = sent.has_cue_start(i, Cue::According).is_some();
        let told = matches!(l, "told" | "à");
        if !(is_acc || told && l == "told") {
            continue;
        }
        let from = i + sent.has_cue_start(i, Cue::According).unwrap_or(1);
        if let Some(np) = sent.nps.iter().find(|np| np.s >= from && np.s <= from + 2 && !np.pronoun) {
            if told && !(np.resolved || sent.toks[np.s].acronym || sent.toks[np.s].cap) {
                continue;
            }
            let (sb, se) = (sent.toks[np.s].start, sent.toks[np.e - 1].end);
            out.push(SourceRef {
                name: np.actor.name.clone(),
                kind: "attribution".into(),
                date: None,
                url: None,
                span: Some(Span { start: idx.byte_to_char(sb), end: idx.byte_to_char(se), text: text[sb..se].to_string() }),
            });
        }
    }
    let a = &doc.article;
    if let Some(p) = &a.publisher {
        out.push(SourceRef { name: p.clone(), kind: "publisher".into(), date: a.published.clone(), url: a.url.clone(), span: None });
    }
    for p in &a.republished_from {
        if let Some(name) = p.publisher.clone().or_else(|| p.publication.clone()) {
            out.push(SourceRef { name, kind: "original".into(), date: p.published.clone(), url: p.url.clone(), span: None });
        }
        if let Some(au) = &p.author {
            out.push(SourceRef { name: au.clone(), kind: "author".into(), date: p.published.clone(), url: None, span: None });
        }
    }
    for au in &a.authors {
        if !out.iter().any(|s| s.kind == "author" && &s.name == au) {
            out.push(SourceRef { name: au.clone(), kind: "author".into(), date: a.published.clone(), url: None, span: None });
        }
    }
    out
}

/// "April 26" / "26 avril" / "April 26, 2022" → ISO date, year from the text or
/// the publication year (a date after publication belongs to the year before).
fn parse_day(s: &str, published: Option<&str>) -> Option<String> {
    let lx = Lexicon::get();
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().trim_end_matches('.').to_string())
        .collect();
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for w in &words {
        if let Some(m) = lx.months.get(w.as_str()) {
            month = Some(*m);
        } else if let Ok(v) = w.trim_end_matches("er").parse::<u32>() {
            if (1..=31).contains(&v) && day.is_none() {
                day = Some(v);
            } else if (1900..=2100).contains(&v) {
                year = Some(v);
            }
        }
    }
    let (m, d) = (month?, day?);
    let pub_ymd: Option<(u32, u32, u32)> = published.and_then(|p| {
        Some((p.get(..4)?.parse().ok()?, p.get(5..7)?.parse().ok()?, p.get(8..10)?.parse().ok()?))
    });
    let y = match (year, pub_ymd) {
        (Some(y), _) => y,
        (None, Some((py, pm, pd))) => {
            if (m, d) > (pm, pd) {
                py - 1
            } else {
                py
            }
        }
        (None, None) => return None,
    };
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Date from "on April 6" in the sentence (outside citations), else the publication date.
fn fallback_date(sent: &Sent, idx: &TextIndex, published: Option<&str>) -> Option<EventDate> {
    let lx = Lexicon::get();
    for k in 0..sent.toks.len() {
        if sent.in_paren[k] {
            continue;
        }
        let t = &sent.toks[k];
        let l = t.lower.trim_end_matches('.');
        if !lx.months.contains_key(l) || (l == "may" && !t.cap) || (l == "mars" && !sent.toks.get(k + 1).is_some_and(|x| x.kind == Kind::Num) && !(k > 0 && sent.toks[k - 1].kind == Kind::Num)) {
            continue;
        }
        let lo = k.saturating_sub(1);
        let hi = (k + 4).min(sent.toks.len());
        let phrase = &sent.text[sent.toks[lo].start..sent.toks[hi - 1].end];
        if let Some(d) = parse_day(phrase, published) {
            let (sb, se) = (sent.toks[lo].start, sent.toks[hi - 1].end);
            return Some(EventDate {
                date: d.clone(),
                value: Some(d),
                precision: DatePrecision::Day,
                time_precision: 1,
                source: "text".into(),
                span: Some(Span { start: idx.byte_to_char(sb), end: idx.byte_to_char(se), text: phrase.to_string() }),
            });
        }
    }
    published.map(|p| EventDate {
        date: p.to_string(),
        value: None,
        precision: DatePrecision::Day,
        time_precision: 1,
        source: "published".into(),
        span: None,
    })
}

/// The place phrase nearest the trigger (after it first), when the geo stage gives none.
fn fallback_place(sent: &Sent, idx: &TextIndex, trig: usize) -> Option<EventLocation> {
    let best = sent
        .nps
        .iter()
        .filter(|np| np.place && !sent.in_paren[np.s])
        .min_by_key(|np| if np.s >= trig { np.s - trig } else { (trig - np.s) * 2 + 1 })?;
    let (sb, se) = (sent.toks[best.s].start, sent.toks[best.e - 1].end);
    let prev = if best.s > 0 { sent.tok(best.s - 1) } else { "" };
    let region = matches!(prev, "northern" | "southern" | "eastern" | "western" | "central" | "nord" | "sud" | "est" | "ouest" | "centre");
    let name = sent.text[sb..se].to_string();
    Some(EventLocation {
        place: Place {
            name: name.clone(),
            precision: if region { GeoPrecision::Region } else { GeoPrecision::Town },
            ..Default::default()
        },
        span: Some(Span { start: idx.byte_to_char(sb), end: idx.byte_to_char(se), text: name }),
    })
}
