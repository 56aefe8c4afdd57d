//! Word lists of the time grammar, read from `data/time/<lang>/lexicon.tsv`
//! (embedded at compile time) into a hash map built once per language.
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FxHash-style multiplicative hasher: the keys are short words, and the
/// lexicon is fixed data, so a fast non-keyed hash is the right trade.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Calendar unit of a duration or a relative expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Quarter,
    Decade,
    Century,
    Millennium,
    Weekend,
    Fortnight,
    /// Half year (semestre).
    HalfYear,
    /// A fixed number of years (quinquennat = 5).
    Years(u8),
}

/// Part of the day, with its TIMEX3 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pod {
    Morning,
    Afternoon,
    Evening,
    Night,
    Noon,
    Midnight,
}

impl Pod {
    pub fn code(self) -> &'static str {
        match self {
            Pod::Morning => "MO",
            Pod::Afternoon => "AF",
            Pod::Evening => "EV",
            Pod::Night => "NI",
            Pod::Noon => "12:00",
            Pod::Midnight => "24:00",
        }
    }
}

/// Tense marker class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    Future,
}

/// One reading of a word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lex {
    Month(u8),
    Weekday(u8),
    Num(u32),
    Ord(u32),
    Unit(Unit),
    Season(&'static str),
    Pod(Pod),
    Deictic(i32),
    DeicticPod(i32, Pod),
    Vague(&'static str),
    Shift(i32),
    Mod(&'static str),
    Set(&'static str),
    VagueNum,
    Holiday(&'static str),
    Tense(Tense),
}

/// The lexicon of one language.
#[derive(Debug, Default)]
pub struct Lexicon {
    map: FxMap<&'static str, Vec<Lex>>,
}

impl Lexicon {
    fn parse(src: &'static str) -> Lexicon {
        let mut map: FxMap<&'static str, Vec<Lex>> = FxMap::default();
        for line in src.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(form), Some(class), Some(val)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let val = val.trim();
            let lex = match class {
                "month" => val.parse().ok().map(Lex::Month),
                "weekday" => val.parse().ok().map(Lex::Weekday),
                "num" => val.parse().ok().map(Lex::Num),
                "ord" => val.parse().ok().map(Lex::Ord),
                "unit" => parse_unit(val).map(Lex::Unit),
                "season" => Some(Lex::Season(val)),
                "pod" => parse_pod(val).map(Lex::Pod),
                "deictic" => val.parse().ok().map(Lex::Deictic),
                "deicticpod" => {
                    let (o, p) = val.split_once(':').unwrap_or((val, ""));
                    match (o.parse().ok(), parse_pod(p)) {
                        (Some(o), Some(p)) => Some(Lex::DeicticPod(o, p)),
                        _ => None,
                    }
                }
                "vague" => Some(Lex::Vague(val)),
                "shift" => val.parse().ok().map(Lex::Shift),
                "mod" => Some(Lex::Mod(val)),
                "set" => Some(Lex::Set(val)),
                "vnum" => Some(Lex::VagueNum),
                "holiday" => Some(Lex::Holiday(val)),
                "tense" => match val {
                    "past" => Some(Lex::Tense(Tense::Past)),
                    "future" => Some(Lex::Tense(Tense::Future)),
                    "present" => Some(Lex::Tense(Tense::Present)),
                    _ => None,
                },
                _ => None,
            };
            if let Some(l) = lex {
                map.entry(form).or_default().push(l);
            }
        }
        Lexicon { map }
    }

    /// All readings of a lower-cased word (empty when unknown).
    #[inline]
    pub fn get(&self, word: &str) -> &[Lex] {
        self.map.get(word).map(|v| v.as_slice()).unwrap_or(&[])
    }
}

fn parse_unit(v: &str) -> Option<Unit> {
    Some(match v {
        "Y" => Unit::Year,
        "M" => Unit::Month,
        "W" => Unit::Week,
        "D" => Unit::Day,
        "H" => Unit::Hour,
        "MIN" => Unit::Minute,
        "S" => Unit::Second,
        "Q" => Unit::Quarter,
        "DE" => Unit::Decade,
        "CE" => Unit::Century,
        "ML" => Unit::Millennium,
        "WE" => Unit::Weekend,
        "FN" => Unit::Fortnight,
        "HY" => Unit::HalfYear,
        _ => {
            let n = v.strip_suffix('Y')?.parse().ok()?;
            Unit::Years(n)
        }
    })
}

fn parse_pod(v: &str) -> Option<Pod> {
    Some(match v {
        "MO" => Pod::Morning,
        "AF" => Pod::Afternoon,
        "EV" => Pod::Evening,
        "NI" => Pod::Night,
        "MI" => Pod::Noon,
        "MN" => Pod::Midnight,
        _ => return None,
    })
}

/// The lexicon for `lang` (`en` or `fr`; anything else falls back to English).
pub fn lexicon(lang: &str) -> &'static Lexicon {
    static EN: OnceLock<Lexicon> = OnceLock::new();
    static FR: OnceLock<Lexicon> = OnceLock::new();
    if lang == "fr" {
        FR.get_or_init(|| Lexicon::parse(include_str!("../../../data/time/fr/lexicon.tsv")))
    } else {
        EN.get_or_init(|| Lexicon::parse(include_str!("../../../data/time/en/lexicon.tsv")))
    }
}
