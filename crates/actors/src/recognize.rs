//! Actor mention recognition: one Aho-Corasick pass (two automata: case-insensitive
//! phrases, case-sensitive acronyms and single-word names) over a folded copy of the text,
//! then a left-to-right composition of the matched tokens:
//!
//! - a name or alias ("JNIM", "Groupe de soutien à l'islam et aux musulmans"), extended over
//!   a following class noun ("JNIM fighters") or absorbing a preceding one ("combattants du
//!   JNIM", "members of the Islamic State");
//! - English qualifiers before a noun: demonym, country name, possessive, identity, with
//!   coordination ("Nigerien and Malian troops", "Mali's army", "Fulani civilians");
//! - French adjectives after a noun ("l'armée malienne", "soldats maliens et nigériens",
//!   "civils peuls"), and "army of Mali" / "l'armée du Mali";
//! - bare state nouns ("the army", "la junte") resolved to the document's focus country;
//! - a country or capital standing for its government when it is the subject or object of a
//!   political verb ("Bamako accused Paris", "accusing France of subversion").

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::fold::{fold_case, fold_lower, Folded};
use crate::kb::{Branch, Lang};

/// What a matched surface form can be. One form may carry several entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A named actor (record index).
    Actor(u32),
    /// A generic class noun (record index of the class).
    Generic(u32),
    /// A state force / authority noun.
    StateHead {
        branch: Branch,
        lang: Lang,
        standalone: bool,
        event: bool,
    },
    /// A country adjective (English before the noun, French after it).
    Demonym { country: u16, lang: Lang },
    /// A country name.
    Country(u16),
    /// A capital city.
    Capital(u16),
    /// An identity label (index into the identity list).
    Identity(u16),
}

/// The patterns and their entries, as built by the knowledge base.
#[derive(Default)]
pub(crate) struct PatternSet {
    index: std::collections::HashMap<String, usize>,
    pats: Vec<String>,
    entries: Vec<Vec<Entry>>,
}

impl PatternSet {
    fn add(&mut self, pat: String, e: Entry) {
        if pat.trim().is_empty() {
            return;
        }
        let i = match self.index.get(&pat) {
            Some(&i) => i,
            None => {
                self.pats.push(pat.clone());
                self.entries.push(Vec::new());
                self.index.insert(pat, self.pats.len() - 1);
                self.pats.len() - 1
            }
        };
        if !self.entries[i].contains(&e) {
            self.entries[i].push(e);
        }
    }
}

/// Builder of the two pattern sets.
#[derive(Default)]
pub(crate) struct MatcherBuilder {
    lower: PatternSet,
    case: PatternSet,
}

impl MatcherBuilder {
    /// Add a surface form. Forms with a space match case-insensitively; single words with
    /// a capital letter (acronyms, names: "JNIM", "FAMa", "Malian") and single-word actor
    /// names match case-sensitively, as written, with the first letter capitalised and in
    /// ALL CAPS; other single words (class nouns, French adjectives) case-insensitively.
    pub fn add(&mut self, form: &str, e: Entry) {
        let form = form.trim();
        if form.is_empty() {
            return;
        }
        let single = !form.contains(char::is_whitespace);
        let has_upper = form.chars().any(char::is_uppercase);
        let actorlike = matches!(e, Entry::Actor(_));
        let insensitive = matches!(
            e,
            Entry::Identity(_) | Entry::Demonym { lang: Lang::Fr, .. }
        );
        if single && (has_upper || actorlike) && !insensitive {
            let f = fold_case(form);
            let mut cs = f.chars();
            let first_up: String = match cs.next() {
                Some(c) => c.to_uppercase().chain(cs).collect(),
                None => String::new(),
            };
            let caps = f.to_uppercase();
            // Title-case names are also written in lower case in French ("les shebabs",
            // "les wazalendo"): long ones get a lower-case variant.
            let title = first_up == f && f.chars().skip(1).all(|c| !c.is_uppercase());
            let low = if actorlike && title && f.chars().count() >= 5 {
                f.to_lowercase()
            } else {
                f.clone()
            };
            // Long acronyms are also written as names in French ("Minusma", "Monusco").
            let acr_title = if actorlike
                && f.chars().filter(|c| c.is_alphabetic()).count() >= 5
                && f.chars().all(|c| !c.is_lowercase())
            {
                let mut cs = f.chars();
                match cs.next() {
                    Some(c) => std::iter::once(c)
                        .chain(cs.flat_map(char::to_lowercase))
                        .collect(),
                    None => f.clone(),
                }
            } else {
                f.clone()
            };
            for v in [f, first_up, caps, low, acr_title] {
                if v.len() == fold_case(form).len() {
                    self.case.add(v, e);
                }
            }
        } else {
            self.lower.add(fold_lower(form), e);
        }
    }

    pub fn build(self) -> Result<Matcher, String> {
        let mk = |p: &[String]| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(p)
                .map_err(|e| e.to_string())
        };
        Ok(Matcher {
            lower: mk(&self.lower.pats)?,
            lower_entries: self.lower.entries,
            case: mk(&self.case.pats)?,
            case_entries: self.case.entries,
            case_pats_single_title: self
                .case
                .pats
                .iter()
                .map(|p| {
                    let mut c = p.chars();
                    c.next().is_some_and(char::is_uppercase) && c.any(char::is_lowercase)
                })
                .collect(),
        })
    }
}

pub(crate) struct Matcher {
    lower: AhoCorasick,
    lower_entries: Vec<Vec<Entry>>,
    case: AhoCorasick,
    case_entries: Vec<Vec<Entry>>,
    /// Case-sensitive pattern is a Title-case word ("Wagner"): guarded against person names.
    case_pats_single_title: Vec<bool>,
}

/// A matched token, in folded byte offsets.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub s: usize,
    pub e: usize,
    pub entries: Vec<Entry>,
}

impl Tok {
    fn actors(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries.iter().filter_map(|e| match e {
            Entry::Actor(a) => Some(*a),
            _ => None,
        })
    }
    fn has_actor(&self) -> bool {
        self.actors().next().is_some()
    }
    fn is_head(&self) -> bool {
        self.entries
            .iter()
            .any(|e| matches!(e, Entry::Generic(_) | Entry::StateHead { .. }))
    }
    fn is_event(&self) -> bool {
        self.entries
            .iter()
            .any(|e| matches!(e, Entry::StateHead { event: true, .. }))
    }
    fn generic(&self) -> Option<u32> {
        self.entries.iter().find_map(|e| match e {
            Entry::Generic(g) => Some(*g),
            _ => None,
        })
    }
    fn state_head(&self) -> Option<(Branch, bool)> {
        self.entries.iter().find_map(|e| match e {
            Entry::StateHead {
                branch, standalone, ..
            } => Some((*branch, *standalone)),
            _ => None,
        })
    }
    fn standalone_state(&self) -> Option<Branch> {
        let mut any = None;
        for e in &self.entries {
            if let Entry::StateHead {
                branch,
                standalone: true,
                ..
            } = e
            {
                any = Some(*branch);
            }
        }
        any
    }
    /// Qualifier before an English noun.
    fn en_qualifier(&self) -> Option<Qual> {
        let mut q = Qual::default();
        for e in &self.entries {
            match *e {
                Entry::Demonym {
                    country,
                    lang: Lang::En,
                }
                | Entry::Country(country)
                | Entry::Capital(country)
                    if !q.countries.contains(&country) =>
                {
                    q.countries.push(country)
                }
                Entry::Identity(i) => q.identity = q.identity.or(Some(i)),
                _ => {}
            }
        }
        (!q.countries.is_empty() || q.identity.is_some()).then_some(q)
    }
    /// Qualifier after a French noun.
    fn fr_qualifier(&self) -> Option<Qual> {
        let mut q = Qual::default();
        for e in &self.entries {
            match *e {
                Entry::Demonym {
                    country,
                    lang: Lang::Fr,
                } if !q.countries.contains(&country) => q.countries.push(country),
                Entry::Identity(i) => q.identity = q.identity.or(Some(i)),
                _ => {}
            }
        }
        (!q.countries.is_empty() || q.identity.is_some()).then_some(q)
    }
    fn place(&self) -> Option<u16> {
        self.entries.iter().find_map(|e| match e {
            Entry::Country(c) | Entry::Capital(c) => Some(*c),
            _ => None,
        })
    }
    fn country_name(&self) -> Option<u16> {
        self.entries.iter().find_map(|e| match e {
            Entry::Country(c) => Some(*c),
            _ => None,
        })
    }
}

/// Country (candidates: "Congolese" is CD or CG) and identity qualifying a noun.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Qual {
    pub countries: Vec<u16>,
    pub identity: Option<u16>,
}

/// A recognised mention before the document context is applied.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Raw {
    /// Folded byte offsets.
    pub s: usize,
    pub e: usize,
    pub kind: RawKind,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawKind {
    /// Named actor candidates (first wins unless one is from the focus country); when the
    /// form is also a bare state noun ("FDS"), `head` is the fallback.
    Named {
        recs: Vec<u32>,
        head: Option<Branch>,
    },
    /// A country's state branch ("Malian soldiers").
    State { countries: Vec<u16>, branch: Branch },
    /// A generic class, maybe qualified ("Fulani civilians", "civils maliens").
    Generic {
        rec: u32,
        countries: Vec<u16>,
        identity: Option<u16>,
    },
    /// A bare state noun ("the army", "la junte").
    Context { branch: Branch },
    /// A country or capital standing for its government (political verbs) or its military
    /// ("Iran fired missiles").
    Metonymy { country: u16, branch: Branch },
}

/// Word lists the composition needs.
pub(crate) struct Lexicon {
    pub fillers: HashSet<String>,
    pub verbs: HashSet<String>,
    /// Verbs after which a country stands for its military (`[military]` section).
    pub military_verbs: HashSet<String>,
    pub object_verbs: HashSet<String>,
    /// Capitalised words allowed before a Title-case single-word name (lower-case):
    /// sentence openers and function words (`sentence-openers.txt`), demonyms, country names.
    pub openers: HashSet<String>,
    /// Generic classes of armed actors (inter 2, 3, 4, 8): "les miliciens CODECO".
    pub armed_classes: HashSet<u32>,
    /// Record index of the `civilians` class (bare identity nouns: "des centaines de Massalit").
    pub civilians: Option<u32>,
    /// Modifiers that make a state noun someone else's (`blocking-modifiers.txt`).
    pub blockers: HashSet<String>,
    /// French noun-adjectives (`french-noun-adjectives.txt`).
    pub fr_adjectival: HashSet<String>,
    /// Nouns after which a singular class noun is a modifier (`modified-nouns.txt`).
    pub modified: HashSet<String>,
    /// Words that may follow a bare English state noun (`head-followers.txt`).
    pub followers: HashSet<String>,
}

const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "was",
    "will",
    "would",
    "also",
    "has also",
    "then",
    "a",
    "avait",
    "aurait",
    "ont",
    "now",
    "again",
    "swiftly",
    "quickly",
    "formally",
    "officially",
    "publicly",
    "strongly",
];
/// A number or quantifier before `s`: "30 Fulani", "plusieurs Peuls", "hundreds of
/// (ethnic) Tigrayans", "des centaines de Massalit" (but not "eviction of Palestinians").
fn quantified(text: &str, s: usize) -> bool {
    let is_q = |w: &str| QUANTIFIERS.contains(&w) || w.chars().all(|c| c.is_ascii_digit());
    let Some((mut w, mut sep)) = prev_word(text, s) else {
        return false;
    };
    let mut at = s;
    if w == "ethnic" {
        at -= sep.len() + w.len();
        match prev_word(text, at) {
            Some(x) => (w, sep) = x,
            None => return true,
        }
    }
    if sep.is_empty() && w != "d'" {
        return false;
    }
    if matches!(w, "of" | "de" | "d'") {
        at -= sep.len() + w.len();
        return prev_word(text, at).is_some_and(|(q, qs)| !qs.is_empty() && is_q(q));
    }
    is_q(w) || w == "ethnic"
}

/// Hyphenated suffixes that turn a name into a modifier ("al-Qaeda-linked").
const LINK_SUFFIXES: &[&str] = &[
    "linked",
    "affiliated",
    "aligned",
    "allied",
    "backed",
    "supported",
    "inspired",
    "loyal",
    "run",
    "controlled",
    "held",
    "led",
    "occupied",
    "dominated",
    "designated",
    "sponsored",
    "related",
    "style",
    "type",
    "era",
];

/// Prepositions before a place that make it a location, not a subject.
const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "from",
    "near",
    "to",
    "into",
    "across",
    "throughout",
    "inside",
    "outside",
    "around",
    "of",
    "en",
    "au",
    "aux",
    "dans",
    "pres",
    "vers",
    "depuis",
    "de",
    "du",
    "a",
];

/// Words before a French noun-adjective that make it a noun ("des jihadistes").
const FR_DETERMINERS: &[&str] = &[
    "les", "des", "aux", "de", "du", "ces", "leurs", "nos", "vos", "ses", "quelques", "certains",
    "tous", "et", "ou", "par", "pour", "entre", "contre", "avec", "sans", "selon", "the", "and",
    "of", "by", "with",
];

/// Words before a bare identity noun that make it a group of people.
const QUANTIFIERS: &[&str] = &[
    "des",
    "dozens",
    "hundreds",
    "thousands",
    "several",
    "many",
    "some",
    "few",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "least",
    "about",
    "around",
    "dizaines",
    "centaines",
    "milliers",
    "plusieurs",
    "nombreux",
    "nombreuses",
    "quelques",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "cent",
    "cents",
    "mille",
    "moins",
    "environ",
    "une",
    "un",
    "dizaine",
    "vingtaine",
    "trentaine",
    "centaine",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "le", "la", "les", "l'", "des", "de", "du", "un", "une", "some",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl Matcher {
    /// Tokens: every match on word boundaries, then leftmost-longest non-overlapping.
    pub fn tokens(&self, f: &Folded, lx: &Lexicon) -> Vec<Tok> {
        let mut cands: Vec<(usize, usize, bool, usize)> = Vec::new();
        for m in self.lower.find_overlapping_iter(f.lower.as_str()) {
            cands.push((m.start(), m.end(), true, m.pattern().as_usize()));
        }
        for m in self.case.find_overlapping_iter(f.case.as_str()) {
            cands.push((m.start(), m.end(), false, m.pattern().as_usize()));
        }
        let text = f.lower.as_str();
        cands.retain(|&(s, e, lower, p)| {
            let entries = if lower {
                &self.lower_entries[p]
            } else {
                &self.case_entries[p]
            };
            let actor = entries.iter().any(|e| matches!(e, Entry::Actor(_)));
            let before = text[..s].chars().next_back();
            let after = text[e..].chars().next();
            let left_ok = before.is_none_or(|c| !is_word_char(c) && c != '-');
            let right_ok = after.is_none_or(|c| !is_word_char(c) && (actor || c != '-'));
            left_ok && right_ok && (lower || self.plausible_case_hit(f, s, e, p, lx))
        });
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut toks: Vec<Tok> = Vec::new();
        for (s, e, lower, p) in cands {
            let entries = if lower {
                &self.lower_entries[p]
            } else {
                &self.case_entries[p]
            };
            if let Some(last) = toks.last_mut() {
                if last.s == s && last.e == e {
                    for x in entries {
                        if !last.entries.contains(x) {
                            last.entries.push(*x);
                        }
                    }
                    continue;
                }
                if s < last.e {
                    continue;
                }
            }
            toks.push(Tok {
                s,
                e,
                entries: entries.clone(),
            });
        }
        toks
    }

    /// Guards for case-sensitive single-word hits: a Title-case name right after another
    /// capitalised word that is not a sentence opener is most likely part of a person's
    /// name ("Richard Wagner"); a short ALL-CAPS acronym inside an ALL-CAPS run is a
    /// headline word ("WHO IS TO BLAME").
    fn plausible_case_hit(&self, f: &Folded, s: usize, e: usize, p: usize, lx: &Lexicon) -> bool {
        let text = f.case.as_str();
        let word = &text[s..e];
        let prev = prev_word(text, s);
        let next = next_word(text, e);
        if self.case_pats_single_title[p] {
            if let Some((pw, sep)) = prev {
                let cap = pw.chars().next().is_some_and(char::is_uppercase)
                    && pw.chars().skip(1).all(char::is_lowercase)
                    && pw.chars().count() > 1;
                if cap && sep.trim().is_empty() && !lx.openers.contains(&pw.to_lowercase()) {
                    return false;
                }
            }
        }
        let caps = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '\'');
        if word.len() <= 4 && word.chars().all(|c| !c.is_lowercase()) {
            if let (Some((pw, _)), Some(nw)) = (prev, next) {
                if caps(pw) && caps(nw) {
                    return false;
                }
            }
        }
        true
    }

    /// Compose tokens into raw mentions.
    pub fn compose(&self, f: &Folded, toks: &[Tok], lx: &Lexicon) -> Vec<Raw> {
        let text = f.lower.as_str();
        let n = toks.len();
        let mut out: Vec<Raw> = Vec::new();
        // Index in `out` of a bare head mention that a following "of X" / "du X" may absorb.
        let mut mergeable: Option<usize> = None;
        let mut i = 0;
        while i < n {
            let t = &toks[i];
            // 1. Named actors.
            if t.has_actor() {
                // "al-Qaeda-linked JNIM", "M23-held towns": the name is a modifier here.
                if let Some(suffix) = text[t.e..].strip_prefix('-') {
                    let w: String = suffix.chars().take_while(|c| c.is_alphabetic()).collect();
                    if LINK_SUFFIXES.contains(&w.as_str()) {
                        mergeable = None;
                        i += 1;
                        continue;
                    }
                }
                let recs: Vec<u32> = t.actors().collect();
                let head = t.standalone_state();
                let mut s = t.s;
                let mut e = t.e;
                let mut j = i + 1;
                if let Some(k) = mergeable {
                    // "combattants du JNIM", "members of the Islamic State", and apposition
                    // after an armed class noun: "les miliciens CODECO".
                    let apposition = matches!(out[k].kind, RawKind::Generic { rec, .. } if lx.armed_classes.contains(&rec))
                        && text[out[k].e..t.s] == *" ";
                    if out[k].e <= t.s && (gap_is_of(&text[out[k].e..t.s]) || apposition) {
                        s = out[k].s;
                        out.truncate(k);
                    }
                }
                if j < n
                    && !toks[j].has_actor()
                    && toks[j].is_head()
                    && gap_is_space_or_quote(&text[t.e..toks[j].s])
                {
                    e = toks[j].e;
                    j += 1;
                }
                out.push(Raw {
                    s,
                    e,
                    kind: RawKind::Named { recs, head },
                });
                mergeable = None;
                i = j;
                continue;
            }
            // 2. English qualifiers, possibly coordinated, before a noun.
            if let Some(q0) = t.en_qualifier() {
                let mut groups: Vec<(usize, usize, Qual)> = vec![(t.s, t.e, q0)];
                let mut j = i + 1;
                loop {
                    // "Malian Fulani herders": stack qualifiers within a group.
                    while j < n && gap_is_fillers(&text[toks[j - 1].e..toks[j].s], &lx.fillers) {
                        let Some(q) = toks[j].en_qualifier() else {
                            break;
                        };
                        let g = groups.last_mut().expect("non-empty");
                        g.1 = toks[j].e;
                        if g.2.countries.is_empty() {
                            g.2.countries = q.countries;
                        }
                        g.2.identity = g.2.identity.or(q.identity);
                        j += 1;
                    }
                    if j < n && gap_is_coord_fillers(&text[toks[j - 1].e..toks[j].s], &lx.fillers) {
                        if let Some(q) = toks[j].en_qualifier() {
                            groups.push((toks[j].s, toks[j].e, q));
                            j += 1;
                            continue;
                        }
                    }
                    break;
                }
                if j < n
                    && toks[j].is_head()
                    && !toks[j].has_actor()
                    && (gap_q_head(&text[toks[j - 1].e..toks[j].s], &lx.fillers)
                        || (groups.len() > 1 && text[toks[j - 1].e..toks[j].s].trim() == ","))
                {
                    let (kh, kl) = compound(text, toks, j);
                    let head = &toks[kh];
                    let head_end = toks[kl].e;
                    // "Malian, and specifically Fulani, civilians": one country and one
                    // identity narrow the same class noun: a single mention.
                    let n_country = groups.iter().filter(|g| !g.2.countries.is_empty()).count();
                    let n_ident = groups.iter().filter(|g| g.2.identity.is_some()).count();
                    if groups.len() > 1
                        && head.generic().is_some()
                        && n_country <= 1
                        && n_ident <= 1
                    {
                        let mut q = Qual::default();
                        for g in &groups {
                            if q.countries.is_empty() {
                                q.countries = g.2.countries.clone();
                            }
                            q.identity = q.identity.or(g.2.identity);
                        }
                        groups = vec![(groups[0].0, groups[groups.len() - 1].1, q)];
                    }
                    let last = groups.len() - 1;
                    for (k, (gs, ge, q)) in groups.into_iter().enumerate() {
                        let e = if k == last { head_end } else { ge };
                        if let Some(kind) = qualified(head, &q) {
                            out.push(Raw { s: gs, e, kind });
                        }
                    }
                    mergeable = None;
                    i = kl + 1;
                    continue;
                }
                if let Some(c) = t.place() {
                    // "La Russie et l'Ukraine ont procédé...": a coordinated partner's verb.
                    let partner = || {
                        let k = i + 1;
                        (k < n
                            && toks[k].place().is_some()
                            && gap_is_coord(strip_article(&text[t.e..toks[k].s])))
                        .then(|| self.metonymy(text, &toks[k], lx))
                        .flatten()
                    };
                    if let Some(branch) = self.metonymy(text, t, lx).or_else(partner) {
                        out.push(Raw {
                            s: t.s,
                            e: t.e,
                            kind: RawKind::Metonymy { country: c, branch },
                        });
                    }
                } else if let (Some(ident), Some(civ)) =
                    (t.en_qualifier().and_then(|q| q.identity), lx.civilians)
                {
                    // "des centaines de Massalit", "30 Fulani", "hundreds of ethnic Tigrayans".
                    if quantified(text, t.s) {
                        out.push(Raw {
                            s: t.s,
                            e: t.e,
                            kind: RawKind::Generic {
                                rec: civ,
                                countries: Vec::new(),
                                identity: Some(ident),
                            },
                        });
                    }
                }
                mergeable = None;
                i += 1;
                continue;
            }
            // 3. A noun without a qualifier before it (maybe a two-noun compound:
            //    "opposition protesters", "presidential guard officers").
            if t.is_head() {
                let (kh, kl) = compound(text, toks, i);
                let head = &toks[kh];
                let last = &toks[kl];
                let mut j = kl + 1;
                // French adjectives after the noun, coordinated.
                if j < n && gap_is_fillers(&text[last.e..toks[j].s], &lx.fillers) {
                    if let Some(q) = toks[j].fr_qualifier() {
                        let mut quals = vec![(toks[j].s, toks[j].e, q)];
                        j += 1;
                        while j < n && gap_is_coord(&text[toks[j - 1].e..toks[j].s]) {
                            let Some(q) = toks[j].fr_qualifier() else {
                                break;
                            };
                            quals.push((toks[j].s, toks[j].e, q));
                            j += 1;
                        }
                        for (k, (qs, qe, q)) in quals.into_iter().enumerate() {
                            let s = if k == 0 { t.s } else { qs };
                            if let Some(kind) = qualified(head, &q) {
                                out.push(Raw { s, e: qe, kind });
                            }
                        }
                        mergeable = None;
                        i = j;
                        continue;
                    }
                }
                // "the army of Mali", "l'armée du Mali".
                if j < n
                    && !head.is_event()
                    && gap_is_of(&text[last.e..toks[j].s])
                    && !text[last.e..toks[j].s].trim().starts_with("from")
                {
                    if let Some(c) = toks[j].country_name() {
                        let q = Qual {
                            countries: vec![c],
                            identity: None,
                        };
                        if let Some(kind) = qualified(head, &q) {
                            out.push(Raw {
                                s: t.s,
                                e: toks[j].e,
                                kind,
                            });
                            mergeable = None;
                            i = j + 1;
                            continue;
                        }
                    }
                }
                let singular = !text[t.s..t.e].ends_with('s');
                // "terrorist attack" (modifier before a noun); "attaque jihadiste" (French
                // adjective after an attack noun).
                let modifier = kl == i
                    && singular
                    && ((next_word(text, t.e).is_some_and(|w| lx.modified.contains(w))
                        && text[t.e..].starts_with(' '))
                        || (i > 0 && toks[i - 1].is_event() && text[toks[i - 1].e..t.s] == *" "));
                // "postes militaires", "positions jihadistes": a French adjective after a noun.
                let fr_adjective = kl == i
                    && lx.fr_adjectival.contains(&text[t.s..t.e])
                    && prev_word(text, t.s).is_some_and(|(w, sep)| {
                        sep == " "
                            && w.chars().all(char::is_alphabetic)
                            && !FR_DETERMINERS.contains(&w)
                            && !QUANTIFIERS.contains(&w)
                    });
                let kind = if modifier || fr_adjective {
                    None
                } else if let Some(g) = head.generic() {
                    Some(RawKind::Generic {
                        rec: g,
                        countries: Vec::new(),
                        identity: None,
                    })
                } else if kl > i || self.bare_head_is_noun(text, head, lx) {
                    head.standalone_state()
                        .or_else(|| (kl > i).then(|| head.state_head().map(|h| h.0)).flatten())
                        .map(|branch| RawKind::Context { branch })
                } else {
                    None
                };
                match kind {
                    Some(kind) => {
                        out.push(Raw {
                            s: t.s,
                            e: last.e,
                            kind,
                        });
                        mergeable = Some(out.len() - 1);
                    }
                    None => mergeable = None,
                }
                i = kl + 1;
                continue;
            }
            mergeable = None;
            i += 1;
        }
        out
    }

    /// A bare English state noun counts only where it is a noun: before punctuation, a verb
    /// or a function word ("the military said"), not before another noun ("military
    /// operations"). French nouns, and shared nouns after a French article ("la police"),
    /// pass.
    fn bare_head_is_noun(&self, text: &str, t: &Tok, lx: &Lexicon) -> bool {
        let has = |l: Lang| {
            t.entries
                .iter()
                .any(|e| matches!(e, Entry::StateHead { lang, .. } if *lang == l))
        };
        // Plural nouns ("soldiers", "security forces", "authorities") are never modifiers.
        if !has(Lang::En) || text[t.s..t.e].ends_with('s') {
            return true;
        }
        if has(Lang::Fr) {
            let before = &text[..t.s];
            if [
                "la ", "le ", "les ", "l'", "des ", "de ", "du ", "aux ", "d'",
            ]
            .iter()
            .any(|a| before.ends_with(a))
            {
                return true;
            }
        }
        let rest = &text[t.e..];
        if !rest.starts_with(' ')
            || rest
                .trim_start()
                .starts_with(|c: char| !c.is_alphanumeric())
        {
            return true;
        }
        let Some(w) = next_word(text, t.e) else {
            return true;
        };
        lx.followers.contains(w) || lx.verbs.contains(w) || (w.len() > 4 && w.ends_with("ed"))
    }

    /// "Bamako accused Paris": the place is followed (after auxiliaries) by a political verb,
    /// or preceded by one that takes it as object.
    fn metonymy(&self, text: &str, t: &Tok, lx: &Lexicon) -> Option<Branch> {
        // Object: "accusing France", "against France", "accuse la France", "par la Russie".
        let mut at = t.s;
        for _ in 0..2 {
            let Some((pw, sep)) = prev_word(text, at) else {
                break;
            };
            if !sep.trim().is_empty() {
                break;
            }
            if lx.object_verbs.contains(pw) {
                return Some(Branch::Government);
            }
            // "a demandé à l'Algérie", "called on Algeria", "urged to".
            // (The text is folded: "à" reads "a".)
            if matches!(pw, "a" | "au" | "aux" | "on" | "upon") {
                let back = at - sep.len() - pw.len();
                if let Some((vw, vsep)) = prev_word(text, back) {
                    if !vsep.is_empty() && (lx.object_verbs.contains(vw) || lx.verbs.contains(vw)) {
                        return Some(Branch::Government);
                    }
                }
            }
            if !matches!(pw, "la" | "le" | "les" | "l'" | "the") {
                break;
            }
            at -= sep.len() + pw.len();
        }
        // Subject: "Bamako accused", "Iran has fired", "Paris a dénoncé" (not "forces in
        // Somalia say").
        if prev_word(text, t.s).is_some_and(|(w, _)| LOCATIVES.contains(&w)) {
            return None;
        }
        let mut rest = &text[t.e..];
        if !rest.starts_with(' ') {
            return None;
        }
        for _ in 0..3 {
            let trimmed = rest.trim_start();
            let w_end = trimmed
                .find(|c: char| !is_word_char(c) && c != '\'' && c != '-')
                .unwrap_or(trimmed.len());
            let w = &trimmed[..w_end];
            if w.is_empty() {
                return None;
            }
            if lx.verbs.contains(w) {
                return Some(Branch::Government);
            }
            if lx.military_verbs.contains(w) {
                return Some(Branch::Military);
            }
            if !AUX.contains(&w) {
                return None;
            }
            rest = &trimmed[w_end..];
            if !rest.starts_with(' ') {
                return None;
            }
        }
        None
    }
}

/// A two-noun compound starting at token `h`: `(token giving the kind, last token)`.
/// The second noun is the head ("opposition protesters" are protesters, "cartel gunmen"
/// gunmen) unless the first is a state noun ("presidential guard officers").
fn compound(text: &str, toks: &[Tok], h: usize) -> (usize, usize) {
    let k = h + 1;
    if k >= toks.len()
        || toks[h].is_event()
        || toks[k].is_event()
        || !toks[k].is_head()
        || toks[k].has_actor()
        || !gap_is_space_or_quote(&text[toks[h].e..toks[k].s])
        || text[toks[h].e..toks[k].s].contains(['"', '\u{201c}', '\''])
    {
        return (h, h);
    }
    let first_state = toks[h].state_head().is_some() && toks[h].generic().is_none();
    match (
        first_state,
        toks[k].state_head().is_some(),
        toks[k].generic().is_some(),
    ) {
        (true, true, _) => (h, k),
        (false, _, true) if toks[h].generic().is_some() => (k, k),
        _ => (h, h),
    }
}

/// The mention a qualified noun makes.
fn qualified(head: &Tok, q: &Qual) -> Option<RawKind> {
    if let Some((branch, standalone)) = head.state_head() {
        if !q.countries.is_empty() && (q.identity.is_none() || head.generic().is_none()) {
            return Some(RawKind::State {
                countries: q.countries.clone(),
                branch,
            });
        }
        if head.generic().is_none() {
            return standalone.then_some(RawKind::Context { branch });
        }
    }
    head.generic().map(|rec| RawKind::Generic {
        rec,
        countries: q.countries.clone(),
        identity: q.identity,
    })
}

/// The word before byte `s` and the separator between them.
fn prev_word(text: &str, s: usize) -> Option<(&str, &str)> {
    let before = &text[..s];
    let trimmed = before.trim_end();
    let sep = &before[trimmed.len()..];
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_word_char(c) && c != '\'' && c != '-')
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let w = &trimmed[start..];
    (!w.is_empty()).then_some((w, sep))
}

/// The word after byte `e` (after whitespace).
fn next_word(text: &str, e: usize) -> Option<&str> {
    let after = text[e..].trim_start();
    let end = after
        .find(|c: char| !is_word_char(c) && c != '\'')
        .unwrap_or(after.len());
    let w = &after[..end];
    (!w.is_empty()).then_some(w)
}

/// A space, possibly with an opening quote: `JNIM fighters`, `Wagner Group “soldiers”`.
fn gap_is_space_or_quote(g: &str) -> bool {
    g.starts_with(' ')
        && g.len() <= 5
        && g.chars()
            .all(|c| matches!(c, ' ' | '\t' | '"' | '\u{201c}' | '\u{2018}' | '\''))
}

/// A coordination, possibly with narrowing adverbs: "Malian, and specifically Fulani, ...".
fn gap_is_coord_fillers(g: &str, fillers: &HashSet<String>) -> bool {
    if gap_is_coord(g) {
        return true;
    }
    if g.contains('\n') || g.len() > 40 {
        return false;
    }
    let words: Vec<&str> = g
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    matches!(words.first(), Some(&("and" | "or" | "et" | "ou")))
        && words.len() <= 3
        && words[1..].iter().all(|w| fillers.contains(*w))
}

/// Whitespace, or up to three filler words ("Malian *regular* troops").
fn gap_is_fillers(g: &str, fillers: &HashSet<String>) -> bool {
    if g.is_empty() || !g.starts_with(char::is_whitespace) || g.contains('\n') {
        return false;
    }
    let words: Vec<&str> = g.split_whitespace().collect();
    words.len() <= 3 && words.iter().all(|w| fillers.contains(*w))
}

/// Between a qualifier and its noun: fillers, or a possessive "'s" / "'" then fillers.
fn gap_q_head(g: &str, fillers: &HashSet<String>) -> bool {
    if gap_is_fillers(g, fillers) {
        return true;
    }
    for p in ["'s", "'"] {
        if let Some(rest) = g.strip_prefix(p) {
            return gap_is_fillers(rest, fillers);
        }
    }
    false
}

/// A gap without its trailing article ("et l'", "and the ").
fn strip_article(g: &str) -> &str {
    for a in ["l'", "la ", "le ", "les ", "the "] {
        if let Some(x) = g.strip_suffix(a) {
            return x;
        }
    }
    g
}

fn gap_is_coord(g: &str) -> bool {
    if g.contains('\n') || g.len() > 8 {
        return false;
    }
    matches!(
        g.trim(),
        "," | "and" | "or" | ", and" | "et" | "ou" | ", et" | "&" | "/" | "-" | "and/or"
    )
}

fn gap_is_of(g: &str) -> bool {
    if g.contains('\n') || g.len() > 12 {
        return false;
    }
    let t = g.trim();
    let ok = matches!(
        t,
        "of" | "of the"
            | "from"
            | "from the"
            | "du"
            | "de la"
            | "de l'"
            | "des"
            | "d'"
            | "de"
            | "within"
            | "within the"
    );
    // "de l'" and "d'" glue to the next word; the others need a space after them.
    ok && (g.ends_with(' ') || t.ends_with('\''))
}

/// Surface prefix a resolved phrase may carry: determiners, numbers, fillers.
pub(crate) fn is_ignorable_prefix(g: &str, fillers: &HashSet<String>) -> bool {
    g.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| {
            let bare = w.trim_end_matches('\'');
            bare.is_empty()
                || DETERMINERS.contains(&bare)
                || DETERMINERS.contains(&w)
                || fillers.contains(w)
                || w.chars().all(|c| c.is_ascii_digit())
                || w.ends_with("l'")
                || w == "ethnic"
                || w == "at"
                || w == "least"
                || w == "about"
                || w == "some"
                || w == "around"
        })
}
