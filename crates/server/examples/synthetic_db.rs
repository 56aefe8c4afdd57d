//! Build a synthetic Khaldun database for benchmarks and browser tests:
//! the hand-made test articles plus N generated events (10 per article),
//! spread over 2015-2024, 30 actors, 6 ACLED types and 5,000 places in
//! West Africa and the Sahel. Deterministic (fixed seed).
//!
//! `cargo run --release -p khaldun-server --example synthetic_db -- /tmp/bench.db 1000000`
//! (or a PostgreSQL URL in place of the file: its tables are emptied first).

use std::time::Instant;

use khaldun_model::*;
use khaldun_server::testdata;
use khaldun_store::{SqliteStore, Store};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const TOWNS: &[(&str, f64, f64, &str, &str)] = &[
    ("Ségou", 13.43, -6.22, "ML", "Ségou"),
    ("Mopti", 14.49, -4.20, "ML", "Mopti"),
    ("Gao", 16.27, -0.04, "ML", "Gao"),
    ("Timbuktu", 16.77, -3.01, "ML", "Tombouctou"),
    ("Kidal", 18.44, 1.41, "ML", "Kidal"),
    ("Ménaka", 15.92, 2.40, "ML", "Ménaka"),
    ("Djibo", 14.10, -1.63, "BF", "Sahel"),
    ("Dori", 14.04, -0.03, "BF", "Sahel"),
    ("Kaya", 13.09, -1.08, "BF", "Centre-Nord"),
    ("Fada N'Gourma", 12.06, 0.36, "BF", "Est"),
    ("Ouahigouya", 13.58, -2.42, "BF", "Nord"),
    ("Tillabéri", 14.21, 1.45, "NE", "Tillabéri"),
    ("Diffa", 13.32, 12.61, "NE", "Diffa"),
    ("Tahoua", 14.89, 5.27, "NE", "Tahoua"),
    ("Maiduguri", 11.85, 13.16, "NG", "Borno"),
    ("Gwoza", 11.08, 13.70, "NG", "Borno"),
    ("Zamfara", 12.17, 6.25, "NG", "Zamfara"),
    ("Kaduna", 10.52, 7.44, "NG", "Kaduna"),
    ("N'Djamena", 12.11, 15.04, "TD", "N'Djamena"),
    ("Lac", 13.50, 14.50, "TD", "Lac"),
    ("Bangui", 4.36, 18.56, "CF", "Bangui"),
    ("Bria", 6.54, 21.99, "CF", "Haute-Kotto"),
    ("Goma", -1.68, 29.23, "CD", "North Kivu"),
    ("Beni", 0.49, 29.47, "CD", "North Kivu"),
    ("Bunia", 1.57, 30.25, "CD", "Ituri"),
    ("Mogadishu", 2.04, 45.34, "SO", "Banaadir"),
    ("Kismayo", -0.36, 42.55, "SO", "Lower Juba"),
    ("Khartoum", 15.50, 32.56, "SD", "Khartoum"),
    ("El Fasher", 13.63, 25.35, "SD", "North Darfur"),
    ("Cabo Delgado", -12.33, 39.32, "MZ", "Cabo Delgado"),
];

const TYPES: &[(&str, &str, &str, &str)] = &[
    ("FIGHT", "Battles", "Armed clash", "clashed with"),
    (
        "ASSAULT",
        "Violence against civilians",
        "Attack",
        "attacked",
    ),
    (
        "ASSAULT",
        "Explosions/Remote violence",
        "Air/drone strike",
        "bombed",
    ),
    (
        "PROTEST",
        "Protests",
        "Peaceful protest",
        "protested against",
    ),
    (
        "PROTEST",
        "Riots",
        "Violent demonstration",
        "rioted against",
    ),
    ("COERCE", "Strategic developments", "Arrests", "arrested"),
    (
        "ASSAULT",
        "Violence against civilians",
        "Abduction/forced disappearance",
        "abducted",
    ),
];

const STATUSES: &[EventStatus] = &[
    EventStatus::Asserted,
    EventStatus::Reported,
    EventStatus::Claimed,
    EventStatus::Alleged,
    EventStatus::Denied,
];

fn actors() -> Vec<Actor> {
    let mut v = Vec::new();
    let named = [
        ("jnim", "JNIM", 2),
        ("isgs", "Islamic State Sahel", 2),
        ("iswap", "ISWAP", 2),
        ("boko-haram", "Boko Haram", 2),
        ("al-shabaab", "Al Shabaab", 2),
        ("m23", "M23", 2),
        ("adf", "ADF", 2),
        ("rsf", "Rapid Support Forces", 3),
        ("wagner", "Wagner Group", 8),
        ("vdp", "Volunteers for the Defense of the Homeland", 3),
    ];
    for (id, name, inter) in named {
        v.push(Actor {
            id: Some(id.into()),
            name: name.into(),
            inter: Some(inter),
            ..Default::default()
        });
    }
    for c in ["ML", "BF", "NE", "NG", "TD", "CF", "CD", "SO", "SD", "MZ"] {
        v.push(Actor {
            id: Some(format!("{}-military", c.to_lowercase())),
            name: format!("Military Forces ({c})"),
            inter: Some(1),
            country: Some(c.into()),
            ..Default::default()
        });
        v.push(Actor {
            id: Some(format!("{}-civilians", c.to_lowercase())),
            name: format!("Civilians ({c})"),
            inter: Some(7),
            country: Some(c.into()),
            ..Default::default()
        });
    }
    v
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: synthetic_db PATH [N_EVENTS]")?;
    let n: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(10_000);
    let pg = path.starts_with("postgres://") || path.starts_with("postgresql://");
    let store: Box<dyn Store> = if pg {
        let s = khaldun_store_pg::PgStore::open(&path)?;
        s.conn()?.batch_execute(
            "TRUNCATE articles, events, reports, event_actors, queue RESTART IDENTITY CASCADE",
        )?;
        Box::new(s)
    } else {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{ext}"));
        }
        Box::new(SqliteStore::open(&path)?)
    };
    store.put(&testdata::all())?;
    let actors = actors();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let day0 = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).ok_or("date")?;
    let started = Instant::now();
    let per_article = 10;
    let mut batch = Vec::new();
    let mut made = 0usize;
    let mut art = 0usize;
    while made < n {
        art += 1;
        let url = format!("https://synthetic.example/a/{art}");
        let mut text = String::new();
        let mut events = Vec::new();
        let mut sentences = Vec::new();
        let pub_day = day0 + chrono::Duration::days(rng.below(3650) as i64 + 1);
        for _ in 0..per_article.min(n - made) {
            let (town, lat, lon, cc, admin1) = TOWNS[rng.below(TOWNS.len())];
            let site = rng.below(170); // 30 towns x 170 sites = 5,100 places
            let place_name = format!("{town} site {site}");
            let (ptype, atype, sub, verb) = TYPES[rng.below(TYPES.len())];
            let a = &actors[rng.below(actors.len())];
            let t = &actors[rng.below(actors.len())];
            let killed = (rng.below(3) == 0).then(|| rng.below(40) as u32);
            let date = pub_day - chrono::Duration::days(rng.below(3) as i64);
            let sentence = format!(
                "{} {} {} near {} on {}{}. ",
                a.name,
                verb,
                t.name,
                place_name,
                date.format("%B %-d"),
                killed.map(|k| format!(", killing {k}")).unwrap_or_default()
            );
            let start = text.chars().count();
            let len = sentence.trim_end().chars().count();
            text.push_str(&sentence);
            let sent_span = Span {
                start,
                end: start + len,
                text: sentence.trim_end().to_string(),
            };
            let trig_off = sentence.find(verb).unwrap_or(0);
            let trig_start = start + sentence[..trig_off].chars().count();
            sentences.push(Sentence {
                start,
                end: start + len,
                text: sent_span.text.clone(),
                tokens: vec![],
            });
            let place = Place {
                geonameid: Some(
                    1_000_000
                        + (TOWNS.iter().position(|x| x.0 == town).unwrap_or(0) * 1000 + site)
                            as u64,
                ),
                name: place_name,
                lat: Some(lat + (rng.unit() - 0.5)),
                lon: Some(lon + (rng.unit() - 0.5)),
                country: Some(cc.into()),
                admin1: Some(admin1.into()),
                precision: GeoPrecision::Town,
                ..Default::default()
            };
            let d = date.format("%Y-%m-%d").to_string();
            events.push(Event {
                id: stable_id(&[&url, &made.to_string()]),
                sentence: sentences.len() - 1,
                trigger: Span {
                    start: trig_start,
                    end: trig_start + verb.chars().count(),
                    text: verb.into(),
                },
                evidence: vec![sent_span],
                plover: PloverCoding {
                    event_type: ptype.into(),
                    ..Default::default()
                },
                acled: AcledCoding {
                    event_type: atype.into(),
                    sub_event_type: sub.into(),
                },
                cameo: CameoCoding {
                    root: "19".into(),
                    code: None,
                    goldstein: -10.0,
                },
                actor: Some(a.clone()),
                target: Some(t.clone()),
                location: Some(EventLocation { place, span: None }),
                date: Some(EventDate {
                    date: d.clone(),
                    value: Some(d),
                    precision: DatePrecision::Day,
                    time_precision: 1,
                    source: "text".into(),
                    span: None,
                }),
                killed,
                status: STATUSES[rng.below(STATUSES.len())],
                sources: vec![SourceRef {
                    name: format!("Outlet {}", rng.below(50)),
                    kind: "attribution".into(),
                    ..Default::default()
                }],
                confidence: 0.7,
                ..Default::default()
            });
            made += 1;
        }
        let article = Article {
            id: stable_id(&[&url]),
            url: Some(url),
            publisher: Some(format!("Synthetic Wire {}", art % 20)),
            title: Some(format!("Synthetic report {art}")),
            published: Some(pub_day.format("%Y-%m-%d").to_string()),
            language: Some("en".into()),
            format: "text".into(),
            text,
            ..Default::default()
        };
        batch.push(AnnotatedArticle {
            article,
            sentences,
            events,
            ..Default::default()
        });
        if batch.len() == 1000 {
            store.put(&batch)?;
            batch.clear();
            eprint!("\r{made} events, {:.0} s", started.elapsed().as_secs_f64());
        }
    }
    store.put(&batch)?;
    if pg {
        khaldun_store_pg::PgStore::open(&path)?
            .conn()?
            .batch_execute("VACUUM ANALYZE")?;
    } else {
        SqliteStore::open(&path)?
            .connection()
            .execute_batch("PRAGMA optimize; ANALYZE;")?;
    }
    let stats = store.stats()?;
    eprintln!(
        "\n{path}: {} articles, {} events ({} reports) in {:.0} s",
        stats.articles,
        stats.events,
        stats.reports,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
