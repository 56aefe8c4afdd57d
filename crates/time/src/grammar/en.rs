//! English time grammar: every pattern the English tagger knows, in one place.
//!
//! An expression is `[prefix modifier] [the] core`, where the prefix is an
//! approximation or a part-of-period word ("about", "more than", "early",
//! "the end of") and the core one of the patterns below, each named after the
//! linguistic construction it covers. Word classes (month, weekday, unit,
//! number word...) come from `data/time/en/lexicon.tsv`.
use super::*;
use crate::lexicon::{Pod, Tense, Unit};
use crate::sem::{Sem, Tod};
use crate::token::Tokens;

/// Function words that may open an expression without a lexicon reading.
const STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "that",
    "more",
    "less",
    "fewer",
    "at",
    "every",
    "each",
    "per",
    "fiscal",
    "end",
    "beginning",
    "start",
    "middle",
    "earlier",
    "later",
    "half",
    "'",
    "new",
    "no",
    "up",
    "within",
    "over",
    "under",
    "independence",
    "for",
    "year",
];

/// May an expression start at token `i`?
#[inline]
pub fn can_start(t: &Tokens, i: usize) -> bool {
    !t.toks[i].lex.is_empty() || digits(t, i).is_some() || is_any(t, i, STARTERS)
}

/// Tense suggested by word `i`, if any.
pub fn tense_of(t: &Tokens, i: usize) -> Option<Tense> {
    // a participle after "be"/"been" ("will be paid") carries no tense of its own
    if i > 0 && is_any(t, i - 1, &["be", "been", "being"]) {
        return None;
    }
    for l in lex(t, i) {
        if let crate::lexicon::Lex::Tense(x) = l {
            return Some(*x);
        }
    }
    let wd = w(t, i);
    if wd.len() >= 5
        && wd.ends_with("ed")
        && !wd.ends_with("eed")
        && wd.is_ascii()
        && !t.toks[i].cap
    {
        return Some(Tense::Past);
    }
    None
}

/// The longest expression starting at token `i`.
pub fn at(t: &Tokens, i: usize) -> Option<Match> {
    let (j, pre) = prefix_mod(t, i);
    let mut m = core(t, j)?;
    year_quarter(t, &mut m);
    // approximations apply to quantities and clock times, not to named days
    if pre == Some("APPROX")
        && !matches!(
            m.sem,
            Sem::Duration { .. }
                | Sem::RelUnit { .. }
                | Sem::RelDay(_)
                | Sem::YearBefore
                | Sem::TimeOnly(_)
                | Sem::At { .. }
                | Sem::Year(_)
                | Sem::Decade(_)
        )
    {
        return None;
    }
    if pre.is_some() {
        if m.start != j {
            // "about the ..." keeps the determiner inside
            m.start = j;
        }
        m.start = i;
        if m.modifier.is_none() {
            m.modifier = pre;
        }
    }
    Some(m)
}

/// "this year's third quarter", "the 1988 second quarter", "last year's quarter".
fn year_quarter(t: &Tokens, m: &mut Match) {
    let y = match &m.sem {
        Sem::Year(y) => Some(*y),
        Sem::RelUnit {
            unit: Unit::Year, ..
        } => None,
        _ => return,
    };
    let mut j = m.end;
    if is(t, j, "'s") {
        j += 1;
    }
    let mut ord = None;
    if let Some(o) = ordinal(t, j) {
        ord = Some(o);
        j += 1;
        if is(t, j, "-") {
            j += 1;
        }
    }
    let is_q = is(t, j, "quarter");
    if !(is_q || is(t, j, "half") && ord.is_some()) {
        return;
    }
    let sem = match (y, ord) {
        (Some(y), Some(o)) if is_q && o <= 4 => Sem::Quarter { y: Some(y), q: o },
        (Some(y), Some(o)) if !is_q && o <= 2 => Sem::Half { y: Some(y), h: o },
        (None, Some(o)) if is_q && o <= 4 => {
            let Sem::RelUnit { n, .. } = m.sem else {
                return;
            };
            Sem::QuarterOfYear { n, q: o }
        }
        (None, None) if is_q => {
            let Sem::RelUnit { n, .. } = m.sem else {
                return;
            };
            Sem::RelUnit {
                unit: Unit::Quarter,
                n: n * 4 - 1,
            }
        }
        _ => return,
    };
    m.sem = sem;
    m.end = j + 1;
}

/// Approximation and part-of-period prefixes: returns the index after them.
fn prefix_mod(t: &Tokens, i: usize) -> (usize, Option<&'static str>) {
    let two = |a: &str, b: &str| is(t, i, a) && is(t, i + 1, b);
    if two("more", "than") {
        return (i + 2, Some("MORE_THAN"));
    }
    if two("less", "than") || two("fewer", "than") {
        return (i + 2, Some("LESS_THAN"));
    }
    if two("at", "least") {
        return (i + 2, Some("EQUAL_OR_MORE"));
    }
    if two("at", "most") || two("up", "to") || (two("no", "more") && is(t, i + 2, "than")) {
        let n = if is(t, i, "no") { 3 } else { 2 };
        return (i + n, Some("EQUAL_OR_LESS"));
    }
    if is(t, i, "the")
        && is_any(t, i + 1, &["end", "beginning", "start", "middle", "turn"])
        && is(t, i + 2, "of")
    {
        let m = match w(t, i + 1) {
            "end" => "END",
            "middle" => "MID",
            _ => "START",
        };
        return (i + 3, Some(m));
    }
    if is_any(t, i, &["end", "beginning", "start", "middle"]) && is(t, i + 1, "of") {
        let m = match w(t, i) {
            "end" => "END",
            "middle" => "MID",
            _ => "START",
        };
        return (i + 2, Some(m));
    }
    // "the early 1990s", "the late summer"
    if is(t, i, "the") {
        if let Some(m) = modifier(t, i + 1).filter(|m| matches!(*m, "START" | "END" | "MID")) {
            let mut j = i + 2;
            if is(t, j, "-") && glued(t, j) {
                j += 1;
            }
            return (j, Some(m));
        }
    }
    if let Some(m) = modifier(t, i) {
        let mut j = i + 1;
        if is(t, j, "-") && glued(t, j) {
            j += 1;
        }
        // "some" only approximates numbers: "some 20 years"
        if w(t, i) == "some" && number(t, j, "and").is_none() && !is_any(t, j, &["a", "an"]) {
            return (i, None);
        }
        // "late"/"early" as adverbs before verbs are not modifiers; core decides
        return (j, Some(m));
    }
    (i, None)
}

/// Determiner handling around the plain patterns.
fn core(t: &Tokens, j: usize) -> Option<Match> {
    if is(t, j, "the") {
        if let Some(m) = the_rules(t, j) {
            return Some(m);
        }
        let mut m = plain(t, j + 1)?;
        if det_joins(&m.sem) {
            m.start = j;
        }
        return Some(m);
    }
    plain(t, j)
}

/// Does a preceding "the" belong to the expression (TimeML spans)?
fn det_joins(s: &Sem) -> bool {
    matches!(
        s,
        Sem::Quarter { .. }
            | Sem::Half { .. }
            | Sem::Duration { .. }
            | Sem::Decade(_)
            | Sem::Century(_)
            | Sem::Season { .. }
            | Sem::Day { .. }
            | Sem::RelUnit { .. }
    )
}

fn longest(cands: [Option<Match>; 12]) -> Option<Match> {
    let mut best: Option<Match> = None;
    for m in cands.into_iter().flatten() {
        if best.as_ref().is_none_or(|b| m.end > b.end) {
            best = Some(m);
        }
    }
    best
}

fn plain(t: &Tokens, k: usize) -> Option<Match> {
    if k >= t.len() {
        return None;
    }
    longest([
        numeric(t, k),
        month_first(t, k),
        day_first(t, k),
        weekday_led(t, k),
        deictic_day(t, k),
        shifted(t, k),
        ordinal_period(t, k),
        quantity(t, k),
        vague_ref(t, k),
        set_expr(t, k),
        season_expr(t, k),
        clock_or_holiday(t, k),
    ])
}

/// Month name at `k` (capitalised, with its abbreviation dot); returns (next, month).
fn month_at(t: &Tokens, k: usize, strict_context: bool) -> Option<(usize, u32)> {
    let m = month(t, k)?;
    if !t.toks[k].cap {
        return None;
    }
    let word = w(t, k);
    let mut j = k + 1;
    let abbr = !matches!(
        word,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    );
    if abbr {
        if is(t, j, ".") && glued(t, j) {
            j += 1;
        } else if matches!(
            word,
            "mar"
                | "jun"
                | "jul"
                | "aug"
                | "sep"
                | "sept"
                | "oct"
                | "nov"
                | "dec"
                | "jan"
                | "feb"
                | "apr"
        ) {
            // bare abbreviations only before a day or year
            digits(t, j)?;
        }
    }
    if strict_context && matches!(word, "may" | "march") {
        let next_num = digits(t, j).is_some();
        let prev_ok = k > 0
            && is_any(
                t,
                k - 1,
                &[
                    "in", "of", "since", "until", "till", "last", "next", "this", "early", "late",
                    "mid", "by", "during", "from", "through", "before", "after", "-", "and", "or",
                    "to", "between", "since", "each", "every",
                ],
            );
        if !next_num && !prev_ok {
            return None;
        }
    }
    Some((j, u32::from(m)))
}

/// A year after a month or day: "2022", ", 2022", "of 2022", "'98".
fn year_after(t: &Tokens, j: usize) -> Option<(usize, i32)> {
    let mut k = j;
    if is_any(t, k, &[",", "of"]) {
        k += 1;
    }
    if let Some(y) = year4(t, k) {
        return Some((k + 1, y));
    }
    if let Some((e, y)) = year_words(t, k) {
        return Some((e, y));
    }
    if is(t, k, "'") && ndigits(t, k + 1) == 2 && glued(t, k + 1) {
        let y = t.toks[k + 1].num as i32;
        return Some((k + 2, if y < 30 { 2000 + y } else { 1900 + y }));
    }
    None
}

/// Years in words: "nineteen ninety-six", "two thousand", "two thousand and one".
fn year_words(t: &Tokens, k: usize) -> Option<(usize, i32)> {
    let a = num_word(t, k)?;
    if (11..=20).contains(&a) && !is(t, k + 1, "-") {
        let (e, n) = number(t, k + 1, "and")?;
        let n = n? as i32;
        if (10..100).contains(&n) {
            return Some((e, a as i32 * 100 + n));
        }
        return None;
    }
    if a == 2 && is(t, k + 1, "thousand") && k > 0 && is(t, k - 1, "year") {
        let (e, n) = number(t, k, "and")?;
        let n = n? as i32;
        if (2000..2100).contains(&n) {
            return Some((e, n));
        }
    }
    None
}

/// Numeric dates and years: "2022-04-06", "6/4/2022", "1990", "1990s", "'90s".
fn numeric(t: &Tokens, k: usize) -> Option<Match> {
    if digits(t, k).is_none() {
        let (e, y) = year_words(t, k)?;
        return Some(Match::new(k, e, Sem::Year(y)));
    }
    let v = digits(t, k)?;
    let nd = ndigits(t, k);
    // ISO 2022-04-06
    if nd == 4
        && is(t, k + 1, "-")
        && glued(t, k + 1)
        && glued(t, k + 2)
        && ndigits(t, k + 2) == 2
        && is(t, k + 3, "-")
        && glued(t, k + 3)
        && glued(t, k + 4)
        && ndigits(t, k + 4) == 2
    {
        let (m, d) = (t.toks[k + 2].num, t.toks[k + 4].num);
        if chrono::NaiveDate::from_ymd_opt(v as i32, m, d).is_some() {
            return Some(Match::new(
                k,
                k + 5,
                Sem::Day {
                    y: Some(v as i32),
                    m,
                    d,
                },
            ));
        }
    }
    // 6/4/2022 (month first, US) or 25/4/2022 (day first when the first field > 12)
    if nd <= 2
        && is(t, k + 1, "/")
        && glued(t, k + 1)
        && glued(t, k + 2)
        && ndigits(t, k + 2) <= 2
        && is(t, k + 3, "/")
        && glued(t, k + 3)
        && glued(t, k + 4)
        && matches!(ndigits(t, k + 4), 2 | 4)
    {
        let (a, b) = (v, t.toks[k + 2].num);
        let mut y = t.toks[k + 4].num as i32;
        if ndigits(t, k + 4) == 2 {
            y += if y < 50 { 2000 } else { 1900 };
        }
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        if chrono::NaiveDate::from_ymd_opt(y, m, d).is_some() {
            return Some(Match::new(k, k + 5, Sem::Day { y: Some(y), m, d }));
        }
    }
    // decades: 1990s
    if nd == 4 && glued(t, k + 1) && is(t, k + 1, "s") && v % 10 == 0 && (1000..2100).contains(&v) {
        return Some(Match::new(k, k + 2, Sem::Decade(v as i32 / 10)));
    }
    let y = year4(t, k)?;
    // not a year when a number word or unit follows ("1990 people" is rare; "1,990" handled)
    if is_any(
        t,
        k + 1,
        &[
            "percent",
            "people",
            "soldiers",
            "troops",
            "dollars",
            "yen",
            "shares",
            "tons",
            "km",
            "miles",
            "kilometers",
            "meters",
            "feet",
        ],
    ) {
        return None;
    }
    if k > 0
        && is_any(
            t,
            k - 1,
            &[
                "$",
                "#",
                "no",
                "number",
                "flight",
                "route",
                "room",
                "resolution",
            ],
        )
    {
        return None;
    }
    Some(Match::new(k, k + 1, Sem::Year(y)))
}

/// "April 6", "Apr. 6, 2022", "June 1994", "April", "January this year".
fn month_first(t: &Tokens, k: usize) -> Option<Match> {
    let (j, m) = month_at(t, k, true)?;
    if let Some((j2, d)) = day_num(t, j) {
        let clock = glued(t, j2) && is(t, j2, ":") && ndigits(t, j2 + 1) == 2 && glued(t, j2 + 1);
        if !(clock || is(t, j2, "percent") || glued(t, j2) && is(t, j2, "%")) {
            if let Some((j3, y)) = year_after(t, j2) {
                return Some(Match::new(k, j3, Sem::Day { y: Some(y), m, d }));
            }
            return Some(Match::new(k, j2, Sem::Day { y: None, m, d }));
        }
    }
    if let Some((j2, y)) = year_after(t, j) {
        return Some(Match::new(k, j2, Sem::Month { y: Some(y), m }));
    }
    if let Some(s) = shift(t, j).filter(|_| is(t, j + 1, "year")) {
        if is_any(t, j, &["this", "last", "next"]) {
            return Some(Match::new(k, j + 2, Sem::MonthShift { m, shift: s }));
        }
    }
    Some(Match::new(k, j, Sem::Month { y: None, m }))
}

/// "6 April 2022", "6th of April", "25 April".
fn day_first(t: &Tokens, k: usize) -> Option<Match> {
    let (mut j, d) = day_num(t, k)?;
    if is(t, j, "of") {
        j += 1;
    }
    let (j2, m) = month_at(t, j, false)?;
    if let Some((j3, y)) = year_after(t, j2) {
        return Some(Match::new(k, j3, Sem::Day { y: Some(y), m, d }));
    }
    Some(Match::new(k, j2, Sem::Day { y: None, m, d }))
}

fn weekday_at(t: &Tokens, k: usize) -> Option<(usize, u32)> {
    let wd = weekday(t, k)?;
    if !t.toks[k].cap {
        return None;
    }
    let word = w(t, k);
    let mut j = k + 1;
    if word.len() <= 5 && !word.ends_with("day") {
        if is(t, j, ".") && glued(t, j) {
            j += 1;
        } else {
            return None;
        }
    }
    Some((j, u32::from(wd)))
}

/// "Friday", "Monday, Oct. 26", "Tuesday 6 April 2022", "Saturday night".
fn weekday_led(t: &Tokens, k: usize) -> Option<Match> {
    let (j, wd) = weekday_at(t, k)?;
    let jj = if is(t, j, ",") { j + 1 } else { j };
    if let Some(mut m) = month_first(t, jj).or_else(|| day_first(t, jj)) {
        if matches!(m.sem, Sem::Day { .. }) {
            m.start = k;
            return Some(m);
        }
    }
    let base = Sem::Weekday { wd, shift: None };
    if let Some(p) = pod(t, j) {
        return Some(Match::new(
            k,
            j + 1,
            Sem::At {
                base: Box::new(base),
                tod: Tod::Pod(p),
            },
        ));
    }
    Some(Match::new(k, j, base))
}

/// "today", "yesterday morning", "tonight", "tomorrow".
fn deictic_day(t: &Tokens, k: usize) -> Option<Match> {
    // "today's world", "tomorrow's leaders": generic, not a date
    if is(t, k + 1, "'s") && !is(t, k, "yesterday") && pod(t, k + 2).is_none() {
        return None;
    }
    if let Some((o, p)) = deictic_pod(t, k) {
        return Some(Match::new(
            k,
            k + 1,
            Sem::At {
                base: Box::new(Sem::RelDay(o)),
                tod: Tod::Pod(p),
            },
        ));
    }
    let o = deictic(t, k)?;
    if let Some(p) = pod(t, k + 1) {
        return Some(Match::new(
            k,
            k + 2,
            Sem::At {
                base: Box::new(Sem::RelDay(o)),
                tod: Tod::Pod(p),
            },
        ));
    }
    Some(Match::new(k, k + 1, Sem::RelDay(o)))
}

/// "last Tuesday", "next week", "this morning", "last night", "past two months",
/// "earlier this month", "later this year".
fn shifted(t: &Tokens, k: usize) -> Option<Match> {
    let mut j = k;
    let mut m_mod = None;
    if is_any(t, j, &["earlier", "later"]) && is_any(t, j + 1, &["this", "last", "next"]) {
        m_mod = Some(if is(t, j, "earlier") { "START" } else { "END" });
        j += 1;
    }
    let s = shift(t, j)?;
    let word = w(t, j);
    // a title such as "This Week With David Brinkley": capitalised words mid-sentence
    if t.toks[j].cap
        && j > 0
        && !is_sentence_end(t, j - 1)
        && !t.toks[j].newline
        && t.toks.get(j + 1).is_some_and(|x| x.cap)
        && unit(t, j + 1).is_some()
    {
        return None;
    }
    let j = j + 1;
    let mut m = shifted_core(t, k, j, s, word)?;
    if m_mod.is_some() && m.modifier.is_none() {
        m.modifier = m_mod;
    }
    Some(m)
}

fn shifted_core(t: &Tokens, k: usize, j: usize, s: i32, word: &str) -> Option<Match> {
    let durative = matches!(
        word,
        "past" | "previous" | "following" | "coming" | "next" | "last"
    );
    // "last three years", "past few weeks"
    if durative {
        if let Some((j2, n)) = number(t, j, "and") {
            let j2 = if is(t, j2, "-") { j2 + 1 } else { j2 };
            if let Some(u) = unit(t, j2) {
                return Some(Match::new(k, j2 + 1, Sem::Duration { n, unit: u }));
            }
        }
    }
    if let Some((j2, wd)) = weekday_at(t, j) {
        let shift = if s == 0 { None } else { Some(s) };
        let base = Sem::Weekday { wd, shift };
        if let Some(p) = pod(t, j2) {
            return Some(Match::new(
                k,
                j2 + 1,
                Sem::At {
                    base: Box::new(base),
                    tod: Tod::Pod(p),
                },
            ));
        }
        return Some(Match::new(k, j2, base));
    }
    if let Some((j2, m)) = month_at(t, j, false) {
        // "last Oct. 23": a day, not a month
        if let Some((j3, d)) = day_num(t, j2) {
            return Some(Match::new(k, j3, Sem::Day { y: None, m, d }));
        }
        return Some(Match::new(k, j2, Sem::MonthShift { m, shift: s }));
    }
    if let Some(se) = season(t, j) {
        return Some(Match::new(k, j + 1, Sem::SeasonShift { s: se, shift: s }));
    }
    if let Some(p) = pod(t, j) {
        if matches!(word, "this" | "last") {
            let day = if word == "last" && matches!(p, Pod::Night | Pod::Evening) {
                -1
            } else {
                0
            };
            return Some(Match::new(
                k,
                j + 1,
                Sem::At {
                    base: Box::new(Sem::RelDay(day)),
                    tod: Tod::Pod(p),
                },
            ));
        }
        return None;
    }
    let u = unit(t, j)?;
    let plural = w(t, j).ends_with('s');
    if plural {
        return None;
    }
    match word {
        "past" | "previous" => Some(Match::new(
            k,
            j + 1,
            Sem::Duration {
                n: Some(1.0),
                unit: u,
            },
        )),
        "following" => None,
        _ => {
            if matches!(u, Unit::Day | Unit::Hour | Unit::Minute | Unit::Second) {
                return None;
            }
            Some(Match::new(k, j + 1, Sem::RelUnit { unit: u, n: s }))
        }
    }
}

/// "third quarter", "third-quarter", "the first half of 1990", "the 20th century",
/// "fiscal 1989".
fn ordinal_period(t: &Tokens, k: usize) -> Option<Match> {
    let mut j = k;
    if is(t, j, "fiscal") {
        j += 1;
        if let Some(y) = year4(t, j) {
            return Some(Match::new(k, j + 1, Sem::Year(y)));
        }
    }
    let o = ordinal(t, j).or_else(|| {
        let (_, d) = day_num(t, j).filter(|(e, _)| *e == j + 2)?;
        Some(d)
    })?;
    j = if ordinal(t, j).is_some() {
        j + 1
    } else {
        j + 2
    };
    if is(t, j, "-") && glued(t, j) {
        j += 1;
    }
    let u = unit(t, j);
    let is_half = is(t, j, "half");
    if !(is_half || matches!(u, Some(Unit::Quarter) | Some(Unit::Century))) {
        return None;
    }
    let end = j + 1;
    let y = year_after(t, end);
    let (end, y) = match y {
        Some((e, y)) => (e, Some(y)),
        None => (end, None),
    };
    let sem = if is_half {
        if o > 2 {
            return None;
        }
        Sem::Half { y, h: o }
    } else if u == Some(Unit::Century) {
        Sem::Century(o as i32 - 1)
    } else {
        if o > 4 {
            return None;
        }
        Sem::Quarter { y, q: o }
    };
    Some(Match::new(k, end, sem))
}

/// Quantities of a unit: "five weeks", "24 hours", "a week", "two-year",
/// "several days", "two days ago", "a year earlier", "three days later".
fn quantity(t: &Tokens, k: usize) -> Option<Match> {
    let (j, n) = if is_any(t, k, &["a", "an"]) {
        if is_any(t, k + 1, &["few", "couple"]) {
            let e = if is(t, k + 2, "of") { k + 3 } else { k + 2 };
            let n = if is(t, k + 1, "couple") {
                Some(2.0)
            } else {
                None
            };
            (e, n)
        } else {
            (k + 1, Some(1.0))
        }
    } else if is(t, k, "half") && is_any(t, k + 1, &["a", "an"]) {
        (k + 2, Some(0.5))
    } else {
        number(t, k, "and")?
    };
    let mut j = if is(t, j, "-") && glued(t, j) {
        j + 1
    } else {
        j
    };
    // "eight trading days", "two more weeks", "five consecutive days", "an additional year"
    if is_any(
        t,
        j,
        &[
            "trading",
            "business",
            "working",
            "more",
            "consecutive",
            "straight",
            "additional",
            "full",
            "calendar",
            "extra",
        ],
    ) && unit(t, j + 1).is_some()
    {
        j += 1;
    }
    let u = unit(t, j)?;
    // "the 1988 quarter", "1990 hours": a year, not a quantity
    if ndigits(t, k) == 4 && year4(t, k).is_some() {
        return None;
    }
    if is_any(t, k, &["a", "an"]) && matches!(u, Unit::Second | Unit::Quarter) {
        return None;
    }
    // rates: "$2 million a year", "four flights a week", "24 hours a day"
    if is_any(t, k, &["a", "an"]) && k > 0 && !w(t, j).ends_with('s') {
        let prev = w(t, k - 1);
        let amount = digits(t, k - 1).is_some()
            || num_word(t, k - 1).is_some()
            || matches!(
                prev,
                "million" | "billion" | "thousand" | "percent" | "%" | "times" | "twice" | "once"
            )
            || (prev.len() > 3
                && prev.ends_with('s')
                && !matches!(
                    prev,
                    "was"
                        | "has"
                        | "is"
                        | "its"
                        | "this"
                        | "his"
                        | "as"
                        | "years"
                        | "months"
                        | "weeks"
                        | "days"
                ));
        if amount && !is_any(t, j + 1, &["ago", "earlier", "later", "before", "after"]) {
            return Some(Match::new(
                k,
                j + 1,
                Sem::Set(crate::sem::duration_value(Some(1.0), u)),
            ))
            .filter(|_| is_any(t, k - 1, &["times", "twice", "once"]));
        }
    }
    // "second quarter" is an ordinal; "1988 second quarter" neither a duration
    if is(t, j, "second") && (unit(t, j + 1).is_some() || is(t, j + 1, "half")) {
        return None;
    }
    // ages: "37 years old", "a 44-year-old"; fractions: "three-quarters of"
    if is(t, j + 1, "old") || (is(t, j + 1, "-") && is(t, j + 2, "old")) {
        return None;
    }
    if u == Unit::Quarter && is(t, j + 1, "of") {
        return None;
    }
    if matches!(u, Unit::Weekend) {
        return None;
    }
    let mut end = j + 1;
    let n_val = n.unwrap_or(0.0);
    // "two days ago", "a year earlier"
    if is_any(t, end, &["ago", "earlier", "before"]) && !is(t, end, "before") {
        let sem = match (u, n) {
            (Unit::Year, Some(1.0)) => Sem::YearBefore,
            (Unit::Day, Some(x)) => Sem::RelDay(-(x as i32)),
            (_, Some(x)) if x.fract() == 0.0 => Sem::RelUnit {
                unit: u,
                n: -(x as i32),
            },
            _ => Sem::Vague("PAST_REF"),
        };
        return Some(Match::new(k, end + 1, sem));
    }
    // "three days later": TimeML marks the duration, "later" is a signal
    if is(t, end, "from") && is(t, end + 1, "now") && n.is_some() {
        return Some(Match::new(
            k,
            end + 2,
            Sem::RelUnit {
                unit: u,
                n: n_val as i32,
            },
        ));
    }
    if is(t, end, "-") && is(t, end + 1, "long") {
        end += 2;
    }
    Some(Match::new(k, end, Sem::Duration { n, unit: u }))
}

/// "now", "recently", "recent years", "currently", "soon", "in the future".
fn vague_ref(t: &Tokens, k: usize) -> Option<Match> {
    // "year-earlier profit", "year-ago results"
    if is(t, k, "year")
        && is(t, k + 1, "-")
        && glued(t, k + 1)
        && is_any(t, k + 2, &["ago", "earlier"])
    {
        return Some(Match::new(k, k + 3, Sem::YearBefore));
    }
    // "past years", "coming months"
    if let Some(u) = unit(t, k + 1).filter(|_| w(t, k + 1).ends_with('s')) {
        if matches!(
            u,
            Unit::Year | Unit::Month | Unit::Week | Unit::Decade | Unit::Century
        ) {
            if is(t, k, "past") {
                return Some(Match::new(k, k + 2, Sem::Vague("PAST_REF")));
            }
            if is(t, k, "coming") {
                return Some(Match::new(k, k + 2, Sem::Vague("FUTURE_REF")));
            }
        }
    }
    // "for weeks", "for centuries"
    if is_any(t, k, &["for", "over"]) && !is(t, k + 2, "-") {
        if let Some(u) = unit(t, k + 1) {
            if w(t, k + 1).ends_with('s')
                && matches!(
                    u,
                    Unit::Year
                        | Unit::Month
                        | Unit::Week
                        | Unit::Day
                        | Unit::Decade
                        | Unit::Century
                        | Unit::Hour
                )
            {
                return Some(Match::new(k + 1, k + 2, Sem::Duration { n: None, unit: u }));
            }
        }
    }
    let v = vague(t, k)?;
    // "Now, he says...": a discourse marker
    if t.toks[k].cap && w(t, k) == "now" && is(t, k + 1, ",") {
        return None;
    }
    if w(t, k) == "future" && k > 0 && !is_any(t, k - 1, &["the", "near", "in"]) {
        return None;
    }
    if w(t, k) == "current" {
        // "current" as an adjective of a period: "the current quarter"
        if let Some(u) = unit(t, k + 1) {
            if !matches!(u, Unit::Day | Unit::Hour | Unit::Minute | Unit::Second) {
                return Some(Match::new(k, k + 2, Sem::RelUnit { unit: u, n: 0 }));
            }
        }
        if !(k > 0 && is(t, k - 1, "the")) {
            return None;
        }
    }
    if w(t, k) == "recent" {
        if let Some(Unit::Year | Unit::Month | Unit::Week | Unit::Day | Unit::Decade) =
            unit(t, k + 1)
        {
            return Some(Match::new(k, k + 2, Sem::Vague("PAST_REF")));
        }
        return None;
    }
    Some(Match::new(k, k + 1, Sem::Vague(v)))
}

fn set_unit_value(t: &Tokens, j: usize) -> Option<(usize, String)> {
    if let Some((e, wd)) = weekday_at(t, j) {
        return Some((e, format!("XXXX-WXX-{wd}")));
    }
    if let Some((e, m)) = month_at(t, j, false) {
        return Some((e, format!("XXXX-{m:02}")));
    }
    if let Some(p) = pod(t, j) {
        return Some((j + 1, format!("XXXX-XX-XXT{}", p.code())));
    }
    if let Some((e, n)) = number(t, j, "and") {
        let u = unit(t, e)?;
        return Some((e + 1, crate::sem::duration_value(n, u)));
    }
    let u = unit(t, j)?;
    if u == Unit::Weekend {
        return Some((j + 1, "XXXX-WXX-WE".into()));
    }
    Some((j + 1, crate::sem::duration_value(Some(1.0), u)))
}

/// "every Friday", "each July", "daily", "twice a year", "per month".
fn set_expr(t: &Tokens, k: usize) -> Option<Match> {
    if let Some(v) = set_word(t, k) {
        return Some(Match::new(k, k + 1, Sem::Set(v.to_string())));
    }
    if is_any(t, k, &["every", "each"]) {
        let j = if is_any(t, k + 1, &["other", "single"]) {
            k + 2
        } else {
            k + 1
        };
        let (e, v) = set_unit_value(t, j)?;
        return Some(Match::new(k, e, Sem::Set(v)));
    }
    if is_any(t, k, &["a", "an", "per"])
        && k > 0
        && (is_any(t, k - 1, &["times", "twice", "once", "%", "percent"]) || is(t, k, "per"))
    {
        let u = unit(t, k + 1)?;
        if w(t, k + 1).ends_with('s') {
            return None;
        }
        return Some(Match::new(
            k,
            k + 2,
            Sem::Set(crate::sem::duration_value(Some(1.0), u)),
        ));
    }
    None
}

/// "summer", "summer 2020", "the summer of 1990".
fn season_expr(t: &Tokens, k: usize) -> Option<Match> {
    let s = season(t, k)?;
    if let Some((e, y)) = year_after(t, k + 1) {
        return Some(Match::new(k, e, Sem::Season { y: Some(y), s }));
    }
    let prev_ok = k > 0
        && is_any(
            t,
            k - 1,
            &[
                "in", "the", "this", "during", "since", "early", "late", "until", "by", "mid", "-",
            ],
        );
    if w(t, k) == "fall" || w(t, k) == "spring" {
        // verbs and common nouns too: only after "the"/"in the"/"this"
        if !(k > 1
            && is(t, k - 1, "the")
            && is_any(
                t,
                k - 2,
                &[
                    "in", "during", "until", "since", "by", "this", "early", "late", "of",
                ],
            ))
        {
            return None;
        }
    } else if !prev_ok {
        return None;
    }
    Some(Match::new(k, k + 1, Sem::Season { y: None, s }))
}

fn ampm(t: &Tokens, j: usize) -> Option<(usize, bool)> {
    if is_any(t, j, &["a", "p"])
        && is(t, j + 1, ".")
        && glued(t, j + 1)
        && is(t, j + 2, "m")
        && glued(t, j + 2)
    {
        let pm = is(t, j, "p");
        let mut e = j + 3;
        if is(t, e, ".") && glued(t, e) {
            e += 1;
        }
        return Some((e, pm));
    }
    if is_any(t, j, &["am", "pm"]) {
        return Some((j + 1, is(t, j, "pm")));
    }
    None
}

const ZONES: &[&str] = &[
    "est", "edt", "cst", "cdt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest",
];

/// Clock times ("10 a.m.", "10:30 p.m. EST Tuesday", "noon Thursday") and holidays
/// ("Christmas", "Thanksgiving Day", "New Year's Day").
fn clock_or_holiday(t: &Tokens, k: usize) -> Option<Match> {
    if let Some(h) = holiday(t, k) {
        if !t.toks[k].cap {
            return None;
        }
        let mut e = k + 1;
        let mut h = h;
        if is(t, e, "eve") && h == "12-25" {
            h = "12-24";
            e += 1;
        } else if is(t, e, "day") {
            e += 1;
        }
        return Some(Match::new(k, e, Sem::Holiday { y: None, h }));
    }
    if is(t, k, "new")
        && t.toks[k].cap
        && is(t, k + 1, "year")
        && is(t, k + 2, "'s")
        && is_any(t, k + 3, &["day", "eve"])
    {
        let h = if is(t, k + 3, "day") {
            "01-01"
        } else {
            "12-31"
        };
        return Some(Match::new(k, k + 4, Sem::Holiday { y: None, h }));
    }
    if is(t, k, "independence") && t.toks[k].cap && is(t, k + 1, "day") {
        return Some(Match::new(
            k,
            k + 2,
            Sem::Holiday {
                y: None,
                h: "07-04",
            },
        ));
    }
    let (mut e, tod) = if let Some(p @ (Pod::Noon | Pod::Midnight)) = pod(t, k) {
        (k + 1, Tod::Pod(p))
    } else {
        let h = digits(t, k)?;
        if ndigits(t, k) > 2 || h > 24 {
            return None;
        }
        let mut e = k + 1;
        let mut min = 0;
        if is(t, e, ":") && glued(t, e) && ndigits(t, e + 1) == 2 && glued(t, e + 1) {
            min = t.toks[e + 1].num;
            if min > 59 {
                return None;
            }
            e += 2;
        } else if ampm(t, e).is_none() && !is(t, e, "o'clock") {
            return None;
        }
        let mut h = h;
        if let Some((e2, pm)) = ampm(t, e) {
            if h > 12 {
                return None;
            }
            if pm && h < 12 {
                h += 12;
            }
            if !pm && h == 12 {
                h = 0;
            }
            e = e2;
        } else if is(t, e, "o'clock") {
            e += 1;
        }
        (e, Tod::Clock(h, min))
    };
    if is_any(t, e, ZONES) {
        e += 1;
    }
    // attached day: "10 a.m. Tuesday", "noon Thursday", "9 p.m. yesterday"
    // "5 p.m. EST, Nov. 6": a comma may separate the clock from a full date
    let comma = is(t, e, ",");
    let day = if comma { e + 1 } else { e };
    if let Some(m) = weekday_led(t, day)
        .or_else(|| deictic_day(t, day))
        .or_else(|| month_first(t, day))
    {
        let ok = if comma {
            matches!(m.sem, Sem::Day { .. })
        } else {
            matches!(
                m.sem,
                Sem::Weekday { .. } | Sem::RelDay(_) | Sem::Day { .. }
            )
        };
        if ok {
            return Some(Match::new(
                k,
                m.end,
                Sem::At {
                    base: Box::new(m.sem),
                    tod,
                },
            ));
        }
    }
    Some(Match::new(k, e, Sem::TimeOnly(tod)))
}

/// Patterns that start with "the".
fn the_rules(t: &Tokens, j: usize) -> Option<Match> {
    let k = j + 1;
    // the day before yesterday / after tomorrow
    if is(t, k, "day")
        && is_any(t, k + 1, &["before", "after"])
        && is_any(t, k + 2, &["yesterday", "tomorrow"])
    {
        let o = if is(t, k + 2, "yesterday") { -2 } else { 2 };
        return Some(Match::new(j, k + 3, Sem::RelDay(o)));
    }
    // the next day, the following morning, the previous day, the same day
    if is_any(
        t,
        k,
        &["next", "following", "previous", "same", "preceding"],
    ) {
        let o = match w(t, k) {
            "next" | "following" => 1,
            "same" => 0,
            _ => -1,
        };
        if is(t, k + 1, "day") {
            return Some(Match::new(j, k + 2, Sem::Anaphor(o)));
        }
        if let Some(p) = pod(t, k + 1) {
            return Some(Match::new(
                j,
                k + 2,
                Sem::At {
                    base: Box::new(Sem::Anaphor(o)),
                    tod: Tod::Pod(p),
                },
            ));
        }
    }
    if is(t, k, "day") && is(t, k + 1, "before") && !is(t, k + 2, "the") {
        return Some(Match::new(j, k + 2, Sem::Anaphor(-1)));
    }
    if is(t, k, "past") && !(unit(t, k + 1).is_some() || number(t, k + 1, "and").is_some()) {
        return Some(Match::new(j, k + 1, Sem::Vague("PAST_REF")));
    }
    if is(t, k, "future") {
        return Some(Match::new(j, k + 1, Sem::Vague("FUTURE_REF")));
    }
    if is(t, k, "present") && !is_any(t, k + 1, &["day"]) && unit(t, k + 1).is_none() {
        return Some(Match::new(j, k + 1, Sem::Vague("PRESENT_REF")));
    }
    if is_any(t, k, &["near", "short"]) && is(t, k + 1, "term") {
        return Some(Match::new(j, k + 2, Sem::Vague("FUTURE_REF")));
    }
    // "the year ended March 31", "the fiscal year ending June 30": a reporting period
    {
        let y = if is(t, k, "fiscal") { k + 1 } else { k };
        if is(t, y, "year") && is_any(t, y + 1, &["ended", "ending", "through"]) {
            let u = unit(t, y)?;
            return Some(Match::new(
                j,
                y + 1,
                Sem::Duration {
                    n: Some(1.0),
                    unit: u,
                },
            ));
        }
    }
    // "the year-ago quarter", "the year-earlier period", "the comparable year-ago quarter"
    {
        let mut y = k;
        if is_any(t, y, &["comparable", "corresponding", "same"]) {
            y += 1;
        }
        if is(t, y, "year") && is(t, y + 1, "-") && is_any(t, y + 2, &["ago", "earlier"]) {
            let mut e = y + 3;
            if ordinal(t, e).is_some() {
                e += 1;
            }
            if is_any(t, e, &["quarter", "period"]) {
                return Some(Match::new(j, e + 1, Sem::YearBefore));
            }
        }
    }
    // "the latest period": the reporting period under discussion
    if is_any(t, k, &["latest", "current", "recent"]) && is(t, k + 1, "period") {
        return Some(Match::new(j, k + 2, Sem::Period));
    }
    // "the full year", "the whole year"
    if is_any(t, k, &["full", "whole", "entire"]) && is(t, k + 1, "year") {
        return Some(Match::new(
            j,
            k + 2,
            Sem::RelUnit {
                unit: Unit::Year,
                n: 0,
            },
        ));
    }
    // "the year two thousand", "the year 2000"
    if is(t, k, "year") {
        if let Some((e, y)) = year_after(t, k + 1) {
            return Some(Match::new(j, e, Sem::Year(y)));
        }
    }
    if is_any(t, k, &["year", "month", "week"]) && !is_any(t, k + 1, &["-", "'s"]) {
        let u = unit(t, k)?;
        return Some(Match::new(j, k + 1, Sem::RelUnit { unit: u, n: 0 }));
    }
    if is(t, k, "weekend") {
        return Some(Match::new(
            j,
            k + 1,
            Sem::RelUnit {
                unit: Unit::Weekend,
                n: 0,
            },
        ));
    }
    // the (latest|most recent|current|fiscal) quarter / fiscal year
    let mut q = k;
    let mut rel = -1;
    if is(t, q, "most") && is(t, q + 1, "recent") {
        q += 2;
    } else if is_any(t, q, &["latest", "recent", "current", "fiscal"]) {
        if is(t, q, "current") {
            rel = 0;
        }
        q += 1;
        if is(t, q, "fiscal") {
            q += 1;
        }
    }
    if is(t, q, "quarter") {
        return Some(Match::new(
            j,
            q + 1,
            Sem::RelUnit {
                unit: Unit::Quarter,
                n: rel,
            },
        ));
    }
    if q > k && is(t, q, "year") {
        return Some(Match::new(
            j,
            q + 1,
            Sem::RelUnit {
                unit: Unit::Year,
                n: 0,
            },
        ));
    }
    // "the past two months", "the first nine months", "the next 12 months", "the nine months"
    let mut d = k;
    if is_any(
        t,
        d,
        &[
            "past",
            "last",
            "next",
            "first",
            "previous",
            "coming",
            "latest",
            "final",
            "remaining",
            "following",
        ],
    ) {
        d += 1;
    }
    if let Some((e, n)) =
        number(t, d, "and").filter(|_| !(ndigits(t, d) == 4 && year4(t, d).is_some()))
    {
        let e = if is(t, e, "-") { e + 1 } else { e };
        if let Some(u) = unit(t, e) {
            if u != Unit::Weekend && (n.is_some() || d > k) {
                if is(t, e + 1, "ago")
                    || is(t, e + 1, "old")
                    || (is(t, e + 1, "-") && is(t, e + 2, "old"))
                {
                    return None;
                }
                return Some(Match::new(j, e + 1, Sem::Duration { n, unit: u }));
            }
        }
    }
    if d > k {
        if let Some(u) = unit(t, d) {
            if !w(t, d).ends_with('s') && matches!(w(t, k), "past" | "previous" | "latest") {
                return Some(Match::new(
                    j,
                    d + 1,
                    Sem::Duration {
                        n: Some(1.0),
                        unit: u,
                    },
                ));
            }
        }
    }
    None
}

/// Marker words that make the tagger prefer the future ("will", "next").
pub fn is_sentence_end(t: &Tokens, i: usize) -> bool {
    is_any(t, i, &[".", "!", "?", ";"]) && !(i > 0 && month(t, i - 1).is_some())
}
