//! Document-level admin-chain coherence: a reading of a name gains support
//! from the other names of the document that lie in the same admin units.
//!
//! Local news names a town and its county or state in different sentences
//! ("Paris ... Henry County deputies ..."): the Paris in Henry County,
//! Tennessee is the one both names agree on, not the capital of France; a
//! "Georgia" named beside Atlanta and Clayton County is the US state. Support
//! is counted per distinct other name (repeating a name adds nothing), by
//! how likely the other name's reading is (Jackson, Madison and Clarke
//! counties share many states). Sharing a county is rarer by chance than
//! sharing a state, so it weighs more; and a state supports a town of its
//! own in proportion to how much the document is about that state: a report
//! that lists Texas, Ohio and Wisconsin says little of a Glasgow in Ohio.

use rustc_hash::FxHashMap;

use crate::gazetteer::{importance, Entry, Gazetteer, Kind};

/// Bonus for each other name with a reading in the same county (admin2).
const SAME_ADMIN2: f32 = 5.0;
/// Bonus for each other name with a reading in the same state (admin1), for
/// an admin1 reading (the state holds the other name's place).
const HOLDS: f32 = 3.0;
/// Bonus for each admin unit of the same state, for a town or county (divided
/// by the number of states the document names).
const SAME_ADMIN1: f32 = 2.5;
/// Caps on the bonuses.
const MAX_ADMIN2: f32 = 8.0;
const MAX_HOLDS: f32 = 6.0;
const MAX_SAME_ADMIN1: f32 = 4.0;
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

/// Supporters of one unit: the best weight of each distinct name.
type Support<'a> = FxHashMap<&'a str, f32>;

fn add<'a>(s: &mut Support<'a>, key: &'a str, w: f32) {
    let v = s.entry(key).or_default();
    *v = v.max(w);
}

/// Sum of the weights of the supporters other than `key`.
fn others(s: Option<&Support<'_>>, key: &str) -> f32 {
    s.map_or(0.0, |s| {
        s.iter().filter(|(k, _)| **k != key).map(|(_, w)| *w).sum()
    })
}

/// Per name, per reading (same order as its `ids`): the support bonus.
pub(crate) fn support(g: &Gazetteer, names: &[Name<'_>]) -> Vec<Vec<f32>> {
    // (country, admin1) -> supporters from any reading, weighted by likelihood
    let mut a1: FxHashMap<(&str, &str), Support<'_>> = FxHashMap::default();
    // the same, from admin-unit readings only (a county or state beside a
    // town supports it; another town of the same state says little)
    let mut a1_units: FxHashMap<(&str, &str), Support<'_>> = FxHashMap::default();
    // (country, admin1, admin2) -> supporters
    let mut a2: FxHashMap<(&str, &str, &str), Support<'_>> = FxHashMap::default();
    // names whose most likely reading is a state
    let mut states: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
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
            let unit = (e.country, e.admin1);
            // (a state is held up, and holds up a town, only through likely
            // readings: the Glasgow GeoNames also lists in Texas does not make
            // "Texas" surer, nor does Ohio County, Kentucky make a Glasgow
            // in Kentucky likelier)
            if w >= MINOR {
                add(a1.entry(unit).or_default(), n.key, w);
                if e.kind.is_admin() {
                    add(a1_units.entry(unit).or_default(), n.key, w);
                }
            }
            if e.kind == Kind::Admin1 && w >= 1.0 {
                states.insert(n.key);
            }
            if e.kind != Kind::Admin1 && !e.admin2.is_empty() {
                let county = (e.country, e.admin1, e.admin2);
                add(a2.entry(county).or_default(), n.key, w);
            }
        }
    }
    let spread = states.len().max(1) as f32;
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
                    let unit = (e.country, e.admin1);
                    if e.kind == Kind::Admin1 {
                        return (HOLDS * others(a1.get(&unit), n.key)).min(MAX_HOLDS);
                    }
                    let s1 = others(a1_units.get(&unit), n.key) / spread;
                    let s2 = if e.admin2.is_empty() {
                        0.0
                    } else {
                        let county = (e.country, e.admin1, e.admin2);
                        others(a2.get(&county), n.key)
                    };
                    (SAME_ADMIN2 * s2).min(MAX_ADMIN2) + (SAME_ADMIN1 * s1).min(MAX_SAME_ADMIN1)
                })
                .collect()
        })
        .collect()
}
