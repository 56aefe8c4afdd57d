//! ACLED's `iso` (ISO 3166-1 numeric) and `region` by ISO alpha-2 (`data/countries/acled.tsv`).

use std::collections::HashMap;
use std::sync::OnceLock;

const ACLED_COUNTRIES: &str = include_str!("../../../data/countries/acled.tsv");

/// ACLED's codes for one country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountryCodes {
    /// ISO 3166-1 numeric (0 for Kosovo, which has none).
    pub iso: u16,
    /// ACLED region name ("Western Africa", "Middle East", "South Asia"...).
    pub region: &'static str,
}

fn table() -> &'static HashMap<String, CountryCodes> {
    static T: OnceLock<HashMap<String, CountryCodes>> = OnceLock::new();
    T.get_or_init(|| {
        crate::data_lines(ACLED_COUNTRIES, "iso2")
            .filter_map(|f| {
                let (iso2, iso, region) = (f.first()?, f.get(1)?, f.get(2)?);
                Some((
                    iso2.to_ascii_uppercase(),
                    CountryCodes {
                        iso: iso.parse().ok()?,
                        region,
                    },
                ))
            })
            .collect()
    })
}

/// ACLED's `iso` and `region` for an ISO 3166-1 alpha-2 code (any case).
pub fn country(iso2: &str) -> Option<CountryCodes> {
    table().get(&iso2.trim().to_ascii_uppercase()).copied()
}

/// Every ISO alpha-2 code in the table (tests).
#[cfg(test)]
pub(crate) fn codes() -> Vec<&'static str> {
    table().keys().map(String::as_str).collect()
}

/// The table's own copy of an ISO alpha-2 code (upper case).
pub(crate) fn static_code(iso2: &str) -> Option<&'static str> {
    table()
        .get_key_value(&iso2.to_ascii_uppercase())
        .map(|(k, _)| k.as_str())
}
