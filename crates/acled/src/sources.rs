//! ACLED's `source_scale` from the kinds of an event's sources (`data/sources/outlets.tsv`).
//!
//! ACLED gives each source a scale relative to the event: a national outlet reporting on its
//! own country is National, on a neighbour in the same region Regional, farther away
//! International; wires and world broadcasters are International; social media accounts are
//! New media; NGO, UN and think-tank reports Other. An event's scale joins its sources' scales,
//! narrowest first ("New media-National", "National-International").

use std::collections::HashMap;
use std::sync::OnceLock;

const OUTLETS: &str = include_str!("../../../data/sources/outlets.tsv");

/// The kind of a source, as the outlet table gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    International,
    Regional,
    National,
    Subnational,
    NewMedia,
    Other,
}

impl SourceKind {
    fn parse(s: &str) -> Option<SourceKind> {
        Some(match s {
            "international" => SourceKind::International,
            "regional" => SourceKind::Regional,
            "national" => SourceKind::National,
            "subnational" => SourceKind::Subnational,
            "new media" => SourceKind::NewMedia,
            "other" => SourceKind::Other,
            _ => return None,
        })
    }
}

/// ACLED's scale names, narrowest first: the order of a joined value.
const SCALES: [&str; 7] = [
    "Local partner",
    "Other",
    "New media",
    "Subnational",
    "National",
    "Regional",
    "International",
];

#[derive(Debug, Clone, Copy)]
struct Outlet {
    kind: SourceKind,
    country: Option<&'static str>,
}

#[derive(Default)]
struct Table {
    exact: HashMap<String, Outlet>,
    prefix: Vec<(String, Outlet)>,
    suffix: Vec<(String, Outlet)>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Table::default();
        for f in crate::data_lines(OUTLETS, "name") {
            let (Some(name), Some(kind)) = (f.first(), f.get(1).and_then(|k| SourceKind::parse(k)))
            else {
                continue;
            };
            let country = f.get(2).copied().filter(|c| !c.is_empty() && *c != "-");
            let outlet = Outlet { kind, country };
            let aliases = f.get(3).copied().unwrap_or("-");
            let names = std::iter::once(*name).chain(aliases.split('|').filter(|a| *a != "-"));
            for n in names {
                let n = n.trim().to_lowercase();
                if let Some(p) = n.strip_suffix('*') {
                    t.prefix.push((p.to_string(), outlet));
                } else if let Some(s) = n.strip_prefix('*') {
                    t.suffix.push((s.to_string(), outlet));
                } else if !n.is_empty() {
                    t.exact.entry(n).or_insert(outlet);
                }
            }
        }
        t
    })
}

/// The web domain a source name may be ("https://www.dawn.com/news/1" → "dawn.com").
fn domain(name: &str) -> Option<String> {
    let n = name.trim().to_lowercase();
    let n = n
        .strip_prefix("https://")
        .or_else(|| n.strip_prefix("http://"))
        .unwrap_or(&n);
    let n = n.strip_prefix("www.").unwrap_or(n);
    let host = n.split('/').next().unwrap_or_default();
    let ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    ok.then(|| host.to_string())
}

/// Kind and country of a source name: an outlet of the table (name, alias, `Prefix*`,
/// `*.domain`), else a web domain under a country-code top-level domain (a national outlet of
/// that country; `.uk` is GB). `None` for anything else (authors, "residents").
pub fn source_kind(name: &str) -> Option<(SourceKind, Option<&'static str>)> {
    let t = table();
    let low = name.trim().to_lowercase();
    let found = t.exact.get(&low).copied().or_else(|| {
        t.prefix
            .iter()
            .find(|(p, _)| low.starts_with(p.as_str()))
            .map(|(_, o)| *o)
    });
    if let Some(o) = found {
        return Some((o.kind, o.country));
    }
    let host = domain(name)?;
    if let Some(o) = t.exact.get(&host) {
        return Some((o.kind, o.country));
    }
    if let Some((_, o)) = t.suffix.iter().find(|(s, _)| host.ends_with(s.as_str())) {
        return Some((o.kind, o.country));
    }
    let tld = host.rsplit('.').next().unwrap_or_default();
    let iso2 = if tld == "uk" {
        "GB".to_string()
    } else {
        tld.to_ascii_uppercase()
    };
    if tld.len() == 2 && crate::country(&iso2).is_some() {
        // the table's spelling, so that the &'static str outlives this call
        let code = crate::countries::static_code(&iso2)?;
        return Some((SourceKind::National, Some(code)));
    }
    None
}

/// ACLED scale of one source for an event in `event_country` (ISO alpha-2, if known).
fn scale(
    kind: SourceKind,
    outlet_country: Option<&str>,
    event_country: Option<&str>,
) -> &'static str {
    let local = match kind {
        SourceKind::International => return "International",
        SourceKind::Regional => return "Regional",
        SourceKind::NewMedia => return "New media",
        SourceKind::Other => return "Other",
        SourceKind::National => "National",
        SourceKind::Subnational => "Subnational",
    };
    let (Some(oc), Some(ec)) = (outlet_country, event_country) else {
        return local;
    };
    if oc.eq_ignore_ascii_case(ec) {
        return local;
    }
    let region = |c: &str| crate::country(c).map(|c| c.region);
    match (region(oc), region(ec)) {
        (Some(a), Some(b)) if a == b => "Regional",
        _ => "International",
    }
}

/// ACLED's `source_scale` for an event reported by `sources` (names as in the `source`
/// column) in `event_country`: the scales of the recognised sources, narrowest first, joined
/// with `-`; with more than two, the narrowest and the widest ("New media-International").
/// Empty when no source is recognised.
pub fn source_scale<'a>(
    sources: impl IntoIterator<Item = &'a str>,
    event_country: Option<&str>,
) -> String {
    let mut seen = [false; SCALES.len()];
    for s in sources {
        if let Some((kind, oc)) = source_kind(s) {
            let sc = scale(kind, oc, event_country);
            if let Some(i) = SCALES.iter().position(|x| *x == sc) {
                seen[i] = true;
            }
        }
    }
    let found: Vec<&str> = SCALES
        .iter()
        .zip(seen)
        .filter(|(_, s)| *s)
        .map(|(n, _)| *n)
        .collect();
    match found.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [first, .., last] => format!("{first}-{last}"),
    }
}
