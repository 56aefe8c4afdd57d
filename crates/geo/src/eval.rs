//! Geoparsing evaluation on GeoVirus-layout gold (JSON Lines:
//! `{text, toponyms: [{start, end, phrase, lat, lon}]}`, code point offsets).
//!
//! Recognition: precision, recall and F1 over toponym spans, exact and
//! overlapping (one-to-one). Resolution, on gold toponyms matched by an
//! overlapping prediction: accuracy within 161 km, mean and median error, and
//! the AUC of the log-error curve of Gritta et al. (2018): the mean of
//! ln(1 + error km) / ln(20039), lower is better. Demonym mentions ("Malian
//! soldiers") are not toponyms and are left out of the scores. A gold toponym
//! whose `lat`/`lon` are null or missing (LGL has some) counts for recognition
//! only: it is a gold span, but it has no point to measure an error against.

use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::gazetteer::Gazetteer;
use crate::parse::{geoparse, resolve_spans, ParseOptions};

const MAX_KM: f64 = 20039.0;

#[derive(Debug, Deserialize)]
struct GoldDoc {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    toponyms: Vec<GoldTop>,
    #[serde(default)]
    lang: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldTop {
    start: usize,
    end: usize,
    #[serde(default)]
    phrase: String,
    /// `null` or missing in some corpora (LGL): recognition only.
    #[serde(default)]
    lat: Option<f64>,
    #[serde(default)]
    lon: Option<f64>,
}

impl GoldTop {
    fn point(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?))
    }
}

/// One scored toponym, for error analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    pub doc: String,
    /// `tp` (matched, with error), `fn` (gold missed), `fp` (spurious prediction).
    pub outcome: &'static str,
    pub phrase: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicted: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_km: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// Scores.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GeoEvalReport {
    pub documents: usize,
    pub gold_toponyms: usize,
    pub predicted: usize,
    pub exact_precision: f64,
    pub exact_recall: f64,
    pub exact_f1: f64,
    pub overlap_precision: f64,
    pub overlap_recall: f64,
    pub overlap_f1: f64,
    /// Gold toponyms without coordinates (recognition only, not in the resolution scores).
    pub gold_without_point: usize,
    /// Gold toponyms with coordinates and an overlapping prediction.
    pub resolved: usize,
    pub acc_161: f64,
    pub mean_error_km: f64,
    pub median_error_km: f64,
    pub auc: f64,
    pub given_spans: bool,
    /// (matched toponyms, within 161 km) by the kind of place predicted:
    /// where the errors are (country points are conventions that differ by
    /// hundreds of km between gazetteers; towns are not)
    pub by_kind: std::collections::BTreeMap<&'static str, (usize, usize)>,
    pub seconds: f64,
    #[serde(skip)]
    pub details: Vec<Detail>,
}

/// A coarse kind for a predicted GeoNames feature code.
fn kind_of(feature: Option<&str>) -> &'static str {
    match feature {
        None => "unknown (container or country point)",
        Some(f) if f.starts_with("P.") => "town",
        Some("A.PCLI") => "country",
        Some(f) if f.starts_with("A.") => "admin unit",
        Some(_) => "continent, region, sea",
    }
}

/// Great-circle distance in km between two (lat, lon) points.
pub fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 {
        0.0
    } else {
        tp as f64 / pred as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p * 100.0, r * 100.0, f * 100.0)
}

fn context(text: &str, s: usize, e: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let a = s.saturating_sub(40);
    let b = (e + 40).min(chars.len());
    let mut out: String = chars[a..s.min(chars.len())].iter().collect();
    out.push('[');
    out.extend(&chars[s.min(chars.len())..e.min(chars.len())]);
    out.push(']');
    out.extend(&chars[e.min(chars.len())..b]);
    out.replace('\n', " ")
}

/// Which documents of a gold file to score: all of them, or one half of a
/// stable split by document id (FNV-1a hash of the id's text, even → dev, odd
/// → held-out), so that rules can be studied on one half and checked on the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Split {
    #[default]
    All,
    Dev,
    Heldout,
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "all" => Ok(Split::All),
            "dev" => Ok(Split::Dev),
            "heldout" | "held-out" => Ok(Split::Heldout),
            _ => Err(format!("unknown split {s:?} (all, dev, heldout)")),
        }
    }
}

impl Split {
    /// Whether the document with this id belongs to the split.
    pub fn holds(self, id: &str) -> bool {
        let h = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        match self {
            Split::All => true,
            Split::Dev => h % 2 == 0,
            Split::Heldout => h % 2 == 1,
        }
    }
}

fn id_text(id: &serde_json::Value) -> String {
    match id {
        serde_json::Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

/// Score `g` on the gold file at `path`.
pub fn evaluate(g: &Gazetteer, path: &Path, given_spans: bool) -> std::io::Result<GeoEvalReport> {
    evaluate_split(g, path, given_spans, Split::All, false)
}

/// Score `g` on the documents of `split` in the gold file at `path`. With
/// `demonyms`, demonym mentions ("Russian officials") count as toponyms, as
/// in corpora that annotate adjectival place names (LGL); GeoVirus does not.
pub fn evaluate_split(
    g: &Gazetteer,
    path: &Path,
    given_spans: bool,
    split: Split,
    demonyms: bool,
) -> std::io::Result<GeoEvalReport> {
    let file = std::fs::File::open(path)?;
    let mut docs = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<GoldDoc>(&line) {
            Ok(d) if split.holds(&id_text(&d.id)) => docs.push(d),
            Ok(_) => {}
            Err(e) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{}:{}: {e}", path.display(), n + 1),
                ))
            }
        }
    }
    let t0 = std::time::Instant::now();
    let mut r = GeoEvalReport {
        given_spans,
        documents: docs.len(),
        ..Default::default()
    };
    let (mut exact_tp, mut ov_tp) = (0, 0);
    let mut errors: Vec<f64> = Vec::new();
    for d in &docs {
        let doc_id = id_text(&d.id);
        let preds = if given_spans {
            let spans: Vec<(usize, usize)> = d.toponyms.iter().map(|t| (t.start, t.end)).collect();
            resolve_spans(g, &d.text, &spans)
        } else {
            geoparse(
                g,
                &d.text,
                ParseOptions {
                    lang: d.lang.as_deref(),
                    demonyms,
                },
            )
        };
        let preds: Vec<_> = preds
            .into_iter()
            .filter(|p| demonyms || p.kind != "demonym")
            .collect();
        r.gold_toponyms += d.toponyms.len();
        r.gold_without_point += d.toponyms.iter().filter(|t| t.point().is_none()).count();
        r.predicted += preds.len();
        let mut used = vec![false; preds.len()];
        for gt in &d.toponyms {
            if preds.iter().any(|p| p.start == gt.start && p.end == gt.end) {
                exact_tp += 1;
            }
            // best overlapping unused prediction: exact first, then largest overlap
            let mut best: Option<(usize, usize)> = None;
            for (j, p) in preds.iter().enumerate() {
                if used[j] || p.end <= gt.start || p.start >= gt.end {
                    continue;
                }
                let ov = p.end.min(gt.end) - p.start.max(gt.start);
                if best.is_none_or(|(_, b)| ov > b) {
                    best = Some((j, ov));
                }
            }
            match best {
                Some((j, _)) => {
                    used[j] = true;
                    ov_tp += 1;
                    let p = &preds[j];
                    let Some(gold_point) = gt.point() else {
                        // recognised; nothing to measure the resolution against
                        r.details.push(Detail {
                            doc: doc_id.clone(),
                            outcome: "tp",
                            phrase: gt.phrase.clone(),
                            predicted: Some(p.place.name.clone()),
                            error_km: None,
                            context: Some(context(&d.text, gt.start, gt.end)),
                        });
                        continue;
                    };
                    let err = match (p.place.lat, p.place.lon) {
                        (Some(la), Some(lo)) => haversine((la, lo), gold_point),
                        _ => MAX_KM,
                    };
                    errors.push(err);
                    let k = r
                        .by_kind
                        .entry(kind_of(p.place.feature.as_deref()))
                        .or_default();
                    k.0 += 1;
                    k.1 += usize::from(err <= 161.0);
                    r.details.push(Detail {
                        doc: doc_id.clone(),
                        outcome: "tp",
                        phrase: gt.phrase.clone(),
                        predicted: Some(format!(
                            "{} [{} {}] {}",
                            p.place.name,
                            p.place.feature.as_deref().unwrap_or("-"),
                            p.place.country.as_deref().unwrap_or("-"),
                            p.place.admin1.as_deref().unwrap_or("-")
                        )),
                        error_km: Some((err * 10.0).round() / 10.0),
                        context: Some(context(&d.text, gt.start, gt.end)),
                    });
                }
                None => r.details.push(Detail {
                    doc: doc_id.clone(),
                    outcome: "fn",
                    phrase: gt.phrase.clone(),
                    predicted: None,
                    error_km: None,
                    context: Some(context(&d.text, gt.start, gt.end)),
                }),
            }
        }
        for (j, p) in preds.iter().enumerate() {
            if !used[j]
                && !d
                    .toponyms
                    .iter()
                    .any(|gt| p.end > gt.start && p.start < gt.end)
            {
                r.details.push(Detail {
                    doc: doc_id.clone(),
                    outcome: "fp",
                    phrase: p.text.clone(),
                    predicted: Some(format!(
                        "{} [{}]",
                        p.place.name,
                        p.place.feature.as_deref().unwrap_or("-")
                    )),
                    error_km: None,
                    context: Some(context(&d.text, p.start, p.end)),
                });
            }
        }
    }
    r.seconds = t0.elapsed().as_secs_f64();
    // overlap precision counts predictions overlapping any gold span
    let ov_pred_tp = r.predicted - r.details.iter().filter(|d| d.outcome == "fp").count();
    (r.exact_precision, r.exact_recall, r.exact_f1) = prf(exact_tp, r.predicted, r.gold_toponyms);
    let (p, _, _) = prf(ov_pred_tp, r.predicted, r.gold_toponyms);
    let (_, rr, _) = prf(ov_tp, r.predicted, r.gold_toponyms);
    r.overlap_precision = p;
    r.overlap_recall = rr;
    r.overlap_f1 = if p + rr == 0.0 {
        0.0
    } else {
        2.0 * p * rr / (p + rr)
    };
    r.resolved = errors.len();
    if !errors.is_empty() {
        let n = errors.len() as f64;
        r.acc_161 = errors.iter().filter(|&&e| e <= 161.0).count() as f64 / n * 100.0;
        r.mean_error_km = errors.iter().sum::<f64>() / n;
        let mut s = errors.clone();
        s.sort_by(|a, b| a.total_cmp(b));
        r.median_error_km = if s.len() % 2 == 1 {
            s[s.len() / 2]
        } else {
            (s[s.len() / 2 - 1] + s[s.len() / 2]) / 2.0
        };
        r.auc = errors
            .iter()
            .map(|e| (1.0 + e).ln() / (1.0 + MAX_KM).ln())
            .sum::<f64>()
            / n;
    }
    Ok(r)
}

impl GeoEvalReport {
    /// Human-readable summary.
    pub fn summary(&self) -> String {
        let mut kinds = String::new();
        for (k, (n, ok)) in &self.by_kind {
            kinds.push_str(&format!(
                "\n  {k:<38} {n:>5} matched  acc@161km {:.1}",
                *ok as f64 / (*n).max(1) as f64 * 100.0
            ));
        }
        format!(
            "documents {}  gold toponyms {}{}  predicted {}{}\n\
             recognition exact:   P {:.1}  R {:.1}  F1 {:.1}\n\
             recognition overlap: P {:.1}  R {:.1}  F1 {:.1}\n\
             resolution ({} matched gold toponyms): acc@161km {:.1}  mean {:.0} km  median {:.1} km  AUC {:.3}\n\
             by kind of place predicted:{}\n\
             time {:.2} s",
            self.documents,
            self.gold_toponyms,
            if self.gold_without_point > 0 {
                format!(" ({} without coordinates: recognition only)", self.gold_without_point)
            } else {
                String::new()
            },
            self.predicted,
            if self.given_spans { " (given spans)" } else { "" },
            self.exact_precision,
            self.exact_recall,
            self.exact_f1,
            self.overlap_precision,
            self.overlap_recall,
            self.overlap_f1,
            self.resolved,
            self.acc_161,
            self.mean_error_km,
            self.median_error_km,
            self.auc,
            kinds,
            self.seconds
        )
    }
}
