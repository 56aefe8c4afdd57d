//! The gazetteer: entries (countries, admin units, places, regions) and a
//! name index keyed by folded names (see [`crate::fold`]).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::countries::{countries, Country};
use crate::fold::fold;

/// What kind of thing an entry is, derived from its GeoNames feature code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Continent,
    Country,
    Admin1,
    Admin2,
    /// ADM3 and finer, and other `A` features.
    AdminOther,
    /// A capital city (PPLC).
    Capital,
    /// Any other populated place.
    Place,
    /// Large named regions (L.RGN), lakes, seas.
    Region,
    /// Anything else (spots, hydrography, terrain).
    Other,
}

impl Kind {
    pub fn from_feature(feature: &str) -> Kind {
        let (class, code) = feature.split_once('.').unwrap_or((feature, ""));
        match (class, code) {
            ("L", "CONT") => Kind::Continent,
            ("A", c) if c.starts_with("PCL") => Kind::Country,
            ("A", "ADM1") | ("A", "ADM1H") => Kind::Admin1,
            ("A", "ADM2") | ("A", "ADM2H") => Kind::Admin2,
            ("A", _) => Kind::AdminOther,
            ("P", "PPLC") => Kind::Capital,
            ("P", _) => Kind::Place,
            ("L", _) | ("H", _) | ("T", _) => Kind::Region,
            _ => Kind::Other,
        }
    }

    /// True for towns and villages (ACLED precision 1 when named).
    pub fn is_town(self) -> bool {
        matches!(self, Kind::Capital | Kind::Place)
    }

    pub fn is_admin(self) -> bool {
        matches!(
            self,
            Kind::Country | Kind::Admin1 | Kind::Admin2 | Kind::AdminOther
        )
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// GeoNames id; 0 for hand-made entries without one.
    pub geonameid: u64,
    /// GeoNames feature class and code (`P.PPL`, `A.ADM1`, `A.PCLI`, `L.CONT`).
    pub feature: &'static str,
    pub kind: Kind,
    pub name: &'static str,
    pub lat: f32,
    pub lon: f32,
    /// ISO 3166-1 alpha-2, empty for continents and multi-country regions.
    pub country: &'static str,
    /// GeoNames admin1 code within the country ("05" for Ségou, Mali).
    pub admin1: &'static str,
    /// GeoNames admin2 code within admin1.
    pub admin2: &'static str,
    pub population: u64,
}

/// The compact artifact built by [`crate::build`], compressed with Snappy (frame format).
pub(crate) const EMBEDDED: &[u8] = include_bytes!("../../../data/gazetteer/gazetteer.tsv.sz");

/// Name of the user gazetteer file inside a gazetteer directory.
pub const USER_FILE: &str = "user.tsv";

/// Environment variable naming the user gazetteer directory.
pub const DIR_ENV: &str = "KHALDUN_GAZETTEER_DIR";

/// Default user gazetteer directory (relative to the working directory).
pub const DEFAULT_DIR: &str = "khaldun-data/gazetteer";

/// The user gazetteer directory: `$KHALDUN_GAZETTEER_DIR`, else `./khaldun-data/gazetteer`.
pub fn user_dir() -> PathBuf {
    match std::env::var_os(DIR_ENV) {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(DEFAULT_DIR),
    }
}

/// A demonym form and the country it refers to.
#[derive(Debug, Clone, Copy)]
pub struct Demonym {
    pub country: &'static Country,
    /// Index of the country's entry.
    pub entry: u32,
    /// The form as written in the table ("Malian", "maliennes").
    pub form: &'static str,
    /// Plural French form (qualifies plural nouns).
    pub plural: bool,
    pub lang: &'static str,
}

/// The gazetteer.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Index section of the embedded artifact: `key \t ids` lines sorted by key.
    index_text: &'static str,
    /// Start offsets of the index lines in `index_text`.
    index_lines: Vec<u32>,
    /// Hash of a key → its line number (binary search is the fallback).
    index_hash: FxHashMap<u64, u32>,
    /// Folded key → entry indices added at run time (user entries).
    extra: FxHashMap<String, Vec<u32>>,
    /// "ML" → country entry, "ML.05" → admin1, "ML.05.7701202" → admin2.
    admin: FxHashMap<String, u32>,
    /// Folded demonym → demonym.
    demonyms: FxHashMap<String, Vec<Demonym>>,
    /// "ML|north" → the point of northern Mali, "ML.05|east" → of eastern Mopti.
    parts: FxHashMap<String, (f32, f32)>,
    /// Longest key, in words.
    max_words: usize,
    /// Number of user entries merged.
    user_entries: usize,
    /// Consonant skeleton → admin units, built on first use (see [`skeleton`]).
    skeletons: OnceLock<FxHashMap<String, Vec<u32>>>,
    /// "ML.05" / "ML.05.7701202" → the unit's most populous place, built on first use.
    seats: OnceLock<FxHashMap<String, u32>>,
}

/// A unit's folded name without a trailing container word ("dakahlia
/// governorate" → "dakahlia").
fn bare_folded(name: &str) -> String {
    let f = fold(name);
    match f.rsplit_once(' ') {
        Some((head, last)) if crate::cues::Cues::get().container.contains(last) => head.to_string(),
        _ => f,
    }
}

/// A final `h` after a vowel is a spelling of the same ending ("hasakah",
/// "hasaka"; "raqqah", "raqqa").
fn drop_final_h(s: &str) -> &str {
    match s.strip_suffix('h') {
        Some(rest) if rest.ends_with(['a', 'e', 'i', 'o', 'u']) => rest,
        _ => s,
    }
}

/// The vowels a folded name ends with (`y` read as `i`, repeats merged):
/// transliterations vary a name's inner vowels more than its ending
/// ("daqahliya", "dakahlia": `ia`; "kisima" is not "kisumu").
fn ending(folded: &str) -> String {
    let mut v: Vec<char> = drop_final_h(folded)
        .chars()
        .rev()
        .take_while(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
        .map(|c| if c == 'y' { 'i' } else { c })
        .collect();
    v.reverse();
    v.dedup();
    v.into_iter().collect()
}

/// The consonant skeleton of a folded name, for spelling variants that
/// transliteration produces: articles ("al", "el") dropped, `q` and `c` read as
/// `k`, `ph` as `f`, vowels (with `y` and `w`) dropped and doubled letters
/// merged, a final `h` after a vowel dropped. "daqahliya" and "dakahlia" are
/// both `dkhl`; "menoufia" and "monufia" both `mnf`; "al hasakah" and "hasaka"
/// both `hsk`.
pub(crate) fn skeleton(folded: &str) -> String {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let articles = [
        "al", "el", "ad", "ar", "as", "an", "at", "az", "ash", "ed", "es",
    ];
    let skip = words
        .iter()
        .take_while(|w| articles.contains(w))
        .count()
        .min(words.len().saturating_sub(1));
    let joined: String = drop_final_h(&words[skip..].concat()).replace("ph", "f");
    let mut out = String::with_capacity(joined.len());
    for c in joined.chars() {
        let c = match c {
            'q' | 'c' => 'k',
            c => c,
        };
        if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | '\'' | '-') {
            continue;
        }
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

fn parse_entries(head: &'static str) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(head.len() / 48);
    let mut section = "";
    for line in head.split('\n') {
        if let Some(s) = line.strip_prefix("#section ") {
            section = s.trim();
            continue;
        }
        if section == "entries" && !line.is_empty() {
            // keep indices aligned with the index section even for a bad line
            let e = parse_entry(line).map(|(e, _)| e).unwrap_or(Entry {
                geonameid: 0,
                feature: "",
                kind: Kind::Other,
                name: "",
                lat: 0.0,
                lon: 0.0,
                country: "",
                admin1: "",
                admin2: "",
                population: 0,
            });
            entries.push(e);
        }
    }
    entries
}

/// The `parts` section: `code \t direction \t lat \t lon` lines.
fn parse_parts(head: &str) -> FxHashMap<String, (f32, f32)> {
    const MARK: &str = "#section parts\n";
    let Some(p) = head.find(MARK) else {
        return FxHashMap::default();
    };
    head[p + MARK.len()..]
        .lines()
        .take_while(|l| !l.starts_with("#section "))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (code, dir) = (f.next()?, f.next()?);
            let lat = f.next()?.parse().ok()?;
            let lon = f.next()?.parse().ok()?;
            Some((format!("{code}|{dir}"), (lat, lon)))
        })
        .collect()
}

type IndexParts = (Vec<u32>, FxHashMap<u64, u32>, usize);

/// Line offsets, key hashes and the longest key (in words) of an index section.
fn parse_index(rest: &str) -> IndexParts {
    let bytes = rest.as_bytes();
    let mut lines: Vec<u32> = Vec::with_capacity(bytes.len() / 24);
    let mut hash: FxHashMap<u64, u32> = FxHashMap::default();
    hash.reserve(bytes.len() / 24);
    let mut max_words = 1;
    let mut start = 0usize;
    while start < bytes.len() {
        let end = memchr_nl(bytes, start);
        if end > start {
            let line_no = lines.len() as u32;
            lines.push(start as u32);
            let key_end = bytes[start..end]
                .iter()
                .position(|&b| b == b'\t')
                .map_or(end, |p| start + p);
            hash.entry(key_hash(&bytes[start..key_end]))
                .or_insert(line_no);
            let words = 1 + bytes[start..key_end].iter().filter(|&&b| b == b' ').count();
            max_words = max_words.max(words);
        }
        start = end + 1;
    }
    (lines, hash, max_words)
}

fn key_hash(b: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(b);
    h.finish()
}

fn memchr_nl(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| from + p)
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn parse_entry(line: &'static str) -> Option<(Entry, &'static str)> {
    let mut f = line.split('\t');
    let geonameid = f.next()?.trim().parse().unwrap_or(0);
    let feature = f.next()?.trim();
    let name = f.next()?.trim();
    let lat: f32 = f.next()?.trim().parse().ok()?;
    let lon: f32 = f.next()?.trim().parse().ok()?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) || name.is_empty() {
        return None;
    }
    let country = f.next().unwrap_or("").trim();
    let admin1 = f.next().unwrap_or("").trim();
    let admin2 = f.next().unwrap_or("").trim();
    let population = f.next().unwrap_or("").trim().parse().unwrap_or(0);
    let alternates = f.next().unwrap_or("");
    Some((
        Entry {
            geonameid,
            feature,
            kind: Kind::from_feature(feature),
            name,
            lat,
            lon,
            country,
            admin1,
            admin2,
            population,
        },
        alternates,
    ))
}

impl Gazetteer {
    /// The bundled gazetteer merged with the user gazetteer directory
    /// ([`user_dir`]) when it holds a `user.tsv`; loaded once per process.
    pub fn embedded() -> Arc<Gazetteer> {
        static G: OnceLock<Arc<Gazetteer>> = OnceLock::new();
        G.get_or_init(|| {
            let mut g = Gazetteer::bundled();
            let _ = g.merge_user_dir(&user_dir());
            Arc::new(g)
        })
        .clone()
    }

    /// The bundled gazetteer merged with the user file in `dir` (when any).
    pub fn load_with_user(dir: &Path) -> std::io::Result<Gazetteer> {
        let mut g = Gazetteer::bundled();
        g.merge_user_dir(dir)?;
        Ok(g)
    }

    /// The bundled gazetteer alone (not cached: each call decompresses it).
    pub fn bundled() -> Gazetteer {
        let text = decompress_frames(EMBEDDED)
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        Gazetteer::from_artifact(leak(text))
    }

    /// Parse an artifact (see [`crate::build`] for the layout).
    pub fn from_artifact(text: &'static str) -> Gazetteer {
        let mut g = Gazetteer::default();
        const MARK: &str = "#section index\n";
        let (head, rest) = match text.find(MARK) {
            Some(p) => (&text[..p], &text[p + MARK.len()..]),
            None => (text, ""),
        };
        // entries and index are independent: parse them on two threads
        let (entries, parts, (index_lines, index_hash, max_words)) = std::thread::scope(|sc| {
            let index = sc.spawn(|| parse_index(rest));
            let parts = sc.spawn(|| parse_parts(head));
            let entries = parse_entries(head);
            (
                entries,
                parts.join().unwrap_or_default(),
                index.join().unwrap_or_default(),
            )
        });
        g.entries = entries;
        g.parts = parts;
        g.index_text = rest;
        g.index_lines = index_lines;
        g.index_hash = index_hash;
        g.max_words = max_words.min(8);
        g.build_admin();
        g.build_demonyms();
        g
    }

    fn build_admin(&mut self) {
        self.admin.clear();
        for (i, e) in self.entries.iter().enumerate() {
            let key = match e.kind {
                Kind::Country => e.country.to_string(),
                Kind::Admin1 => format!("{}.{}", e.country, e.admin1),
                Kind::Admin2 => format!("{}.{}.{}", e.country, e.admin1, e.admin2),
                _ => continue,
            };
            self.admin.entry(key).or_insert(i as u32);
        }
    }

    fn build_demonyms(&mut self) {
        self.demonyms.clear();
        for c in countries() {
            let Some(&entry) = self.admin.get(c.iso2) else {
                continue;
            };
            let forms = [
                (c.demonym_en, false, "en"),
                (c.demonym_fr_m, false, "fr"),
                (c.demonym_fr_f, false, "fr"),
                (c.demonym_fr_mpl, true, "fr"),
                (c.demonym_fr_fpl, true, "fr"),
            ];
            for (form, plural, lang) in forms {
                if form.is_empty() {
                    continue;
                }
                let v = self.demonyms.entry(fold(form)).or_default();
                if !v.iter().any(|d| d.country.iso2 == c.iso2 && d.lang == lang) {
                    v.push(Demonym {
                        country: c,
                        entry,
                        form,
                        plural,
                        lang,
                    });
                }
            }
        }
    }

    /// Admin units of `country` whose name is a spelling variant of the folded
    /// `key` (same consonant skeleton of three letters or more, same first
    /// letter, same final vowels, length within three letters): "Daqahliya"
    /// finds Dakahlia.
    pub fn admin_variants(&self, key: &str, country: &str) -> Vec<u32> {
        let sk = skeleton(key);
        if sk.chars().count() < 3 {
            return Vec::new();
        }
        let map = self.skeletons.get_or_init(|| {
            let mut m: FxHashMap<String, Vec<u32>> = FxHashMap::default();
            for (i, e) in self.entries.iter().enumerate() {
                if matches!(e.kind, Kind::Admin1 | Kind::Admin2) {
                    m.entry(skeleton(&bare_folded(e.name)))
                        .or_default()
                        .push(i as u32);
                }
            }
            m
        });
        let first = key.chars().next();
        let len = key.chars().count() as i64;
        map.get(&sk)
            .map(|ids| {
                ids.iter()
                    .copied()
                    .filter(|&i| {
                        let e = &self.entries[i as usize];
                        let name = bare_folded(e.name);
                        e.country == country
                            && name.chars().next() == first
                            && (name.chars().count() as i64 - len).abs() <= 3
                            && ending(&name) == ending(key)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The point of a compass part of a country or admin1 unit ("northern
    /// Benin": `direction` "north"), when the artifact has one.
    pub fn part_point(&self, e: &Entry, direction: &str) -> Option<(f32, f32)> {
        let code = match e.kind {
            Kind::Country => e.country.to_string(),
            Kind::Admin1 => format!("{}.{}", e.country, e.admin1),
            _ => return None,
        };
        self.parts.get(&format!("{code}|{direction}")).copied()
    }

    /// Merge `dir/user.tsv` when it exists. Returns the number of entries added.
    pub fn merge_user_dir(&mut self, dir: &Path) -> std::io::Result<usize> {
        let path = dir.join(USER_FILE);
        if !path.exists() {
            return Ok(0);
        }
        let text = std::fs::read_to_string(&path)?;
        Ok(self.merge_user_text(leak(text)))
    }

    /// Merge user entries in the artifact entry layout plus an alternate-name
    /// column (`geonameid, feature, name, lat, lon, country, admin1, admin2,
    /// population, alternates`). Returns the number of entries added.
    pub fn merge_user_text(&mut self, text: &'static str) -> usize {
        let mut n = 0;
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((e, alts)) = parse_entry(line) else {
                continue;
            };
            let idx = self.entries.len() as u32;
            self.entries.push(e);
            let mut keys: Vec<String> = std::iter::once(e.name)
                .chain(alts.split('|'))
                .map(fold)
                .filter(|k| !k.is_empty())
                .collect();
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                let words = k.split(' ').count();
                self.max_words = self.max_words.max(words.min(8));
                self.extra.entry(k).or_default().push(idx);
            }
            n += 1;
        }
        if n > 0 {
            self.build_admin();
            self.build_demonyms();
        }
        self.user_entries += n;
        n
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of distinct name keys in the bundled index.
    pub fn key_count(&self) -> usize {
        self.index_lines.len() + self.extra.len()
    }

    /// Number of user entries merged.
    pub fn user_entries(&self) -> usize {
        self.user_entries
    }

    /// Longest name in words (capped at 8).
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    pub fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The posting list (comma-separated entry indices) of a key in the bundled index.
    fn postings(&self, key: &str) -> Option<&'static str> {
        let text = self.index_text;
        let line_key = |i: usize| -> (&'static str, &'static str) {
            let start = self.index_lines[i] as usize;
            let rest = &text[start..];
            let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
            line.split_once('\t').unwrap_or((line, ""))
        };
        if let Some(&i) = self.index_hash.get(&key_hash(key.as_bytes())) {
            let (k, v) = line_key(i as usize);
            if k == key {
                return Some(v);
            }
        } else {
            return None;
        }
        let idx = self
            .index_lines
            .binary_search_by(|&off| {
                let rest = &text.as_bytes()[off as usize..];
                let end = rest
                    .iter()
                    .position(|&b| b == b'\t' || b == b'\n')
                    .unwrap_or(rest.len());
                rest[..end].cmp(key.as_bytes())
            })
            .ok()?;
        Some(line_key(idx).1)
    }

    /// Entry indices whose name or alternate name folds to `key`.
    pub fn ids_for_key(&self, key: &str, out: &mut Vec<u32>) {
        out.clear();
        if let Some(post) = self.postings(key) {
            for p in post.split(',') {
                if let Ok(i) = p.parse::<u32>() {
                    if (i as usize) < self.entries.len() {
                        out.push(i);
                    }
                }
            }
        }
        if let Some(v) = self.extra.get(key) {
            out.extend_from_slice(v);
        }
    }

    /// Whether any entry has this folded key.
    pub fn has_key(&self, key: &str) -> bool {
        self.postings(key).is_some() || self.extra.contains_key(key)
    }

    /// Entries named `name` (accent- and case-insensitive), most important first.
    pub fn lookup(&self, name: &str) -> Vec<&Entry> {
        let mut ids = Vec::new();
        self.ids_for_key(&fold(name), &mut ids);
        let mut v: Vec<&Entry> = ids.iter().map(|&i| self.entry(i)).collect();
        v.sort_by(|a, b| importance(b).total_cmp(&importance(a)));
        v
    }

    /// Demonym forms that fold to `key`.
    pub fn demonyms_for_key(&self, key: &str) -> &[Demonym] {
        self.demonyms.get(key).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// The country entry for an ISO2 code.
    pub fn country_entry(&self, iso2: &str) -> Option<u32> {
        self.admin.get(iso2).copied()
    }

    /// The most populous place of an admin1 or admin2 unit: where ACLED puts
    /// an event known only at the level of the province (precision 3, "the
    /// provincial capital"; GeoNames' seat codes are not in the bundle, and
    /// the largest town is the seat in nearly every Sahel province).
    pub fn seat_of(&self, unit: &Entry) -> Option<u32> {
        let key = match unit.kind {
            Kind::Admin1 if !unit.admin1.contains('+') => {
                format!("{}.{}", unit.country, unit.admin1)
            }
            Kind::Admin2 => format!("{}.{}.{}", unit.country, unit.admin1, unit.admin2),
            _ => return None,
        };
        let seats = self.seats.get_or_init(|| {
            let mut best: FxHashMap<String, u32> = FxHashMap::default();
            for (i, e) in self.entries.iter().enumerate() {
                if !e.kind.is_town() || e.country.is_empty() || e.admin1.is_empty() {
                    continue;
                }
                let mut keys = vec![format!("{}.{}", e.country, e.admin1)];
                if !e.admin2.is_empty() {
                    keys.push(format!("{}.{}.{}", e.country, e.admin1, e.admin2));
                }
                for k in keys {
                    let slot = best.entry(k).or_insert(i as u32);
                    if self.entries[*slot as usize].population < e.population {
                        *slot = i as u32;
                    }
                }
            }
            best
        });
        seats.get(&key).copied()
    }

    /// The admin1 unit containing `e` (or `e` itself when it is one).
    pub fn admin1_of(&self, e: &Entry) -> Option<u32> {
        if e.admin1.is_empty() || e.country.is_empty() {
            return None;
        }
        self.admin
            .get(&format!("{}.{}", e.country, e.admin1))
            .copied()
    }

    /// The admin2 unit containing `e` (or `e` itself when it is one).
    pub fn admin2_of(&self, e: &Entry) -> Option<u32> {
        if e.admin2.is_empty() || e.admin1.is_empty() || e.country.is_empty() {
            return None;
        }
        self.admin
            .get(&format!("{}.{}.{}", e.country, e.admin1, e.admin2))
            .copied()
    }

    /// Admin1 entry by country and name (accent-insensitive) or code.
    pub fn find_admin1(&self, country: &str, name_or_code: &str) -> Option<u32> {
        if let Some(&i) = self.admin.get(&format!("{country}.{name_or_code}")) {
            return Some(i);
        }
        let mut ids = Vec::new();
        self.ids_for_key(&fold(name_or_code), &mut ids);
        ids.into_iter().find(|&i| {
            let e = self.entry(i);
            e.kind == Kind::Admin1 && e.country.eq_ignore_ascii_case(country)
        })
    }

    /// Admin2 entry by country, admin1 code and name or code.
    pub fn find_admin2(&self, country: &str, admin1: &str, name_or_code: &str) -> Option<u32> {
        if let Some(&i) = self
            .admin
            .get(&format!("{country}.{admin1}.{name_or_code}"))
        {
            return Some(i);
        }
        let mut ids = Vec::new();
        self.ids_for_key(&fold(name_or_code), &mut ids);
        ids.into_iter().find(|&i| {
            let e = self.entry(i);
            e.kind == Kind::Admin2
                && e.country.eq_ignore_ascii_case(country)
                && (admin1.is_empty() || e.admin1 == admin1)
        })
    }

    /// Look names up for people: exact folded matches first, then names
    /// starting with the query; optionally restricted to a country.
    pub fn search(&self, query: &str, country: Option<&str>, limit: usize) -> Vec<&Entry> {
        let key = fold(query);
        let keep = |e: &&Entry| country.is_none_or(|c| e.country.eq_ignore_ascii_case(c));
        let mut v: Vec<&Entry> = self.lookup(query).into_iter().filter(keep).collect();
        if v.len() < limit && key.len() >= 3 {
            let mut more: Vec<u32> = Vec::new();
            let mut ids = Vec::new();
            // the index is sorted: scan from the first key >= query
            let first = self.index_lines.partition_point(|&off| {
                let rest = &self.index_text.as_bytes()[off as usize..];
                let end = rest.iter().position(|&b| b == b'\t').unwrap_or(rest.len());
                &rest[..end] < key.as_bytes()
            });
            let mut keys: Vec<&str> = Vec::new();
            for &off in &self.index_lines[first..] {
                let rest = &self.index_text[off as usize..];
                let k = &rest[..rest.find('\t').unwrap_or(rest.len())];
                if !k.starts_with(&key) || keys.len() > 2000 {
                    break;
                }
                if k != key {
                    keys.push(k);
                }
            }
            keys.extend(
                self.extra
                    .keys()
                    .map(|s| s.as_str())
                    .filter(|k| k.starts_with(&key) && *k != key),
            );
            for k in keys {
                self.ids_for_key(k, &mut ids);
                more.extend_from_slice(&ids);
            }
            more.sort_unstable();
            more.dedup();
            let mut extra: Vec<&Entry> = more.iter().map(|&i| self.entry(i)).filter(keep).collect();
            extra.sort_by(|a, b| importance(b).total_cmp(&importance(a)));
            for e in extra {
                if !v.iter().any(|x| std::ptr::eq(*x, e)) {
                    v.push(e);
                }
            }
        }
        v.truncate(limit);
        v
    }

    /// Admin1 name of an entry, when known.
    pub fn admin1_name(&self, e: &Entry) -> Option<&'static str> {
        self.admin1_of(e).map(|i| self.entry(i).name)
    }

    /// Admin2 name of an entry, when known.
    pub fn admin2_name(&self, e: &Entry) -> Option<&'static str> {
        self.admin2_of(e).map(|i| self.entry(i).name)
    }
}

/// Decompress a Snappy frame stream. Its chunks (64 KiB each) are independent,
/// so they are decompressed on all cores straight into one buffer. Chunk
/// checksums are not verified: the stream is compiled into the binary. `None`
/// for a malformed stream.
pub(crate) fn decompress_frames(data: &[u8]) -> Option<Vec<u8>> {
    // (payload, compressed)
    let mut chunks: Vec<(&[u8], bool)> = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let head = data.get(i..i + 4)?;
        let len = u32::from_le_bytes([head[1], head[2], head[3], 0]) as usize;
        let body = data.get(i + 4..i + 4 + len)?;
        match head[0] {
            0x00 => chunks.push((body.get(4..)?, true)),
            0x01 => chunks.push((body.get(4..)?, false)),
            // stream identifier, padding and skippable chunks
            0x80..=0xff => {}
            _ => return None,
        }
        i += 4 + len;
    }
    let sizes: Vec<usize> = chunks
        .iter()
        .map(|&(b, compressed)| {
            if compressed {
                snap::raw::decompress_len(b).ok()
            } else {
                Some(b.len())
            }
        })
        .collect::<Option<_>>()?;
    let mut out = vec![0u8; sizes.iter().sum()];
    let mut slices: Vec<&mut [u8]> = Vec::with_capacity(chunks.len());
    let mut rest = out.as_mut_slice();
    for &n in &sizes {
        let (a, b) = rest.split_at_mut(n);
        slices.push(a);
        rest = b;
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let per = chunks.len().div_ceil(threads).max(1);
    let ok = std::thread::scope(|sc| {
        let workers: Vec<_> = chunks
            .chunks(per)
            .zip(slices.chunks_mut(per))
            .map(|(cs, outs)| {
                sc.spawn(move || {
                    let mut dec = snap::raw::Decoder::new();
                    cs.iter().zip(outs.iter_mut()).all(|(&(b, compressed), o)| {
                        if compressed {
                            dec.decompress(b, o).is_ok_and(|n| n == o.len())
                        } else {
                            o.copy_from_slice(b);
                            true
                        }
                    })
                })
            })
            .collect();
        workers.into_iter().all(|w| w.join().unwrap_or(false))
    });
    ok.then_some(out)
}

/// A prior importance of an entry independent of context (log scale).
pub fn importance(e: &Entry) -> f32 {
    let base = match e.kind {
        Kind::Continent => 10.0,
        Kind::Country => 9.5,
        Kind::Admin1 => 3.5,
        Kind::Capital => 5.5,
        Kind::Region => 12.0,
        Kind::Admin2 => 0.5,
        Kind::AdminOther => 0.0,
        Kind::Place => 0.0,
        Kind::Other => 0.0,
    };
    base + ((e.population as f32) + 1.0).ln() * 0.5
}

#[cfg(test)]
mod frame_tests {
    use super::decompress_frames;
    use std::io::Write;

    #[test]
    fn parallel_frame_decoding_matches_the_stream_and_rejects_garbage() {
        // several 64 KiB chunks, compressible and not
        let mut text = String::new();
        for i in 0..40_000u32 {
            text.push_str(&format!("{i}\tname {}\t{}\n", i * 7919 % 1000, i ^ 0x5a5a));
        }
        let mut enc = snap::write::FrameEncoder::new(Vec::new());
        enc.write_all(text.as_bytes()).unwrap();
        let framed = enc.into_inner().unwrap();
        assert_eq!(decompress_frames(&framed).unwrap(), text.as_bytes());
        // truncated, reserved chunk type, garbage: None, never a panic
        assert!(decompress_frames(&framed[..framed.len() - 3]).is_none());
        let mut reserved = framed.clone();
        reserved[10] = 0x02;
        let _ = decompress_frames(&reserved);
        assert!(decompress_frames(&[0x02, 1, 0, 0, 9]).is_none());
        assert_eq!(decompress_frames(&[]).unwrap(), Vec::<u8>::new());
    }
}
