//! Text folding for matching: accents stripped, typographic apostrophes, dashes and
//! spaces unified, with a map back to the original byte offsets.
//!
//! Every original character folds to exactly one character, and the case-preserving
//! and the lower-cased folds have the same byte length, so one offset map serves both.

use unicode_normalization::UnicodeNormalization;

/// Fold one character: `(case-preserving, lower-case)`, both of the same UTF-8 length.
pub(crate) fn fold_char(c: char) -> (char, char) {
    if c.is_ascii() {
        return (c, c.to_ascii_lowercase());
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02B9}' | '\u{00B4}' | '\u{2032}'
        | '\u{02BE}' | '\u{02BF}' => return ('\'', '\''),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
            return ('-', '-')
        }
        '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\u{2002}' | '\u{2003}' => {
            return (' ', ' ')
        }
        _ => {}
    }
    if c.is_alphabetic() {
        if let Some(base) = std::iter::once(c).nfd().next() {
            if base.is_ascii() {
                return (base, base.to_ascii_lowercase());
            }
        }
        let mut low = c.to_lowercase();
        if let (Some(l), None) = (low.next(), low.next()) {
            if l.len_utf8() == c.len_utf8() {
                return (c, l);
            }
        }
    }
    (c, c)
}

/// Lower-case fold of a whole string (for patterns and lookups).
pub(crate) fn fold_lower(s: &str) -> String {
    s.chars().map(|c| fold_char(c).1).collect()
}

/// Case-preserving fold of a whole string.
pub(crate) fn fold_case(s: &str) -> String {
    s.chars().map(|c| fold_char(c).0).collect()
}

/// A folded copy of a text with a byte-offset map back to the original.
pub(crate) struct Folded {
    /// Case-preserving fold.
    pub case: String,
    /// Lower-case fold (same byte length as `case`).
    pub lower: String,
    /// `map[i]` = original byte offset of the character that folded byte `i` belongs to;
    /// `map[len]` = original length.
    map: Vec<u32>,
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        let mut case = String::with_capacity(text.len());
        let mut lower = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len() + 1);
        for (b, c) in text.char_indices() {
            let (fc, fl) = fold_char(c);
            case.push(fc);
            lower.push(fl);
            for _ in 0..fc.len_utf8() {
                map.push(b as u32);
            }
        }
        map.push(text.len() as u32);
        Folded { case, lower, map }
    }

    /// Original byte offset of folded byte offset `i` (a character boundary).
    pub fn orig(&self, i: usize) -> usize {
        self.map
            .get(i)
            .copied()
            .unwrap_or(*self.map.last().unwrap_or(&0)) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_apostrophes_and_keeps_offsets() {
        let t = "l’armée “malienne” — Ségou";
        let f = Folded::new(t);
        assert_eq!(f.lower, "l'armee “malienne” - segou");
        assert_eq!(f.case.len(), f.lower.len());
        let i = f.lower.find("segou").unwrap();
        assert_eq!(&t[f.orig(i)..f.orig(f.lower.len())], "Ségou");
        assert_eq!(fold_case("Séléka"), "Seleka");
        assert_eq!(fold_lower("ÉTAT"), "etat");
    }
}
