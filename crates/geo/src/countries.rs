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
        });
    }
    out
}

/// All countries and territories, parsed once per process (about 250 rows).
pub fn countries() -> &'static [Country] {
    static C: OnceLock<Vec<Country>> = OnceLock::new();
    C.get_or_init(|| parse(COUNTRIES_TSV))
}

/// The country with this ISO 3166-1 alpha-2 or alpha-3 code (case-insensitive).
pub fn country(code: &str) -> Option<&'static Country> {
    countries()
        .iter()
        .find(|c| c.iso2.eq_ignore_ascii_case(code) || c.iso3.eq_ignore_ascii_case(code))
}

const REFERENCE_POINTS_TSV: &str = include_str!("../../../data/countries/reference-points.tsv");

/// Parse `iso2 \t lat \t lon \t source` rows (header skipped); bad rows are skipped.
fn parse_reference_points(tsv: &'static str) -> Vec<(&'static str, f32, f32)> {
    let mut out = Vec::new();
    for line in tsv.lines().skip(1) {
        let mut f = line.split('\t');
        let (Some(iso2), Some(lat), Some(lon)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let iso2 = iso2.trim();
        let (Ok(lat), Ok(lon)) = (lat.trim().parse::<f32>(), lon.trim().parse::<f32>()) else {
            continue;
        };
        if iso2.len() != 2 || !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            continue;
        }
        out.push((iso2, lat, lon));
    }
    out
}

/// Conventional representative points of countries (`data/countries/reference-points.tsv`:
/// the CIA World Factbook's "Geographic coordinates"), as `(iso2, lat, lon)`; parsed once
/// per process. Countries missing here keep the gazetteer's computed point.
pub fn reference_points() -> &'static [(&'static str, f32, f32)] {
    static P: OnceLock<Vec<(&'static str, f32, f32)>> = OnceLock::new();
    P.get_or_init(|| parse_reference_points(REFERENCE_POINTS_TSV))
}

/// The reference point `(lat, lon)` of a country by ISO 3166-1 alpha-2 code, when listed.
pub fn reference_point(iso2: &str) -> Option<(f32, f32)> {
    reference_points()
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(iso2))
        .map(|&(_, lat, lon)| (lat, lon))
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

    #[test]
    fn reference_points_are_factbook_values() {
        let p = reference_points();
        assert!(p.len() >= 200, "{}", p.len());
        // every code is a country of the table, listed once
        for (i, (c, _, _)) in p.iter().enumerate() {
            assert!(country(c).is_some(), "{c}");
            assert!(!p[..i].iter().any(|(d, _, _)| d == c), "{c} twice");
        }
        assert_eq!(reference_point("CA"), Some((60.0, -95.0)));
        assert_eq!(reference_point("id"), Some((-5.0, 120.0)));
        let (lat, lon) = reference_point("SI").unwrap(); // 46 07 N, 14 49 E
        assert!((lat - 46.1167).abs() < 1e-3 && (lon - 14.8167).abs() < 1e-3);
        assert_eq!(reference_point("AQ"), None);
        assert!(
            parse_reference_points("iso2\tlat\tlon\nXX\t91\t0\nYY\tx\t1\nZZ\t1\t2\n")
                .eq(&[("ZZ", 1.0, 2.0)])
        );
    }
}
