//! Knowledge-base records and the parsers of the data files under `data/actors/`.
//! Parsers never panic: malformed lines are skipped and reported as warnings.

use std::collections::HashMap;

/// What part of the knowledge base a record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// A country's military, police or government, generated from `data/countries/countries.tsv`.
    State,
    /// A named non-state armed group, militia, gang, cartel or private military company
    /// (`data/actors/groups/*.tsv`).
    Group,
    /// An international organisation, peace operation or multinational force
    /// (`data/actors/international.tsv`).
    International,
    /// A generic class: gunmen, militants, civilians, farmers... (`data/actors/generic.tsv`).
    Generic,
}

/// Branch of a country's state apparatus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Branch {
    Military,
    Police,
    Government,
}

impl Branch {
    pub fn as_str(self) -> &'static str {
        match self {
            Branch::Military => "military",
            Branch::Police => "police",
            Branch::Government => "government",
        }
    }
    pub fn parse(s: &str) -> Option<Branch> {
        match s {
            "military" => Some(Branch::Military),
            "police" => Some(Branch::Police),
            "government" => Some(Branch::Government),
            _ => None,
        }
    }
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// One affiliation: the actor is part of / pledged to `parent` from `from` to `to` (years).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affiliation {
    pub parent: String,
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl Affiliation {
    /// True when the link holds in `year` (open ends hold forever).
    pub fn holds_in(&self, year: i32) -> bool {
        self.from.is_none_or(|f| f <= year) && self.to.is_none_or(|t| year <= t)
    }
}

/// A coding that holds for a period only (`data/actors/periods.tsv`): within `from..=to`
/// (`YYYY-MM-DD`, open when `None`) the actor carries this inter code, sector and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub id: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub inter: u8,
    pub sector: Option<String>,
    pub name: Option<String>,
}

impl Period {
    /// True when the period holds on `date` (`YYYY-MM-DD`; a shorter date compares by its
    /// first day: "2021" is 2021-01-01).
    pub fn holds_on(&self, date: &str) -> bool {
        let d = match date.len() {
            4 => format!("{date}-01-01"),
            7 => format!("{date}-01"),
            _ => date.to_string(),
        };
        self.from.as_deref().is_none_or(|f| f <= d.as_str())
            && self.to.as_deref().is_none_or(|t| d.as_str() <= t)
    }
}

/// A bound of a period: `YYYY-MM-DD`, or `YYYY` (its first or last day), or `-` (open).
fn period_bound(s: &str, end: bool) -> Result<Option<String>, ()> {
    let s = s.trim();
    if s.is_empty() || s == "-" {
        return Ok(None);
    }
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 && digits(y) => Ok(Some(if end {
            format!("{y}-12-31")
        } else {
            format!("{y}-01-01")
        })),
        [y, m, d]
            if y.len() == 4
                && m.len() == 2
                && d.len() == 2
                && [y, m, d].iter().all(|p| digits(p)) =>
        {
            Ok(Some(s.to_string()))
        }
        _ => Err(()),
    }
}

/// Parse `periods.tsv` (6 columns: id, from, to, inter, sector, name).
pub(crate) fn parse_periods(text: &str, warnings: &mut Vec<String>) -> Vec<Period> {
    let mut out = Vec::new();
    for (line, l) in data_lines(text, "id") {
        let f: Vec<&str> = l.split('\t').map(str::trim).collect();
        if f.len() != 6 {
            warnings.push(format!(
                "periods.tsv:{line}: expected 6 columns, found {}",
                f.len()
            ));
            continue;
        }
        let (Ok(from), Ok(to)) = (period_bound(f[1], false), period_bound(f[2], true)) else {
            warnings.push(format!(
                "periods.tsv:{line}: bad dates {:?} {:?}",
                f[1], f[2]
            ));
            continue;
        };
        let Ok(inter) = f[3].parse::<u8>() else {
            warnings.push(format!("periods.tsv:{line}: bad inter code {:?}", f[3]));
            continue;
        };
        let opt = |s: &str| (!s.is_empty() && s != "-").then(|| s.to_string());
        out.push(Period {
            id: f[0].to_string(),
            from,
            to,
            inter,
            sector: opt(f[4]),
            name: opt(f[5]),
        });
    }
    out
}

/// One actor of the knowledge base.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorRecord {
    /// Stable slug: `jnim`, `isgs`, `wagner-group`, `ml-military`, `civilians`.
    pub id: String,
    /// Canonical name ("Military Forces of Mali", "Jama'at Nusrat al-Islam wal-Muslimin").
    pub name: String,
    /// ACLED inter code 1-8.
    pub inter: u8,
    /// PLOVER sector (`MIL`, `COP`, `GOV`, `REB`, `PRM`, `CRM`, `UAF`, `CVL`...).
    pub sector: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
    /// Names it goes by (English, French, acronyms, transliterations), as written in the data.
    pub aliases: Vec<String>,
    /// Direct affiliations (parents), with years.
    pub affiliations: Vec<Affiliation>,
    pub description: String,
    pub category: Category,
    /// For state actors: the branch.
    pub branch: Option<Branch>,
}

impl ActorRecord {
    /// The record as a model [`khaldun_model::Actor`].
    pub fn to_actor(&self) -> khaldun_model::Actor {
        khaldun_model::Actor {
            id: Some(self.id.clone()),
            name: self.name.clone(),
            inter: (self.inter > 0).then_some(self.inter),
            sector: (!self.sector.is_empty()).then(|| self.sector.clone()),
            country: self.country.clone(),
            identity: None,
        }
    }

    /// True for named non-state armed groups, militias, gangs and PMCs (ACLED inter 2, 3, 4,
    /// or an inter-8 private military company).
    pub fn is_non_state_armed_group(&self) -> bool {
        self.category == Category::Group
            && (matches!(self.inter, 2..=4) || (self.inter == 8 && self.sector == "PRM"))
    }
}

/// A country row of `data/countries/countries.tsv`.
#[derive(Debug, Clone, Default)]
pub struct Country {
    pub iso2: String,
    pub name_en: String,
    pub name_fr: String,
    /// English adjectives ("Malian"; extras from `state-aliases.tsv`, "U.S.").
    pub adj_en: Vec<String>,
    /// French adjectives, every gender and number ("malien", "maliennes").
    pub adj_fr: Vec<String>,
    /// Names for "X's army", "l'armée du X" and metonymy ("Mali", "DRC", "RDC").
    pub names: Vec<String>,
    pub capitals: Vec<String>,
}

fn split_list(s: &str) -> Vec<String> {
    let s = s.trim();
    if s.is_empty() || s == "-" {
        return Vec::new();
    }
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Data lines of a TSV file: no comments, no blank lines, no header (first field `header`).
fn data_lines<'a>(text: &'a str, header: &'a str) -> impl Iterator<Item = (usize, &'a str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(move |(_, l)| {
            !l.trim().is_empty() && !l.starts_with('#') && l.split('\t').next() != Some(header)
        })
}

/// Parse `affil@2017-2022` items.
fn parse_affiliations(
    s: &str,
    file: &str,
    line: usize,
    warnings: &mut Vec<String>,
) -> Vec<Affiliation> {
    let mut out = Vec::new();
    for item in split_list(s) {
        let (parent, years) = match item.split_once('@') {
            Some((p, y)) => (p.trim(), Some(y.trim())),
            None => (item.as_str(), None),
        };
        let (mut from, mut to) = (None, None);
        if let Some(y) = years {
            let (a, b) = y.split_once('-').unwrap_or((y, y));
            from = a.trim().parse().ok();
            to = b.trim().parse().ok();
            if from.is_none() && !a.trim().is_empty() {
                warnings.push(format!("{file}:{line}: bad affiliation years {item:?}"));
            }
        }
        out.push(Affiliation {
            parent: parent.to_string(),
            from,
            to,
        });
    }
    out
}

/// Parse an actor file (8 columns: id, name, inter, sector, country, aliases, affiliations,
/// description).
pub(crate) fn parse_actor_file(
    text: &str,
    file: &str,
    category: Category,
    warnings: &mut Vec<String>,
) -> Vec<ActorRecord> {
    let mut out = Vec::new();
    for (line, l) in data_lines(text, "id") {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() != 8 {
            warnings.push(format!(
                "{file}:{line}: expected 8 columns, found {}",
                f.len()
            ));
            continue;
        }
        let inter: u8 = match f[2].trim().parse() {
            Ok(v) if v <= 8 => v,
            _ => {
                warnings.push(format!("{file}:{line}: bad inter code {:?}", f[2]));
                continue;
            }
        };
        let id = f[0].trim();
        if id.is_empty() {
            warnings.push(format!("{file}:{line}: empty id"));
            continue;
        }
        let opt = |s: &str| {
            let s = s.trim();
            (!s.is_empty() && s != "-").then(|| s.to_string())
        };
        out.push(ActorRecord {
            id: id.to_string(),
            name: f[1].trim().to_string(),
            inter,
            sector: opt(f[3]).unwrap_or_default(),
            country: opt(f[4]).map(|c| c.to_ascii_uppercase()),
            aliases: split_list(f[5]),
            affiliations: parse_affiliations(f[6], file, line, warnings),
            description: opt(f[7]).unwrap_or_default(),
            category,
            branch: None,
        });
    }
    out
}

/// Parse `countries.tsv` (header names the columns; looked up by name).
pub(crate) fn parse_countries(text: &str, warnings: &mut Vec<String>) -> Vec<Country> {
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let Some(header) = lines.next() else {
        warnings.push("countries.tsv: empty".into());
        return Vec::new();
    };
    let cols: HashMap<&str, usize> = header
        .split('\t')
        .enumerate()
        .map(|(i, c)| (c.trim(), i))
        .collect();
    let col = |f: &[&str], name: &str| -> String {
        cols.get(name)
            .and_then(|&i| f.get(i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for l in lines {
        let f: Vec<&str> = l.trim_end_matches('\r').split('\t').collect();
        let iso2 = col(&f, "iso2").to_ascii_uppercase();
        if iso2.len() != 2 {
            warnings.push(format!("countries.tsv: bad iso2 in {l:?}"));
            continue;
        }
        let mut c = Country {
            iso2,
            name_en: col(&f, "name_en"),
            name_fr: col(&f, "name_fr"),
            ..Default::default()
        };
        let push = |v: &mut Vec<String>, s: String| {
            if !s.is_empty() && !v.contains(&s) {
                v.push(s);
            }
        };
        push(&mut c.adj_en, col(&f, "demonym_en"));
        for k in [
            "demonym_fr_m",
            "demonym_fr_f",
            "demonym_fr_mpl",
            "demonym_fr_fpl",
        ] {
            push(&mut c.adj_fr, col(&f, k));
        }
        push(&mut c.names, c.name_en.clone());
        push(&mut c.names, c.name_fr.clone());
        for a in split_list(&col(&f, "aliases_en"))
            .into_iter()
            .chain(split_list(&col(&f, "aliases_fr")))
        {
            push(&mut c.names, a);
        }
        push(&mut c.capitals, col(&f, "capital_en"));
        push(&mut c.capitals, col(&f, "capital_fr"));
        out.push(c);
    }
    out
}

/// One row of `state-aliases.tsv`.
pub(crate) struct StateAlias {
    pub iso2: String,
    pub kind: String,
    pub forms: Vec<String>,
}

pub(crate) fn parse_state_aliases(text: &str, warnings: &mut Vec<String>) -> Vec<StateAlias> {
    let mut out = Vec::new();
    for (line, l) in data_lines(text, "iso2") {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() != 3 {
            warnings.push(format!("state-aliases.tsv:{line}: expected 3 columns"));
            continue;
        }
        let kind = f[1].trim();
        if Branch::parse(kind).is_none() && !matches!(kind, "adj_en" | "adj_fr" | "name") {
            warnings.push(format!("state-aliases.tsv:{line}: unknown kind {kind:?}"));
            continue;
        }
        out.push(StateAlias {
            iso2: f[0].trim().to_ascii_uppercase(),
            kind: kind.to_string(),
            forms: split_list(f[2]),
        });
    }
    out
}

/// One row of `state-heads.tsv`.
pub(crate) struct StateHeadRow {
    pub lang: Lang,
    pub branch: Branch,
    pub standalone: bool,
    /// An attack noun ("shelling", "frappes"): author only through a qualifier before it
    /// (English) or an adjective after it (French), never through "of".
    pub event: bool,
    pub forms: Vec<String>,
}

/// Language of a head noun or adjective: English qualifiers come before the noun,
/// French adjectives after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Fr,
}

pub(crate) fn parse_state_heads(text: &str, warnings: &mut Vec<String>) -> Vec<StateHeadRow> {
    let mut out = Vec::new();
    for (line, l) in data_lines(text, "lang") {
        let f: Vec<&str> = l.split('\t').collect();
        let parsed = (f.len() == 4)
            .then(|| {
                let lang = match f[0].trim() {
                    "en" => Lang::En,
                    "fr" => Lang::Fr,
                    _ => return None,
                };
                Some(StateHeadRow {
                    lang,
                    branch: Branch::parse(f[1].trim())?,
                    standalone: f[2].trim() == "yes",
                    event: f[2].trim() == "event",
                    forms: split_list(f[3]),
                })
            })
            .flatten();
        match parsed {
            Some(r) => out.push(r),
            None => warnings.push(format!("state-heads.tsv:{line}: malformed line")),
        }
    }
    out
}

/// `identities.tsv`: (label, forms).
pub(crate) fn parse_identities(
    text: &str,
    warnings: &mut Vec<String>,
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (line, l) in data_lines(text, "label") {
        match l.split_once('\t') {
            Some((label, forms)) if !label.trim().is_empty() => {
                out.push((label.trim().to_string(), split_list(forms)))
            }
            _ => warnings.push(format!("identities.tsv:{line}: malformed line")),
        }
    }
    out
}

/// One-word-a-line list (`#` comments).
pub(crate) fn parse_word_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_lines_parse_and_bad_lines_warn() {
        let mut w = Vec::new();
        let t = "# c\nid\tname\tinter\tsector\tcountry\taliases\taffiliations\tdescription\n\
                 a\tA\t2\tREB\tml\tA1|A2\tb@2017-|c@2019-2022\tdesc\n\
                 bad\tline\n\
                 x\tX\t12\tREB\t-\t-\t-\t-\n";
        let r = parse_actor_file(t, "t", Category::Group, &mut w);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].country.as_deref(), Some("ML"));
        assert_eq!(r[0].aliases, vec!["A1", "A2"]);
        assert_eq!(
            r[0].affiliations[0],
            Affiliation {
                parent: "b".into(),
                from: Some(2017),
                to: None
            }
        );
        assert!(r[0].affiliations[1].holds_in(2020));
        assert!(!r[0].affiliations[1].holds_in(2023));
        assert_eq!(w.len(), 2, "{w:?}");
    }

    #[test]
    fn garbage_never_panics() {
        let mut w = Vec::new();
        for t in [
            "",
            "\t\t\t",
            "id\n\u{0}\t@@@\t-",
            "a\tb\t9\tc\td\te\tf@x-y\th",
        ] {
            parse_actor_file(t, "t", Category::Group, &mut w);
            parse_countries(t, &mut w);
            parse_state_aliases(t, &mut w);
            parse_state_heads(t, &mut w);
            parse_identities(t, &mut w);
        }
    }
}
