//! Scoring on PETRARCH's validation records (`PETR.UnitTest.records` XML:
//! `<Sentence date id category>` holding `<EventCoding sourcecode targetcode
//! eventcode>` or `<EventCoding noevents="True">`, and `<Text>`).
//!
//! The records use toy actors (Arnor, Gondor) and toy verb dictionaries of
//! their own, so actors are not scored, only whether a sentence has an event
//! and its CAMEO code; and the codes follow those dictionaries ("restore full
//! diplomatic ties" is 064 there, 57 of the 284 records), so agreement
//! measures overlap with PETRARCH's test coding rather than with CAMEO at
//! large. PETRARCH2 codes every record by construction (they are its unit
//! tests). Do not tune triggers to these records.

use std::collections::BTreeMap;

use khaldun_model::{AnnotatedArticle, Event};
use quick_xml::events::Event as Xml;
use serde::Serialize;

/// One validation sentence.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub id: String,
    pub category: String,
    /// `YYYY-MM-DD`, from the record's `date="19950101"`.
    pub date: Option<String>,
    pub text: String,
    /// Gold CAMEO event codes ("064"); empty for a `noevents` record.
    pub codes: Vec<String>,
}

/// Parse the records. Errors name the line of the first malformed element.
pub fn parse(xml: &str) -> Result<Vec<Record>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<Record> = None;
    let mut in_text = false;
    let line_at = |pos: u64| khaldun_model::line_of(xml, pos as usize);
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("line {}: {e}", line_at(reader.error_position())))?;
        match ev {
            Xml::Start(s) | Xml::Empty(s) => {
                let attr = |name: &str| {
                    s.attributes()
                        .flatten()
                        .find_map(|a| (a.key.as_ref() == name).then(|| a.value.trim().to_string()))
                };
                match s.name().as_ref() {
                    "Sentence" => {
                        let date = attr("date")
                            .filter(|d| d.len() == 8)
                            .map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]));
                        cur = Some(Record {
                            id: attr("id").unwrap_or_default(),
                            category: attr("category").unwrap_or_default(),
                            date,
                            ..Default::default()
                        });
                    }
                    "EventCoding" => {
                        if let (Some(r), Some(code)) = (cur.as_mut(), attr("eventcode")) {
                            if !code.is_empty() {
                                r.codes.push(code);
                            }
                        }
                    }
                    "Text" => in_text = true,
                    _ => {}
                }
            }
            Xml::Text(t) if in_text => {
                if let Some(r) = cur.as_mut() {
                    r.text.push_str(t.as_ref());
                }
            }
            Xml::GeneralRef(g) if in_text => {
                if let Some(r) = cur.as_mut() {
                    r.text.push_str(match g.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Xml::End(e) => match e.name().as_ref() {
                "Text" => in_text = false,
                "Sentence" => {
                    if let Some(mut r) = cur.take() {
                        r.text = r.text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !r.text.is_empty() {
                            out.push(r);
                        }
                    }
                }
                _ => {}
            },
            Xml::Eof => break,
            _ => {}
        }
    }
    if out.is_empty() {
        return Err("no <Sentence> records with <Text> found".into());
    }
    Ok(out)
}

/// Scores on the records.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub records: usize,
    /// Records with at least one gold event / with `noevents`.
    pub gold_with_event: usize,
    pub gold_without_event: usize,
    /// Sentence-level detection: a record has (not negated) events.
    pub detection_precision: f64,
    pub detection_recall: f64,
    pub detection_f1: f64,
    /// Among records with gold and system events: some system event has a
    /// gold CAMEO root (two digits) / a gold code (three or four digits).
    pub root_agreement: f64,
    pub code_agreement: f64,
    /// Gold root → (records, records whose root some system event has).
    pub per_root: BTreeMap<String, (usize, usize)>,
    pub errors: Vec<String>,
}

/// Score; `docs[i]` is the pipeline's output on `records[i].text`.
pub fn score(records: &[Record], docs: &[AnnotatedArticle], max_errors: usize) -> Report {
    let mut r = Report {
        records: records.len(),
        ..Default::default()
    };
    let (mut tp, mut sys_pos, mut both, mut roots, mut codes) = (0, 0, 0, 0, 0);
    for (rec, doc) in records.iter().zip(docs) {
        let evs: Vec<&Event> = doc.events.iter().filter(|e| !e.negated).collect();
        let gold = !rec.codes.is_empty();
        if gold {
            r.gold_with_event += 1;
        } else {
            r.gold_without_event += 1;
        }
        if !evs.is_empty() {
            sys_pos += 1;
        }
        if gold && !evs.is_empty() {
            tp += 1;
        }
        let sys_codes: Vec<&str> = evs.iter().filter_map(|e| e.cameo.code.as_deref()).collect();
        let root_hit = rec
            .codes
            .iter()
            .any(|g| sys_codes.iter().any(|s| s.get(..2) == g.get(..2)));
        let code_hit = rec.codes.iter().any(|g| sys_codes.contains(&g.as_str()));
        if gold && !evs.is_empty() {
            both += 1;
            roots += usize::from(root_hit);
            codes += usize::from(code_hit);
        }
        for g in &rec.codes {
            let e = r
                .per_root
                .entry(g.get(..2).unwrap_or(g).to_string())
                .or_default();
            e.0 += 1;
            e.1 += usize::from(sys_codes.iter().any(|s| s.get(..2) == g.get(..2)));
        }
        if (gold == evs.is_empty() || gold && !root_hit) && r.errors.len() < max_errors {
            r.errors.push(format!(
                "{} gold={:?} sys={:?}: {}",
                rec.id, rec.codes, sys_codes, rec.text
            ));
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    r.detection_precision = ratio(tp, sys_pos);
    r.detection_recall = ratio(tp, r.gold_with_event);
    let (p, q) = (r.detection_precision, r.detection_recall);
    r.detection_f1 = if p + q == 0.0 {
        0.0
    } else {
        2.0 * p * q / (p + q)
    };
    r.root_agreement = ratio(roots, both);
    r.code_agreement = ratio(codes, both);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<Validation><Sentences>
<!-- a comment -->
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor is about to restore full diplomatic ties with Gondor &amp; Rohan.
</Text>
<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>
</Sentence>
<Sentence date="19950102" id="NULL-01" category="ERROR">
<EventCoding noevents = "True"></EventCoding>
<Text>The weather was fine.</Text>
</Sentence>
</Sentences></Validation>"#;

    #[test]
    fn records_are_read_with_codes_dates_and_text() {
        let r = parse(XML).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].id, "DEMO-00");
        assert_eq!(r[0].date.as_deref(), Some("1995-01-01"));
        assert_eq!(r[0].codes, vec!["064"]);
        assert_eq!(
            r[0].text,
            "Arnor is about to restore full diplomatic ties with Gondor & Rohan."
        );
        assert!(r[1].codes.is_empty());
    }

    #[test]
    fn malformed_records_give_an_error_not_a_panic() {
        assert!(parse("<Validation><Sentence id='x'><Text>a</Sentence>").is_err());
        assert!(parse("").is_err());
        assert!(parse("\u{0}\u{1}garbage<<<").is_err());
    }

    #[test]
    fn scoring_counts_detection_and_roots() {
        let recs = parse(XML).unwrap();
        let mut with_event = AnnotatedArticle::default();
        let mut e = Event::default();
        e.cameo.code = Some("061".into());
        with_event.events.push(e);
        let r = score(&recs, &[with_event, AnnotatedArticle::default()], 5);
        assert_eq!((r.gold_with_event, r.gold_without_event), (1, 1));
        assert_eq!(r.detection_precision, 1.0);
        assert_eq!(r.detection_recall, 1.0);
        // 061 shares the root 06 with 064 but not the code
        assert_eq!(r.root_agreement, 1.0);
        assert_eq!(r.code_agreement, 0.0);
    }
}
