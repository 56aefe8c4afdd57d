//! Scoring of cross-article deduplication against incident gold: which
//! articles tell the same incident (issue 11).
//!
//! The gold gives each article its incident; the store gives, for each
//! merged violent event, the articles whose reports it holds. Two articles
//! are *linked* by the system when they share a merged event. Scored over the
//! articles of incidents told by two or more articles:
//!
//! - pairwise precision, recall and F1 over article pairs;
//! - B-cubed precision, recall and F1 (per article: the articles linked to
//!   it, itself included, against its incident's articles);
//! - the share of incidents whose articles all share one event, and the
//!   share where at least two of them share one;
//! - killed, injured and date accuracy of each incident's main event (the
//!   event holding most of its articles; no event counts as wrong).
//!
//! Pure: no I/O, no store; the CLI (`khaldun eval dedup`) feeds it.
//!
//! ```
//! use khaldun_store::eval::{score_dedup, GoldArticle, SystemEvent};
//! let g = |a: &str, i: &str| GoldArticle { article_id: a.into(), incident_id: i.into(),
//!     killed: 1, injured: 0, date: "2017-01-02".into() };
//! let gold = [g("a", "1"), g("b", "1"), g("c", "2"), g("d", "2")];
//! let ev = SystemEvent { id: "e".into(), articles: vec!["a".into(), "b".into()],
//!     killed: Some(1), injured: None, date: Some("2017-01-02".into()) };
//! let r = score_dedup(&gold, &[ev], 0);
//! assert_eq!((r.pairwise.tp, r.pairwise.fn_), (1, 1));
//! assert_eq!(r.incidents_one_event, 1);
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

/// One gold article: its incident and the incident's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldArticle {
    pub article_id: String,
    pub incident_id: String,
    pub killed: u32,
    pub injured: u32,
    /// ISO date (`YYYY-MM-DD`).
    pub date: String,
}

/// One merged violent event of the system, with the articles it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemEvent {
    pub id: String,
    pub articles: Vec<String>,
    pub killed: Option<u32>,
    pub injured: Option<u32>,
    pub date: Option<String>,
}

/// Which half of the incidents to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Incidents whose id hashes even: the half rules may be tuned on.
    Dev,
    /// The other half: looked at only to check a result.
    Heldout,
    All,
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "dev" => Ok(Split::Dev),
            "heldout" | "held-out" => Ok(Split::Heldout),
            "all" => Ok(Split::All),
            _ => Err(format!("{s:?}: expected dev, heldout or all")),
        }
    }
}

/// FNV-1a, 64 bits: a hash that never changes between builds or platforms.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Split {
    /// Does the incident belong to this split? Half and half by a stable
    /// hash of its id.
    pub fn contains(self, incident_id: &str) -> bool {
        let even = fnv1a(incident_id).is_multiple_of(2);
        match self {
            Split::Dev => even,
            Split::Heldout => !even,
            Split::All => true,
        }
    }
}

/// Precision, recall and F1 with their counts.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Prf {
    pub tp: u64,
    pub fp: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

fn f1(p: f64, r: f64) -> f64 {
    ratio(2.0 * p * r, p + r)
}

impl Prf {
    fn from_counts(tp: u64, fp: u64, fn_: u64) -> Prf {
        let precision = ratio(tp as f64, (tp + fp) as f64);
        let recall = ratio(tp as f64, (tp + fn_) as f64);
        Prf {
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1: f1(precision, recall),
        }
    }
}

/// Accuracy of one field.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Accuracy {
    pub correct: u64,
    pub total: u64,
    pub accuracy: f64,
}

impl Accuracy {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += u64::from(ok);
        self.accuracy = ratio(self.correct as f64, self.total as f64);
    }
}

/// The whole report.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DedupReport {
    /// Incidents told by two or more articles, and their articles.
    pub incidents: usize,
    pub articles: usize,
    pub pairwise: Prf,
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    /// Incidents whose articles all share one event.
    pub incidents_one_event: usize,
    /// Incidents where at least two articles share an event.
    pub incidents_some_merge: usize,
    pub killed: Accuracy,
    pub injured: Accuracy,
    pub date: Accuracy,
    /// Up to `max_errors` lines: split incidents, then wrong merges.
    pub errors: Vec<String>,
}

/// Score the system's events against the gold (see the module doc).
pub fn score_dedup(gold: &[GoldArticle], events: &[SystemEvent], max_errors: usize) -> DedupReport {
    let incidents = multi_article_incidents(gold);
    let kept: HashMap<&str, &str> = incidents
        .iter()
        .flat_map(|(inc, arts)| arts.iter().map(move |a| (a.article_id.as_str(), *inc)))
        .collect();
    let linked = linked_articles(events, &kept);
    let mut r = DedupReport {
        incidents: incidents.len(),
        articles: kept.len(),
        ..Default::default()
    };
    pairwise(&mut r, &kept, &linked);
    bcubed(&mut r, &incidents, &linked);
    main_events(&mut r, &incidents, events, max_errors);
    merge_errors(&mut r, &kept, events, max_errors);
    r
}

/// Incident id → its articles, for incidents with 2+ articles.
fn multi_article_incidents(gold: &[GoldArticle]) -> BTreeMap<&str, Vec<&GoldArticle>> {
    let mut by: BTreeMap<&str, Vec<&GoldArticle>> = BTreeMap::new();
    for g in gold {
        by.entry(g.incident_id.as_str()).or_default().push(g);
    }
    by.retain(|_, v| v.len() >= 2);
    by
}

/// For each kept article, the kept articles it shares an event with (not itself).
fn linked_articles<'a>(
    events: &'a [SystemEvent],
    kept: &HashMap<&str, &str>,
) -> HashMap<&'a str, BTreeSet<&'a str>> {
    let mut out: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for e in events {
        let arts: BTreeSet<&str> = e
            .articles
            .iter()
            .map(String::as_str)
            .filter(|a| kept.contains_key(a))
            .collect();
        for a in &arts {
            let set = out.entry(a).or_default();
            set.extend(arts.iter().filter(|b| *b != a));
        }
    }
    out
}

fn pairwise(
    r: &mut DedupReport,
    kept: &HashMap<&str, &str>,
    linked: &HashMap<&str, BTreeSet<&str>>,
) {
    let (mut tp, mut fp) = (0u64, 0u64);
    for (a, others) in linked {
        for b in others.iter().filter(|b| a < *b) {
            if kept[a] == kept[b] {
                tp += 1;
            } else {
                fp += 1;
            }
        }
    }
    let mut sizes: HashMap<&str, u64> = HashMap::new();
    for inc in kept.values() {
        *sizes.entry(inc).or_default() += 1;
    }
    let gold_pairs: u64 = sizes.values().map(|n| n * (n - 1) / 2).sum();
    r.pairwise = Prf::from_counts(tp, fp, gold_pairs - tp);
}

fn bcubed(
    r: &mut DedupReport,
    incidents: &BTreeMap<&str, Vec<&GoldArticle>>,
    linked: &HashMap<&str, BTreeSet<&str>>,
) {
    let empty = BTreeSet::new();
    let (mut p, mut rc, mut n) = (0.0, 0.0, 0.0);
    for arts in incidents.values() {
        let gold: BTreeSet<&str> = arts.iter().map(|a| a.article_id.as_str()).collect();
        for a in &gold {
            let others = linked.get(a).unwrap_or(&empty);
            let right = 1 + others.iter().filter(|b| gold.contains(*b)).count();
            p += right as f64 / (1 + others.len()) as f64;
            rc += right as f64 / gold.len() as f64;
            n += 1.0;
        }
    }
    r.bcubed_precision = ratio(p, n);
    r.bcubed_recall = ratio(rc, n);
    r.bcubed_f1 = f1(r.bcubed_precision, r.bcubed_recall);
}

/// The event holding most of the incident's articles (then most articles
/// overall, then the smallest id), with how many of them it holds.
fn main_event<'a>(
    arts: &BTreeSet<&str>,
    events: &'a [SystemEvent],
) -> Option<(&'a SystemEvent, usize)> {
    events
        .iter()
        .map(|e| {
            let held: BTreeSet<&str> = e
                .articles
                .iter()
                .map(String::as_str)
                .filter(|a| arts.contains(a))
                .collect();
            (e, held.len())
        })
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(e, n)| (*n, e.articles.len(), std::cmp::Reverse(e.id.clone())))
}

fn main_events(
    r: &mut DedupReport,
    incidents: &BTreeMap<&str, Vec<&GoldArticle>>,
    events: &[SystemEvent],
    max_errors: usize,
) {
    let relevant: Vec<&SystemEvent> = events.iter().collect();
    let mut by_article: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in relevant.iter().enumerate() {
        for a in &e.articles {
            by_article.entry(a.as_str()).or_default().push(i);
        }
    }
    for (inc, arts) in incidents {
        let ids: BTreeSet<&str> = arts.iter().map(|a| a.article_id.as_str()).collect();
        let mine: BTreeSet<usize> = ids
            .iter()
            .flat_map(|a| by_article.get(a).into_iter().flatten().copied())
            .collect();
        let candidates: Vec<SystemEvent> = mine.iter().map(|&i| relevant[i].clone()).collect();
        let g = arts[0];
        let best = main_event(&ids, &candidates);
        let held = best.map_or(0, |(_, n)| n);
        if held == ids.len() {
            r.incidents_one_event += 1;
        }
        if held >= 2 {
            r.incidents_some_merge += 1;
        }
        let Some((e, _)) = best else {
            r.killed.add(false);
            r.injured.add(false);
            r.date.add(false);
            push_error(
                r,
                max_errors,
                format!(
                    "SPLIT incident {inc}: {} articles, no violent event",
                    ids.len()
                ),
            );
            continue;
        };
        r.killed.add(e.killed.unwrap_or(0) == g.killed);
        r.injured.add(e.injured.unwrap_or(0) == g.injured);
        r.date
            .add(e.date.as_deref().and_then(|d| d.get(..10)) == g.date.get(..10));
        if held < ids.len() {
            let events_touched = candidates.len();
            push_error(
                r,
                max_errors,
                format!(
                    "SPLIT incident {inc}: {} articles, main event {} holds {held}; {events_touched} events in all",
                    ids.len(),
                    e.id
                ),
            );
        }
    }
}

fn merge_errors(
    r: &mut DedupReport,
    kept: &HashMap<&str, &str>,
    events: &[SystemEvent],
    max_errors: usize,
) {
    for e in events {
        let incs: BTreeSet<&str> = e
            .articles
            .iter()
            .filter_map(|a| kept.get(a.as_str()).copied())
            .collect();
        if incs.len() > 1 {
            let list: Vec<&str> = incs.into_iter().collect();
            push_error(
                r,
                max_errors,
                format!("MERGE event {}: incidents {}", e.id, list.join(", ")),
            );
        }
    }
}

fn push_error(r: &mut DedupReport, max: usize, line: String) {
    if r.errors.len() < max {
        r.errors.push(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(a: &str, inc: &str, killed: u32) -> GoldArticle {
        GoldArticle {
            article_id: a.into(),
            incident_id: inc.into(),
            killed,
            injured: 0,
            date: "2017-03-04".into(),
        }
    }

    fn ev(id: &str, arts: &[&str], killed: u32, date: &str) -> SystemEvent {
        SystemEvent {
            id: id.into(),
            articles: arts.iter().map(|s| s.to_string()).collect(),
            killed: Some(killed),
            injured: None,
            date: Some(date.into()),
        }
    }

    #[test]
    fn perfect_clustering_scores_one() {
        let gold = [
            g("a", "1", 2),
            g("b", "1", 2),
            g("c", "2", 0),
            g("d", "2", 0),
            g("e", "3", 1),
        ];
        let events = [
            ev("x", &["a", "b"], 2, "2017-03-04"),
            ev("y", &["c", "d"], 0, "2017-03-04"),
            ev("z", &["e"], 1, "2017-03-04"),
        ];
        let r = score_dedup(&gold, &events, 10);
        assert_eq!(
            (r.incidents, r.articles),
            (2, 4),
            "the single-article incident is left out"
        );
        assert_eq!(r.pairwise.f1, 1.0);
        assert_eq!(r.bcubed_f1, 1.0);
        assert_eq!(
            (r.incidents_one_event, r.killed.correct, r.date.correct),
            (2, 2, 2)
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }

    #[test]
    fn wrong_merges_and_splits_are_counted() {
        let gold = [
            g("a", "1", 2),
            g("b", "1", 2),
            g("c", "1", 2),
            g("d", "2", 0),
            g("e", "2", 0),
        ];
        // a+b right, c alone, d merged with a wrong event, e without event
        let events = [
            ev("x", &["a", "b", "d"], 3, "2017-03-04"),
            ev("y", &["c"], 2, "2017-03-05"),
        ];
        let r = score_dedup(&gold, &events, 10);
        // gold pairs: ab ac bc de = 4; system pairs: ab ad bd = 3
        assert_eq!((r.pairwise.tp, r.pairwise.fp, r.pairwise.fn_), (1, 2, 3));
        assert_eq!(r.incidents_one_event, 0);
        assert_eq!(r.incidents_some_merge, 1);
        assert_eq!((r.killed.correct, r.killed.total), (0, 2));
        assert!(r.errors.iter().any(|e| e.starts_with("MERGE event x")));
        assert!(r.errors.iter().any(|e| e.starts_with("SPLIT incident 1")));
        // B-cubed precision of a: {a,b,d} holds 2 right of 3
        assert!(r.bcubed_precision < 1.0 && r.bcubed_recall < 1.0);
    }

    #[test]
    fn split_halves_are_disjoint_and_stable() {
        let ids: Vec<String> = (0..200).map(|i| (90000 + i).to_string()).collect();
        let dev = ids.iter().filter(|i| Split::Dev.contains(i)).count();
        let held = ids.iter().filter(|i| Split::Heldout.contains(i)).count();
        assert_eq!(dev + held, 200);
        assert!((70..=130).contains(&dev), "{dev}");
        assert!(Split::All.contains("x"));
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!("heldout".parse::<Split>(), Ok(Split::Heldout));
    }
}
