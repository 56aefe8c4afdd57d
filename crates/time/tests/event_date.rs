//! `date_event`: nearest non-citation date in the clause, else the sentence,
//! else the publication date; precision and ACLED time_precision.
use khaldun_model::Component;
use khaldun_model::{AnnotatedArticle, Article, DatePrecision, Sentence};
use khaldun_time::{date_event, value_date, TimeStage};

fn doc(text: &str, published: Option<&str>) -> AnnotatedArticle {
    let mut d = AnnotatedArticle::new(Article {
        text: text.to_string(),
        published: published.map(str::to_string),
        language: Some("en".into()),
        ..Default::default()
    });
    // one sentence per ". "
    let mut start = 0;
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '.' && (i + 1 == chars.len() || chars[i + 1] == ' ') {
            d.sentences.push(Sentence {
                start,
                end: i + 1,
                text: chars[start..=i].iter().collect(),
                tokens: vec![],
            });
            start = i + 2;
        }
    }
    TimeStage::new().annotate(&mut d);
    d
}

fn pos(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].chars().count()
}

#[test]
fn clause_date_wins_and_citations_are_skipped() {
    let text =
        "On April 25, JNIM kidnapped two Wagner contractors in Ségou (Twitter/@x, April 26).";
    let d = doc(text, Some("2022-05-22T12:07:40"));
    let trig = pos(text, "kidnapped");
    let e = date_event(&d, 0..text.chars().count(), trig).unwrap();
    assert_eq!(e.date, "2022-04-25");
    assert_eq!(e.precision, DatePrecision::Day);
    assert_eq!(e.time_precision, 1);
    assert_eq!(e.source, "text");
    assert_eq!(e.span.unwrap().text, "April 25");
}

#[test]
fn only_citation_date_falls_back_to_published() {
    let text = "JNIM kidnapped two Wagner contractors in Ségou (Twitter/@x, April 26).";
    let d = doc(text, Some("2022-05-22"));
    let e = date_event(&d, 0..text.chars().count(), pos(text, "kidnapped")).unwrap();
    assert_eq!(e.source, "published");
    assert_eq!(e.date, "2022-05-22");
    assert_eq!(e.time_precision, 1);
}

#[test]
fn sentence_date_when_clause_has_none() {
    let text = "Last week, gunmen attacked a convoy and they killed six soldiers.";
    let d = doc(text, Some("2022-05-18"));
    let clause_start = pos(text, "they killed");
    let e = date_event(&d, clause_start..text.chars().count(), pos(text, "killed")).unwrap();
    assert_eq!(e.value.as_deref(), Some("2022-W19"));
    assert_eq!(e.precision, DatePrecision::Week);
    assert_eq!(e.time_precision, 2);
    assert_eq!(e.date, "2022-05-09");
}

#[test]
fn nearest_date_in_clause() {
    let text = "In 2021 the group grew, and on 6 April 2022 it bombed the camp.";
    let d = doc(text, Some("2022-05-22"));
    let e = date_event(&d, 0..text.chars().count(), pos(text, "bombed")).unwrap();
    assert_eq!(e.date, "2022-04-06");
    let e2 = date_event(&d, 0..pos(text, ", and"), pos(text, "grew")).unwrap();
    assert_eq!(e2.precision, DatePrecision::Year);
    assert_eq!(e2.time_precision, 3);
    assert_eq!(e2.date, "2021-01-01");
}

#[test]
fn month_precision_and_nothing_known() {
    let text = "The militia raided the town in March.";
    let d = doc(text, None);
    // no DCT: "March" stays XXXX-03, which dates nothing, and there is no publication date
    assert!(date_event(&d, 0..text.chars().count(), pos(text, "raided")).is_none());
    let d2 = doc(text, Some("2022-05-22"));
    let e = date_event(&d2, 0..text.chars().count(), pos(text, "raided")).unwrap();
    assert_eq!(
        (e.date.as_str(), e.precision, e.time_precision),
        ("2022-03-01", DatePrecision::Month, 3)
    );
}

#[test]
fn value_date_forms() {
    assert_eq!(value_date("2022-04-25TEV").unwrap().1, DatePrecision::Day);
    assert_eq!(value_date("2022-Q2").unwrap().0.to_string(), "2022-04-01");
    assert_eq!(value_date("2022-W16").unwrap().0.to_string(), "2022-04-18");
    assert!(value_date("PAST_REF").is_none());
    assert!(value_date("XXXX-04-25").is_none());
    assert!(value_date("P5W").is_none());
}

#[test]
fn stage_detects_french_without_a_language() {
    let mut d = AnnotatedArticle::new(Article {
        text: "Des hommes armés ont attaqué le village hier soir, selon les habitants.".into(),
        published: Some("2022-05-22T08:00:00".into()),
        ..Default::default()
    });
    TimeStage::new().annotate(&mut d);
    assert_eq!(d.timexes.len(), 1);
    assert_eq!(d.timexes[0].value, "2022-05-21TEV");
    assert_eq!(TimeStage::new().name(), "time");
}
