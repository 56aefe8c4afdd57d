//! What a time expression means, before and after anchoring it to the
//! document creation time (DCT): the grammar produces a [`Sem`], and
//! [`resolve`] turns it into a TIMEX3 type and value.
use chrono::{Datelike, Duration as ChronoDuration, NaiveDate, Weekday};
use khaldun_model::TimexType;

use crate::lexicon::{Pod, Tense, Unit};

/// Time of day attached to a day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tod {
    Clock(u32, u32),
    Pod(Pod),
}

/// The meaning of a time expression, relative or absolute.
#[derive(Debug, Clone, PartialEq)]
pub enum Sem {
    /// A calendar day; the year may be implicit.
    Day {
        y: Option<i32>,
        m: u32,
        d: u32,
    },
    Month {
        y: Option<i32>,
        m: u32,
    },
    /// "last April" (-1), "next April" (+1), "this April" (0).
    MonthShift {
        m: u32,
        shift: i32,
    },
    Year(i32),
    /// First three digits of the decade's years ("1990s" → 199).
    Decade(i32),
    /// First two digits ("20th century" → 19).
    Century(i32),
    Quarter {
        y: Option<i32>,
        q: u32,
    },
    /// Quarter `q` of the DCT's year shifted by `n` ("last year's third quarter").
    QuarterOfYear {
        n: i32,
        q: u32,
    },
    Half {
        y: Option<i32>,
        h: u32,
    },
    Season {
        y: Option<i32>,
        s: &'static str,
    },
    SeasonShift {
        s: &'static str,
        shift: i32,
    },
    /// A weekday: shift None = by tense; -1 "last"; +1 "next"; 0 "this".
    Weekday {
        wd: u32,
        shift: Option<i32>,
    },
    /// Day offset from the DCT (today 0, yesterday -1).
    RelDay(i32),
    /// Offset in a calendar unit, at that unit's granularity ("last week", "two years ago").
    RelUnit {
        unit: Unit,
        n: i32,
    },
    /// Offset in days from the last day mentioned ("the next day").
    Anaphor(i32),
    /// A named holiday (`12-25`, or `TH` for US Thanksgiving).
    Holiday {
        y: Option<i32>,
        h: &'static str,
    },
    /// A day with a time of day.
    At {
        base: Box<Sem>,
        tod: Tod,
    },
    /// Clock time or part of day on an unknown day.
    TimeOnly(Tod),
    /// Duration; `n` None is an indefinite quantity (PXD).
    Duration {
        n: Option<f64>,
        unit: Unit,
    },
    /// "a year ago", "a year earlier": the year before the DCT, or, in a
    /// report that compares periods, the same quarter a year before.
    YearBefore,
    /// "the latest period": the reporting quarter last mentioned, else the
    /// quarter before the DCT's.
    Period,
    /// A literal TIMEX3 value (sets, vague references).
    Set(String),
    Vague(&'static str),
}

/// Everything resolution needs beyond the expression itself.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub dct: Option<NaiveDate>,
    pub tense: Option<Tense>,
    /// Tokens between the expression and its tense marker.
    pub tense_dist: usize,
    /// The last day-precise date mentioned (for anaphora), else the DCT.
    pub anchor: Option<NaiveDate>,
    /// The reporting quarter last mentioned (year, quarter), if any.
    pub period: Option<(i32, u32)>,
}

fn season_index(s: &str) -> u32 {
    match s {
        "SP" => 1,
        "SU" => 2,
        "FA" => 3,
        _ => 4,
    }
}

fn season_of_month(m: u32) -> u32 {
    match m {
        3..=5 => 1,
        6..=8 => 2,
        9..=11 => 3,
        _ => 4,
    }
}

pub fn unit_code(u: Unit) -> (&'static str, bool, f64) {
    // (code, is time unit, multiplier)
    match u {
        Unit::Year => ("Y", false, 1.0),
        Unit::Month => ("M", false, 1.0),
        Unit::Week => ("W", false, 1.0),
        Unit::Day => ("D", false, 1.0),
        Unit::Hour => ("H", true, 1.0),
        Unit::Minute => ("M", true, 1.0),
        Unit::Second => ("S", true, 1.0),
        Unit::Quarter => ("Q", false, 1.0),
        Unit::Decade => ("Y", false, 10.0),
        Unit::Century => ("Y", false, 100.0),
        Unit::Millennium => ("L", false, 1.0),
        Unit::Weekend => ("WE", false, 1.0),
        Unit::Fortnight => ("W", false, 2.0),
        Unit::HalfYear => ("M", false, 6.0),
        Unit::Years(k) => ("Y", false, f64::from(k)),
    }
}

fn fmt_num(n: f64) -> String {
    if (n - n.round()).abs() < 1e-9 {
        format!("{}", n.round() as i64)
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').to_string()
    }
}

/// Duration value such as `P5W`, `PT24H`, `PXD`.
pub fn duration_value(n: Option<f64>, unit: Unit) -> String {
    let (code, time, mult) = unit_code(unit);
    let t = if time { "T" } else { "" };
    match n {
        Some(n) => {
            let v = n * mult;
            if v.fract() != 0.0 {
                // 2.5 years → P2Y6M, 1.5 hours → PT1H30M, 1.5 days → P1DT12H
                let (sub, subcode, sub_time) = match (code, time) {
                    ("Y", false) => (12.0, "M", false),
                    ("M", false) => (30.0, "D", false),
                    ("W", false) => (7.0, "D", false),
                    ("D", false) => (24.0, "H", true),
                    ("H", true) => (60.0, "M", true),
                    ("M", true) => (60.0, "S", true),
                    _ => (0.0, "", false),
                };
                let rest = (v.fract() * sub).round();
                if sub > 0.0 && rest >= 1.0 {
                    let whole = v.trunc();
                    let head = if whole >= 1.0 {
                        format!("{}{code}", whole as i64)
                    } else {
                        String::new()
                    };
                    let mid = if sub_time && !time { "T" } else { "" };
                    return format!("P{t}{head}{mid}{}{subcode}", rest as i64);
                }
            }
            format!("P{t}{}{code}", fmt_num(v))
        }
        None => format!("P{t}X{code}"),
    }
}

fn ymd(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn add_months(y: i32, m: u32, n: i32) -> (i32, u32) {
    let t = y * 12 + (m as i32 - 1) + n;
    (t.div_euclid(12), (t.rem_euclid(12) + 1) as u32)
}

/// Year for a year-less month-day, from the DCT and the clause's tense.
fn year_for(m: u32, d: u32, ctx: &Ctx) -> Option<i32> {
    let dct = ctx.dct?;
    let y = dct.year();
    let mut best: Option<(i64, i32)> = None;
    for cy in [y - 1, y, y + 1] {
        if let Some(c) = NaiveDate::from_ymd_opt(cy, m, d) {
            let dist = (c - dct).num_days().abs();
            if best.is_none_or(|(bd, _)| dist < bd) {
                best = Some((dist, cy));
            }
        }
    }
    let (_, mut cy) = best?;
    let c = NaiveDate::from_ymd_opt(cy, m, d)?;
    match ctx.tense {
        // a past-tense date well after the DCT is last year's; within a month
        // it is usually a deadline ("extended to Nov. 20")
        Some(Tense::Past) if (c - dct).num_days() > 30 => cy -= 1,
        Some(Tense::Future) if (dct - c).num_days() > 30 => cy += 1,
        _ => {}
    }
    Some(cy)
}

fn year_for_month(m: u32, ctx: &Ctx) -> Option<i32> {
    let dct = ctx.dct?;
    let y = dct.year();
    let cm = dct.month();
    Some(match ctx.tense {
        Some(Tense::Future) => {
            if m < cm {
                y + 1
            } else {
                y
            }
        }
        Some(Tense::Past) => {
            if m > cm {
                y - 1
            } else {
                y
            }
        }
        _ => {
            // no tense: the nearest such month
            let diff = m as i32 - cm as i32;
            if diff > 2 {
                y - 1
            } else if diff < -6 {
                y + 1
            } else {
                y
            }
        }
    })
}

fn weekday_from(wd: u32) -> Weekday {
    match wd {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn weekday_date(wd: u32, shift: Option<i32>, ctx: &Ctx) -> Option<NaiveDate> {
    let dct = ctx.dct?;
    let target = weekday_from(wd).num_days_from_monday() as i64;
    let cur = dct.weekday().num_days_from_monday() as i64;
    let back = (cur - target).rem_euclid(7); // days back to most recent (0 = today)
    let fwd = (target - cur).rem_euclid(7); // days forward to next (0 = today)
    let off = match shift {
        Some(-1) => -(if back == 0 { 7 } else { back }),
        Some(1) => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        Some(_) => {
            // "this Tuesday": same ISO week
            target - cur
        }
        None => match ctx.tense {
            Some(Tense::Future) => fwd,
            Some(Tense::Present) if fwd <= 6 => fwd,
            None if fwd < back && fwd <= 2 => fwd,
            _ => -back,
        },
    };
    dct.checked_add_signed(ChronoDuration::days(off))
}

fn holiday_date(y: i32, h: &str) -> Option<NaiveDate> {
    if h == "TH" {
        // fourth Thursday of November
        let first = NaiveDate::from_ymd_opt(y, 11, 1)?;
        let off = (3 - first.weekday().num_days_from_monday() as i64).rem_euclid(7);
        return first.checked_add_signed(ChronoDuration::days(off + 21));
    }
    let (m, d) = h.split_once('-')?;
    NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?)
}

/// The day a [`Sem`] denotes, when it denotes one day.
pub fn day_of(sem: &Sem, ctx: &Ctx) -> Option<NaiveDate> {
    match sem {
        Sem::Day { y, m, d } => {
            let y = match y {
                Some(y) => *y,
                None => year_for(*m, *d, ctx)?,
            };
            NaiveDate::from_ymd_opt(y, *m, *d)
        }
        Sem::Weekday { wd, shift } => weekday_date(*wd, *shift, ctx),
        Sem::RelDay(n) => ctx
            .dct?
            .checked_add_signed(ChronoDuration::days(i64::from(*n))),
        Sem::RelUnit { unit: Unit::Day, n } => ctx
            .dct?
            .checked_add_signed(ChronoDuration::days(i64::from(*n))),
        Sem::Anaphor(n) => ctx
            .anchor
            .or(ctx.dct)?
            .checked_add_signed(ChronoDuration::days(i64::from(*n))),
        Sem::Holiday { y, h } => {
            let y = match y {
                Some(y) => *y,
                None => {
                    let (m, d) = if *h == "TH" {
                        (11, 25)
                    } else {
                        let (m, d) = h.split_once('-')?;
                        (m.parse().ok()?, d.parse().ok()?)
                    };
                    year_for(m, d, ctx)?
                }
            };
            holiday_date(y, h)
        }
        Sem::At { base, .. } => day_of(base, ctx),
        _ => None,
    }
}

/// Day value of a day-denoting Sem, or an underspecified form without DCT.
fn day_value(sem: &Sem, ctx: &Ctx) -> String {
    if let Some(d) = day_of(sem, ctx) {
        return ymd(d);
    }
    match sem {
        Sem::Day { y, m, d } => match y {
            Some(y) => format!("{y:04}-{m:02}-{d:02}"),
            None => format!("XXXX-{m:02}-{d:02}"),
        },
        Sem::Weekday { wd, .. } => format!("XXXX-WXX-{wd}"),
        _ => "XXXX-XX-XX".to_string(),
    }
}

fn tod_code(t: Tod) -> String {
    match t {
        Tod::Clock(h, m) => format!("{h:02}:{m:02}"),
        Tod::Pod(p) => p.code().to_string(),
    }
}

/// TIMEX3 type and value of `sem` in context.
pub fn resolve(sem: &Sem, ctx: &Ctx) -> (TimexType, String) {
    use TimexType::*;
    let dct = ctx.dct;
    match sem {
        Sem::Day { .. }
        | Sem::Weekday { .. }
        | Sem::RelDay(_)
        | Sem::Anaphor(_)
        | Sem::Holiday { .. } => (Date, day_value(sem, ctx)),
        Sem::Month { y, m } => {
            let y = y.or_else(|| year_for_month(*m, ctx));
            match y {
                Some(y) => (Date, format!("{y:04}-{m:02}")),
                None => (Date, format!("XXXX-{m:02}")),
            }
        }
        Sem::MonthShift { m, shift } => match dct {
            Some(d) => {
                let (y, cm) = (d.year(), d.month());
                let y = match *shift {
                    s if s < 0 => {
                        if *m < cm {
                            y
                        } else {
                            y - 1
                        }
                    }
                    s if s > 0 => {
                        if *m > cm {
                            y
                        } else {
                            y + 1
                        }
                    }
                    _ => y,
                };
                (Date, format!("{y:04}-{m:02}"))
            }
            None => (Date, format!("XXXX-{m:02}")),
        },
        Sem::Year(y) => (Date, format!("{y:04}")),
        Sem::Period => match (ctx.period, dct) {
            (Some((y, q)), _) => (Date, format!("{y:04}-Q{q}")),
            (None, Some(_)) => resolve(
                &Sem::RelUnit {
                    unit: Unit::Quarter,
                    n: -1,
                },
                ctx,
            ),
            _ => (Date, "XXXX-QX".into()),
        },
        Sem::YearBefore => match (ctx.period, dct) {
            (Some((y, q)), _) => (Date, format!("{:04}-Q{q}", y - 1)),
            (None, Some(d)) => (Date, format!("{:04}", d.year() - 1)),
            _ => (Date, "XXXX".into()),
        },
        Sem::Decade(d) => (Date, format!("{d:03}")),
        Sem::Century(c) => (Date, format!("{c:02}")),
        Sem::Quarter { y, q } => {
            let y = y.or_else(|| {
                let d = dct?;
                let cq = (d.month() - 1) / 3 + 1;
                // "expects to report third-quarter results": the quarter just
                // ended, so only a past quarter number beyond the current one
                // moves to last year
                Some(match ctx.tense {
                    Some(Tense::Future) => d.year(),
                    _ if *q > cq => d.year() - 1,
                    _ => d.year(),
                })
            });
            match y {
                Some(y) => (Date, format!("{y:04}-Q{q}")),
                None => (Date, format!("XXXX-Q{q}")),
            }
        }
        Sem::QuarterOfYear { n, q } => match dct {
            Some(d) => (Date, format!("{:04}-Q{q}", d.year() + n)),
            None => (Date, format!("XXXX-Q{q}")),
        },
        Sem::Half { y, h } => {
            let y = y.or_else(|| dct.map(|d| d.year()));
            match y {
                Some(y) => (Date, format!("{y:04}-H{h}")),
                None => (Date, format!("XXXX-H{h}")),
            }
        }
        Sem::Season { y, s } => {
            let y = y.or_else(|| {
                let d = dct?;
                let cur = season_of_month(d.month());
                let si = season_index(s);
                // a bare season is this year's unless the clause looks ahead
                Some(match ctx.tense {
                    Some(Tense::Future) if si < cur => d.year() + 1,
                    _ => d.year(),
                })
            });
            match y {
                Some(y) => (Date, format!("{y:04}-{s}")),
                None => (Date, format!("XXXX-{s}")),
            }
        }
        Sem::SeasonShift { s, shift } => match dct {
            Some(d) => {
                let cur = season_of_month(d.month());
                let si = season_index(s);
                let y = d.year();
                let y = match *shift {
                    x if x < 0 => {
                        if si < cur {
                            y
                        } else {
                            y - 1
                        }
                    }
                    x if x > 0 => {
                        if si > cur {
                            y
                        } else {
                            y + 1
                        }
                    }
                    _ => y,
                };
                (Date, format!("{y:04}-{s}"))
            }
            None => (Date, format!("XXXX-{s}")),
        },
        Sem::RelUnit { unit, n } => {
            let Some(d) = dct else {
                return (Date, rel_unknown(*unit));
            };
            let n = *n;
            let v = match unit {
                Unit::Year => format!("{:04}", d.year() + n),
                Unit::Month => {
                    let (y, m) = add_months(d.year(), d.month(), n);
                    format!("{y:04}-{m:02}")
                }
                Unit::Week | Unit::Fortnight => {
                    let k = if *unit == Unit::Fortnight { 14 } else { 7 };
                    match d.checked_add_signed(ChronoDuration::days(i64::from(n) * k)) {
                        Some(x) => week(x),
                        None => "XXXX-WXX".into(),
                    }
                }
                Unit::Weekend => {
                    // "over the weekend" said on a weekday is the one just past
                    let back = n == 0
                        && d.weekday().num_days_from_monday() < 5
                        && ctx.tense != Some(Tense::Future);
                    let days = i64::from(n) * 7 - if back { 7 } else { 0 };
                    match d.checked_add_signed(ChronoDuration::days(days)) {
                        Some(x) => format!("{}-WE", week(x)),
                        None => "XXXX-WXX-WE".into(),
                    }
                }
                Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => {
                    match d.checked_add_signed(ChronoDuration::days(if *unit == Unit::Day {
                        i64::from(n)
                    } else {
                        0
                    })) {
                        Some(x) => ymd(x),
                        None => "XXXX-XX-XX".into(),
                    }
                }
                Unit::Quarter => {
                    let q = (d.year() * 4 + ((d.month() as i32 - 1) / 3)) + n;
                    format!("{:04}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1)
                }
                Unit::HalfYear => {
                    let h = (d.year() * 2 + ((d.month() as i32 - 1) / 6)) + n;
                    format!("{:04}-H{}", h.div_euclid(2), h.rem_euclid(2) + 1)
                }
                Unit::Decade => format!("{:03}", d.year().div_euclid(10) + n),
                Unit::Century => format!("{:02}", d.year().div_euclid(100) + n),
                Unit::Millennium => format!("{}", d.year().div_euclid(1000) + n),
                Unit::Years(k) => format!("{:04}", d.year() + n * i32::from(*k)),
            };
            (Date, v)
        }
        Sem::At { base, tod } => {
            let day = day_value(base, ctx);
            (Time, format!("{day}T{}", tod_code(*tod)))
        }
        Sem::TimeOnly(tod) => match dct {
            Some(d) => (
                Time,
                format!("{}T{}", ymd(ctx.anchor.unwrap_or(d)), tod_code(*tod)),
            ),
            None => (Time, format!("XXXX-XX-XXT{}", tod_code(*tod))),
        },
        Sem::Duration { n, unit } => (Duration, duration_value(*n, *unit)),
        Sem::Set(v) => (Set, v.clone()),
        Sem::Vague(v) => (Date, (*v).to_string()),
    }
}

fn rel_unknown(u: Unit) -> String {
    match u {
        Unit::Year | Unit::Years(_) => "XXXX".into(),
        Unit::Month => "XXXX-XX".into(),
        Unit::Week | Unit::Fortnight => "XXXX-WXX".into(),
        Unit::Weekend => "XXXX-WXX-WE".into(),
        Unit::Quarter => "XXXX-QX".into(),
        Unit::Decade => "XXX".into(),
        Unit::Century => "XX".into(),
        _ => "XXXX-XX-XX".into(),
    }
}
