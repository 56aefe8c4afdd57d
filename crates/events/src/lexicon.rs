//! Language data, loaded once from the embedded files under `data/events/` and
//! `data/ontology/`: trigger lexicons, cue words, number words, casualty words,
//! generic actor heads, and the class → PLOVER / ACLED / CAMEO table.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::tokens::{phrase_tokens, Tok};

const TRIGGERS_EN: &str = include_str!("../../../data/events/triggers_en.tsv");
const TRIGGERS_FR: &str = include_str!("../../../data/events/triggers_fr.tsv");
const CUES: &str = include_str!("../../../data/events/cues.tsv");
const NUMBERS: &str = include_str!("../../../data/events/numbers.tsv");
const CASUALTIES: &str = include_str!("../../../data/events/casualties.tsv");
const HEADS: &str = include_str!("../../../data/events/actor_heads.tsv");
const CLASSES: &str = include_str!("../../../data/ontology/event_classes.tsv");
const GOLDSTEIN: &str = include_str!("../../../data/ontology/cameo_goldstein.tsv");
const PLOVER_V05: &str = include_str!("../../../data/ontology/plover_v05.tsv");
const MONTHS: &str = include_str!("../../../data/events/months.tsv");
const FUNCTION_WORDS: &str = include_str!("../../../data/events/function_words.tsv");
const SKIP_WORDS: &str = include_str!("../../../data/events/skip_words.tsv");
const RANKS: &str = include_str!("../../../data/events/trigger_ranks.tsv");

/// Phrases keyed by their first token; longest match wins.
#[derive(Debug)]
pub struct PhraseTable<T> {
    map: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T> Default for PhraseTable<T> {
    fn default() -> Self {
        PhraseTable {
            map: HashMap::new(),
        }
    }
}

impl<T> PhraseTable<T> {
    pub fn insert(&mut self, phrase: &str, value: T) {
        let toks = phrase_tokens(phrase);
        if toks.is_empty() {
            return;
        }
        let entries = self.map.entry(toks[0].clone()).or_default();
        entries.push((toks[1..].to_vec(), value));
        entries.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
    }

    /// All values of the longest phrase starting at token `i`, with its length in tokens.
    pub fn longest<'a>(&'a self, toks: &[Tok], i: usize) -> Option<(usize, Vec<&'a T>)> {
        let entries = self.map.get(toks.get(i)?.lower.as_str())?;
        let mut best: Option<(usize, Vec<&T>)> = None;
        for (rest, v) in entries {
            let len = rest.len() + 1;
            if let Some((bl, ref mut vals)) = best {
                if len < bl {
                    break;
                }
                if len == bl && matches(toks, i + 1, rest) {
                    vals.push(v);
                }
                continue;
            }
            if matches(toks, i + 1, rest) {
                best = Some((len, vec![v]));
            }
        }
        best
    }
}

fn matches(toks: &[Tok], from: usize, rest: &[String]) -> bool {
    rest.iter()
        .enumerate()
        .all(|(k, w)| toks.get(from + k).is_some_and(|t| &t.lower == w))
}

/// Part of speech of a trigger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Verb,
    Noun,
}

#[derive(Debug, Clone)]
pub struct TriggerEntry {
    pub class: String,
    pub pos: Pos,
}

/// Cue kinds (see `data/events/cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    Claim,
    Deny,
    Denial,
    Allege,
    Report,
    According,
    Reportedly,
    Negation,
    Hypothetical,
    Historical,
    Anaphor,
    Light,
    Passive,
    Intervention,
    Excessive,
    Violent,
    Attempt,
    Failed,
    Topic,
    Nonviolent,
    Zero,
    Weapon,
    Blocker,
    Nonconflict,
    Uncoop,
    AidObject,
    Office,
}

impl Cue {
    fn parse(s: &str) -> Option<Cue> {
        Some(match s {
            "claim" => Cue::Claim,
            "deny" => Cue::Deny,
            "denial" => Cue::Denial,
            "allege" => Cue::Allege,
            "report" => Cue::Report,
            "according" => Cue::According,
            "reportedly" => Cue::Reportedly,
            "negation" => Cue::Negation,
            "hypothetical" => Cue::Hypothetical,
            "historical" => Cue::Historical,
            "anaphor" => Cue::Anaphor,
            "light" => Cue::Light,
            "passive" => Cue::Passive,
            "intervention" => Cue::Intervention,
            "excessive" => Cue::Excessive,
            "violent" => Cue::Violent,
            "attempt" => Cue::Attempt,
            "failed" => Cue::Failed,
            "topic" => Cue::Topic,
            "nonviolent" => Cue::Nonviolent,
            "zero" => Cue::Zero,
            "weapon" => Cue::Weapon,
            "blocker" => Cue::Blocker,
            "nonconflict" => Cue::Nonconflict,
            "uncoop" => Cue::Uncoop,
            "aidobject" => Cue::AidObject,
            "office" => Cue::Office,
            _ => return None,
        })
    }
}

/// Casualty kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casualty {
    Killed,
    Injured,
    Abducted,
    Arrested,
    /// Hit by gunfire ("five men were shot"): injured, unless the sentence
    /// says some of them died, who are then not counted as injured.
    Shot,
}

/// The three codings of an event class.
#[derive(Debug, Clone, Default)]
pub struct ClassInfo {
    pub plover: String,
    pub mode: Option<String>,
    pub acled_type: String,
    pub acled_sub: String,
    pub cameo: String,
    pub family: String,
    /// CAMEO code (03x) of the intention to do what the class names ("will visit",
    /// "offered to mediate"): such an event is PLOVER AGREE. A class whose own code
    /// is its intent code is an intention itself ("promised to").
    pub intent: Option<String>,
}

impl ClassInfo {
    /// The class names an intention (its code is its own intent code).
    pub fn is_intention(&self) -> bool {
        self.intent.as_deref() == Some(self.cameo.as_str())
    }
}

/// Generic actor head noun.
#[derive(Debug, Clone, Copy)]
pub struct Head {
    pub inter: u8,
    pub armed: bool,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    pub triggers: PhraseTable<TriggerEntry>,
    pub cues: PhraseTable<Cue>,
    pub numbers: HashMap<String, u32>,
    pub casualties: PhraseTable<Casualty>,
    pub active_casualty: PhraseTable<()>,
    pub heads: PhraseTable<Head>,
    pub classes: HashMap<String, ClassInfo>,
    pub goldstein: HashMap<String, f32>,
    pub plover_v05: HashMap<String, String>,
    pub months: HashMap<String, u32>,
    pub function_words: std::collections::HashSet<String>,
    /// `skip_words.tsv`: words between a verb and its object ...
    pub object_skip: std::collections::HashSet<String>,
    /// ... words skipped looking back for a governing preposition ...
    pub governor_skip: std::collections::HashSet<String>,
    /// ... and articles that may open a coordinated phrase.
    pub determiner: std::collections::HashSet<String>,
    /// `trigger_ranks.tsv`: how specific a trigger class is (unlisted: 1).
    pub ranks: crate::words::RankMap,
    /// `*_words.tsv`: the word lists of the passes.
    pub words: crate::words::Words,
    /// The first words of the triggers' noun forms ("attack", "embuscade").
    pub noun_forms: std::collections::HashSet<String>,
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

impl Lexicon {
    /// The embedded lexicon, built once per process.
    pub fn get() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(Lexicon::build)
    }

    fn build() -> Lexicon {
        let mut lx = Lexicon::default();
        for text in [TRIGGERS_EN, TRIGGERS_FR] {
            for r in rows(text) {
                if r.len() < 3 {
                    continue;
                }
                let pos = if r[2].trim() == "n" {
                    Pos::Noun
                } else {
                    Pos::Verb
                };
                for f in r[0].split('|') {
                    if pos == Pos::Noun {
                        let first = f.split_whitespace().next().unwrap_or("");
                        lx.noun_forms.insert(first.to_string());
                    }
                    lx.triggers.insert(
                        f.trim(),
                        TriggerEntry {
                            class: r[1].trim().to_string(),
                            pos,
                        },
                    );
                }
            }
        }
        for r in rows(CUES) {
            if r.len() < 2 {
                continue;
            }
            if let Some(c) = Cue::parse(r[0].trim()) {
                for f in r[1].split('|') {
                    lx.cues.insert(f.trim(), c);
                }
            }
        }
        for r in rows(NUMBERS) {
            if r.len() >= 2 {
                if let Ok(v) = r[1].trim().parse() {
                    lx.numbers.insert(r[0].trim().to_string(), v);
                }
            }
        }
        for r in rows(CASUALTIES) {
            if r.len() < 2 {
                continue;
            }
            let kind = match r[0].trim() {
                "killed" => Some(Casualty::Killed),
                "injured" => Some(Casualty::Injured),
                "abducted" => Some(Casualty::Abducted),
                "arrested" => Some(Casualty::Arrested),
                "shot" => Some(Casualty::Shot),
                _ => None,
            };
            for f in r[1].split('|') {
                match kind {
                    Some(k) => lx.casualties.insert(f.trim(), k),
                    None => lx.active_casualty.insert(f.trim(), ()),
                }
            }
        }
        for r in rows(HEADS) {
            if r.len() >= 3 {
                let inter = r[1].trim().parse().unwrap_or(0);
                lx.heads.insert(
                    r[0].trim(),
                    Head {
                        inter,
                        armed: r[2].trim() == "1",
                    },
                );
            }
        }
        for r in rows(CLASSES) {
            if r.len() >= 7 {
                let mode = r[2].trim();
                lx.classes.insert(
                    r[0].trim().to_string(),
                    ClassInfo {
                        plover: r[1].trim().to_string(),
                        mode: (!mode.is_empty()).then(|| mode.to_string()),
                        acled_type: r[3].trim().to_string(),
                        acled_sub: r[4].trim().to_string(),
                        cameo: r[5].trim().to_string(),
                        family: r[6].trim().to_string(),
                        intent: r
                            .get(7)
                            .map(|c| c.trim())
                            .filter(|c| !c.is_empty())
                            .map(str::to_string),
                    },
                );
            }
        }
        for r in rows(GOLDSTEIN) {
            if r.len() >= 2 {
                if let Ok(v) = r[1].trim().parse() {
                    lx.goldstein.insert(r[0].trim().to_string(), v);
                }
            }
        }
        for r in rows(PLOVER_V05) {
            if r.len() >= 2 {
                lx.plover_v05
                    .insert(r[0].trim().to_string(), r[1].trim().to_string());
            }
        }
        for r in rows(MONTHS) {
            if r.len() >= 2 {
                if let Ok(v) = r[1].trim().parse() {
                    lx.months.insert(r[0].trim().to_string(), v);
                }
            }
        }
        for r in rows(FUNCTION_WORDS) {
            lx.function_words.insert(r[0].trim().to_string());
        }
        for r in rows(SKIP_WORDS) {
            let set = match r[0].trim() {
                "object_skip" => &mut lx.object_skip,
                "governor_skip" => &mut lx.governor_skip,
                "determiner" => &mut lx.determiner,
                _ => continue,
            };
            if let Some(w) = r.get(1) {
                set.insert(w.trim().to_string());
            }
        }
        for r in rows(RANKS) {
            if r.len() >= 2 {
                if let Ok(v) = r[1].trim().parse() {
                    lx.ranks.insert(r[0].trim(), v);
                }
            }
        }
        lx.words = crate::words::Words::load();
        lx
    }

    /// Goldstein score of a CAMEO code, falling back to its shorter prefixes.
    /// `w` (lower case) begins a noun form of some trigger.
    pub fn is_noun_form(&self, w: &str) -> bool {
        self.noun_forms.contains(w)
    }

    pub fn goldstein_of(&self, code: &str) -> f32 {
        let mut c = code;
        while !c.is_empty() {
            if let Some(v) = self.goldstein.get(c) {
                return *v;
            }
            c = &c[..c.len() - 1];
        }
        0.0
    }

    /// Cues of the longest phrase at `i`.
    pub fn cues_at(&self, toks: &[Tok], i: usize) -> Option<(usize, Vec<Cue>)> {
        self.cues
            .longest(toks, i)
            .map(|(n, v)| (n, v.into_iter().copied().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    #[test]
    fn lexicon_loads_and_matches_longest() {
        let lx = Lexicon::get();
        assert!(lx.classes.len() >= 40);
        assert_eq!(lx.classes["suicide"].acled_sub, "Suicide bomb");
        let t = tokenize("a suicide car bomb exploded", 0);
        let (n, v) = lx.triggers.longest(&t, 1).unwrap();
        assert_eq!(n, 3);
        assert_eq!(v[0].class, "suicide");
        assert_eq!(lx.numbers["dozens"], 12);
        assert!((lx.goldstein_of("1831") + 10.0).abs() < 1e-6);
        assert_eq!(lx.plover_v05["DEMAND"], "REQUEST");
        let t = tokenize("ont été tués par", 0);
        let (n, c) = lx.cues_at(&t, 0).unwrap();
        assert_eq!(n, 2);
        assert!(c.contains(&Cue::Passive));
    }
}
