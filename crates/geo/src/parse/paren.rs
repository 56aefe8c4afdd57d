//! Parenthesised container chains, the way ACLED and local reports write a
//! village: "the village of Seme (Toeni, Sourou)", "Moura (Dedougou,
//! Mouhoun)", "Kani (Bandiagara)". The names in brackets are the commune and
//! the province holding the name before them, innermost first; the chain is
//! resolved as a whole ([`super::resolve`] walks a container that is itself
//! unknown up to the next known one), so an unknown village sits in its
//! commune or province, never at a same-named town of another country.

use std::ops::Range;

use super::{Cand, Ctx, MentionKind};
use crate::gazetteer::Kind;

/// Most names in one bracket ("(Toeni, Sourou, Boucle du Mouhoun)").
const MAX_GROUPS: usize = 3;
/// Most words in one name of the chain.
const MAX_WORDS: usize = 4;

/// The token ranges of "X (A, B)": X, then the names in the bracket.
fn chain_at(cx: &Ctx<'_>, cands: &[Cand], x: usize) -> Option<Vec<Range<usize>>> {
    let toks = &cx.toks.toks;
    let t = toks[x];
    if !t.cap || t.allcaps {
        return None;
    }
    let rest = cx.text.get(t.b1 as usize..)?;
    if !rest.trim_start_matches(' ').starts_with('(') {
        return None;
    }
    // X: the mention ending at x, else the capitalised run ending there
    // (no locative or common word: "In Seme (...)" is Seme)
    let word = |j: usize| {
        toks[j].cap && !cx.cues.locative.contains(cx.k(j)) && !cx.cues.common.contains(cx.k(j))
    };
    let mut x0 = match cands.iter().rev().find(|c| c.t1 == x + 1) {
        Some(c) => c.t0,
        None if word(x) => x,
        None => return None,
    };
    // a hyphenated prefix is part of the name ("In-Tillit", "Tin-Akoff")
    while x0 > 0
        && toks[x0 - 1].next == b'-'
        && toks[x0 - 1].b1 + 1 == toks[x0].b0
        && toks[x0 - 1].cap
    {
        x0 -= 1;
    }
    while x0 > 0
        && x - x0 + 1 < MAX_WORDS
        && word(x0 - 1)
        && matches!(toks[x0 - 1].next, b' ' | b'-')
        && !toks[x0].sent_start
        && !cands.iter().any(|c| c.t1 == x + 1)
    {
        x0 -= 1;
    }
    let mut groups: Vec<Range<usize>> = Vec::with_capacity(MAX_GROUPS + 1);
    groups.push(x0..x + 1);
    let mut start = x + 1;
    let mut j = x + 1;
    loop {
        let tok = toks.get(j)?;
        // capitalised words, and the lower-case joints of names ("Fada N'Gourma", "Tillabéri")
        if !tok.cap && !super::is_function_word(cx.k(j)) || j + 1 - start > MAX_WORDS {
            return None;
        }
        match tok.next {
            b',' => {
                groups.push(start..j + 1);
                start = j + 1;
            }
            b')' => {
                groups.push(start..j + 1);
                break;
            }
            b' ' | b'-' | b'\'' | 0xFF => {}
            _ => return None,
        }
        j += 1;
    }
    (groups.len() >= 2 && groups.len() <= MAX_GROUPS + 1).then_some(groups)
}

/// Whether the bracket ends with a known admin unit below the country (the
/// province, the cercle) and holds no acronym: "(AFP)", "(UN)", "(FDA)" or a
/// rider's "(Club, Belgium)" never make a chain.
fn anchored(cx: &Ctx<'_>, groups: &[Range<usize>]) -> bool {
    let toks = &cx.toks.toks;
    // (or spelt as a word: "Treatment Action Campaign (Tac)")
    let initials: String = toks[groups[0].clone()]
        .iter()
        .filter_map(|t| cx.text[t.b0 as usize..].chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    let acronym = groups[1..]
        .iter()
        .any(|r| toks[r.clone()].iter().any(|t| t.allcaps))
        || groups.len() == 2
            && groups[0].len() >= 2
            && cx.phrase(groups[1].start, groups[1].end) == initials;
    let Some(last) = groups.last() else {
        return false;
    };
    let mut ids = Vec::new();
    cx.g.ids_for_key(&cx.phrase(last.start, last.end), &mut ids);
    !acronym
        && ids.iter().any(|&i| {
            matches!(
                cx.g.entry(i).kind,
                Kind::Admin1 | Kind::Admin2 | Kind::AdminOther
            )
        })
}

/// Find the chains, add the names of a chain that recognition left out, and
/// link each name to the next one as its container.
pub(super) fn link_parenthesised(cx: &Ctx<'_>, cands: &mut Vec<Cand>) {
    let n = cx.toks.toks.len();
    let mut chains = Vec::new();
    let mut x = 0;
    while x < n {
        match chain_at(cx, cands, x).filter(|g| anchored(cx, g)) {
            Some(groups) => {
                x = groups.last().map_or(x + 1, |r| r.end);
                chains.push(groups);
            }
            None => x += 1,
        }
    }
    if chains.is_empty() {
        return;
    }
    let overlaps = |c: &Cand, r: &Range<usize>| c.t0 < r.end && r.start < c.t1;
    for groups in &chains {
        for r in groups {
            if cands.iter().any(|c| c.t0 == r.start && c.t1 == r.end) {
                continue;
            }
            // a longer or shorter reading of the same words gives way to the chain's
            cands.retain(|c| !overlaps(c, r));
            let key = cx.phrase(r.start, r.end);
            let mut ids = Vec::new();
            cx.g.ids_for_key(&key, &mut ids);
            let mut c = Cand {
                t0: r.start,
                t1: r.end,
                kind: MentionKind::Toponym,
                qualifier: None,
                ids,
                admin_hint: false,
                hint_word: String::new(),
                container: None,
                district_of: false,
                demonym_entry: None,
                key,
                town_hint: None,
            };
            super::qualify(cx, &mut c);
            cands.push(c);
        }
    }
    // back in text order; containers are indices, so they are linked again
    for c in cands.iter_mut() {
        c.container = None;
    }
    cands.sort_by_key(|c| c.t0);
    super::link_containers(cx, cands);
    for groups in &chains {
        let idx: Vec<Option<usize>> = groups
            .iter()
            .map(|r| cands.iter().position(|c| c.t0 == r.start && c.t1 == r.end))
            .collect();
        // the names in the bracket say where the first one is: reference
        // points, never the event's place themselves ("Kara (Titao, Loroum)"
        // happened in Kara, at Titao's point when Kara is unknown)
        for b in idx.iter().skip(1).flatten() {
            if cands[*b].qualifier.is_none() {
                cands[*b].qualifier = Some("container");
            }
        }
        for w in idx.windows(2) {
            if let [Some(a), Some(b)] = *w {
                cands[a].container = Some(b);
                // (the commune may be named by its seat, a town: it holds the village)
                cands[a].district_of = true;
            }
        }
    }
}
