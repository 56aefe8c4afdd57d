//! The Khaldun data model: the one document type every pipeline stage annotates.
//!
//! An [`Article`] comes out of ingestion; the pipeline wraps it in an
//! [`AnnotatedArticle`] and each stage adds its layer in order: sentences and
//! tokens (`text`), time expressions (`time`), places (`geo`), actor mentions
//! (`actors`) and finally [`Event`]s (`events`). The `extract` command prints
//! the annotated article serialised as JSON; that serialisation is a public
//! contract documented in `docs/schema.md`: fields are added, never renamed.
//!
//! **Offsets.** Every `start`/`end` in this crate is a Unicode *code point*
//! offset into `Article::text` (end exclusive), because that is what external
//! scorers written in Python or Java count. Stages work on byte offsets
//! internally and convert with [`TextIndex`].
//!
//! This crate does no I/O and knows nothing about storage or the CLI.

use serde::{Deserialize, Serialize};

mod index;
pub use index::TextIndex;

/// A news article or report, as ingested.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Article {
    /// Stable identifier: [`stable_id`] of the canonical URL, or of the text
    /// when there is no URL. Re-ingesting the same article yields the same id.
    pub id: String,
    /// The identifier the input gave the record (JSON Lines `id`), kept as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Site or outlet that published this copy ("Ocnus.net", "Voice of America").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The byline as written ("By Jacob Zenn, Terrorism Monitor, 20/5/22 ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Publication date-time of this copy, ISO 8601 (`2022-05-22T12:07:40` or `2022-05-22`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// When Khaldun read it, RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
    /// ISO 639-1 code (`en`, `fr`), given or detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// A dateline such as "BAMAKO, Mali —", when the text opens with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Republication chain, nearest first: the copy this article republishes,
    /// then the one that copy republished, and so on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub republished_from: Vec<Provenance>,
    /// Input format the article came from (`text`, `html`, `rss`, `atom`, `jsonl`, `warc`).
    #[serde(default)]
    pub format: String,
    /// Where it was read from (file path, URL, `-`), for error reports and provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Body text; all offsets point into it.
    pub text: String,
}

/// One link in a republication chain: who first published the piece.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Provenance {
    /// Organisation ("Jamestown Foundation" or "Jamestown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Publication or series ("Terrorism Monitor").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// ISO 8601 date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A span of the article text, in code points.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A sentence, with its tokens.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Tokens; omitted from `extract` output unless asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Token>,
}

/// A word or punctuation token.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// TIMEX3 type.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    #[default]
    Date,
    Time,
    Duration,
    Set,
}

/// A time expression, normalised TIMEX3 style against the document date.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TIMEX3 value: `2022-04-25`, `2022-W16`, `P5W`, `XXXX-WXX-5`, `PAST_REF`...
    pub value: String,
    /// TIMEX3 `mod` (`BEFORE`, `APPROX`, `START`...), when any.
    #[serde(default, rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// True when the expression sits in a parenthesised citation such as
    /// "(Twitter/@x, April 26)": a source date, not an event date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub citation: bool,
    /// True when the expression dates a statement or the page itself
    /// ("police said Saturday", "Posted: Tuesday, May 27"): not an event date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub said: bool,
}

/// How precisely a place is known, ACLED style.
#[derive(
    Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(into = "u8", try_from = "u8")]
pub enum GeoPrecision {
    /// The town or village itself.
    #[default]
    Town = 1,
    /// Near a town, or a part of a region.
    Near = 2,
    /// Only the admin unit or country is known.
    Region = 3,
}

impl From<GeoPrecision> for u8 {
    fn from(p: GeoPrecision) -> u8 {
        p as u8
    }
}

impl TryFrom<u8> for GeoPrecision {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, String> {
        match v {
            1 => Ok(GeoPrecision::Town),
            2 => Ok(GeoPrecision::Near),
            3 => Ok(GeoPrecision::Region),
            _ => Err(format!("geo precision must be 1, 2 or 3, not {v}")),
        }
    }
}

/// A resolved (or knowingly unresolved) place.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Place {
    /// GeoNames id; `None` when the name could not be resolved to an entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<u64>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    /// GeoNames feature class and code, e.g. `P.PPL`, `A.ADM1`, `A.PCLI`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    pub precision: GeoPrecision,
}

/// A toponym (or demonym / region phrase) found in the text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(flatten)]
    pub place: Place,
    /// `toponym`, `demonym` (as in "Malian soldiers") or `region` ("northern Benin").
    #[serde(default)]
    pub kind: String,
    /// Direction or part qualifier ("north", "outskirts").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    #[serde(default)]
    pub score: f32,
}

/// An actor as coded on an event or mention.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Actor {
    /// Knowledge-base id (`jnim`, `mli-military`), when resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Canonical name, or the surface form when unresolved.
    pub name: String,
    /// ACLED inter code 1-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inter: Option<u8>,
    /// PLOVER actor sector (`GOV`, `MIL`, `REB`, `CVL`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// ISO 3166-1 alpha-2 of the actor's country, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Identity qualifier of a generic class ("Fulani" in "Fulani civilians",
    /// "Christian" in "Christian worshippers"), ACLED's associated identity group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
}

/// An actor mention in the text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ActorMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(flatten)]
    pub actor: Actor,
    /// How the mention was resolved when not by its own name: `context`
    /// (a generic "the army" / "the junta" resolved to the document's focus
    /// country) or `metonymy` (a capital standing for its government,
    /// "Bamako accused Paris"). `None` for names, aliases and demonym phrases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
}

/// Whose voice carries an event.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// The reporter's own voice.
    #[default]
    Asserted,
    /// Claimed by the actor itself ("JNIM claimed that it kidnapped...").
    Claimed,
    /// Denied by someone ("the government denied...").
    Denied,
    /// Alleged or accused ("has been accused of partaking in massacres").
    Alleged,
    /// Reported by a third party ("X said", "according to X").
    Reported,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Asserted => "asserted",
            EventStatus::Claimed => "claimed",
            EventStatus::Denied => "denied",
            EventStatus::Alleged => "alleged",
            EventStatus::Reported => "reported",
        }
    }
}

/// An event's place.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct EventLocation {
    #[serde(flatten)]
    pub place: Place,
    /// The mention the location was taken from, when it came from the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// How precisely an event's date is known.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    #[default]
    Day,
    Week,
    Month,
    Year,
}

impl DatePrecision {
    /// ACLED `time_precision`: 1 day, 2 week (or a few days), 3 month or coarser.
    pub fn acled(self) -> u8 {
        match self {
            DatePrecision::Day => 1,
            DatePrecision::Week => 2,
            DatePrecision::Month | DatePrecision::Year => 3,
        }
    }
}

/// An event's date.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct EventDate {
    /// Best single day, ISO 8601 (`2022-04-25`); for coarser precision the first day.
    pub date: String,
    /// TIMEX3 value it came from (`2022-04`, `2022-W16`), when it came from the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub precision: DatePrecision,
    /// ACLED time_precision 1-3.
    pub time_precision: u8,
    /// `text` when resolved from a time expression, `published` when the article date was used.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A source an event rests on.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SourceRef {
    /// "Twitter/@Lesoirdebamako", "dakaractu.com", "Reuters", "Ocnus.net".
    pub name: String,
    /// `citation` (inline parenthesised), `attribution` ("according to X", "told AFP"),
    /// `publisher` (the article's outlet), `original` (republished-from), `author`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// PLOVER coding.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PloverCoding {
    /// One of PLOVER's 16 types, upper case (`ASSAULT`, `FIGHT`, `PROTEST`...).
    pub event_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
}

/// ACLED coding.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AcledCoding {
    pub event_type: String,
    pub sub_event_type: String,
}

/// CAMEO coding.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CameoCoding {
    /// Two-digit root code (`18`, `19`).
    pub root: String,
    /// Full code when known (`181`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub goldstein: f32,
}

/// One event as told by one article.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Event {
    /// Stable id: hash of article id and trigger offsets.
    pub id: String,
    /// Index into the article's sentences.
    pub sentence: usize,
    pub trigger: Span,
    /// Sentence spans that justify the event (the trigger's sentence first).
    pub evidence: Vec<Span>,
    pub plover: PloverCoding,
    pub acled: AcledCoding,
    pub cameo: CameoCoding,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assoc_actors: Vec<Actor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Actor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assoc_targets: Vec<Actor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<EventLocation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<EventDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abducted: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrested: Option<u32>,
    pub status: EventStatus,
    /// Who claims, reports or alleges it (for `claimed`, `reported`, `alleged`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    /// Who denies it (for `denied`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied_by: Option<String>,
    /// Negated ("did not attack"): kept for audit, never exported as an event.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
    /// Future, conditional or hypothetical ("could be captured").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hypothetical: bool,
    /// Background the article recalls rather than reports ("has withdrawn ... in 2022").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub historical: bool,
    /// A PLOVER verbal or cooperative event (a statement, meeting, accusation,
    /// sanction) that ACLED does not code: stored, hidden by default, never in
    /// ACLED exports.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub plover_only: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    pub confidence: f32,
}

/// The pipeline's document: an article and every layer the stages added.
/// Serialised, this is one line of `khaldun extract` output.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AnnotatedArticle {
    pub article: Article,
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    #[serde(default)]
    pub timexes: Vec<Timex>,
    #[serde(default)]
    pub places: Vec<PlaceMention>,
    #[serde(default)]
    pub actors: Vec<ActorMention>,
    #[serde(default)]
    pub events: Vec<Event>,
    /// Set when the record could not be processed (JSON Lines input keeps its line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl AnnotatedArticle {
    pub fn new(article: Article) -> Self {
        AnnotatedArticle {
            article,
            ..Default::default()
        }
    }

    /// The article's publication date (`YYYY-MM-DD`), if known.
    pub fn published_date(&self) -> Option<&str> {
        self.article.published.as_deref().and_then(|p| p.get(..10))
    }

    /// Index of the sentence containing code point offset `pos`.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }
}

/// 1-based line number of byte offset `byte` in `text` (clamped to its end),
/// for error messages that point into an input file.
pub fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Stable hex id from any bytes: the first 16 hex digits of a 64-bit FNV-1a
/// hash followed by those of a second, differently seeded pass (128 bits).
pub fn stable_id(parts: &[&str]) -> String {
    fn fnv(seed: u64, parts: &[&str]) -> u64 {
        let mut h = seed;
        for p in parts {
            for b in p.as_bytes().iter().chain(std::iter::once(&0xffu8)) {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    }
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325, parts),
        fnv(0x8422_2325_cbf2_9ce4, parts)
    )
}

/// A pipeline stage: adds one layer of annotation to the document.
///
/// Stages are pure: no I/O, no store, no global state beyond their
/// read-only language data, so the pipeline can run them on many articles
/// in parallel.
pub trait Component: Send + Sync {
    /// Short name used in logs, `--disable` flags and benchmarks.
    fn name(&self) -> &'static str;
    /// Add this stage's annotations to `doc`.
    fn annotate(&self, doc: &mut AnnotatedArticle);
}

/// Days since 1970-01-01 of an ISO date's first ten characters (`2024-03-01`);
/// None when it is no date.
pub fn day_number(iso: &str) -> Option<i64> {
    let y: i64 = iso.get(..4)?.parse().ok()?;
    let m: i64 = iso.get(5..7)?.parse().ok()?;
    let d: i64 = iso.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // days from civil (Howard Hinnant)
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Great-circle distance in km between two points given in degrees.
pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_id_is_stable_and_distinguishes_parts() {
        assert_eq!(stable_id(&["a", "b"]), stable_id(&["a", "b"]));
        assert_ne!(stable_id(&["ab"]), stable_id(&["a", "b"]));
        assert_eq!(stable_id(&["x"]).len(), 32);
    }

    #[test]
    fn precision_serialises_as_number() {
        let p = Place {
            name: "Ségou".into(),
            precision: GeoPrecision::Near,
            ..Default::default()
        };
        let j = serde_json::to_value(&p).unwrap();
        assert_eq!(j["precision"], 2);
        let back: Place = serde_json::from_value(j).unwrap();
        assert_eq!(back.precision, GeoPrecision::Near);
        assert!(serde_json::from_str::<GeoPrecision>("7").is_err());
    }

    #[test]
    fn sentence_lookup_by_offset() {
        let mut a = AnnotatedArticle::new(Article::default());
        a.sentences = vec![
            Sentence {
                start: 0,
                end: 10,
                ..Default::default()
            },
            Sentence {
                start: 11,
                end: 20,
                ..Default::default()
            },
        ];
        assert_eq!(a.sentence_at(0), Some(0));
        assert_eq!(a.sentence_at(12), Some(1));
        assert_eq!(a.sentence_at(10), None);
        assert_eq!(a.sentence_at(25), None);
    }

    #[test]
    fn status_names() {
        assert_eq!(
            serde_json::to_string(&EventStatus::Denied).unwrap(),
            "\"denied\""
        );
        assert_eq!(EventStatus::Claimed.as_str(), "claimed");
        assert_eq!(DatePrecision::Week.acled(), 2);
    }
}
