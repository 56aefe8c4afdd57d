//! Grammar infrastructure shared by the language grammars: token predicates,
//! number parsing and the [`Match`] a rule returns. The rules themselves live
//! in one module per language: [`en`] and [`fr`].
use crate::lexicon::{Lex, Pod, Unit};
use crate::sem::Sem;
use crate::token::{Kind, Tokens};

pub mod en;
pub mod fr;

/// A recognised expression: tokens `start..end`, its meaning and TIMEX3 `mod`.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub sem: Sem,
    pub modifier: Option<&'static str>,
}

impl Match {
    pub fn new(start: usize, end: usize, sem: Sem) -> Match {
        Match {
            start,
            end,
            sem,
            modifier: None,
        }
    }
}

/// Lower-cased token `i`, or "" past the end.
#[inline]
pub fn w(t: &Tokens, i: usize) -> &str {
    if i < t.len() {
        t.norm(i)
    } else {
        ""
    }
}

#[inline]
pub fn is(t: &Tokens, i: usize, s: &str) -> bool {
    i < t.len() && t.norm(i) == s
}

#[inline]
pub fn is_any(t: &Tokens, i: usize, s: &[&str]) -> bool {
    i < t.len() && s.contains(&t.norm(i))
}

/// Token `i` follows the previous one without space.
#[inline]
pub fn glued(t: &Tokens, i: usize) -> bool {
    i < t.len() && !t.toks[i].space
}

#[inline]
pub fn lex(t: &Tokens, i: usize) -> &'static [Lex] {
    if i < t.len() {
        t.toks[i].lex
    } else {
        &[]
    }
}

macro_rules! lex_getter {
    ($name:ident, $variant:ident, $ty:ty) => {
        #[inline]
        pub fn $name(t: &Tokens, i: usize) -> Option<$ty> {
            lex(t, i).iter().find_map(|l| match l {
                Lex::$variant(v) => Some(*v),
                _ => None,
            })
        }
    };
}
lex_getter!(month, Month, u8);
lex_getter!(weekday, Weekday, u8);
lex_getter!(num_word, Num, u32);
lex_getter!(ordinal, Ord, u32);
lex_getter!(unit, Unit, Unit);
lex_getter!(season, Season, &'static str);
lex_getter!(pod, Pod, Pod);
lex_getter!(deictic, Deictic, i32);
lex_getter!(vague, Vague, &'static str);
lex_getter!(shift, Shift, i32);
lex_getter!(modifier, Mod, &'static str);
lex_getter!(set_word, Set, &'static str);
lex_getter!(holiday, Holiday, &'static str);

#[inline]
pub fn deictic_pod(t: &Tokens, i: usize) -> Option<(i32, Pod)> {
    lex(t, i).iter().find_map(|l| match l {
        Lex::DeicticPod(o, p) => Some((*o, *p)),
        _ => None,
    })
}

#[inline]
pub fn is_vnum(t: &Tokens, i: usize) -> bool {
    lex(t, i).iter().any(|l| matches!(l, Lex::VagueNum))
}

/// Digit token value.
#[inline]
pub fn digits(t: &Tokens, i: usize) -> Option<u32> {
    (i < t.len() && t.toks[i].kind == Kind::Digits).then(|| t.toks[i].num)
}

/// Number of digits of a digit token.
#[inline]
pub fn ndigits(t: &Tokens, i: usize) -> usize {
    if i < t.len() && t.toks[i].kind == Kind::Digits {
        t.toks[i].e - t.toks[i].s
    } else {
        0
    }
}

/// A plausible four-digit year at `i` (1000-2199), not part of a larger number
/// ("1,990") or an amount ("$1990").
pub fn year4(t: &Tokens, i: usize) -> Option<i32> {
    let v = digits(t, i)?;
    if ndigits(t, i) != 4 || !(1000..2200).contains(&v) {
        return None;
    }
    if i > 0 && glued(t, i) && is_any(t, i - 1, &[",", ".", "$", "€", "£", "/"]) {
        return None;
    }
    if glued(t, i + 1)
        && is_any(t, i + 1, &[",", "."])
        && digits(t, i + 2).is_some()
        && glued(t, i + 2)
    {
        return None;
    }
    if glued(t, i + 1) && is_any(t, i + 1, &["%", ":"]) {
        return None;
    }
    Some(v as i32)
}

/// A day of month (1-31) at `i`, with an ordinal suffix glued on ("6th", "1er").
/// Returns the index after it.
pub fn day_num(t: &Tokens, i: usize) -> Option<(usize, u32)> {
    let v = digits(t, i)?;
    if !(1..=31).contains(&v) || ndigits(t, i) > 2 {
        return None;
    }
    let mut j = i + 1;
    if glued(t, j) && is_any(t, j, &["st", "nd", "rd", "th", "er", "re", "e", "ème"]) {
        j += 1;
    }
    Some((j, v))
}

/// A cardinal number at `i`: digits ("24", "1,000", "2.5", "5 1/2") or number
/// words ("twenty-four", "dix-huit", "quatre-vingt-dix"). `Some(None)` for an
/// indefinite quantity word ("several"). Returns the index after it.
pub fn number(t: &Tokens, i: usize, and_word: &str) -> Option<(usize, Option<f64>)> {
    if let Some(v) = digits(t, i) {
        let mut j = i + 1;
        let mut val = f64::from(v);
        // thousands groups
        while glued(t, j) && is(t, j, ",") && ndigits(t, j + 1) == 3 && glued(t, j + 1) {
            val = val * 1000.0 + f64::from(t.toks[j + 1].num);
            j += 2;
        }
        // decimals
        if glued(t, j) && is_any(t, j, &[".", ","]) && glued(t, j + 1) && ndigits(t, j + 1) > 0 {
            let d = t.toks[j + 1].num;
            let nd = ndigits(t, j + 1) as i32;
            val += f64::from(d) / 10f64.powi(nd);
            j += 2;
        }
        // "5 1/2"
        if digits(t, j) == Some(1) && is(t, j + 1, "/") && digits(t, j + 2) == Some(2) {
            val += 0.5;
            j += 3;
        }
        return Some((j, Some(val)));
    }
    if is_vnum(t, i) {
        return Some((i + 1, None));
    }
    let mut j = i;
    let mut total: u64 = 0;
    let mut cur: u64 = 0;
    let mut last: u64 = 0;
    let mut any = false;
    while let Some(v) = num_word(t, j) {
        let v = u64::from(v);
        if any && !compatible(last, v) {
            // "one two" is not a number: stop before the second word
            if j > i && is_any(t, j - 1, &["-", and_word]) {
                j -= 1;
            }
            break;
        }
        if v == 100 {
            cur = cur.max(1) * 100;
        } else if v == 1000 {
            total += cur.max(1) * 1000;
            cur = 0;
        } else if v == 20 && (2..=9).contains(&cur) && any {
            cur *= 20; // quatre-vingt(s)
        } else {
            cur += v;
        }
        last = v;
        any = true;
        j += 1;
        // joiners: "-", "and"/"et"
        if (is(t, j, "-") && glued(t, j) || is(t, j, and_word)) && num_word(t, j + 1).is_some() {
            j += 1;
        } else if num_word(t, j).is_none() {
            break;
        }
    }
    if !any {
        return None;
    }
    Some((j, Some((total + cur) as f64)))
}

/// May number word `v` follow `last` inside one number?
fn compatible(last: u64, v: u64) -> bool {
    if v == 100 || v == 1000 {
        return last < 1000;
    }
    if last == 100 || last == 1000 {
        return v < 100;
    }
    match last {
        60 | 80 => v < 20,
        20 if v == 20 => false,
        20..=90 if last / 10 * 10 == last => v < 10,
        10 => (7..=9).contains(&v),
        2..=9 => v == 20,
        _ => false,
    }
}
