//! Toponym recognition and resolution.

use khaldun_model::{GeoPrecision, Place, PlaceMention};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::cues::Cues;
use crate::fold::{fold, tokenize, Tokens};
use crate::gazetteer::{importance, Entry, Gazetteer, Kind};

mod paren;

/// Kind of a recognised mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Toponym,
    Demonym,
    Region,
}

impl MentionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Toponym => "toponym",
            MentionKind::Demonym => "demonym",
            MentionKind::Region => "region",
        }
    }
}

/// How strongly the gazetteer alone suggests a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    Weak,
    Medium,
    Strong,
}

/// A recognised span before resolution.
#[derive(Debug, Clone)]
struct Cand {
    t0: usize,
    /// Exclusive token end of the span (the name, plus a capitalised container word).
    t1: usize,
    kind: MentionKind,
    qualifier: Option<&'static str>,
    ids: Vec<u32>,
    /// The text asks for an admin unit ("Mopti region").
    admin_hint: bool,
    /// The container word that asked for it ("region"), folded.
    hint_word: String,
    /// Index of the mention given as this one's container ("X, Y").
    container: Option<usize>,
    /// The container was named as "the X district of Y": Y may be a town.
    district_of: bool,
    /// Demonym country entry.
    demonym_entry: Option<u32>,
    /// Folded name as matched.
    key: String,
    /// The text asks for a town ("the town of X", "la ville de X": `Some(true)`)
    /// or reads like something else ("the Pacific side": `Some(false)`).
    town_hint: Option<bool>,
}

impl Cand {
    /// The admin hint came from a loose word ("the Houston region"), not a
    /// formal unit word ("Nyanza Province", "Harris County").
    fn loose_hint(&self) -> bool {
        matches!(self.hint_word.as_str(), "region" | "regions" | "zone")
    }
}

/// Options for [`geoparse`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions<'a> {
    /// `en`, `fr`, or None for both.
    pub lang: Option<&'a str>,
    /// Keep demonym mentions ("Malian soldiers").
    pub demonyms: bool,
}

fn is_function_word(k: &str) -> bool {
    matches!(
        k,
        "of" | "the"
            | "and"
            | "de"
            | "du"
            | "des"
            | "la"
            | "le"
            | "les"
            | "d"
            | "l"
            | "et"
            | "en"
            | "sur"
            | "upon"
            | "al"
            | "el"
            | "y"
            | "da"
            | "do"
            | "dos"
            | "das"
            | "di"
            | "del"
            | "van"
            | "von"
            | "der"
            | "am"
            | "on"
            | "ad"
            | "es"
            | "an"
            | "au"
            | "aux"
            | "sous"
            | "s"
            | "a"
            | "op"
            | "ter"
            | "lez"
            | "im"
            | "bin"
            | "bint"
            | "ibn"
            | "abu"
    )
}

struct Ctx<'a> {
    g: &'a Gazetteer,
    cues: &'static Cues,
    text: &'a str,
    toks: &'a Tokens,
    key: String,
}

impl<'a> Ctx<'a> {
    fn k(&self, i: usize) -> &str {
        self.toks.key(i)
    }

    /// Folded phrase of tokens [a, b).
    fn phrase(&self, a: usize, b: usize) -> String {
        let mut s = String::new();
        for i in a..b {
            if i > a {
                s.push(' ');
            }
            s.push_str(self.k(i));
        }
        s
    }

    /// Whether one of `set`'s phrases ends right before token `i` (up to 4 words).
    fn cue_before(&self, i: usize, set: &FxHashSet<String>) -> Option<usize> {
        let max = self.cues.max_phrase.min(i).min(5);
        for n in (1..=max).rev() {
            let a = i - n;
            // no sentence boundary inside the cue or between cue and token
            if (a + 1..=i).any(|j| self.toks.toks[j].sent_start) {
                continue;
            }
            if set.contains(&self.phrase(a, i)) {
                return Some(a);
            }
        }
        None
    }

    /// Entry strength of a candidate set.
    fn strength(&self, ids: &[u32]) -> Strength {
        let mut s = Strength::Weak;
        for &i in ids {
            let e = self.g.entry(i);
            let st = match e.kind {
                Kind::Continent | Kind::Country | Kind::Admin1 | Kind::Capital | Kind::Region => {
                    Strength::Strong
                }
                Kind::Place if e.population >= 100_000 => Strength::Strong,
                Kind::Place if e.population >= 5_000 => Strength::Medium,
                Kind::Admin2 => Strength::Medium,
                _ => Strength::Weak,
            };
            s = s.max(st);
        }
        s
    }

    /// Longest gazetteer name starting at token i: (end token, ids).
    fn longest(&mut self, i: usize, ids: &mut Vec<u32>) -> Option<usize> {
        let toks = &self.toks.toks;
        let n = toks.len();
        let max = self.g.max_words().max(1);
        self.key.clear();
        let mut best = None;
        let mut lower_run = 0;
        let mut j = i;
        while j < n && j - i < max {
            let t = &toks[j];
            if j > i {
                let prev = &toks[j - 1];
                let letters = prev.b1 - prev.b0 == 1 && t.b1 - t.b0 == 1;
                if t.sent_start && !(prev.next == b'.' && letters) {
                    break;
                }
                match prev.next {
                    b' ' | b'-' | b'\'' | 0xFF => {}
                    b'.' if letters => {}
                    _ => break,
                }
                if t.b0 > prev.b1 + 3 {
                    break;
                }
                self.key.push(' ');
            }
            let k = self.toks.key(j);
            if t.digit {
                break;
            }
            // lower-case words inside a name ("République démocratique du Congo",
            // "Guinée équatoriale"): at most two in a row
            if j > i && !t.cap && !is_function_word(k) {
                lower_run += 1;
                if lower_run > 2 {
                    break;
                }
            } else {
                lower_run = 0;
            }
            self.key.push_str(k);
            if (t.cap || j > i) && self.g.has_key(&self.key) {
                best = Some(j + 1);
            }
            j += 1;
        }
        let end = best?;
        let key = self.phrase(i, end);
        self.g.ids_for_key(&key, ids);
        if ids.is_empty() {
            return None;
        }
        Some(end)
    }
}

/// Short abbreviations accepted in capitals ("US", "UK", "DRC").
fn is_abbrev_ok(text: &str, tok_text: &str) -> bool {
    let _ = text;
    tok_text.chars().all(|c| c.is_uppercase() || c == '.')
}

/// Recognise and resolve the places of `text`.
pub fn geoparse(g: &Gazetteer, text: &str, opts: ParseOptions<'_>) -> Vec<PlaceMention> {
    let toks = tokenize(text);
    let cues = Cues::get();
    let mut cx = Ctx {
        g,
        cues,
        text,
        toks: &toks,
        key: String::with_capacity(64),
    };
    let cands = recognise(&mut cx, opts);
    resolve(&cx, cands)
}

/// Resolve only the given code-point spans (gold spans); the output is in
/// text order, one mention per span that covers at least one word.
pub fn resolve_spans(g: &Gazetteer, text: &str, spans: &[(usize, usize)]) -> Vec<PlaceMention> {
    let toks = tokenize(text);
    let cues = Cues::get();
    let cx = Ctx {
        g,
        cues,
        text,
        toks: &toks,
        key: String::new(),
    };
    let mut cands = Vec::new();
    let mut used = Vec::new();
    let mut ids = Vec::new();
    let mut sorted = spans.to_vec();
    sorted.sort_unstable();
    for &(s, e) in &sorted {
        // (tokens are in text order: binary searches, not scans per span)
        let t0 = Some(toks.toks.partition_point(|t| t.c1 as usize <= s))
            .filter(|&i| i < toks.toks.len());
        let t1 = toks
            .toks
            .partition_point(|t| (t.c0 as usize) < e)
            .checked_sub(1);
        let (Some(t0), Some(t1)) = (t0, t1) else {
            continue;
        };
        if t1 < t0 {
            continue;
        }
        let mut end = t1 + 1;
        // the whole span, else without a trailing container word or a leading
        // direction word, else its longest known sub-phrase
        let mut start = t0;
        let mut admin_hint = false;
        let mut hint_word = String::new();
        let mut qualifier = None;
        g.ids_for_key(&cx.phrase(start, end), &mut ids);
        // an abbreviated state ("Kan.") is that state, not Kandahar
        let span: String = text.chars().skip(s).take(e.saturating_sub(s)).collect();
        if let Some(x) = crate::abbrev::admin1_of_written(g, &span) {
            ids.clear();
            ids.push(x);
        }
        if ids.is_empty() && end - start >= 2 && cues.container.contains(cx.k(end - 1)) {
            end -= 1;
            admin_hint = true;
            hint_word = cx.k(end).to_string();
            g.ids_for_key(&cx.phrase(start, end), &mut ids);
        }
        if ids.is_empty() && end - start >= 2 {
            if let Some(&dir) = cues.direction.get(cx.k(start)) {
                start += 1;
                qualifier = Some(dir);
                g.ids_for_key(&cx.phrase(start, end), &mut ids);
            }
        }
        if ids.is_empty() && end - start >= 2 {
            let (s0, e0) = (start, end);
            'sub: for len in (1..e0 - s0).rev() {
                for a in s0..=e0 - len {
                    let k = cx.phrase(a, a + len);
                    if k.len() < 4
                        || cues.common.contains(&k)
                        || cues.direction.contains_key(&k)
                        || cues.container.contains(&k)
                    {
                        continue;
                    }
                    // the words left out must be generic ("area", "northern", "province")
                    let generic = |j: usize| {
                        let w = cx.k(j);
                        !toks.toks[j].cap
                            || cues.common.contains(w)
                            || cues.direction.contains_key(w)
                            || cues.container.contains(w)
                            || cues.outskirts_after.contains(w)
                    };
                    if !(s0..a).chain(a + len..e0).all(generic) {
                        continue;
                    }
                    g.ids_for_key(&k, &mut ids);
                    if !ids.is_empty() {
                        (start, end) = (a, a + len);
                        break 'sub;
                    }
                }
            }
        }
        if ids.is_empty() {
            // a given span that is a demonym ("Russian officials") names its country
            (start, end) = (t0, t1 + 1);
            ids.extend(demonym_country(&cx, start, end));
        }
        let mut c = Cand {
            t0: start,
            t1: end,
            kind: MentionKind::Toponym,
            qualifier,
            ids: ids.clone(),
            admin_hint,
            hint_word,
            container: None,
            district_of: false,
            demonym_entry: None,
            key: cx.phrase(start, end),
            town_hint: None,
        };
        qualify(&cx, &mut c);
        cands.push(c);
        used.push((s, e));
    }
    link_containers(&cx, &mut cands);
    let mut out = resolve(&cx, cands);
    // report the gold span exactly
    for (m, &(s, e)) in out.iter_mut().zip(&used) {
        m.start = s;
        m.end = e;
    }
    out
}

/// The country entry of a demonym spanning tokens `start..end`, singular or
/// plural ("Russian", "Russians"), if it is one.
fn demonym_country(cx: &Ctx<'_>, start: usize, end: usize) -> Option<u32> {
    let key = cx.phrase(start, end);
    let first = |k: &str| cx.g.demonyms_for_key(k).first().map(|d| d.entry);
    first(&key).or_else(|| key.strip_suffix('s').and_then(first))
}

fn recognise(cx: &mut Ctx<'_>, opts: ParseOptions<'_>) -> Vec<Cand> {
    let toks = &cx.toks.toks;
    let n = toks.len();
    let cues = cx.cues;
    let want_en = opts.lang.is_none_or(|l| !l.starts_with("fr"));
    let want_fr = opts.lang.is_none_or(|l| l.starts_with("fr"));
    // lower-case words of the document: a capitalised word also used in
    // lower case is a common word here
    let mut lower: FxHashSet<&str> = FxHashSet::default();
    for (i, t) in toks.iter().enumerate() {
        if !t.cap && !t.digit {
            lower.insert(cx.toks.key(i));
        }
    }
    // Surnames: a capitalised word after a title or a first name somewhere in
    // the document ("Tim Whitley", "Dr. Dunn") is a person everywhere in it.
    let mut person_keys: FxHashSet<&str> = FxHashSet::default();
    let mut bigram = String::new();
    for j in 1..n {
        let (p, t) = (&toks[j - 1], &toks[j]);
        // "Matthew D. Flores": a first name, a middle initial, the surname (the
        // initial's dot reads as a sentence end)
        let initial = t.cap
            && !t.allcaps
            && !t.digit
            && p.cap
            && p.next == b'.'
            && p.b1 - p.b0 == 1
            && j >= 2
            && toks[j - 2].cap
            && !toks[j - 2].allcaps
            && toks[j - 2].next == b' '
            // (not "Washington D. C.": the surname is a word, not another initial)
            && t.b1 - t.b0 >= 2;
        if initial {
            person_keys.insert(cx.toks.key(j));
            continue;
        }
        if !t.cap
            || t.sent_start
            || t.allcaps
            || !p.cap
            || p.allcaps
            || t.digit
            || p.next != b' ' && p.next != b'.'
        {
            continue;
        }
        let pk = cx.toks.key(j - 1);
        let titled = cues.title.contains(pk);
        if p.next == b'.' && !titled {
            continue;
        }
        if !titled {
            // a sentence's first word is capitalised anyway: it makes a first
            // name only when it is a known one ("While Sydney's ..." is no person)
            if p.sent_start && !cues.person.contains(pk)
                || p.next != b' '
                || cues.direction.contains_key(pk)
                || cues.locative.contains(pk)
                || cues.container.contains(cx.toks.key(j))
            {
                continue;
            }
            bigram.clear();
            bigram.push_str(pk);
            bigram.push(' ');
            bigram.push_str(cx.toks.key(j));
            if cx.g.has_key(&bigram) || cx.g.has_key(pk) && !cues.person.contains(pk) {
                continue;
            }
        }
        person_keys.insert(cx.toks.key(j));
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut ids = Vec::new();
    let mut i = 0;
    while i < n {
        let t = toks[i];
        let k = cx.toks.key(i);
        // Demonyms.
        if opts.demonyms {
            let dems = cx.g.demonyms_for_key(k);
            if !dems.is_empty() {
                let mut hit = None;
                for d in dems {
                    if d.lang == "en"
                        && want_en
                        && t.cap
                        && i + 1 < n
                        && !toks[i + 1].cap
                        && cues.actor_en.contains(cx.toks.key(i + 1))
                    {
                        hit = Some(d.entry);
                    }
                    if d.lang == "fr"
                        && want_fr
                        && !t.cap
                        && i > 0
                        && cues.actor_fr.contains(cx.toks.key(i - 1))
                    {
                        hit = Some(d.entry);
                    }
                    // "armées maliennes" / "forces armées maliennes"
                    if d.lang == "fr"
                        && want_fr
                        && !t.cap
                        && i > 1
                        && cx.toks.key(i - 1) == "armees"
                    {
                        hit = Some(d.entry);
                    }
                }
                if let Some(e) = hit {
                    cands.push(Cand {
                        t0: i,
                        t1: i + 1,
                        kind: MentionKind::Demonym,
                        qualifier: None,
                        ids: vec![e],
                        admin_hint: false,
                        hint_word: String::new(),
                        container: None,
                        district_of: false,
                        demonym_entry: Some(e),
                        key: String::new(),
                        town_hint: None,
                    });
                    i += 1;
                    continue;
                }
            }
        }
        // "lac Tchad", "golfe de Guinée": a lower-case head starts a known name
        let head = !t.cap && want_fr && cues.feature_head.contains(k);
        if !t.cap && !head || t.digit {
            i += 1;
            continue;
        }
        // "Islamic State Sahel Province", "700 block of South California": the
        // capitalised words belong to an organisation's name or an address
        if t.cap && cx.cue_before(i, &cues.org_before).is_some() {
            i += 1;
            while i < n && toks[i].cap && !toks[i].sent_start && toks[i - 1].next == b' ' {
                i += 1;
            }
            continue;
        }
        // "Harrisburg, Pa.", "Newark, N.J.": an abbreviated state after a town
        if i > 0
            && toks[i - 1].next == b','
            && cands
                .last()
                .is_some_and(|c| c.t1 == i && c.kind != MentionKind::Demonym)
        {
            if let Some((end, e)) = crate::abbrev::at(cx.g, cx.text, cx.toks, i) {
                cands.push(Cand {
                    t0: i,
                    t1: end,
                    kind: MentionKind::Toponym,
                    qualifier: None,
                    ids: vec![e],
                    admin_hint: true,
                    hint_word: String::new(),
                    container: None,
                    district_of: false,
                    demonym_entry: None,
                    key: cx.phrase(i, end),
                    town_hint: None,
                });
                i = end;
                continue;
            }
        }
        let longest = cx.longest(i, &mut ids);
        // (a lower-case head must start a longer name ending in a capitalised word)
        if head && !longest.is_some_and(|end| end > i + 1 && toks[end - 1].cap) {
            i += 1;
            continue;
        }
        let Some(end) = longest else {
            // Unknown name after a strong cue ("village of X") or followed by ", Known".
            if let Some(c) = unknown_name(cx, i, &lower, &person_keys) {
                let e = c.t1;
                cands.push(c);
                i = e;
            } else {
                i += 1;
            }
            continue;
        };
        let words = end - i;
        let text_tok = &cx.text[t.b0 as usize..t.b1 as usize];
        let key_len = k.chars().count();
        let mut strength = cx.strength(&ids);
        // multi-word names are less ambiguous, when every word is capitalised
        let all_cap = toks[i..end]
            .iter()
            .all(|t| t.cap || is_function_word(cx.toks.key_of(t)));
        if words >= 2 && all_cap && strength < Strength::Strong {
            strength = if strength == Strength::Weak {
                Strength::Medium
            } else {
                Strength::Strong
            };
        }
        // direction words before a name qualify it: "South West England" is
        // England's south-west, not Cameroon's South-West region
        if words >= 2
            && toks[i..end]
                .iter()
                .all(|t| cues.direction.contains_key(cx.toks.key_of(t)))
            && end < n
            && toks[end].cap
            && toks[end - 1].next == b' '
            && !cues.container.contains(cx.toks.key(end))
        {
            i = end - 1;
            continue;
        }
        // container and direction words are never places by themselves
        if words == 1
            && (cues.container.contains(k)
                || cues.direction.contains_key(k)
                || !cx.g.demonyms_for_key(k).is_empty()
                    && !ids.iter().any(|&x| cx.g.entry(x).kind == Kind::Country))
        {
            i += 1;
            continue;
        }
        // all-capital short tokens: abbreviations of countries, admin1 units and regions only
        // ("US", "UK", "DRC", "NSW"), never acronyms of organisations or diseases
        let abbrev =
            t.allcaps && key_len <= 4 && toks[i..end].iter().all(|t| t.allcaps && t.b1 - t.b0 <= 4);
        if abbrev {
            let ok = is_abbrev_ok(cx.text, text_tok)
                && ids.iter().any(|&x| {
                    matches!(
                        cx.g.entry(x).kind,
                        Kind::Country | Kind::Admin1 | Kind::Region | Kind::Continent
                    )
                });
            if !ok {
                i += 1;
                continue;
            }
            ids.retain(|&x| {
                matches!(
                    cx.g.entry(x).kind,
                    Kind::Country | Kind::Admin1 | Kind::Region | Kind::Continent
                )
            });
            strength = Strength::Strong;
        } else if words == 1 && key_len <= 3 {
            if key_len <= 2 {
                i += 1;
                continue;
            }
            strength = strength.min(Strength::Weak);
        }
        // "according to Rosser", "selon Diallo": a source, not a place (unless the
        // name is a country, a first-level unit or a capital: "according to Mali")
        let source_cue = i >= 1
            && (cx.k(i - 1) == "selon"
                || i >= 2 && cx.k(i - 1) == "to" && cx.k(i - 2) == "according");
        if source_cue
            && words == 1
            && !ids.iter().any(|&x| {
                matches!(
                    cx.g.entry(x).kind,
                    Kind::Country | Kind::Admin1 | Kind::Capital | Kind::Continent | Kind::Region
                )
            })
        {
            i += 1;
            continue;
        }
        // disease and strain names ("Reston ebolavirus", "Marburg virus")
        if end < n
            && !toks[end].cap
            && cues.lower_after.contains(cx.toks.key(end))
            && (strength < Strength::Strong
                || matches!(
                    cx.toks.key(end),
                    "virus" | "ebolavirus" | "fever" | "syndrome" | "phenomenon"
                ))
        {
            i = end;
            continue;
        }
        // a capitalised previous word says little at a sentence start or in capitals ("CDC Atlanta")
        let prev_informative = i > 0 && !toks[i - 1].sent_start && !toks[i - 1].allcaps;
        let prev_cap = prev_informative
            && toks[i - 1].cap
            && !t.sent_start
            && toks[i - 1].next == b' '
            && !cues.title.contains(cx.toks.key(i - 1))
            && !cues.direction.contains_key(cx.toks.key(i - 1))
            && !cues.locative.contains(cx.toks.key(i - 1))
            && cands.last().is_none_or(|c| c.t1 != i);
        // for weak evidence, any capitalised word before counts ("Boko Haram")
        let prev_cap_any = prev_cap
            || i > 0
                && toks[i - 1].cap
                && !t.sent_start
                && toks[i - 1].next == b' '
                && !cues.locative.contains(cx.toks.key(i - 1))
                && !cues.direction.contains_key(cx.toks.key(i - 1))
                && cands.last().is_none_or(|c| c.t1 != i);
        let raw_prev_cap =
            prev_informative && toks[i - 1].cap && !t.sent_start && toks[i - 1].next == b' ';
        let title_before =
            i > 0 && !t.sent_start && cues.title.contains(cx.toks.key(i - 1)) && toks[i - 1].cap;
        let next_key = if end < n { cx.toks.key(end) } else { "" };
        let next_cap =
            end < n && toks[end].cap && !toks[end].sent_start && toks[end - 1].next == b' ';
        let next_container =
            end < n && cues.container.contains(next_key) && toks[end - 1].next == b' ';
        let org_after = end < n
            && toks[end - 1].next == b' '
            && cues.org_after.contains(next_key)
            && toks[end].cap;
        let lowkey = cx.phrase(i, end);
        let person = words == 1 && cues.person.contains(&lowkey);
        let common =
            cues.common.contains(&lowkey) || (words == 1 && lower.contains(lowkey.as_str()));
        let cue = cx.cue_before(i, &cues.locative).is_some();
        let chain_next = end + 1 < n && toks[end - 1].next == b',' && toks[end].cap;
        let chain_prev = i > 0
            && toks[i - 1].next == b','
            && cands
                .last()
                .is_some_and(|c| c.t1 == i && c.kind != MentionKind::Demonym);

        // a town name inside a longer proper name ("George Gzhailidi", "Radio Pyongyang")
        let town_only = ids
            .iter()
            .all(|&x| cx.g.entry(x).kind.is_town() || cx.g.entry(x).kind == Kind::Other);
        let in_name = words == 1 && town_only && (raw_prev_cap || next_cap && !next_container);
        // part of a hyphenated name ("Kerry-Ann", "Redfern-Hardisty"), a currency ("US$")
        // ("India-Pakistan border", "Asia-Pacific" join two places: kept)
        let hyphen_name =
            (toks[end - 1].next == b'-' && end < n && toks[end].cap && !cx.g.has_key(next_key))
                || (i > 0
                    && toks[i - 1].next == b'-'
                    && toks[i - 1].cap
                    && toks[i - 1].b1 == t.b0 - 1
                    && !cx.g.has_key(cx.toks.key(i - 1))
                    && !cues.direction.contains_key(cx.toks.key(i - 1))
                    // a legislator's party and seat: "Rep. Wendell Gilliard, D-Charleston"
                    && !(toks[i - 1].b1 - toks[i - 1].b0 == 1
                        && matches!(cx.toks.key(i - 1), "d" | "r" | "i")));
        // a name glued to a lower-case prefix is a modifier or a group, not a place
        // ("anti-Balaka" militias, "pro-Moscow" parties, "ex-Yugoslav")
        let prefixed = i > 0
            && toks[i - 1].next == b'-'
            && toks[i - 1].b1 == t.b0 - 1
            && matches!(
                cx.toks.key(i - 1),
                "anti" | "pro" | "ex" | "non" | "post" | "pre" | "neo" | "pan"
            );
        let currency = cx.text.as_bytes().get(toks[end - 1].b1 as usize) == Some(&b'$');
        // "Obama said", "said Lennox": a person, unless a strong place (metonymy)
        let speech = |j: usize| {
            matches!(
                cx.toks.key(j),
                "said"
                    | "says"
                    | "told"
                    | "added"
                    | "stated"
                    | "explained"
                    | "asked"
                    | "wrote"
                    | "declared"
                    | "a"
                    | "dit"
                    | "declare"
            )
        };
        let ordinary = ids.iter().all(|&x| {
            matches!(
                cx.g.entry(x).kind,
                Kind::Place | Kind::Admin2 | Kind::AdminOther | Kind::Other
            )
        });
        let speaker = (strength < Strength::Strong || ordinary && town_only)
            && ((end < n && !toks[end].cap && speech(end) && cx.toks.key(end) != "a")
                || (i > 0
                    && speech(i - 1)
                    && cx.toks.key(i - 1) != "a"
                    && toks[i - 1].next == b' '));
        // (a surname may also name a county or a province abroad: "Matthew D.
        // Flores ... Flores said" is no Flores Department; never a country or capital)
        let minor_place = ids.iter().all(|&x| {
            !matches!(
                cx.g.entry(x).kind,
                Kind::Country | Kind::Capital | Kind::Continent | Kind::Region
            )
        });
        let surname = words == 1 && person_keys.contains(k) && (ordinary || minor_place);
        // "University of California", "Voice of America"
        let org_of = i >= 2
            && matches!(cx.toks.key(i - 1), "of" | "de" | "du")
            && toks[i - 2].cap
            && cues.org_of.contains(cx.toks.key(i - 2));
        let accept = if org_after
            || org_of
            || surname
            || title_before
            || hyphen_name
            || prefixed
            || currency
            || speaker
            || person
                && (next_cap && !next_container
                    || raw_prev_cap && !cues.direction.contains_key(cx.toks.key(i - 1))
                    || i > 0
                        && toks[i - 1].cap
                        && toks[i - 1].next == b' '
                        && cues.person.contains(cx.toks.key(i - 1)))
        {
            false
        } else if abbrev {
            true
        } else {
            match strength {
                Strength::Strong => {
                    !(common && (t.sent_start || !cue) && !chain_next && !chain_prev)
                        && !(prev_cap && common)
                        && !in_name
                }
                Strength::Medium => {
                    !common
                        && !prev_cap_any
                        && (!next_cap || next_container)
                        && (!t.sent_start || chain_next || next_container || cue)
                        || (chain_prev && !common && !in_name)
                }
                Strength::Weak => {
                    !common
                        && !prev_cap_any
                        && (!next_cap || next_container)
                        && !t.sent_start
                        && (cx.cue_before(i, &cues.strong_locative).is_some()
                            || cue && (chain_next || next_container)
                            || chain_prev)
                }
            }
        };
        if !accept {
            // a whole name inside an organisation's ("University of New South Wales")
            // is skipped whole, not re-read from its second word
            i = if org_of || org_after { end } else { i + 1 };
            continue;
        }
        let mut c = Cand {
            t0: i,
            t1: end,
            kind: MentionKind::Toponym,
            qualifier: None,
            ids: ids.clone(),
            admin_hint: false,
            hint_word: String::new(),
            container: None,
            district_of: false,
            demonym_entry: None,
            key: lowkey,
            town_hint: None,
        };
        qualify(cx, &mut c);
        let e = c.t1;
        cands.push(c);
        i = e;
    }
    link_containers(cx, &mut cands);
    paren::link_parenthesised(cx, &mut cands);
    cands
}

/// A name not in the gazetteer, recognised from a strong cue or a chain.
fn unknown_name(
    cx: &Ctx<'_>,
    i: usize,
    lower: &FxHashSet<&str>,
    person_keys: &FxHashSet<&str>,
) -> Option<Cand> {
    let toks = &cx.toks.toks;
    let t = toks[i];
    if t.sent_start || t.allcaps && t.b1 - t.b0 <= 4 {
        return None;
    }
    let k = cx.toks.key(i);
    if cx.cues.common.contains(k)
        || lower.contains(k)
        || cx.cues.title.contains(k)
        || k.chars().count() < 3
    {
        return None;
    }
    if i > 0 && toks[i - 1].cap && toks[i - 1].next == b' ' {
        return None;
    }
    // doctrines are no places ("the holiest site in Judaism", "le jihadisme")
    if k.ends_with("ism") || k.ends_with("isme") {
        return None;
    }
    // extent: capitalised words joined by spaces or hyphens (at most 3)
    let mut end = i + 1;
    while end < toks.len()
        && end - i < 3
        && toks[end].cap
        && !toks[end].sent_start
        && matches!(toks[end - 1].next, b' ' | b'-')
    {
        end += 1;
    }
    let strong = cx.cue_before(i, &cx.cues.strong_locative).is_some();
    // followed by ", <known place>"
    let chain = end < toks.len() && toks[end - 1].next == b',' && toks[end].cap && {
        let mut ids = Vec::new();
        let mut key = String::new();
        key.push_str(cx.toks.key(end));
        cx.g.ids_for_key(&key, &mut ids);
        let mut ok = ids.iter().any(|&x| cx.g.entry(x).kind.is_admin());
        if !ok && end + 1 < toks.len() {
            key.push(' ');
            key.push_str(cx.toks.key(end + 1));
            cx.g.ids_for_key(&key, &mut ids);
            ok = ids.iter().any(|&x| cx.g.entry(x).kind.is_admin());
        }
        ok
    };
    let cue = cx.cue_before(i, &cx.cues.locative).is_some();
    let in_admin = matches!(toks[end - 1].next, b' ' | b',') && admin_follows(cx, end) && {
        // "X in the Mopti region" (a container word), not "X in the UK"
        let mut j = end;
        let mut saw = false;
        while j < toks.len() && j < end + 6 {
            if cx.cues.container.contains(cx.toks.key(j)) {
                saw = true;
                break;
            }
            j += 1;
        }
        saw
    };
    // a single unknown name right after "in", "at", "near", "à" (villages the bundle lacks)
    let prev_word = &cx.text[toks[i - 1].b0 as usize..toks[i - 1].b1 as usize];
    let next_ok = end >= toks.len()
        || toks[end - 1].next != b' ' && toks[end - 1].next != b'\'' && toks[end - 1].next != 0xFF
        || matches!(
            cx.toks.key(end),
            "in" | "on"
                | "at"
                | "near"
                | "and"
                | "or"
                | "of"
                | "which"
                | "where"
                | "after"
                | "before"
                | "since"
                | "during"
                | "last"
                | "this"
                | "du"
                | "de"
                | "et"
                | "ou"
                | "qui"
                | "dans"
                | "pres"
                | "depuis"
                | "lors"
                | "pendant"
                | "when"
                | "was"
                | "were"
                | "is"
        );
    let between = between_before(cx, i);
    let plain = (cue || between)
        && end == i + 1
        && (next_ok || between)
        && k.chars().count() >= 4
        && !person_keys.contains(k)
        && cx.g.demonyms_for_key(k).is_empty()
        && matches!(
            prev_word,
            "in" | "at" | "near" | "à" | "au" | "près" | "vers" | "outside" | "and" | "et"
        )
        && (!matches!(prev_word, "and" | "et") || between);
    if !(strong || chain && cue || in_admin || plain) {
        return None;
    }
    // nor be followed by a word that makes it a disease, a government or a group
    // ("the Obama administration", "the Ismaili sect")
    if end < toks.len() && !toks[end].cap && cx.cues.lower_after.contains(cx.toks.key(end)) {
        return None;
    }
    // the name must not continue with another capitalised word (a person or organisation)
    if end < toks.len()
        && toks[end].cap
        && toks[end - 1].next == b' '
        && !cx.cues.container.contains(cx.toks.key(end))
    {
        return None;
    }
    let mut c = Cand {
        t0: i,
        t1: end,
        kind: MentionKind::Toponym,
        qualifier: None,
        ids: Vec::new(),
        admin_hint: false,
        hint_word: String::new(),
        container: None,
        district_of: false,
        demonym_entry: None,
        key: cx.phrase(i, end),
        town_hint: None,
    };
    qualify(cx, &mut c);
    Some(c)
}

/// Direction, nearness and container words around a candidate.
fn qualify(cx: &Ctx<'_>, c: &mut Cand) {
    let toks = &cx.toks.toks;
    let cues = cx.cues;
    let n = toks.len();
    let i = c.t0;
    // container after: "Mopti region", "Soum Province" (not "Illinois Department of ...",
    // "Ohio State University")
    if c.t1 < n && toks[c.t1 - 1].next == b' ' && cues.container.contains(cx.k(c.t1)) {
        let after = c.t1 + 1;
        let name_goes_on = after < n
            && toks[c.t1].next == b' '
            && (toks[after].cap || matches!(cx.k(after), "of" | "de" | "du" | "des"));
        if !name_goes_on {
            c.admin_hint = true;
            c.hint_word = cx.k(c.t1).to_string();
            if toks[c.t1].cap {
                c.t1 += 1;
            }
        }
    }
    // "New York Governor", "Borno governor": the admin unit
    if c.t1 < n && toks[c.t1 - 1].next == b' ' && cues.admin_office.contains(cx.k(c.t1)) {
        c.admin_hint = true;
    }
    // "the town of X", "la ville de X", "village de X"
    if i >= 2
        && !toks[i].sent_start
        && matches!(cx.k(i - 1), "of" | "de" | "d")
        && matches!(
            cx.k(i - 2),
            "town" | "city" | "village" | "ville" | "localite" | "bourgade" | "hamlet"
        )
    {
        c.town_hint = Some(true);
    }
    // "the Pacific side", "the Atlantic flyway", "the Sahel": English puts no
    // article before a town, unless it names the town's area ("the Glasgow area")
    if i >= 1
        && c.town_hint.is_none()
        && !toks[i].sent_start
        && cx.k(i - 1) == "the"
        && !toks[i - 1].cap
        && !(c.t1 < n
            && matches!(
                cx.k(c.t1),
                "area"
                    | "areas"
                    | "region"
                    | "metropolitan"
                    | "metro"
                    | "suburbs"
                    | "outskirts"
                    | "district"
                    | "city"
                    | "town"
                    | "province"
                    | "county"
                    | "state"
                    | "municipality"
                    | "neighbourhood"
                    | "neighborhood"
            ))
    {
        c.town_hint = Some(false);
    }
    // container before: "region of Mopti", "région de Mopti", "province du Soum", "state of Texas"
    if i >= 2 && !toks[i].sent_start {
        let w = cx.k(i - 1);
        let w2 = cx.k(i - 2);
        if matches!(w, "of" | "de" | "du" | "d" | "des")
            && cues.container.contains(w2)
            && !toks[i - 1].sent_start
        {
            c.admin_hint = true;
            c.hint_word = w2.to_string();
        }
    }
    // a compass word, or a hyphenated pair ending at token `j` ("north-east",
    // "nord-ouest"): the pair when the direction list has it
    let direction_at = |j: usize| -> Option<&'static str> {
        let one = cues.direction.get(cx.k(j)).copied()?;
        if j >= 1 && toks[j - 1].next == b'-' && toks[j - 1].b1 + 1 == toks[j].b0 {
            let pair = format!("{} {}", cx.k(j - 1), cx.k(j));
            if let Some(&d) = cues.direction.get(&pair) {
                return Some(d);
            }
        }
        Some(one)
    };
    // "northern Benin", "north-east Nigeria"
    if i >= 1 && !toks[i].sent_start {
        if let Some(dir) = direction_at(i - 1) {
            if toks[i - 1].next == b' ' {
                c.qualifier = Some(dir);
                c.kind = MentionKind::Region;
            }
        }
        // "le nord du Bénin", "north of Mopti", "the north of Mali"
        if i >= 2
            && c.qualifier.is_none()
            && matches!(cx.k(i - 1), "of" | "de" | "du" | "d" | "des")
        {
            let mut j = i - 2;
            if cx.k(j) == "la" && j >= 1 {
                j -= 1;
            }
            if let Some(dir) = direction_at(j) {
                c.qualifier = Some(dir);
                c.kind = MentionKind::Region;
            }
        }
    }
    // "near X", "outskirts of X", "près de X"
    if c.qualifier.is_none() {
        if let Some(a) = cx.cue_before(i, &cues.near) {
            let p = cx.phrase(a, i);
            c.qualifier = Some(
                if p.contains("outskirts") || p.contains("abords") || p.contains("peripherie") {
                    "outskirts"
                } else {
                    "near"
                },
            );
        } else if c.t1 < n
            && toks[c.t1 - 1].next == b' '
            && cues.outskirts_after.contains(cx.k(c.t1))
            && cx.k(c.t1) != "area"
        {
            c.qualifier = Some("outskirts");
        }
    }
    // "between Djibo and Namsiguia", "on the road between X and Y", "entre X et
    // Y": the event lies between the two (ACLED precision 2, at one of them)
    if c.qualifier.is_none() && between_before(cx, i) {
        c.qualifier = Some("between");
    }
}

/// Whether token `i` is X or Y of "between X and Y" / "entre X et Y" (X up to
/// four words, no sentence boundary).
fn between_before(cx: &Ctx<'_>, i: usize) -> bool {
    let toks = &cx.toks.toks;
    let between = |j: usize| matches!(cx.k(j), "between" | "entre");
    if i == 0 || toks[i].sent_start {
        return false;
    }
    if between(i - 1) {
        return true;
    }
    i >= 3
        && matches!(cx.k(i - 1), "and" | "et")
        && (i.saturating_sub(7)..i - 2)
            .rev()
            .find(|&j| between(j))
            .is_some_and(|j| !(j + 1..i).any(|m| toks[m].sent_start) && toks[j + 1].cap)
}

/// Words that may separate a place from its container: "Sevare in the Mopti
/// region", "Boni, dans la région de Mopti", "Fulton County located in Illinois".
fn container_gap_word(k: &str) -> bool {
    matches!(
        k,
        "in" | "the"
            | "dans"
            | "la"
            | "le"
            | "de"
            | "du"
            | "d"
            | "l"
            | "en"
            | "au"
            | "located"
            | "situated"
            // folded: "situé", "située"
            | "situe"
            | "situee"
    )
}

/// "X, Y", "X (Y)" and "X in the Y region": Y is X's container.
fn link_containers(cx: &Ctx<'_>, cands: &mut [Cand]) {
    let toks = &cx.toks.toks;
    for a in 0..cands.len().saturating_sub(1) {
        let b = a + 1;
        if cands[b].kind == MentionKind::Demonym || cands[a].kind == MentionKind::Demonym {
            continue;
        }
        let last = cands[a].t1 - 1;
        let comma_adjacent = |x: usize, y: usize| {
            cands[y].t0 == cands[x].t1 && matches!(toks[cands[x].t1 - 1].next, b',' | b'(')
        };
        if comma_adjacent(a, b) {
            let _ = last;
            // and only towards a higher level than X's main reading ("Greece, Bulgaria" is a list)
            let level = |k: Kind| match k {
                Kind::Continent | Kind::Region => 4,
                Kind::Country => 3,
                Kind::Admin1 => 2,
                Kind::Admin2 | Kind::AdminOther => 1,
                _ => 0,
            };
            let main_level = |x: usize| {
                cands[x]
                    .ids
                    .iter()
                    .map(|&i| cx.g.entry(i))
                    .max_by(|p, q| importance(p).total_cmp(&importance(q)))
                    .map_or(0, |e| level(e.kind))
            };
            // a list ("Utah, Virginia, Washington, West Virginia and Wyoming";
            // "Suba, Migori, Homa Bay, Rongo") is not a chain, which climbs
            // ("Fairfax, Fairfax County, Virginia")
            let in_list = a > 0 && comma_adjacent(a - 1, a)
                || (b + 1 < cands.len()
                    && cands[b + 1].t0 == cands[b].t1 + 1
                    && matches!(cx.k(cands[b].t1), "and" | "et" | "or" | "ou"))
                || (b + 1 < cands.len()
                    && comma_adjacent(b, b + 1)
                    && main_level(b + 1) <= main_level(b));
            let main_a = main_level(a);
            let max_b = cands[b]
                .ids
                .iter()
                .map(|&x| level(cx.g.entry(x).kind))
                .max()
                .unwrap_or(0);
            if !in_list && max_b > main_a && max_b < 4 {
                cands[a].container = Some(b);
            }
            continue;
        }
        // "the X district of Y", "the Punjab province of Pakistan", "le quartier X
        // de Y": Y holds X, whatever Y is (a town holds its districts)
        let gap = cands[a].t1..cands[b].t0;
        let of = |k: &str| matches!(k, "of" | "de" | "du" | "d");
        let unit_word = |j: usize| {
            cx.cues.container.contains(cx.k(j)) || cx.cues.outskirts_after.contains(cx.k(j))
        };
        let unit_of = match gap.len() {
            1 => unit_word(cands[a].t1 - 1) && of(cx.k(gap.start)),
            2 => unit_word(gap.start) && of(cx.k(gap.start + 1)),
            _ => false,
        };
        if unit_of
            && !toks[gap.clone()].iter().any(|t| t.sent_start)
            && cands[b].kind != MentionKind::Demonym
            && !cands[b].ids.is_empty()
        {
            cands[a].container = Some(b);
            cands[a].district_of = true;
            continue;
        }
        // "X in the Y region" / "X dans la région de Y": only towards an admin unit
        if !gap.is_empty()
            && gap.len() <= 4
            && !toks[gap.clone()].iter().any(|t| t.sent_start)
            && gap
                .clone()
                .all(|j| container_gap_word(cx.k(j)) || cx.cues.container.contains(cx.k(j)))
            && gap
                .clone()
                .any(|j| matches!(cx.k(j), "in" | "dans" | "en" | "au"))
            && (cands[b].admin_hint
                || cands[b].ids.iter().any(|&i| {
                    matches!(
                        cx.g.entry(i).kind,
                        Kind::Admin1 | Kind::Admin2 | Kind::Country
                    )
                }))
        {
            cands[a].container = Some(b);
        }
    }
}

/// Whether tokens from `j` read "in (the) Known (container)" or "dans la région de Known".
fn admin_follows(cx: &Ctx<'_>, mut j: usize) -> bool {
    let toks = &cx.toks.toks;
    let n = toks.len();
    let start = j;
    let mut saw_in = false;
    while j < n && j - start < 5 && !toks[j].cap {
        let k = cx.k(j);
        if matches!(k, "in" | "dans" | "en" | "au") {
            saw_in = true;
        } else if !(container_gap_word(k) || cx.cues.container.contains(k)) {
            return false;
        }
        j += 1;
    }
    if !saw_in || j >= n || !toks[j].cap {
        return false;
    }
    let mut ids = Vec::new();
    cx.g.ids_for_key(cx.k(j), &mut ids);
    if ids.is_empty() && j + 1 < n {
        cx.g.ids_for_key(&cx.phrase(j, j + 2), &mut ids);
    }
    ids.iter().any(|&i| {
        matches!(
            cx.g.entry(i).kind,
            Kind::Admin1 | Kind::Admin2 | Kind::Country
        )
    })
}

fn haversine_km(a: (f32, f32), b: (f32, f32)) -> f32 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Counts of resolved mentions by country and name, for the "never a wrong
/// town" rule in [`resolve`]: whether another mention backs a reading is a
/// look-up, not a scan of the document's mentions.
struct Tally<'t> {
    /// Resolved mentions per country.
    all_c: FxHashMap<&'t str, usize>,
    /// ... per (country, name).
    all_ck: FxHashMap<(&'t str, &'t str), usize>,
    /// Resolved mentions that are not suspect themselves, per country ...
    ns_c: FxHashMap<&'t str, usize>,
    /// ... and per (country, name).
    ns_ck: FxHashMap<(&'t str, &'t str), usize>,
    /// Resolved mentions with a container of their own, per (country, name).
    cont_ck: FxHashMap<(&'t str, &'t str), usize>,
    /// Mentions resolved to a foreign country, per list group.
    foreign_in_group: Vec<usize>,
}

impl<'t> Tally<'t> {
    fn new(n: usize) -> Self {
        Tally {
            all_c: FxHashMap::default(),
            all_ck: FxHashMap::default(),
            ns_c: FxHashMap::default(),
            ns_ck: FxHashMap::default(),
            cont_ck: FxHashMap::default(),
            foreign_in_group: vec![0; n],
        }
    }

    fn get<K: std::hash::Hash + Eq>(&self, m: &FxHashMap<K, usize>, k: K) -> usize {
        m.get(&k).copied().unwrap_or(0)
    }

    /// Count (`delta` 1) or uncount (-1) mention `b` read as entry `id`.
    #[allow(clippy::too_many_arguments)]
    fn update(
        &mut self,
        g: &'t Gazetteer,
        cands: &'t [Cand],
        suspect: &[bool],
        group: &[usize],
        fc: &str,
        b: usize,
        id: u32,
        delta: isize,
    ) {
        fn bump<K: std::hash::Hash + Eq>(m: &mut FxHashMap<K, usize>, k: K, delta: isize) {
            let v = m.entry(k).or_default();
            *v = v.wrapping_add_signed(delta);
        }
        let e = g.entry(id);
        let (c, k) = (e.country, cands[b].key.as_str());
        bump(&mut self.all_c, c, delta);
        bump(&mut self.all_ck, (c, k), delta);
        if !suspect[b] {
            bump(&mut self.ns_c, c, delta);
            bump(&mut self.ns_ck, (c, k), delta);
        }
        if cands[b].container.is_some() {
            bump(&mut self.cont_ck, (c, k), delta);
        }
        if e.kind == Kind::Country && e.country != fc {
            let v = &mut self.foreign_in_group[group[b]];
            *v = v.wrapping_add_signed(delta);
        }
    }
}

/// Distances at which an anchor makes a reading near ([`choose`]: +2 within
/// `CLOSE_KM`, +1 within `NEAR_KM`).
const CLOSE_KM: f32 = 100.0;
const NEAR_KM: f32 = 400.0;
/// Degrees of latitude searched either side of a point: `NEAR_KM` is 3.6°
/// on the sphere `haversine_km` uses; the rest is headroom for rounding.
const NEAR_MARGIN_DEG: f32 = 4.5;
/// Cell size of the anchor grid, in degrees.
const CELL_DEG: f32 = 4.0;
/// Up to this many anchors a scan of all of them is cheaper than the grid.
const SCAN_ANCHORS: usize = 32;

/// The points of confidently resolved mentions ("anchors"), each distinct
/// point once, in a grid of `CELL_DEG` cells: how near a reading is to an
/// anchor looks only at cells that can hold one within `NEAR_KM`, so a
/// document naming the same towns thousands of times does not compare every
/// reading with every mention (the distinct points within reach are bounded
/// by the gazetteer, not by the document). Same answer as a scan of all.
struct Anchors {
    /// (mention, point) of every anchor, for the scan of a short list.
    points: Vec<(usize, (f32, f32))>,
    /// Distinct points per cell: (point, the one mention there, or None
    /// when several mentions share it).
    cells: FxHashMap<(i32, i32), Vec<Anchor>>,
}

/// A distinct anchor point and the one mention there (None when several share it).
type Anchor = ((f32, f32), Option<usize>);

impl Anchors {
    const COLS: i32 = (360.0 / CELL_DEG) as i32;

    fn new(points: Vec<(usize, (f32, f32))>) -> Self {
        let mut cells: FxHashMap<(i32, i32), Vec<Anchor>> = FxHashMap::default();
        if points.len() > SCAN_ANCHORS {
            let mut seen: FxHashMap<(u32, u32), (i32, i32, usize)> = FxHashMap::default();
            for &(a, p) in &points {
                let bits = (p.0.to_bits(), p.1.to_bits());
                if let Some(&(r, c, k)) = seen.get(&bits) {
                    cells.get_mut(&(r, c)).expect("cell of a seen point")[k].1 = None;
                    continue;
                }
                let (r, c) = Self::cell(p);
                let v = cells.entry((r, c)).or_default();
                seen.insert(bits, (r, c, v.len()));
                v.push((p, Some(a)));
            }
        }
        Anchors { points, cells }
    }

    fn cell((lat, lon): (f32, f32)) -> (i32, i32) {
        let row = (lat / CELL_DEG).floor() as i32;
        let col = ((lon / CELL_DEG).floor() as i32).rem_euclid(Self::COLS);
        (row, col)
    }

    /// Whether there is an anchor other than mention `own`.
    fn any_but(&self, own: usize) -> bool {
        self.points.iter().take(2).any(|&(a, _)| a != own)
    }

    /// 2 when an anchor other than mention `own` lies within `CLOSE_KM` of
    /// `p`, else 1 when one lies within `NEAR_KM`, else 0.
    fn nearness(&self, p: (f32, f32), own: usize) -> u8 {
        let level = |d: f32| {
            if d < CLOSE_KM {
                2
            } else if d < NEAR_KM {
                1
            } else {
                0
            }
        };
        if self.points.len() <= SCAN_ANCHORS || !p.0.is_finite() || !p.1.is_finite() {
            let d = self
                .points
                .iter()
                .filter(|(a, _)| *a != own)
                .map(|&(_, q)| haversine_km(p, q))
                .fold(f32::INFINITY, f32::min);
            return level(d);
        }
        let (lat, lon) = p;
        let row0 = ((lat - NEAR_MARGIN_DEG) / CELL_DEG).floor() as i32;
        let row1 = ((lat + NEAR_MARGIN_DEG) / CELL_DEG).floor() as i32;
        // longitude degrees shrink towards the poles: the widest span any
        // latitude in reach allows (all columns near a pole)
        let polar = (lat.abs() + NEAR_MARGIN_DEG).min(90.0);
        let cos = polar.to_radians().cos();
        let (c0, c1) = if cos < 0.05 {
            (0, Self::COLS - 1)
        } else {
            let dlon = NEAR_MARGIN_DEG / cos;
            let c0 = ((lon - dlon) / CELL_DEG).floor() as i32;
            let c1 = ((lon + dlon) / CELL_DEG).floor() as i32;
            if c1 - c0 + 1 >= Self::COLS {
                (0, Self::COLS - 1)
            } else {
                (c0, c1)
            }
        };
        let mut best = 0;
        for row in row0..=row1 {
            for col in c0..=c1 {
                let Some(pts) = self.cells.get(&(row, col.rem_euclid(Self::COLS))) else {
                    continue;
                };
                for &(q, only) in pts {
                    if only == Some(own) {
                        continue;
                    }
                    best = best.max(level(haversine_km(p, q)));
                    if best == 2 {
                        return 2;
                    }
                }
            }
        }
        best
    }
}

/// Administrative level of a kind, for lists and chains.
fn level(k: Kind) -> u8 {
    match k {
        Kind::Continent | Kind::Region => 4,
        Kind::Country => 3,
        Kind::Admin1 => 2,
        Kind::Admin2 | Kind::AdminOther => 1,
        _ => 0,
    }
}

/// The compass part named by capitalised direction words right before token
/// `t0` ("South West England": `southwest`), if any.
fn titled_direction(cx: &Ctx<'_>, t0: usize) -> Option<String> {
    let toks = &cx.toks.toks;
    let dir_at = |j: usize| {
        (toks[j].cap && !toks[j].sent_start)
            .then(|| cx.cues.direction.get(cx.k(j)))
            .flatten()
    };
    let d1 = dir_at(t0.checked_sub(1)?)?;
    let d2 = t0.checked_sub(2).and_then(dir_at);
    Some(match d2 {
        Some(&d2) if matches!(d2, "north" | "south") && matches!(*d1, "east" | "west") => {
            format!("{d2}{d1}")
        }
        _ => d1.to_string(),
    })
}

/// How far from a town's point its districts may lie.
const TOWN_RADIUS_KM: f32 = 30.0;

/// Whether `e` lies inside container entry `c`.
fn inside(e: &Entry, c: &Entry) -> bool {
    if e.country.is_empty() || e.country != c.country {
        return c.kind == Kind::Continent
            || c.kind == Kind::Region && haversine_km((e.lat, e.lon), (c.lat, c.lon)) < 1500.0;
    }
    if c.kind.is_town() {
        // a town holds its districts and neighbourhoods
        return haversine_km((e.lat, e.lon), (c.lat, c.lon)) < TOWN_RADIUS_KM;
    }
    match c.kind {
        Kind::Country => true,
        // a former unit lists the current admin1 units it was made of
        // ("46+26+17"), or the admin2 units ("84.01+84.07")
        Kind::Admin1 if c.admin1.contains('+') => {
            c.admin1.split('+').any(|m| match m.split_once('.') {
                Some((a1, a2)) => e.admin1 == a1 && e.admin2 == a2,
                None => e.admin1 == m,
            })
        }
        Kind::Admin1 => e.admin1 == c.admin1,
        // (a town GeoNames gives no admin2 code may lie in any unit of its admin1)
        Kind::Admin2 => {
            e.admin1 == c.admin1
                && (e.admin2 == c.admin2 || e.admin2.is_empty() && e.kind.is_town())
        }
        _ => false,
    }
}

/// The resolved container of mention `a`: its container's reading, else,
/// when the container is itself unknown ("Seme (Toeni, Sourou)" with no Toeni
/// known), the next resolved one up the chain.
fn holder(cands: &[Cand], choice: &[Option<u32>], a: usize) -> Option<u32> {
    let mut b = cands[a].container;
    for _ in 0..cands.len().min(4) {
        let x = b?;
        if let Some(c) = choice[x] {
            return Some(c);
        }
        b = cands[x].container;
    }
    None
}

fn resolve(cx: &Ctx<'_>, cands: Vec<Cand>) -> Vec<PlaceMention> {
    let g = cx.g;
    // Pass 1: context-free choice, containers first (they come later in the text).
    let n = cands.len();
    let mut choice: Vec<Option<u32>> = vec![None; n];
    let mut margin: Vec<f32> = vec![0.0; n];
    // ids of the mention each mention contains ("X, Y": X's ids for Y)
    let mut contained: Vec<&[u32]> = vec![&[]; n];
    for (a, c) in cands.iter().enumerate() {
        if let Some(b) = c.container {
            contained[b] = &cands[a].ids;
        }
    }
    let names: Vec<crate::chain::Name<'_>> = cands
        .iter()
        .map(|c| crate::chain::Name {
            key: if c.kind == MentionKind::Demonym {
                ""
            } else {
                &c.key
            },
            ids: &c.ids,
        })
        .collect();
    let mut chain = crate::chain::support(g, &names);
    // an explicit container ("Queens, New York") is read through what it
    // contains, not through the rest of the document
    for (a, c) in contained.iter().enumerate() {
        if !c.is_empty() {
            chain[a].clear();
        }
    }
    for a in (0..n).rev() {
        let (c, m) = choose(
            g,
            &cands[a],
            holder(&cands, &choice, a),
            contained[a],
            &Evidence {
                chain: &chain[a],
                ..Evidence::default()
            },
        );
        choice[a] = c;
        margin[a] = m;
    }
    // Document country focus.
    let mut focus: FxHashMap<&str, f32> = FxHashMap::default();
    for a in 0..n {
        if let Some(c) = choice[a] {
            let e = g.entry(c);
            if !e.country.is_empty() {
                let w = match e.kind {
                    Kind::Country => 2.0,
                    _ if margin[a] > 2.0 => 1.0,
                    _ => 0.5,
                };
                *focus.entry(e.country).or_default() += w;
            }
        }
    }
    // names of forces and militias of one country ("VDP", "Koglweogo")
    let cued = crate::country_cues::evidence(cx.toks);
    for (&cc, &w) in &cued {
        *focus.entry(cc).or_default() += w;
    }
    let total: f32 = focus.values().sum();
    let top = focus
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(k, v)| (*k, *v / total.max(1.0)));
    // Lists: consecutive mentions joined by commas, semicolons or "and";
    // each member gets the (country, level) most of the others confidently have.
    let toks = &cx.toks.toks;
    // a list told in parallel frames: "fifteen in British Columbia, fourteen in
    // Nova Scotia, ... and one in Quebec" (the same locative before each, a few
    // lower-case words between)
    let parallel = |a: usize, b: usize| {
        let (a0, a1, b0) = (cands[a].t0, cands[a].t1, cands[b].t0);
        matches!(toks[a1 - 1].next, b',' | b';')
            && a0 > 0
            && b0 > a1
            && b0 - a1 <= 4
            && cx.k(b0 - 1) == cx.k(a0 - 1)
            && cx.cues.locative.contains(cx.k(a0 - 1))
            && (a1..b0).all(|j| !toks[j].sent_start && !toks[j].cap)
    };
    let joined = |a: usize, b: usize| {
        cands[a].kind != MentionKind::Demonym
            && cands[b].kind != MentionKind::Demonym
            && cands[a].container != Some(b)
            && (cands[b].t0 == cands[a].t1 && matches!(toks[cands[a].t1 - 1].next, b',' | b';')
                || cands[b].t0 == cands[a].t1 + 1
                    && matches!(cx.k(cands[a].t1), "and" | "or" | "et" | "ou")
                || parallel(a, b))
    };
    let mut group = vec![0usize; n];
    for a in 1..n {
        group[a] = if joined(a - 1, a) { group[a - 1] } else { a };
    }
    // a group is a run of indices: [group[a], group_end[group[a]])
    let mut group_end = vec![0usize; n];
    for a in 0..n {
        group_end[group[a]] = a + 1;
    }
    let mut list_pref: Vec<Option<(&str, u8, f32)>> = vec![None; n];
    for a in 0..n {
        let mut votes: FxHashMap<(&str, u8), usize> = FxHashMap::default();
        // the members within LIST_WINDOW of it (all of them in any list
        // shorter than that; a list of thousands costs no more per member)
        let (g0, g1) = (group[a], group_end[group[a]]);
        for b in g0.max(a.saturating_sub(LIST_WINDOW))..g1.min(a + LIST_WINDOW + 1) {
            if b != a && group[b] == group[a] && margin[b] > 2.0 {
                if let Some(x) = choice[b] {
                    let e = g.entry(x);
                    *votes.entry((e.country, level(e.kind))).or_default() += 1;
                }
            }
        }
        // the level most members share, and the country when they share it too
        let mut by_level: FxHashMap<u8, usize> = FxHashMap::default();
        for (&(_, l), &v) in &votes {
            *by_level.entry(l).or_default() += v;
        }
        if let Some((&l, &nl)) = by_level.iter().max_by_key(|(l, v)| (**v, **l)) {
            if nl >= 1 {
                let c = votes
                    .iter()
                    .filter(|((_, vl), _)| *vl == l)
                    .max_by_key(|(_, v)| **v)
                    .map(|((c, _), _)| *c)
                    .unwrap_or("");
                list_pref[a] = Some((c, l, if nl >= 2 { 1.0 } else { 0.6 }));
            }
        }
    }
    // Pass 2: with focus and proximity to confident neighbours.
    let anchors: Vec<(usize, (f32, f32))> = (0..n)
        .filter(|&a| margin[a] > 3.0 && cands[a].kind != MentionKind::Demonym)
        .filter_map(|a| choice[a].map(|c| (a, (g.entry(c).lat, g.entry(c).lon))))
        .filter(|(a, _)| {
            choice[*a].is_some_and(|c| {
                !matches!(
                    g.entry(c).kind,
                    Kind::Continent | Kind::Country | Kind::Region
                )
            })
        })
        .collect();
    let anchors = Anchors::new(anchors);
    // mentions in text order (always so from `recognise`): windows by token
    // position are index ranges
    let in_order = cands.windows(2).all(|w| w[0].t0 <= w[1].t0);
    let window = |a: usize, radius: usize| -> std::ops::Range<usize> {
        if !in_order {
            return 0..n;
        }
        let t = cands[a].t0;
        let lo = cands.partition_point(|c| c.t0 + radius < t);
        let hi = cands.partition_point(|c| c.t0 <= t + radius);
        lo..hi
    };
    for a in (0..n).rev() {
        if cands[a].kind == MentionKind::Demonym {
            continue;
        }
        // the countries of confident mentions within a few sentences
        let mut local: FxHashMap<&str, f32> = FxHashMap::default();
        for b in window(a, LOCAL_TOKENS) {
            if b == a || cands[b].t0.abs_diff(cands[a].t0) > LOCAL_TOKENS {
                continue;
            }
            if let Some(x) = choice[b] {
                let e = g.entry(x);
                let w = match e.kind {
                    Kind::Country => 2.0,
                    Kind::Continent | Kind::Region => 0.0,
                    _ if margin[b] > 2.0 => 1.0,
                    _ => 0.0,
                };
                if w > 0.0 && !e.country.is_empty() {
                    *local.entry(e.country).or_default() += w;
                }
            }
        }
        let local_total: f32 = local.values().sum();
        let local = local
            .iter()
            .max_by(|x, y| x.1.total_cmp(y.1))
            .map(|(k, v)| (*k, *v / local_total.max(1.0)));
        let (c, m) = choose(
            g,
            &cands[a],
            holder(&cands, &choice, a),
            contained[a],
            &Evidence {
                focus: top,
                local,
                near: Some((&anchors, a)),
                list: list_pref[a],
                chain: &chain[a],
            },
        );
        choice[a] = c;
        margin[a] = m;
    }
    // A short name two countries share ("Congo") means the one the document
    // names unambiguously ("the Republic of Congo"; "the DRC"), or when it names
    // both, the one more of its unambiguous mentions lie in.
    let is_country = |x: &u32| g.entry(*x).kind == Kind::Country;
    let mut named: FxHashMap<&str, (bool, usize)> = FxHashMap::default();
    for a in 0..n {
        if cands[a].kind == MentionKind::Demonym {
            continue;
        }
        let Some(x) = choice[a] else { continue };
        let c = g.entry(x).country;
        if c.is_empty() || cands[a].ids.iter().any(|&y| g.entry(y).country != c) {
            continue;
        }
        let e = named.entry(c).or_default();
        e.0 |= g.entry(x).kind == Kind::Country;
        e.1 += 1;
    }
    for a in 0..n {
        if cands[a].kind == MentionKind::Demonym
            || cands[a].ids.iter().copied().filter(is_country).count() < 2
        {
            continue;
        }
        let mut hits: Vec<(usize, u32)> = cands[a]
            .ids
            .iter()
            .copied()
            .filter(is_country)
            .filter_map(|x| {
                named
                    .get(g.entry(x).country)
                    .filter(|(by_name, _)| *by_name)
                    .map(|&(_, count)| (count, x))
            })
            .collect();
        hits.sort_unstable_by(|p, q| q.cmp(p));
        match hits.as_slice() {
            [(_, only)] => choice[a] = Some(*only),
            [(c1, first), (c2, _), ..] if c1 > c2 => choice[a] = Some(*first),
            _ => {}
        }
    }
    // One sense per discourse: mentions of the same name without their own
    // container take the reading of the most confident one; an unknown name
    // takes the container another mention of it gave.
    let mut best_of: FxHashMap<(&str, bool), usize> = FxHashMap::default();
    for a in 0..n {
        if cands[a].kind == MentionKind::Demonym || cands[a].key.is_empty() {
            continue;
        }
        let rank = |x: usize| (cands[x].container.is_some() as u8, margin[x]);
        let e = best_of
            .entry((cands[a].key.as_str(), cands[a].admin_hint))
            .or_insert(a);
        let (ra, re) = (rank(a), rank(*e));
        if ra.0 > re.0 || ra.0 == re.0 && ra.1 > re.1 {
            *e = a;
        }
    }
    let mut inherited: Vec<Option<usize>> = vec![None; n];
    for a in 0..n {
        if cands[a].kind == MentionKind::Demonym
            || cands[a].key.is_empty()
            || cands[a].container.is_some()
        {
            continue;
        }
        if let Some(&b) = best_of.get(&(cands[a].key.as_str(), cands[a].admin_hint)) {
            if b != a {
                choice[a] = choice[b];
                margin[a] = margin[a].max(margin[b]);
                inherited[a] = cands[b].container;
            }
        }
    }
    let doc_country = top.map(|(c, _)| c);
    // An explicit container that holds none of the readings ("Stroud, Ontario"
    // when only an English Stroud is known): the place is unknown, inside the container.
    for a in 0..n {
        if let (Some(id), Some(cid)) = (choice[a], holder(&cands, &choice, a)) {
            let (e, ce) = (g.entry(id), g.entry(cid));
            if (e.kind.is_town() || e.kind.is_admin())
                && (ce.kind.is_admin()
                    || ce.kind == Kind::Country
                    || ce.kind.is_town() && cands[a].district_of)
                && e.kind != Kind::Country
                && (level(e.kind) < level(ce.kind) || ce.kind.is_town())
                && !inside(e, ce)
                && cands[a].ids.iter().all(|&x| !inside(g.entry(x), ce))
            {
                choice[a] = None;
            }
        }
    }
    let mut dropped = vec![false; n];
    // Never a wrong town: a small town of a country the document names
    // nowhere else (no container, no other mention) is more likely an unknown
    // local village.
    if let Some((fc, _)) = top {
        {
            // Mentions that need confirming themselves (small foreign towns,
            // generic unit names, no container) confirm nothing else: "Suba" (read as
            // Suva) and "Western" (read as Fiji's Western division) in a Kenyan
            // report do not vouch for each other.
            let generic = |a: usize| {
                let mut cs: Vec<&str> = cands[a]
                    .ids
                    .iter()
                    .map(|&x| g.entry(x))
                    .filter(|x| x.kind.is_admin() && x.kind != Kind::Country)
                    .map(|x| x.country)
                    .collect();
                cs.sort_unstable();
                cs.dedup();
                cs.len() >= 3
            };
            let suspect: Vec<bool> = (0..n)
                .map(|b| {
                    choice[b].is_some_and(|x| {
                        let f = g.entry(x);
                        f.country != fc
                            && cands[b].container.is_none()
                            && (f.kind.is_town() && f.population < 250_000
                                || matches!(f.kind, Kind::Admin1 | Kind::Admin2) && generic(b))
                    })
                })
                .collect();
            // who backs whom, counted once and kept up to date as readings
            // change below (rather than a scan of every other mention per mention)
            let mut tally = Tally::new(n);
            for (b, x) in choice.iter().enumerate() {
                if let Some(x) = *x {
                    tally.update(g, &cands, &suspect, &group, fc, b, x, 1);
                }
            }
            for a in 0..n {
                let Some(id) = choice[a] else { continue };
                let e = g.entry(id);
                let key = cands[a].key.as_str();
                let own_foreign = usize::from(e.kind == Kind::Country && e.country != fc);
                // another non-suspect mention of another name in its country
                let other_names =
                    tally.get(&tally.ns_c, e.country) > tally.get(&tally.ns_ck, (e.country, key));
                // Confirmed by a container, by another name in that country (the
                // same name said again counts only for a neighbouring country:
                // "Malakal" in a Sudanese report, not "Piccadilly" read as an
                // Australian town in a London one), or by a list of foreign
                // countries ("the Zaire, Bundibugyo, Côte d'Ivoire and Sudan strains").
                let next_door = crate::countries::neighbours(e.country, fc);
                // (the same name again: with a container of its own, or
                // anywhere for a neighbouring country; `a` itself is counted)
                let same_name = if next_door {
                    tally.get(&tally.all_ck, (e.country, key)) > 1
                } else {
                    tally.get(&tally.cont_ck, (e.country, key))
                        > usize::from(cands[a].container.is_some())
                };
                let confirmed = cands[a].container.is_some()
                    || same_name
                    || other_names
                    || tally.foreign_in_group[group[a]] > own_foreign;
                // a town read where the text names an admin unit ("Nyanza Province"
                // in a Kenyan report; only a Rwandan town is known) is no reading
                // (a formal unit word: "the Houston region" may be the city's area)
                let unit_named = cands[a].admin_hint && !cands[a].loose_hint();
                // nor a generic admin name ("Eastern Province", "Centre") of a
                // foreign country when several countries have one
                let generic_unit = matches!(e.kind, Kind::Admin1 | Kind::Admin2)
                    && cands[a].container.is_none()
                    && generic(a);
                // a foreign town matched only through one of its alternate names
                // ("Boni", a village near Hombori, is also a name of Bonn)
                let alternate_only =
                    !cands[a].key.is_empty() && !names_town(&fold(e.name), &cands[a].key);
                // ... unless another name of that country backs it (the same name
                // repeated in a headline does not)
                let confirmed_otherwise = cands[a].container.is_some() || other_names;
                // an all-capital abbreviation of a foreign admin unit no other name
                // backs is an acronym ("CNN" is no Cunene, AO-CNN): not a place at all
                let abbreviation = {
                    let t = cx.toks.toks[cands[a].t0];
                    cands[a].t1 - cands[a].t0 == 1 && t.allcaps
                };
                if e.country != fc && abbreviation && e.kind == Kind::Admin1 && !confirmed_otherwise
                {
                    tally.update(g, &cands, &suspect, &group, fc, a, id, -1);
                    choice[a] = None;
                    dropped[a] = true;
                    continue;
                }
                // (a town read only through an alternate name needs another name of
                // its country even when it alone made that the document's country:
                // "ont attaqué Boni, près de Hombori" is not about Bonn)
                let alternate_unbacked = e.kind.is_town() && alternate_only && !confirmed_otherwise;
                if alternate_unbacked
                    || e.country != fc
                        && (e.kind.is_town()
                            && (e.population < 250_000 && !confirmed || unit_named)
                            || generic_unit && !confirmed)
                {
                    // another reading may still hold: one of the document's country, or
                    // of a country another name confirms ("Melbourne and Victoria":
                    // the Australian state, not Hong Kong's old name)
                    // (another mention of another name in that country)
                    let backed = |f: &Entry| {
                        f.country == fc
                            || !f.country.is_empty()
                                && (!f.kind.is_town() || f.population >= 250_000)
                                && tally.get(&tally.all_c, f.country)
                                    > tally.get(&tally.all_ck, (f.country, key))
                    };
                    let new = cands[a]
                        .ids
                        .iter()
                        .copied()
                        .filter(|&x| x != id && backed(g.entry(x)))
                        .max_by(|&x, &y| importance(g.entry(x)).total_cmp(&importance(g.entry(y))));
                    tally.update(g, &cands, &suspect, &group, fc, a, id, -1);
                    if let Some(x) = new {
                        tally.update(g, &cands, &suspect, &group, fc, a, x, 1);
                    }
                    choice[a] = new;
                }
            }
        }
    }
    // The document's country stands only if a place still resolved lies in it.
    // (or a force of that country is named: "VDP repelled an attack on Bani")
    let doc_country = doc_country.filter(|fc| {
        cued.contains_key(fc) || choice.iter().flatten().any(|&x| g.entry(x).country == *fc)
    });
    // The document's region: the admin1 unit most of its resolved places of the
    // focus country lie in, when it holds at least half of them (two or more).
    // An unknown name with no container of its own is placed there rather than
    // at the country's point ("Kampungu" in a report on Kasai province).
    let doc_admin1 = doc_country.and_then(|fc| {
        let mut votes: FxHashMap<u32, usize> = FxHashMap::default();
        let mut total = 0;
        for id in choice.iter().flatten() {
            let e = g.entry(*id);
            if e.country != fc
                || !(e.kind.is_town() || matches!(e.kind, Kind::Admin1 | Kind::Admin2))
            {
                continue;
            }
            if let Some(u) = g.admin1_of(e) {
                *votes.entry(u).or_default() += 1;
                total += 1;
            }
        }
        votes
            .into_iter()
            .max_by_key(|&(u, v)| (v, std::cmp::Reverse(u)))
            .filter(|&(_, v)| v >= 2 && 2 * v >= total)
            .map(|(u, _)| u)
    });
    // A name the gazetteer lacks may be a spelling variant of an admin unit of the
    // document's country ("Daqahliya" for Dakahlia, "Menoufia" for Monufia);
    // taken only when the variant is unique.
    if let Some(fc) = doc_country {
        for a in 0..n {
            if choice[a].is_some()
                || dropped[a]
                || !cands[a].ids.is_empty()
                || cands[a].kind != MentionKind::Toponym
                || cands[a].key.is_empty()
            {
                continue;
            }
            // (inside the document's region when it has one: GeoNames' Adhamiyah in
            // Duhok is no variant of Baghdad's Adhamiya)
            let hits: Vec<u32> = g
                .admin_variants(&cands[a].key, fc)
                .into_iter()
                .filter(|&x| {
                    doc_admin1.is_none_or(|u| x == u || g.admin1_of(g.entry(x)) == Some(u))
                })
                .collect();
            if let [only] = hits.as_slice() {
                choice[a] = Some(*only);
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    for (a, c) in cands.iter().enumerate() {
        if dropped[a] {
            continue;
        }
        let toks = &cx.toks.toks;
        let (t0, t1) = (toks[c.t0], toks[c.t1 - 1]);
        // an abbreviation ends with its dot ("Pa.")
        let dot = usize::from(
            c.admin_hint
                && t1.next == b'.'
                && crate::abbrev::at(g, cx.text, cx.toks, c.t0).is_some_and(|(e, _)| e == c.t1),
        );
        let surface = &cx.text[t0.b0 as usize..t1.b1 as usize + dot];
        let place = match choice[a] {
            Some(id) => {
                let e = g.entry(id);
                let mut p = place_of(g, e);
                // (a container in a bracket chain is the whole unit, not a part of it)
                let part = c.qualifier.is_some_and(|q| q != "container");
                p.precision = if e.kind.is_town() {
                    if part {
                        GeoPrecision::Near
                    } else {
                        GeoPrecision::Town
                    }
                } else if part && !matches!(e.kind, Kind::Continent) {
                    GeoPrecision::Near
                } else {
                    GeoPrecision::Region
                };
                // "South West England", "Northern Bahr el Ghazal" read as one name:
                // capitalised compass words before it make the mention that part
                if let Some(dir) = titled_direction(cx, c.t0) {
                    if let Some((lat, lon)) = g.part_point(e, &dir) {
                        p.lat = Some((lat as f64 * 1e5).round() / 1e5);
                        p.lon = Some((lon as f64 * 1e5).round() / 1e5);
                    }
                }
                p
            }
            None => {
                // Unknown toponym: the named container, else the surface with the document's country.
                // else a resolved place named right after or before it in the same
                // sentence ("Kani, près de Bandiagara, dans la région de Mopti")
                let toks = &cx.toks.toks;
                let same_sentence = |x: usize, y: usize| {
                    let (lo, hi) = (cands[x].t0.min(cands[y].t0), cands[x].t0.max(cands[y].t0));
                    hi - lo <= NEIGHBOUR_TOKENS && !(lo + 1..=hi).any(|j| toks[j].sent_start)
                };
                // (the most specific of them: "between Boni and Hombori, in Mali's
                // Mopti region" puts Boni in Mopti, not just in Mali)
                // (a country listed beside it is a peer, not its container: "the
                // Zaire, Bundibugyo, Côte d'Ivoire and Sudan strains")
                let eligible = |b: &usize| {
                    cands[*b].kind != MentionKind::Demonym
                        && choice[*b].is_some_and(|x| {
                            let k = g.entry(x).kind;
                            k != Kind::Continent
                                && k != Kind::Region
                                && !(k == Kind::Country && group[*b] == group[a])
                        })
                        && same_sentence(a, *b)
                };
                let specific = |b: usize| {
                    let k = choice[b].map(|x| g.entry(x).kind);
                    match k {
                        Some(k) if k.is_town() || k.is_admin() => level(k),
                        _ => 9, // lakes, seas, islands: a last resort
                    }
                };
                // containers follow the name: look after it first (only
                // mentions within NEIGHBOUR_TOKENS can be eligible)
                let near = window(a, NEIGHBOUR_TOKENS);
                let local = (a + 1..near.end.max(a + 1))
                    .filter(eligible)
                    .enumerate()
                    .min_by_key(|&(order, b)| (specific(b), order))
                    .or_else(|| {
                        (near.start.min(a)..a)
                            .rev()
                            .filter(eligible)
                            .enumerate()
                            .min_by_key(|&(order, b)| (specific(b), order))
                    })
                    .map(|(_, b)| b);
                let named = match c.container {
                    Some(_) => holder(&cands, &choice, a),
                    None => inherited[a].or(local).and_then(|b| choice[b]),
                };
                match named.or(doc_admin1) {
                    Some(cid) => {
                        let ce = g.entry(cid);
                        let mut p = place_of(g, ce);
                        p.geonameid = None;
                        p.name = surface.to_string();
                        p.feature = None;
                        p.precision = if ce.kind == Kind::Admin2 || ce.kind.is_town() {
                            GeoPrecision::Near
                        } else {
                            GeoPrecision::Region
                        };
                        p
                    }
                    // the document's country, at its point (precision 3)
                    None => {
                        let country = doc_country
                            .and_then(|c| g.country_entry(c))
                            .map(|i| g.entry(i));
                        Place {
                            name: surface.to_string(),
                            country: doc_country.map(str::to_string),
                            lat: country.map(|e| (e.lat as f64 * 1e5).round() / 1e5),
                            lon: country.map(|e| (e.lon as f64 * 1e5).round() / 1e5),
                            precision: GeoPrecision::Region,
                            ..Place::default()
                        }
                    }
                }
            }
        };
        let score = if choice[a].is_some() {
            1.0 - (-margin[a].max(0.0) / 2.0).exp() * 0.5
        } else {
            0.2
        };
        // "north of Ségou" is a place near a town, not a part of a region
        let kind = match (c.kind, choice[a]) {
            (MentionKind::Region, Some(id)) if g.entry(id).kind.is_town() => MentionKind::Toponym,
            (k, _) => k,
        };
        out.push(PlaceMention {
            start: t0.c0 as usize,
            end: t1.c1 as usize + dot,
            text: surface.to_string(),
            place,
            kind: kind.as_str().to_string(),
            qualifier: c.qualifier.map(str::to_string),
            score,
        });
    }
    out
}

/// The model's `Place` for a gazetteer entry.
pub fn place_of(g: &Gazetteer, e: &Entry) -> Place {
    Place {
        geonameid: (e.geonameid != 0).then_some(e.geonameid),
        name: e.name.to_string(),
        lat: Some((e.lat as f64 * 1e5).round() / 1e5),
        lon: Some((e.lon as f64 * 1e5).round() / 1e5),
        country: (!e.country.is_empty()).then(|| e.country.to_string()),
        admin1: match e.kind {
            Kind::Country | Kind::Continent | Kind::Region => None,
            // a former unit (`A.ADM1H`) is its own admin1
            Kind::Admin1 if e.admin1.contains('+') => Some(e.name.to_string()),
            _ => g.admin1_name(e).map(str::to_string),
        },
        admin2: match e.kind {
            Kind::Country | Kind::Continent | Kind::Region | Kind::Admin1 => None,
            _ => g.admin2_name(e).map(str::to_string),
        },
        feature: Some(e.feature.to_string()),
        precision: if e.kind.is_town() {
            GeoPrecision::Town
        } else {
            GeoPrecision::Region
        },
    }
}

/// Whether a town's folded name is the key, or the key with "city" after it:
/// "New York" names New York City, "Kuwait" Kuwait City, as readers use them.
fn names_town(name: &str, key: &str) -> bool {
    name == key
        || name
            .strip_prefix(key)
            .is_some_and(|rest| rest == " city" || rest == " ville")
}

/// How far (in tokens, a few sentences) a mention's local country focus reaches.
const LOCAL_TOKENS: usize = 60;
/// A list member reads like the members up to this many places either side.
const LIST_WINDOW: usize = 64;
/// Tokens within which an unknown name finds its neighbour (same sentence).
const NEIGHBOUR_TOKENS: usize = 12;

/// What the rest of the document says about a mention.
#[derive(Default)]
struct Evidence<'a> {
    /// The document's main country and its share of country evidence.
    focus: Option<(&'a str, f32)>,
    /// The main country of the mentions within [`LOCAL_TOKENS`], and its share
    /// ("... in the United Kingdom. 27 cases in England. Five people in the
    /// Glasgow area ..." in a report that is mostly about the United States).
    local: Option<(&'a str, f32)>,
    /// Points of confidently resolved towns and admin units elsewhere (the
    /// anchors, without the mention's own).
    near: Option<(&'a Anchors, usize)>,
    /// The (country, level, weight) the other members of its list share.
    list: Option<(&'a str, u8, f32)>,
    /// Per reading, the support of the document's other names that share its
    /// admin units ([`crate::chain`]); empty when not computed.
    chain: &'a [f32],
}

/// Pick an entry for a candidate: (entry, margin over the runner-up).
fn choose(
    g: &Gazetteer,
    c: &Cand,
    container: Option<u32>,
    contained: &[u32],
    ev: &Evidence<'_>,
) -> (Option<u32>, f32) {
    let Evidence {
        focus,
        local,
        near,
        list,
        chain,
    } = *ev;
    if let Some(e) = c.demonym_entry {
        return (Some(e), 10.0);
    }
    if c.ids.is_empty() {
        return (None, 0.0);
    }
    let ce = container.map(|i| g.entry(i));
    let has_town = c.ids.iter().any(|&i| g.entry(i).kind.is_town());
    // whether each reading is named by the key itself (not an alternate name),
    // folded once per reading
    let own_name: Vec<bool> = c
        .ids
        .iter()
        .map(|&i| c.key.is_empty() || names_town(&fold(g.entry(i).name), &c.key))
        .collect();
    // a sea, region or continent named exactly so: "the Atlantic flyway", "the
    // tropical Pacific region" are not Atlantic County or Pacific County
    let exact_region = c
        .ids
        .iter()
        .zip(&own_name)
        .any(|(&i, &own)| own && matches!(g.entry(i).kind, Kind::Region | Kind::Continent));
    let mut best: Option<(u32, f32)> = None;
    let mut second = f32::NEG_INFINITY;
    for (n, &id) in c.ids.iter().enumerate() {
        let e = g.entry(id);
        let mut s = importance(e) + chain.get(n).copied().unwrap_or(0.0);
        if exact_region && !own_name[n] && e.kind.is_admin() && e.kind != Kind::Country {
            s -= 6.0;
        }
        if let Some(ce) = ce {
            if inside(e, ce) {
                s += 8.0;
            } else {
                s -= 4.0;
            }
        }
        // a member of a list ("Georgia, Oklahoma, Pennsylvania and Wisconsin")
        // reads like the other members
        if let Some((lc, ll, weight)) = list {
            if level(e.kind) == ll {
                s += 2.5 * weight;
                // towns listed together share a country only when several
                // others agree ("New York and Toronto" spans two)
                if ll != 3 && e.country == lc && (ll != 0 || weight >= 1.0) {
                    s += 2.5 * weight;
                }
            }
        }
        // the Y of "X, Y": an admin unit or country containing one of X's readings
        if !contained.is_empty() {
            if e.kind.is_admin() {
                s += 3.0;
            }
            if contained.iter().any(|&x| x != id && inside(g.entry(x), e)) {
                s += 8.0;
            }
        }
        // ("the Houston region" asks for no county: a unit reached through its
        // shortened name, with another designator, gets nothing from a loose word)
        let other_designator = c.loose_hint() && e.kind.is_admin() && !own_name[n] && {
            let name = fold(e.name);
            let last = name.rsplit(' ').next().unwrap_or("");
            last != c.hint_word && crate::cues::Cues::get().container.contains(last)
        };
        if c.admin_hint && !other_designator {
            if matches!(e.kind, Kind::Admin1 | Kind::Admin2 | Kind::AdminOther) {
                s += 6.0;
            } else {
                s -= 3.0;
            }
        } else if matches!(e.kind, Kind::Admin1 | Kind::Admin2) && has_town {
            // a bare name shared by a town and its admin unit means the town
            let same_country_town = c.ids.iter().zip(&own_name).any(|(&j, &own)| {
                let t = g.entry(j);
                t.kind.is_town() && t.country == e.country && t.admin1 == e.admin1 && own
            });
            // unless the other members of its list are admin units too
            // ("one in New Brunswick, and one in Quebec")
            let list_of_units = list.is_some_and(|(_, ll, _)| ll == level(e.kind));
            if same_country_town && !list_of_units {
                s -= 8.0;
            }
        }
        if let Some((fc, share)) = focus {
            if e.country == fc {
                s += 1.0 + 5.0 * share;
            }
        }
        if let Some((lc, share)) = local {
            if e.country == lc {
                s += 2.5 * share;
            }
        }
        // matched through an alternate name only ("Victoria" for Hong Kong)
        if !c.key.is_empty()
            && !matches!(
                e.kind,
                Kind::Country | Kind::Continent | Kind::Region | Kind::Capital
            )
            && !own_name[n]
        {
            s -= 2.0;
        }
        // "la ville de Tombouctou", "the town of Ségou"
        match c.town_hint {
            Some(true) if e.kind.is_town() => s += 6.0,
            Some(true) => s -= 3.0,
            Some(false) if e.kind.is_town() => s -= 3.0,
            _ => {}
        }
        let near = near.filter(|(anchors, own)| anchors.any_but(*own));
        if let (Some((anchors, own)), false) =
            (near, e.kind == Kind::Country || e.kind == Kind::Continent)
        {
            match anchors.nearness((e.lat, e.lon), own) {
                2 => s += 2.0,
                1 => s += 1.0,
                _ => {}
            }
        }
        match best {
            Some((_, bs)) if s <= bs => second = second.max(s),
            _ => {
                if let Some((_, bs)) = best {
                    second = second.max(bs);
                }
                best = Some((id, s));
            }
        }
    }
    let (id, s) = best.expect("non-empty");
    let m = if second.is_finite() { s - second } else { 10.0 };
    (Some(id), m)
}
