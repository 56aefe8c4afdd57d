//! Builds the event page's parts from annotated articles: evidence sentences
//! with highlighted actor, target, place, date, trigger, numbers and sources,
//! and the flat [`EventSummary`] of a single article event.

use std::sync::OnceLock;

use khaldun_model::{Actor, AnnotatedArticle, Event, Span};
use regex::Regex;

use crate::api::{ActorRef, EventSummary, Evidence, Highlight, Report, SourceView};

const NUMBER_WORDS: &str = include_str!("../data/number-words.txt");

fn number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let words: Vec<String> = NUMBER_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(regex::escape)
            .collect();
        Regex::new(&format!(
            r"(?i)\b(?:\d[\d,. ]*\d|\d|(?:{}))\b",
            words.join("|")
        ))
        .expect("number regex")
    })
}

/// Code point offset of byte offset `b` in `s`.
fn cp(s: &str, b: usize) -> usize {
    s[..b].chars().count()
}

/// Highlight priority: earlier kinds win when spans overlap.
const KINDS: [&str; 7] = [
    "trigger", "actor", "target", "place", "date", "source", "number",
];

fn push_span(out: &mut Vec<Highlight>, span: &Span, sent: &Span, kind: &str) {
    if span.end > span.start && span.start >= sent.start && span.end <= sent.end {
        out.push(Highlight {
            start: span.start - sent.start,
            end: span.end - sent.start,
            kind: kind.into(),
        });
    }
}

/// Find `name` in `text` (case-insensitive, ASCII folding only) and add its first occurrence.
fn push_name(out: &mut Vec<Highlight>, text: &str, name: &str, kind: &str) {
    if name.chars().count() < 2 {
        return;
    }
    let lower = text.to_lowercase();
    let needle = name.to_lowercase();
    // to_lowercase can change byte lengths for a few scripts; only trust it when it did not.
    if lower.len() != text.len() {
        return;
    }
    if let Some(b) = lower.find(&needle) {
        let s = cp(text, b);
        out.push(Highlight {
            start: s,
            end: s + needle.chars().count(),
            kind: kind.into(),
        });
    }
}

fn actor_matches(a: &Actor, b: &Actor) -> bool {
    match (&a.id, &b.id) {
        (Some(x), Some(y)) => x == y,
        _ => a.name.eq_ignore_ascii_case(&b.name),
    }
}

/// Highlights of one evidence sentence of `ev` in `doc`, relative to the sentence.
pub fn highlights(doc: &AnnotatedArticle, ev: &Event, sent: &Span) -> Vec<Highlight> {
    let mut cand = Vec::new();
    push_span(&mut cand, &ev.trigger, sent, "trigger");
    for (who, kind) in [(&ev.actor, "actor"), (&ev.target, "target")] {
        let Some(who) = who else { continue };
        let before = cand.len();
        for m in &doc.actors {
            if actor_matches(&m.actor, who) {
                let span = Span {
                    start: m.start,
                    end: m.end,
                    text: String::new(),
                };
                push_span(&mut cand, &span, sent, kind);
            }
        }
        if cand.len() == before {
            push_name(&mut cand, &sent.text, &who.name, kind);
        }
    }
    if let Some(loc) = &ev.location {
        match &loc.span {
            Some(s) => push_span(&mut cand, s, sent, "place"),
            None => push_name(&mut cand, &sent.text, &loc.place.name, "place"),
        }
    }
    if let Some(s) = ev.date.as_ref().and_then(|d| d.span.as_ref()) {
        push_span(&mut cand, s, sent, "date");
    }
    for s in ev.sources.iter().filter_map(|s| s.span.as_ref()) {
        push_span(&mut cand, s, sent, "source");
    }
    for m in number_re().find_iter(&sent.text) {
        let s = cp(&sent.text, m.start());
        cand.push(Highlight {
            start: s,
            end: s + m.as_str().chars().count(),
            kind: "number".into(),
        });
    }
    // Keep the highest-priority span where spans overlap, then order by position.
    cand.sort_by_key(|h| {
        (
            KINDS
                .iter()
                .position(|k| *k == h.kind)
                .unwrap_or(KINDS.len()),
            h.start,
        )
    });
    let mut kept: Vec<Highlight> = Vec::with_capacity(cand.len());
    for h in cand {
        if !kept.iter().any(|k| h.start < k.end && k.start < h.end) {
            kept.push(h);
        }
    }
    kept.sort_by_key(|h| h.start);
    kept
}

/// The evidence spans of `ev`, falling back to its sentence when it lists none.
fn evidence_spans(doc: &AnnotatedArticle, ev: &Event) -> Vec<Span> {
    if !ev.evidence.is_empty() {
        return ev.evidence.clone();
    }
    doc.sentences
        .get(ev.sentence)
        .map(|s| {
            vec![Span {
                start: s.start,
                end: s.end,
                text: s.text.clone(),
            }]
        })
        .unwrap_or_default()
}

/// One article's report of an event.
pub fn report(doc: &AnnotatedArticle, ev: &Event) -> Report {
    let a = &doc.article;
    let evidence = evidence_spans(doc, ev)
        .into_iter()
        .map(|s| Evidence {
            highlights: highlights(doc, ev, &s),
            start: s.start,
            end: s.end,
            text: s.text,
        })
        .collect();
    let mut sources: Vec<SourceView> = ev
        .sources
        .iter()
        .map(|s| SourceView {
            name: s.name.clone(),
            kind: s.kind.clone(),
            date: s.date.clone(),
            url: s.url.clone(),
        })
        .collect();
    if let Some(p) = &a.publisher {
        if !sources.iter().any(|s| &s.name == p) {
            sources.push(SourceView {
                name: p.clone(),
                kind: "publisher".into(),
                date: a.published.clone(),
                url: a.url.clone(),
            });
        }
    }
    for p in &a.republished_from {
        let name = p
            .publication
            .clone()
            .or_else(|| p.publisher.clone())
            .unwrap_or_default();
        if !name.is_empty() && !sources.iter().any(|s| s.name == name) {
            sources.push(SourceView {
                name,
                kind: "original".into(),
                date: p.published.clone(),
                url: p.url.clone(),
            });
        }
    }
    Report {
        article_id: a.id.clone(),
        title: a.title.clone(),
        publisher: a.publisher.clone(),
        published: a.published.clone(),
        url: a.url.clone(),
        republished_from: a
            .republished_from
            .iter()
            .map(|p| {
                [&p.publisher, &p.publication, &p.author, &p.published]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect(),
        event_id: ev.id.clone(),
        status: ev.status.as_str().into(),
        claimant: ev.claimant.clone(),
        denied_by: ev.denied_by.clone(),
        evidence,
        sources,
        merged_by: None,
    }
}

fn actor_ref(a: &Actor) -> ActorRef {
    ActorRef {
        id: a.id.clone(),
        name: a.name.clone(),
        inter: a.inter,
    }
}

/// Distinct source names of one article event: cited sources, then the outlet.
pub fn source_names(doc: &AnnotatedArticle, ev: &Event) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let outlet = doc.article.publisher.iter().chain(
        doc.article
            .republished_from
            .iter()
            .filter_map(|p| p.publication.as_ref().or(p.publisher.as_ref())),
    );
    for n in ev.sources.iter().map(|s| &s.name).chain(outlet) {
        if !n.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(n)) {
            out.push(n.clone());
        }
    }
    out
}

/// The flat summary of one article event (one report).
pub fn summary(doc: &AnnotatedArticle, ev: &Event) -> EventSummary {
    let sources = source_names(doc, ev);
    let sentence = ev
        .evidence
        .first()
        .map(|s| s.text.clone())
        .or_else(|| doc.sentences.get(ev.sentence).map(|s| s.text.clone()))
        .unwrap_or_default();
    let n = sources.len() as u32;
    summary_of(ev, sources, n, 1, sentence)
}

/// The flat summary of a (merged) event.
pub fn summary_of(
    ev: &Event,
    sources: Vec<String>,
    n_sources: u32,
    n_reports: u32,
    sentence: String,
) -> EventSummary {
    let place = ev.location.as_ref().map(|l| &l.place);
    EventSummary {
        id: ev.id.clone(),
        date: ev.date.as_ref().map(|d| d.date.clone()),
        time_precision: ev.date.as_ref().map(|d| d.time_precision).unwrap_or(0),
        plover_type: ev.plover.event_type.clone(),
        plover_mode: ev.plover.mode.clone(),
        plover_context: ev.plover.context.clone(),
        acled_event_type: ev.acled.event_type.clone(),
        acled_sub_event_type: ev.acled.sub_event_type.clone(),
        cameo_root: (!ev.cameo.root.is_empty()).then(|| ev.cameo.root.clone()),
        actor1: ev.actor.as_ref().map(actor_ref),
        assoc_actor1: ev.assoc_actors.iter().map(|a| a.name.clone()).collect(),
        actor2: ev.target.as_ref().map(actor_ref),
        assoc_actor2: ev.assoc_targets.iter().map(|a| a.name.clone()).collect(),
        location: place.map(|p| p.name.clone()),
        country: place.and_then(|p| p.country.clone()),
        admin1: place.and_then(|p| p.admin1.clone()),
        admin2: place.and_then(|p| p.admin2.clone()),
        lat: place.and_then(|p| p.lat),
        lon: place.and_then(|p| p.lon),
        geo_precision: place.map(|p| p.precision as u8),
        killed: ev.killed,
        injured: ev.injured,
        abducted: ev.abducted,
        arrested: ev.arrested,
        status: ev.status.as_str().into(),
        claimant: ev.claimant.clone().or_else(|| ev.denied_by.clone()),
        n_sources,
        n_reports,
        sources,
        summary: sentence,
        confidence: ev.confidence,
        date_source: ev.date.as_ref().map(|d| d.source.clone()),
        place_source: ev
            .location
            .as_ref()
            .map(|l| if l.span.is_some() { "text" } else { "fallback" }.to_string()),
        first_seen: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    #[test]
    fn evidence_highlights_actor_target_place_date_and_numbers() {
        let doc = testdata::article_bamako();
        let ev = &doc.events[0];
        let r = report(&doc, ev);
        let e = &r.evidence[0];
        let kinds: Vec<(&str, String)> = e
            .highlights
            .iter()
            .map(|h| {
                (
                    h.kind.as_str(),
                    e.text.chars().skip(h.start).take(h.end - h.start).collect(),
                )
            })
            .collect();
        assert!(kinds.contains(&("actor", "JNIM".into())), "{kinds:?}");
        assert!(kinds.contains(&("target", "soldiers".into())), "{kinds:?}");
        assert!(kinds.contains(&("place", "Ségou".into())), "{kinds:?}");
        assert!(kinds.contains(&("date", "on Monday".into())), "{kinds:?}");
        assert!(kinds.contains(&("number", "12".into())), "{kinds:?}");
        assert!(kinds.contains(&("trigger", "killed".into())), "{kinds:?}");
        // no overlaps
        for w in e.highlights.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
    }

    #[test]
    fn summary_flattens_the_event() {
        let doc = testdata::article_bamako();
        let s = summary(&doc, &doc.events[0]);
        assert_eq!(s.plover_type, "ASSAULT");
        assert_eq!(s.country.as_deref(), Some("ML"));
        assert_eq!(s.killed, Some(12));
        assert_eq!(
            s.sources,
            vec!["Twitter/@Lesoirdebamako".to_string(), "Test Wire".into()]
        );
        assert_eq!(s.n_sources, 2);
    }
}
