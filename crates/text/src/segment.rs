//! Sentence segmentation.

use std::collections::HashSet;
use std::sync::OnceLock;

use khaldun_model::{Sentence, TextIndex};

struct Abbreviations {
    /// Entries with a capital letter: matched exactly ("Gen", "M").
    exact: HashSet<&'static str>,
    /// All-lower-case entries: matched case-insensitively ("avr", "vs").
    folded: HashSet<String>,
}

struct LangData {
    en: Abbreviations,
    fr: Abbreviations,
    starters: HashSet<&'static str>,
}

fn abbreviations(data: &'static str) -> Abbreviations {
    let mut exact = HashSet::new();
    let mut folded = HashSet::new();
    for w in crate::word_list(data) {
        if w.chars().any(char::is_uppercase) {
            exact.insert(w);
        } else {
            folded.insert(w.to_lowercase());
        }
    }
    Abbreviations { exact, folded }
}

fn lang_data() -> &'static LangData {
    static D: OnceLock<LangData> = OnceLock::new();
    D.get_or_init(|| LangData {
        en: abbreviations(include_str!("../../../data/text/en/abbreviations.txt")),
        fr: abbreviations(include_str!("../../../data/text/fr/abbreviations.txt")),
        starters: crate::word_list(include_str!("../../../data/text/en/sentence_starters.txt"))
            .collect(),
    })
}

impl Abbreviations {
    fn contains(&self, w: &str) -> bool {
        self.exact.contains(w)
            || (!self.folded.is_empty() && self.folded.contains(&w.to_lowercase()))
    }
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn opens_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '“' | '«' | '‘' | '(' | '[' | '\'' | '¿' | '¡' | '—' | '-'
        )
}

/// Split `text` into sentences, with code point offsets.
pub fn segment(text: &str, lang: &str) -> Vec<Sentence> {
    let index = TextIndex::new(text);
    segment_bytes(text, lang)
        .into_iter()
        .map(|(s, e)| Sentence {
            start: index.byte_to_char(s),
            end: index.byte_to_char(e),
            text: text[s..e].to_owned(),
            tokens: Vec::new(),
        })
        .collect()
}

/// Split `text` into sentences: byte ranges, trimmed of surrounding white space.
pub fn segment_bytes(text: &str, lang: &str) -> Vec<(usize, usize)> {
    let data = lang_data();
    let abbr = if lang == "fr" { &data.fr } else { &data.en };
    let mut cuts: Vec<usize> = Vec::new();
    // (u32 offsets: 8 bytes per character rather than 16; ingest refuses
    // documents anywhere near 4 GiB, and one that large stays one piece)
    if u32::try_from(text.len()).is_err() {
        return vec![(0, text.len())];
    }
    let chars: Vec<(u32, char)> = text.char_indices().map(|(b, c)| (b as u32, c)).collect();
    let n = chars.len();
    let mut depth: i32 = 0;
    let mut i = 0;
    while i < n {
        let (b, c) = (chars[i].0 as usize, chars[i].1);
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            '\n' => {
                // A blank line ends a paragraph, and any open bracket with it.
                let mut j = i + 1;
                while j < n && chars[j].1 != '\n' && chars[j].1.is_whitespace() {
                    j += 1;
                }
                if j < n && chars[j].1 == '\n' {
                    cuts.push(b);
                    depth = 0;
                } else if heading_line_ends_at(text, b) && j < n && chars[j].1.is_uppercase() {
                    cuts.push(b);
                }
            }
            _ => {}
        }
        if is_terminator(c) && depth == 0 {
            // Take the run of terminators and closing quotes/brackets.
            let mut j = i + 1;
            while j < n && (is_terminator(chars[j].1) || is_closer(chars[j].1)) {
                if matches!(chars[j].1, ')' | ']') {
                    depth = (depth - 1).max(0);
                }
                j += 1;
            }
            let end = if j < n {
                chars[j].0 as usize
            } else {
                text.len()
            };
            // Need white space, then a sentence opener (or the end).
            let mut k = j;
            while k < n && chars[k].1.is_whitespace() {
                k += 1;
            }
            let boundary = if k == n {
                true
            } else if k == j {
                false
            } else {
                opens_sentence(chars[k].1)
                    && (c != '.' || !word_blocks_boundary(text, b, abbr, data, &chars[k..]))
            };
            if boundary {
                cuts.push(end);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    cuts.push(text.len());
    let mut out = Vec::with_capacity(cuts.len());
    let mut start = 0;
    for cut in cuts {
        if cut < start {
            continue;
        }
        let piece = &text[start..cut];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            out.push((start + lead, start + lead + trimmed.len()));
        }
        start = cut;
    }
    out
}

/// A short line without final punctuation (a title, a section name) ends a sentence.
fn heading_line_ends_at(text: &str, newline: usize) -> bool {
    let line_start = text[..newline].rfind('\n').map_or(0, |p| p + 1);
    let line = text[line_start..newline].trim();
    !line.is_empty()
        && line.chars().count() <= 80
        && !line.ends_with([',', ';', ':', '-', '('])
        && !line.ends_with(|c: char| c.is_lowercase() && line.split_whitespace().count() > 8)
}

/// Does the word ending at the full stop at byte `dot` keep the sentence open?
fn word_blocks_boundary(
    text: &str,
    dot: usize,
    abbr: &Abbreviations,
    data: &LangData,
    next: &[(u32, char)],
) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '«' | '[' | '—'))
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let next_word: String = next
        .iter()
        .map(|&(_, c)| c)
        .take_while(|c| c.is_alphanumeric())
        .collect();
    // Initialisms: "U.S.", "a.m.", "U.N." end a sentence only before a typical opener.
    let is_initialism = word.len() >= 3
        && word.contains('.')
        && word
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    if is_initialism {
        return !data.starters.contains(next_word.as_str());
    }
    if abbr.contains(word) {
        return true;
    }
    // A single capital is an initial ("J. Smith"), except a lone pronoun "I".
    let mut cs = word.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        return c.is_uppercase() && c != 'I';
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str, lang: &str) -> Vec<String> {
        segment(t, lang).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn english_abbreviations_and_initials() {
        let s = texts(
            "Gen. Assimi Goïta met U.S. officials on Jan. 5 in Bamako. He left. J. Smith stayed in the U.S. The talks ended.",
            "en",
        );
        assert_eq!(
            s,
            vec![
                "Gen. Assimi Goïta met U.S. officials on Jan. 5 in Bamako.",
                "He left.",
                "J. Smith stayed in the U.S.",
                "The talks ended."
            ]
        );
    }

    #[test]
    fn french_abbreviations() {
        let s = texts(
            "M. Macron et le lt.-col. Diarra sont arrivés le 6 avr. 2022 à Ségou. Ils sont repartis.",
            "fr",
        );
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].ends_with("Ségou."));
    }

    #[test]
    fn citations_and_quotes() {
        let s = texts(
            "JNIM claimed that it kidnapped “soldiers” in Segou (Twitter/@Lesoirdebamako, April 26). This occurred despite denials. He said: “We attacked. We won.” Then he left. “Why?” he asked.",
            "en",
        );
        assert_eq!(s.len(), 6, "{s:?}");
        assert!(s[0].ends_with("April 26)."));
        assert_eq!(s[2], "He said: “We attacked.");
        assert_eq!(s[3], "We won.”");
        assert_eq!(s[4], "Then he left.");
        assert_eq!(s[5], "“Why?” he asked.");
    }

    #[test]
    fn no_split_inside_parentheses_or_before_lowercase() {
        let s = texts(
            "The group (also known as J.N.I.M. In Mali) attacked. the end",
            "en",
        );
        assert_eq!(s.len(), 1, "{s:?}");
    }

    #[test]
    fn paragraphs_and_headings() {
        let s = texts(
            "Africa\nAl-Qaeda Targets Wagner\n\nOn April 25, JNIM attacked\nthe town. It left",
            "en",
        );
        assert_eq!(
            s,
            vec![
                "Africa",
                "Al-Qaeda Targets Wagner",
                "On April 25, JNIM attacked\nthe town.",
                "It left"
            ]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "",
            ".",
            "...",
            " . . ",
            "(((",
            ")))).",
            "a.\n\n\n",
            "É. É. É.",
            "\u{0}.\u{0}",
        ] {
            for (s, e) in segment_bytes(t, "en") {
                assert!(s <= e && e <= t.len());
            }
            let _ = segment(t, "fr");
        }
    }
}
