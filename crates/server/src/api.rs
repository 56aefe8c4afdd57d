//! The API's JSON shapes. These are the server's public contract (documented
//! in the OpenAPI document): fields are added, never renamed.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An actor as it appears on an event row.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct ActorRef {
    /// Knowledge-base id, when resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// ACLED inter code 1-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inter: Option<u8>,
}

/// One deduplicated real-world event, flattened for lists, maps and exports.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct EventSummary {
    pub id: String,
    /// Best single day, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// ACLED time_precision 1-3 (0 when there is no date).
    #[serde(default)]
    pub time_precision: u8,
    /// PLOVER type, upper case (`ASSAULT`, `FIGHT`, `PROTEST`...).
    pub plover_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plover_context: Vec<String>,
    #[serde(default)]
    pub acled_event_type: String,
    #[serde(default)]
    pub acled_sub_event_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo_root: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor1: Option<ActorRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assoc_actor1: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor2: Option<ActorRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assoc_actor2: Vec<String>,
    /// Place name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// ACLED geo_precision 1-3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_precision: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abducted: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrested: Option<u32>,
    /// `asserted`, `claimed`, `denied`, `alleged`, `reported`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    /// Distinct sources (outlets, cited accounts) behind the event.
    #[serde(default)]
    pub n_sources: u32,
    /// Article reports merged into this event.
    #[serde(default)]
    pub n_reports: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The evidence sentence of the first report (ACLED `notes`).
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub confidence: f32,
    /// Where the date comes from: `text` (a time expression), `published` (the article's
    /// publication date stands in: the text gives none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_source: Option<String>,
    /// Where the place comes from: `text` (a place mention), `fallback` (the dateline, the
    /// victims' or the article's country: no place in the event's sentences).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_source: Option<String>,
    /// When the event entered the database (RFC 3339, UTC); ACLED's `timestamp` in exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
}

/// A page of events.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct EventPage {
    pub events: Vec<EventSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// A highlighted part of an evidence sentence (code point offsets into the
/// sentence text, end exclusive).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    /// `trigger`, `actor`, `target`, `place`, `date`, `number`, `source`.
    pub kind: String,
}

/// One article's account of the event.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Report {
    pub article_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Republication chain, nearest first ("Jamestown Foundation, Terrorism Monitor, 2022-05-20").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub republished_from: Vec<String>,
    /// The article event id.
    pub event_id: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied_by: Option<String>,
    /// Evidence sentences with their highlights.
    pub evidence: Vec<Evidence>,
    /// Sources this report cites (inline citations, attributions, outlet).
    #[serde(default)]
    pub sources: Vec<SourceView>,
    /// Why deduplication put this report in the event: its strongest link to
    /// another article's report (none for the event's first report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_by: Option<MergeEvidence>,
}

/// A deduplication link: the other report's article, the pair's score and
/// the evidence behind it (`names +0.80`, `place +0.30`...; the threshold is
/// in `data/dedup/scoring.tsv`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct MergeEvidence {
    pub article_id: String,
    pub score: f64,
    pub evidence: Vec<String>,
}

/// An evidence sentence.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Evidence {
    /// Code point offset of the sentence in the article text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub highlights: Vec<Highlight>,
}

/// A source in the chain behind a report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct SourceView {
    pub name: String,
    /// `citation`, `attribution`, `publisher`, `original`, `author`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An event with everything behind it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct EventDetail {
    pub event: EventSummary,
    pub reports: Vec<Report>,
}

/// An actor in lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct ActorSummary {
    /// Knowledge-base id, or `name:<name>` for unresolved actors.
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inter: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Events where the actor is actor1 or actor2.
    pub n_events: u64,
}

/// A count for one period.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct PeriodCount {
    /// First day of the period, `YYYY-MM-DD`.
    pub period: String,
    pub count: u64,
}

/// An actor's page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ActorDetail {
    pub actor: ActorSummary,
    /// Events per month.
    pub activity: Vec<PeriodCount>,
    /// Actors it appears with on the same side (assoc actors), with counts.
    pub affiliations: Vec<NamedCount>,
    /// Actors it acts against or is acted on by, with counts.
    pub counterparts: Vec<NamedCount>,
    /// Most recent events.
    pub recent_events: Vec<EventSummary>,
}

/// A name with a count.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct NamedCount {
    pub name: String,
    pub count: u64,
}

/// Timeline: counts per period, per ACLED event type.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct Timeline {
    /// `day` or `week` (weeks start on Monday) or `month`.
    pub bucket: String,
    pub series: Vec<TimelineRow>,
}

/// One period of the timeline.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct TimelineRow {
    pub period: String,
    pub total: u64,
    /// Counts per ACLED event type (`Battles`, `Protests`...; empty name when uncoded).
    pub by_type: std::collections::BTreeMap<String, u64>,
}

/// A gazetteer hit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct PlaceHit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<u64>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Events stored at this place name.
    pub n_events: u64,
}

/// The result of an ingest request.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct IngestReport {
    pub articles: u64,
    pub new: u64,
    pub duplicate: u64,
    pub failed: u64,
    pub events: u64,
    #[serde(default)]
    pub errors: Vec<String>,
}

/// An error body.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApiError {
    pub error: String,
}

/// Event filters, shared by `/api/events`, `/api/stats/timeline` and exports.
/// Every filter is optional; all given filters must hold.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct EventFilter {
    /// First day, inclusive (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day, inclusive (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `west,south,east,north` in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<String>,
    /// ISO 3166-1 alpha-2 (`ML`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// Actor id or name (either side).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// PLOVER type(s), comma-separated (`ASSAULT,FIGHT`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub plover_type: Option<String>,
    /// ACLED sub-event type (`Armed clash`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_event_type: Option<String>,
    /// Claim status(es), comma-separated (`claimed,reported`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Minimum number of distinct sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_sources: Option<u32>,
    /// Full-text query over the reporting articles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

/// A parsed bounding box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BBox {
    /// Parse `west,south,east,north`; `None` unless four finite numbers in range.
    pub fn parse(s: &str) -> Option<BBox> {
        let v: Vec<f64> = s
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .ok()?;
        if v.len() != 4 || v.iter().any(|x| !x.is_finite()) {
            return None;
        }
        let b = BBox {
            west: v[0],
            south: v[1],
            east: v[2],
            north: v[3],
        };
        (b.south <= b.north
            && (-90.0..=90.0).contains(&b.south)
            && (-90.0..=90.0).contains(&b.north))
        .then_some(b)
    }

    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        let lon_ok = if self.west <= self.east {
            lon >= self.west && lon <= self.east
        } else {
            // crosses the antimeridian
            lon >= self.west || lon <= self.east
        };
        lon_ok && lat >= self.south && lat <= self.north
    }
}

impl EventFilter {
    /// Check the filter's values; returns a message for the first bad one.
    pub fn validate(&self) -> Result<(), String> {
        for (name, d) in [("from", &self.from), ("to", &self.to)] {
            if let Some(d) = d {
                if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                    return Err(format!("`{name}` must be a date YYYY-MM-DD, not {d:?}"));
                }
            }
        }
        if let Some(b) = &self.bbox {
            if BBox::parse(b).is_none() {
                return Err(format!(
                    "`bbox` must be west,south,east,north in degrees, not {b:?}"
                ));
            }
        }
        Ok(())
    }

    pub fn bbox(&self) -> Option<BBox> {
        self.bbox.as_deref().and_then(BBox::parse)
    }

    /// Comma-separated list filter, upper- or lower-cased values trimmed.
    pub fn list(v: &Option<String>) -> Vec<String> {
        v.as_deref()
            .map(|s| {
                s.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Paging and output options of `/api/events`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Opaque cursor from the previous page's `next_cursor`.
    #[serde(default)]
    pub cursor: Option<String>,
    /// Page size, 1-1000 (default 100).
    #[serde(default)]
    pub limit: Option<u32>,
    /// `json` (default), `csv` (ACLED columns) or `geojson`.
    #[serde(default)]
    pub format: Option<String>,
}

/// Timeline options.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    /// `day`, `week` (default) or `month`.
    #[serde(default)]
    pub bucket: Option<String>,
}

/// Search options of list endpoints.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Name prefix or substring.
    #[serde(default)]
    pub q: Option<String>,
    /// Maximum rows (default 50, at most 500).
    #[serde(default)]
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_parses_and_contains() {
        let b = BBox::parse("-6,10,5,20").unwrap();
        assert!(b.contains(14.0, -4.0));
        assert!(!b.contains(14.0, 6.0));
        assert!(BBox::parse("1,2,3").is_none());
        assert!(BBox::parse("a,b,c,d").is_none());
        assert!(BBox::parse("0,50,1,10").is_none());
        let wrap = BBox::parse("170,-10,-170,10").unwrap();
        assert!(
            wrap.contains(0.0, 175.0) && wrap.contains(0.0, -175.0) && !wrap.contains(0.0, 0.0)
        );
    }

    #[test]
    fn filter_validation_names_the_bad_field() {
        let f = EventFilter {
            from: Some("2022-13-01".into()),
            ..Default::default()
        };
        assert!(f.validate().unwrap_err().contains("from"));
        let f = EventFilter {
            bbox: Some("x".into()),
            ..Default::default()
        };
        assert!(f.validate().unwrap_err().contains("bbox"));
        assert!(EventFilter::default().validate().is_ok());
        assert_eq!(EventFilter::list(&Some("A, B,,".into())), vec!["A", "B"]);
    }
}
