//! Country table (`data/countries/countries.tsv`), compiled into the binary.

use std::sync::OnceLock;

/// One country or territory, with English and French names and demonyms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 ("ML").
    pub iso2: &'static str,
    /// ISO 3166-1 alpha-3 ("MLI").
    pub iso3: &'static str,
    pub name_en: &'static str,
    pub name_fr: &'static str,
    /// English adjective ("Malian"); empty when none.
    pub demonym_en: &'static str,
    /// French adjective, masculine singular ("malien"); empty when none.
    pub demonym_fr_m: &'static str,
    pub demonym_fr_f: &'static str,
    pub demonym_fr_mpl: &'static str,
    pub demonym_fr_fpl: &'static str,
    pub capital_en: &'static str,
    pub capital_fr: &'static str,
    /// Other English names ("DRC", "DR Congo"...).
    pub aliases_en: Vec<&'static str>,
    pub aliases_fr: Vec<&'static str>,
    /// ISO2 codes of the countries it shares a land border with (GeoNames).
    pub neighbours: Vec<&'static str>,
}

impl Country {
    /// Every English and French name and alias (not demonyms), deduplicated.
    pub fn names(&self) -> Vec<&'static str> {
        let mut v = vec![self.name_en, self.name_fr];
        v.extend(self.aliases_en.iter().copied());
        v.extend(self.aliases_fr.iter().copied());
        v.retain(|s| !s.is_empty());
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Every demonym form (English and the four French forms), deduplicated.
    pub fn demonyms(&self) -> Vec<&'static str> {
        let mut v = vec![
            self.demonym_en,
            self.demonym_fr_m,
            self.demonym_fr_f,
            self.demonym_fr_mpl,
            self.demonym_fr_fpl,
        ];
        v.retain(|s| !s.is_empty());
        v.sort_unstable();
        v.dedup();
        v
    }
}

const COUNTRIES_TSV: &str = include_str!("../../../data/countries/countries.tsv");

fn split_list(s: &'static str) -> Vec<&'static str> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

fn parse(tsv: &'static str) -> Vec<Country> {
    let mut out = Vec::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&'static str> = line.split('\t').collect();
        if f.len() < 13 || f[0].len() != 2 {
            continue;
        }
        out.push(Country {
            iso2: f[0],
            iso3: f[1],
            name_en: f[2],
            name_fr: f[3],
            demonym_en: f[4],
            demonym_fr_m: f[5],
            demonym_fr_f: f[6],
            demonym_fr_mpl: f[7],
            demonym_fr_fpl: f[8],
            capital_en: f[9],
            capital_fr: f[10],
            aliases_en: split_list(f[11]),
            aliases_fr: split_list(f[12]),
            neighbours: f.get(13).map_or_else(Vec::new, |s| split_list(s)),
        });
    }
    out
}

/// All countries and territories, parsed once per process (about 250 rows).
pub fn countries() -> &'static [Country] {
    static C: OnceLock<Vec<Country>> = OnceLock::new();
    C.get_or_init(|| parse(COUNTRIES_TSV))
}

/// Whether two countries (ISO2) share a land border.
pub fn neighbours(a: &str, b: &str) -> bool {
    country(a).is_some_and(|c| c.neighbours.contains(&b))
}

/// The country with this ISO 3166-1 alpha-2 or alpha-3 code (case-insensitive).
pub fn country(code: &str) -> Option<&'static Country> {
    static BY_CODE: OnceLock<std::collections::HashMap<String, usize>> = OnceLock::new();
    let map = BY_CODE.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        for (i, c) in countries().iter().enumerate() {
            m.entry(c.iso2.to_ascii_uppercase()).or_insert(i);
            m.entry(c.iso3.to_ascii_uppercase()).or_insert(i);
        }
        m
    });
    let key = if code.bytes().all(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(code)
    } else {
        std::borrow::Cow::Owned(code.to_ascii_uppercase())
    };
    map.get(key.as_ref()).map(|&i| &countries()[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_complete() {
        let c = countries();
        assert!(c.len() >= 250, "{}", c.len());
        let ml = country("ML").unwrap();
        assert_eq!(ml.iso3, "MLI");
        assert_eq!(ml.demonym_en, "Malian");
        assert_eq!(ml.demonym_fr_f, "malienne");
        assert_eq!(ml.demonym_fr_fpl, "maliennes");
        let bj = country("ben").unwrap();
        assert_eq!(bj.name_fr, "Bénin");
        assert_eq!(bj.demonym_fr_mpl, "béninois");
        assert_eq!(bj.demonym_fr_fpl, "béninoises");
        let cd = country("CD").unwrap();
        assert!(cd.aliases_en.contains(&"DRC"));
        assert!(country("CI").unwrap().names().contains(&"Côte d'Ivoire"));
        assert_eq!(country("NE").unwrap().demonym_en, "Nigerien");
        assert_eq!(country("NG").unwrap().demonym_en, "Nigerian");
        assert!(neighbours("SD", "SS") && neighbours("ML", "BF"));
        assert!(!neighbours("GB", "AU"));
    }

    #[test]
    fn every_sovereign_state_has_demonyms() {
        // Territories may lack demonyms, but these UN members must not.
        for code in [
            "ML", "BF", "NE", "TD", "NG", "CM", "SO", "SD", "SS", "CF", "MZ", "US", "GB", "FR",
        ] {
            let c = country(code).unwrap();
            assert!(!c.demonym_en.is_empty(), "{code}");
            assert!(!c.demonym_fr_m.is_empty(), "{code}");
            assert!(!c.demonym_fr_fpl.is_empty(), "{code}");
            assert!(!c.name_fr.is_empty(), "{code}");
        }
    }
}
