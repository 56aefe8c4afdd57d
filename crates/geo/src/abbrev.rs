//! Abbreviated first-level units written after a town ("Harrisburg, Pa.",
//! "Newark, N.J.", "London, Ont."), from `data/gazetteer/admin_abbreviations.tsv`.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::fold::Tokens;
use crate::gazetteer::Gazetteer;

const TABLE: &str = include_str!("../../../data/gazetteer/admin_abbreviations.tsv");

/// Folded abbreviation without dots ("pa", "nj", "wva") -> (country, admin1 code).
fn table() -> &'static FxHashMap<String, (&'static str, &'static str)> {
    static T: OnceLock<FxHashMap<String, (&'static str, &'static str)>> = OnceLock::new();
    T.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let (abbr, cc, a1) = (f.next()?, f.next()?, f.next()?);
                Some((key_of(abbr), (cc.trim(), a1.trim())))
            })
            .collect()
    })
}

fn key_of(written: &str) -> String {
    written
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The admin1 entry a written abbreviation ("Pa.", "N.J.") stands for.
pub(crate) fn admin1_of_written(g: &Gazetteer, written: &str) -> Option<u32> {
    if !written.trim_end().ends_with('.') {
        return None;
    }
    let &(cc, a1) = table().get(&key_of(written))?;
    g.find_admin1(cc, a1)
}

/// An abbreviation starting at token `i`: its token end and admin1 entry.
/// Each token is capitalised and followed by a dot, and the dotted tokens are
/// glued together ("N.J." is two tokens).
pub(crate) fn at(g: &Gazetteer, text: &str, toks: &Tokens, i: usize) -> Option<(usize, u32)> {
    let t = &toks.toks;
    if i >= t.len() || !t[i].cap || t[i].next != b'.' {
        return None;
    }
    let mut end = i + 1;
    while end < t.len()
        && end - i < 3
        && t[end].b0 == t[end - 1].b1 + 1
        && t[end].next == b'.'
        && t[end].cap
    {
        end += 1;
    }
    // longest first: "W.Va." before "W."
    (i + 1..=end).rev().find_map(|e| {
        let written = &text[t[i].b0 as usize..t[e - 1].b1 as usize + 1];
        admin1_of_written(g, written).map(|x| (e, x))
    })
}
