//! Document-level admin-chain coherence: a reading of a name gains support
//! from the other names of the document that lie in the same admin units.
//!
//! Local news names a town and its county or state in different sentences
//! ("Paris ... Henry County deputies ..."): the Paris in Henry County,
//! Tennessee is the one both names agree on, not the capital of France; a
//! "Georgia" named beside Atlanta and Clayton County is the US state. Support
//! is counted per distinct other name (repeating a name adds nothing), and
//! sharing a county is much rarer by chance than sharing a state, so it
//! weighs more.

use rustc_hash::FxHashMap;

use crate::gazetteer::{importance, Entry, Gazetteer, Kind};

/// Bonus for each other name with a reading in the same county (admin2).
const SAME_ADMIN2: f32 = 5.0;
/// Bonus for each other name with a reading in the same state (admin1), for
/// an admin1 reading (the state holds the other name's place).
const HOLDS: f32 = 3.0;
/// Bonus for each other name with a reading in the same state, for a town or county.
const SAME_ADMIN1: f32 = 1.5;
/// Caps on the two bonuses.
const MAX_ADMIN2: f32 = 8.0;
const MAX_ADMIN1: f32 = 6.0;
/// A name with more readings than this is too common to say anything.
const MAX_READINGS: usize = 60;
/// Weight of a reading that is not its name's most important one but close
/// to it (within [`CLOSE`] of its importance), and of any other reading.
const MINOR: f32 = 0.5;
const CLOSE: f32 = 2.5;
const FAR: f32 = 0.2;

/// One name of the document: its folded key and readings.
pub(crate) struct Name<'a> {
    pub key: &'a str,
    pub ids: &'a [u32],
}

fn chainable(e: &Entry) -> bool {
    !e.country.is_empty()
        && !e.admin1.is_empty()
        && !e.admin1.contains('+')
        && matches!(
            e.kind,
            Kind::Admin1 | Kind::Admin2 | Kind::AdminOther | Kind::Capital | Kind::Place
        )
}

/// Per name, per reading (same order as its `ids`): the support bonus.
pub(crate) fn support(g: &Gazetteer, names: &[Name<'_>]) -> Vec<Vec<f32>> {
    // (country, admin1[, admin2]) -> best weight per distinct key
    let mut a1: FxHashMap<(&str, &str), FxHashMap<&str, f32>> = FxHashMap::default();
    // the same, from admin-unit readings only (a state or county named beside
    // a town supports it; another town of the same state, "Dallas" beside
    // "Santa Clara", says little)
    let mut a1_units: FxHashMap<(&str, &str), FxHashMap<&str, f32>> = FxHashMap::default();
    let mut a2: FxHashMap<(&str, &str, &str), FxHashMap<&str, f32>> = FxHashMap::default();
    for n in names {
        if n.key.is_empty() || n.ids.is_empty() || n.ids.len() > MAX_READINGS {
            continue;
        }
        let top = n
            .ids
            .iter()
            .map(|&i| importance(g.entry(i)))
            .fold(f32::NEG_INFINITY, f32::max);
        for &i in n.ids {
            let e = g.entry(i);
            if !chainable(e) {
                continue;
            }
            let w = match top - importance(e) {
                d if d <= 0.0 => 1.0,
                d if d <= CLOSE => MINOR,
                _ => FAR,
            };
            let slot = a1.entry((e.country, e.admin1)).or_default();
            let v = slot.entry(n.key).or_default();
            *v = v.max(w);
            if e.kind.is_admin() {
                let slot = a1_units.entry((e.country, e.admin1)).or_default();
                let v = slot.entry(n.key).or_default();
                *v = v.max(w);
            }
            if e.kind != Kind::Admin1 && !e.admin2.is_empty() {
                let slot = a2.entry((e.country, e.admin1, e.admin2)).or_default();
                let v = slot.entry(n.key).or_default();
                *v = v.max(w);
            }
        }
    }
    let others = |m: Option<&FxHashMap<&str, f32>>, key: &str| -> f32 {
        m.map_or(0.0, |m| {
            m.iter().filter(|(k, _)| **k != key).map(|(_, w)| *w).sum()
        })
    };
    names
        .iter()
        .map(|n| {
            n.ids
                .iter()
                .map(|&i| {
                    let e = g.entry(i);
                    if n.key.is_empty() || n.ids.len() > MAX_READINGS || !chainable(e) {
                        return 0.0;
                    }
                    if e.kind == Kind::Admin1 {
                        let s1 = others(a1.get(&(e.country, e.admin1)), n.key);
                        return (HOLDS * s1).min(MAX_ADMIN1);
                    }
                    let s1 = others(a1_units.get(&(e.country, e.admin1)), n.key);
                    let s2 = if e.admin2.is_empty() {
                        0.0
                    } else {
                        others(a2.get(&(e.country, e.admin1, e.admin2)), n.key)
                    };
                    (SAME_ADMIN2 * s2).min(MAX_ADMIN2) + (SAME_ADMIN1 * s1).min(MAX_ADMIN1 / 2.0)
                })
                .collect()
        })
        .collect()
}
