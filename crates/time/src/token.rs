//! A small, allocation-light tokenizer: words (letters, with French elided
//! articles kept as `l'`/`d'` and lexicon compounds such as `après-midi` or
//! `aujourd'hui` joined), digit runs and single punctuation characters, each
//! with its byte span, lower-cased form and lexicon readings.
use crate::lexicon::{Lex, Lexicon};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Digits,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Tok {
    /// Byte span in the text.
    pub s: usize,
    pub e: usize,
    pub kind: Kind,
    /// Lower-cased form, as a range in `Tokens::norms`.
    ns: u32,
    ne: u32,
    /// Whitespace precedes the token.
    pub space: bool,
    /// A line break precedes the token.
    pub newline: bool,
    /// First character is upper case.
    pub cap: bool,
    /// Digit value (saturating), for `Digits`.
    pub num: u32,
    pub lex: &'static [Lex],
}

/// The tokens of one text.
#[derive(Debug, Default)]
pub struct Tokens {
    pub toks: Vec<Tok>,
    norms: String,
}

const ELIDED: &[&str] = &[
    "l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "presqu",
];

fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

impl Tokens {
    #[inline]
    pub fn norm(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.norms[t.ns as usize..t.ne as usize]
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    pub fn new(text: &str, lex: &'static Lexicon) -> Tokens {
        let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5);
        let mut norms = String::with_capacity(text.len() / 2);
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut space = false;
        let mut newline = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                space = true;
                if b == b'\n' {
                    newline = true;
                }
                i += 1;
                continue;
            }
            let c = if b < 128 {
                b as char
            } else {
                match text[i..].chars().next() {
                    Some(c) => c,
                    None => break,
                }
            };
            if c.is_whitespace() {
                space = true;
                i += c.len_utf8();
                continue;
            }
            let start = i;
            let ns = norms.len() as u32;
            let (kind, end, num) = if b.is_ascii_digit() {
                let mut j = i;
                let mut v: u32 = 0;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    v = v
                        .saturating_mul(10)
                        .saturating_add(u32::from(bytes[j] - b'0'));
                    j += 1;
                }
                norms.push_str(&text[i..j]);
                (Kind::Digits, j, v)
            } else if c.is_alphabetic() {
                let mut j = i;
                // ASCII fast path
                while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
                    norms.push(bytes[j].to_ascii_lowercase() as char);
                    j += 1;
                }
                for ch in text[j..].chars() {
                    if ch.is_alphabetic() {
                        for l in ch.to_lowercase() {
                            norms.push(l);
                        }
                        j += ch.len_utf8();
                    } else {
                        break;
                    }
                }
                // French elision (l', d', qu'...) keeps its apostrophe.
                if let Some(a) = text[j..].chars().next() {
                    if is_apos(a) {
                        let after = text[j + a.len_utf8()..].chars().next();
                        if after.is_some_and(|x| x.is_alphabetic()) {
                            let w = &norms[ns as usize..];
                            if ELIDED.contains(&w) {
                                norms.push('\'');
                                j += a.len_utf8();
                            } else if w == "aujourd" {
                                let rest = &text[j + a.len_utf8()..];
                                if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("hui") {
                                    norms.push_str("'hui");
                                    j += a.len_utf8() + 3;
                                }
                            }
                        }
                    }
                }
                (Kind::Word, j, 0)
            } else if is_apos(c)
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(|x| x.is_alphabetic())
            {
                // English clitics: 's, 'll, 're
                let mut j = i + c.len_utf8();
                norms.push('\'');
                for ch in text[j..].chars() {
                    if ch.is_alphabetic() {
                        for l in ch.to_lowercase() {
                            norms.push(l);
                        }
                        j += ch.len_utf8();
                    } else {
                        break;
                    }
                }
                (Kind::Word, j, 0)
            } else {
                let j = i + c.len_utf8();
                norms.push(if is_apos(c) { '\'' } else { c });
                (Kind::Punct, j, 0)
            };
            let ne = norms.len() as u32;
            let cap = c.is_uppercase();
            toks.push(Tok {
                s: start,
                e: end,
                kind,
                ns,
                ne,
                space,
                newline,
                cap,
                num,
                lex: &[],
            });
            space = false;
            newline = false;
            i = end;
        }
        let mut t = Tokens { toks, norms };
        t.attach(lex);
        t
    }

    /// Look words up, joining hyphenated lexicon compounds (`après-midi`, `week-end`).
    fn attach(&mut self, lex: &'static Lexicon) {
        let mut out: Vec<Tok> = Vec::with_capacity(self.toks.len());
        let mut i = 0;
        let n = self.toks.len();
        let mut buf = String::new();
        while i < n {
            let t = &self.toks[i];
            if t.kind == Kind::Word
                && i + 2 < n
                && self.norm(i + 1) == "-"
                && !self.toks[i + 1].space
                && !self.toks[i + 2].space
                && self.toks[i + 2].kind == Kind::Word
            {
                buf.clear();
                buf.push_str(self.norm(i));
                buf.push('-');
                buf.push_str(self.norm(i + 2));
                let l = lex.get(&buf);
                if !l.is_empty() {
                    let ns = self.norms.len() as u32;
                    self.norms.push_str(&buf);
                    let ne = self.norms.len() as u32;
                    let mut m = self.toks[i].clone();
                    m.e = self.toks[i + 2].e;
                    m.ns = ns;
                    m.ne = ne;
                    m.lex = l;
                    out.push(m);
                    i += 3;
                    continue;
                }
            }
            let mut m = t.clone();
            if m.kind == Kind::Word {
                m.lex = lex.get(self.norm(i));
            }
            out.push(m);
            i += 1;
        }
        self.toks = out;
    }
}
