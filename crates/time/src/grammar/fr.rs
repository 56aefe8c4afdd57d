//! French time grammar: every pattern the French tagger knows, in one place.
//!
//! An expression is `[prefix modifier] [determiner] core`: prefixes are
//! approximations and part-of-period words ("environ", "plus de", "début",
//! "fin", "la fin de"), determiners (le, la, l', ce, cet, cette) join the span
//! as the French TimeBank does ("le 13 février", "cette année"), and the core
//! is one of the patterns below. Word classes come from
//! `data/time/fr/lexicon.tsv`.
use super::*;
use crate::lexicon::{Pod, Tense, Unit};
use crate::sem::{Sem, Tod};
use crate::token::Tokens;

const STARTERS: &[&str] = &[
    "le",
    "la",
    "l'",
    "les",
    "ce",
    "cet",
    "cette",
    "ces",
    "du",
    "il",
    "chaque",
    "tous",
    "toutes",
    "par",
    "plus",
    "moins",
    "au",
    "d'",
    "début",
    "fin",
    "mi",
    "en",
    "dans",
    "pour",
    "de",
    "des",
    "lendemain",
    "veille",
    "surlendemain",
    "à",
];

const DEMONSTRATIVE: &[&str] = &["ce", "cet", "cette"];
const ARTICLE: &[&str] = &["le", "la", "l'"];

#[inline]
pub fn can_start(t: &Tokens, i: usize) -> bool {
    !t.toks[i].lex.is_empty() || digits(t, i).is_some() || is_any(t, i, STARTERS)
}

/// Tense suggested by word `i`: lexicon markers, then verb endings (future
/// and conditional -ra/-ront/-rait, past participles -é/-ée, imperfect -ait).
pub fn tense_of(t: &Tokens, i: usize) -> Option<Tense> {
    for l in lex(t, i) {
        if let crate::lexicon::Lex::Tense(x) = l {
            return Some(*x);
        }
    }
    let wd = w(t, i);
    let n = wd.chars().count();
    if n < 4 {
        return None;
    }
    if wd.ends_with("ront")
        || wd.ends_with("rons")
        || wd.ends_with("rez")
        || wd.ends_with("rait")
        || wd.ends_with("raient")
        || (wd.ends_with("ra") && !wd.ends_with("tra"))
    {
        return Some(Tense::Future);
    }
    if wd.ends_with('é')
        || wd.ends_with("ée")
        || wd.ends_with("és")
        || wd.ends_with("ées")
        || wd.ends_with("ait")
        || wd.ends_with("aient")
    {
        return Some(Tense::Past);
    }
    None
}

pub fn is_sentence_end(t: &Tokens, i: usize) -> bool {
    is_any(t, i, &[".", "!", "?", ";"]) && !(i > 0 && month(t, i - 1).is_some())
}

/// The longest expression starting at token `i`.
pub fn at(t: &Tokens, i: usize) -> Option<Match> {
    if let Some(m) = range_first(t, i).or_else(|| ago(t, i)) {
        return Some(m);
    }
    if let Some(m) = fixed_phrase(t, i) {
        return Some(m);
    }
    let (j, pre) = prefix_mod(t, i);
    // "la fin de l'année", "début du mois", "à la mi-mars"
    if matches!(pre, Some("START" | "END" | "MID")) {
        let k = if is_any(t, j, ARTICLE) { j + 1 } else { j };
        if let Some(u @ (Unit::Year | Unit::Month | Unit::Week)) = unit(t, k) {
            if !w(t, k).ends_with('s') || w(t, k) == "mois" {
                let (e, n) = match shift(t, k + 1) {
                    Some(sh) => (k + 2, sh),
                    None => (k + 1, 0),
                };
                let mut m = Match::new(i, e, Sem::RelUnit { unit: u, n });
                m.modifier = pre;
                return Some(m);
            }
        }
    }
    // "en fin d'après-midi", "en début de soirée"
    if matches!(pre, Some("START" | "END" | "MID")) {
        if let Some(p) = pod(t, j) {
            let mut m = Match::new(i, j + 1, Sem::TimeOnly(Tod::Pod(p)));
            m.modifier = pre;
            return Some(m);
        }
    }
    let mut m = core(t, j)?;
    if pre.is_some() {
        // "vers 18 h": the French TimeBank leaves "vers" outside the span
        m.start = if is(t, i, "vers") { j } else { i };
        if m.modifier.is_none() {
            m.modifier = pre;
        }
    }
    Some(m)
}

/// Fixed vague phrases: "pour l'instant", "pour le moment", "en ce moment",
/// "à présent", "de nos jours".
fn fixed_phrase(t: &Tokens, i: usize) -> Option<Match> {
    let three = |a: &str, b: &str, c: &str| is(t, i, a) && is(t, i + 1, b) && is(t, i + 2, c);
    let n = if three("pour", "l'", "instant")
        || three("pour", "le", "moment")
        || three("en", "ce", "moment")
        || three("de", "nos", "jours")
    {
        3
    } else if is(t, i, "à") && is(t, i + 1, "présent") {
        2
    } else {
        return None;
    };
    let v = "PRESENT_REF";
    Some(Match::new(i, i + n, Sem::Vague(v)))
}

/// "du 4 au 7 février", "entre le 4 et le 7 février": the first day takes the
/// month (and year) of the second.
fn range_first(t: &Tokens, i: usize) -> Option<Match> {
    let mut k = if is_any(t, i, &["du", "entre"]) {
        i + 1
    } else {
        return None;
    };
    if is(t, k, "le") {
        k += 1;
    }
    let (e, d1) = day_num(t, k)?;
    if !is_any(t, e, &["au", "et", "-"]) {
        return None;
    }
    let mut k2 = e + 1;
    if is(t, k2, "le") {
        k2 += 1;
    }
    let m2 = day_month(t, k2)?;
    let Sem::Day { y, m, .. } = m2.sem else {
        return None;
    };
    Some(Match::new(k, e, Sem::Day { y, m, d: d1 }))
}

fn prefix_mod(t: &Tokens, i: usize) -> (usize, Option<&'static str>) {
    let two = |a: &str, b: &str| is(t, i, a) && is_any(t, i + 1, &[b]);
    if two("plus", "de") || two("plus", "d'") {
        return (i + 2, Some("MORE_THAN"));
    }
    if two("moins", "de") || two("moins", "d'") {
        return (i + 2, Some("LESS_THAN"));
    }
    if two("au", "moins") {
        return (i + 2, Some("EQUAL_OR_MORE"));
    }
    if two("près", "de") || two("près", "d'") {
        return (i + 2, Some("APPROX"));
    }
    // "la fin de", "le début du", "la mi-", "fin", "début", "mi-"
    let mut k = i;
    if is_any(t, k, ARTICLE) {
        k += 1;
    }
    if let Some(m) = modifier(t, k).filter(|m| matches!(*m, "START" | "END" | "MID")) {
        let mut j = k + 1;
        // "mi-juin", "fin de l'année", "début du mois", "début des années 1990"
        if is_any(t, j, &["-", "de", "d'", "du", "des"]) {
            j += 1;
        }
        return (j, Some(m));
    }
    if let Some(m) = modifier(t, i) {
        // environ, vers, quelque
        return (i + 1, Some(m));
    }
    (i, None)
}

fn core(t: &Tokens, j: usize) -> Option<Match> {
    if is_any(t, j, ARTICLE) || is_any(t, j, DEMONSTRATIVE) || is(t, j, "les") || is(t, j, "ces") {
        if let Some(m) = det_rules(t, j) {
            return Some(m);
        }
        let mut m = plain(t, j + 1)?;
        if det_joins(&m.sem) && !is_any(t, j, &["les", "ces"]) {
            m.start = j;
        }
        return Some(m);
    }
    plain(t, j)
}

fn det_joins(s: &Sem) -> bool {
    matches!(
        s,
        Sem::Day { .. }
            | Sem::Weekday { .. }
            | Sem::Season { .. }
            | Sem::Quarter { .. }
            | Sem::Year(_)
            | Sem::Vague(_)
            | Sem::At { .. }
    )
}

fn longest(cands: [Option<Match>; 10]) -> Option<Match> {
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
        day_month(t, k),
        month_led(t, k),
        weekday_led(t, k),
        deictic_day(t, k),
        quantity(t, k),
        vague_ref(t, k),
        set_expr(t, k),
        season_expr(t, k),
        clock(t, k),
    ])
}

/// A month name (abbreviations need their dot or a following number).
fn month_at(t: &Tokens, k: usize) -> Option<(usize, u32)> {
    let m = month(t, k)?;
    let word = w(t, k);
    let mut j = k + 1;
    let full = matches!(
        word,
        "janvier"
            | "février"
            | "fevrier"
            | "mars"
            | "avril"
            | "mai"
            | "juin"
            | "juillet"
            | "août"
            | "aout"
            | "septembre"
            | "octobre"
            | "novembre"
            | "décembre"
            | "decembre"
    );
    if !full {
        if is(t, j, ".") && glued(t, j) {
            j += 1;
        } else if digits(t, j).is_none() {
            return None;
        }
    }
    // "sept" is also the number seven: only a month before a year
    if word == "sept" && !is(t, k + 1, ".") && year_after(t, j).is_none() {
        return None;
    }
    if word == "mars" && !t.toks[k].cap && k > 0 && is_any(t, k - 1, &["sur", "vers", "planète"]) {
        return None;
    }
    Some((j, u32::from(m)))
}

fn year_after(t: &Tokens, j: usize) -> Option<(usize, i32)> {
    if let Some(y) = year4(t, j) {
        return Some((j + 1, y));
    }
    if ndigits(t, j) == 2 && !is(t, j + 1, "h") && unit(t, j + 1).is_none() {
        let y = t.toks[j].num as i32;
        return Some((j + 1, if y < 30 { 2000 + y } else { 1900 + y }));
    }
    None
}

/// "2022-04-06", "06/04/2022" (day first), "1990", "en 2021".
fn numeric(t: &Tokens, k: usize) -> Option<Match> {
    let v = digits(t, k)?;
    let nd = ndigits(t, k);
    if nd == 4
        && is(t, k + 1, "-")
        && glued(t, k + 2)
        && ndigits(t, k + 2) == 2
        && is(t, k + 3, "-")
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
    if nd <= 2
        && is_any(t, k + 1, &["/", "."])
        && glued(t, k + 1)
        && glued(t, k + 2)
        && ndigits(t, k + 2) <= 2
        && is_any(t, k + 3, &["/", "."])
        && glued(t, k + 3)
        && glued(t, k + 4)
        && matches!(ndigits(t, k + 4), 2 | 4)
    {
        if glued(t, k + 5) && is_any(t, k + 5, &[".", "/"]) && digits(t, k + 6).is_some() {
            return None; // a phone number: 03.29.88.43.12
        }
        let (a, b) = (v, t.toks[k + 2].num);
        let mut y = t.toks[k + 4].num as i32;
        if ndigits(t, k + 4) == 2 {
            y += if y < 50 { 2000 } else { 1900 };
        }
        let (d, m) = if b > 12 { (b, a) } else { (a, b) };
        if chrono::NaiveDate::from_ymd_opt(y, m, d).is_some() {
            return Some(Match::new(k, k + 5, Sem::Day { y: Some(y), m, d }));
        }
    }
    if nd == 2
        && k > 0
        && is(t, k - 1, "en")
        && unit(t, k + 1).is_none()
        && !is_any(t, k + 1, &["%", "h"])
    {
        return Some(Match::new(
            k,
            k + 1,
            Sem::Year(if v < 30 {
                2000 + v as i32
            } else {
                1900 + v as i32
            }),
        ));
    }
    let y = year4(t, k)?;
    if unit(t, k + 1).is_some()
        || is_any(
            t,
            k + 1,
            &[
                "personnes",
                "habitants",
                "euros",
                "francs",
                "dollars",
                "km",
                "mètres",
                "%",
            ],
        )
    {
        return None;
    }
    if k > 0
        && is_any(
            t,
            k - 1,
            &[
                "$",
                "n°",
                "numéro",
                "résolution",
                "article",
                "loi",
                "décret",
                "vol",
                "route",
                "chambre",
            ],
        )
    {
        return None;
    }
    Some(Match::new(k, k + 1, Sem::Year(y)))
}

/// "6 avril 2022", "1er mai", "6 avril".
fn day_month(t: &Tokens, k: usize) -> Option<Match> {
    let (j, d) = day_num(t, k)?;
    let (j2, m) = month_at(t, j)?;
    if let Some((j3, y)) = year_after(t, j2) {
        return Some(Match::new(k, j3, Sem::Day { y: Some(y), m, d }));
    }
    // "le 6 mai dernier"
    let e = if shift(t, j2).is_some() { j2 + 1 } else { j2 };
    Some(Match::new(k, e, Sem::Day { y: None, m, d }))
}

/// "avril 2001", "octobre 98", "avril", "juin dernier", "mois de juin".
fn month_led(t: &Tokens, k: usize) -> Option<Match> {
    let mut s = k;
    let mut j0 = k;
    if is(t, k, "mois") && is_any(t, k + 1, &["de", "d'"]) && month(t, k + 2).is_some() {
        j0 = k + 2;
        s = k;
    }
    let (j, m) = month_at(t, j0)?;
    if let Some((j2, y)) = year_after(t, j) {
        return Some(Match::new(s, j2, Sem::Month { y: Some(y), m }));
    }
    if let Some(sh) = shift(t, j) {
        return Some(Match::new(s, j + 1, Sem::MonthShift { m, shift: sh }));
    }
    Some(Match::new(s, j, Sem::Month { y: None, m }))
}

/// "mardi", "mardi 6 avril", "mardi dernier", "mardi soir", "dimanche matin".
fn weekday_led(t: &Tokens, k: usize) -> Option<Match> {
    let wd = u32::from(weekday(t, k)?);
    let j = k + 1;
    if let Some(mut m) = day_month(t, j) {
        m.start = k;
        return Some(m);
    }
    let (j, sh) = match shift(t, j) {
        Some(s) => (j + 1, Some(s)),
        None => (j, None),
    };
    let base = Sem::Weekday { wd, shift: sh };
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

/// "hier", "aujourd'hui", "demain matin", "hier soir", "avant-hier".
fn deictic_day(t: &Tokens, k: usize) -> Option<Match> {
    let o = deictic(t, k)?;
    // "hier à 10 h"
    if is(t, k + 1, "à") {
        if let Some(c) = clock(t, k + 2) {
            if let Sem::TimeOnly(tod) = c.sem {
                return Some(Match::new(
                    k,
                    c.end,
                    Sem::At {
                        base: Box::new(Sem::RelDay(o)),
                        tod,
                    },
                ));
            }
        }
    }
    // "aujourd'hui vendredi"
    if weekday(t, k + 1).is_some() && day_num(t, k + 2).is_none() {
        return Some(Match::new(k, k + 2, Sem::RelDay(o)));
    }
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
    if is(t, k + 1, "en") && modifier(t, k + 2).is_some() && is_any(t, k + 3, &["de", "d'"]) {
        if let Some(p) = pod(t, k + 4) {
            let mut m = Match::new(
                k,
                k + 5,
                Sem::At {
                    base: Box::new(Sem::RelDay(o)),
                    tod: Tod::Pod(p),
                },
            );
            m.modifier = modifier(t, k + 2);
            return Some(m);
        }
    }
    Some(Match::new(k, k + 1, Sem::RelDay(o)))
}

/// Quantities: "deux jours", "24 heures", "un demi-siècle", "plusieurs années",
/// "il y a deux jours" (handled in `det_rules`), "trois jours plus tard".
fn quantity(t: &Tokens, k: usize) -> Option<Match> {
    // "quinquennat", "septennat": a unit that is itself a duration
    if let Some(u @ Unit::Years(_)) = unit(t, k) {
        return Some(Match::new(
            k,
            k + 1,
            Sem::Duration {
                n: Some(1.0),
                unit: u,
            },
        ));
    }
    let (mut j, mut n) = if is(t, k, "des") {
        (k + 1, None)
    } else {
        number(t, k, "et")?
    };
    // "un demi-siècle", "une demi-heure"
    if is(t, j, "demi") {
        n = n.map(|x| x * 0.5);
        j += 1;
        if is(t, j, "-") {
            j += 1;
        }
    }
    let u = unit(t, j)?;
    if is(t, k, "des") && !w(t, j).ends_with('s') && !matches!(u, Unit::Month) {
        return None;
    }
    // ages: "Jean Burget, 87 ans,", "un chauffeur de 38 ans", "les 6-16 ans", "de 2 à 8 ans"
    if u == Unit::Year && w(t, j) == "ans" && k > 0 {
        let prev = w(t, k - 1);
        let before = if k > 1 { w(t, k - 2) } else { "" };
        if matches!(prev, "," | "(" | "-")
            || (matches!(prev, "de" | "d'")
                && !matches!(
                    before,
                    "plus" | "moins" | "près" | "peine" | "prison" | "réclusion"
                ))
            || (prev == "à" && k > 1 && digits(t, k - 2).is_some())
        {
            return None;
        }
    }
    if is_any(t, k, &["une", "la"]) && u == Unit::Second {
        return None;
    }
    // "18 heures" after "à"/"vers"/"dès" is a clock time
    if u == Unit::Hour
        && digits(t, k).is_some()
        && k > 0
        && is_any(t, k - 1, &["à", "vers", "dès", "jusqu'à", "avant", "après"])
    {
        let h = t.toks[k].num;
        let mut e = j + 1;
        let mut min = 0;
        if let Some(mm) = digits(t, e).filter(|m| *m < 60 && ndigits(t, e) == 2) {
            min = mm;
            e += 1;
        }
        if h <= 24 {
            return Some(Match::new(k, e, Sem::TimeOnly(Tod::Clock(h, min))));
        }
    }
    let mut end = j + 1;
    // "une heure et demie"
    if is(t, end, "et") && is(t, end + 1, "demie") {
        n = n.map(|x| x + 0.5);
        end += 2;
    }
    if is(t, end, "plus") && is(t, end + 1, "tard") && u == Unit::Day {
        if let Some(x) = n {
            return Some(Match::new(k, end + 2, Sem::Anaphor(x as i32)));
        }
    }
    Some(Match::new(k, end, Sem::Duration { n, unit: u }))
}

/// "maintenant", "récemment", "actuellement", "désormais", "l'avenir".
fn vague_ref(t: &Tokens, k: usize) -> Option<Match> {
    let v = vague(t, k)?;
    if w(t, k) == "avenir" && !(k > 0 && is_any(t, k - 1, &["l'", "d'"])) {
        return None;
    }
    Some(Match::new(k, k + 1, Sem::Vague(v)))
}

fn set_value(t: &Tokens, j: usize) -> Option<(usize, String)> {
    if let Some(wd) = weekday(t, j) {
        return Some((j + 1, format!("XXXX-WXX-{wd}")));
    }
    // "tous les jeudis"
    if let Some(stem) = w(t, j).strip_suffix('s') {
        let wd = crate::lexicon::lexicon("fr")
            .get(stem)
            .iter()
            .find_map(|l| match l {
                crate::lexicon::Lex::Weekday(d) => Some(*d),
                _ => None,
            });
        if let Some(wd) = wd {
            return Some((j + 1, format!("XXXX-WXX-{wd}")));
        }
    }
    if let Some((e, m)) = month_at(t, j) {
        return Some((e, format!("XXXX-{m:02}")));
    }
    if let Some(p) = pod(t, j) {
        return Some((j + 1, format!("XXXX-XX-XXT{}", p.code())));
    }
    if let Some((e, n)) = number(t, j, "et") {
        let u = unit(t, e)?;
        return Some((e + 1, crate::sem::duration_value(n, u)));
    }
    let u = unit(t, j)?;
    if u == Unit::Weekend {
        return Some((j + 1, "XXXX-WXX-WE".into()));
    }
    Some((j + 1, crate::sem::duration_value(Some(1.0), u)))
}

/// "chaque vendredi", "tous les jours", "toutes les semaines", "par an", "quotidien".
fn set_expr(t: &Tokens, k: usize) -> Option<Match> {
    if let Some(v) = set_word(t, k) {
        return Some(Match::new(k, k + 1, Sem::Set(v.to_string())));
    }
    if is(t, k, "chaque") {
        let (e, v) = set_value(t, k + 1)?;
        return Some(Match::new(k, e, Sem::Set(v)));
    }
    if is_any(t, k, &["tous", "toutes"]) && is(t, k + 1, "les") {
        let (e, v) = set_value(t, k + 2)?;
        return Some(Match::new(k, e, Sem::Set(v)));
    }
    if is(t, k, "par") {
        let u = unit(t, k + 1)?;
        if w(t, k + 1).ends_with('s') && u != Unit::Month {
            return None;
        }
        return Some(Match::new(
            k + 1,
            k + 2,
            Sem::Set(crate::sem::duration_value(Some(1.0), u)),
        ));
    }
    None
}

/// "printemps", "été 2003", "cet été", "l'hiver dernier".
fn season_expr(t: &Tokens, k: usize) -> Option<Match> {
    let s = season(t, k)?;
    if let Some(y) = year4(t, k + 1) {
        return Some(Match::new(k, k + 2, Sem::Season { y: Some(y), s }));
    }
    if let Some(sh) = shift(t, k + 1) {
        return Some(Match::new(k, k + 2, Sem::SeasonShift { s, shift: sh }));
    }
    // "été" is also the participle of être: only after l', cet, en, au, le
    // ("les Jeux d'hiver" names an event, not a season)
    let prev_ok = k > 0 && is_any(t, k - 1, &["l'", "cet", "en", "au", "cette", "ce", "le"]);
    if !prev_ok {
        return None;
    }
    Some(Match::new(k, k + 1, Sem::Season { y: None, s }))
}

/// "18 h", "19 h 30", "14h30", "midi", "minuit".
fn clock(t: &Tokens, k: usize) -> Option<Match> {
    if let Some(p @ (Pod::Noon | Pod::Midnight)) = pod(t, k) {
        return Some(Match::new(k, k + 1, Sem::TimeOnly(Tod::Pod(p))));
    }
    let h = digits(t, k)?;
    if h > 24 || ndigits(t, k) > 2 || !is(t, k + 1, "h") {
        return None;
    }
    let mut e = k + 2;
    let mut min = 0;
    if let Some(m) = digits(t, e).filter(|m| *m < 60 && ndigits(t, e) == 2) {
        min = m;
        e += 1;
    }
    let tod = Tod::Clock(h, min);
    // "4 h mardi", "22 h hier"
    if let Some(wd) = weekday(t, e) {
        let base = Sem::Weekday {
            wd: u32::from(wd),
            shift: None,
        };
        return Some(Match::new(
            k,
            e + 1,
            Sem::At {
                base: Box::new(base),
                tod,
            },
        ));
    }
    if let Some(o) = deictic(t, e) {
        return Some(Match::new(
            k,
            e + 1,
            Sem::At {
                base: Box::new(Sem::RelDay(o)),
                tod,
            },
        ));
    }
    Some(Match::new(k, e, Sem::TimeOnly(tod)))
}

/// Patterns that start with a determiner or "il y a".
fn det_rules(t: &Tokens, j: usize) -> Option<Match> {
    let k = j + 1;
    let dem = is_any(t, j, DEMONSTRATIVE);
    // le lendemain, la veille, le surlendemain (+ matin/soir)
    let ana = match w(t, k) {
        "lendemain" => Some(1),
        "veille" => Some(-1),
        "surlendemain" => Some(2),
        _ => None,
    };
    if let Some(o) = ana.filter(|_| is_any(t, j, ARTICLE)) {
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
        if is(t, k + 1, "au") {
            if let Some(p) = pod(t, k + 2) {
                return Some(Match::new(
                    j,
                    k + 3,
                    Sem::At {
                        base: Box::new(Sem::Anaphor(o)),
                        tod: Tod::Pod(p),
                    },
                ));
            }
        }
        return Some(Match::new(j, k + 1, Sem::Anaphor(o)));
    }
    // le même jour, ce jour-là
    if is(t, j, "le") && is(t, k, "même") && is(t, k + 1, "jour") {
        return Some(Match::new(j, k + 2, Sem::Anaphor(0)));
    }
    if is(t, j, "ce") && is(t, k, "jour") && is(t, k + 1, "-") && is(t, k + 2, "là") {
        return Some(Match::new(j, k + 3, Sem::Anaphor(0)));
    }
    // ce matin, ce soir, cette nuit, cet après-midi
    if dem {
        if let Some(p) = pod(t, k) {
            return Some(Match::new(
                j,
                k + 1,
                Sem::At {
                    base: Box::new(Sem::RelDay(0)),
                    tod: Tod::Pod(p),
                },
            ));
        }
        if let Some(wd) = weekday(t, k) {
            let mut m = weekday_led(t, k)?;
            m.start = j;
            if matches!(m.sem, Sem::Weekday { .. }) {
                m.sem = Sem::Weekday {
                    wd: u32::from(wd),
                    shift: None,
                };
            }
            return Some(m);
        }
    }
    // la nuit, la soirée, la matinée: the day last mentioned
    if is(t, j, "la")
        && pod(t, k).is_some()
        && k > 1
        && is_any(t, j - 1, &["dans", "durant", "pendant", "dès"])
    {
        let p = pod(t, k)?;
        return Some(Match::new(
            j,
            k + 1,
            Sem::At {
                base: Box::new(Sem::Anaphor(0)),
                tod: Tod::Pod(p),
            },
        ));
    }
    // la semaine dernière, le mois prochain, l'an dernier, cette année, ce mois-ci
    if let Some(u) = unit(t, k) {
        if !w(t, k).ends_with('s') || matches!(u, Unit::Month) || w(t, k) == "mois" {
            let mut e = k + 1;
            if is(t, e, "-") && is_any(t, e + 1, &["ci", "là"]) {
                e += 2;
            }
            let sh = if let Some(s) = shift(t, e) {
                e += 1;
                Some(s)
            } else if is(t, e, "en") && is(t, e + 1, "cours") {
                e += 2;
                Some(0)
            } else if dem {
                Some(0)
            } else {
                None
            };
            if let Some(s) = sh {
                if !matches!(u, Unit::Day | Unit::Hour | Unit::Minute | Unit::Second)
                    && (matches!(w(t, j), "le" | "la" | "l'") || dem)
                {
                    return Some(Match::new(j, e, Sem::RelUnit { unit: u, n: s }));
                }
            }
            // "l'année 2001", "l'an 2000"
            if is(t, j, "l'") && u == Unit::Year {
                if let Some(y) = year4(t, k + 1) {
                    return Some(Match::new(j, k + 2, Sem::Year(y)));
                }
            }
        }
    }
    // les années 1990, les années 90
    if is(t, j, "les") && is(t, k, "années") {
        if let Some(v) = digits(t, k + 1) {
            let dec = match ndigits(t, k + 1) {
                4 if v % 10 == 0 => Some(v as i32 / 10),
                2 if v % 10 == 0 => Some(190 + v as i32 / 10),
                _ => None,
            };
            if let Some(d) = dec {
                return Some(Match::new(j, k + 2, Sem::Decade(d)));
            }
        }
    }
    // ces derniers jours, ces dernières 24 heures
    if is_any(t, j, &["les", "ces"]) && shift(t, k).is_some() {
        let (e, n) = number(t, k + 1, "et").unwrap_or((k + 1, None));
        if let Some(u) = unit(t, e) {
            return Some(Match::new(j, e + 1, Sem::Duration { n, unit: u }));
        }
    }
    // la nuit de lundi à mardi
    if is(t, j, "la") && pod(t, k) == Some(Pod::Night) && is(t, k + 1, "de") {
        if let Some(wd) = weekday(t, k + 2) {
            let e = if is_any(t, k + 3, &["à", "au"]) && weekday(t, k + 4).is_some() {
                k + 5
            } else {
                k + 3
            };
            let base = Sem::Weekday {
                wd: u32::from(wd),
                shift: None,
            };
            return Some(Match::new(
                j,
                e,
                Sem::At {
                    base: Box::new(base),
                    tod: Tod::Pod(Pod::Night),
                },
            ));
        }
    }
    // les trois dernières années, ces dix derniers jours
    if is_any(t, j, &["les", "ces"]) {
        if let Some((e, n)) = number(t, k, "et") {
            if shift(t, e).is_some() {
                if let Some(u) = unit(t, e + 1) {
                    return Some(Match::new(j, e + 2, Sem::Duration { n, unit: u }));
                }
            }
        }
    }
    // le passé, le présent (vague)
    if is(t, j, "le") && is(t, k, "passé") && !is(t, k + 1, "de") {
        return Some(Match::new(j, k + 1, Sem::Vague("PAST_REF")));
    }
    None
}

/// "il y a deux jours", "il y a dix ans", "dans trois semaines".
pub fn ago(t: &Tokens, i: usize) -> Option<Match> {
    let k = if is(t, i, "il") && is(t, i + 1, "y") && is(t, i + 2, "a") {
        i + 3
    } else if is(t, i, "dans") {
        i + 1
    } else {
        return None;
    };
    let sign = if is(t, i, "dans") { 1 } else { -1 };
    let (mut j, n) = if is_any(t, k, &["quelques", "plusieurs"]) {
        (k + 1, None)
    } else {
        number(t, k, "et")?
    };
    if is(t, j, "demi") {
        j += 2;
    }
    let u = unit(t, j)?;
    let sem = match n {
        Some(x) if x.fract() == 0.0 => {
            let x = x as i32 * sign;
            if u == Unit::Day {
                Sem::RelDay(x)
            } else {
                Sem::RelUnit { unit: u, n: x }
            }
        }
        _ => Sem::Vague(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }),
    };
    if sign > 0
        && (matches!(u, Unit::Hour | Unit::Minute | Unit::Second)
            || is_any(t, j + 1, &["de", "d'"]))
    {
        return None;
    }
    Some(Match::new(i, j + 1, sem))
}
