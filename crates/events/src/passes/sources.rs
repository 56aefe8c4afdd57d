//! Pass 8, sources: who reported the event.
//!
//! Inline citations ("(dakaractu.com, April 25)"), attributions ("according
//! to Reuters", "told AFP") and the article's provenance chain (publisher,
//! original publication, authors). Reads the sentence and the article
//! metadata; changes only the draft's sources.

use khaldun_model::{AnnotatedArticle, SourceRef, Span, TextIndex};

use super::when_where::parse_day;
use super::{Ctx, Draft};
use crate::lexicon::{Cue, Lexicon};
use crate::sentence::Sent;

/// The draft's sources.
pub(crate) fn attach(cx: &Ctx, d: &mut Draft) {
    d.sources = sources_of(cx.doc, cx.sent, cx.idx);
}

/// Inline citations "(dakaractu.com, April 25)" and attributions in the
/// sentence, then the article's provenance chain.
pub(crate) fn sources_of(doc: &AnnotatedArticle, sent: &Sent, idx: &TextIndex) -> Vec<SourceRef> {
    let mut out = Vec::new();
    let text = doc.article.text.as_str();
    let stext = &text[sent.start..sent.end];
    let mut pos = 0;
    while let Some(o) = stext[pos..].find('(') {
        let a = pos + o;
        let Some(c) = stext[a..].find(')') else { break };
        let b = a + c;
        let inner = stext[a + 1..b].trim();
        pos = b + 1;
        let (name, date) = match inner.split_once(',') {
            Some((n, d)) => (n.trim(), Some(d.trim())),
            None => (inner, None),
        };
        let looks_source = name.contains('/')
            || name.contains('@')
            || (name.contains('.') && !name.contains(' '))
            || date.is_some_and(|d| {
                d.split_whitespace().any(|w| {
                    Lexicon::get()
                        .months
                        .contains_key(w.to_lowercase().trim_end_matches('.'))
                })
            });
        if !looks_source || name.is_empty() || name.len() > 80 {
            continue;
        }
        let (sb, se) = (sent.start + a, sent.start + b + 1);
        out.push(SourceRef {
            name: name.to_string(),
            kind: "citation".into(),
            date: date
                .and_then(|d| parse_day(d, doc.published_date()))
                .or(date.map(str::to_string)),
            url: None,
            span: Some(Span {
                start: idx.byte_to_char(sb),
                end: idx.byte_to_char(se),
                text: stext[a..=b].to_string(),
            }),
        });
    }
    // attributions: "according to Reuters", "told AFP", "selon l'AFP"
    for i in 0..sent.toks.len() {
        let l = sent.tok(i);
        let is_acc = sent.has_cue_start(i, Cue::According).is_some();
        let told = matches!(l, "told" | "à");
        if !(is_acc || told && l == "told") {
            continue;
        }
        let from = i + sent.has_cue_start(i, Cue::According).unwrap_or(1);
        if let Some(np) = sent
            .nps
            .iter()
            .find(|np| np.s >= from && np.s <= from + 2 && !np.pronoun)
        {
            if told && !(np.resolved || sent.toks[np.s].acronym || sent.toks[np.s].cap) {
                continue;
            }
            let (sb, se) = (sent.toks[np.s].start, sent.toks[np.e - 1].end);
            out.push(SourceRef {
                name: sent.raw(np.s, np.e).to_string(),
                kind: "attribution".into(),
                date: None,
                url: None,
                span: Some(Span {
                    start: idx.byte_to_char(sb),
                    end: idx.byte_to_char(se),
                    text: text[sb..se].to_string(),
                }),
            });
        }
    }
    let a = &doc.article;
    if let Some(p) = &a.publisher {
        out.push(SourceRef {
            name: p.clone(),
            kind: "publisher".into(),
            date: a.published.clone(),
            url: a.url.clone(),
            span: None,
        });
    }
    for p in &a.republished_from {
        if let Some(name) = p.publisher.clone().or_else(|| p.publication.clone()) {
            out.push(SourceRef {
                name,
                kind: "original".into(),
                date: p.published.clone(),
                url: p.url.clone(),
                span: None,
            });
        }
        if let Some(au) = &p.author {
            out.push(SourceRef {
                name: au.clone(),
                kind: "author".into(),
                date: p.published.clone(),
                url: None,
                span: None,
            });
        }
    }
    for au in &a.authors {
        if !out.iter().any(|s| s.kind == "author" && &s.name == au) {
            out.push(SourceRef {
                name: au.clone(),
                kind: "author".into(),
                date: a.published.clone(),
                url: None,
                span: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::with_ctx;
    use super::*;

    #[test]
    fn citations_and_attributions() {
        with_ctx(
            "Gunmen killed six soldiers near Dori (dakaractu.com, April 25), according to Reuters.",
            |cx| {
                let s = sources_of(cx.doc, cx.sent, cx.idx);
                let kinds: Vec<(&str, &str)> = s
                    .iter()
                    .map(|s| (s.kind.as_str(), s.name.as_str()))
                    .collect();
                assert!(kinds.contains(&("citation", "dakaractu.com")), "{kinds:?}");
                assert!(kinds.contains(&("attribution", "Reuters")), "{kinds:?}");
                let c = s.iter().find(|s| s.kind == "citation").unwrap();
                assert_eq!(c.date.as_deref(), Some("2022-04-25"));
            },
        );
    }
}
