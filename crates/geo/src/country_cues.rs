//! Names that place a report in one country when it names none ("VDP",
//! "Koglweogo" → Burkina Faso), from `data/gazetteer/country_cues.tsv`.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::fold::{fold, Tokens};

const TABLE: &str = include_str!("../../../data/gazetteer/country_cues.tsv");

/// Weight of one occurrence, in the units of the document focus (a
/// confidently resolved town counts 1, a country 2).
pub(crate) const WEIGHT: f32 = 1.5;
/// Occurrences of one cue counted at most.
const MAX_PER_CUE: usize = 2;

struct Table {
    /// folded name -> (country, written in capitals)
    by_key: FxHashMap<String, (&'static str, bool)>,
    max_words: usize,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut by_key = FxHashMap::default();
        let mut max_words = 1;
        for line in TABLE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((name, cc)) = line.split_once('\t') else {
                continue;
            };
            let key = fold(name);
            max_words = max_words.max(key.split(' ').count());
            let acronym = name
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            by_key.insert(key, (cc.trim(), acronym));
        }
        Table { by_key, max_words }
    })
}

/// Evidence for countries from the cue names in the text: (ISO2, weight).
pub(crate) fn evidence(toks: &Tokens) -> FxHashMap<&'static str, f32> {
    let t = table();
    let n = toks.toks.len();
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    let mut out: FxHashMap<&'static str, f32> = FxHashMap::default();
    let mut i = 0;
    while i < n {
        let mut key = String::new();
        let mut hit = None;
        for j in i..n.min(i + t.max_words) {
            if j > i {
                key.push(' ');
            }
            key.push_str(toks.key(j));
            let first = &toks.toks[i];
            match t.by_key.get(&key) {
                Some(&(cc, acronym)) if first.cap && (!acronym || first.allcaps) => {
                    hit = Some((j + 1, cc, key.clone()));
                }
                _ => {}
            }
        }
        match hit {
            Some((end, cc, key)) => {
                let count = seen.entry(key).or_default();
                *count += 1;
                if *count <= MAX_PER_CUE {
                    *out.entry(cc).or_default() += WEIGHT;
                }
                i = end;
            }
            None => i += 1,
        }
    }
    out
}
