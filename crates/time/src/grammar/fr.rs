//! French time grammar (in progress).
use super::*;
use crate::lexicon::Tense;
use crate::token::Tokens;

pub fn can_start(t: &Tokens, i: usize) -> bool {
    !t.toks[i].lex.is_empty() || digits(t, i).is_some()
}
pub fn tense_of(t: &Tokens, i: usize) -> Option<Tense> {
    let _ = (t, i);
    None
}
pub fn at(_t: &Tokens, _i: usize) -> Option<Match> {
    None
}
pub fn is_sentence_end(t: &Tokens, i: usize) -> bool {
    is_any(t, i, &[".", "!", "?", ";"])
}
