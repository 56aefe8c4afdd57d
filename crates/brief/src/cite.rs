//! Cited events: every event of the period gets a reference number, one generated sentence
//! (ACLED's notes style, `khaldun_acled::note`) and the sources and articles it rests on.

use khaldun_model::{Event, GeoPrecision};
use khaldun_store::{EventRecord, Store};
use serde::{Deserialize, Serialize};

use crate::BriefError;

/// Events whose articles are looked up (title, URL); beyond this only source names are given.
pub const MAX_DETAILED: usize = 500;

/// An article that reports an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRef {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

/// A source named for an event (`Studio Tamani`, citation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceName {
    pub name: String,
    pub kind: String,
}

/// One event of the brief, with its reference number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cited {
    /// Reference number, 1-based, in date order.
    pub n: usize,
    pub id: String,
    /// Day (`YYYY-MM-DD`).
    pub date: String,
    /// The text gives no date: the article's publication date stands in.
    pub date_fallback: bool,
    /// Dated only to the month or year.
    pub coarse_date: bool,
    pub acled_type: String,
    pub sub_type: String,
    /// "Boni, Mopti, Mali".
    pub place: String,
    pub admin1: Option<String>,
    pub country: Option<String>,
    /// The place is not from the text, or only the admin unit or country is known.
    pub place_fallback: bool,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub actor: Option<String>,
    pub actor_key: Option<String>,
    pub target: Option<String>,
    pub killed: u32,
    pub status: String,
    pub claimant: Option<String>,
    pub denied_by: Option<String>,
    /// Independent outlets (the store's `sources`).
    pub independent_sources: u32,
    /// The generated sentence.
    pub note: String,
    pub sources: Vec<SourceName>,
    pub articles: Vec<ArticleRef>,
}

impl Cited {
    /// The first 12 characters of the id, as `khaldun events` prints them.
    pub fn short_id(&self) -> &str {
        &self.id[..self.id.len().min(12)]
    }
}

/// The ACLED-style sentence of an event.
pub fn note(e: &Event) -> String {
    let loc = e.location.as_ref().map(|l| &l.place);
    let cc = loc.and_then(|p| p.country.as_deref());
    let country = cc.map(crate::country_name);
    let date = e.date.as_ref();
    khaldun_acled::note(&khaldun_acled::NoteFacts {
        date: date.map(|d| d.date.as_str()),
        time_precision: date.map_or(3, |d| d.time_precision),
        event_type: &e.acled.event_type,
        sub_event_type: &e.acled.sub_event_type,
        actor1: e.actor.as_ref().map(|a| a.name.as_str()),
        actor2: e.target.as_ref().map(|a| a.name.as_str()),
        location: loc.map(|p| p.name.as_str()).filter(|s| !s.is_empty()),
        admin1: loc.and_then(|p| p.admin1.as_deref()),
        country: country.as_deref(),
        killed: e.killed,
        injured: e.injured,
        abducted: e.abducted,
        arrested: e.arrested,
    })
}

/// True when the event's place is a stand-in: not found in the text (dateline or country
/// fallback), or known only to the admin unit or country.
pub fn place_fallback(e: &Event) -> bool {
    match &e.location {
        None => true,
        Some(l) => l.span.is_none() || l.place.precision == GeoPrecision::Region,
    }
}

fn place_label(e: &Event) -> String {
    let Some(p) = e.location.as_ref().map(|l| &l.place) else {
        return "place unknown".into();
    };
    let mut parts = vec![p.name.clone()];
    if let Some(a) = p.admin1.as_ref().filter(|a| **a != p.name) {
        parts.push(a.clone());
    }
    if let Some(c) = &p.country {
        let name = crate::country_name(c);
        if name != p.name {
            parts.push(name);
        }
    }
    parts.join(", ")
}

/// The cited form of `r`, numbered `n`; `store` gives its articles when `detailed`.
pub fn cite(
    store: &dyn Store,
    r: &EventRecord,
    n: usize,
    detailed: bool,
) -> Result<Cited, BriefError> {
    let e = &r.event;
    let (date, date_fallback, coarse_date) = match &e.date {
        Some(d) => (
            d.date.clone(),
            d.source == "published",
            d.time_precision >= 3,
        ),
        None => (String::new(), true, true),
    };
    let loc = e.location.as_ref().map(|l| &l.place);
    let mut sources: Vec<SourceName> = Vec::new();
    for s in &e.sources {
        if !sources.iter().any(|x| x.name == s.name) {
            sources.push(SourceName {
                name: s.name.clone(),
                kind: s.kind.clone(),
            });
        }
    }
    let articles = if detailed {
        articles_of(store, &r.id)?
    } else {
        Vec::new()
    };
    Ok(Cited {
        n,
        id: r.id.clone(),
        date,
        date_fallback,
        coarse_date,
        acled_type: e.acled.event_type.clone(),
        sub_type: e.acled.sub_event_type.clone(),
        place: place_label(e),
        admin1: loc.and_then(|p| p.admin1.clone()),
        country: loc.and_then(|p| p.country.clone()),
        place_fallback: place_fallback(e),
        lat: loc.and_then(|p| p.lat),
        lon: loc.and_then(|p| p.lon),
        actor: e.actor.as_ref().map(|a| a.name.clone()),
        actor_key: e.actor.as_ref().map(crate::actor_key),
        target: e.target.as_ref().map(|a| a.name.clone()),
        killed: e.killed.unwrap_or(0),
        status: e.status.as_str().to_string(),
        claimant: e.claimant.clone(),
        denied_by: e.denied_by.clone(),
        independent_sources: r.sources,
        note: note(e),
        sources,
        articles,
    })
}

fn articles_of(store: &dyn Store, id: &str) -> Result<Vec<ArticleRef>, BriefError> {
    let Some(d) = store.event(id)? else {
        return Ok(Vec::new());
    };
    let mut out: Vec<ArticleRef> = Vec::new();
    for r in d.reports {
        if out.iter().any(|a| a.id == r.article_id) {
            continue;
        }
        out.push(ArticleRef {
            id: r.article_id,
            title: r.title,
            publisher: r.publisher,
            published: r.published.map(|p| p.chars().take(10).collect()),
            url: r.url,
        });
    }
    Ok(out)
}
