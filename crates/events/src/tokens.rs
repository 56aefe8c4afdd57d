//! A small tokenizer for event extraction: words, numbers and punctuation with
//! byte offsets, lower-cased forms, English clitics ("'s", "n't") and French
//! elisions ("l'", "d'", "qu'") split off.

/// Token kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Num,
    Punct,
}

/// A token with byte offsets into the text it was cut from.
#[derive(Debug, Clone)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    /// Lower-cased, apostrophes normalised to `'`.
    pub lower: String,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// All letters upper case and at least two of them (acronyms: JNIM, FAMa is not).
    pub acronym: bool,
    pub kind: Kind,
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '’' || c == 'ʼ'
}

const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

fn push(out: &mut Vec<Tok>, text: &str, start: usize, end: usize, base: usize) {
    if start >= end {
        return;
    }
    let s = &text[start..end];
    let mut lower = String::with_capacity(s.len());
    for c in s.chars() {
        if is_apos(c) {
            lower.push('\'');
        } else {
            lower.extend(c.to_lowercase());
        }
    }
    let first = s.chars().next().unwrap_or(' ');
    let kind = if first.is_ascii_digit() {
        Kind::Num
    } else if first.is_alphanumeric() || is_apos(first) {
        Kind::Word
    } else {
        Kind::Punct
    };
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let acronym = letters >= 2
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase());
    out.push(Tok {
        start: base + start,
        end: base + end,
        lower,
        cap: first.is_uppercase(),
        acronym,
        kind,
    });
}

/// Split one word (no spaces, no outer punctuation) into tokens, handling clitics.
fn push_word(out: &mut Vec<Tok>, text: &str, start: usize, end: usize, base: usize) {
    let w = &text[start..end];
    // French elision: l'armée -> l' + armée
    if let Some((i, c)) = w.char_indices().find(|&(_, c)| is_apos(c)) {
        let head = &w[..i];
        let after = i + c.len_utf8();
        if after < w.len() && ELISIONS.iter().any(|e| head.eq_ignore_ascii_case(e)) {
            push(out, text, start, start + after, base);
            push_word(out, text, start + after, end, base);
            return;
        }
        // English possessive / clitics: JNIM's, didn't
        let tail = &w[i..];
        let tail_l: String = tail.chars().skip(1).collect::<String>().to_lowercase();
        if tail_l == "s" || tail_l.is_empty() {
            push(out, text, start, start + i, base);
            push(out, text, start + i, end, base);
            return;
        }
        if tail_l == "t" && head.to_lowercase().ends_with('n') && head.len() > 1 {
            let n = head.len() - 1;
            push(out, text, start, start + n, base);
            push(out, text, start + n, end, base);
            return;
        }
    }
    push(out, text, start, end, base);
}

/// Tokenize `text`; offsets are `base + byte offset in text`.
pub fn tokenize(text: &str, base: usize) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5 + 4);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            // a word: letters/digits with inner hyphens, apostrophes, and digit separators
            let mut j = i + 1;
            while j < n {
                let cj = chars[j].1;
                if cj.is_alphanumeric() {
                    j += 1;
                    continue;
                }
                let next_alnum = j + 1 < n && chars[j + 1].1.is_alphanumeric();
                if (cj == '-' || is_apos(cj)) && next_alnum {
                    j += 1;
                    continue;
                }
                if (cj == ',' || cj == '.')
                    && next_alnum
                    && chars[j - 1].1.is_ascii_digit()
                    && chars[j + 1].1.is_ascii_digit()
                {
                    j += 1;
                    continue;
                }
                // trailing apostrophe (soldiers')
                if is_apos(cj) && !next_alnum && chars[j - 1].1 == 's' {
                    j += 1;
                }
                break;
            }
            let e = if j < n { chars[j].0 } else { text.len() };
            push_word(&mut out, text, b, e, base);
            i = j;
        } else {
            let e = if i + 1 < n {
                chars[i + 1].0
            } else {
                text.len()
            };
            push(&mut out, text, b, e, base);
            i += 1;
        }
    }
    out
}

/// Lower-cased token forms of a lexicon phrase.
pub fn phrase_tokens(phrase: &str) -> Vec<String> {
    tokenize(phrase, 0).into_iter().map(|t| t.lower).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(s: &str) -> Vec<String> {
        tokenize(s, 0).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn clitics_and_elisions() {
        assert_eq!(forms("JNIM’s attack"), ["jnim", "'s", "attack"]);
        assert_eq!(forms("l'armée malienne"), ["l'", "armée", "malienne"]);
        assert_eq!(forms("they didn't go"), ["they", "did", "n't", "go"]);
        assert_eq!(
            forms("qu'il a tué 1,200 civils."),
            ["qu'", "il", "a", "tué", "1,200", "civils", "."]
        );
        assert_eq!(
            forms("cessez-le-feu (Twitter/@x)"),
            ["cessez-le-feu", "(", "twitter", "/", "@", "x", ")"]
        );
    }

    #[test]
    fn offsets_are_bytes_plus_base() {
        let t = tokenize("Ségou attack", 10);
        assert_eq!(t[0].start, 10);
        assert_eq!(t[1].start, 10 + "Ségou ".len());
        assert!(t[0].cap && !t[1].cap);
        assert!(tokenize("JNIM", 0)[0].acronym);
    }
}
