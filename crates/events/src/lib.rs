//! Event stage: finds conflict and political events in an annotated article
//! and codes each one the way a careful ACLED coder would, in PLOVER terms,
//! with its evidence.
//!
//! For every sentence the stage finds verbal and nominal triggers (English and
//! French lexicons under `data/events/`), groups the triggers of one clause
//! into one event (ACLED's "higher sub-event type wins" rule), fills actor and
//! target through clause structure (active and passive voice, by-gerunds,
//! possessives, light verbs, coordination, pronouns), counts the killed,
//! injured, abducted and arrested, decides the claim status (asserted,
//! claimed, denied, alleged, reported) and its claimant, flags negated,
//! hypothetical and historical events, and attaches inline citations,
//! attributions and the article's provenance as sources. Each event carries a
//! PLOVER, an ACLED and a CAMEO coding (table in `data/ontology/`).
//!
//! ```
//! use khaldun_events::EventStage;
//! use khaldun_model::{AnnotatedArticle, Article, Component};
//! let stage = EventStage::new(khaldun_actors::ActorBase::embedded());
//! let mut doc = AnnotatedArticle::new(Article {
//!     id: "a1".into(),
//!     text: "Gunmen killed six soldiers in Ségou on Monday.".into(),
//!     published: Some("2022-04-26".into()),
//!     ..Default::default()
//! });
//! stage.annotate(&mut doc);
//! assert_eq!(doc.events[0].killed, Some(6));
//! assert_eq!(doc.events[0].acled.sub_event_type, "Armed clash");
//! ```
//!
//! The work is a sequence of named passes per sentence (module `passes`),
//! after the sentence is prepared (`sentence`, `roles`): `filter` (which
//! triggers are events), `group` (one event per group; absorb rules), then per
//! group `roles` (actor, target), `counts`, `code` (the coding class), `status`
//! (frames, flags, claims), `when_where` (trigger span, place, date), `sources`,
//! and last `follow` (re-mentions, claims and denials of the previous sentence's
//! event, casualty-only follow-ups). Each pass's module doc says what it reads
//! and may change; `ARCHITECTURE.md` has the table. Cue words and word lists are
//! data (`data/events/`).
//!
//! It does not resolve places or dates itself beyond a fallback (that is the
//! geo and time stages' job, through `khaldun_geo::locate_event` and
//! `khaldun_time::date_event`), does not deduplicate events across articles,
//! and does no I/O.

use std::sync::Arc;

use khaldun_actors::ActorBase;
use khaldun_model::{AnnotatedArticle, Component, TextIndex};

mod assemble;
pub mod eval;
pub mod eval_articles;
mod export;
mod lexicon;
mod passes;
pub mod petrarch;
mod roles;
mod sentence;
mod tokens;
mod words;

pub use export::{acled_row, family, plover_record, AcledRow};
pub use passes::same_actor_name;

/// Map a PLOVER v0.5 event name ("DEMAND", "FIGHT") to the current 16 types.
pub fn plover_from_v05(name: &str) -> Option<&'static str> {
    lexicon::Lexicon::get()
        .plover_v05
        .get(&name.to_uppercase())
        .map(|s| s.as_str())
}

/// Pipeline component that fills `doc.events`; runs after text, time, geo and actors.
pub struct EventStage {
    actors: Arc<ActorBase>,
}

impl EventStage {
    pub fn new(actors: Arc<ActorBase>) -> Self {
        // build the lexicon now rather than on the first article
        let _ = lexicon::Lexicon::get();
        EventStage { actors }
    }
}

impl Component for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }

    fn annotate(&self, doc: &mut AnnotatedArticle) {
        let idx = TextIndex::new(&doc.article.text);
        let ranges: Vec<(usize, usize)> = if doc.sentences.is_empty() {
            split_sentences(&doc.article.text)
        } else {
            doc.sentences
                .iter()
                .map(|s| (idx.char_to_byte(s.start), idx.char_to_byte(s.end)))
                .collect()
        };
        let mut events = Vec::new();
        let mut state = passes::ArticleState::default();
        let mut prev_start = 0;
        let layers = sentence::Layers::of(doc);
        for (si, &(s, e)) in ranges.iter().enumerate() {
            if s >= e || e > doc.article.text.len() {
                continue;
            }
            // a "sentence" of thousands of words (no punctuation) is read in
            // pieces, so that the per-sentence passes stay within bounds
            for (ps, pe) in pieces(&doc.article.text, s, e, MAX_SENTENCE_BYTES) {
                let sent =
                    sentence::Sent::with_layers(doc, &idx, ps, pe, (s, e), &self.actors, layers);
                let cur = events.len();
                let (_, prev) = events.split_at_mut(prev_start);
                let evs =
                    passes::sentence_events(doc, &idx, &sent, si, &self.actors, &mut state, prev);
                prev_start = cur;
                events.extend(evs);
            }
        }
        doc.events = assemble::assemble(doc, events, state.lead_incident);
        code_actors_on_event_dates(&self.actors, doc);
    }
}

/// ACLED codes an actor by what it was on the event's date (`data/actors/periods.tsv`: the
/// Taliban are a rebel group, inter 2, in an event of 2019, and the state, inter 1, in one of
/// 2022). The date is the event's, else the article's publication date.
fn code_actors_on_event_dates(actors: &ActorBase, doc: &mut AnnotatedArticle) {
    let published = doc.published_date().map(str::to_string);
    for ev in &mut doc.events {
        let Some(date) = ev
            .date
            .as_ref()
            .map(|d| d.date.clone())
            .or_else(|| published.clone())
        else {
            continue;
        };
        for a in ev
            .actor
            .iter_mut()
            .chain(ev.target.iter_mut())
            .chain(ev.assoc_actors.iter_mut())
            .chain(ev.assoc_targets.iter_mut())
        {
            actors.code_on_date(a, &date);
        }
    }
}

/// Longest sentence (bytes) the events stage reads in one piece. Natural
/// sentences are far shorter (the longest in the bundled corpus, a run-on
/// list, is under 4 KB); the per-sentence passes compare triggers, phrases
/// and tokens pairwise, so a 2 MB text without punctuation read as one
/// sentence would take time quadratic in its length.
pub const MAX_SENTENCE_BYTES: usize = 16 * 1024;

/// Bytes `s..e` of `text` in pieces of at most `max` bytes, cut at the last
/// whitespace before the limit (at a character boundary when there is none).
fn pieces(text: &str, s: usize, e: usize, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = s;
    while e - a > max {
        let mut cut = a + max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(ws) = text[a..cut].rfind(char::is_whitespace) {
            if ws > 0 {
                cut = a + ws;
            }
        }
        if cut <= a {
            break;
        }
        out.push((a, cut));
        a = cut;
    }
    out.push((a, e));
    out
}

/// A plain sentence splitter used when the text stage gave no sentences:
/// ends at `.`, `!`, `?` (or a blank line) followed by space and an upper-case
/// letter, digit or quote, unless the word before is a short abbreviation.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let end_here = if c == b'\n' && i + 1 < b.len() && b[i + 1] == b'\n' {
            true
        } else if matches!(c, b'.' | b'!' | b'?') {
            let next = text[i + 1..].chars().next();
            let after = text[i + 1..].trim_start();
            let spaced = next.is_none_or(|n| n.is_whitespace() || n == '"' || n == '”' || n == ')');
            let upper = after.chars().next().is_none_or(|n| {
                n.is_uppercase() || n.is_ascii_digit() || n == '"' || n == '“' || n == '('
            });
            // abbreviation: a short capitalised word before the dot ("Gen.", "U.S.", "M.")
            let word: &str = text[start..i]
                .rsplit(|ch: char| ch.is_whitespace())
                .next()
                .unwrap_or("");
            let abbrev = c == b'.'
                && (word.len() <= 3 && word.chars().next().is_some_and(|w| w.is_uppercase())
                    || word.contains('.'));
            spaced && upper && !abbrev
        } else {
            false
        };
        if end_here {
            let mut e = i + 1;
            while e < b.len() && matches!(b[e], b'"' | b')') {
                e += 1;
            }
            // include closing curly quote
            if text[e..].starts_with('”') {
                e += '”'.len_utf8();
            }
            push_trimmed(text, start, e, &mut out);
            start = e;
            i = e;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start, b.len(), &mut out);
    out
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let seg = &text[s..e];
    let lead = seg.len() - seg.trim_start().len();
    let trail = seg.len() - seg.trim_end().len();
    if seg.trim().is_empty() {
        return;
    }
    out.push((s + lead, e - trail));
}

#[cfg(test)]
mod tests;

/// Trigger mentions of the kinds WikiEvents annotates (`attack`, `die`,
/// `injure`), with code point spans and the roles of the event extracted
/// from the same sentence (actor, target, place). Runs on an annotated
/// document (after [`EventStage`]).
pub fn wiki_mentions(doc: &AnnotatedArticle, actors: &ActorBase) -> Vec<eval::WikiSys> {
    let idx = TextIndex::new(&doc.article.text);
    let ranges: Vec<(usize, usize)> = if doc.sentences.is_empty() {
        split_sentences(&doc.article.text)
    } else {
        doc.sentences
            .iter()
            .map(|s| (idx.char_to_byte(s.start), idx.char_to_byte(s.end)))
            .collect()
    };
    let lx = lexicon::Lexicon::get();
    let mut out = Vec::new();
    for (si, &(s, e)) in ranges.iter().enumerate() {
        if s >= e || e > doc.article.text.len() {
            continue;
        }
        let sent = sentence::Sent::new(doc, &idx, s, e, actors);
        let evs: Vec<&khaldun_model::Event> = doc
            .events
            .iter()
            .filter(|ev| ev.sentence == si && !ev.negated && !ev.hypothetical)
            .collect();
        let args = |kind: &'static str, pos: usize| -> Vec<(&'static str, String)> {
            let mut a = Vec::new();
            // the event whose trigger is nearest
            if let Some(ev) = evs.iter().min_by_key(|ev| ev.trigger.start.abs_diff(pos)) {
                // the surface form the actor stage saw, when it saw one
                let surface = |x: &khaldun_model::Actor| {
                    doc.actors
                        .iter()
                        .find(|m| {
                            m.actor.name == x.name
                                && ev
                                    .evidence
                                    .first()
                                    .is_some_and(|sp| m.start >= sp.start && m.end <= sp.end)
                        })
                        .map(|m| m.text.clone())
                        .unwrap_or_else(|| x.name.clone())
                };
                if let Some(x) = &ev.actor {
                    a.push(("actor", surface(x)));
                }
                if let Some(x) = &ev.target {
                    a.push(("target", surface(x)));
                }
                if let Some(l) = &ev.location {
                    a.push((
                        "place",
                        l.span
                            .as_ref()
                            .map(|s| s.text.clone())
                            .unwrap_or_else(|| l.place.name.clone()),
                    ));
                }
            }
            let _ = kind;
            a
        };
        let span = |i: usize, n: usize| {
            (
                idx.byte_to_char(sent.toks[i].start),
                idx.byte_to_char(sent.toks[i + n - 1].end),
            )
        };
        for h in &sent.hits {
            // instruments, persons and "targets" are no attack mentions; neither are negated or hypothetical ones
            let last = sent.tok(h.i + h.n - 1);
            if lx.words.instrument.contains(last)
                || passes::negated(&sent, h)
                || passes::hypothetical(&sent, h)
            {
                continue;
            }
            let kind = match h.class.as_str() {
                "kill" | "massacre" | "execute" | "assassinate" => "die",
                c if matches!(
                    lx.classes.get(c).map(|x| x.family.as_str()),
                    Some("violence")
                ) =>
                {
                    "attack"
                }
                _ => continue,
            };
            let (a, b) = span(h.i, h.n);
            out.push(eval::WikiSys {
                kind,
                start: a,
                end: b,
                args: args(kind, a),
            });
        }
        let mut i = 0;
        while i < sent.toks.len() {
            if let Some((n, kinds)) = lx.casualties.longest(&sent.toks, i) {
                let kind = match kinds[0] {
                    lexicon::Casualty::Killed => "die",
                    lexicon::Casualty::Injured => "injure",
                    _ => "",
                };
                let (a, b) = span(i, n);
                if !kind.is_empty()
                    && !out
                        .iter()
                        .any(|m: &eval::WikiSys| m.start < b && a < m.end && m.kind == kind)
                {
                    out.push(eval::WikiSys {
                        kind,
                        start: a,
                        end: b,
                        args: args(kind, a),
                    });
                }
                i += n;
                continue;
            }
            i += 1;
        }
    }
    out
}
