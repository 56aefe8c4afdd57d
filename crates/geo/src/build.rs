//! Building the compact gazetteer artifact from GeoNames files, and importing
//! GeoNames dumps or supplement TSVs into a user gazetteer.
//!
//! Artifact layout (UTF-8 text, then Snappy frame compression):
//! ```text
//! #khaldun-gazetteer 1
//! #section entries
//! geonameid \t feature \t name \t lat \t lon \t country \t admin1 \t admin2 \t population
//! ...
//! #section parts
//! country or admin1 code \t compass direction \t lat \t lon
//! ...
//! #section index
//! folded key \t entry index,entry index,...
//! ```
//! Entries come countries first, then admin1, admin2, former admin1 units,
//! regions and places.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use crate::countries::countries;
use crate::fold::fold;
use crate::gazetteer::{Gazetteer, Kind};
use crate::territory::{parse_topojson, territory_points, union_point, Member, Part, Points};

/// Grid of the outline rasters behind country and admin points, in degrees
/// (about 5.5 km).
const GRID_DEGREES: f64 = 0.05;

const REGIONS_TSV: &str = include_str!("../../../data/gazetteer/regions.tsv");
const FORMER_TSV: &str = include_str!("../../../data/gazetteer/former_units.tsv");
const DESIGNATORS: &str = include_str!("../../../data/gazetteer/unit_designators.txt");

/// The name inside a generic admin designator ("Kabupaten Karo" → "Karo",
/// "Bundibugyo District" → "Bundibugyo"), per `unit_designators.txt`.
fn bare_unit_name(name: &str) -> Option<&str> {
    // (prefix, suffix) patterns and the generic words never indexed, parsed once
    type Designators = (Vec<(&'static str, &'static str)>, Vec<&'static str>);
    static D: std::sync::OnceLock<Designators> = std::sync::OnceLock::new();
    let (patterns, never) = D.get_or_init(|| {
        let lines = DESIGNATORS.lines().filter(|l| !l.starts_with('#'));
        let patterns = lines.clone().filter_map(|l| l.split_once('*')).collect();
        let never = lines.filter_map(|l| l.strip_prefix('!')).collect();
        (patterns, never)
    });
    patterns.iter().find_map(|&(pre, post)| {
        let bare = name.strip_prefix(pre)?.strip_suffix(post)?.trim();
        (bare.chars().count() >= 3
            && bare != name
            && !never.iter().any(|w| w.eq_ignore_ascii_case(bare)))
        .then_some(bare)
    })
}

/// Statistics of a build.
#[derive(Debug, Default, Clone)]
pub struct BuildStats {
    pub entries: usize,
    pub keys: usize,
    pub postings: usize,
    pub raw_bytes: usize,
    pub compressed_bytes: usize,
}

struct Rec {
    geonameid: u64,
    feature: String,
    name: String,
    lat: f64,
    lon: f64,
    country: String,
    admin1: String,
    admin2: String,
    population: u64,
    names: Vec<String>,
}

fn read_text(path: &Path) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_string(&mut s)?;
        Ok(s)
    } else {
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Whether an alternate name is worth keeping: Latin script, no digits, not
/// an all-capitals code (airport codes), at most six words.
pub fn keep_alternate(a: &str) -> bool {
    let a = a.trim();
    if a.chars().count() < 2 || a.split_whitespace().count() > 6 {
        return false;
    }
    let mut letters = 0;
    let mut lower = 0;
    for c in a.chars() {
        if c.is_numeric() {
            return false;
        }
        if c.is_alphabetic() {
            let u = c as u32;
            let latin = u < 0x250 || (0x1E00..0x1F00).contains(&u);
            if !latin {
                return false;
            }
            letters += 1;
            if c.is_lowercase() {
                lower += 1;
            }
        }
    }
    if letters < 2 {
        return false;
    }
    // "SZU", "BKO": codes, not names.
    !(lower == 0 && letters <= 5)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Middle of the range of `v`: a proxy for the geographic centre of an
/// admin unit from its places (closer to the usual reference point than the
/// population-biased median).
fn midrange(v: &[f64]) -> f64 {
    let (mn, mx) = v
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    (mn + mx) / 2.0
}

/// Build the artifact text from a GeoNames folder holding `countryInfo.txt`,
/// `admin1CodesASCII.txt`, `admin2Codes.txt`, `subdivisions.tsv`,
/// `cities500-admin.tsv.gz` and (optionally) `countries-50m.json`.
pub fn build_artifact_text(from: &Path) -> std::io::Result<String> {
    let mut recs: Vec<Rec> = Vec::new();
    let country_info = read_text(&from.join("countryInfo.txt"))?;
    let outlines = read_text(&from.join("countries-50m.json"))
        .map(|j| parse_topojson(&j))
        .unwrap_or_default();

    // Places first (kept aside), so admin and country points can be derived.
    let cities = read_text(&from.join("cities500-admin.tsv.gz"))?;
    let mut places: Vec<Rec> = Vec::new();
    for line in cities.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 13 {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (f[2].parse::<f64>(), f[3].parse::<f64>()) else {
            continue;
        };
        let mut names = vec![f[1].to_string()];
        names.extend(
            f[12]
                .split('|')
                .filter(|a| keep_alternate(a))
                .map(str::to_string),
        );
        places.push(Rec {
            geonameid: f[0].parse().unwrap_or(0),
            feature: "P.PPL".into(),
            name: f[1].to_string(),
            lat,
            lon,
            country: f[4].to_string(),
            admin1: f[6].to_string(),
            admin2: f[9].to_string(),
            population: f[5].parse().unwrap_or(0),
            names,
        });
    }
    // Member points and populations of admin units.
    let mut members: HashMap<String, (Vec<f64>, Vec<f64>, u64)> = HashMap::new();
    for p in &places {
        for key in [
            format!("{}.{}", p.country, p.admin1),
            format!("{}.{}.{}", p.country, p.admin1, p.admin2),
        ] {
            let m = members.entry(key).or_default();
            m.0.push(p.lat);
            m.1.push(p.lon);
            m.2 += p.population;
        }
    }

    // Country and admin points from the outlines (see `territory`).
    let mut territory: HashMap<String, Points> = HashMap::new();
    for line in country_info.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 17 || f[0].len() != 2 {
            continue;
        }
        let Some(polys) = outlines.by_id.get(f[2]) else {
            continue;
        };
        let own: Vec<Member<'_>> = places
            .iter()
            .filter(|p| p.country == f[0])
            .map(|p| Member {
                lat: p.lat,
                lon: p.lon,
                admin1: &p.admin1,
                admin2: &p.admin2,
            })
            .collect();
        territory.insert(
            f[0].to_string(),
            territory_points(polys, &own, GRID_DEGREES),
        );
    }

    // Countries.
    let mut country_point: HashMap<String, (f64, f64)> = HashMap::new();
    let mut capitals: HashMap<String, String> = HashMap::new();
    for line in country_info.lines() {
        if line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 17 || f[0].len() != 2 || f[0] == "ISO" {
            continue;
        }
        let iso2 = f[0];
        let point = territory.get(iso2).and_then(|t| t.country).or_else(|| {
            // No outline: median of the country's places.
            let (mut la, mut lo): (Vec<f64>, Vec<f64>) = places
                .iter()
                .filter(|p| p.country == iso2)
                .map(|p| (p.lat, p.lon))
                .unzip();
            (!la.is_empty()).then(|| (median(&mut la), median(&mut lo)))
        });
        let Some((lat, lon)) = point else { continue };
        country_point.insert(iso2.to_string(), (lat, lon));
        capitals.insert(iso2.to_string(), fold(f[5]));
        let mut names = vec![f[4].trim().to_string()];
        if let Some(c) = countries().iter().find(|c| c.iso2 == iso2) {
            names.extend(c.names().into_iter().map(str::to_string));
        }
        recs.push(Rec {
            geonameid: f[16].parse().unwrap_or(0),
            feature: "A.PCLI".into(),
            name: f[4].trim().to_string(),
            lat,
            lon,
            country: iso2.to_string(),
            admin1: String::new(),
            admin2: String::new(),
            population: f[7].parse().unwrap_or(0),
            names,
        });
    }

    // Subdivision aliases, by GeoNames code ("ML.05").
    let subdivisions = read_text(&from.join("subdivisions.tsv")).unwrap_or_default();
    let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
    for line in subdivisions.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 6 {
            continue;
        }
        let v = aliases.entry(f[2].to_string()).or_default();
        v.push(f[0].to_string());
        // ISO 3166-2 suffixes of three letters are used as abbreviations ("AU-NSW")
        if let Some((_, suffix)) = f[1].split_once('-') {
            if suffix.len() == 3 && suffix.bytes().all(|b| b.is_ascii_uppercase()) {
                v.push(suffix.to_string());
            }
        }
        v.extend(
            f[5].split('|')
                .filter(|a| keep_alternate(a))
                .map(str::to_string),
        );
    }

    for (file, feature) in [
        ("admin1CodesASCII.txt", "A.ADM1"),
        ("admin2Codes.txt", "A.ADM2"),
    ] {
        let text = read_text(&from.join(file))?;
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                continue;
            }
            let code = f[0];
            let parts: Vec<&str> = code.split('.').collect();
            let (country, admin1, admin2) = match parts.as_slice() {
                [c, a1] => (*c, *a1, ""),
                [c, a1, a2] => (*c, *a1, *a2),
                _ => continue,
            };
            let derived = territory.get(country).and_then(|t| {
                t.admin
                    .get(code.split_once('.').map_or("", |(_, rest)| rest))
                    .copied()
            });
            let (lat, lon, pop) = match (members.get_mut(code), derived) {
                (Some(m), Some((la, lo))) => (la, lo, m.2),
                (Some(m), None) if !m.0.is_empty() => (midrange(&m.0), midrange(&m.1), m.2),
                (None, Some((la, lo))) => (la, lo, 0),
                _ => {
                    let parent = format!("{country}.{admin1}");
                    match members.get_mut(&parent) {
                        Some(m) if !admin2.is_empty() && !m.0.is_empty() => {
                            (median(&mut m.0), median(&mut m.1), 0)
                        }
                        _ => match country_point.get(country) {
                            Some(&(la, lo)) => (la, lo, 0),
                            None => continue,
                        },
                    }
                }
            };
            let mut names = vec![f[1].to_string(), f[2].to_string()];
            names.extend(bare_unit_name(f[1]).map(str::to_string));
            names.extend(bare_unit_name(f[2]).map(str::to_string));
            if let Some(a) = aliases.get(code) {
                names.extend(a.iter().cloned());
            }
            recs.push(Rec {
                geonameid: f[3].trim().parse().unwrap_or(0),
                feature: feature.into(),
                name: f[1].to_string(),
                lat,
                lon,
                country: country.to_string(),
                admin1: admin1.to_string(),
                admin2: admin2.to_string(),
                population: pop,
                names,
            });
        }
    }

    // Former first-level units (Kenya's provinces, the DRC's eleven provinces):
    // `A.ADM1H`, their admin1 field lists the current admin1 codes they were
    // made of ("46+26+17"), their point is the mean of those units' territory.
    for line in FORMER_TSV.lines().skip(1) {
        if line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let country = f[2].trim();
        let codes: Vec<&str> = f[3].split('|').map(str::trim).collect();
        let derived = territory.get(country).and_then(|t| {
            let sums: Vec<&[f64; 3]> = codes.iter().filter_map(|c| t.admin_sums.get(*c)).collect();
            (sums.len() == codes.len())
                .then(|| union_point(sums))
                .flatten()
        });
        // without outlines: the middle of the member units' places
        let derived = derived.or_else(|| {
            let ms: Vec<_> = codes
                .iter()
                .filter_map(|c| members.get(&format!("{country}.{c}")))
                .filter(|m| !m.0.is_empty())
                .collect();
            let lats: Vec<f64> = ms.iter().flat_map(|m| m.0.iter().copied()).collect();
            let lons: Vec<f64> = ms.iter().flat_map(|m| m.1.iter().copied()).collect();
            (!lats.is_empty()).then(|| (midrange(&lats), midrange(&lons)))
        });
        let Some((lat, lon)) = derived else {
            eprintln!(
                "former_units.tsv: no place of {} lies in {country} {}",
                f[0], f[3]
            );
            continue;
        };
        let population = codes
            .iter()
            .filter_map(|c| members.get(&format!("{country}.{c}")))
            .map(|m| m.2)
            .sum();
        let mut names = vec![f[0].to_string()];
        names.extend(
            f[1].split('|')
                .filter(|a| !a.is_empty())
                .map(str::to_string),
        );
        names.extend(bare_unit_name(f[0]).map(str::to_string));
        recs.push(Rec {
            geonameid: 0,
            feature: "A.ADM1H".into(),
            name: f[0].to_string(),
            lat,
            lon,
            country: country.to_string(),
            admin1: codes.join("+"),
            admin2: String::new(),
            population,
            names,
        });
    }

    // Hand-made regions and continents.
    for line in REGIONS_TSV.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (f[2].parse::<f64>(), f[3].parse::<f64>()) else {
            continue;
        };
        let mut names = vec![f[0].to_string()];
        names.extend(
            f[1].split('|')
                .filter(|a| !a.is_empty())
                .map(str::to_string),
        );
        recs.push(Rec {
            geonameid: 0,
            feature: f[4].to_string(),
            name: f[0].to_string(),
            lat,
            lon,
            country: f.get(5).unwrap_or(&"").trim().to_string(),
            admin1: String::new(),
            admin2: String::new(),
            population: 0,
            names,
        });
    }

    // Capitals: the most populous place named like the country's capital.
    let mut best_capital: HashMap<String, (u64, usize)> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        if let Some(cap) = capitals.get(&p.country) {
            if p.names.iter().any(|n| fold(n) == *cap) {
                let b = best_capital.entry(p.country.clone()).or_insert((0, i));
                if p.population >= b.0 {
                    *b = (p.population, i);
                }
            }
        }
    }
    for (_, (_, i)) in best_capital {
        places[i].feature = "P.PPLC".into();
    }
    recs.extend(places);

    // Index.
    let mut index: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        let mut keys: Vec<String> = r
            .names
            .iter()
            .map(|n| fold(n))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            index.entry(k).or_default().push(i as u32);
        }
    }
    let mut out = String::with_capacity(64 << 20);
    out.push_str("#khaldun-gazetteer 1\n#section entries\n");
    for r in &recs {
        use std::fmt::Write as _;
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}",
            r.geonameid,
            r.feature,
            clean(&r.name),
            r.lat,
            r.lon,
            r.country,
            r.admin1,
            r.admin2,
            r.population
        );
    }
    // points of the compass parts of countries and admin1 units ("northern Benin")
    out.push_str("#section parts\n");
    let mut codes: Vec<&String> = territory.keys().collect();
    codes.sort();
    for cc in codes {
        let mut units: Vec<(&String, &Vec<Part>)> = territory[cc].parts.iter().collect();
        units.sort_by(|a, b| a.0.cmp(b.0));
        for (unit, parts) in units {
            let code = if unit.is_empty() {
                cc.clone()
            } else {
                format!("{cc}.{unit}")
            };
            for (dir, (lat, lon)) in parts {
                use std::fmt::Write as _;
                let _ = writeln!(out, "{code}\t{dir}\t{lat:.4}\t{lon:.4}");
            }
        }
    }
    out.push_str("#section index\n");
    for (k, v) in index {
        out.push_str(&k);
        out.push('\t');
        for (j, i) in v.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            out.push_str(&i.to_string());
        }
        out.push('\n');
    }
    Ok(out)
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ").trim().to_string()
}

/// Build and compress (Snappy frames) the artifact into `out`.
pub fn build_artifact(from: &Path, out: &Path) -> std::io::Result<BuildStats> {
    let text = build_artifact_text(from)?;
    let mut enc = snap::write::FrameEncoder::new(Vec::new());
    enc.write_all(text.as_bytes())?;
    let bytes = enc
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(out, &bytes)?;
    let g = Gazetteer::from_artifact(Box::leak(text.clone().into_boxed_str()));
    Ok(BuildStats {
        entries: g.len(),
        keys: g.key_count(),
        postings: 0,
        raw_bytes: text.len(),
        compressed_bytes: bytes.len(),
    })
}

/// Outcome of an import.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportStats {
    pub read: usize,
    pub added: usize,
    pub skipped: usize,
}

/// Convert one line of a GeoNames dump (`allCountries.txt`, `ML.txt`,
/// `cities1000.txt`: 19 tab-separated columns) or of a supplement TSV
/// (`name, alternate names, lat, lon, country, admin1, admin2, feature code`)
/// into a user-gazetteer line. Admin names in supplements are turned into
/// GeoNames codes when the gazetteer knows them.
pub fn import_line(g: &Gazetteer, line: &str) -> Option<String> {
    let f: Vec<&str> = line.split('\t').map(str::trim).collect();
    if line.starts_with('#') || line.trim().is_empty() {
        return None;
    }
    if f.len() >= 15 {
        // GeoNames: geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 a1 a2 a3 a4 population ...
        let geonameid: u64 = f[0].parse().ok()?;
        let lat: f64 = f[4].parse().ok()?;
        let lon: f64 = f[5].parse().ok()?;
        let feature = format!("{}.{}", f[6], f[7]);
        let mut alts: Vec<&str> = vec![f[2]];
        alts.extend(f[3].split(',').filter(|a| keep_alternate(a)));
        return Some(user_line(
            geonameid,
            &feature,
            f[1],
            lat,
            lon,
            f[8],
            f[10],
            f[11],
            f[14].parse().unwrap_or(0),
            &alts,
        ));
    }
    if f.len() >= 5 {
        // Supplement: name, alternates, lat, lon, country, admin1, admin2, feature.
        let lat: f64 = f[2].parse().ok()?;
        let lon: f64 = f[3].parse().ok()?;
        if f[0].is_empty() || !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return None;
        }
        let country = f[4].to_ascii_uppercase();
        let a1 = f.get(5).copied().unwrap_or("");
        let a2 = f.get(6).copied().unwrap_or("");
        let a1code = if a1.is_empty() {
            String::new()
        } else {
            g.find_admin1(&country, a1)
                .map(|i| g.entry(i).admin1.to_string())
                .unwrap_or_else(|| a1.to_string())
        };
        let a2code = if a2.is_empty() {
            String::new()
        } else {
            g.find_admin2(&country, &a1code, a2)
                .map(|i| g.entry(i).admin2.to_string())
                .unwrap_or_else(|| a2.to_string())
        };
        let code = f.get(7).copied().unwrap_or("").trim();
        let feature = if code.is_empty() {
            "P.PPL".to_string()
        } else if code.contains('.') {
            code.to_string()
        } else {
            let class = match code {
                c if c.starts_with("PPL") => "P",
                c if c.starts_with("ADM") || c.starts_with("PCL") => "A",
                _ => "S",
            };
            format!("{class}.{code}")
        };
        let alts: Vec<&str> = f[1]
            .split(['|', ','])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .collect();
        return Some(user_line(
            0, &feature, f[0], lat, lon, &country, &a1code, &a2code, 0, &alts,
        ));
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn user_line(
    geonameid: u64,
    feature: &str,
    name: &str,
    lat: f64,
    lon: f64,
    country: &str,
    admin1: &str,
    admin2: &str,
    population: u64,
    alts: &[&str],
) -> String {
    let alts: Vec<String> = alts
        .iter()
        .map(|a| clean(a).replace('|', " "))
        .filter(|a| !a.is_empty())
        .collect();
    format!(
        "{geonameid}\t{feature}\t{}\t{lat:.5}\t{lon:.5}\t{country}\t{admin1}\t{admin2}\t{population}\t{}",
        clean(name),
        alts.join("|")
    )
}

/// Import a GeoNames dump or supplement TSV (optionally gzipped) into
/// `dir/user.tsv`, appending. Lines that cannot be read are skipped.
pub fn import_file(g: &Gazetteer, file: &Path, dir: &Path) -> std::io::Result<ImportStats> {
    std::fs::create_dir_all(dir)?;
    let mut stats = ImportStats::default();
    let reader: Box<dyn BufRead> = if file.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(
            std::fs::File::open(file)?,
        )))
    } else {
        Box::new(BufReader::new(std::fs::File::open(file)?))
    };
    // re-importing the same file adds nothing: skip lines already in the user file
    let user_path = dir.join(crate::gazetteer::USER_FILE);
    let mut seen: std::collections::HashSet<String> = std::fs::read_to_string(&user_path)
        .unwrap_or_default()
        .lines()
        .map(dedup_key)
        .collect();
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&user_path)?;
    let mut buf = Vec::new();
    let mut reader = reader;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        stats.read += 1;
        match import_line(g, line) {
            Some(l) => {
                if seen.insert(dedup_key(&l)) {
                    writeln!(out, "{l}")?;
                    stats.added += 1;
                } else {
                    stats.skipped += 1;
                }
            }
            None => stats.skipped += 1,
        }
    }
    Ok(stats)
}

/// Identity of a user-file line: its GeoNames id, else name and point.
fn dedup_key(line: &str) -> String {
    let f: Vec<&str> = line.split('\t').collect();
    match f.first() {
        Some(id) if *id != "0" && !id.is_empty() => id.to_string(),
        _ => f
            .iter()
            .skip(2)
            .take(3)
            .copied()
            .collect::<Vec<_>>()
            .join("\t"),
    }
}

/// Whether an entry kind is an administrative unit (used by the CLI).
pub fn is_admin(kind: Kind) -> bool {
    kind.is_admin()
}
