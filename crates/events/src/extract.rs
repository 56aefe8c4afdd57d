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
const BOUNDARIES: &[&str] = &[
    ";",
    "meanwhile",
    "elsewhere",
    "separately",
    "whereas",
    "tandis",
    "ailleurs",
    "parallèlement",
];

/// A group of triggers coded as one event.
#[derive(Debug, Clone)]
struct Group {
    family: String,
    hits: Vec<usize>,
}

/// Move the hits of every group other than `into` that `absorbed` accepts
/// into group `into`, dropping the emptied groups.
fn absorb(groups: &mut Vec<Group>, mut into: usize, absorbed: impl Fn(&Group) -> bool) {
    let mut gi = 0;
    while gi < groups.len() {
        if gi != into && absorbed(&groups[gi]) {
            let hs = groups.remove(gi).hits;
            if gi < into {
                into -= 1;
            }
            groups[into].hits.extend(hs);
            continue;
        }
        gi += 1;
    }
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
    /// The document's focus country (`khaldun_actors::focus_country`), once computed.
    pub focus: Option<Option<String>>,
}

/// A placeholder state actor ("the army", "the military camp" with no
/// country: `state-military`) made specific: the same branch of a state named
/// in the sentence ("clashes with the Malian army"), else of the document's
/// focus country. Other actors are returned unchanged.
fn contextual_state(a: Actor, sent: &Sent, focus: Option<&str>, actors: &ActorBase) -> Actor {
    let branch = match a.id.as_deref() {
        Some("state-military") => khaldun_actors::Branch::Military,
        Some("state-police") => khaldun_actors::Branch::Police,
        Some("state-government") => khaldun_actors::Branch::Government,
        _ => return a,
    };
    let named = sent.nps.iter().find(|n| {
        n.actor.country.is_some()
            && n.actor.inter == Some(1)
            && n.actor.sector == a.sector
            && n.actor
                .id
                .as_deref()
                .is_some_and(|id| !id.starts_with("state-"))
    });
    if let Some(n) = named {
        return n.actor.clone();
    }
    focus
        .and_then(|c| actors.state_actor(c, branch))
        .unwrap_or(a)
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
        if matches!(l, "one" | "un" | "une")
            && matches!(self.tok(k + 1), "was" | "died" | "is" | "a" | "est")
        {
            return Some(1);
        }
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
        if lx.months.contains_key(prev.trim_end_matches('.'))
            || lx.months.contains_key(next.trim_end_matches('.'))
        {
            return None;
        }
        if t.kind == Kind::Num && (1900..=2100).contains(&v) && !l.contains(',') {
            return None;
        }
        if matches!(
            next,
            "km" | "kilometres"
                | "kilometers"
                | "miles"
                | "%"
                | "percent"
                | "years"
                | "year"
                | "hours"
                | "days"
                | "months"
                | "ans"
                | "jours"
                | "heures"
                | "mois"
                | "kilomètres"
                | "h"
                | "p.m."
                | "a.m."
                | "pm"
                | "am"
                | ":"
                | "o'clock"
                | "meters"
                | "metres"
                | "mètres"
                | "°"
        ) {
            return None;
        }
        if matches!(
            prev,
            "$" | "€" | "£" | "no." | "n°" | "resolution" | "article" | "route" | "rn"
        ) {
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
        // ranges: lowest figure ("between 7 and 10", "7 to 10")
        if k >= 2
            && (matches!(prev, "to" | "-" | "–" | "or" | "à" | "ou")
                || (matches!(prev, "and" | "et")
                    && k >= 3
                    && matches!(self.tok(k - 3), "between" | "entre")))
        {
            if let Some(w) = self.toks.get(k - 2) {
                if w.kind == Kind::Num {
                    if let Ok(x) = w.lower.replace(',', "").parse::<u32>() {
                        v = v.min(x);
                    }
                }
            }
        }
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

    /// A coordination of counted phrases starting at `k`: "10 soldiers and 19
    /// suspected cartel members", "the imam and 14 worshippers", "Five Chinese
    /// engineers and their Pakistani driver". Returns the sum and the end token.
    fn chain(&self, mut k: usize) -> Option<(u32, usize)> {
        let lx = Lexicon::get();
        let n = self.toks.len();
        let mut total = 0u32;
        let mut found = false;
        let mut end = k;
        loop {
            while k < n
                && matches!(
                    self.tok(k),
                    "at" | "least"
                        | "about"
                        | "some"
                        | "more"
                        | "than"
                        | "nearly"
                        | "over"
                        | "almost"
                        | "around"
                        | "au"
                        | "moins"
                        | "plus"
                        | "environ"
                        | "près"
                        | "de"
                        | "d'"
                        | "between"
                        | "entre"
                )
            {
                k += 1;
            }
            if k >= n {
                break;
            }
            // a bare range "10 et 15 morts", "seven and ten people": the lower figure
            if let (Some(a), true, Some(b)) = (
                self.number_at(k),
                matches!(self.tok(k + 1), "and" | "et" | "to" | "à"),
                self.number_at(k + 2),
            ) {
                total = total.saturating_add(a.min(b));
                found = true;
                k += 3;
            } else if let Some(v) = self.number_at(k) {
                total = total.saturating_add(v);
                found = true;
                k += 1;
            } else if matches!(
                self.tok(k),
                "a" | "an"
                    | "the"
                    | "their"
                    | "his"
                    | "its"
                    | "her"
                    | "one"
                    | "un"
                    | "une"
                    | "le"
                    | "la"
                    | "l'"
                    | "son"
                    | "sa"
                    | "leur"
            ) {
                // a determiner and a singular person head within three words
                let mut j = k + 1;
                let mut hit = None;
                while j < n && j <= k + 3 {
                    if let Some((len, _)) = lx.heads.longest(&self.toks, j) {
                        if !self.tok(j + len - 1).ends_with('s') {
                            hit = Some(j + len);
                        }
                        break;
                    }
                    if self.toks[j].kind != Kind::Word
                        || crate::sentence::PREPS.contains(&self.tok(j))
                    {
                        break;
                    }
                    j += 1;
                }
                match hit {
                    Some(e) => {
                        total = total.saturating_add(1);
                        found = true;
                        k = e;
                    }
                    None => break,
                }
            } else {
                break;
            }
            // the rest of the phrase
            let mut w = 0;
            while k < n
                && w < 5
                && self.toks[k].kind == Kind::Word
                && !matches!(
                    self.tok(k),
                    "and" | "et" | "were" | "was" | "have" | "had" | "died" | "ont" | "sont" | "a"
                )
                && !crate::sentence::PREPS.contains(&self.tok(k))
                && lx.casualties.longest(&self.toks, k).is_none()
            {
                k += 1;
                w += 1;
            }
            end = k;
            // an apposition: ", among them three children,"
            if self.tok(k) == ","
                && matches!(
                    self.tok(k + 1),
                    "among" | "including" | "dont" | "parmi" | "notamment" | "most" | "mostly"
                )
            {
                let mut j = k + 1;
                while j < n && self.tok(j) != "," {
                    j += 1;
                }
                k = j + 1;
                end = k;
                continue;
            }
            if matches!(self.tok(k), "and" | "et") {
                k += 1;
                continue;
            }
            break;
        }
        found.then_some((total, end))
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
            let active = lx
                .active_casualty
                .longest(&self.toks, i)
                .is_some_and(|(n, _)| n == len);
            let passive = i > 0 && self.has_cue_end(i - 1, Cue::Passive);
            let mut found = None;
            // a coordinated victim phrase right after an active form, or ending right before a passive one
            let mut chained = None;
            if active && !passive {
                let mut j = i + len;
                while matches!(self.tok(j), "at" | "least" | "between" | "entre") {
                    j += 1;
                }
                chained = self.chain(j).map(|(v, _)| v);
            } else {
                let mut e = i;
                while e > 0
                    && matches!(
                        self.tok(e - 1),
                        "were"
                            | "was"
                            | "been"
                            | "have"
                            | "had"
                            | "has"
                            | "reportedly"
                            | "also"
                            | "ont"
                            | "été"
                            | "sont"
                            | "a"
                            | "is"
                            | "are"
                    )
                {
                    e -= 1;
                }
                let lo = e.saturating_sub(14);
                for s0 in lo..e {
                    if let Some((v, end)) = self.chain(s0) {
                        if end == e {
                            chained = Some(v);
                            break;
                        }
                    }
                }
            }
            if let Some(v) = chained {
                let pos = i;
                out.push(Count {
                    kind,
                    value: v,
                    pos,
                });
                i += len;
                continue;
            }
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
                    if matches!(
                        l,
                        "at" | "least"
                            | "about"
                            | "around"
                            | "some"
                            | "more"
                            | "than"
                            | "over"
                            | "nearly"
                            | "almost"
                            | "up"
                            | "to"
                            | "rose"
                            | "risen"
                            | "climbed"
                            | "stood"
                            | "stands"
                            | "reached"
                            | "has"
                            | "is"
                            | "of"
                            | "approximately"
                            | "roughly"
                            | "an"
                            | "estimated"
                            | "au"
                            | "moins"
                            | "plus"
                            | "de"
                            | "près"
                            | "environ"
                            | "quelque"
                            | "d'"
                            | "s'élève"
                            | "est"
                            | "à"
                            | "passé"
                            | "the"
                            | "les"
                            | "des"
                            | "la"
                            | "le"
                            | "a"
                            | "s'établit"
                            | "fait"
                            | "par"
                    ) {
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
                out.push(Count {
                    kind,
                    value: v,
                    pos: i,
                });
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
    let lx = Lexicon::get();
    let n = sent.toks.len();
    if sent.nps.is_empty()
        && sent.hits.is_empty()
        && !(0..n).any(|k| sent.has_cue_end(k, Cue::Zero) || sent.has_cue_end(k, Cue::Denial))
        && !(0..n).any(|k| lx.casualties.longest(&sent.toks, k).is_some())
    {
        return Vec::new();
    }
    let counts = sent.counts();
    let zero = (0..n).any(|k| sent.has_cue_end(k, Cue::Zero));
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
    let nonconflict = (0..n).any(|k| sent.has_cue_end(k, Cue::Nonconflict));
    let frames = frames(sent, &objects);

    // which triggers are events
    // aid is no codable event an accusation could be about ("accused X of supplying arms")
    let material = |h: &Hit| !matches!(family_of(&h.class).as_str(), "verbal" | "aid");
    let mut keep: Vec<bool> = sent
        .hits
        .iter()
        .map(|h| {
            // sport, drills, politics as metaphor
            if nonconflict && matches!(family_of(&h.class).as_str(), "violence" | "property") {
                return false;
            }
            // the topic of a protest or a statement ("to denounce the killing of", "demanding the release of")
            let lo = h.i.saturating_sub(4);
            if h.i > 0 && (lo..h.i).any(|k| sent.has_cue_end(k, Cue::Topic)) {
                return false;
            }
            // a diplomatic noun ("the deal", "sanctions", "the release") is an event only
            // with its own verb ("signed a deal", "imposed sanctions", "the ceasefire took effect")
            let fam = family_of(&h.class);
            if h.pos == Pos::Noun
                && matches!(
                    fam.as_str(),
                    "verbal" | "agreement" | "sanction" | "aid" | "retreat"
                )
                && sent.light_before(h.i).is_none()
                && !(h.i + h.n..(h.i + h.n + 4).min(n)).any(|k| sent.has_cue_end(k, Cue::Light))
                && !sent.hits.iter().any(|o| {
                    o.pos == Pos::Verb && family_of(&o.class) == fam && o.i.abs_diff(h.i) <= 6
                })
            {
                return false;
            }
            // a cooperative trigger in a hostile phrase ("met with resistance",
            // "in support of", "support helicopters")
            if lx.classes.get(&h.class).is_some_and(|c| {
                c.family != "agreement"
                    && matches!(
                        c.plover.as_str(),
                        "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" | "CONCEDE" | "AGREE"
                    )
            }) && (h.i.saturating_sub(2)..(h.i + h.n + 4).min(n)).any(|k| {
                sent.has_cue_start(k, Cue::Uncoop)
                    .is_some_and(|len| k >= h.i + h.n || k + len > h.i)
            }) {
                return false;
            }
            // an intention whose content is violence or a threat ("ready to attack") is no
            // offer to cooperate: the act is coded (hypothetical) on its own
            if lx.classes.get(&h.class).is_some_and(|c| c.is_intention())
                && sent.hits.iter().any(|o| {
                    o.i >= h.i + h.n
                        && o.i < h.i + h.n + 4
                        && (matches!(family_of(&o.class).as_str(), "violence" | "property")
                            || o.class == "threaten")
                })
            {
                return false;
            }
            // an arrest someone only tried to make
            if h.class == "arrest"
                && (h.i.saturating_sub(3)..h.i).any(|k| sent.has_cue_end(k, Cue::Hypothetical))
            {
                return false;
            }
            if h.pos == Pos::Noun && h.i > 0 {
                let p2 = if h.i > 1 { sent.tok(h.i - 2) } else { "" };
                if sent.has_cue_end(h.i - 1, Cue::Anaphor)
                    || matches!(p2, "these" | "those" | "ces")
                {
                    return false;
                }
            }
            true
        })
        .collect();
    // a negated act ("failed to agree") is no codable event either
    let any_material = sent
        .hits
        .iter()
        .zip(&keep)
        .any(|(h, k)| *k && material(h) && !negated(sent, h));
    for (k, h) in sent.hits.iter().enumerate() {
        if family_of(&h.class) == "verbal" {
            // an accusation or denial of a codable event is that event's status, not an event
            if any_material
                || sent.is_passive(h)
                || (h.class == "accuse" && roles[k].actor.is_none())
            {
                keep[k] = false;
            }
            if h.class == "deny"
                && matches!(
                    sent.tok(h.i + h.n),
                    "claims" | "reports" | "allegations" | "accusations" | "responsibility"
                )
            {
                keep[k] = false;
            }
        }
        // the explosive a force defused or intercepted is no explosion
        if family_of(&h.class) == "violence"
            && matches!(
                h.class.as_str(),
                "explosion" | "ied" | "drone" | "shelling" | "airstrike" | "grenade" | "suicide"
            )
        {
            let defused = sent
                .hits
                .iter()
                .any(|d| d.class == "defuse" && d.i < h.i && h.i <= d.i + d.n + 5);
            if defused {
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
        if h.class == "overrun" {
            let weapons =
                (h.i + h.n..(h.i + h.n + 6).min(n)).any(|j| sent.has_cue_end(j, Cue::Weapon));
            if weapons {
                fam = "disrupted".into();
            } else if let Some(t) = roles[k].target {
                if is_person(sent, t) {
                    fam = "capture".into();
                }
            }
        }
        let mergeable = matches!(
            fam.as_str(),
            "violence"
                | "demonstration"
                | "agreement"
                | "property"
                | "retreat"
                | "change"
                | "disrupted"
                | "abduction"
                | "arrest"
                | "coup"
                | "aid"
        );
        // "...; one was killed and two were injured": casualties of the event before
        if h.class == "kill" && roles[k].actor.is_none() && (roles[k].passive || h.pos == Pos::Noun)
        {
            if let Some(g) = groups
                .iter()
                .rposition(|g| matches!(g.family.as_str(), "violence" | "demonstration"))
            {
                groups[g].hits.push(k);
                continue;
            }
        }
        let target_group = groups.iter().rposition(|g| {
            mergeable
                && g.family == fam
                && !sent.boundary_between(sent.hits[*g.hits.last().unwrap()].i, h.i)
                && !new_clause(sent, &roles, g, k)
        });
        match target_group {
            Some(g) => groups[g].hits.push(k),
            None => groups.push(Group {
                family: fam,
                hits: vec![k],
            }),
        }
    }
    let group_actor = |g: &Group| g.hits.iter().find_map(|&k| roles[k].actor);
    let group_target = |g: &Group| g.hits.iter().find_map(|&k| roles[k].target);
    let np_is = |k: usize, words: &[&str], inters: &[u8]| {
        let np = &sent.nps[k];
        let name = format!(
            "{} {}",
            np.actor.name.to_lowercase(),
            sent.raw(np.s, np.e).to_lowercase()
        );
        np.actor.inter.is_some_and(|i| inters.contains(&i))
            || words.iter().any(|w| name.contains(w))
    };
    const CIVILIAN_SITES: &[&str] = &[
        "village",
        "market",
        "school",
        "mosque",
        "church",
        "house",
        "home",
        "town",
        "hospital",
        "camp for displaced",
        "idp",
        "bus",
        "wedding",
        "funeral",
        "farm",
        "marché",
        "école",
        "église",
        "mosquée",
    ];
    const PROTESTERS: &[&str] = &[
        "protest",
        "demonstrat",
        "riot",
        "manifestant",
        "émeutier",
        "marcher",
        "supporters",
        "partisans",
    ];
    // territory absorbs the fighting and the withdrawal that made it
    if let Some(t) = groups.iter().position(|g| {
        g.hits.iter().any(|&k| {
            matches!(
                sent.hits[k].class.as_str(),
                "overrun" | "recapture" | "handover"
            )
        })
    }) {
        absorb(&mut groups, t, |g| {
            (g.family == "retreat" || g.family == "violence")
                && g.hits.iter().all(|&k| {
                    matches!(
                        sent.hits[k].class.as_str(),
                        "withdraw"
                            | "clash"
                            | "attack"
                            | "raid"
                            | "shelling"
                            | "airstrike"
                            | "drone"
                    )
                })
        });
    }
    // an assault without victims whose purpose is an abduction, arrest or looting is part of it
    if let Some(o) = groups.iter().position(|g| {
        matches!(
            g.family.as_str(),
            "abduction" | "arrest" | "capture" | "property"
        )
    }) {
        let no_victims = !counts
            .iter()
            .any(|c| matches!(c.kind, Casualty::Killed | Casualty::Injured));
        absorb(&mut groups, o, |g| {
            g.family == "violence"
                && no_victims
                && g.hits
                    .iter()
                    .all(|&k| matches!(sent.hits[k].class.as_str(), "raid" | "attack"))
        });
    }
    // violence by protesters or rioters is a riot; violence on protesters is excessive force
    let demo = groups.iter().position(|g| g.family == "demonstration");
    let mut riot_groups = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        if !matches!(g.family.as_str(), "violence" | "property") {
            continue;
        }
        let by_protesters = group_actor(g).is_some_and(|a| {
            np_is(a, PROTESTERS, &[5, 6])
                || np_is(
                    a,
                    &[
                        "mob", "crowd", "foule", "angry", "colère", "youths", "jeunes",
                    ],
                    &[],
                )
        });
        let state_in_protest = demo.is_some()
            && group_actor(g).is_some_and(|a| {
                np_is(
                    a,
                    &[
                        "police",
                        "soldier",
                        "gendarm",
                        "security forces",
                        "troops",
                        "forces de l'ordre",
                        "army",
                        "armée",
                    ],
                    &[1],
                )
            });
        let on_protesters =
            group_target(g).is_some_and(|t| np_is(t, PROTESTERS, &[6])) || state_in_protest;
        let mob_demo =
            demo.is_some_and(|d| groups[d].hits.iter().any(|&k| sent.hits[k].class == "mob"));
        if by_protesters || on_protesters || mob_demo {
            riot_groups.push(gi);
        }
    }
    // acts without their own actor in a riot sentence ("... and torched vehicles") belong to the riot
    if demo.is_some() || !riot_groups.is_empty() {
        for (gi, g) in groups.iter().enumerate() {
            if matches!(g.family.as_str(), "violence" | "property")
                && group_actor(g).is_none()
                && !riot_groups.contains(&gi)
                && Some(gi) != demo
            {
                riot_groups.push(gi);
            }
        }
        riot_groups.sort_unstable();
    }
    let d = match demo {
        Some(d) => Some(d),
        None => riot_groups
            .first()
            .copied()
            .inspect(|&f| groups[f].family = "demonstration".into()),
    };
    if let Some(d) = d {
        let mut merged = groups[d].hits.clone();
        for gi in &riot_groups {
            if *gi != d {
                merged.extend(groups[*gi].hits.iter().copied());
            }
        }
        let mut kept: Vec<Group> = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            if gi == d {
                kept.push(Group {
                    family: g.family.clone(),
                    hits: merged.clone(),
                });
            } else if !riot_groups.contains(&gi) {
                kept.push(g.clone());
            }
        }
        groups = kept;
    }
    // damage done in a battle is part of the battle
    if let Some(b) = groups.iter().position(|g| {
        g.family == "violence"
            && g.hits
                .iter()
                .any(|&k| matches!(sent.hits[k].class.as_str(), "clash" | "ambush"))
    }) {
        absorb(&mut groups, b, |g| g.family == "property");
    }
    let has_arrest_group = groups.iter().any(|g| g.family == "arrest");

    let mut events = Vec::new();
    let text = doc.article.text.as_str();
    let sent_cp = idx.byte_to_char(sent.start)..idx.byte_to_char(sent.end);
    let mut used_counts = vec![false; counts.len()];
    for (gi, g) in groups.iter().enumerate() {
        let rep = *g
            .hits
            .iter()
            .max_by_key(|&&k| {
                (
                    family_of(&sent.hits[k].class) == g.family,
                    rank(&sent.hits[k].class),
                    std::cmp::Reverse(sent.hits[k].i),
                )
            })
            .unwrap();
        let h = &sent.hits[rep];
        let mut actor = None;
        let mut assoc = Vec::new();
        let mut target = None;
        let mut assoc_targets = Vec::new();
        let mut ordered = g.hits.clone();
        ordered.sort_by_key(|&k| sent.hits[k].i);
        for &k in &ordered {
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
        // people over places: "raided Kwaljiri village ..., killing 11 farmers"
        let site = |t: usize| np_is(t, CIVILIAN_SITES, &[]) && !sent.nps[t].resolved;
        if let Some(t0) = target.filter(|&t| site(t)) {
            let people = ordered.iter().find_map(|&k| {
                roles[k]
                    .target
                    .filter(|&t| {
                        t != t0
                            && Some(t) != actor
                            && !site(t)
                            && !sent.nps[t].place
                            && (sent.nps[t].head || sent.nps[t].resolved)
                    })
                    .map(|t| (t, roles[k].assoc_targets.clone()))
            });
            if let Some((t, assoc)) = people {
                target = Some(t);
                assoc_targets = assoc;
            }
        }
        if actor.is_none() && ordered.iter().any(|&k| roles[k].adjunct) {
            actor = groups[..gi]
                .iter()
                .rev()
                .find_map(|pg| pg.hits.iter().find_map(|&k| roles[k].actor));
            // no earlier event: the sentence's own subject, when it opens the sentence
            // ("Les forces de l'ordre ont tiré ..., tuant quatre personnes")
            if actor.is_none() {
                actor = sent
                    .nps
                    .iter()
                    .position(|np| {
                        np.s <= 2 && np.prep.is_none() && !np.place && !np.pronoun && np.head
                    })
                    .filter(|&a| Some(a) != target);
            }
        }
        if g.family == "demonstration" {
            // the protesters are the actor of a protest; the force that hits them of excessive force
            if let Some(t) = target.filter(|&t| np_is(t, PROTESTERS, &[6])) {
                if actor.is_none() {
                    actor = Some(t);
                    target = None;
                }
            }
        }
        if target.is_some() && target == actor {
            target = None;
        }
        // speaker frames
        let fr = ordered
            .iter()
            .map(|&k| status_of(sent, &frames, sent.hits[k].i))
            .max_by_key(|f| status_rank(f.status))
            .unwrap_or_else(|| status_of(sent, &frames, h.i));
        let fr = if family_of(&h.class) == "verbal"
            && matches!(
                fr.status,
                EventStatus::Alleged | EventStatus::Denied | EventStatus::Claimed
            ) {
            // an accusation's own verb is no allegation of itself
            FrameStatus {
                status: EventStatus::Asserted,
                claimant: None,
                denied_by: None,
                speaker_np: None,
            }
        } else {
            fr
        };
        let resolve_np = |k: usize| -> Actor {
            let np = &sent.nps[k];
            if np.pronoun {
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
        let mut actor_a = actor.map(resolve_np).filter(|a| !is_pronoun_name(&a.name));
        // "JNIM claimed that its fighters ...": the possessor is the actor
        if let Some(a) = actor {
            let s = sent.nps[a].s;
            if s > 0
                && matches!(
                    sent.tok(s - 1),
                    "its" | "their" | "ses" | "leurs" | "son" | "sa" | "leur"
                )
            {
                if let Some(sp) = fr.speaker_np {
                    actor_a = Some(sent.nps[sp].actor.clone());
                }
            }
        }
        // the perpetrator named by the trigger itself: "a suicide bomber", "kamikazes"
        if actor_a.is_none() {
            if let Some(&k) = ordered.iter().find(|&&k| {
                let t = sent.tok(sent.hits[k].i + sent.hits[k].n - 1);
                matches!(t, "bomber" | "bombers" | "kamikaze" | "kamikazes")
            }) {
                let hk = &sent.hits[k];
                actor_a = Some(Actor {
                    name: sent.raw(hk.i, hk.i + hk.n).to_string(),
                    inter: Some(2),
                    ..Default::default()
                });
            }
        }
        let target_a = target.map(resolve_np).filter(|a| !is_pronoun_name(&a.name));
        let focus = state
            .focus
            .get_or_insert_with(|| khaldun_actors::focus_country(doc))
            .clone();
        let mut actor_a = actor_a.map(|a| contextual_state(a, sent, focus.as_deref(), actors));
        let target_a = target_a.map(|a| contextual_state(a, sent, focus.as_deref(), actors));
        // diplomacy is between political actors: a visit to a school or praise for
        // teachers by no known actor is no PLOVER event
        let diplomatic = lx.classes.get(h.class.as_str()).is_some_and(|c| {
            c.family == "verbal"
                && matches!(
                    c.plover.as_str(),
                    "CONSULT" | "SUPPORT" | "COOPERATE" | "CONCEDE" | "AGREE"
                )
        });
        // a political actor: known to the actor base and not a class of civilians
        // (ACLED inter 7: "teachers", "villagers"), or a proper name ("Moussa Keita")
        let political = |k: usize| {
            let np = &sent.nps[k];
            (np.resolved && np.actor.inter != Some(7))
                || (!np.head && !np.place && np.e > np.s && sent.toks[np.e - 1].cap)
                // an office holder: "the Ivorian president", "le ministre"
                || (np.s..np.e).any(|j| sent.has_cue_start(j, Cue::Office).is_some())
        };
        if diplomatic
            && target.is_some_and(|t| !political(t))
            && actor.is_none_or(|a| !political(a))
        {
            continue;
        }
        // nor is a bare noun with neither side ("questionable support from Russia")
        if diplomatic && actor.is_none() && target.is_none() {
            continue;
        }
        let classes: Vec<&str> = ordered
            .iter()
            .map(|&k| sent.hits[k].class.as_str())
            .collect();

        // casualties: counts nearest to this group's triggers
        let mut killed: Option<u32> = None;
        let mut injured: Option<u32> = None;
        let mut abducted: Option<u32> = None;
        let mut arrested: Option<u32> = None;
        for (ci, c) in counts.iter().enumerate() {
            let nearest = groups
                .iter()
                .enumerate()
                .filter(|(_, gg)| accepts(&gg.family, c.kind))
                .min_by_key(|(_, gg)| {
                    gg.hits
                        .iter()
                        .map(|&k| sent.hits[k].i.abs_diff(c.pos))
                        .min()
                        .unwrap_or(usize::MAX)
                })
                .map(|(x, _)| x);
            if nearest != Some(gi) {
                continue;
            }
            used_counts[ci] = true;
            let slot = match c.kind {
                Casualty::Killed => &mut killed,
                Casualty::Injured => &mut injured,
                Casualty::Abducted => &mut abducted,
                Casualty::Arrested => &mut arrested,
            };
            // conflicting figures: the lowest
            *slot = Some(slot.map_or(c.value, |v| v.min(c.value)));
        }
        // a figure in the victim phrase: "Eleven civilians, among them three children, were killed"
        let killer = classes
            .iter()
            .any(|c| matches!(*c, "kill" | "massacre" | "execute" | "assassinate"));
        if killed.is_none() && killer {
            killed = victim_count(sent, &roles, &ordered);
        }
        if g.family == "abduction" && abducted.is_none() {
            abducted = victim_count(sent, &roles, &ordered);
        }
        if g.family == "arrest" && arrested.is_none() {
            arrested = victim_count(sent, &roles, &ordered);
        }
        if zero && matches!(g.family.as_str(), "violence" | "demonstration") {
            killed = killed.or(Some(0));
            if (0..n).any(|k| {
                matches!(
                    sent.tok(k),
                    "hurt" | "injured" | "injuries" | "blessés" | "harmed"
                )
            }) {
                injured = injured.or(Some(0));
            }
        }

        let civilian_site = target.is_some_and(|t| np_is(t, CIVILIAN_SITES, &[7]));
        let target_armed = if civilian_site {
            Some(false)
        } else {
            target.and_then(|t| sent.nps[t].armed)
        }
        .or_else(|| {
            target
                .map(|t| {
                    np_is(
                        t,
                        &[
                            "base",
                            "camp",
                            "post",
                            "checkpoint",
                            "convoy",
                            "patrol",
                            "barracks",
                            "position",
                        ],
                        &[],
                    )
                })
                .filter(|b| *b)
        });
        // pro-government auxiliaries count with the state ("VDP", "militias loyal to the government")
        let pro_gov = actor.is_some_and(|a| {
            let raw = sent
                .raw(sent.nps[a].s, (sent.nps[a].e + 6).min(sent.toks.len()))
                .to_lowercase();
            [
                "loyal to the",
                "pro-government",
                "government-allied",
                "volunteers for the defen",
                "(vdp)",
                "auxiliary",
                "supplétifs",
                "progouvernement",
            ]
            .iter()
            .any(|w| raw.contains(w))
        });
        let actor_state = pro_gov
            || actor_a.as_ref().and_then(|a| a.inter) == Some(1)
            || actor.is_some_and(|a| {
                np_is(
                    a,
                    &[
                        "army",
                        "troops",
                        "soldiers",
                        "forces",
                        "military",
                        "armée",
                        "soldats",
                        "militaires",
                        "police",
                        "gendarm",
                    ],
                    &[1],
                ) && !np_is(
                    a,
                    &[
                        "rapid support",
                        "democratic forces",
                        "defence forces",
                        "defense forces",
                        "liberation",
                        "rebel",
                    ],
                    &[2, 3, 4],
                )
            });
        let nonviolent = (0..n).any(|k| sent.has_cue_end(k, Cue::Nonviolent))
            || (actor_state && (0..n).any(|k| matches!(sent.tok(k), "departure" | "départ")));
        let (code_class, sub_override) = code_group(
            sent,
            g,
            &classes,
            target_armed,
            actor_state,
            killed,
            has_arrest_group,
            nonviolent,
        );
        let info = lx.classes.get(code_class).cloned().unwrap_or(ClassInfo {
            plover: "ASSAULT".into(),
            mode: None,
            acled_type: "Strategic developments".into(),
            acled_sub: "Other".into(),
            cameo: "180".into(),
            family: "other".into(),
            intent: None,
        });
        let (acled_type, acled_sub, plover_type, mode, cameo) = match sub_override {
            Some((t, s, p, m, c)) => (
                t.to_string(),
                s.to_string(),
                p.to_string(),
                m.map(str::to_string),
                c.to_string(),
            ),
            None => (
                info.acled_type.clone(),
                info.acled_sub.clone(),
                info.plover.clone(),
                info.mode.clone(),
                info.cameo.clone(),
            ),
        };
        let mode = mode.or_else(|| {
            classes
                .iter()
                .filter_map(|c| lx.classes.get(*c).and_then(|i| i.mode.clone()))
                .next()
        });

        let negated = negated(sent, h);
        let mut hypothetical = hypothetical(sent, h);
        let historical = historical(sent, h, doc.published_date())
            || sentence_year_before(sent, doc.published_date());
        let span_lo = ordered.iter().map(|&k| sent.hits[k].i).min().unwrap_or(0);
        let attempt =
            (span_lo.saturating_sub(4)..span_lo).any(|k| sent.has_cue_end(k, Cue::Attempt));
        // a failed attempt ("attempts to seize X were repelled", "tentative de prise déjouée"):
        // the intended act did not happen, the fighting with the defenders did
        let failed_attempt = failed_attempt(sent, span_lo, code_class);
        let (acled_type, acled_sub, mut plover_type, mut mode, mut cameo) = if failed_attempt {
            hypothetical = false;
            (
                "Battles".to_string(),
                "Armed clash".to_string(),
                "ASSAULT".to_string(),
                Some("firearms".to_string()),
                "190".to_string(),
            )
        } else {
            (acled_type, acled_sub, plover_type, mode, cameo)
        };

        // status: the perpetrator's own report is a claim
        let (mut status, mut claimant, denied_by) =
            (fr.status, fr.claimant.clone(), fr.denied_by.clone());
        if status == EventStatus::Reported {
            let pronoun_actor = actor.is_some_and(|a| sent.nps[a].pronoun);
            let same = match (&claimant, &actor_a) {
                (Some(c), Some(a)) => {
                    same_actor_name(c, &a.name)
                        || actor.is_some_and(|x| {
                            same_actor_name(c, sent.raw(sent.nps[x].s, sent.nps[x].e))
                        })
                }
                _ => false,
            };
            let own = actor.is_some_and(|a| {
                sent.nps[a].s > 0
                    && matches!(
                        sent.tok(sent.nps[a].s - 1),
                        "its" | "their" | "ses" | "leurs" | "son" | "sa"
                    )
            });
            let voice = claimant
                .as_deref()
                .map(|c| c.to_lowercase())
                .unwrap_or_default();
            const STATE_VOICE: &[&str] = &[
                "army",
                "military",
                "ministry",
                "command",
                "government",
                "spokesman",
                "spokesperson",
                "defence",
                "defense",
                "minister",
                "armed forces",
                "junta",
                "pentagon",
                "kremlin",
                "police",
                "armée",
                "ministère",
                "état-major",
                "porte-parole",
                "gouvernement",
                "forces armées",
            ];
            const GROUP_VOICE: &[&str] = &[
                "the group",
                "the movement",
                "the alliance",
                "the organisation",
                "the organization",
                "the militants",
                "the rebels",
                "the insurgents",
                "the jihadists",
                "the agency",
                "the rebel",
                "the ethnic armed group",
                "the armed group",
                "le groupe",
                "le mouvement",
            ];
            // a state voice about its own forces: same country when both are known
            let voice_actor = claimant.as_deref().and_then(|c| actors.resolve(c));
            let country_clash = match (
                voice_actor.as_ref().and_then(|v| v.country.as_deref()),
                actor_a.as_ref().and_then(|a| a.country.as_deref()),
            ) {
                (Some(a), Some(b)) => {
                    a != b
                        && !assoc
                            .iter()
                            .any(|&k| sent.nps[k].actor.country.as_deref() == Some(a))
                }
                _ => false,
            };
            let same_state = voice_actor.as_ref().is_some_and(|v| v.inter == Some(1))
                && voice_actor
                    .as_ref()
                    .and_then(|v| v.country.as_deref())
                    .is_some()
                && !country_clash;
            let state_claim = actor_state
                && (STATE_VOICE.iter().any(|w| voice.contains(w)) || same_state)
                && !country_clash
                && ![
                    "source",
                    "health",
                    "santé",
                    "opposition",
                    "rights",
                    "droits",
                    "hospital",
                    "hôpital",
                    "medical",
                    "médic",
                ]
                .iter()
                .any(|w| voice.contains(w));
            let group_claim = actor_a.is_some()
                && !actor_state
                && GROUP_VOICE
                    .iter()
                    .any(|w| voice.starts_with(w) || voice.contains(&format!("{w}'s")));
            if same
                || (pronoun_actor && fr.speaker_np.is_some())
                || own
                || state_claim
                || group_claim
            {
                status = EventStatus::Claimed;
                if pronoun_actor || own {
                    if let Some(sp) = fr.speaker_np {
                        actor_a = Some(sent.nps[sp].actor.clone());
                    }
                }
            }
        }
        if claimant.as_deref().is_some_and(is_pronoun_name) {
            claimant = state.prev_actor.as_ref().map(|a| a.name.clone());
        }
        if status == EventStatus::Claimed && claimant.is_none() {
            claimant = actor_a.as_ref().map(|a| a.name.clone());
        }

        let tb = sent.toks[h.i].start;
        let te = sent.toks[h.i + h.n - 1].end;
        let tcs = idx.byte_to_char(tb);
        let trigger = Span {
            start: tcs,
            end: idx.byte_to_char(te),
            text: text[tb..te].to_string(),
        };
        let evidence = Span {
            start: sent_cp.start,
            end: sent_cp.end,
            text: text[sent.start..sent.end].to_string(),
        };
        let location = khaldun_geo::locate_event(doc, sent_cp.clone(), tcs)
            .or_else(|| fallback_place(sent, idx, h.i))
            // civilians of a named country are hit in that country
            .or_else(|| {
                target_a
                    .as_ref()
                    .filter(|t| t.inter == Some(7))
                    .and_then(|t| t.country.as_deref())
                    .and_then(khaldun_geo::country_location)
            });
        let timed = khaldun_time::date_event(doc, sent_cp.clone(), tcs);
        // a date (from the time stage) after publication is a plan, target or
        // forecast ("by 2030", "elections scheduled for June")
        if timed
            .as_ref()
            .is_some_and(|d| d.source != "published" && after_publication(d, doc.published_date()))
        {
            hypothetical = true;
        }
        // an intention to cooperate ("will visit", "offered to mediate", "promised to"):
        // PLOVER AGREE with CAMEO's intent code (03x); the act itself has not happened,
        // so the event stays hypothetical (no ACLED event). Not when someone else asks,
        // threatens or refuses it ("urged X to support", "refused to meet").
        if let Some(code) = info
            .intent
            .as_deref()
            .filter(|_| !failed_attempt && !attempt)
        {
            let asked = sent.hits.iter().any(|o| {
                o.i < h.i
                    && h.i - o.i <= 6
                    && lx.classes.get(&o.class).is_some_and(|c| {
                        matches!(
                            c.plover.as_str(),
                            "REQUEST" | "THREATEN" | "REJECT" | "ACCUSE"
                        )
                    })
            });
            if (hypothetical || info.is_intention()) && !negated && !asked {
                hypothetical = true;
                plover_type = "AGREE".to_string();
                mode = None;
                cameo = code.to_string();
            }
        }
        let date = match timed {
            Some(d) if d.source != "published" => Some(d),
            other => fallback_date(sent, idx, doc.published_date())
                .filter(|d| d.source != "published")
                .or(other)
                .or_else(|| fallback_date(sent, idx, doc.published_date())),
        };
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
        events.push(Event {
            id: stable_id(&[&doc.article.id, &tcs.to_string(), &plover_type, &acled_sub]),
            sentence: sent_index,
            trigger,
            evidence: vec![evidence],
            plover: PloverCoding {
                event_type: plover_type,
                mode,
                context: Vec::new(),
            },
            acled: AcledCoding {
                event_type: acled_type,
                sub_event_type: acled_sub,
            },
            cameo: CameoCoding {
                root: cameo.get(..2).unwrap_or("").to_string(),
                code: Some(cameo.clone()),
                goldstein,
            },
            actor: actor_a,
            assoc_actors: assoc
                .iter()
                .filter(|&&k| Some(k) != actor)
                .map(|&k| sent.nps[k].actor.clone())
                .collect(),
            target: target_a,
            assoc_targets: assoc_targets
                .iter()
                .filter(|&&k| Some(k) != target)
                .map(|&k| sent.nps[k].actor.clone())
                .collect(),
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
            plover_only: false,
            sources,
            confidence: conf.clamp(0.0, 1.0),
        });
        // definite re-mention ("the attack", "the protest") of an earlier event: upgrade it instead
        let definite = ordered.first().is_some_and(|&k| {
            let hk = &sent.hits[k];
            hk.pos == Pos::Noun
                && hk.i > 0
                && matches!(
                    sent.tok(hk.i - 1),
                    "the" | "l'" | "la" | "le" | "les" | "this" | "cette"
                )
        });
        let ev = events.last().unwrap();
        let fam =
            crate::export::family(Some(&ev.plover.event_type), Some(&ev.acled.sub_event_type));
        let earlier_same = events[..events.len() - 1].iter().any(|e| {
            crate::export::family(Some(&e.plover.event_type), Some(&e.acled.sub_event_type)) == fam
        }) || prev_events.iter().any(|e| {
            crate::export::family(Some(&e.plover.event_type), Some(&e.acled.sub_event_type)) == fam
        });
        if definite && earlier_same && !ev.negated && !ev.hypothetical {
            let ev = events.pop().unwrap();
            let intervention = (0..n).any(|k| sent.has_cue_end(k, Cue::Intervention));
            let target_ev = events
                .iter_mut()
                .rev()
                .chain(prev_events.iter_mut().rev())
                .find(|e| {
                    crate::export::family(Some(&e.plover.event_type), Some(&e.acled.sub_event_type))
                        == fam
                });
            if let Some(t) = target_ev {
                upgrade(t, &ev);
                if intervention && t.acled.sub_event_type == "Peaceful protest" {
                    t.acled.sub_event_type = "Protest with intervention".into();
                }
            }
        }
    }
    // "The coalition denied targeting the facility.": a claim or denial of the previous sentence's event
    let mut ei = 0;
    while ei < events.len() {
        let e = &events[ei];
        if matches!(e.status, EventStatus::Denied | EventStatus::Claimed) && e.killed.is_none() {
            let fam =
                crate::export::family(Some(&e.plover.event_type), Some(&e.acled.sub_event_type));
            if let Some(prev) = prev_events.iter_mut().rev().find(|p| {
                p.sentence + 1 == sent_index
                    && crate::export::family(
                        Some(&p.plover.event_type),
                        Some(&p.acled.sub_event_type),
                    ) == fam
            }) {
                let same_place = match (&e.location, &prev.location) {
                    (Some(a), Some(b)) => a.place.name == b.place.name,
                    (None, _) => true,
                    _ => false,
                };
                if same_place {
                    let e = events.remove(ei);
                    upgrade(prev, &e);
                    continue;
                }
            }
        }
        ei += 1;
    }
    // a follow-up sentence that only gives casualties belongs to the previous event
    let casualty_only = events.iter().all(|e| {
        e.actor.is_none()
            && e.location.is_none()
            && crate::export::family(Some(&e.plover.event_type), Some(&e.acled.sub_event_type))
                == "violence"
    }) && groups
        .iter()
        .all(|g| g.hits.iter().all(|&k| sent.hits[k].class == "kill"));
    if casualty_only && (!events.is_empty() || (groups.is_empty() && (zero || !counts.is_empty())))
    {
        let fresh = events.iter().find_map(|e| e.killed);
        let k0 = fresh
            .or_else(|| {
                counts
                    .iter()
                    .filter(|c| c.kind == Casualty::Killed)
                    .map(|c| c.value)
                    .min()
            })
            .or(if zero { Some(0) } else { None });
        let i0 = counts
            .iter()
            .filter(|c| c.kind == Casualty::Injured)
            .map(|c| c.value)
            .min();
        if let Some(prev) = prev_events.iter_mut().rev().find(|e| {
            e.sentence + 1 == sent_index
                && matches!(
                    crate::export::family(
                        Some(&e.plover.event_type),
                        Some(&e.acled.sub_event_type)
                    )
                    .as_str(),
                    "violence" | "demonstration"
                )
        }) {
            if prev.killed.is_none() || k0.is_some_and(|k| prev.killed.is_some_and(|p| k < p)) {
                prev.killed = k0.or(prev.killed);
            }
            if prev.injured.is_none() {
                prev.injured = i0;
            }
            let fr = frames_status_any(sent, &frames);
            if let Some((st, cl)) = fr {
                let tmp = Event {
                    status: st,
                    claimant: cl,
                    ..Default::default()
                };
                upgrade(prev, &tmp);
            }
            events.clear();
        }
    }
    // denial nouns referring back: "the government's denials of those accusations"
    for i in 0..n {
        let l = sent.tok(i);
        if (l.starts_with("denial") || l.starts_with("démenti"))
            && (sent.tok(i + 1) == "of" || l == "denials")
        {
            let anaphoric = (i + 1..(i + 4).min(n))
                .any(|k| matches!(sent.tok(k), "those" | "these" | "the" | "such"))
                && (i + 1..(i + 5).min(n)).any(|k| {
                    matches!(
                        sent.tok(k),
                        "accusations"
                            | "allegations"
                            | "claims"
                            | "reports"
                            | "charges"
                            | "accusation"
                            | "allegation"
                    )
                });
            if anaphoric {
                let who = sent
                    .nps
                    .iter()
                    .rev()
                    .find(|np| np.e <= i && (np.possessive || np.e == i))
                    .map(|np| np.actor.name.clone());
                for e in prev_events.iter_mut() {
                    if e.sentence + 1 == sent_index
                        && matches!(
                            e.status,
                            EventStatus::Alleged | EventStatus::Claimed | EventStatus::Reported
                        )
                    {
                        e.status = EventStatus::Denied;
                        e.denied_by = who.clone();
                    }
                }
            }
        }
    }
    if let Some(a) = events.iter().find_map(|e| e.actor.clone()) {
        state.prev_actor = Some(a);
    } else if let Some(np) = sent
        .nps
        .iter()
        .find(|np| !np.place && !np.pronoun && np.prep.is_none())
    {
        state.prev_actor = Some(np.actor.clone());
    }
    events
}

fn status_rank(s: EventStatus) -> u8 {
    match s {
        EventStatus::Denied => 5,
        EventStatus::Claimed => 4,
        EventStatus::Alleged => 3,
        EventStatus::Reported => 2,
        EventStatus::Asserted => 1,
    }
}

/// Merge what a re-mention adds: a stronger status, sources.
fn upgrade(t: &mut Event, from: &Event) {
    if status_rank(from.status) > status_rank(t.status) {
        t.status = from.status;
        if from.status == EventStatus::Denied {
            t.denied_by = from.denied_by.clone();
        } else {
            t.claimant = from.claimant.clone();
        }
    }
    for s in &from.sources {
        if !t
            .sources
            .iter()
            .any(|x| x.name == s.name && x.kind == s.kind)
        {
            t.sources.push(s.clone());
        }
    }
    if t.killed.is_none() {
        t.killed = from.killed;
    }
}

fn frames_status_any(sent: &Sent, frames: &[Frame]) -> Option<(EventStatus, Option<String>)> {
    let _ = sent;
    frames
        .iter()
        .map(|f| match f.kind {
            Cue::Deny => (EventStatus::Denied, f.speaker.clone()),
            Cue::Claim => (EventStatus::Claimed, f.speaker.clone()),
            Cue::Allege => (EventStatus::Alleged, f.speaker.clone()),
            _ => (EventStatus::Reported, f.speaker.clone()),
        })
        .max_by_key(|(s, _)| status_rank(*s))
}

/// A singular or counted victim phrase of the group's kill/abduct/arrest triggers.
fn victim_count(sent: &Sent, roles: &[crate::roles::Roles], hits: &[usize]) -> Option<u32> {
    for &k in hits {
        let h = &sent.hits[k];
        let Some(t) = roles[k].target else { continue };
        let np = &sent.nps[t];
        // a number right before the phrase
        let mut b = np.s;
        while b > 0
            && matches!(
                sent.tok(b - 1),
                "least"
                    | "at"
                    | "about"
                    | "some"
                    | "more"
                    | "than"
                    | "nearly"
                    | "over"
                    | "au"
                    | "moins"
                    | "plus"
                    | "de"
                    | "environ"
            )
        {
            b -= 1;
        }
        let _ = b;
        for j in (np.s.saturating_sub(4)..np.s).rev() {
            if let Some(v) = sent.number_at(j) {
                return Some(v);
            }
            if matches!(sent.tok(j), "," | ";" | "(") {
                break;
            }
        }
        let passive = roles[k].passive;
        let aux_sing = h.i > 0
            && (h.i.saturating_sub(3)..h.i)
                .any(|j| matches!(sent.tok(j), "was" | "été" | "est" | "a"));
        if (passive && aux_sing)
            || np.singular
            || (!np.head
                && !np.place
                && !np.resolved
                && np.actor.inter.is_none()
                && !np.pronoun
                && sent.toks[np.s].cap
                && !sent.toks[np.s].acronym)
        {
            return Some(1);
        }
    }
    None
}

/// A phrase naming one or more people rather than a place or an object.
fn is_person(sent: &Sent, t: usize) -> bool {
    let np = &sent.nps[t];
    if np.place || np.pronoun || np.possessive {
        return false;
    }
    let next = sent.tok(np.e);
    let object = |w: &str| {
        matches!(
            w,
            "base"
                | "camp"
                | "town"
                | "village"
                | "city"
                | "checkpoint"
                | "post"
                | "outpost"
                | "position"
                | "positions"
                | "headquarters"
                | "barracks"
                | "airport"
                | "district"
                | "area"
                | "region"
                | "outposts"
                | "posts"
                | "bases"
                | "camps"
                | "checkpoints"
                | "station"
                | "stations"
                | "compound"
                | "palace"
        )
    };
    if object(next) || object(sent.tok(np.e - 1)) {
        return false;
    }
    if np.head {
        return np.actor.inter.is_some();
    }
    // a personal name: capitalised, not resolved to an organisation
    !np.resolved && sent.toks[np.s].cap && !sent.toks[np.s].acronym && np.e - np.s >= 2
}

fn is_pronoun_name(s: &str) -> bool {
    matches!(
        s.to_lowercase().as_str(),
        "it" | "they"
            | "he"
            | "she"
            | "we"
            | "i"
            | "you"
            | "il"
            | "ils"
            | "elle"
            | "elles"
            | "je"
            | "nous"
            | "vous"
            | "on"
            // sentence-initial conjunctions read as names
            | "if"
            | "when"
            | "but"
    )
}

/// Loose name equality: one contains the other, case-insensitively.
pub fn same_actor_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

fn accepts(family: &str, kind: Casualty) -> bool {
    match kind {
        Casualty::Killed | Casualty::Injured => matches!(
            family,
            "violence" | "demonstration" | "abduction" | "property"
        ),
        Casualty::Abducted => matches!(family, "abduction" | "capture" | "violence"),
        Casualty::Arrested => matches!(family, "arrest" | "capture" | "demonstration"),
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
    // pronouns, coordinated subjects and definite generic heads ("the group") refer back
    let anaphoric = np.head
        && !sent.toks[np.s].cap
        && np.s > 0
        && matches!(sent.tok(np.s - 1), "the" | "le" | "la" | "les" | "l'");
    if np.s < last.i + last.n || np.pronoun || anaphoric || !sent.coordinated(a).is_empty() {
        return false;
    }
    // the subject differs from the group's actor
    let gact = g.hits.iter().find_map(|&x| roles[x].actor);
    gact.is_none_or(|ga| !same_actor_name(&sent.nps[ga].actor.name, &np.actor.name))
}

type Override = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

/// Decide the coding class of a group, with ACLED's precedence rules.
#[allow(clippy::too_many_arguments)]
fn code_group<'c>(
    sent: &Sent,
    g: &Group,
    classes: &[&'c str],
    target_armed: Option<bool>,
    actor_state: bool,
    killed: Option<u32>,
    arrests: bool,
    nonviolent: bool,
) -> (&'c str, Option<Override>) {
    let has = |c: &str| classes.contains(&c);
    let any_cue = |c: Cue| (0..sent.toks.len()).any(|k| sent.has_cue_end(k, c));
    match g.family.as_str() {
        "demonstration" => {
            let lethal = actor_state
                && killed.is_some_and(|k| k > 0)
                && classes
                    .iter()
                    .any(|c| matches!(*c, "kill" | "attack" | "beat"));
            if any_cue(Cue::Excessive) || lethal {
                return (
                    classes[0],
                    Some((
                        "Protests",
                        "Excessive force against protesters",
                        "ASSAULT",
                        Some("firearms"),
                        "175",
                    )),
                );
            }
            if has("mob") {
                return ("mob", None);
            }
            let violent_act = classes.iter().any(|c| {
                matches!(
                    *c,
                    "attack" | "destroy" | "loot" | "beat" | "clash" | "kill"
                )
            });
            if has("riot") || violent_act || any_cue(Cue::Violent) {
                let protest_words = classes
                    .iter()
                    .any(|c| matches!(*c, "protest" | "strike" | "riot"))
                    || (0..sent.toks.len()).any(|k| {
                        let t = sent.tok(k);
                        t.starts_with("protest")
                            || t.starts_with("rioter")
                            || t.starts_with("manifest")
                            || t.starts_with("émeut")
                            || t.starts_with("demonstrat")
                    });
                if !protest_words {
                    return ("mob", None);
                }
                return ("riot", None);
            }
            if any_cue(Cue::Intervention) || arrests {
                return (
                    classes[0],
                    Some((
                        "Protests",
                        "Protest with intervention",
                        "PROTEST",
                        Some("demo"),
                        "141",
                    )),
                );
            }
            (if has("strike") { "strike" } else { "protest" }, None)
        }
        "violence" | "property" => {
            let word = |ws: &[&str]| {
                (0..sent.toks.len()).any(|k| ws.iter().any(|w| sent.tok(k).contains(w)))
            };
            if g.family == "property" && killed.is_some_and(|k| k > 0) {
                return ("attack", None);
            }
            if has("overrun") || has("recapture") || has("handover") {
                if nonviolent || has("handover") {
                    return ("handover", None);
                }
                return (if actor_state { "recapture" } else { "overrun" }, None);
            }
            for c in ["chemical", "suicide"] {
                if has(c) {
                    return (c, None);
                }
            }
            // gas-filled grenades or shells are chemical weapons
            if (has("grenade") || has("shelling") || has("explosion"))
                && word(&[
                    "chlor", "mustard", "sarin", "lacrymog", "tear gas", "toxic", "toxique",
                ])
            {
                return ("chemical", None);
            }
            if has("clash") || has("ambush") {
                return (if has("ambush") { "ambush" } else { "clash" }, None);
            }
            // bombs dropped from the air
            if (has("explosion") || has("ied"))
                && !has("airstrike")
                && !has("drone")
                && word(&[
                    "aerial",
                    "jet",
                    "warplane",
                    "aircraft",
                    "helicopter",
                    "air force",
                    "plane",
                    "avion",
                    "hélicoptère",
                    "aérien",
                ])
            {
                return ("airstrike", None);
            }
            for c in [
                "airstrike",
                "drone",
                "shelling",
                "grenade",
                "ied",
                "explosion",
            ] {
                if has(c) {
                    return (pick(classes, c), None);
                }
            }
            // state forces firing on protesters
            if actor_state
                && (any_cue(Cue::Excessive) || word(&["protester", "demonstrator", "manifestant"]))
            {
                return (
                    classes[0],
                    Some((
                        "Protests",
                        "Excessive force against protesters",
                        "ASSAULT",
                        Some("firearms"),
                        "175",
                    )),
                );
            }
            if g.family == "property" {
                return (if has("loot") { "loot" } else { "destroy" }, None);
            }
            for c in [
                "sexual",
                "massacre",
                "execute",
                "assassinate",
                "torture",
                "beat",
            ] {
                if has(c) {
                    if target_armed == Some(true) && matches!(c, "execute" | "assassinate" | "beat")
                    {
                        break;
                    }
                    return (pick(classes, c), None);
                }
            }
            let armed = target_armed == Some(true) || (target_armed.is_none() && has("raid"));
            if armed {
                return (
                    pick(classes, classes[0]),
                    Some(("Battles", "Armed clash", "ASSAULT", Some("firearms"), "190")),
                );
            }
            let class = if has("attack") {
                "attack"
            } else {
                pick(classes, classes[0])
            };
            // a raid or ambush on people or places known to be unarmed is
            // violence against civilians, not a battle
            if target_armed == Some(false)
                && Lexicon::get()
                    .classes
                    .get(class)
                    .is_some_and(|c| c.acled_type == "Battles")
            {
                return (
                    class,
                    Some((
                        "Violence against civilians",
                        "Attack",
                        "ASSAULT",
                        None,
                        "180",
                    )),
                );
            }
            (class, None)
        }
        "capture" => {
            if actor_state && target_armed != Some(true) {
                ("arrest", None)
            } else {
                ("abduct", None)
            }
        }
        "disrupted" => ("defuse", None),
        "agreement" => {
            for c in ["release", "surrender", "sign", "agree", "ceasefire"] {
                if has(c) {
                    return (c, None);
                }
            }
            (classes[0], None)
        }
        fam => (
            classes
                .iter()
                .copied()
                .find(|c| family_of(c) == fam)
                .unwrap_or(classes[0]),
            None,
        ),
    }
}

fn pick<'c>(classes: &[&'c str], c: &str) -> &'c str {
    classes
        .iter()
        .find(|x| **x == c)
        .copied()
        .unwrap_or(classes[0])
}

/// The event date lies after the publication date. A bare relative
/// expression without a figure ("on Friday", "samedi") resolved into the
/// week after publication is not trusted as future: news reports past
/// weekdays, and their direction is the time stage's guess.
fn after_publication(d: &EventDate, published: Option<&str>) -> bool {
    let (Some(p), Some(x)) = (published.and_then(day_number), day_number(&d.date)) else {
        return false;
    };
    let explicit = d
        .span
        .as_ref()
        .is_some_and(|s| s.text.chars().any(|c| c.is_ascii_digit()));
    x > p && (explicit || x - p > 7)
}

/// Days since 1970-01-01 of an ISO date's first ten characters.
fn day_number(iso: &str) -> Option<i64> {
    let y: i64 = iso.get(..4)?.parse().ok()?;
    let m: i64 = iso.get(5..7)?.parse().ok()?;
    let d: i64 = iso.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // days from civil (Howard Hinnant)
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// An attempt cue (that is not itself a failure word) within four tokens
/// before the trigger group starting at token `lo`, and a failure cue in the
/// sentence, on a class that an assault can fail at (taking territory,
/// attacking, raiding, storming).
fn failed_attempt(sent: &Sent, lo: usize, class: &str) -> bool {
    if !matches!(
        class,
        "overrun" | "recapture" | "handover" | "attack" | "raid" | "clash" | "ambush"
    ) {
        return false;
    }
    let hi = lo.min(sent.toks.len().saturating_sub(1));
    let attempt = (lo.saturating_sub(4)..=hi).any(|k| {
        sent.has_cue_end(k, Cue::Attempt)
            && !sent.has_cue_end(k, Cue::Failed)
            && !sent.toks[k..hi]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "," | ";" | "." | "and" | "et"))
    });
    attempt && (0..sent.toks.len()).any(|k| sent.has_cue_end(k, Cue::Failed))
}

pub(crate) fn negated(sent: &Sent, h: &Hit) -> bool {
    let lo = h.i.saturating_sub(6);
    (lo..h.i).any(|k| {
        let idiom = matches!(
            (sent.tok(k), sent.tok(k + 1)),
            ("not", "only") | ("no", "longer")
        );
        sent.has_cue_end(k, Cue::Negation)
            && !idiom
            && !sent.toks[k..h.i]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "," | ";" | "but"))
    }) || (h.i + h.n..(h.i + h.n + 2).min(sent.toks.len()))
        .any(|k| sent.tok(k) == "pas" || sent.tok(k) == "jamais")
}

/// "In 2012, ..." / "En 2012, ...": a sentence set in an earlier year.
fn sentence_year_before(sent: &Sent, published: Option<&str>) -> bool {
    let year: Option<u32> = published
        .and_then(|p| p.get(..4))
        .and_then(|y| y.parse().ok());
    let Some(y) = year else { return false };
    matches!(sent.tok(0), "in" | "en" | "since" | "depuis" | "back")
        && sent
            .toks
            .get(1)
            .is_some_and(|t| t.lower.parse::<u32>().is_ok_and(|v| (1900..y).contains(&v)))
}

pub(crate) fn hypothetical(sent: &Sent, h: &Hit) -> bool {
    let lo = h.i.saturating_sub(5);
    let before = (lo..h.i).any(|k| {
        sent.has_cue_end(k, Cue::Hypothetical)
            && !sent.toks[k..h.i]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "," | ";" | "." | "which" | "who" | "that"))
            && !(sent.tok(k) == "may" && sent.toks[k].cap)
    });
    let after =
        (h.i + h.n..(h.i + h.n + 5).min(sent.toks.len())).any(|k| matches!(sent.tok(k), "future"));
    before || after
}

fn historical(sent: &Sent, h: &Hit, published: Option<&str>) -> bool {
    let year: Option<u32> = published
        .and_then(|p| p.get(..4))
        .and_then(|y| y.parse().ok());
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
    speaker_np: Option<usize>,
}

/// The status a frame gives an event, with its claimant or denier.
struct FrameStatus {
    status: EventStatus,
    claimant: Option<String>,
    denied_by: Option<String>,
    speaker_np: Option<usize>,
}

const SPEAKER_STOP: &[&str] = &[
    ",", ";", ".", ":", "“", "”", "\"", "that", "but", "and", "(", ")", "que", "qu'", "mais", "—",
    "–",
];
const SPEAKER_LEAD: &[&str] = &[
    "claim",
    "charge",
    "allegations",
    "allegation",
    "accusation",
    "accusations",
    "which",
    "what",
    "toll",
    "also",
    "later",
    "reports",
    "report",
];

/// The speaker of a verb of saying as written: the words between the
/// previous clause boundary and the verb ("..., the regional governor said"),
/// or after it when inverted (", said a local official").
fn speaker_text(sent: &Sent, i: usize, len: usize, after: bool) -> Option<(String, Option<usize>)> {
    let n = sent.toks.len();
    let (a, b) = if after {
        let a = i + len;
        let mut b = a;
        while b < n && b < a + 9 && !SPEAKER_STOP[..6].contains(&sent.tok(b)) {
            b += 1;
        }
        (a, b)
    } else {
        let b = i;
        let mut a = i;
        while a > 0 && a + 9 > b && !SPEAKER_STOP.contains(&sent.tok(a - 1)) {
            a -= 1;
        }
        let mut a2 = a;
        for k in a..b {
            if SPEAKER_LEAD.contains(&sent.tok(k)) {
                a2 = k + 1;
            }
        }
        (a2, b)
    };
    // trailing adverbs and times ("said on Tuesday" is handled by stopping at the verb)
    let mut b = b;
    while b > a
        && matches!(
            sent.tok(b - 1),
            "later" | "also" | "has" | "have" | "had" | "on" | "in" | "a" | "ont" | "avait"
        )
    {
        b -= 1;
    }
    if a >= b || b - a > 8 || (a..b).any(|k| sent.hits.iter().any(|h| h.i == k)) {
        return None;
    }
    let np = sent.nps.iter().position(|np| np.s >= a && np.e <= b);
    let t = sent
        .raw(a, b)
        .trim_matches(|c: char| "“”\"'’‘".contains(c))
        .to_string();
    (!t.is_empty()).then_some((t, np))
}

fn frames(sent: &Sent, objects: &[bool]) -> Vec<Frame> {
    let n = sent.toks.len();
    let mut out = Vec::new();
    for i in 0..n {
        let Some((len, kinds)) = sent.cue_start[i].as_ref() else {
            continue;
        };
        let len = *len;
        if sent.in_paren[i] {
            continue;
        }
        let prev = if i > 0 { sent.tok(i - 1) } else { "" };
        let noun_use = matches!(
            prev,
            "the"
                | "a"
                | "its"
                | "their"
                | "his"
                | "her"
                | "'s"
                | "such"
                | "this"
                | "these"
                | "those"
                | "any"
                | "la"
                | "sa"
                | "leur"
                | "les"
                | "ses"
        );
        let passive = i > 0 && sent.has_cue_end(i - 1, Cue::Passive);
        let after_by = matches!(sent.tok(i + len), "by" | "par");
        let left = || {
            speaker_text(sent, i, len, false).or_else(|| {
                sent.subject_left(i, objects)
                    .map(|k| (sent.nps[k].actor.name.clone(), Some(k)))
            })
        };
        let by = || {
            sent.agent_by(i + len)
                .map(|k| (sent.nps[k].actor.name.clone(), Some(k)))
        };
        let forward_event = sent
            .hits
            .iter()
            .any(|h| h.i >= i + len && family_of(&h.class) != "verbal");
        let push = |out: &mut Vec<Frame>,
                    kind: Cue,
                    scope: Range<usize>,
                    sp: Option<(String, Option<usize>)>| {
            let (speaker, speaker_np) = match sp {
                Some((s, k)) => (Some(s), k),
                None => (None, None),
            };
            out.push(Frame {
                kind,
                scope,
                speaker,
                speaker_np,
            });
        };
        for &kind in kinds {
            match kind {
                Cue::Deny
                    if matches!(sent.tok(i + len), "that" | "que" | "qu'") && !forward_event => {}
                Cue::Claim | Cue::Deny
                    if !noun_use
                        && (kind != Cue::Claim
                            || sent.tok(i) == "claimed"
                            || sent.tok(i).starts_with("revendiqu")
                            || i > 0
                                && (sent.nps.iter().any(|np| np.e == i)
                                    || matches!(
                                        prev,
                                        "it" | "they"
                                            | "he"
                                            | "she"
                                            | "also"
                                            | "later"
                                            | "has"
                                            | "have"
                                            | "had"
                                    ))) =>
                {
                    if passive || after_by {
                        push(&mut out, kind, 0..i, by());
                    } else if forward_event {
                        push(&mut out, kind, i + len..n, left());
                    } else {
                        // "a claim the Kremlin dismissed", "which Ukraine denied carrying out"
                        push(&mut out, kind, 0..i, left());
                    }
                }
                Cue::Allege => {
                    let l = sent.tok(i);
                    if matches!(
                        l,
                        "alleged"
                            | "allegedly"
                            | "présumé"
                            | "présumés"
                            | "présumée"
                            | "présumées"
                            | "aurait"
                            | "auraient"
                            | "suspected"
                    ) && !passive
                        && sent.tok(i + len) != "of"
                    {
                        push(&mut out, kind, i + len..(i + len + 4).min(n), None);
                    } else if passive {
                        push(&mut out, kind, i + len..n, by());
                    } else if !noun_use && forward_event {
                        push(&mut out, kind, i + len..n, left());
                    } else if !noun_use
                        && (matches!(prev, "," | "”" | "\"" | "’" | "qui")
                            || matches!(
                                l,
                                "blamed"
                                    | "blaming"
                                    | "blames"
                                    | "accusing"
                                    | "accusant"
                                    | "imputent"
                                    | "impute"
                            ))
                    {
                        // "... the charity said, blaming the RSF", "..., ont dénoncé des élus locaux":
                        // an accusation after the event it is about
                        let after = speaker_text(sent, i, len, true)
                            .filter(|_| matches!(prev, "," | "”" | "\"" | "’"));
                        push(&mut out, kind, 0..i, after.or_else(left));
                    }
                }
                Cue::Report => {
                    let inverted = matches!(prev, "," | "”" | "\"" | "’")
                        && i + len < n
                        && !matches!(sent.tok(i + len), "that" | "it" | "they" | "on" | "in");
                    let sp = if inverted {
                        speaker_text(sent, i, len, true).or_else(left)
                    } else {
                        left()
                    };
                    if !noun_use && !passive {
                        let late =
                            inverted || matches!(prev, "," | "”" | "\"" | "’") || !forward_event;
                        push(&mut out, kind, if late { 0..i } else { i + len..n }, sp);
                    }
                }
                Cue::According => {
                    let scope = if i < 2 { i + len..n } else { 0..i };
                    push(&mut out, kind, scope, speaker_text(sent, i, len, true));
                }
                Cue::Reportedly => push(&mut out, kind, 0..n, None),
                _ => {}
            }
        }
    }
    out
}

fn status_of(sent: &Sent, frames: &[Frame], i: usize) -> FrameStatus {
    let _ = sent;
    let within: Vec<&Frame> = frames.iter().filter(|f| f.scope.contains(&i)).collect();
    let by = |k: Cue| {
        within
            .iter()
            .filter(|f| f.kind == k)
            .min_by_key(|f| f.scope.len())
            .copied()
    };
    let report = by(Cue::According).or_else(|| by(Cue::Report));
    if let Some(f) = by(Cue::Deny) {
        let accuser = by(Cue::Allege).or(report).and_then(|f| f.speaker.clone());
        return FrameStatus {
            status: EventStatus::Denied,
            claimant: accuser,
            denied_by: f.speaker.clone(),
            speaker_np: f.speaker_np,
        };
    }
    if let Some(f) = by(Cue::Claim) {
        return FrameStatus {
            status: EventStatus::Claimed,
            claimant: f.speaker.clone(),
            denied_by: None,
            speaker_np: f.speaker_np,
        };
    }
    if let Some(f) = by(Cue::Allege) {
        return FrameStatus {
            status: EventStatus::Alleged,
            claimant: f
                .speaker
                .clone()
                .or_else(|| report.and_then(|r| r.speaker.clone())),
            denied_by: None,
            speaker_np: f.speaker_np,
        };
    }
    if let Some(f) = report {
        return FrameStatus {
            status: EventStatus::Reported,
            claimant: f.speaker.clone(),
            denied_by: None,
            speaker_np: f.speaker_np,
        };
    }
    if by(Cue::Reportedly).is_some() {
        return FrameStatus {
            status: EventStatus::Reported,
            claimant: None,
            denied_by: None,
            speaker_np: None,
        };
    }
    FrameStatus {
        status: EventStatus::Asserted,
        claimant: None,
        denied_by: None,
        speaker_np: None,
    }
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
        let looks_source = name.contains('/')
            || name.contains('@')
            || (name.contains('.') && !name.contains(' '))
            || date.is_some_and(|d| {
                d.split_whitespace().any(|w| {
                    Lexicon::get()
                        .months
                        .contains_key(w.to_lowercase().trim_end_matches('.'))
                })
            });
        if !looks_source || name.is_empty() || name.len() > 80 {
            continue;
        }
        let (sb, se) = (sent.start + a, sent.start + b + 1);
        out.push(SourceRef {
            name: name.to_string(),
            kind: "citation".into(),
            date: date
                .and_then(|d| parse_day(d, doc.published_date()))
                .or(date.map(str::to_string)),
            url: None,
            span: Some(Span {
                start: idx.byte_to_char(sb),
                end: idx.byte_to_char(se),
                text: stext[a..=b].to_string(),
            }),
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
        if let Some(np) = sent
            .nps
            .iter()
            .find(|np| np.s >= from && np.s <= from + 2 && !np.pronoun)
        {
            if told && !(np.resolved || sent.toks[np.s].acronym || sent.toks[np.s].cap) {
                continue;
            }
            let (sb, se) = (sent.toks[np.s].start, sent.toks[np.e - 1].end);
            out.push(SourceRef {
                name: sent.raw(np.s, np.e).to_string(),
                kind: "attribution".into(),
                date: None,
                url: None,
                span: Some(Span {
                    start: idx.byte_to_char(sb),
                    end: idx.byte_to_char(se),
                    text: text[sb..se].to_string(),
                }),
            });
        }
    }
    let a = &doc.article;
    if let Some(p) = &a.publisher {
        out.push(SourceRef {
            name: p.clone(),
            kind: "publisher".into(),
            date: a.published.clone(),
            url: a.url.clone(),
            span: None,
        });
    }
    for p in &a.republished_from {
        if let Some(name) = p.publisher.clone().or_else(|| p.publication.clone()) {
            out.push(SourceRef {
                name,
                kind: "original".into(),
                date: p.published.clone(),
                url: p.url.clone(),
                span: None,
            });
        }
        if let Some(au) = &p.author {
            out.push(SourceRef {
                name: au.clone(),
                kind: "author".into(),
                date: p.published.clone(),
                url: None,
                span: None,
            });
        }
    }
    for au in &a.authors {
        if !out.iter().any(|s| s.kind == "author" && &s.name == au) {
            out.push(SourceRef {
                name: au.clone(),
                kind: "author".into(),
                date: a.published.clone(),
                url: None,
                span: None,
            });
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
        Some((
            p.get(..4)?.parse().ok()?,
            p.get(5..7)?.parse().ok()?,
            p.get(8..10)?.parse().ok()?,
        ))
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
        if !lx.months.contains_key(l)
            || (l == "may" && !t.cap)
            || (l == "mars"
                && !sent.toks.get(k + 1).is_some_and(|x| x.kind == Kind::Num)
                && !(k > 0 && sent.toks[k - 1].kind == Kind::Num))
        {
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
                span: Some(Span {
                    start: idx.byte_to_char(sb),
                    end: idx.byte_to_char(se),
                    text: phrase.to_string(),
                }),
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
        .min_by_key(|np| {
            if np.s >= trig {
                np.s - trig
            } else {
                (trig - np.s) * 2 + 1
            }
        })?;
    let (sb, se) = (sent.toks[best.s].start, sent.toks[best.e - 1].end);
    let prev = if best.s > 0 { sent.tok(best.s - 1) } else { "" };
    let region = matches!(
        prev,
        "northern"
            | "southern"
            | "eastern"
            | "western"
            | "central"
            | "nord"
            | "sud"
            | "est"
            | "ouest"
            | "centre"
    );
    let name = sent.text[sb..se].to_string();
    Some(EventLocation {
        place: Place {
            name: name.clone(),
            precision: if region {
                GeoPrecision::Region
            } else {
                GeoPrecision::Town
            },
            ..Default::default()
        },
        span: Some(Span {
            start: idx.byte_to_char(sb),
            end: idx.byte_to_char(se),
            text: name,
        }),
    })
}
