//! Text stage: language detection, sentence segmentation and tokens.
//!
//! ```
//! use khaldun_text::{detect_language, segment};
//! let text = "Gen. Goïta spoke in the U.S. capital. JNIM attacked (Twitter/@x, April 26). Then it left.";
//! let sentences = segment(text, "en");
//! assert_eq!(sentences.len(), 3);
//! assert_eq!(detect_language("Les soldats maliens ont été tués dans une attaque contre le camp."), Some("fr"));
//! ```
//!
//! The segmenter is rule-based: a full stop, question or exclamation mark
//! (with any closing quotes or brackets after it) ends a sentence when
//! white space and a capital, digit or opening quote follow, unless the word
//! before it is a known abbreviation (`data/text/<lang>/abbreviations.txt`),
//! a single initial ("J. Smith"), or sits inside parentheses. A blank line
//! always ends a sentence. All language knowledge lives in `data/text/`.
//!
//! It does not parse: clauses and phrases are the event stage's business.

mod lang;
mod segment;
mod tokens;

pub use lang::detect_language;
pub use segment::{segment, segment_bytes};
pub use tokens::{tokenize, tokenize_bytes};

use khaldun_model::{AnnotatedArticle, Component, TextIndex};

/// Pipeline component: sets `article.language` when missing, fills
/// `doc.sentences` (with tokens).
#[derive(Debug, Default, Clone)]
pub struct TextStage {
    /// Skip tokens (sentences only); tokens are the costliest part.
    pub sentences_only: bool,
}

impl TextStage {
    pub fn new() -> Self {
        TextStage::default()
    }
}

impl Component for TextStage {
    fn name(&self) -> &'static str {
        "text"
    }

    fn annotate(&self, doc: &mut AnnotatedArticle) {
        if doc.article.language.is_none() {
            doc.article.language = detect_language(&doc.article.text).map(str::to_owned);
        }
        let lang = doc.article.language.as_deref().unwrap_or("en");
        let text = &doc.article.text;
        let index = TextIndex::new(text);
        doc.sentences = segment_bytes(text, lang)
            .into_iter()
            .map(|(s, e)| {
                let tokens = if self.sentences_only {
                    Vec::new()
                } else {
                    tokenize_bytes(&text[s..e], lang)
                        .into_iter()
                        .map(|(ts, te)| khaldun_model::Token {
                            start: index.byte_to_char(s + ts),
                            end: index.byte_to_char(s + te),
                            text: text[s + ts..s + te].to_owned(),
                        })
                        .collect()
                };
                khaldun_model::Sentence {
                    start: index.byte_to_char(s),
                    end: index.byte_to_char(e),
                    text: text[s..e].to_owned(),
                    tokens,
                }
            })
            .collect();
    }
}

/// Parse a word list: one entry per line, `#` comments, blank lines skipped.
pub(crate) fn word_list(data: &str) -> impl Iterator<Item = &str> + '_ {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use khaldun_model::Article;

    #[test]
    fn stage_fills_language_sentences_and_tokens_with_code_point_offsets() {
        let text = "Les soldats maliens ont été attaqués à Ségou. M. Diallo a confirmé l'attaque.";
        let mut doc = AnnotatedArticle::new(Article {
            text: text.into(),
            ..Default::default()
        });
        TextStage::new().annotate(&mut doc);
        assert_eq!(doc.article.language.as_deref(), Some("fr"));
        assert_eq!(doc.sentences.len(), 2);
        let chars: Vec<char> = text.chars().collect();
        for s in &doc.sentences {
            let slice: String = chars[s.start..s.end].iter().collect();
            assert_eq!(slice, s.text);
            for t in &s.tokens {
                let tok: String = chars[t.start..t.end].iter().collect();
                assert_eq!(tok, t.text);
            }
        }
        assert!(doc.sentences[0].tokens.iter().any(|t| t.text == "Ségou"));
        assert!(doc.sentences[1].text.starts_with("M. Diallo"));
    }

    #[test]
    fn given_language_is_kept() {
        let mut doc = AnnotatedArticle::new(Article {
            text: "Le camp.".into(),
            language: Some("en".into()),
            ..Default::default()
        });
        TextStage {
            sentences_only: true,
        }
        .annotate(&mut doc);
        assert_eq!(doc.article.language.as_deref(), Some("en"));
        assert!(doc.sentences[0].tokens.is_empty());
    }
}
