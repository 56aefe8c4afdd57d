//! Flag values checked before a query runs, so that a mistyped value is an error with a
//! suggestion rather than an empty table (issue 14): dates, country codes, claim statuses,
//! ACLED sub-event types and PLOVER types. The lists come from `data/ontology/`.

use anyhow::bail;
use chrono::NaiveDate;

const SUB_EVENTS: &str = include_str!("../../../../data/ontology/acled_sub_events.tsv");
const PLOVER_TYPES: &str = include_str!("../../../../data/ontology/plover_types.tsv");
const SUB_EVENT_HINTS: &str = include_str!("../../../../data/ontology/sub_event_hints.tsv");

/// The claim statuses the store knows.
pub const STATUSES: [&str; 5] = ["asserted", "reported", "claimed", "alleged", "denied"];

/// First column (or `col`) of a data file's non-comment lines.
fn column(data: &'static str, col: usize) -> Vec<&'static str> {
    let mut v: Vec<&str> = data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').nth(col))
        .map(str::trim)
        .collect();
    v.dedup();
    v
}

/// ACLED's 25 sub-event types.
pub fn sub_event_types() -> Vec<&'static str> {
    column(SUB_EVENTS, 1)
}

/// The closest `n` candidates to `given` (Jaro-Winkler on lower case), best first.
fn closest<'a>(given: &str, candidates: &[&'a str], n: usize) -> Vec<&'a str> {
    let g = given.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .iter()
        .map(|c| {
            let lc = c.to_lowercase();
            let mut s = strsim::jaro_winkler(&g, &lc);
            if lc.contains(&g) || g.contains(&lc) {
                s += 0.2;
            }
            (s, *c)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// A `YYYY-MM-DD` date given to `flag`.
pub fn date(flag: &str, s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        let hint = if s.len() == 7 {
            format!(" (a month? give its first or last day, e.g. {s}-01)")
        } else if s.len() == 4 {
            format!(" (a year? give {s}-01-01 or {s}-12-31)")
        } else {
            String::new()
        };
        anyhow::anyhow!("{flag} {s:?} is not a date: use YYYY-MM-DD{hint}")
    })
}

/// An ISO 3166-1 country code (alpha-2, or alpha-3 turned into alpha-2). A country's name
/// is refused with its code as the suggestion.
pub fn country(s: &str) -> anyhow::Result<String> {
    let t = s.trim();
    if t.len() <= 3 {
        if let Some(c) = khaldun_geo::country(t) {
            return Ok(c.iso2.to_string());
        }
    }
    let fold = |x: &str| khaldun_geo::fold::fold(x);
    let all = khaldun_geo::countries();
    if let Some(c) = all
        .iter()
        .find(|c| c.names().iter().any(|n| fold(n) == fold(t)))
    {
        bail!(
            "--country takes an ISO 3166-1 alpha-2 code: did you mean --country {} ({})?",
            c.iso2,
            c.name_en
        );
    }
    let names: Vec<&str> = all.iter().map(|c| c.name_en).collect();
    let near: Vec<String> = closest(t, &names, 3)
        .into_iter()
        .filter_map(|n| all.iter().find(|c| c.name_en == n))
        .map(|c| format!("{} ({})", c.iso2, c.name_en))
        .collect();
    bail!(
        "unknown country {t:?}: --country takes an ISO 3166-1 alpha-2 code such as ML; closest: {}",
        near.join(", ")
    )
}

/// A first-level admin unit's name (in `country` when given), put in the
/// gazetteer's spelling, which is the store's ("mopti" → "Mopti"). An
/// unknown name is an error with the nearest units as suggestions.
pub fn admin1(s: &str, country: Option<&str>) -> anyhow::Result<String> {
    use khaldun_geo::{Gazetteer, Kind};
    let g = Gazetteer::embedded();
    let in_country =
        |e: &&khaldun_geo::Entry| country.is_none_or(|c| e.country.eq_ignore_ascii_case(c));
    if let Some(e) = g
        .lookup(s.trim())
        .into_iter()
        .filter(in_country)
        .find(|e| e.kind == Kind::Admin1)
    {
        return Ok(e.name.to_string());
    }
    let near: Vec<String> = g
        .search(s.trim(), country, 50)
        .into_iter()
        .filter(|e| e.kind == Kind::Admin1)
        .take(3)
        .map(|e| format!("{} ({})", e.name, e.country))
        .collect();
    let scope = country.map(|c| format!(" in {c}")).unwrap_or_default();
    if near.is_empty() {
        bail!("unknown first-level admin unit {s:?}{scope}: --admin1 takes a region or province name such as Mopti (`khaldun places NAME` looks names up)")
    }
    bail!(
        "unknown first-level admin unit {s:?}{scope}; closest: {}",
        near.join(", ")
    )
}

/// Comma-separated claim statuses.
pub fn statuses(s: &str) -> anyhow::Result<String> {
    let mut out = Vec::new();
    for v in s.split(',').map(|v| v.trim().to_lowercase()) {
        if !STATUSES.contains(&v.as_str()) {
            let hint = match v.as_str() {
                "confirmed" | "verified" | "true" | "fact" => {
                    " (Khaldun does not verify events; 'asserted' is an event told in the reporter's own voice)"
                }
                _ => "",
            };
            bail!("unknown status {v:?}: one of {}{hint}", STATUSES.join(", "));
        }
        out.push(v);
    }
    Ok(out.join(","))
}

/// An ACLED sub-event type, in ACLED's spelling.
pub fn sub_type(s: &str) -> anyhow::Result<String> {
    let all = sub_event_types();
    if let Some(t) = all.iter().find(|t| t.eq_ignore_ascii_case(s.trim())) {
        return Ok((*t).to_string());
    }
    // an everyday word ACLED files under other names ("ambush" → "Armed clash", "Attack")
    let word = s.trim().to_lowercase();
    let hinted: Vec<&str> = SUB_EVENT_HINTS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(w, _)| word == *w || word.trim_end_matches('s') == *w)
        .map(|(_, types)| types.split('|').collect())
        .unwrap_or_default();
    let (how, names) = if hinted.is_empty() {
        ("closest", closest(s, &all, 3))
    } else {
        ("ACLED codes it as", hinted)
    };
    bail!(
        "{s:?} is not an ACLED sub-event type; {how}: {} (all 25: data/ontology/acled_sub_events.tsv)",
        names
            .iter()
            .map(|t| format!("{t:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Comma-separated PLOVER event types, upper case.
pub fn plover_types(s: &str) -> anyhow::Result<String> {
    let all = column(PLOVER_TYPES, 0);
    let mut out = Vec::new();
    for v in s.split(',').map(|v| v.trim().to_uppercase()) {
        if !all.contains(&v.as_str()) {
            bail!(
                "unknown PLOVER type {v:?}; closest: {} (all: {})",
                closest(&v, &all, 2).join(", "),
                all.join(", ")
            );
        }
        out.push(v);
    }
    Ok(out.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_names_suggest_their_code() {
        assert_eq!(country("ml").unwrap(), "ML");
        assert_eq!(country("MLI").unwrap(), "ML");
        let e = country("Mali").unwrap_err().to_string();
        assert!(e.contains("--country ML"), "{e}");
        let e = country("Burkina").unwrap_err().to_string();
        assert!(e.contains("BF"), "{e}");
    }

    #[test]
    fn statuses_and_sub_types_are_checked() {
        assert_eq!(statuses("Claimed, denied").unwrap(), "claimed,denied");
        assert!(statuses("confirmed")
            .unwrap_err()
            .to_string()
            .contains("asserted"));
        assert_eq!(sub_type("suicide bomb").unwrap(), "Suicide bomb");
        let e = sub_type("Ambush").unwrap_err().to_string();
        assert!(
            e.contains("\"Armed clash\"") && e.contains("\"Attack\""),
            "{e}"
        );
        let e = sub_type("Armed clsh").unwrap_err().to_string();
        assert!(e.contains("closest: \"Armed clash\""), "{e}");
        assert_eq!(sub_event_types().len(), 25);
        assert!(plover_types("assault,protest").is_ok());
        assert!(plover_types("ATTACK").is_err());
    }

    #[test]
    fn admin1_names_are_checked_and_spelled_as_stored() {
        assert_eq!(admin1("mopti", Some("ML")).unwrap(), "Mopti");
        assert_eq!(admin1("Ségou", None).unwrap(), "Ségou");
        let e = admin1("Mopty", Some("ML")).unwrap_err().to_string();
        assert!(e.contains("unknown first-level admin unit"), "{e}");
        // a town is no admin unit
        assert!(admin1("Boni", Some("ML")).is_err());
    }

    #[test]
    fn dates_must_be_days() {
        assert!(date("--from", "2024-03-01").is_ok());
        let e = date("--from", "2024-13-01").unwrap_err().to_string();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
        assert!(date("--to", "2024-03")
            .unwrap_err()
            .to_string()
            .contains("2024-03-01"));
    }
}
