//! Places stage: an embedded GeoNames gazetteer, toponym recognition and
//! resolution in English and French, and event location.
//!
//! The gazetteer (countries, admin1/admin2 units, 235,000 populated places,
//! continents and large regions, with selected alternate names) is compiled
//! into the binary from `data/gazetteer/gazetteer.tsv.sz` and loaded once per
//! process by [`Gazetteer::embedded`], merged with the user gazetteer that
//! `khaldun gazetteer import` writes (`$KHALDUN_GAZETTEER_DIR`, default
//! `./khaldun-data/gazetteer/`). Country names and demonyms come from
//! `data/countries/countries.tsv` ([`countries`]).
//!
//! ```
//! use khaldun_geo::{geoparse, Gazetteer, ParseOptions};
//! let g = Gazetteer::embedded();
//! let places = geoparse(&g, "Gunmen attacked a village near Ségou, in central Mali.",
//!                       ParseOptions { lang: Some("en"), demonyms: true });
//! assert!(places.iter().any(|p| p.place.name == "Ségou" && p.place.country.as_deref() == Some("ML")));
//! ```
//!
//! Measuring (numbers in the issue note):
//! - accuracy: `khaldun eval geo --gold GEOVIRUS.jsonl [--given-spans] [--errors FILE]`
//!   (or `cargo run --release -p khaldun-geo --example geo_eval -- GOLD [--given-spans]`);
//! - speed: `cargo bench -p khaldun-geo` (recognition + resolution over the bundled VOA
//!   stories, and the gazetteer load);
//! - load time and memory: `cargo build --release -p khaldun-geo --example load_phases &&
//!   /usr/bin/time -v target/release/examples/load_phases` (run from the workspace root).
//!
//! Recognition is rule-based (gazetteer lookup of capitalised word runs,
//! filtered by context cues in `data/gazetteer/cues.txt`); it does not use a
//! statistical NER model, does not read tokens from other stages, and does not
//! geocode street addresses or places finer than GeoNames' populated places.

use std::ops::Range;
use std::sync::Arc;

use khaldun_model::{AnnotatedArticle, Component, EventLocation, GeoPrecision, PlaceMention, Span};

pub mod build;
mod countries;
mod cues;
pub mod eval;
pub mod fold;
pub mod gazetteer;
mod parse;

pub use countries::{countries, country, Country};
pub use gazetteer::{Entry, Gazetteer, Kind};
pub use parse::{geoparse, place_of, resolve_spans, MentionKind, ParseOptions};

/// Pipeline component that fills `doc.places`.
pub struct GeoStage {
    gazetteer: Arc<Gazetteer>,
}

impl GeoStage {
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        GeoStage { gazetteer }
    }
}

impl Component for GeoStage {
    fn name(&self) -> &'static str {
        "geo"
    }
    fn annotate(&self, doc: &mut AnnotatedArticle) {
        let lang = doc.article.language.as_deref();
        doc.places = geoparse(
            &self.gazetteer,
            &doc.article.text,
            ParseOptions {
                lang,
                demonyms: true,
            },
        );
    }
}

fn rank(m: &PlaceMention) -> u8 {
    // lower is better: towns, then parts of regions, then admin units, then demonyms
    match (m.kind.as_str(), m.place.precision) {
        ("demonym", _) => 5,
        (_, GeoPrecision::Town) => 0,
        (_, GeoPrecision::Near) => 1,
        _ if m
            .place
            .feature
            .as_deref()
            .is_some_and(|f| f.ends_with("ADM2")) =>
        {
            2
        }
        _ if m
            .place
            .feature
            .as_deref()
            .is_some_and(|f| f.ends_with("ADM1")) =>
        {
            3
        }
        _ => 4,
    }
}

/// Pick the location of an event whose clause spans `clause` (code points)
/// and whose trigger starts at `trigger`, from `doc.places`: the most specific
/// place inside the clause (town, then near a town or part of a region, then
/// admin unit, then country, then a demonym's country), the nearest to the
/// trigger among equals. Precision is ACLED's (1 town, 2 near a town or part
/// of a region, 3 admin unit or country). None when the clause names no place.
pub fn locate_event(
    doc: &AnnotatedArticle,
    clause: Range<usize>,
    trigger: usize,
) -> Option<EventLocation> {
    let best = doc
        .places
        .iter()
        .filter(|m| m.start >= clause.start && m.end <= clause.end)
        .filter(|m| m.place.lat.is_some() || m.place.country.is_some())
        .min_by_key(|m| {
            let d = if m.start >= trigger {
                m.start - trigger
            } else {
                trigger - m.end.min(trigger)
            };
            (rank(m), d)
        })?;
    let mut place = best.place.clone();
    if best.kind == "demonym" {
        place.precision = GeoPrecision::Region;
    }
    Some(EventLocation {
        place,
        span: Some(Span {
            start: best.start,
            end: best.end,
            text: best.text.clone(),
        }),
    })
}

#[cfg(test)]
mod tests;
