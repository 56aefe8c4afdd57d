//! Time stage: recognises time expressions in English and French news text
//! and normalises them TIMEX3-style against the document creation time
//! (DCT), then dates events from them.
//!
//! ```
//! use chrono::NaiveDate;
//! let dct = NaiveDate::from_ymd_opt(2022, 5, 22);
//! let tx = khaldun_time::tag("On April 25, JNIM claimed the kidnapping.", dct, "en");
//! assert_eq!(tx[0].text, "April 25");
//! assert_eq!(tx[0].value, "2022-04-25");
//! let fr = khaldun_time::tag("L'armée a riposté hier soir.", dct, "fr");
//! assert_eq!(fr[0].value, "2022-05-21TEV");
//! ```
//!
//! How it works: a light tokenizer ([`token`]) looks words up in the
//! per-language lexicons under `data/time/` ([`lexicon`]); one grammar module
//! per language ([`grammar::en`], [`grammar::fr`]) matches the longest
//! expression at each token and says what it means ([`sem::Sem`]); [`sem`]
//! anchors it to the DCT, using the tense of the surrounding words for
//! year-less dates and bare weekdays: a year-less date takes the year that
//! puts it nearest the DCT, except that a past-tense date more than 30 days
//! after the DCT is last year's ("was ambushed on July 2" in a May article;
//! closer dates are usually deadlines, "extended to Nov. 20"), and a month
//! later in the year than the DCT's is last year's unless the clause looks
//! ahead. Dates inside parenthesised source citations ("(Twitter/@x, April
//! 26)") are flagged `citation`. [`date_event`] picks an event's date;
//! [`timeml`] and [`eval`] read TimeML gold and score TempEval-3 style
//! (`khaldun eval timex --gold DIR`, or without the CLI
//! `cargo run --release -p khaldun-time --example eval_timex -- DIR [en|fr] [N]`).
//!
//! What it does not do: no event-time relations (TLINKs), no time zones,
//! no languages other than English and French, and anaphoric expressions
//! ("the next day") are anchored to the last full date mentioned, which is a
//! heuristic.
use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use khaldun_model::{
    AnnotatedArticle, Component, DatePrecision, EventDate, Span, TextIndex, Timex, TimexType,
};

pub mod eval;
pub mod grammar;
pub mod lexicon;
pub mod sem;
pub mod timeml;
pub mod token;

use grammar::Match;
use lexicon::Tense;
use sem::{Ctx, Sem};
use token::Tokens;

/// Pipeline component that fills `doc.timexes`, using `doc.article.published`
/// as the document creation time and `doc.article.language`.
#[derive(Debug, Default)]
pub struct TimeStage {}

impl TimeStage {
    pub fn new() -> Self {
        TimeStage {}
    }
}

impl Component for TimeStage {
    fn name(&self) -> &'static str {
        "time"
    }
    fn annotate(&self, doc: &mut AnnotatedArticle) {
        let dct = doc.article.published.as_deref().and_then(parse_dct);
        let lang = match doc.article.language.as_deref() {
            Some("fr") => "fr",
            Some("en") => "en",
            _ => detect_lang(&doc.article.text),
        };
        doc.timexes = tag(&doc.article.text, dct, lang);
    }
}

/// Parse the date part of an ISO 8601 date or date-time.
pub fn parse_dct(s: &str) -> Option<NaiveDate> {
    let d = s.get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// Cheap English/French guess from function words.
pub fn detect_lang(text: &str) -> &'static str {
    let sample = match text.char_indices().nth(3000) {
        Some((b, _)) => &text[..b],
        None => text,
    };
    let (mut en, mut fr) = (0, 0);
    for wd in sample.split(|c: char| !c.is_alphabetic()) {
        match wd {
            "the" | "of" | "and" | "is" | "was" | "were" | "to" | "in" | "on" | "that" => en += 1,
            "le" | "la" | "les" | "des" | "du" | "est" | "et" | "une" | "dans" | "sur" | "au" => {
                fr += 1
            }
            _ => {}
        }
    }
    if fr > en {
        "fr"
    } else {
        "en"
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Fr,
}

impl Lang {
    fn can_start(self, t: &Tokens, i: usize) -> bool {
        match self {
            Lang::En => grammar::en::can_start(t, i),
            Lang::Fr => grammar::fr::can_start(t, i),
        }
    }
    fn at(self, t: &Tokens, i: usize) -> Option<Match> {
        match self {
            Lang::En => grammar::en::at(t, i),
            Lang::Fr => grammar::fr::at(t, i),
        }
    }
    fn tense_of(self, t: &Tokens, i: usize) -> Option<Tense> {
        match self {
            Lang::En => grammar::en::tense_of(t, i),
            Lang::Fr => grammar::fr::tense_of(t, i),
        }
    }
    fn sentence_end(self, t: &Tokens, i: usize) -> bool {
        match self {
            Lang::En => grammar::en::is_sentence_end(t, i),
            Lang::Fr => grammar::fr::is_sentence_end(t, i),
        }
    }
}

/// Tense of the clause around tokens `s..e`: the nearest past or future
/// marker within the sentence (present only when there is no other).
fn tense_around(lang: Lang, t: &Tokens, s: usize, e: usize) -> (Option<Tense>, usize) {
    // "by May", "until Friday": a deadline, looking forward
    if s > 0 && grammar::is_any(t, s - 1, &["by", "until", "till", "avant"]) {
        return (Some(Tense::Future), 1);
    }
    // "Wednesday's ruling": a possessive weekday names a past event
    if e < t.len() && grammar::is(t, e, "'s") {
        return (Some(Tense::Past), 1);
    }
    // "d'ici le 30 juin", "jusqu'au 30 juin", "à partir du 30 août"
    if s > 1
        && (grammar::is(t, s - 1, "ici") && grammar::is(t, s - 2, "d'")
            || grammar::is(t, s - 1, "au") && grammar::is(t, s - 2, "jusqu'")
            || grammar::is_any(t, s - 1, &["du", "de"]) && grammar::is(t, s - 2, "partir"))
    {
        return (Some(Tense::Future), 1);
    }
    const WINDOW: usize = 10;
    let mut best: Option<(usize, Tense)> = None;
    let mut present: Option<usize> = None;
    let mut consider = |dist: usize, i: usize, best: &mut Option<(usize, Tense)>| {
        if let Some(x) = lang.tense_of(t, i) {
            if x == Tense::Present {
                if present.is_none_or(|p| dist < p) {
                    present = Some(dist);
                }
            } else if best.is_none_or(|(d, _)| dist < d) {
                *best = Some((dist, x));
            }
        }
    };
    let mut i = s;
    let mut dist = 0;
    while i > 0 && dist < WINDOW {
        i -= 1;
        dist += 1;
        if lang.sentence_end(t, i) || t.toks[i + 1].newline && t.toks[i + 1].cap && dist > 1 {
            break;
        }
        consider(dist, i, &mut best);
    }
    let mut i = e;
    let mut dist = 0;
    while i < t.len() && dist < WINDOW {
        dist += 1;
        if lang.sentence_end(t, i) || (t.toks[i].newline && i > e) {
            break;
        }
        // a relative clause after the date has its own tense ("signed a
        // declaration Thursday that will serve as ...", "mardi, qui sera ...")
        if grammar::is_any(t, i, &["that", "which", "who", "qui", "dont", "que", "qu'"]) {
            break;
        }
        consider(dist, i, &mut best);
        i += 1;
    }
    match (best, present) {
        (Some((d, x)), _) => (Some(x), d),
        (None, Some(d)) => (Some(Tense::Present), d),
        _ => (None, usize::MAX),
    }
}

/// Is byte span `s..e` the date of a parenthesised source citation such as
/// "(Twitter/@Lesoirdebamako, April 26)" or "(lemonde.fr, April 25)"?
fn is_citation(text: &str, s: usize, e: usize) -> bool {
    let after = &text[e..];
    let close = after
        .char_indices()
        .take(4)
        .find(|(_, c)| !c.is_whitespace() && *c != '.')
        .is_some_and(|(_, c)| c == ')' || c == ']');
    if !close {
        return false;
    }
    let before = &text[..s];
    let mut comma = false;
    for (n, c) in before.chars().rev().enumerate() {
        if n > 120 {
            return false;
        }
        match c {
            '(' | '[' => return comma,
            ')' | ']' | '\n' => return false,
            ',' | ';' => comma = true,
            _ => {}
        }
    }
    false
}

/// Tag `text` (language `en` or `fr`) against the document creation time
/// `dct` (None leaves relative and year-less values underspecified).
pub fn tag(text: &str, dct: Option<NaiveDate>, lang: &str) -> Vec<Timex> {
    let lang = if lang == "fr" { Lang::Fr } else { Lang::En };
    let lex = lexicon::lexicon(if lang == Lang::Fr { "fr" } else { "en" });
    let t = Tokens::new(text, lex);
    let idx = TextIndex::new(text);
    let mut out = Vec::new();
    let mut anchor = dct;
    let mut period: Option<(i32, u32)> = None;
    let mut i = 0;
    while i < t.len() {
        if !lang.can_start(&t, i) {
            i += 1;
            continue;
        }
        let Some(m) = lang.at(&t, i) else {
            i += 1;
            continue;
        };
        if m.end <= m.start || m.start < i || m.end > t.len() {
            i += 1;
            continue;
        }
        let (tense, tense_dist) = tense_around(lang, &t, m.start, m.end);
        let ctx = Ctx {
            dct,
            tense,
            tense_dist,
            anchor,
            period,
        };
        let (kind, value) = sem::resolve(&m.sem, &ctx);
        if let Some((y, q)) = value.split_once("-Q") {
            if let (Ok(y), Ok(q)) = (y.parse(), q.parse()) {
                if !matches!(m.sem, Sem::YearBefore) {
                    period = Some((y, q));
                }
            }
        }
        if matches!(
            m.sem,
            Sem::Day { .. } | Sem::Weekday { .. } | Sem::RelDay(_) | Sem::At { .. }
        ) {
            if let Some(d) = sem::day_of(&m.sem, &ctx) {
                anchor = Some(d);
            }
        }
        let s = t.toks[m.start].s;
        let e = t.toks[m.end - 1].e;
        if is_address(text, s, e) {
            i = m.end;
            continue;
        }
        out.push(Timex {
            start: idx.byte_to_char(s),
            end: idx.byte_to_char(e),
            text: text[s..e].to_string(),
            kind,
            value,
            modifier: m.modifier.map(str::to_string),
            citation: is_citation(text, s, e),
            said: is_said(text, s),
        });
        i = m.end;
        // "April 24 and 25", "le 4 et le 5 mai": a second day of the same month
        if let Sem::Day { y, m: mo, .. } = m.sem {
            let mut k = m.end;
            if grammar::is_any(&t, k, &["and", "or", "&", "et", "ou"]) {
                k += 1;
                if grammar::is(&t, k, "le") {
                    k += 1;
                }
                if let Some((e, d2)) = grammar::day_num(&t, k) {
                    let next_is_word = e < t.len() && t.toks[e].kind == token::Kind::Word;
                    if !next_is_word || grammar::is_any(&t, e, &["and", "et"]) {
                        let sem2 = Sem::Day { y, m: mo, d: d2 };
                        let (kind, value) = sem::resolve(&sem2, &ctx);
                        let (s2, e2) = (t.toks[k].s, t.toks[e - 1].e);
                        out.push(Timex {
                            start: idx.byte_to_char(s2),
                            end: idx.byte_to_char(e2),
                            text: text[s2..e2].to_string(),
                            kind,
                            value,
                            modifier: None,
                            citation: is_citation(text, s2, e2),
                            said: is_said(text, s2),
                        });
                        i = e;
                    }
                }
            }
        }
    }
    out
}

/// Precision and first day of a TIMEX3 date value (`2022-04-25`, `2022-W16`,
/// `2022-04`, `2022-Q2`, `2022`, `2022-04-25TEV`); None when it names no
/// datable period (`PAST_REF`, `XXXX-04-25`).
pub fn value_date(value: &str) -> Option<(NaiveDate, DatePrecision)> {
    let v = value.split('T').next()?;
    let year: i32 = v.get(..4)?.parse().ok()?;
    let rest = &v[4..];
    if rest.is_empty() {
        return Some((NaiveDate::from_ymd_opt(year, 1, 1)?, DatePrecision::Year));
    }
    let rest = rest.strip_prefix('-')?;
    if let Some(wk) = rest.strip_prefix('W') {
        let n: u32 = wk.get(..2)?.parse().ok()?;
        let d = NaiveDate::from_isoywd_opt(year, n, chrono::Weekday::Mon)?;
        return Some((d, DatePrecision::Week));
    }
    if let Some(q) = rest.strip_prefix('Q') {
        let q: u32 = q.parse().ok()?;
        return Some((
            NaiveDate::from_ymd_opt(year, (q.clamp(1, 4) - 1) * 3 + 1, 1)?,
            DatePrecision::Month,
        ));
    }
    if let Some(h) = rest.strip_prefix('H') {
        let h: u32 = h.parse().ok()?;
        return Some((
            NaiveDate::from_ymd_opt(year, if h == 2 { 7 } else { 1 }, 1)?,
            DatePrecision::Year,
        ));
    }
    let season = match rest {
        "SP" => Some(3),
        "SU" => Some(6),
        "FA" => Some(9),
        "WI" => Some(12),
        _ => None,
    };
    if let Some(m) = season {
        return Some((NaiveDate::from_ymd_opt(year, m, 1)?, DatePrecision::Month));
    }
    let month: u32 = rest.get(..2)?.parse().ok()?;
    let rest = &rest[2..];
    if rest.is_empty() {
        return Some((
            NaiveDate::from_ymd_opt(year, month, 1)?,
            DatePrecision::Month,
        ));
    }
    let day: u32 = rest.strip_prefix('-')?.get(..2)?.parse().ok()?;
    Some((
        NaiveDate::from_ymd_opt(year, month, day)?,
        DatePrecision::Day,
    ))
}

fn event_date_from(t: &Timex) -> Option<EventDate> {
    if t.citation || !matches!(t.kind, TimexType::Date | TimexType::Time) {
        return None;
    }
    let (d, p) = value_date(&t.value)?;
    Some(EventDate {
        date: format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        value: Some(t.value.clone()),
        precision: p,
        time_precision: p.acled(),
        source: "text".into(),
        span: Some(Span {
            start: t.start,
            end: t.end,
            text: t.text.clone(),
        }),
    })
}

const EVENT_DATES: &str = include_str!("../../../data/time/event_dates.tsv");

/// Words before a date that make it no event's date, by kind
/// (`data/time/event_dates.tsv`).
fn event_date_words(kind: &str) -> &'static [String] {
    static W: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    let all = W.get_or_init(|| {
        EVENT_DATES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(k, p)| (k.to_string(), p.trim().to_string()))
            .collect()
    });
    static S: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    static M: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let pick = |k: &str| -> Vec<String> {
        all.iter()
            .filter(|(x, _)| x == k)
            .map(|(_, p)| p.clone())
            .collect()
    };
    static A: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    match kind {
        "statement" => S.get_or_init(|| pick("statement")),
        "address" => A.get_or_init(|| pick("address")),
        _ => M.get_or_init(|| pick("metadata")),
    }
}

/// A date that is not when the event happened: when something was said or
/// the page stamped (`Timex::said`), or a year no news could mean (a house
/// number read as a year: "1215 Ivy Street").
fn not_event_date(t: &Timex, published_year: Option<i32>) -> bool {
    if let Some((d, DatePrecision::Year)) = value_date(&t.value) {
        let max = published_year.unwrap_or(2100) + 1;
        if d.year() < 1900 || d.year() > max {
            return true;
        }
    }
    t.said
}

/// A bare number that an address word follows ("the 2000 block", "1215 Ivy
/// Street"): part of an address, not a year.
fn is_address(text: &str, s: usize, e: usize) -> bool {
    if !text[s..e].chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut to = (e + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let after = text[e..to].to_lowercase();
    let words = event_date_words("address");
    after
        .split_whitespace()
        .take(3)
        .any(|w| words.iter().any(|a| a == w.trim_end_matches([',', ';'])))
}

/// Whether byte `s` lies in the article's dateline: a short opening run
/// ("N'DJAMENA, 30 octobre 2024 –", "BAMAKO, March 3 (Reuters) -") that ends
/// in a dash within its first 80 bytes. Its date is when the story was filed.
fn in_dateline(text: &str, s: usize) -> bool {
    let lead = text.len() - text.trim_start().len();
    let mut end = (lead + 80).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[lead..end];
    let head = &head[..head.find('\n').unwrap_or(head.len())];
    let dash = [" – ", " — ", " - ", " -- "]
        .iter()
        .filter_map(|d| head.find(d))
        .min();
    dash.is_some_and(|d| s < lead + d && !head[..d].contains(". "))
}

/// Whether the words right before byte `s` are a verb of saying or a time
/// stamp label (`data/time/event_dates.tsv`): "police said (on) Saturday",
/// "Posted: Tuesday".
fn is_said(text: &str, s: usize) -> bool {
    if in_dateline(text, s) {
        return true;
    }
    let mut from = s.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text[from..s].to_lowercase();
    let before = before.trim_end().trim_end_matches([':', ',']).trim_end();
    let before = before
        .strip_suffix(" on")
        .or_else(|| before.strip_suffix(" le"))
        .unwrap_or(before)
        .trim_end();
    let ends_with_word = |p: &str| {
        before.ends_with(p)
            && before[..before.len() - p.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    event_date_words("statement")
        .iter()
        .chain(event_date_words("metadata"))
        .any(|p| ends_with_word(p))
}

/// The first event date (not a citation, not when something was said) told
/// in `range` (code points), in text order.
pub fn first_date_in(doc: &AnnotatedArticle, range: Range<usize>) -> Option<EventDate> {
    let published_year = doc
        .article
        .published
        .as_deref()
        .and_then(parse_dct)
        .map(|p| p.year());
    // timexes are in document order: start at the first one in range
    let from = doc.timexes.partition_point(|t| t.start < range.start);
    doc.timexes[from..]
        .iter()
        .take_while(|t| t.start < range.end)
        .filter(|t| t.end <= range.end)
        .filter(|t| !not_event_date(t, published_year))
        .find_map(event_date_from)
}

/// Date an event whose clause spans `clause` (code points) and whose trigger
/// starts at `trigger`: the nearest non-citation date in the clause, else in
/// the trigger's sentence, else the article's publication date. None only
/// when nothing is known.
pub fn date_event(
    doc: &AnnotatedArticle,
    clause: Range<usize>,
    trigger: usize,
) -> Option<EventDate> {
    date_event_among(doc, &doc.timexes, clause, trigger)
}

/// [`date_event`] over a run of `doc.timexes`, in document order, that holds
/// every time expression overlapping `clause` and the trigger's sentence (the
/// events stage passes its sentence's, so that dating an event does not scan
/// the whole document).
/// Code points from a trigger's start within which a date "follows it
/// right after" (a trigger word and a preposition: "kidnapped in ").
const RIGHT_AFTER: usize = 14;

pub fn date_event_among(
    doc: &AnnotatedArticle,
    timexes: &[Timex],
    clause: Range<usize>,
    trigger: usize,
) -> Option<EventDate> {
    let published_year = doc
        .article
        .published
        .as_deref()
        .and_then(parse_dct)
        .map(|p| p.year());
    // a month or year right after the trigger dates it ("enlevé en juillet",
    // "kidnapped in July": the trigger word and a preposition between them),
    // whatever day the sentence names for another act
    let right_after_trigger = |d: &EventDate| {
        d.span
            .as_ref()
            .is_some_and(|s| s.start >= trigger && s.start - trigger <= RIGHT_AFTER)
    };
    let nearest = |r: &Range<usize>| -> Option<EventDate> {
        timexes
            .iter()
            .filter(|t| t.start >= r.start && t.end <= r.end)
            .filter(|t| !not_event_date(t, published_year))
            .filter_map(|t| {
                let dist = if t.end <= trigger {
                    trigger - t.end
                } else {
                    t.start.saturating_sub(trigger)
                };
                event_date_from(t).map(|d| (dist, d))
            })
            // a day or week beats a month or year further away ("the VDP,
            // created in 2020, ambushed a column on Sunday")
            // and a named day beats a bare part of the day ("dans la nuit de
            // dimanche à lundi": Sunday, not tonight)
            .min_by_key(|(dist, d)| {
                let part_of_day = d.value.as_deref().is_some_and(|v| {
                    ["TNI", "TMO", "TAF", "TEV", "TDT"]
                        .iter()
                        .any(|p| v.ends_with(p))
                }) && d.span.as_ref().is_some_and(|s| {
                    !s.text
                        .chars()
                        .any(|c| c.is_ascii_digit() || c.is_uppercase())
                });
                let coarse = d.precision.acled() > 2 && !right_after_trigger(d);
                (coarse, part_of_day, *dist)
            })
            .map(|(_, d)| d)
    };

    if let Some(d) = nearest(&clause) {
        return Some(d);
    }
    if let Some(si) = doc.sentence_at(trigger) {
        let s = &doc.sentences[si];
        if let Some(d) = nearest(&(s.start..s.end)) {
            return Some(d);
        }
    }
    let p = doc.article.published.as_deref().and_then(parse_dct)?;
    Some(EventDate {
        date: format!("{:04}-{:02}-{:02}", p.year(), p.month(), p.day()),
        value: None,
        precision: DatePrecision::Day,
        time_precision: DatePrecision::Day.acled(),
        source: "published".into(),
        span: None,
    })
}

#[cfg(test)]
mod said_tests {
    use super::*;
    use khaldun_model::{Article, Component};

    fn doc(text: &str) -> AnnotatedArticle {
        let mut d = AnnotatedArticle::new(Article {
            text: text.into(),
            published: Some("2014-03-10".into()),
            language: Some("en".into()),
            ..Default::default()
        });
        TimeStage::new().annotate(&mut d);
        d
    }

    #[test]
    fn the_day_something_was_said_is_no_event_date() {
        let d = doc("A man was shot in Dallas, police said Saturday.");
        assert!(d.timexes.iter().all(|t| t.said), "{:?}", d.timexes);
        assert!(date_event(&d, 0..48, 8).is_some_and(|e| e.source == "published"));
        let d = doc("Posted: Tuesday, May 27, 2014. A man was shot.");
        assert!(d.timexes.iter().any(|t| t.said));
        // a dateline's date is when the story was filed
        let d = doc("BAMAKO, 12 March 2014 – Gunmen killed four people on Sunday.");
        assert!(d.timexes.iter().any(|t| t.said && t.text.contains("March")));
        assert!(d.timexes.iter().any(|t| !t.said && t.text == "Sunday"));
        // "dans la nuit de dimanche à lundi": Sunday, not the night of publication
        let mut d = AnnotatedArticle::new(Article {
            text: "Onze pêcheurs ont été tués dans la nuit de dimanche à lundi.".into(),
            published: Some("2024-10-30".into()),
            language: Some("fr".into()),
            ..Default::default()
        });
        TimeStage::new().annotate(&mut d);
        let e = date_event(&d, 0..60, 22).expect("a date");
        assert_eq!(e.date, "2024-10-27");
        // a house number read as a year is no date
        let d = doc("Two teens were injured in a shooting at 1215 Ivy Street.");
        assert!(first_date_in(&d, 0..60).is_none());
    }
}
