//! TempEval-3 style scoring of the tagger against TimeML gold: strict and
//! relaxed span precision/recall/F1, type and value accuracy on relaxed
//! matches, and value F1 (relaxed F1 × value accuracy).
use std::path::{Path, PathBuf};

use khaldun_model::{Timex, TimexType};

use crate::timeml::{self, GoldTimex};

/// Counts over a set of documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub docs: usize,
    pub gold: usize,
    pub system: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub type_ok: usize,
    pub value_ok: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Derived scores, in percent.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Scores {
    pub strict_p: f64,
    pub strict_r: f64,
    pub strict_f1: f64,
    pub relaxed_p: f64,
    pub relaxed_r: f64,
    pub relaxed_f1: f64,
    pub type_accuracy: f64,
    pub value_accuracy: f64,
    pub value_f1: f64,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.docs += o.docs;
        self.gold += o.gold;
        self.system += o.system;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.type_ok += o.type_ok;
        self.value_ok += o.value_ok;
    }

    pub fn scores(&self) -> Scores {
        let sp = ratio(self.strict, self.system);
        let sr = ratio(self.strict, self.gold);
        let rp = ratio(self.relaxed, self.system);
        let rr = ratio(self.relaxed, self.gold);
        let rf = f1(rp, rr);
        let va = ratio(self.value_ok, self.relaxed);
        Scores {
            strict_p: 100.0 * sp,
            strict_r: 100.0 * sr,
            strict_f1: 100.0 * f1(sp, sr),
            relaxed_p: 100.0 * rp,
            relaxed_r: 100.0 * rr,
            relaxed_f1: 100.0 * rf,
            type_accuracy: 100.0 * ratio(self.type_ok, self.relaxed),
            value_accuracy: 100.0 * va,
            value_f1: 100.0 * rf * va,
        }
    }
}

/// One scoring error, for analysis.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ErrorSample {
    pub doc: String,
    /// `missed`, `spurious`, `span`, `value`, `type`.
    pub kind: &'static str,
    pub gold: Option<String>,
    pub system: Option<String>,
    pub context: String,
}

fn type_name(k: TimexType) -> &'static str {
    match k {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

fn context(text: &str, s: usize, e: usize) -> String {
    let a = s.saturating_sub(50);
    let pre: String = text.chars().skip(a).take(s - a).collect();
    let mid: String = text.chars().skip(s).take(e - s).collect();
    let post: String = text.chars().skip(e).take(50).collect();
    format!("{pre}[{mid}]{post}").replace('\n', " ")
}

/// Score one document's system output against its gold.
pub fn score_doc(
    id: &str,
    text: &str,
    gold: &[GoldTimex],
    sys: &[Timex],
    errors: &mut Vec<ErrorSample>,
) -> Counts {
    let excluded: Vec<&GoldTimex> = gold.iter().filter(|g| g.creation_time).collect();
    let gold: Vec<&GoldTimex> = gold.iter().filter(|g| !g.creation_time).collect();
    let sys: Vec<&Timex> = sys
        .iter()
        .filter(|s| !excluded.iter().any(|g| s.start < g.end && g.start < s.end))
        .collect();
    let mut c = Counts {
        docs: 1,
        gold: gold.len(),
        system: sys.len(),
        ..Default::default()
    };
    let mut used = vec![false; sys.len()];
    let gs = |g: &GoldTimex| format!("{} {} {}", g.text, g.kind, g.value);
    let ss = |s: &Timex| format!("{} {} {}", s.text, type_name(s.kind), s.value);
    for g in &gold {
        // prefer the exact span, else the first overlapping
        let cand = (0..sys.len())
            .filter(|&k| !used[k] && sys[k].start < g.end && g.start < sys[k].end)
            .max_by_key(|&k| {
                (
                    sys[k].start == g.start && sys[k].end == g.end,
                    usize::MAX - k,
                )
            });
        let Some(k) = cand else {
            errors.push(ErrorSample {
                doc: id.into(),
                kind: "missed",
                gold: Some(gs(g)),
                system: None,
                context: context(text, g.start, g.end),
            });
            continue;
        };
        used[k] = true;
        let s = sys[k];
        c.relaxed += 1;
        if s.start == g.start && s.end == g.end {
            c.strict += 1;
        } else {
            errors.push(ErrorSample {
                doc: id.into(),
                kind: "span",
                gold: Some(gs(g)),
                system: Some(ss(s)),
                context: context(text, g.start.min(s.start), g.end.max(s.end)),
            });
        }
        if type_name(s.kind) == g.kind {
            c.type_ok += 1;
        } else {
            errors.push(ErrorSample {
                doc: id.into(),
                kind: "type",
                gold: Some(gs(g)),
                system: Some(ss(s)),
                context: context(text, g.start, g.end),
            });
        }
        if s.value == g.value {
            c.value_ok += 1;
        } else {
            errors.push(ErrorSample {
                doc: id.into(),
                kind: "value",
                gold: Some(gs(g)),
                system: Some(ss(s)),
                context: context(text, g.start, g.end),
            });
        }
    }
    for (k, s) in sys.iter().enumerate() {
        if !used[k] {
            errors.push(ErrorSample {
                doc: id.into(),
                kind: "spurious",
                gold: None,
                system: Some(ss(s)),
                context: context(text, s.start, s.end),
            });
        }
    }
    c
}

/// All `.tml` files under `dir`, sorted.
pub fn tml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if d.is_file() {
            out.push(d);
            continue;
        }
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "tml") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Score every `.tml` file under `dir`. `lang` None guesses per document.
pub fn eval_dir(
    dir: &Path,
    lang: Option<&str>,
    errors: &mut Vec<ErrorSample>,
) -> anyhow_lite::Result<Counts> {
    let mut total = Counts::default();
    for f in tml_files(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let xml = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let doc = timeml::parse(&xml).map_err(|e| format!("{}: {e}", f.display()))?;
        let l = lang.unwrap_or_else(|| crate::detect_lang(&doc.text));
        let sys = crate::tag(&doc.text, doc.dct, l);
        let id = if doc.id.is_empty() {
            f.file_name()
                .map(|x| x.to_string_lossy().into_owned())
                .unwrap_or_default()
        } else {
            doc.id.clone()
        };
        let c = score_doc(&id, &doc.text, &doc.timexes, &sys, errors);
        total.add(&c);
    }
    Ok(total)
}

/// Minimal string-error result, so this crate needs no error-handling dependency.
pub mod anyhow_lite {
    pub type Result<T> = std::result::Result<T, String>;
}
