//! Context cue lists (`data/gazetteer/cues.txt`), parsed once.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::fold::fold;

const CUES_TXT: &str = include_str!("../../../data/gazetteer/cues.txt");

/// Phrase sets keyed by folded text.
#[derive(Debug, Default)]
pub struct Cues {
    pub locative: FxHashSet<String>,
    pub strong_locative: FxHashSet<String>,
    pub near: FxHashSet<String>,
    pub outskirts_after: FxHashSet<String>,
    pub container: FxHashSet<String>,
    pub direction: FxHashMap<String, &'static str>,
    pub title: FxHashSet<String>,
    pub person: FxHashSet<String>,
    pub org_after: FxHashSet<String>,
    pub lower_after: FxHashSet<String>,
    pub org_of: FxHashSet<String>,
    /// Words after which a capitalised name belongs to an organisation
    /// ("Islamic State Sahel Province") or a street address ("700 block of
    /// South California"): not a place.
    pub org_before: FxHashSet<String>,
    pub actor_en: FxHashSet<String>,
    pub actor_fr: FxHashSet<String>,
    pub common: FxHashSet<String>,
    pub admin_office: FxHashSet<String>,
    /// Lower-case heads of French geographic names ("lac Tchad", "golfe de Guinée").
    pub feature_head: FxHashSet<String>,
    /// Longest phrase of the multi-word sets, in words.
    pub max_phrase: usize,
}

impl Cues {
    pub fn get() -> &'static Cues {
        static C: OnceLock<Cues> = OnceLock::new();
        C.get_or_init(|| Cues::parse(CUES_TXT))
    }

    fn parse(text: &'static str) -> Cues {
        let mut c = Cues::default();
        let mut section = "";
        for line in text.lines() {
            let line = line.trim_end();
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                section = s;
                continue;
            }
            let (phrase, value) = line.split_once('\t').unwrap_or((line, ""));
            let key = fold(phrase);
            if key.is_empty() {
                continue;
            }
            c.max_phrase = c.max_phrase.max(key.split(' ').count());
            let set = match section {
                "locative" => &mut c.locative,
                "strong_locative" => &mut c.strong_locative,
                "near" => &mut c.near,
                "outskirts_after" => &mut c.outskirts_after,
                "container" => &mut c.container,
                "title" => &mut c.title,
                "person" => &mut c.person,
                "org_after" => &mut c.org_after,
                "lower_after" => &mut c.lower_after,
                "org_of" => &mut c.org_of,
                "org_before" => &mut c.org_before,
                "actor_en" => &mut c.actor_en,
                "actor_fr" => &mut c.actor_fr,
                "common" => &mut c.common,
                "admin_office" => &mut c.admin_office,
                "feature_head" => &mut c.feature_head,
                "direction" => {
                    c.direction.insert(key, value.trim());
                    continue;
                }
                _ => continue,
            };
            set.insert(key);
        }
        c
    }
}
