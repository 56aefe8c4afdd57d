//! Rules that decide when two reports tell the same event, and how their
//! figures merge (issue 11).
//!
//! Each stored report carries [`Features`]: its type family, date window,
//! country, place, figures and actors, and its article's rare words, title
//! words and SimHash. The store finds candidates through an index on
//! (family, country, start of the date window); [`score_pair`] weighs the
//! evidence of a candidate pair with the weights of `data/dedup/scoring.tsv`
//! ([`DedupConfig`]). Pairs reaching the threshold are linked, and events are
//! the connected components of the links, so the clusters do not depend on
//! the order in which reports arrive.

use std::collections::BTreeSet;

use khaldun_model::{km, AnnotatedArticle, Event, GeoPrecision};
use serde::{Deserialize, Serialize};

/// Weights, threshold and windows of the pair score (see `data/dedup/README.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct DedupConfig {
    pub threshold: f64,
    pub place_same: f64,
    pub place_near: f64,
    pub place_inside: f64,
    pub place_apart: f64,
    pub date_same_day: f64,
    pub killed_equal: f64,
    pub killed_differ: f64,
    pub killed_equal_one: f64,
    pub injured_equal: f64,
    pub injured_differ: f64,
    pub injured_equal_one: f64,
    pub names: f64,
    pub title: f64,
    pub title_min_shared: f64,
    pub same_sub_type: f64,
    pub same_actor: f64,
    pub near_copy: f64,
    pub near_copy_bits: u32,
    pub published_days_before: i64,
    pub slack_days: i64,
    pub radius_town_km: f64,
    pub radius_near_km: f64,
    pub names_scan_chars: usize,
    pub max_names: usize,
    pub apart_days: i64,
}

const SCORING_TSV: &str = include_str!("../../../data/dedup/scoring.tsv");
const COMMON_WORDS: &str = include_str!("../../../data/dedup/common_capitalised.txt");

impl DedupConfig {
    /// The compiled-in `data/dedup/scoring.tsv`.
    pub fn embedded() -> DedupConfig {
        DedupConfig::parse(SCORING_TSV).expect("data/dedup/scoring.tsv is valid")
    }

    /// No deduplication: every report its own event (for `khaldun bench
    /// --store`, to measure what deduplication costs).
    pub fn off() -> DedupConfig {
        DedupConfig {
            threshold: f64::INFINITY,
            ..DedupConfig::embedded()
        }
    }

    /// False for [`DedupConfig::off`].
    pub fn enabled(&self) -> bool {
        self.threshold.is_finite()
    }

    /// Parse the `name<TAB>value<TAB>meaning` layout; every name is required.
    pub fn parse(text: &str) -> Result<DedupConfig, String> {
        let mut m = std::collections::HashMap::new();
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let mut f = line.split('\t');
            let (Some(k), Some(v)) = (f.next(), f.next()) else {
                return Err(format!("bad line {line:?}"));
            };
            let v: f64 = v.trim().parse().map_err(|e| format!("{k}: {e}"))?;
            m.insert(k.trim().to_owned(), v);
        }
        let g = |k: &str| m.get(k).copied().ok_or_else(|| format!("missing {k}"));
        Ok(DedupConfig {
            threshold: g("threshold")?,
            place_same: g("place_same")?,
            place_near: g("place_near")?,
            place_inside: g("place_inside")?,
            place_apart: g("place_apart")?,
            date_same_day: g("date_same_day")?,
            killed_equal: g("killed_equal")?,
            killed_differ: g("killed_differ")?,
            killed_equal_one: g("killed_equal_one")?,
            injured_equal: g("injured_equal")?,
            injured_differ: g("injured_differ")?,
            injured_equal_one: g("injured_equal_one")?,
            names: g("names")?,
            title: g("title")?,
            title_min_shared: g("title_min_shared")?,
            same_sub_type: g("same_sub_type")?,
            same_actor: g("same_actor")?,
            near_copy: g("near_copy")?,
            near_copy_bits: g("near_copy_bits")? as u32,
            published_days_before: g("published_days_before")? as i64,
            slack_days: g("slack_days")? as i64,
            radius_town_km: g("radius_town_km")?,
            radius_near_km: g("radius_near_km")?,
            names_scan_chars: g("names_scan_chars")? as usize,
            max_names: g("max_names")? as usize,
            apart_days: g("apart_days")? as i64,
        })
    }
}

/// ACLED types that can describe one incident: an attack told as an armed
/// clash elsewhere is the same event. Each strategic-development sub-type
/// stands alone. `None`: not deduplicated (no type).
pub fn type_family(e: &Event) -> Option<String> {
    match e.acled.event_type.as_str() {
        "Battles" | "Explosions/Remote violence" | "Violence against civilians" => {
            Some("violence".into())
        }
        "Protests" | "Riots" => Some("demonstration".into()),
        "Strategic developments" => Some(format!("strategic/{}", e.acled.sub_event_type)),
        _ => None,
    }
}

/// A report's place, as far as comparison needs it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PlaceKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<u64>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    pub precision: u8,
}

/// What the store keeps of a report to compare it with others.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Features {
    pub family: String,
    /// The article's main country, else the place's, else "" (unknown:
    /// compatible with any).
    pub country: String,
    /// Date window, days since 1970-01-01, inclusive.
    pub lo: i64,
    pub hi: i64,
    /// The date comes from the text at day precision.
    pub text_day: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The actor is a named knowledge-base entry (a group, a country's
    /// forces, an organisation), not a surface name nor a generic class
    /// ("civilians", "gunmen"): two such actors must agree.
    #[serde(default)]
    pub actor_known: bool,
    /// The known actor's affiliation chain (`katiba-macina` → `jnim`,
    /// `al-qaeda`): an event told as Katiba Macina's in one report and as
    /// JNIM's in another is compatible.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lineage: Vec<String>,
    pub sub_type: String,
    /// Hashes of the article's rare capitalised words, sorted.
    pub names: Vec<u32>,
    /// Hashes of the title's content words, sorted.
    pub title: Vec<u32>,
    pub simhash: u64,
}

/// The article-level half of [`Features`], computed once per article.
#[derive(Debug, Clone, Default)]
pub struct ArticleFeatures {
    /// The main country; "" when none or too weakly attested.
    pub country: String,
    /// The article names places, but too few to trust their country
    /// (see [`main_country`]): its reports' country is unknown.
    pub country_weak: bool,
    pub names: Vec<u32>,
    pub title: Vec<u32>,
    pub simhash: u64,
}

fn common_words() -> &'static std::collections::HashSet<String> {
    static SET: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        COMMON_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    })
}

fn hash32(s: &str) -> u32 {
    let h = s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    h
}

fn hash64(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Words of `text` with their code-point offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (char index, byte index)
    for (ci, (bi, c)) in text.char_indices().enumerate() {
        let part = c.is_alphanumeric() || (c == '\'' && start.is_some());
        match (part, start) {
            (true, None) => start = Some((ci, bi)),
            (false, Some((cs, bs))) => {
                out.push((cs, &text[bs..bi]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some((cs, bs)) = start {
        out.push((cs, &text[bs..]));
    }
    out.into_iter()
}

/// The article's main country: the one with the most distinct place names
/// (a tie goes to the country named first, usually the dateline's), and
/// whether that is too weak to trust: a single name ("Kent", "Madeira")
/// is as often a namesake abroad as the story's country, so such an
/// article's reports count as of unknown country (compatible with any).
fn main_country(doc: &AnnotatedArticle) -> (String, bool) {
    // country -> (distinct names, first mention's offset)
    let mut seen: std::collections::BTreeMap<&str, (BTreeSet<&str>, usize)> = Default::default();
    for p in &doc.places {
        if let Some(c) = p.place.country.as_deref() {
            let e = seen.entry(c).or_insert_with(|| (BTreeSet::new(), p.start));
            e.0.insert(p.place.name.as_str());
            e.1 = e.1.min(p.start);
        }
    }
    let best = seen
        .iter()
        .max_by_key(|(c, (names, first))| (names.len(), std::cmp::Reverse((*first, **c))));
    match best {
        Some((c, (names, _))) => (c.to_string(), names.len() < 2),
        None => (String::new(), false),
    }
}

/// Rare capitalised words: names of people, streets and organisations
/// ("Deshawn", "Maplewood"), not the place names the geo stage found (every
/// story from one city shares them), not actor mentions, nor common words.
fn rare_names(doc: &AnnotatedArticle, cfg: &DedupConfig) -> Vec<u32> {
    // Actor names recur across stories ("Trump", "al-Shabaab") and count as
    // actor evidence already; victims' and streets' names are not actors.
    let places: Vec<(usize, usize)> = doc
        .places
        .iter()
        .map(|p| (p.start, p.end))
        .chain(doc.actors.iter().map(|a| (a.start, a.end)))
        .collect();
    let common = common_words();
    let text = &doc.article.text;
    let scan = text
        .char_indices()
        .nth(cfg.names_scan_chars)
        .map_or(text.as_str(), |(b, _)| &text[..b]);
    let mut set = BTreeSet::new();
    for (at, w) in words(scan) {
        let first = w.chars().next().unwrap_or(' ');
        if !first.is_uppercase() || w.chars().count() < 3 || w.chars().all(char::is_uppercase) {
            continue;
        }
        let lower = w.to_lowercase();
        let lower = lower.trim_end_matches("'s");
        if common.contains(lower) || places.iter().any(|(s, e)| (*s..*e).contains(&at)) {
            continue;
        }
        set.insert(hash32(lower));
        if set.len() >= cfg.max_names {
            break;
        }
    }
    set.into_iter().collect()
}

/// Content words of the title, lower case.
fn title_words(title: Option<&str>) -> Vec<u32> {
    let common = common_words();
    let set: BTreeSet<u32> = words(title.unwrap_or(""))
        .map(|(_, w)| w.to_lowercase())
        .filter(|w| w.chars().count() > 2 && !common.contains(w))
        .map(|w| hash32(&w))
        .collect();
    set.into_iter().collect()
}

/// Texts shorter than this many words get no SimHash (0): a headline-length
/// text is no evidence of a copy.
const MIN_COPY_WORDS: usize = 20;

/// SimHash (64 bits) over word 3-shingles of the lower-cased text; 0 for a
/// text too short to tell.
pub fn simhash(text: &str) -> u64 {
    let ws: Vec<String> = words(text).map(|(_, w)| w.to_lowercase()).collect();
    if ws.len() < MIN_COPY_WORDS {
        return 0;
    }
    let mut acc = [0i32; 64];
    for sh in ws.windows(3) {
        let h = hash64(&sh.join(" "));
        for (i, a) in acc.iter_mut().enumerate() {
            *a += if h >> i & 1 == 1 { 1 } else { -1 };
        }
    }
    acc.iter()
        .enumerate()
        .filter(|(_, a)| **a > 0)
        .fold(0u64, |h, (i, _)| h | 1 << i)
}

/// Article-level features, computed once per article.
pub fn article_features(doc: &AnnotatedArticle, cfg: &DedupConfig) -> ArticleFeatures {
    let (country, country_weak) = main_country(doc);
    ArticleFeatures {
        country,
        country_weak,
        names: rare_names(doc, cfg),
        title: title_words(doc.article.title.as_deref()),
        simhash: simhash(&doc.article.text),
    }
}

pub use khaldun_model::day_number;

/// The days the report's date may stand for: its day, week or month; a
/// publication-date fallback means "on or a few days before". `None` for a
/// year or no date: such reports are not matched.
pub fn date_window(e: &Event, cfg: &DedupConfig) -> Option<(i64, i64)> {
    let d = e.date.as_ref()?;
    let day = day_number(&d.date)?;
    if d.source == "published" {
        return Some((day - cfg.published_days_before, day));
    }
    match d.precision {
        khaldun_model::DatePrecision::Day => Some((day, day)),
        khaldun_model::DatePrecision::Week => Some((day, day + 6)),
        khaldun_model::DatePrecision::Month => Some((day, day + 30)),
        khaldun_model::DatePrecision::Year => None,
    }
}

fn actor_key(a: &Option<khaldun_model::Actor>) -> Option<String> {
    a.as_ref()
        .map(|a| a.id.clone().unwrap_or_else(|| a.name.to_lowercase()))
}

/// Whether the actor is a named knowledge-base actor, and its affiliation
/// chain in the event's year (all years when the date has none). Generic
/// classes and the country-less `state-*` placeholders are not named.
fn actor_identity(e: &Event) -> (bool, Vec<String>) {
    let Some(id) = e.actor.as_ref().and_then(|a| a.id.as_deref()) else {
        return (false, Vec::new());
    };
    let kb = khaldun_actors::ActorBase::embedded();
    let named = kb
        .get(id)
        .is_some_and(|r| r.category != khaldun_actors::Category::Generic)
        && !id.starts_with("state-");
    if !named {
        return (false, Vec::new());
    }
    let year = e
        .date
        .as_ref()
        .and_then(|d| d.date.get(..4))
        .and_then(|y| y.parse().ok());
    let chain = match year {
        Some(y) => kb.affiliations_in(id, y),
        None => kb.affiliations(id),
    };
    (true, chain.into_iter().map(|l| l.parent).collect())
}

/// A report's features; `None` when it cannot be matched (no family or no window).
pub fn features(e: &Event, art: &ArticleFeatures, cfg: &DedupConfig) -> Option<Features> {
    let family = type_family(e)?;
    let (lo, hi) = date_window(e, cfg)?;
    let place = e.location.as_ref().map(|l| PlaceKey {
        geonameid: l.place.geonameid,
        name: l.place.name.to_lowercase(),
        lat: l.place.lat,
        lon: l.place.lon,
        admin1: l.place.admin1.clone(),
        admin2: l.place.admin2.clone(),
        precision: u8::from(l.place.precision),
    });
    // The article's main country first: a place resolved to a namesake
    // abroad ("Cumberland", Australia, in a story from Indiana) must not
    // hide the report from the other reports of its incident.
    let country = if art.country_weak {
        String::new()
    } else if art.country.is_empty() {
        e.location
            .as_ref()
            .and_then(|l| l.place.country.clone())
            .unwrap_or_default()
    } else {
        art.country.clone()
    };
    let (actor_known, lineage) = actor_identity(e);
    Some(Features {
        family,
        country,
        lo,
        hi,
        text_day: e
            .date
            .as_ref()
            .is_some_and(|d| d.source != "published" && d.time_precision == 1),
        place,
        killed: e.killed,
        injured: e.injured,
        actor: actor_key(&e.actor),
        actor_known,
        lineage,
        sub_type: e.acled.sub_event_type.clone(),
        names: art.names.clone(),
        title: art.title.clone(),
        simhash: art.simhash,
    })
}

/// How two places relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceMatch {
    Same,
    Near,
    Inside,
    Unknown,
    Apart,
}

/// A region-precision place holds the other when their admin units agree
/// (a country-level place, with no admin1, holds anything in the country).
fn holds(region: &PlaceKey, other: &PlaceKey) -> bool {
    match (&region.admin1, &other.admin1) {
        (None, _) => true,
        (Some(a), Some(b)) if a == b => match (&region.admin2, &other.admin2) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        },
        _ => false,
    }
}

/// Same place; a town inside the unit the other names; within the distance
/// their precision allows; unknown when either has none (the index already
/// asked for the same country).
pub fn place_match(a: Option<&PlaceKey>, b: Option<&PlaceKey>, cfg: &DedupConfig) -> PlaceMatch {
    let (Some(a), Some(b)) = (a, b) else {
        return PlaceMatch::Unknown;
    };
    if a.geonameid.is_some() && a.geonameid == b.geonameid {
        return PlaceMatch::Same;
    }
    if a.geonameid.is_none() && b.geonameid.is_none() && a.name == b.name {
        return PlaceMatch::Same;
    }
    let region = GeoPrecision::Region as u8;
    if a.precision >= region || b.precision >= region {
        let (r, o) = if a.precision >= b.precision {
            (a, b)
        } else {
            (b, a)
        };
        return if holds(r, o) {
            PlaceMatch::Inside
        } else {
            PlaceMatch::Apart
        };
    }
    match (a.lat.zip(a.lon), b.lat.zip(b.lon)) {
        (Some(p), Some(q)) => {
            let near = a.precision.max(b.precision) > GeoPrecision::Town as u8;
            let radius = if near {
                cfg.radius_near_km
            } else {
                cfg.radius_town_km
            };
            if km(p, q) <= radius {
                PlaceMatch::Near
            } else {
                PlaceMatch::Apart
            }
        }
        _ if a.admin1.is_some() && b.admin1.is_some() && a.admin1 != b.admin1 => PlaceMatch::Apart,
        _ => PlaceMatch::Unknown,
    }
}

/// Unknown actors are compatible; two named actors must be the same or one
/// affiliated with the other (Katiba Macina and JNIM).
pub fn actors_compatible(a: &Features, b: &Features) -> bool {
    !(a.actor_known && b.actor_known) || actors_related(a, b)
}

/// The same actor, or one in the other's affiliation chain.
fn actors_related(a: &Features, b: &Features) -> bool {
    let (Some(x), Some(y)) = (&a.actor, &b.actor) else {
        return false;
    };
    x == y || a.lineage.contains(y) || b.lineage.contains(x)
}

fn dice(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// Jaccard overlap of two titles' content words, counted in full only from
/// `title_min_shared` shared words: one shared word ("Shooting") is weak.
fn title_overlap(a: &[u32], b: &[u32], cfg: &DedupConfig) -> f64 {
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count() as f64;
    jaccard(a, b) * (shared / cfg.title_min_shared.max(1.0)).min(1.0)
}

/// Same or different figures: `equal` when both state the same figure
/// above one, `one` when both state one (one killed is the commonest figure
/// of all, weak evidence), `differ` when both state different ones, else
/// nothing.
fn figures(a: Option<u32>, b: Option<u32>, [equal, one, differ]: [f64; 3]) -> f64 {
    match (a, b) {
        (Some(1), Some(1)) => one,
        (Some(x), Some(y)) if x == y && x > 0 => equal,
        (Some(x), Some(y)) if x != y => differ,
        _ => 0.0,
    }
}

/// The evidence of one pair and its score.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PairScore {
    pub score: f64,
    /// The evidence that counted, as `name value` items.
    pub evidence: Vec<String>,
}

impl PairScore {
    fn add(&mut self, name: &str, v: f64) {
        if v != 0.0 {
            self.score += v;
            self.evidence.push(format!("{name} {v:+.2}"));
        }
    }
}

/// Do the date windows meet (with the configured slack)?
pub fn windows_meet(a: &Features, b: &Features, cfg: &DedupConfig) -> bool {
    a.lo <= b.hi + cfg.slack_days && b.lo <= a.hi + cfg.slack_days
}

/// Two reports that can never be one event, even through reports linking
/// both: dates more than `apart_days` apart, different known countries,
/// different knowledge-base actors. Clustering never joins two clusters
/// that hold such a pair (a bridge of weak links is not allowed to join a
/// shooting in March with one in May).
pub fn incompatible(a: &Features, b: &Features, cfg: &DedupConfig) -> bool {
    let dates_apart = a.lo > b.hi + cfg.apart_days || b.lo > a.hi + cfg.apart_days;
    let countries = !a.country.is_empty() && !b.country.is_empty() && a.country != b.country;
    dates_apart || countries || !actors_compatible(a, b)
}

/// Score a candidate pair; `None` when a hard condition fails (family,
/// country, date windows, different known actors). Places apart are a
/// penalty, not a bar: geocoding errs on namesakes ("Troy").
pub fn score_pair(a: &Features, b: &Features, cfg: &DedupConfig) -> Option<PairScore> {
    let countries = a.country == b.country || a.country.is_empty() || b.country.is_empty();
    if a.family != b.family || !countries || !windows_meet(a, b, cfg) {
        return None;
    }
    if !actors_compatible(a, b) {
        return None;
    }
    let place = place_match(a.place.as_ref(), b.place.as_ref(), cfg);
    let mut s = PairScore::default();
    s.add(
        "place",
        match place {
            PlaceMatch::Same => cfg.place_same,
            PlaceMatch::Near => cfg.place_near,
            PlaceMatch::Inside => cfg.place_inside,
            PlaceMatch::Apart => cfg.place_apart,
            PlaceMatch::Unknown => 0.0,
        },
    );
    if a.text_day && b.text_day && a.lo == b.lo {
        s.add("same day", cfg.date_same_day);
    }
    s.add(
        "killed",
        figures(
            a.killed,
            b.killed,
            [cfg.killed_equal, cfg.killed_equal_one, cfg.killed_differ],
        ),
    );
    s.add(
        "injured",
        figures(
            a.injured,
            b.injured,
            [cfg.injured_equal, cfg.injured_equal_one, cfg.injured_differ],
        ),
    );
    s.add("names", cfg.names * dice(&a.names, &b.names));
    s.add("title", cfg.title * title_overlap(&a.title, &b.title, cfg));
    if a.sub_type == b.sub_type {
        s.add("sub-type", cfg.same_sub_type);
    }
    if actors_related(a, b) {
        s.add("actor", cfg.same_actor);
    }
    if near_copies(a.simhash, b.simhash, cfg) {
        s.add("near copy", cfg.near_copy);
    }
    Some(s)
}

/// Near-identical texts: the same story under two URLs.
pub fn near_copies(a: u64, b: u64, cfg: &DedupConfig) -> bool {
    a != 0 && b != 0 && (a ^ b).count_ones() <= cfg.near_copy_bits
}

/// Independent sources of a cluster: each distinct outlet cited or quoted
/// in the reports ("according to Reuters", "(dakaractu.com)"), plus one per
/// story that names its own voice, where a story is an article with its
/// publisher, author and republished-from original (one voice, not three),
/// and near-identical articles (the same wire story under several URLs) are
/// one story. A story whose publisher is already cited adds nothing.
/// `reports` are (event, article id, the article's SimHash).
pub fn independent_sources(reports: &[(&Event, &str, u64)], cfg: &DedupConfig) -> u32 {
    let mut outlets: BTreeSet<String> = BTreeSet::new();
    // article -> (simhash, its publisher names, has a voice of its own)
    let mut articles: std::collections::BTreeMap<&str, (u64, BTreeSet<String>, bool)> =
        Default::default();
    for (e, article, hash) in reports {
        let entry = articles
            .entry(article)
            .or_insert((*hash, BTreeSet::new(), false));
        for s in &e.sources {
            let name = s.name.to_lowercase();
            match s.kind.as_str() {
                "citation" | "attribution" => {
                    outlets.insert(name);
                }
                "publisher" | "original" | "author" => {
                    entry.2 = true;
                    if s.kind != "author" {
                        entry.1.insert(name);
                    }
                }
                _ => {}
            }
        }
    }
    let mut groups: Vec<(u64, bool)> = Vec::new(); // (simhash, counts)
    for (hash, publishers, voice) in articles.values() {
        let counts = *voice && !publishers.iter().any(|p| outlets.contains(p));
        match groups.iter_mut().find(|g| near_copies(g.0, *hash, cfg)) {
            Some(g) => g.1 |= counts,
            None => groups.push((*hash, counts)),
        }
    }
    (outlets.len() + groups.iter().filter(|g| g.1).count()) as u32
}

/// Merge counts as ACLED does when sources disagree: the lowest reported
/// figure (a missing figure does not count as zero).
pub fn merge_counts(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// The order reports are folded in: the most precise date first (from the
/// text before a publication fallback), then the most precise place, then
/// the report id, so that the merged event does not depend on arrival order.
pub(crate) fn fold_order(a: &(String, Event), b: &(String, Event)) -> std::cmp::Ordering {
    let date_rank = |e: &Event| {
        e.date.as_ref().map_or((3, 9), |d| {
            (u8::from(d.source == "published") * 2, d.time_precision)
        })
    };
    let place_rank = |e: &Event| {
        e.location
            .as_ref()
            .map_or(9, |l| u8::from(l.place.precision))
    };
    date_rank(&a.1)
        .cmp(&date_rank(&b.1))
        .then(place_rank(&a.1).cmp(&place_rank(&b.1)))
        .then(a.0.cmp(&b.0))
}

/// The date most reports at the best precision agree on (the earliest on a tie).
fn majority_date(reports: &[&Event]) -> Option<khaldun_model::EventDate> {
    let best = reports
        .iter()
        .filter_map(|e| e.date.as_ref())
        .min_by_key(|d| (u8::from(d.source == "published"), d.time_precision))?;
    let rank = (u8::from(best.source == "published"), best.time_precision);
    let same: Vec<&khaldun_model::EventDate> = reports
        .iter()
        .filter_map(|e| e.date.as_ref())
        .filter(|d| (u8::from(d.source == "published"), d.time_precision) == rank)
        .collect();
    let votes = |d: &str| same.iter().filter(|x| x.date == d).count();
    same.iter()
        .max_by_key(|d| (votes(&d.date), std::cmp::Reverse(d.date.clone())))
        .map(|d| (*d).clone())
}

/// The merged event of a cluster: reports folded in [`fold_order`], the
/// date most reports agree on, ACLED's lowest explicit figures.
pub(crate) fn merge_cluster(id: &str, reports: &mut [(String, Event)]) -> Option<Event> {
    reports.sort_by(fold_order);
    let (first, rest) = reports.split_first()?;
    let mut m = first.1.clone();
    m.id = id.to_owned();
    for (_, r) in rest {
        merge_into(&mut m, r);
    }
    let all: Vec<&Event> = reports.iter().map(|(_, e)| e).collect();
    m.date = majority_date(&all).or(m.date);
    Some(m)
}

/// Fold report `r` into the merged event `m`.
pub(crate) fn merge_into(m: &mut Event, r: &Event) {
    m.killed = merge_counts(m.killed, r.killed);
    m.injured = merge_counts(m.injured, r.injured);
    m.abducted = merge_counts(m.abducted, r.abducted);
    m.arrested = merge_counts(m.arrested, r.arrested);
    if m.actor.is_none() {
        m.actor.clone_from(&r.actor);
    }
    if m.target.is_none() {
        m.target.clone_from(&r.target);
    }
    if m.plover.mode.is_none() {
        m.plover.mode.clone_from(&r.plover.mode);
    }
    // A more precise location or date from another report wins.
    match (&m.location, &r.location) {
        (None, Some(_)) => m.location.clone_from(&r.location),
        (Some(a), Some(b)) if b.place.precision < a.place.precision => {
            m.location.clone_from(&r.location)
        }
        _ => {}
    }
    match (&m.date, &r.date) {
        (None, Some(_)) => m.date.clone_from(&r.date),
        (Some(a), Some(b)) if b.time_precision < a.time_precision => m.date.clone_from(&r.date),
        _ => {}
    }
    // The reporter's own voice outranks third-party voices; a claim and a
    // denial told by other reports stay visible beside it.
    if r.status == khaldun_model::EventStatus::Asserted {
        m.status = r.status;
    }
    if m.claimant.is_none() {
        m.claimant.clone_from(&r.claimant);
    }
    if m.denied_by.is_none() {
        m.denied_by.clone_from(&r.denied_by);
    }
    m.hypothetical &= r.hypothetical;
    m.historical &= r.historical;
    m.confidence = m.confidence.max(r.confidence);
    for s in &r.sources {
        if !m
            .sources
            .iter()
            .any(|x| x.name.eq_ignore_ascii_case(&s.name) && x.kind == s.kind)
        {
            m.sources.push(s.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khaldun_model::{AcledCoding, Actor, EventDate, EventStatus, PlaceMention, SourceRef};

    fn ev(actor: Option<&str>, killed: Option<u32>) -> Event {
        Event {
            acled: AcledCoding {
                event_type: "Violence against civilians".into(),
                sub_event_type: "Attack".into(),
            },
            date: Some(EventDate {
                date: "2022-04-06".into(),
                time_precision: 1,
                source: "text".into(),
                ..Default::default()
            }),
            actor: actor.map(|n| Actor {
                id: Some(n.into()),
                name: n.into(),
                ..Default::default()
            }),
            killed,
            ..Default::default()
        }
    }

    fn feat(e: &Event) -> Features {
        features(e, &ArticleFeatures::default(), &DedupConfig::embedded()).unwrap()
    }

    #[test]
    fn config_parses_and_families_group_types() {
        let cfg = DedupConfig::embedded();
        assert!(cfg.threshold > 0.0);
        assert!(
            DedupConfig::parse("threshold\t1\n").is_err(),
            "every weight is required"
        );
        let mut battle = ev(None, None);
        battle.acled.event_type = "Battles".into();
        assert_eq!(type_family(&battle), type_family(&ev(None, None)));
        let mut hq = ev(None, None);
        hq.acled.event_type = "Strategic developments".into();
        hq.acled.sub_event_type = "Arrests".into();
        assert_eq!(type_family(&hq).as_deref(), Some("strategic/Arrests"));
    }

    #[test]
    fn windows_follow_precision_and_source() {
        let cfg = DedupConfig::embedded();
        let mut e = ev(None, None);
        let d = day_number("2022-04-06").unwrap();
        assert_eq!(date_window(&e, &cfg), Some((d, d)));
        e.date.as_mut().unwrap().source = "published".into();
        assert_eq!(
            date_window(&e, &cfg),
            Some((d - cfg.published_days_before, d))
        );
        assert_eq!(day_number("1970-01-02"), Some(1));
    }

    #[test]
    fn known_actors_must_agree_unknown_ones_are_compatible() {
        let cfg = DedupConfig::embedded();
        let (a, b, c) = (
            feat(&ev(Some("jnim"), None)),
            feat(&ev(None, None)),
            feat(&ev(Some("isgs"), None)),
        );
        assert!(score_pair(&a, &b, &cfg).is_some());
        assert!(score_pair(&a, &c, &cfg).is_none());
    }

    #[test]
    fn affiliated_actors_agree_generic_classes_are_unknown() {
        let cfg = DedupConfig::embedded();
        let (macina, jnim, isgs) = (
            feat(&ev(Some("katiba-macina"), None)),
            feat(&ev(Some("jnim"), None)),
            feat(&ev(Some("isgs"), None)),
        );
        assert!(macina.lineage.contains(&"jnim".to_string()));
        assert!(actors_compatible(&macina, &jnim) && actors_compatible(&jnim, &macina));
        assert!(!actors_compatible(&macina, &isgs));
        let civilians = feat(&ev(Some("civilians"), None));
        assert!(!civilians.actor_known, "a generic class names no one");
        assert!(actors_compatible(&civilians, &isgs));
        let s = score_pair(&macina, &jnim, &cfg).unwrap();
        assert!(s.evidence.iter().any(|e| e.starts_with("actor")), "{s:?}");
    }

    #[test]
    fn figures_of_one_are_weak_evidence_and_far_dates_incompatible() {
        let cfg = DedupConfig::embedded();
        let one = [cfg.killed_equal, cfg.killed_equal_one, cfg.killed_differ];
        assert_eq!(figures(Some(1), Some(1), one), cfg.killed_equal_one);
        assert_eq!(figures(Some(4), Some(4), one), cfg.killed_equal);
        assert_eq!(figures(Some(4), Some(3), one), cfg.killed_differ);
        assert_eq!(figures(None, Some(3), one), 0.0);
        let a = feat(&ev(None, None));
        let mut b = a.clone();
        assert!(!incompatible(&a, &b, &cfg));
        b.lo += cfg.apart_days + 1;
        b.hi = b.lo;
        assert!(incompatible(&a, &b, &cfg));
        b = a.clone();
        b.country = "US".into();
        let mut c = a.clone();
        c.country = "GB".into();
        assert!(incompatible(&b, &c, &cfg) && !incompatible(&a, &c, &cfg));
    }

    #[test]
    fn one_place_name_is_too_weak_for_a_country() {
        let place = |name: &str, country: &str, start: usize| PlaceMention {
            start,
            end: start + name.len(),
            place: khaldun_model::Place {
                name: name.into(),
                country: Some(country.into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let mut doc = AnnotatedArticle {
            places: vec![place("Kent", "GB", 0), place("Kent", "GB", 40)],
            ..Default::default()
        };
        assert_eq!(main_country(&doc), ("GB".to_string(), true));
        // two US names beat one foreign namesake; a tie goes to the first named
        doc.places = vec![
            place("Louisville", "US", 0),
            place("Metro", "ID", 20),
            place("Metro", "ID", 30),
            place("Kentucky", "US", 50),
        ];
        assert_eq!(main_country(&doc), ("US".to_string(), false));
        doc.places.pop();
        doc.places.push(place("Jeffersontown", "US", 60));
        doc.places.insert(1, place("Bandar", "ID", 10));
        assert_eq!(main_country(&doc).0, "US", "2 names each: the first named");
    }

    #[test]
    fn places_meet_by_id_distance_or_admin_unit() {
        let cfg = DedupConfig::embedded();
        let town = |id, lat, lon| PlaceKey {
            geonameid: Some(id),
            lat: Some(lat),
            lon: Some(lon),
            admin1: Some("TX".into()),
            precision: 1,
            ..Default::default()
        };
        let state = PlaceKey {
            geonameid: Some(9),
            admin1: Some("TX".into()),
            precision: 3,
            ..Default::default()
        };
        let (a, b, far) = (
            town(1, 29.76, -95.36),
            town(2, 29.80, -95.40),
            town(3, 32.78, -96.80),
        );
        assert_eq!(place_match(Some(&a), Some(&a), &cfg), PlaceMatch::Same);
        assert_eq!(place_match(Some(&a), Some(&b), &cfg), PlaceMatch::Near);
        assert_eq!(place_match(Some(&a), Some(&far), &cfg), PlaceMatch::Apart);
        assert_eq!(
            place_match(Some(&state), Some(&far), &cfg),
            PlaceMatch::Inside
        );
        let other_state = PlaceKey {
            admin1: Some("OK".into()),
            ..state
        };
        assert_eq!(
            place_match(Some(&other_state), Some(&a), &cfg),
            PlaceMatch::Apart
        );
        assert_eq!(place_match(None, Some(&a), &cfg), PlaceMatch::Unknown);
    }

    #[test]
    fn rare_words_and_near_copies_count_as_evidence() {
        let cfg = DedupConfig::embedded();
        let doc = |t: &str, title: &str| AnnotatedArticle {
            article: khaldun_model::Article {
                text: t.into(),
                title: Some(title.into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let a = article_features(
            &doc(
                "Police said Deshawn Miller was shot on Maplewood Drive on Friday.",
                "Man shot on Maplewood",
            ),
            &cfg,
        );
        let b = article_features(
            &doc(
                "Deshawn Miller, 24, died after the shooting on Maplewood Drive.",
                "Maplewood shooting victim dies",
            ),
            &cfg,
        );
        assert_eq!(
            a.names.len(),
            3,
            "Deshawn, Miller, Maplewood; not Police, Drive, Friday"
        );
        assert!(dice(&a.names, &b.names) > 0.99);
        assert!(jaccard(&a.title, &b.title) > 0.0);
        let long =
            "The gunman opened fire outside the store and fled in a grey car, witnesses said. "
                .repeat(5);
        let copy = format!("{long} Updated.");
        assert!(near_copies(simhash(&long), simhash(&copy), &cfg));
        assert!(!near_copies(
            simhash(&long),
            simhash("Protesters marched through the capital on Sunday demanding reforms."),
            &cfg
        ));
    }

    #[test]
    fn independent_sources_count_outlets_and_stories_not_bylines() {
        let cfg = DedupConfig::embedded();
        let src = |n: &str, k: &str| SourceRef {
            name: n.into(),
            kind: k.into(),
            ..Default::default()
        };
        let mut voa = ev(None, None);
        voa.sources = vec![src("VOA", "publisher"), src("Jane Doe", "author")];
        assert_eq!(
            independent_sources(&[(&voa, "a", 0)], &cfg),
            1,
            "publisher and its author: one"
        );
        let mut cited = ev(None, None);
        cited.sources = vec![src("Reuters", "attribution"), src("Daily", "publisher")];
        // a and b are near copies (one bit apart): one story; c another; plus Reuters
        let reports = [
            (&voa, "a", 0xffu64),
            (&voa, "b", 0xfe),
            (&cited, "c", 0xff00_ff00),
        ];
        assert_eq!(independent_sources(&reports, &cfg), 3);
        let mut wire = ev(None, None);
        wire.sources = vec![src("Reuters", "publisher")];
        assert_eq!(
            independent_sources(&[(&cited, "c", 1), (&wire, "d", 0xf0f0)], &cfg),
            2,
            "Reuters cited and Reuters publishing are one source"
        );
    }

    #[test]
    fn cluster_merge_takes_lowest_count_majority_date_and_unions_sources() {
        let mut a = ev(None, Some(6));
        a.status = EventStatus::Claimed;
        a.claimant = Some("JNIM".into());
        a.sources.push(SourceRef {
            name: "dakaractu.com".into(),
            kind: "citation".into(),
            ..Default::default()
        });
        let mut b = ev(Some("jnim"), Some(4));
        b.sources.push(SourceRef {
            name: "Reuters".into(),
            kind: "attribution".into(),
            ..Default::default()
        });
        b.sources.push(SourceRef {
            name: "DAKARACTU.com".into(),
            kind: "citation".into(),
            ..Default::default()
        });
        let mut c = ev(None, None);
        c.date.as_mut().unwrap().date = "2022-04-07".into();
        c.status = EventStatus::Denied;
        c.denied_by = Some("FAMa".into());
        let mut v = vec![
            ("r1".to_string(), c),
            ("r2".to_string(), a),
            ("r3".to_string(), b),
        ];
        let m = merge_cluster("x", &mut v).unwrap();
        assert_eq!(m.killed, Some(4));
        assert_eq!(m.actor.as_ref().unwrap().name, "jnim");
        assert_eq!(m.sources.len(), 2);
        assert_eq!(m.status, EventStatus::Asserted);
        assert_eq!(
            m.claimant.as_deref(),
            Some("JNIM"),
            "the claim stays visible"
        );
        assert_eq!(
            m.denied_by.as_deref(),
            Some("FAMa"),
            "and so does the denial"
        );
        assert_eq!(
            m.date.unwrap().date,
            "2022-04-06",
            "two reports of three agree"
        );
        assert_eq!(merge_counts(None, Some(3)), Some(3));
        assert_eq!(merge_counts(None, None), None);
    }
}
