//! Query and result types shared by every backend.

use khaldun_model::{Article, Event, SourceRef};
use serde::{Deserialize, Serialize};

/// Filters for event pages. Every field is optional; `limit` defaults to 100.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct EventQuery {
    /// Inclusive ISO dates.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// `[min_lon, min_lat, max_lon, max_lat]`.
    pub bbox: Option<[f64; 4]>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub admin1: Option<String>,
    /// Actor id (`jnim`) or a name fragment ("Wagner").
    pub actor: Option<String>,
    pub plover_type: Option<String>,
    pub acled_sub_type: Option<String>,
    pub acled_type: Option<String>,
    pub status: Option<String>,
    pub min_sources: Option<u32>,
    /// Full-text query over the text of the articles that report the event.
    pub text: Option<String>,
    /// Include events flagged hypothetical or historical.
    pub include_flagged: bool,
    pub limit: Option<u32>,
    /// Opaque cursor from the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// One deduplicated event, as listed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventRecord {
    pub id: String,
    /// The merged event: the best report's coding, the union of sources.
    pub event: Event,
    /// Number of reports (article mentions) merged into this event.
    pub reports: u32,
    /// Number of distinct sources.
    pub sources: u32,
    pub first_seen: String,
}

/// A page of events, newest event date first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventPage {
    pub events: Vec<EventRecord>,
    /// Pass as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// One article's telling of an event.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    pub article_id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The event as this article told it, with its evidence spans.
    pub event: Event,
    /// Why this report joined the event: its strongest link, when it arrived,
    /// to a report of another article (none for an event's first report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_by: Option<MergeLink>,
}

/// A deduplication link: the other report's article, the pair's score and
/// the evidence that made it (`names +0.80`, `place +0.30`...).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MergeLink {
    pub article_id: Option<String>,
    pub score: f64,
    pub evidence: Vec<String>,
}

/// An event with everything behind it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventDetail {
    pub record: EventRecord,
    pub reports: Vec<Report>,
    /// Union of the reports' sources, deduplicated by name and kind.
    pub sources: Vec<SourceRef>,
}

/// Article listing filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ArticleQuery {
    pub text: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// One article, as listed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArticleSummary {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub events: u32,
}

/// Timeline granularity.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    #[default]
    Day,
    Week,
    Month,
}

impl Bucket {
    /// `day`, `week` or `month`.
    pub fn parse(s: &str) -> Option<Bucket> {
        match s {
            "day" => Some(Bucket::Day),
            "week" => Some(Bucket::Week),
            "month" => Some(Bucket::Month),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }

    /// First day (`YYYY-MM-DD`) of the period holding `date`: the day, its
    /// Monday, or the first of its month; `None` for a bad date.
    pub fn period(self, date: &str) -> Option<String> {
        use chrono::Datelike;
        let d = chrono::NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
        let p = match self {
            Bucket::Day => d,
            Bucket::Week => {
                d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
            }
            Bucket::Month => d.with_day(1)?,
        };
        Some(p.format("%Y-%m-%d").to_string())
    }
}

/// Event count for one time bucket and event type.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TimelineBin {
    /// `2022-04-25`, `2022-W16` or `2022-04`.
    pub bucket: String,
    pub acled_type: String,
    pub count: u32,
}

/// Actor listing filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ActorQuery {
    /// Name fragment.
    pub q: Option<String>,
    pub limit: Option<u32>,
}

/// One actor, as listed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ActorSummary {
    /// Actor id when resolved, else the lower-cased name.
    pub key: String,
    pub id: Option<String>,
    pub name: String,
    pub events: u32,
    pub as_actor: u32,
    pub as_target: u32,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// An actor's activity.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ActorDetail {
    pub summary: ActorSummary,
    /// Events per month (`YYYY-MM`).
    pub activity: Vec<TimelineBin>,
    /// Most recent events involving the actor.
    pub recent: Vec<EventRecord>,
    /// Actors on the same side of its events, by number of events (20 at most).
    #[serde(default)]
    pub allies: Vec<NamedCount>,
    /// Actors on the other side of its events, by number of events (20 at most).
    #[serde(default)]
    pub counterparts: Vec<NamedCount>,
}

/// A name with a count.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct NamedCount {
    pub name: String,
    pub count: u64,
}

/// A place that has events, as found by name prefix.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlaceCount {
    pub name: String,
    pub country: Option<String>,
    pub admin1: Option<String>,
    /// Mean of its events' coordinates.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonameid: Option<u64>,
    pub events: u64,
}

/// Store-wide counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct StoreStats {
    pub articles: u64,
    pub events: u64,
    pub reports: u64,
    /// Events per ACLED event type, most first.
    pub by_type: Vec<(String, u64)>,
    /// Events per country, most first.
    pub by_country: Vec<(String, u64)>,
}

/// The article without its text (stored as `meta`).
pub(crate) fn article_meta(a: &Article) -> Article {
    Article {
        text: String::new(),
        ..a.clone()
    }
}
