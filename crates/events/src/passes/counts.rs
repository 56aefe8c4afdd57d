//! Pass 4, counts: how many were killed, injured, abducted and arrested.
//!
//! The sentence's casualty counts (`Ctx::counts`) are found once when the
//! context is built ([`Sent::counts`]: a casualty word and the figure on its
//! left or right, or a coordinated victim phrase). [`attach`] gives each count
//! to the nearest group whose family accepts its kind, takes a figure from a
//! victim phrase when no count did, and records an explicit "no one was
//! hurt". Reads the counts, groups, roles and the zero cue; changes only the
//! draft's four counts.

use super::{Ctx, Draft};
use crate::lexicon::{Casualty, Cue, Lexicon};
use crate::sentence::Sent;
use crate::tokens::Kind;

/// A casualty count found in the sentence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Count {
    pub kind: Casualty,
    pub value: u32,
    /// Token of the casualty word.
    pub pos: usize,
}

/// The draft's killed, injured, abducted and arrested figures.
pub(crate) fn attach(cx: &Ctx, d: &mut Draft) {
    let sent = cx.sent;
    let g = &cx.groups[d.gi];
    let mut killed: Option<u32> = None;
    let mut injured: Option<u32> = None;
    let mut abducted: Option<u32> = None;
    let mut arrested: Option<u32> = None;
    let mut shot: Option<u32> = None;
    // casualties: counts nearest to this group's triggers
    for c in &cx.counts {
        let nearest = cx
            .groups
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
        if nearest != Some(d.gi) {
            continue;
        }
        let slot = match c.kind {
            Casualty::Killed => &mut killed,
            Casualty::Injured => &mut injured,
            Casualty::Abducted => &mut abducted,
            Casualty::Arrested => &mut arrested,
            Casualty::Shot => &mut shot,
        };
        // conflicting figures: the lowest
        *slot = Some(slot.map_or(c.value, |v| v.min(c.value)));
    }
    // a figure in the victim phrase: "Eleven civilians, among them three children, were killed"
    let killer = d
        .classes
        .iter()
        .any(|c| matches!(*c, "kill" | "massacre" | "execute" | "assassinate"));
    if killed.is_none() && killer {
        killed = victim_count(cx, &d.ordered);
    }
    if g.family == "abduction" && abducted.is_none() {
        abducted = victim_count(cx, &d.ordered);
    }
    if g.family == "arrest" && arrested.is_none() {
        arrested = victim_count(cx, &d.ordered);
    }
    if cx.zero && matches!(g.family.as_str(), "violence" | "demonstration") {
        killed = killed.or(Some(0));
        if (0..cx.n).any(|k| cx.lx.words.injury_word.contains(sent.tok(k))) {
            injured = injured.or(Some(0));
        }
    }
    // "shot ... and pronounced dead": a death word with no figure of its own
    // makes the people shot the dead
    if killed.is_none() && shot.is_some() && bare_death_word(cx) {
        killed = shot;
    }
    // people shot who did not die were injured
    if let Some(s) = shot {
        let k = killed.unwrap_or(0);
        if injured.is_none() && s > k {
            injured = Some(s - k);
        }
    }
    d.killed = killed;
    d.injured = injured;
    d.abducted = abducted;
    d.arrested = arrested;
}

/// A death word in the sentence that took no figure ("pronounced dead").
fn bare_death_word(cx: &Ctx) -> bool {
    let sent = cx.sent;
    (0..cx.n).any(|k| {
        cx.lx
            .casualties
            .longest(&sent.toks, k)
            .is_some_and(|(_, kinds)| *kinds[0] == Casualty::Killed)
            && !cx.counts.iter().any(|c| c.pos == k)
    })
}

/// Which event families a casualty kind can belong to.
pub(crate) fn accepts(family: &str, kind: Casualty) -> bool {
    match kind {
        Casualty::Killed | Casualty::Injured | Casualty::Shot => matches!(
            family,
            "violence" | "demonstration" | "abduction" | "property"
        ),
        Casualty::Abducted => matches!(family, "abduction" | "capture" | "violence"),
        Casualty::Arrested => matches!(family, "arrest" | "capture" | "demonstration"),
    }
}

/// A singular or counted victim phrase of the group's kill/abduct/arrest triggers.
fn victim_count(cx: &Ctx, hits: &[usize]) -> Option<u32> {
    let (sent, roles) = (cx.sent, &cx.roles);
    for &k in hits {
        let h = &sent.hits[k];
        let Some(t) = roles[k].target else { continue };
        let np = &sent.nps[t];
        // a number right before the phrase
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
            && (h.i.saturating_sub(3)..h.i).any(|j| cx.lx.words.singular_aux.contains(sent.tok(j)));
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

impl Sent<'_> {
    /// Numbers: digits, number words, compounds ("twenty-five", "vingt-cinq"),
    /// multipliers ("two hundred"), ranges ("10 to 15" → 10). None for dates and measures.
    pub(crate) fn number_at(&self, k: usize) -> Option<u32> {
        let lx = Lexicon::get();
        let w = &lx.words;
        let t = self.toks.get(k)?;
        let l = t.lower.as_str();
        let mut v: u32 = if t.kind == Kind::Num {
            // an age, ordinal or decade ("17-year-old", "3rd", "1990s") is no count
            if l.chars().any(|c| c.is_alphabetic()) {
                return None;
            }
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
        if w.one.contains(l) && w.one_then.contains(self.tok(k + 1)) {
            return Some(1);
        }
        if w.singular_det.contains(l) {
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
        if w.measure.contains(next) || w.measure.contains(next.trim_start_matches(['-', '–'])) {
            return None;
        }
        if w.not_count_before.contains(prev) {
            return None;
        }
        if w.multiplier.contains(next) {
            if let Some(m) = lx.numbers.get(next) {
                v = v.saturating_mul(*m);
            }
        }
        if w.dozen.contains(next) {
            v = v.saturating_mul(12);
        }
        // ranges: lowest figure ("between 7 and 10", "7 to 10")
        if k >= 2
            && (w.range.contains(prev)
                || (w.range_and.contains(prev) && k >= 3 && w.between.contains(self.tok(k - 3))))
        {
            if let Some(x) = self.toks.get(k - 2) {
                if x.kind == Kind::Num {
                    if let Ok(x) = x.lower.replace(',', "").parse::<u32>() {
                        v = v.min(x);
                    }
                }
            }
        }
        if w.range.contains(next) {
            if let Some(x) = self.toks.get(k + 2) {
                if x.kind == Kind::Num {
                    if let Ok(x) = x.lower.replace(',', "").parse::<u32>() {
                        v = v.min(x);
                    }
                }
            }
        }
        Some(v)
    }

    /// An age token: "17-year-old" (one token or a figure and its suffix).
    pub(crate) fn is_age(&self, k: usize) -> bool {
        let w = &Lexicon::get().words;
        let l = self.tok(k);
        w.age_suffix
            .iter()
            .any(|s| l.ends_with(s) && l.len() > s.len() && l.as_bytes()[0].is_ascii_digit())
    }

    /// A coordination of counted phrases starting at `k`: "10 soldiers and 19
    /// suspected cartel members", "the imam and 14 worshippers", "Five Chinese
    /// engineers and their Pakistani driver". Returns the sum and the end token.
    fn chain(&self, mut k: usize) -> Option<(u32, usize)> {
        let lx = Lexicon::get();
        let w = &lx.words;
        let n = self.toks.len();
        let mut total = 0u32;
        let mut found = false;
        let mut end = k;
        loop {
            while k < n && w.approximator.contains(self.tok(k)) {
                k += 1;
            }
            if k >= n {
                break;
            }
            // a bare range "10 et 15 morts", "seven and ten people": the lower figure
            if let (Some(a), true, Some(b)) = (
                self.number_at(k),
                w.bare_range.contains(self.tok(k + 1)),
                self.number_at(k + 2),
            ) {
                total = total.saturating_add(a.min(b));
                found = true;
                k += 3;
            } else if let Some(v) = self.number_at(k) {
                total = total.saturating_add(v);
                found = true;
                k += 1;
            } else if w.victim_det.contains(self.tok(k)) {
                // a determiner and a singular person head within three words
                let mut j = k + 1;
                let mut hit = None;
                while j < n && j <= k + 3 {
                    // an age: "a 17-year-old", "an 8-month-old boy"
                    if self.is_age(j) {
                        let after = j + 1;
                        hit = Some(if lx.heads.longest(&self.toks, after).is_some() {
                            after + 1
                        } else {
                            after
                        });
                        break;
                    }
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
            let mut words = 0;
            while k < n
                && words < 5
                && self.toks[k].kind == Kind::Word
                && !w.victim_phrase_end.contains(self.tok(k))
                && !crate::sentence::PREPS.contains(&self.tok(k))
                && lx.casualties.longest(&self.toks, k).is_none()
            {
                k += 1;
                words += 1;
            }
            end = k;
            // an apposition: ", among them three children,"
            if self.tok(k) == "," && w.apposition.contains(self.tok(k + 1)) {
                let mut j = k + 1;
                while j < n && self.tok(j) != "," {
                    j += 1;
                }
                k = j + 1;
                end = k;
                continue;
            }
            if w.coordinator.contains(self.tok(k)) {
                k += 1;
                continue;
            }
            break;
        }
        found.then_some((total, end))
    }

    /// Casualty counts in the sentence.
    pub(crate) fn counts(&self) -> Vec<Count> {
        let lx = Lexicon::get();
        let w = &lx.words;
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
                while w.after_active.contains(self.tok(j)) {
                    j += 1;
                }
                chained = self.chain(j).map(|(v, _)| v);
            } else {
                let mut e = i;
                while e > 0 && w.before_passive.contains(self.tok(e - 1)) {
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
                    if w.toll_gap.contains(self.tok(j)) {
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

#[cfg(test)]
mod tests {
    use super::super::testing::with_ctx;
    use super::*;

    fn numbers(text: &str) -> Vec<Option<u32>> {
        with_ctx(text, |cx| (0..cx.n).map(|k| cx.sent.number_at(k)).collect())
    }

    #[test]
    fn numbers_skip_dates_measures_and_take_the_lower_figure() {
        let v = numbers("Between 7 and 10 soldiers died 20 km from Gao on 3 March 2023.");
        assert_eq!(v[1], Some(7));
        assert_eq!(v[3], Some(7));
        assert_eq!(v[6], None, "a distance");
        assert_eq!(v[11], None, "a day");
        assert_eq!(v[13], None, "a year");
        let v = numbers("Two hundred people were killed.");
        assert_eq!(v[0], Some(200));
    }

    #[test]
    fn counts_left_right_and_chained() {
        let kinds = |text: &str| {
            with_ctx(text, |cx| {
                cx.counts
                    .iter()
                    .map(|c| (c.kind, c.value))
                    .collect::<Vec<_>>()
            })
        };
        let c = kinds("Gunmen attacked the village, killing at least six and wounding two.");
        assert!(
            matches!(c[..], [(Casualty::Killed, 6), (Casualty::Injured, 2)]),
            "{c:?}"
        );
        let c = kinds("Ten soldiers and 19 militants were killed in the clash.");
        assert!(matches!(c[..], [(Casualty::Killed, 29)]), "{c:?}");
    }

    #[test]
    fn casualty_kinds_go_to_accepting_families() {
        assert!(accepts("violence", Casualty::Killed));
        assert!(!accepts("arrest", Casualty::Killed));
        assert!(accepts("demonstration", Casualty::Arrested));
    }

    #[test]
    fn zero_casualties_are_recorded() {
        let text = "Two grenades were thrown at a police station, causing no casualties, and none were injured.";
        with_ctx(text, |cx| {
            assert!(cx.zero);
            let mut d = super::super::roles::pick(cx, 0);
            attach(cx, &mut d);
            assert_eq!((d.killed, d.injured), (Some(0), Some(0)));
        });
    }
}
