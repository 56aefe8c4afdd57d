//! One sentence prepared for event extraction: tokens, cue positions, and
//! noun phrases that can fill actor, target or place roles.

use khaldun_actors::ActorBase;
use khaldun_model::{Actor, ActorMention, AnnotatedArticle, PlaceMention, TextIndex, Timex};

use crate::lexicon::{Cue, Lexicon, Pos};
use crate::tokens::{tokenize, Kind, Tok};

/// Prepositions: a phrase right after one is an adjunct, not a subject or object.
pub const PREPS: &[&str] = &[
    "in", "at", "near", "on", "of", "from", "to", "into", "against", "with", "for", "by", "during",
    "after", "before", "outside", "inside", "across", "around", "between", "toward", "towards",
    "under", "through", "among", "despite", "like", "about", "via", "à", "au", "aux", "en", "dans",
    "de", "d'", "du", "par", "contre", "sur", "vers", "pour", "avec", "chez", "près", "entre",
    "selon", "après", "avant", "pendant", "lors", "malgré", "parmi",
];
/// Prepositions that make a bare name a place.
pub const LOCATIVE: &[&str] = &[
    "in", "at", "near", "outside", "from", "into", "across", "around", "toward", "towards",
    "through", "inside", "à", "au", "aux", "en", "dans", "près", "vers", "de", "d'", "du",
];

const GEO_NOUNS: &[&str] = &[
    "outskirts",
    "region",
    "province",
    "state",
    "district",
    "town",
    "city",
    "village",
    "county",
    "area",
    "commune",
    "department",
    "circle",
    "cercle",
    "région",
    "province",
    "ville",
    "village",
    "localité",
    "environs",
    "périphérie",
    "banlieue",
    "north",
    "south",
    "east",
    "west",
    "capital",
    "municipality",
    "suburb",
    "suburbs",
    "neighbourhood",
    "neighborhood",
];
const PRONOUNS: &[&str] = &[
    "it", "they", "he", "she", "we", "il", "ils", "elle", "elles",
];
const CONNECTORS: &[&str] = &[
    "of", "for", "al", "el", "de", "du", "des", "la", "ul", "wal", "al-",
];

/// A noun phrase that may be an actor, a target or a place.
#[derive(Debug, Clone)]
pub struct Np {
    /// Token range.
    pub s: usize,
    pub e: usize,
    pub actor: Actor,
    pub resolved: bool,
    pub armed: Option<bool>,
    pub place: bool,
    pub pronoun: bool,
    /// Governing preposition, lower case.
    pub prep: Option<String>,
    /// Followed by "'s".
    pub possessive: bool,
    /// Has a generic head noun ("soldiers").
    pub head: bool,
    /// A singular person head ("soldier", "policeman").
    pub singular: bool,
}

/// A trigger occurrence.
#[derive(Debug, Clone)]
pub struct Hit {
    pub i: usize,
    pub n: usize,
    pub class: String,
    pub pos: Pos,
}

/// Whether each layer of a document is in text order (starts and ends never
/// decreasing; what the stages produce): then a sentence finds its mentions
/// by binary search instead of a scan of the whole document per sentence.
#[derive(Debug, Clone, Copy)]
pub struct Layers {
    places: bool,
    actors: bool,
    timexes: bool,
}

impl Layers {
    pub fn of(doc: &AnnotatedArticle) -> Layers {
        fn ordered<T>(v: &[T], span: impl Fn(&T) -> (usize, usize)) -> bool {
            v.windows(2).all(|w| {
                let (a, b) = (span(&w[0]), span(&w[1]));
                a.0 <= b.0 && a.1 <= b.1
            })
        }
        Layers {
            places: ordered(&doc.places, |m| (m.start, m.end)),
            actors: ordered(&doc.actors, |m| (m.start, m.end)),
            timexes: ordered(&doc.timexes, |t| (t.start, t.end)),
        }
    }
}

/// The run of `items` (in text order when `ordered`, else all of them) that
/// holds every item overlapping code points `cs..ce`, in document order.
fn overlapping<T>(
    items: &[T],
    ordered: bool,
    span: impl Fn(&T) -> (usize, usize),
    cs: usize,
    ce: usize,
) -> &[T] {
    if !ordered {
        return items;
    }
    let lo = items.partition_point(|x| span(x).1 <= cs);
    let hi = items.partition_point(|x| span(x).0 < ce);
    items.get(lo..hi.max(lo)).unwrap_or_default()
}

/// The prepared sentence.
pub struct Sent<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    /// Cues of the phrase starting at each token (with its length).
    pub cue_start: Vec<Option<(usize, Vec<Cue>)>>,
    /// Cues of the phrases ending at each token.
    pub cue_end: Vec<Vec<Cue>>,
    pub nps: Vec<Np>,
    pub hits: Vec<Hit>,
    /// Token lies inside parentheses.
    pub in_paren: Vec<bool>,
    /// Byte range of the sentence.
    pub start: usize,
    pub end: usize,
    /// Token is (part of) a trigger in `hits`.
    trigger_tok: Vec<bool>,
    /// Token starts and ends never decrease.
    toks_ordered: bool,
    /// The document's place mentions, actor mentions (a run of
    /// `doc.places`, `doc.actors` holding all that overlap the sentence) and
    /// time expressions (a run holding all that overlap the text
    /// stage's sentence it is part of).
    pub places: &'a [PlaceMention],
    pub actor_mentions: &'a [ActorMention],
    pub timexes: &'a [Timex],
}

impl<'a> Sent<'a> {
    pub fn tok(&self, i: usize) -> &str {
        self.toks.get(i).map(|t| t.lower.as_str()).unwrap_or("")
    }

    pub fn raw(&self, s: usize, e: usize) -> &'a str {
        if s >= e || e > self.toks.len() {
            return "";
        }
        &self.text[self.toks[s].start..self.toks[e - 1].end]
    }

    pub fn has_cue_start(&self, i: usize, c: Cue) -> Option<usize> {
        self.cue_start
            .get(i)
            .and_then(|x| x.as_ref())
            .and_then(|(n, v)| v.contains(&c).then_some(*n))
    }

    pub fn has_cue_end(&self, i: usize, c: Cue) -> bool {
        self.cue_end.get(i).is_some_and(|v| v.contains(&c))
    }

    /// Prepare the sentence spanning bytes `start..end` of the article text.
    pub fn new(
        doc: &'a AnnotatedArticle,
        idx: &TextIndex,
        start: usize,
        end: usize,
        actors: &ActorBase,
    ) -> Sent<'a> {
        Self::with_layers(doc, idx, start, end, (start, end), actors, Layers::of(doc))
    }

    /// [`Sent::new`] with the document's [`Layers`] known, for a sentence
    /// (or a piece of one) spanning bytes `start..end` of the text stage's
    /// sentence `outer`.
    pub fn with_layers(
        doc: &'a AnnotatedArticle,
        idx: &TextIndex,
        start: usize,
        end: usize,
        outer: (usize, usize),
        actors: &ActorBase,
        layers: Layers,
    ) -> Sent<'a> {
        let lx = Lexicon::get();
        let text = doc.article.text.as_str();
        let (cs, ce) = (idx.byte_to_char(start), idx.byte_to_char(end));
        let span = |m: &PlaceMention| (m.start, m.end);
        let places = overlapping(&doc.places, layers.places, span, cs, ce);
        let span = |m: &ActorMention| (m.start, m.end);
        let actor_mentions = overlapping(&doc.actors, layers.actors, span, cs, ce);
        let (os, oe) = (idx.byte_to_char(outer.0), idx.byte_to_char(outer.1));
        let span = |t: &Timex| (t.start, t.end);
        let timexes = overlapping(&doc.timexes, layers.timexes, span, cs.min(os), ce.max(oe));
        let toks = tokenize(&text[start..end], start);
        let n = toks.len();
        let mut cue_start = vec![None; n];
        let mut cue_end = vec![Vec::new(); n];
        for i in 0..n {
            if let Some((len, kinds)) = lx.cues_at(&toks, i) {
                // "may" is a month when capitalised
                if toks[i].cap && toks[i].lower == "may" {
                    continue;
                }
                for k in &kinds {
                    cue_end[i + len - 1].push(*k);
                }
                cue_start[i] = Some((len, kinds));
            }
        }
        let toks_ordered = toks
            .windows(2)
            .all(|w| w[0].start <= w[1].start && w[0].end <= w[1].end);
        let mut in_paren = vec![false; n];
        let mut depth = 0i32;
        for (i, t) in toks.iter().enumerate() {
            if t.lower == "(" || t.lower == "[" {
                depth += 1;
            }
            in_paren[i] = depth > 0;
            if (t.lower == ")" || t.lower == "]") && depth > 0 {
                depth -= 1;
            }
        }
        let mut s = Sent {
            text,
            toks,
            cue_start,
            cue_end,
            nps: Vec::new(),
            hits: Vec::new(),
            in_paren,
            start,
            end,
            trigger_tok: Vec::new(),
            toks_ordered,
            places,
            actor_mentions,
            timexes,
        };
        s.find_hits(lx);
        s.trigger_tok = vec![false; n];
        for h in &s.hits {
            for k in h.i..(h.i + h.n).min(n) {
                s.trigger_tok[k] = true;
            }
        }
        // sentences with nothing to code skip the phrase chunking
        let relevant = !s.hits.is_empty()
            || s.cue_end
                .iter()
                .any(|c| c.iter().any(|k| matches!(k, Cue::Zero | Cue::Denial)))
            || (0..n).any(|i| lx.casualties.longest(&s.toks, i).is_some());
        if relevant {
            s.chunk(doc, idx, actors, lx);
        }
        s
    }

    fn find_hits(&mut self, lx: &Lexicon) {
        let mut i = 0;
        while i < self.toks.len() {
            if self.in_paren[i] {
                i += 1;
                continue;
            }
            if let Some((len, entries)) = lx.triggers.longest(&self.toks, i) {
                // mid-sentence capitalised trigger words are names ("Operation Attack")
                let t = &self.toks[i];
                let named = t.cap && i > 0 && !t.acronym && self.tok(i - 1) != "\u{201c}";
                if !named {
                    let prev = if i > 0 { self.tok(i - 1) } else { "" };
                    let nounish = matches!(
                        prev,
                        "the"
                            | "a"
                            | "an"
                            | "'s"
                            | "its"
                            | "their"
                            | "his"
                            | "her"
                            | "deadly"
                            | "l'"
                            | "une"
                            | "un"
                            | "les"
                            | "la"
                            | "le"
                            | "des"
                            | "this"
                            | "these"
                            | "those"
                            | "such"
                            | "new"
                            | "recent"
                            | "latest"
                            | "several"
                            | "two"
                            | "cette"
                            | "ces"
                            | "of"
                            // after a preposition: "partaking in massacres"
                            | "in"
                            | "during"
                            | "after"
                            | "for"
                            | "about"
                            | "lors"
                            | "après"
                            | "pendant"
                    ) || (i > 0 && self.toks[i - 1].kind == Kind::Num);
                    // "a good sign", "a clear signal": article and adjective before a
                    // verb form of a political trigger (not French "a" + participle)
                    let adj_nounish = i > 1
                        && matches!(self.tok(i - 2), "a" | "an")
                        && !t.lower.ends_with("ed")
                        && !t.lower.ends_with('é')
                        && !t.lower.ends_with("és")
                        && !t.lower.ends_with("ée");
                    let pick = entries
                        .iter()
                        .find(|e| (e.pos == Pos::Noun) == nounish)
                        .or_else(|| entries.first())
                        .copied()
                        // a verb-only form used as a noun ("a tragic sign of") is no trigger
                        .filter(|e| {
                            // French "a" + participle is an auxiliary, not an article
                            let fr_aux = i > 0
                                && self.tok(i - 1) == "a"
                                && (t.lower.ends_with('é')
                                    || t.lower.ends_with("és")
                                    || t.lower.ends_with("ée")
                                    || t.lower.ends_with("u")
                                    || t.lower.ends_with("is")
                                    || t.lower.ends_with("it"));
                            fr_aux
                                || !((nounish || adj_nounish)
                                    && e.pos == Pos::Verb
                                    && len == 1
                                    && !t.lower.ends_with("ing")
                                    && matches!(
                                        lx.classes.get(&e.class).map(|c| c.family.as_str()),
                                        Some(
                                            "verbal" | "agreement" | "sanction" | "aid" | "retreat"
                                        )
                                    ))
                        });
                    if let Some(e) = pick {
                        if self.licensed(i, len, &e.class, e.pos) {
                            self.hits.push(Hit {
                                i,
                                n: len,
                                class: e.class.clone(),
                                pos: e.pos,
                            });
                        }
                    }
                }
                i += len;
                continue;
            }
            i += 1;
        }
    }

    /// Context conditions of ambiguous triggers: "entered" needs a named
    /// place after it, "arrived" an "in <Place>", "exchanged" captives,
    /// "delivered" aid; an "election rally" is no protest.
    fn licensed(&self, i: usize, len: usize, class: &str, pos: Pos) -> bool {
        let first = self.tok(i);
        let after = i + len;
        let next_cap = |k: usize| self.toks.get(k).is_some_and(|t| t.cap);
        let window = |words: &[&str], n: usize| {
            (after..(after + n).min(self.toks.len()))
                .any(|k| words.iter().any(|w| self.tok(k).starts_with(w)))
        };
        match first {
            "entered" | "entering" | "enter" | "entré" | "entrés" | "entrées" | "sont"
                if class == "overrun" =>
            {
                return next_cap(after)
                    || (self.tok(after) == "the"
                        && window(&["town", "city", "village", "capital", "base", "camp"], 3))
                    || (self.tok(after) == "à" && next_cap(after + 1));
            }
            "arrived" | "arrive" | "arriving" => {
                return matches!(self.tok(after), "in" | "at" | "à") && next_cap(after + 1)
            }
            "exchanged" | "exchange" | "swap" | "échange" | "échangé" | "échangés" => {
                return window(
                    &[
                        "prisoner",
                        "captive",
                        "hostage",
                        "detainee",
                        "prisonnier",
                        "otage",
                        "soldier",
                        "bodies",
                    ],
                    6,
                ) || (i > 0 && self.tok(i - 1).starts_with("prisoner"));
            }
            "delivered" | "delivers" | "livré" | "livrés" | "livrée" | "distribué" => {
                return window(
                    &[
                        "food",
                        "aid",
                        "supplies",
                        "tonnes",
                        "tons",
                        "medic",
                        "humanitarian",
                        "vivres",
                        "aide",
                        "médic",
                        "tonnes",
                    ],
                    5,
                );
            }
            "rescued" | "rescue" | "rescues" | "secouru" | "secourus" | "secourues" => {
                return !window(&["from the rubble", "fire"], 2);
            }
            _ => {}
        }
        // a verb right after a closing quotation mark attributes the quote
        // ("'... not passed yet,' agreed Polat Sayim"): no event of its own
        if pos == Pos::Verb
            && i > 1
            && matches!(self.tok(i - 1), "\u{201d}" | "\"" | "'")
            && matches!(self.tok(i - 2), "," | "." | "?" | "!")
        {
            return false;
        }
        // a general verb of giving is aid only with what is given ("gave 5 million dollars",
        // "a fourni une aide"): the phrase itself or the words after it name aid
        if class == "aid"
            && pos == Pos::Verb
            && !(i..(after + 8).min(self.toks.len()))
                .any(|k| self.has_cue_start(k, Cue::AidObject).is_some())
        {
            return false;
        }
        if pos == Pos::Noun
            && matches!(class, "protest" | "strike")
            && i > 0
            && self.has_cue_end(i - 1, Cue::Blocker)
        {
            return false;
        }
        // "riot police", "attack helicopter": a modifier, not an event
        if matches!(
            self.tok(after),
            "police"
                | "gear"
                | "squad"
                | "squads"
                | "control"
                | "helicopter"
                | "helicopters"
                | "dog"
                | "dogs"
                | "aircraft"
                | "rifle"
                | "rifles"
                | "centre"
                | "center"
                | "centres"
                | "facility"
                | "facilities"
                | "workers"
                | "teams"
                | "team"
                | "services"
        ) {
            return false;
        }
        // "fusils d'assaut": a modifier
        if i >= 2
            && self.tok(i - 1) == "d'"
            && matches!(self.tok(i - 2), "fusil" | "fusils" | "char" | "chars")
        {
            return false;
        }
        true
    }

    fn is_trigger_tok(&self, i: usize) -> bool {
        self.trigger_tok.get(i).copied().unwrap_or(false)
    }

    /// First and last tokens lying inside bytes `ms..me`.
    fn tokens_within(&self, ms: usize, me: usize) -> (Option<usize>, Option<usize>) {
        let toks = &self.toks;
        if !self.toks_ordered {
            let inside = |t: &Tok| t.start >= ms && t.end <= me;
            return (toks.iter().position(inside), toks.iter().rposition(inside));
        }
        // (starts and ends never decrease: binary searches)
        let first = toks.partition_point(|t| t.start < ms);
        let first = (first < toks.len() && toks[first].end <= me).then_some(first);
        let last = toks.partition_point(|t| t.end <= me).checked_sub(1);
        let last = last.filter(|&k| toks[k].start >= ms);
        (first, last)
    }

    fn chunk(&mut self, doc: &AnnotatedArticle, idx: &TextIndex, actors: &ActorBase, lx: &Lexicon) {
        let n = self.toks.len();
        let mut used = vec![false; n];
        let (cs, ce) = (idx.byte_to_char(self.start), idx.byte_to_char(self.end));
        let _ = doc;
        let places: Vec<(usize, usize)> = self
            .places
            .iter()
            .filter(|p| p.kind != "demonym" && p.end > cs && p.start < ce)
            .map(|p| (idx.char_to_byte(p.start), idx.char_to_byte(p.end)))
            .collect();
        // 1. mentions from the actor stage
        let mentions: &[ActorMention] = self.actor_mentions;
        for m in mentions.iter().filter(|m| m.end > cs && m.start < ce) {
            let (ms, me) = (idx.char_to_byte(m.start), idx.char_to_byte(m.end));
            if me <= self.start || ms >= self.end {
                continue;
            }
            let (s, e) = self.tokens_within(ms, me);
            if let (Some(s), Some(mut e)) = (s, e) {
                // a mention that runs into a trigger ("Russian missile") stops before it
                while e > s && self.is_trigger_tok(e) {
                    e -= 1;
                }
                if self.is_trigger_tok(e) || used[s..=e].iter().any(|u| *u) {
                    continue;
                }
                used[s..=e].iter_mut().for_each(|u| *u = true);
                let armed = m.actor.inter.map(|i| matches!(i, 1 | 2 | 3 | 4 | 8));
                let head_tok = self.toks[e].lower.as_str();
                let singular = lx
                    .heads
                    .longest(&self.toks, e)
                    .is_some_and(|_| !head_tok.ends_with('s'));
                self.nps.push(Np {
                    s,
                    e: e + 1,
                    actor: m.actor.clone(),
                    resolved: m.actor.id.is_some(),
                    armed,
                    place: false,
                    pronoun: false,
                    prep: None,
                    possessive: false,
                    head: true,
                    singular,
                });
            }
        }
        // 2. fallback chunks: capitalised runs (+ head noun), head nouns, pronouns
        let mut i = 0;
        while i < n {
            if used[i] {
                i += 1;
                continue;
            }
            let t = &self.toks[i];
            if t.kind != Kind::Word {
                i += 1;
                continue;
            }
            if PRONOUNS.contains(&t.lower.as_str()) && (!t.cap || i == 0 || self.in_paren[i]) {
                self.push_np(i, i + 1, None, true, false, actors);
                i += 1;
                continue;
            }
            let starts_name = (t.cap || t.lower.starts_with("al-"))
                && !lx.function_words.contains(&t.lower)
                && !lx.months.contains_key(t.lower.trim_end_matches('.'))
                && !lx.numbers.contains_key(&t.lower)
                && (!self.is_trigger_tok(i) || t.acronym)
                && !self.in_paren_citation(i);
            if starts_name {
                let mut j = i + 1;
                while j < n && !used[j] {
                    let tj = &self.toks[j];
                    if tj.kind == Kind::Word
                        && (tj.cap || tj.lower.starts_with("al-"))
                        && !lx.months.contains_key(&tj.lower)
                        && !self.is_trigger_tok(j)
                    {
                        j += 1;
                        continue;
                    }
                    if CONNECTORS.contains(&tj.lower.as_str())
                        && j + 1 < n
                        && self.toks[j + 1].cap
                        && !lx.function_words.contains(&self.toks[j + 1].lower)
                    {
                        j += 2;
                        continue;
                    }
                    break;
                }
                // "Wagner Group “soldiers”", "JNIM fighters", "Malian soldiers"
                let mut k = j;
                while k < n && matches!(self.tok(k), "“" | "\"" | "‘" | "'") {
                    k += 1;
                }
                let mut head = None;
                if k < n && !used[k] {
                    if let Some((len, hs)) = lx.heads.longest(&self.toks, k) {
                        head = Some((k + len, *hs[0]));
                    }
                }
                let (e, h) = match head {
                    Some((e, h)) => {
                        let mut e = e;
                        while e < n && matches!(self.tok(e), "”" | "\"" | "’" | "'") {
                            e += 1;
                        }
                        (e, Some(h))
                    }
                    None => (j, None),
                };
                let initial_word = i == 0 && e == 1 && h.is_none() && !t.acronym;
                let known = initial_word && {
                    let (bs, be) = (self.toks[0].start, self.toks[0].end);
                    actors.resolve(&self.text[bs..be]).is_some()
                        || places.iter().any(|&(ps, pe)| ps <= bs && pe >= be)
                };
                if !initial_word || known {
                    self.push_np(i, e, h, false, false, actors);
                    used[i..e].iter_mut().for_each(|u| *u = true);
                }
                i = e;
                continue;
            }
            // French post-nominal demonym after a trigger: "des bombardements russes"
            if !t.cap && i > 0 && self.is_trigger_tok(i - 1) && is_fr_demonym(&t.lower) {
                self.push_np(i, i + 1, None, false, false, actors);
                used[i] = true;
                i += 1;
                continue;
            }
            if let Some((len, hs)) = lx.heads.longest(&self.toks, i) {
                let mut e = i + len;
                // French post-nominal demonym: soldats maliens, l'armée malienne
                if e < n && !used[e] && is_fr_demonym(self.tok(e)) {
                    e += 1;
                }
                let h = *hs[0];
                self.push_np(i, e, Some(h), false, false, actors);
                used[i..e].iter_mut().for_each(|u| *u = true);
                i = e;
                continue;
            }
            i += 1;
        }
        self.nps.sort_by_key(|n| n.s);
        // prepositions, possessives, places
        for k in 0..self.nps.len() {
            let (s, e) = (self.nps[k].s, self.nps[k].e);
            let prep = self.governing_prep(s);
            let possessive = matches!(self.tok(e), "'s" | "'");
            let overlaps_place = places
                .iter()
                .any(|&(ps, pe)| ps < self.toks[e - 1].end && pe > self.toks[s].start);
            let site = is_site(self.tok(e - 1));
            let np = &mut self.nps[k];
            np.possessive = possessive;
            let locative = prep.as_deref().is_some_and(|p| LOCATIVE.contains(&p));
            let geo_of = prep.as_deref() == Some("of") && {
                let mut b = s;
                while b > 0 && lx.governor_skip.contains(self.toks[b - 1].lower.as_str()) {
                    b -= 1;
                }
                b >= 2 && GEO_NOUNS.contains(&self.toks[b - 2].lower.as_str())
            };
            if !np.pronoun && !np.head && (locative || geo_of || (overlaps_place && !np.resolved)) {
                np.place = true;
            }
            if np.head && locative && np.armed == Some(false) && site {
                np.place = true;
            }
            np.prep = prep;
        }
    }

    fn in_paren_citation(&self, i: usize) -> bool {
        if !self.in_paren[i] {
            return false;
        }
        // a parenthesis holding '/', '@', '.' or ',' is a citation, not a name
        let mut a = i;
        while a > 0 && self.tok(a) != "(" {
            a -= 1;
        }
        let mut b = i;
        while b < self.toks.len() && self.tok(b) != ")" {
            b += 1;
        }
        (a..b).any(|k| matches!(self.tok(k), "/" | "@" | "," | ".") || self.tok(k).contains('.'))
    }

    fn push_np(
        &mut self,
        s: usize,
        e: usize,
        head: Option<crate::lexicon::Head>,
        pronoun: bool,
        place: bool,
        actors: &ActorBase,
    ) {
        let raw = self.raw(s, e).trim_matches(|c: char| "“”\"'’‘".contains(c));
        let name = raw.replace(['“', '”', '"'], "");
        let mut actor = actors.resolve(&name);
        if actor.is_none() && head.is_some() && e > s + 1 {
            // resolve the name part of "JNIM fighters"
            let mut k = e - 1;
            while k > s && !self.toks[k - 1].cap {
                k -= 1;
            }
            if k > s {
                actor = actors.resolve(self.raw(s, k));
            }
        }
        let resolved = actor.as_ref().is_some_and(|a| a.id.is_some());
        let armed = actor
            .as_ref()
            .and_then(|a| a.inter)
            .map(|i| matches!(i, 1 | 2 | 3 | 4 | 8))
            .or(head.map(|h| h.armed));
        let actor = actor.unwrap_or_else(|| Actor {
            name: name.clone(),
            inter: head.map(|h| h.inter).filter(|i| *i > 0),
            ..Default::default()
        });
        let last = self.tok(e - 1);
        let singular = head.is_some()
            && !last.ends_with('s')
            && !matches!(
                last,
                "police"
                    | "people"
                    | "men"
                    | "women"
                    | "children"
                    | "militia"
                    | "military"
                    | "army"
                    | "personnel"
            );
        self.nps.push(Np {
            s,
            e,
            actor,
            resolved,
            armed,
            place,
            pronoun,
            prep: None,
            possessive: false,
            head: head.is_some(),
            singular,
        });
    }

    /// The preposition governing a phrase starting at token `s`, skipping
    /// determiners, numbers and direction adjectives.
    pub fn governing_prep(&self, s: usize) -> Option<String> {
        let lx = Lexicon::get();
        let mut b = s;
        while b > 0 {
            let t = &self.toks[b - 1];
            let l = t.lower.as_str();
            if lx.governor_skip.contains(l) || t.kind == Kind::Num || lx.numbers.contains_key(l) {
                if l == "least" && b >= 2 && self.tok(b - 2) == "at" {
                    b -= 2;
                    continue;
                }
                b -= 1;
                continue;
            }
            // "around 20 armed men", "over 100 people": a quantity, not a preposition
            let before_number = self
                .toks
                .get(b)
                .is_some_and(|n| n.kind == Kind::Num || lx.numbers.contains_key(&n.lower));
            if before_number
                && matches!(
                    l,
                    "around"
                        | "about"
                        | "over"
                        | "nearly"
                        | "almost"
                        | "approximately"
                        | "roughly"
                        | "up"
                        | "to"
                        | "than"
                        | "environ"
                        | "près"
                        | "de"
                )
            {
                b -= 1;
                continue;
            }
            break;
        }
        if b == 0 {
            return None;
        }
        let l = self.tok(b - 1);
        if l == "'s" || l == "'" {
            return Some("of".to_string());
        }
        // "thousands of people", "des centaines de femmes": the quantity is no preposition
        if matches!(l, "of" | "de" | "d'") && b >= 2 {
            let q = self.tok(b - 2);
            if matches!(
                q,
                "thousands"
                    | "hundreds"
                    | "dozens"
                    | "scores"
                    | "millions"
                    | "tens"
                    | "milliers"
                    | "centaines"
                    | "dizaines"
                    | "plusieurs"
                    | "many"
                    | "several"
                    | "number"
                    | "group"
                    | "groups"
                    | "crowd"
                    | "crowds"
                    | "foule"
            ) || lx.numbers.contains_key(q)
            {
                return None;
            }
        }
        PREPS.contains(&l).then(|| l.to_string())
    }
}

fn is_fr_demonym(w: &str) -> bool {
    [
        "ien", "ienne", "iens", "iennes", "ais", "aise", "aises", "ain", "aine", "ains", "aines",
        "ois", "oise", "oises", "ite", "ites",
    ]
    .iter()
    .any(|s| w.ends_with(s))
        && w.len() > 5
        && !w.ends_with("mais")
}

fn is_site(w: &str) -> bool {
    matches!(
        w,
        "village" | "villages" | "market" | "mosque" | "church" | "school"
    )
}
