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

mod abbrev;
pub mod build;
mod chain;
mod countries;
mod country_cues;
mod cues;
pub mod eval;
pub mod fold;
pub mod gazetteer;
mod parse;
pub mod territory;

pub use countries::{countries, country, neighbours, Country};
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
    // lower is better: towns, then places near towns, then admin2, admin1 (an
    // unknown place counts at the level of the unit it was placed in: "près de
    // Sévaré, dans la région de Mopti"), then countries and parts of them,
    // then demonyms
    let feature = m.place.feature.as_deref().unwrap_or("");
    let unit = |f: &str| {
        if f.ends_with("ADM2") || f.is_empty() && m.place.admin2.is_some() {
            Some(2)
        } else if f.ends_with("ADM1") || f.is_empty() && m.place.admin1.is_some() {
            Some(3)
        } else {
            None
        }
    };
    match (m.kind.as_str(), m.place.precision) {
        ("demonym", _) => 5,
        (_, GeoPrecision::Town) => 0,
        _ if feature.starts_with("P.") => 1,
        _ => unit(feature).unwrap_or(4),
    }
}

/// Pick the location of an event whose clause spans `clause` (code points)
/// and whose trigger starts at `trigger`, from `doc.places`: the most specific
/// place inside the clause (town, then near a town, then admin2, then admin1 -
/// an unknown place counts at the level of the unit it was placed in - then a
/// country or part of one, then a demonym's country), the nearest to the
/// trigger among equals. Precision is ACLED's (1 town, 2 near a town or part
/// of a region, 3 admin unit or country). None when the clause names no place.
///
/// Two kinds of mention only stand in when nothing better is named:
/// - a place in the article's dateline ("BAMAKO, Mali —"), which says where
///   the story was filed, is used only when the clause names no other place;
/// - a town that is only a reference point ("north of Ségou", "near Gao",
///   "30 km from Mopti", precision 2) loses to a town named directly in the
///   clause and to an unknown place located through its admin unit ("Kani,
///   in the Mopti region").
pub fn locate_event(
    doc: &AnnotatedArticle,
    clause: Range<usize>,
    trigger: usize,
) -> Option<EventLocation> {
    locate_event_among(doc, &doc.places, &doc.actors, clause, trigger)
}

/// [`locate_event`] over a part of the document's layers: `places` and
/// `actors` are runs of `doc.places` and `doc.actors`, in document order, that
/// hold every mention overlapping `clause` (the events stage passes its
/// sentence's, so that locating an event does not scan the whole document).
pub fn locate_event_among(
    doc: &AnnotatedArticle,
    places: &[PlaceMention],
    actors: &[khaldun_model::ActorMention],
    clause: Range<usize>,
    trigger: usize,
) -> Option<EventLocation> {
    let dateline = dateline_end(doc);
    // (a named place with no point at all, "le village de Kalamba" in a report
    // that names no country, still names where the event happened)
    let usable = |m: &&PlaceMention| {
        m.start >= clause.start
            && m.end <= clause.end
            && (m.place.lat.is_some() || m.place.country.is_some() || m.kind == "toponym")
    };
    let outside_dateline = places.iter().filter(usable).any(|m| m.start >= dateline);
    let best = places
        .iter()
        .filter(usable)
        .filter(|m| !outside_dateline || m.start >= dateline)
        .min_by_key(|m| {
            let d = if m.start >= trigger {
                m.start - trigger
            } else {
                trigger - m.end.min(trigger)
            };
            // an unknown "place" that the actor stage read as an actor ("Ansaru") is no direct place
            let actor = m.place.geonameid.is_none()
                && actors.iter().any(|a| a.start < m.end && m.start < a.end);
            (
                tier(m).max(u8::from(actor)),
                if actor { 6 } else { rank(m) },
                d,
            )
        })?;
    let mut place = best.place.clone();
    if best.kind == "demonym" {
        place.precision = GeoPrecision::Region;
    }
    // "in northern Benin": the event is in that part of the country or unit
    // (the mention itself stays Benin; the event's point moves north)
    if let Some(q) = best.qualifier.as_deref() {
        let g = Gazetteer::embedded();
        let entry = match (place.feature.as_deref(), place.country.as_deref()) {
            (Some("A.PCLI"), Some(cc)) => g.country_entry(cc),
            (Some("A.ADM1"), Some(cc)) => {
                place.admin1.as_deref().and_then(|a| g.find_admin1(cc, a))
            }
            _ => None,
        };
        if let Some((lat, lon)) = entry.and_then(|i| g.part_point(g.entry(i), q)) {
            place.lat = Some((lat as f64 * 1e5).round() / 1e5);
            place.lon = Some((lon as f64 * 1e5).round() / 1e5);
        }
    } else if place.precision == GeoPrecision::Region {
        // ACLED puts an event known only at the level of a province at the
        // provincial capital (precision 3)
        if let Some((lat, lon)) = seat_point(&place) {
            place.lat = Some(lat);
            place.lon = Some(lon);
        }
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

/// The point of the most populous place of the admin1 or admin2 unit a
/// place is (`A.ADM1`, `A.ADM2`), or was placed in (an unknown name located
/// through its admin1 unit at precision 3).
fn seat_point(place: &khaldun_model::Place) -> Option<(f64, f64)> {
    let g = Gazetteer::embedded();
    let cc = place.country.as_deref()?;
    let a1 = g.find_admin1(cc, place.admin1.as_deref()?)?;
    let unit = match place.feature.as_deref() {
        Some("A.ADM1") | None => a1,
        Some("A.ADM2") => g.find_admin2(cc, g.entry(a1).admin1, place.admin2.as_deref()?)?,
        _ => return None,
    };
    let seat = g.entry(g.seat_of(g.entry(unit))?);
    let round = |x: f32| (x as f64 * 1e5).round() / 1e5;
    Some((round(seat.lat), round(seat.lon)))
}

/// A country-level location (precision 3, no span) for an ISO 3166-1 alpha-2
/// code, when the text names no place but says whose people were hit
/// ("massacres of Malian civilians").
pub fn country_location(iso2: &str) -> Option<EventLocation> {
    let g = Gazetteer::embedded();
    let e = g.entry(g.country_entry(iso2)?);
    let mut place = place_of(&g, e);
    place.precision = GeoPrecision::Region;
    Some(EventLocation { place, span: None })
}

/// 0 for a place named directly (a town, or an unknown place located through
/// its admin unit or a nearby town), 1 for everything else (reference points,
/// admin units, countries, demonyms).
fn tier(m: &PlaceMention) -> u8 {
    let reference = m.qualifier.is_some() && m.kind == "toponym";
    let direct_town = m.place.precision == GeoPrecision::Town && m.qualifier.is_none();
    let unknown_located = m.kind == "toponym"
        && m.qualifier.is_none()
        && m.place.geonameid.is_none()
        && m.place.feature.is_none()
        && (m.place.admin1.is_some() || m.place.lat.is_some());
    if !reference && (direct_town || unknown_located) {
        0
    } else {
        1
    }
}

/// Code point offset where the article's dateline ends (0 when it has none):
/// `article.dateline` when the text opens with it, else a leading
/// "CITY, Country —" / "CITY (Agency) -" span.
fn dateline_end(doc: &AnnotatedArticle) -> usize {
    let text = &doc.article.text;
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    let body = text.trim_start();
    if let Some(d) = doc.article.dateline.as_deref() {
        if !d.is_empty() && body.starts_with(d) {
            return lead + d.chars().count();
        }
    }
    // a short opening run ending in a dash, with an all-capital first word or an agency in brackets
    let head: String = body.chars().take(80).take_while(|&c| c != '\n').collect();
    let Some((pos, dash)) = ["—", "–", " - "]
        .iter()
        .filter_map(|d| head.find(d).map(|p| (p, *d)))
        .min()
    else {
        return 0;
    };
    let before = &head[..pos];
    if before.contains('.') && !before.contains('(') {
        return 0;
    }
    let first: &str = before
        .split(|c: char| !c.is_alphabetic() && c != '-')
        .next()
        .unwrap_or("");
    let caps = first.chars().count() >= 3 && first.chars().all(|c| c.is_uppercase() || c == '-');
    // "Ouagadougou, le 15 juin 2024 –": a capitalised place, a comma and a date
    let dated = first.chars().next().is_some_and(char::is_uppercase)
        && before.chars().count() <= 50
        && before
            .split_once(',')
            .is_some_and(|(_, rest)| rest.chars().filter(char::is_ascii_digit).count() >= 4);
    if caps || dated || before.contains('(') {
        lead + head[..pos + dash.len()].chars().count()
    } else {
        0
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_places;
