//! Name folding and tokenisation shared by the gazetteer and the recogniser.
//!
//! A name's *key* is its words, lower-cased, stripped of accents, joined by
//! single spaces: "Côte d'Ivoire" → `cote d ivoire`, "N'Djamena" →
//! `n djamena`, "Porto-Novo" → `porto novo`. Text is tokenised the same way,
//! so a run of tokens can be looked up by joining their folded forms.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Push the folded form of `c` (lower case, no accents) onto `out`.
/// Returns false when `c` is not part of a word (it separates words).
#[inline]
pub fn fold_char(c: char, out: &mut String) -> bool {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            return true;
        }
        return false;
    }
    if !c.is_alphanumeric() {
        return is_combining_mark(c);
    }
    match c {
        'ß' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
        'ł' | 'Ł' => out.push('l'),
        'ı' => out.push('i'),
        'þ' | 'Þ' => out.push_str("th"),
        'ɲ' | 'Ɲ' => out.push('n'),
        'ɛ' | 'Ɛ' => out.push('e'),
        'ɔ' | 'Ɔ' => out.push('o'),
        _ => {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    for l in d.to_lowercase() {
                        out.push(l);
                    }
                }
            });
        }
    }
    true
}

/// The lookup key of a name: folded words joined by single spaces.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut tmp = String::new();
    let mut sep = false;
    for c in name.chars() {
        tmp.clear();
        if fold_char(c, &mut tmp) {
            if tmp.is_empty() {
                continue;
            }
            if sep && !out.is_empty() {
                out.push(' ');
            }
            sep = false;
            out.push_str(&tmp);
        } else {
            sep = true;
        }
    }
    out
}

/// A word token of the text being parsed.
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    /// Byte range in the text.
    pub b0: u32,
    pub b1: u32,
    /// Code point range in the text.
    pub c0: u32,
    pub c1: u32,
    /// Range of the folded form in [`Tokens::folded`].
    pub f0: u32,
    pub f1: u32,
    /// First letter upper case.
    pub cap: bool,
    /// Every letter upper case (and at least one letter).
    pub allcaps: bool,
    /// Contains a digit.
    pub digit: bool,
    /// Byte of the separator right after the token (b' ' when whitespace,
    /// 0 at end of text, the ASCII char, or 0xFF for other non-ASCII).
    pub next: u8,
    /// Whether a sentence boundary (., !, ?, newline) lies between the
    /// previous token and this one, or it is the first token.
    pub sent_start: bool,
}

/// The tokens of a text with their folded forms in one buffer.
#[derive(Debug, Default)]
pub struct Tokens {
    pub toks: Vec<Tok>,
    pub folded: String,
}

impl Tokens {
    /// The folded form of a token of this text.
    pub fn key_of(&self, t: &Tok) -> &str {
        &self.folded[t.f0 as usize..t.f1 as usize]
    }

    pub fn key(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.folded[t.f0 as usize..t.f1 as usize]
    }
}

/// Split `text` into word tokens (letters and digits; apostrophes, hyphens,
/// periods and everything else separate words).
pub fn tokenize(text: &str) -> Tokens {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut folded = String::with_capacity(text.len() + 16);
    let mut cp: u32 = 0;
    let mut in_tok = false;
    let mut cur = Tok {
        b0: 0,
        b1: 0,
        c0: 0,
        c1: 0,
        f0: 0,
        f1: 0,
        cap: false,
        allcaps: true,
        digit: false,
        next: 0,
        sent_start: true,
    };
    let mut boundary = true;
    let mut has_lower = false;
    let mut has_alpha = false;
    for (b, c) in text.char_indices() {
        let mark = folded.len();
        let word = fold_char(c, &mut folded);
        if word {
            if !in_tok {
                in_tok = true;
                cur = Tok {
                    b0: b as u32,
                    b1: 0,
                    c0: cp,
                    c1: 0,
                    f0: mark as u32,
                    f1: 0,
                    cap: c.is_uppercase(),
                    allcaps: false,
                    digit: false,
                    next: 0,
                    sent_start: boundary,
                };
                boundary = false;
                has_lower = false;
                has_alpha = false;
            }
            if c.is_alphabetic() {
                has_alpha = true;
                if c.is_lowercase() {
                    has_lower = true;
                }
            } else if c.is_numeric() {
                cur.digit = true;
            }
        } else {
            folded.truncate(mark);
            if in_tok {
                in_tok = false;
                cur.b1 = b as u32;
                cur.c1 = cp;
                cur.f1 = folded.len() as u32;
                cur.allcaps = has_alpha && !has_lower;
                cur.next = if c.is_whitespace() {
                    b' '
                } else if c.is_ascii() {
                    c as u8
                } else {
                    0xFF
                };
                toks.push(cur);
            }
            if matches!(
                c,
                '.' | '!' | '?' | '\n' | ';' | ':' | '"' | '“' | '”' | '(' | '«'
            ) {
                boundary = true;
            }
        }
        cp += 1;
    }
    if in_tok {
        cur.b1 = text.len() as u32;
        cur.c1 = cp;
        cur.f1 = folded.len() as u32;
        cur.allcaps = has_alpha && !has_lower;
        cur.next = 0;
        toks.push(cur);
    }
    Tokens { toks, folded }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_names() {
        assert_eq!(fold("Ségou"), "segou");
        assert_eq!(fold("Tillabéri"), "tillaberi");
        assert_eq!(fold("Côte d'Ivoire"), "cote d ivoire");
        assert_eq!(fold("  Porto-Novo "), "porto novo");
        assert_eq!(fold("N’Djaména"), "n djamena");
        assert_eq!(fold("U.S."), "u s");
        assert_eq!(fold("Ɲɔnɔ"), "nono");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn tokenizes_with_offsets() {
        let t = tokenize("À Ségou, l'armée. Mopti");
        let keys: Vec<&str> = (0..t.toks.len()).map(|i| t.key(i)).collect();
        assert_eq!(keys, ["a", "segou", "l", "armee", "mopti"]);
        assert_eq!((t.toks[1].c0, t.toks[1].c1), (2, 7));
        assert!(t.toks[1].cap && !t.toks[1].sent_start);
        assert!(t.toks[4].sent_start);
        assert_eq!(t.toks[1].next, b',');
    }
}
