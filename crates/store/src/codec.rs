//! How every backend encodes an article: its content hash, its metadata
//! and annotations as JSON, and back.

use khaldun_model::{
    ActorMention, AnnotatedArticle, Article, Event, PlaceMention, Sentence, Timex,
};
use serde::{Deserialize, Serialize};

use crate::Result;

/// The hash that tells an unchanged article from an updated one.
pub fn content_hash(a: &Article) -> String {
    khaldun_model::stable_id(&[
        &a.text,
        a.title.as_deref().unwrap_or(""),
        a.published.as_deref().unwrap_or(""),
        a.url.as_deref().unwrap_or(""),
    ])
}

/// Now, as stored (`2024-03-11T10:00:00Z`).
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[derive(Serialize)]
struct AnnotationsRef<'a> {
    sentences: Vec<Sentence>,
    timexes: &'a [Timex],
    places: &'a [PlaceMention],
    actors: &'a [ActorMention],
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Annotations {
    sentences: Vec<Sentence>,
    timexes: Vec<Timex>,
    places: Vec<PlaceMention>,
    actors: Vec<ActorMention>,
}

/// An article ready to store: its metadata without the text (retrieval
/// time filled in), that as JSON, and its annotations as JSON (sentences
/// without tokens).
pub struct EncodedArticle {
    pub meta: Article,
    pub meta_json: String,
    pub annotations_json: String,
}

pub fn encode_article(doc: &AnnotatedArticle) -> Result<EncodedArticle> {
    let mut meta = crate::query::article_meta(&doc.article);
    if meta.retrieved.is_none() {
        meta.retrieved = Some(now());
    }
    let annotations = AnnotationsRef {
        sentences: doc
            .sentences
            .iter()
            .map(|s| Sentence {
                tokens: Vec::new(),
                ..s.clone()
            })
            .collect(),
        timexes: &doc.timexes,
        places: &doc.places,
        actors: &doc.actors,
    };
    Ok(EncodedArticle {
        meta_json: serde_json::to_string(&meta)?,
        annotations_json: serde_json::to_string(&annotations)?,
        meta,
    })
}

/// The stored article back: metadata JSON, text, annotations JSON and its reports' events.
pub fn decode_article(
    meta: &str,
    text: String,
    annotations: &str,
    events: Vec<Event>,
) -> Result<AnnotatedArticle> {
    let mut article: Article = serde_json::from_str(meta)?;
    article.text = text;
    let ann: Annotations = serde_json::from_str(annotations)?;
    Ok(AnnotatedArticle {
        article,
        sentences: ann.sentences,
        timexes: ann.timexes,
        places: ann.places,
        actors: ann.actors,
        events,
        error: None,
    })
}

/// The terms of a free-text query: letters and digits, with inner `'` and
/// `-` (no query syntax from user input).
pub fn query_terms(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|t| !t.is_empty())
        .collect()
}
