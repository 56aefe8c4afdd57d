//! English / French language identification by function-word counts.
//!
//! Function words are the most reliable cue on news text (a headline or a
//! byline is too short for character n-grams to be sure; a paragraph has
//! dozens of "the"/"of" or "le"/"des"). Returns `None` when the evidence is
//! too thin to decide.

use std::collections::HashSet;
use std::sync::OnceLock;

struct Lexicons {
    en: HashSet<&'static str>,
    fr: HashSet<&'static str>,
}

fn lexicons() -> &'static Lexicons {
    static L: OnceLock<Lexicons> = OnceLock::new();
    L.get_or_init(|| Lexicons {
        en: crate::word_list(include_str!("../../../data/text/en/stopwords.txt")).collect(),
        fr: crate::word_list(include_str!("../../../data/text/fr/stopwords.txt")).collect(),
    })
}

/// Detect English (`"en"`) or French (`"fr"`) from up to the first 4 000
/// bytes of `text`.
pub fn detect_language(text: &str) -> Option<&'static str> {
    let lex = lexicons();
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let (mut en, mut fr) = (0u32, 0u32);
    let mut word = String::new();
    for w in text[..end].split(|c: char| !(c.is_alphabetic())) {
        if w.is_empty() || w.len() > 8 {
            continue;
        }
        word.clear();
        word.extend(w.chars().flat_map(char::to_lowercase));
        if lex.en.contains(word.as_str()) {
            en += 1;
        }
        if lex.fr.contains(word.as_str()) {
            fr += 1;
        }
    }
    // Elided articles and pronouns ("l'armée", "d'un", "qu'il") are French.
    fr += text.as_bytes()[..end]
        .windows(2)
        .filter(|w| matches!(w[0], b'l' | b'd' | b'L' | b'D') && w[1] == b'\'')
        .count() as u32
        / 2;
    if en + fr < 2 {
        return None;
    }
    if en >= fr * 2 {
        Some("en")
    } else if fr >= en * 2 {
        Some("fr")
    } else if en > fr {
        Some("en")
    } else if fr > en {
        Some("fr")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::detect_language;

    #[test]
    fn english_and_french() {
        assert_eq!(
            detect_language(
                "On April 25, the al-Qaeda affiliate in Mali claimed that it kidnapped soldiers."
            ),
            Some("en")
        );
        assert_eq!(
            detect_language(
                "Le 25 avril, la branche d'al-Qaïda au Mali a revendiqué l'enlèvement de soldats."
            ),
            Some("fr")
        );
        assert_eq!(detect_language("Ségou"), None);
        assert_eq!(detect_language(""), None);
        assert_eq!(detect_language("\u{0}\u{1}\u{2}"), None);
    }

    #[test]
    fn headline_with_enough_cues() {
        assert_eq!(
            detect_language("Attack on the army camp in the north"),
            Some("en")
        );
        assert_eq!(
            detect_language("Attaque contre le camp de l'armée dans le nord"),
            Some("fr")
        );
    }
}
