//! Publication dates as sources write them, normalised to ISO 8601.
//!
//! Handles what headers, bylines, feeds and page metadata use: `2022-05-22`,
//! `2022-05-22T12:07:40+02:00`, `2025-03-14 20:30:26Z`, `May 22, 2022 - 12:07:40 PM`,
//! `22 May 2022`, `Friday, 20 May 2022`, French `22 mai 2022` and `le 1er mai 2022 à 14h30`,
//! day-first numeric dates `20/5/22`, and RFC 2822 (`Fri, 20 May 2022 10:00:00 GMT`).
//! Month and weekday names are data (`data/months.tsv`, `data/weekdays.tsv`).
//!
//! The output keeps the precision and zone of the input: a date alone gives `2022-05-22`,
//! a local time `2022-05-22T12:07:40`, a zoned time `2022-05-22T12:07:40Z` or `...+02:00`.

use chrono::{DateTime, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::HashMap;

static MONTHS: Lazy<HashMap<String, u32>> = Lazy::new(|| {
    let mut m = HashMap::new();
    for line in include_str!("../data/months.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        if let Ok(n) = cols[1].parse::<u32>() {
            for name in cols[2].split(',') {
                m.insert(name.trim().to_string(), n);
            }
        }
    }
    m
});

static WEEKDAYS: Lazy<Vec<String>> = Lazy::new(|| {
    let mut v = Vec::new();
    for line in include_str!("../data/weekdays.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(names) = line.split('\t').nth(1) {
            v.extend(names.split(',').map(|s| s.trim().to_string()));
        }
    }
    v
});

static ISO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?)?$",
    )
    .unwrap()
});

static NUMERIC: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$").unwrap());

/// `22 may 2022`, `1er mai 2022`, `may 22 2022`, `may 22nd 2022`, each with an optional time.
static DAY_MONTH_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(\d{1,2})(?:st|nd|rd|th|er)?\s+([\p{L}]+)\.?\s+(\d{4})(?:\s+(.*))?$").unwrap()
});
static MONTH_DAY_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^([\p{L}]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})(?:\s+(.*))?$").unwrap()
});
/// `12:07:40 pm`, `14h30`, `9.30 a.m.`, with an optional zone.
static TIME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(\d{1,2})(?:[:h.](\d{2}))?(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?$",
    )
    .unwrap()
});

/// Normalise a date or date-time to ISO 8601, or `None` when `s` is not one.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    let lower = normalise(s);
    if let Some(c) = ISO.captures(&lower) {
        let date = ymd(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?)?;
        return Some(match c.get(4) {
            None => date,
            Some(_) => {
                let time = hms(
                    num(&c, 4)?,
                    num(&c, 5)?,
                    c.get(6).map_or(Some(0), |m| m.as_str().parse().ok())?,
                )?;
                format!("{date}T{time}{}", zone(c.get(7).map(|m| m.as_str())))
            }
        });
    }
    if let Some(c) = NUMERIC.captures(&lower) {
        let (a, b) = (num(&c, 1)?, num(&c, 2)?);
        let year = full_year(&c[3])?;
        // Day first, as in "20/5/22", unless that is impossible ("5/20/22").
        let (day, month) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
        return ymd(year, month, day);
    }
    let (day, month, year, rest) = if let Some(c) = DAY_MONTH_YEAR.captures(&lower) {
        (
            num(&c, 1)?,
            *MONTHS.get(&c[2])?,
            num(&c, 3)?,
            c.get(4).map(|m| m.as_str()),
        )
    } else if let Some(c) = MONTH_DAY_YEAR.captures(&lower) {
        (
            num(&c, 2)?,
            *MONTHS.get(&c[1])?,
            num(&c, 3)?,
            c.get(4).map(|m| m.as_str()),
        )
    } else {
        return None;
    };
    let date = ymd(year, month, day)?;
    match rest.map(str::trim).filter(|r| !r.is_empty()) {
        None => Some(date),
        Some(r) => {
            let c = TIME.captures(r)?;
            let mut hour = num(&c, 1)?;
            let minute = c.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?;
            let second = c.get(3).map_or(Some(0), |m| m.as_str().parse().ok())?;
            if let Some(ap) = c.get(4) {
                if hour == 0 || hour > 12 {
                    return None;
                }
                let pm = ap.as_str().starts_with('p');
                if pm && hour < 12 {
                    hour += 12;
                } else if !pm && hour == 12 {
                    hour = 0;
                }
            } else if c.get(2).is_none() {
                return None; // "22 May 2022 14" is not a time
            }
            let time = hms(hour, minute, second)?;
            Some(format!(
                "{date}T{time}{}",
                zone(c.get(5).map(|m| m.as_str()))
            ))
        }
    }
}

/// Lower-case, drop weekday names, "le"/"à"/"at"/"on", commas and the dash some sites put
/// between date and time, and collapse spaces.
fn normalise(s: &str) -> String {
    let lower = s.to_lowercase().replace(['\u{a0}', '\u{202f}'], " ");
    let mut words = Vec::new();
    for w in lower.split_whitespace() {
        let bare = w.trim_end_matches([',', ';']);
        let bare_no_dot = bare.trim_end_matches('.');
        if WEEKDAYS.iter().any(|d| d == bare_no_dot)
            || matches!(
                bare,
                "le" | "à"
                    | "a"
                    | "at"
                    | "on"
                    | "-"
                    | "–"
                    | "—"
                    | "|"
                    | "updated"
                    | "published"
                    | "publié"
            )
        {
            continue;
        }
        if bare.is_empty() {
            continue;
        }
        words.push(bare.to_string());
    }
    words.join(" ")
}

fn num(c: &regex::Captures<'_>, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

fn full_year(y: &str) -> Option<u32> {
    let n: u32 = y.parse().ok()?;
    Some(match y.len() {
        2 if n < 70 => 2000 + n,
        2 => 1900 + n,
        _ => n,
    })
}

fn ymd(year: u32, month: u32, day: u32) -> Option<String> {
    let d = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    if !(1800..=2200).contains(&year) {
        return None;
    }
    Some(d.format("%Y-%m-%d").to_string())
}

fn hms(h: u32, m: u32, s: u32) -> Option<String> {
    (h < 24 && m < 60 && s < 61).then(|| format!("{h:02}:{m:02}:{s:02}"))
}

fn zone(z: Option<&str>) -> String {
    match z {
        None => String::new(),
        Some("z" | "utc" | "gmt") => "Z".into(),
        Some(off) => {
            let digits: String = off.chars().filter(|c| c.is_ascii_digit()).collect();
            if digits == "0000" {
                "Z".into()
            } else {
                format!("{}{}:{}", &off[..1], &digits[..2], &digits[2..])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_date as p;

    #[test]
    fn seed_and_byline_dates() {
        assert_eq!(
            p("May 22, 2022 - 12:07:40 PM").as_deref(),
            Some("2022-05-22T12:07:40")
        );
        assert_eq!(p("20/5/22").as_deref(), Some("2022-05-20"));
        assert_eq!(p("5/20/22").as_deref(), Some("2022-05-20"));
        assert_eq!(
            p("May 22, 2022 - 12:07:40 AM").as_deref(),
            Some("2022-05-22T00:07:40")
        );
    }

    #[test]
    fn common_forms() {
        assert_eq!(p("22 May 2022").as_deref(), Some("2022-05-22"));
        assert_eq!(p("2022-05-22").as_deref(), Some("2022-05-22"));
        assert_eq!(p("22 mai 2022").as_deref(), Some("2022-05-22"));
        assert_eq!(
            p("le 1er mai 2022 à 14h30").as_deref(),
            Some("2022-05-01T14:30:00")
        );
        assert_eq!(p("vendredi 20 mai 2022").as_deref(), Some("2022-05-20"));
        assert_eq!(p("Friday, May 20, 2022").as_deref(), Some("2022-05-20"));
        assert_eq!(p("Sept. 3, 2021").as_deref(), Some("2021-09-03"));
        assert_eq!(
            p("2025-03-14 20:30:26Z").as_deref(),
            Some("2025-03-14T20:30:26Z")
        );
        assert_eq!(
            p("2022-05-20T10:00:00+02:00").as_deref(),
            Some("2022-05-20T10:00:00+02:00")
        );
        assert_eq!(
            p("2022-05-20T10:00:00+00:00").as_deref(),
            Some("2022-05-20T10:00:00Z")
        );
        assert_eq!(
            p("Fri, 20 May 2022 10:00:00 GMT").as_deref(),
            Some("2022-05-20T10:00:00Z")
        );
        assert_eq!(p("22 décembre 2021").as_deref(), Some("2021-12-22"));
    }

    #[test]
    fn rejects_non_dates() {
        for s in [
            "Africa",
            "May",
            "2022",
            "32 May 2022",
            "2022-13-01",
            "Terrorism Monitor",
            "",
            "May 22, 2022 hello",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
    }
}
