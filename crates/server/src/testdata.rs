//! Small hand-made annotated articles for tests, the browser test's database
//! and the synthetic benchmark database. Written for Khaldun (CC0); the
//! reports are invented and describe no real event.

use khaldun_model::*;

/// Code point span of the first `needle` in `text` (empty span at 0 when absent).
pub fn span_of(text: &str, needle: &str) -> Span {
    match text.find(needle) {
        Some(b) => {
            let start = text[..b].chars().count();
            Span {
                start,
                end: start + needle.chars().count(),
                text: needle.into(),
            }
        }
        None => Span::default(),
    }
}

fn actor(id: &str, name: &str, inter: u8, sector: &str, country: Option<&str>) -> Actor {
    Actor {
        id: Some(id.into()),
        name: name.into(),
        inter: Some(inter),
        sector: Some(sector.into()),
        country: country.map(Into::into),
        ..Default::default()
    }
}

fn mention(text: &str, surface: &str, a: &Actor) -> ActorMention {
    let s = span_of(text, surface);
    ActorMention {
        start: s.start,
        end: s.end,
        text: s.text,
        actor: a.clone(),
        ..Default::default()
    }
}

/// What one hand-made report says.
pub struct Spec<'a> {
    pub url: &'a str,
    pub publisher: &'a str,
    pub title: &'a str,
    pub published: &'a str,
    pub language: &'a str,
    pub text: &'a str,
    /// The sentence holding the event (must be in `text`).
    pub sentence: &'a str,
    pub trigger: &'a str,
    pub plover: &'a str,
    pub acled: (&'a str, &'a str),
    pub actor: Option<(Actor, &'a str)>,
    pub target: Option<(Actor, &'a str)>,
    pub place: (&'a str, f64, f64, &'a str, &'a str),
    pub date: (&'a str, Option<&'a str>),
    pub killed: Option<u32>,
    pub status: EventStatus,
    pub claimant: Option<&'a str>,
    pub source: Option<&'a str>,
}

/// Build an annotated article from a spec (sentence split on ". ").
pub fn build(spec: &Spec) -> AnnotatedArticle {
    let text = spec.text;
    let article = Article {
        id: stable_id(&[spec.url]),
        url: Some(spec.url.into()),
        publisher: Some(spec.publisher.into()),
        title: Some(spec.title.into()),
        published: Some(spec.published.into()),
        language: Some(spec.language.into()),
        format: "text".into(),
        text: text.into(),
        ..Default::default()
    };
    let mut doc = AnnotatedArticle::new(article);
    // sentences: split after ". "
    let mut start_b = 0;
    for (i, _) in text.match_indices(". ") {
        let end_b = i + 1;
        push_sentence(&mut doc, text, start_b, end_b);
        start_b = end_b + 1;
    }
    if start_b < text.len() {
        push_sentence(&mut doc, text, start_b, text.len());
    }
    let sent = span_of(text, spec.sentence);
    let sentence_idx = doc.sentence_at(sent.start).unwrap_or(0);
    let mut ev = Event {
        sentence: sentence_idx,
        trigger: span_of(text, spec.trigger),
        evidence: vec![sent.clone()],
        plover: PloverCoding {
            event_type: spec.plover.into(),
            ..Default::default()
        },
        acled: AcledCoding {
            event_type: spec.acled.0.into(),
            sub_event_type: spec.acled.1.into(),
        },
        cameo: CameoCoding {
            root: "19".into(),
            code: None,
            goldstein: -10.0,
        },
        status: spec.status,
        claimant: spec.claimant.map(Into::into),
        killed: spec.killed,
        confidence: 0.8,
        ..Default::default()
    };
    ev.id = stable_id(&[&doc.article.id, &ev.trigger.start.to_string()]);
    if let Some((a, surface)) = &spec.actor {
        doc.actors.push(mention(text, surface, a));
        ev.actor = Some(a.clone());
    }
    if let Some((a, surface)) = &spec.target {
        doc.actors.push(mention(text, surface, a));
        ev.target = Some(a.clone());
    }
    let (pname, lat, lon, country, admin1) = spec.place;
    let pspan = span_of(text, pname);
    let place = Place {
        geonameid: None,
        name: pname.into(),
        lat: Some(lat),
        lon: Some(lon),
        country: Some(country.into()),
        admin1: Some(admin1.into()),
        admin2: None,
        feature: Some("P.PPL".into()),
        precision: GeoPrecision::Town,
    };
    doc.places.push(PlaceMention {
        start: pspan.start,
        end: pspan.end,
        text: pspan.text.clone(),
        place: place.clone(),
        kind: "toponym".into(),
        qualifier: None,
        score: 1.0,
    });
    ev.location = Some(EventLocation {
        place,
        span: Some(pspan),
    });
    let (day, dtext) = spec.date;
    ev.date = Some(EventDate {
        date: day.into(),
        value: Some(day.into()),
        precision: DatePrecision::Day,
        time_precision: 1,
        source: if dtext.is_some() {
            "text".into()
        } else {
            "published".into()
        },
        span: dtext.map(|t| span_of(text, t)),
    });
    if let Some(src) = spec.source {
        let s = span_of(text, src);
        ev.sources.push(SourceRef {
            name: src.into(),
            kind: "citation".into(),
            date: None,
            url: None,
            span: Some(s),
        });
    }
    doc.events.push(ev);
    doc.actors.sort_by_key(|m| m.start);
    doc
}

fn push_sentence(doc: &mut AnnotatedArticle, text: &str, sb: usize, eb: usize) {
    let s = &text[sb..eb];
    let lead = s.len() - s.trim_start().len();
    let s = s.trim();
    if s.is_empty() {
        return;
    }
    let start = text[..sb + lead].chars().count();
    doc.sentences.push(Sentence {
        start,
        end: start + s.chars().count(),
        text: s.into(),
        tokens: vec![],
    });
}

pub fn jnim() -> Actor {
    actor("jnim", "JNIM", 2, "REB", None)
}
pub fn mali_army() -> Actor {
    actor(
        "mli-military",
        "Military Forces of Mali",
        1,
        "MIL",
        Some("ML"),
    )
}
pub fn civilians(c: &str) -> Actor {
    actor(
        &format!("{}-civilians", c.to_lowercase()),
        &format!("Civilians ({c})"),
        7,
        "CVL",
        Some(c),
    )
}

/// An attack near Ségou, Mali, with a cited source.
pub fn article_bamako() -> AnnotatedArticle {
    build(&Spec {
        url: "https://example.org/2024/03/ml-segou",
        publisher: "Test Wire",
        title: "Militants attack army post in central Mali",
        published: "2024-03-12",
        language: "en",
        text: "BAMAKO, Mali — Security in central Mali worsened this week. JNIM fighters killed 12 soldiers near Ségou on Monday, a local official said (Twitter/@Lesoirdebamako, March 11). The army did not comment.",
        sentence: "JNIM fighters killed 12 soldiers near Ségou on Monday, a local official said (Twitter/@Lesoirdebamako, March 11).",
        trigger: "killed",
        plover: "ASSAULT",
        acled: ("Battles", "Armed clash"),
        actor: Some((jnim(), "JNIM")),
        target: Some((mali_army(), "soldiers")),
        place: ("Ségou", 13.4317, -6.2157, "ML", "Ségou"),
        date: ("2024-03-11", Some("on Monday")),
        killed: Some(12),
        status: EventStatus::Reported,
        claimant: Some("a local official"),
        source: Some("Twitter/@Lesoirdebamako"),
    })
}

/// The same attack told by a French outlet (a second report and source).
pub fn article_segou_fr() -> AnnotatedArticle {
    build(&Spec {
        url: "https://example.org/fr/2024/03/segou",
        publisher: "Journal d'essai",
        title: "Attaque meurtrière près de Ségou",
        published: "2024-03-12",
        language: "fr",
        text: "Le JNIM a revendiqué l'attaque. Selon le groupe, ses combattants ont tué douze soldats près de Ségou lundi.",
        sentence: "Selon le groupe, ses combattants ont tué douze soldats près de Ségou lundi.",
        trigger: "tué",
        plover: "ASSAULT",
        acled: ("Battles", "Armed clash"),
        actor: Some((jnim(), "combattants")),
        target: Some((mali_army(), "soldats")),
        place: ("Ségou", 13.4317, -6.2157, "ML", "Ségou"),
        date: ("2024-03-11", Some("lundi")),
        killed: Some(12),
        status: EventStatus::Claimed,
        claimant: Some("JNIM"),
        source: None,
    })
}

/// A protest in Niamey, Niger.
pub fn article_niamey() -> AnnotatedArticle {
    build(&Spec {
        url: "https://example.org/2024/02/ne-niamey-protest",
        publisher: "Test Wire",
        title: "Thousands march in Niamey",
        published: "2024-02-03",
        language: "en",
        text: "Thousands of protesters marched in Niamey on Saturday against rising prices. Police watched but did not intervene.",
        sentence: "Thousands of protesters marched in Niamey on Saturday against rising prices.",
        trigger: "marched",
        plover: "PROTEST",
        acled: ("Protests", "Peaceful protest"),
        actor: Some((actor("ner-protesters", "Protesters (Niger)", 6, "CVL", Some("NE")), "protesters")),
        target: None,
        place: ("Niamey", 13.5137, 2.1098, "NE", "Niamey"),
        date: ("2024-02-03", Some("on Saturday")),
        killed: None,
        status: EventStatus::Asserted,
        claimant: None,
        source: None,
    })
}

/// An abduction in northern Burkina Faso, denied by the army. The text holds
/// markup-like characters to check that the UI escapes article text.
pub fn article_djibo() -> AnnotatedArticle {
    build(&Spec {
        url: "https://example.org/2024/01/bf-djibo",
        publisher: "Sahel <Monitor>",
        title: "Villagers abducted near Djibo <script>alert(1)</script>",
        published: "2024-01-20",
        language: "en",
        text: "Gunmen abducted 30 villagers near Djibo on January 18, residents said. The army denied the report <b>as false</b>.",
        sentence: "Gunmen abducted 30 villagers near Djibo on January 18, residents said.",
        trigger: "abducted",
        plover: "ASSAULT",
        acled: ("Violence against civilians", "Abduction/forced disappearance"),
        actor: Some((actor("uag", "Unidentified Armed Group", 3, "REB", None), "Gunmen")),
        target: Some((civilians("BF"), "villagers")),
        place: ("Djibo", 14.1011, -1.6306, "BF", "Sahel"),
        date: ("2024-01-18", Some("on January 18")),
        killed: None,
        status: EventStatus::Denied,
        claimant: Some("the army"),
        source: None,
    })
}

/// An airstrike in Borno, Nigeria.
pub fn article_borno() -> AnnotatedArticle {
    build(&Spec {
        url: "https://example.org/2023/12/ng-borno-strike",
        publisher: "Lagos Test Daily",
        title: "Air force strikes camp in Borno",
        published: "2023-12-05",
        language: "en",
        text: "The Nigerian Air Force said its jets bombed a militant camp near Gwoza on Sunday, killing several fighters.",
        sentence: "The Nigerian Air Force said its jets bombed a militant camp near Gwoza on Sunday, killing several fighters.",
        trigger: "bombed",
        plover: "ASSAULT",
        acled: ("Explosions/Remote violence", "Air/drone strike"),
        actor: Some((actor("nga-military", "Military Forces of Nigeria", 1, "MIL", Some("NG")), "Nigerian Air Force")),
        target: Some((actor("iswap", "ISWAP", 2, "REB", None), "militant")),
        place: ("Gwoza", 11.0833, 13.6953, "NG", "Borno"),
        date: ("2023-12-03", Some("on Sunday")),
        killed: Some(3),
        status: EventStatus::Claimed,
        claimant: Some("Nigerian Air Force"),
        source: None,
    })
}

/// Every hand-made article.
pub fn all() -> Vec<AnnotatedArticle> {
    vec![
        article_bamako(),
        article_segou_fr(),
        article_niamey(),
        article_djibo(),
        article_borno(),
    ]
}

/// An in-memory SQLite store holding `docs` (articles with an error are left out).
pub fn store(docs: Vec<AnnotatedArticle>) -> std::sync::Arc<dyn khaldun_store::Store> {
    let store = khaldun_store::SqliteStore::open_in_memory().expect("in-memory SQLite");
    let good: Vec<AnnotatedArticle> = docs.into_iter().filter(|d| d.error.is_none()).collect();
    khaldun_store::Store::put(&store, &good).expect("test articles stored");
    std::sync::Arc::new(store)
}

/// The API's view of [`store`].
pub fn backend(docs: Vec<AnnotatedArticle>) -> crate::StoreBackend {
    crate::StoreBackend::new(store(docs))
}
