//! The TimeML reader and the TempEval-3 scorer, on one short AQUAINT file
//! (see tests/fixtures/README.md).
use khaldun_time::eval::score_doc;
use khaldun_time::timeml::parse;

const TML: &str = include_str!("fixtures/APW19980809.0700.tml");

#[test]
fn reads_dct_text_and_gold() {
    let doc = parse(TML).unwrap();
    assert_eq!(doc.id, "APW19980809.0700");
    assert_eq!(doc.dct.unwrap().to_string(), "1998-08-09");
    assert!(!doc.text.contains('<'));
    let g: Vec<_> = doc.timexes.iter().filter(|t| !t.creation_time).collect();
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].text, "Saturday");
    assert_eq!(g[0].value, "1998-08-08");
    let span: String = doc
        .text
        .chars()
        .skip(g[0].start)
        .take(g[0].end - g[0].start)
        .collect();
    assert_eq!(span, "Saturday");
}

#[test]
fn scores_the_tagger() {
    let doc = parse(TML).unwrap();
    let sys = khaldun_time::tag(&doc.text, doc.dct, "en");
    let mut errors = Vec::new();
    let c = score_doc(&doc.id, &doc.text, &doc.timexes, &sys, &mut errors);
    assert_eq!(c.gold, 1);
    assert_eq!((c.strict, c.relaxed, c.value_ok), (1, 1, 1), "{errors:?}");
    let s = c.scores();
    assert!((s.value_f1 - s.relaxed_f1 * s.value_accuracy / 100.0).abs() < 1e-9);
    assert!(s.relaxed_r > 99.9);
}

#[test]
fn decodes_entities_and_skips_empty_timexes() {
    let xml = "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2002-01-02\" functionInDocument=\"CREATION_TIME\"/></DCT>\
               <TEXT>A &amp; B <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2002-01-01\">hier</TIMEX3> \
               <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"2002\"/>é</TEXT></TimeML>";
    let d = parse(xml).unwrap();
    assert_eq!(d.dct.unwrap().to_string(), "2002-01-02");
    assert_eq!(d.text, "A & B hier é");
    assert_eq!(d.timexes.len(), 1);
    assert_eq!((d.timexes[0].start, d.timexes[0].end), (6, 10));
    assert!(parse("<TimeML>no text</TimeML>").is_err());
    assert!(parse("<TEXT><TIMEX3 value=\"x\"").is_err());
}
