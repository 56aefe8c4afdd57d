//! A brief built from a small synthetic store: figures equal the store's own counts, every
//! reference resolves, claims and denials are listed, fallbacks are marked.

use khaldun_brief::{build, html, markdown, BriefQuery};
use khaldun_model::{
    AcledCoding, Actor, AnnotatedArticle, Article, Event, EventDate, EventLocation, EventStatus,
    GeoPrecision, Place, Span,
};
use khaldun_store::{EventQuery, SqliteStore, Store};

struct Ev<'a> {
    date: &'a str,
    acled: (&'a str, &'a str),
    place: (&'a str, &'a str, f64, f64),
    actor: &'a str,
    killed: u32,
    status: EventStatus,
}

fn event(i: usize, e: &Ev) -> Event {
    Event {
        id: format!("ev{i}"),
        acled: AcledCoding {
            event_type: e.acled.0.into(),
            sub_event_type: e.acled.1.into(),
        },
        actor: Some(Actor {
            id: Some(e.actor.to_lowercase()),
            name: e.actor.into(),
            inter: Some(2),
            ..Default::default()
        }),
        location: Some(EventLocation {
            place: Place {
                name: e.place.0.into(),
                admin1: Some(e.place.1.into()),
                country: Some("ML".into()),
                lat: Some(e.place.2),
                lon: Some(e.place.3),
                precision: GeoPrecision::Town,
                ..Default::default()
            },
            span: Some(Span::default()),
        }),
        date: Some(EventDate {
            date: e.date.into(),
            time_precision: 1,
            source: "text".into(),
            ..Default::default()
        }),
        killed: Some(e.killed),
        status: e.status,
        claimant: (e.status == EventStatus::Claimed).then(|| e.actor.to_string()),
        denied_by: (e.status == EventStatus::Denied).then(|| "the army".to_string()),
        confidence: 0.9,
        ..Default::default()
    }
}

/// One article per event, on distinct days and places so that no two merge.
fn store(events: &[Ev]) -> SqliteStore {
    let s = SqliteStore::open_in_memory().unwrap();
    let docs: Vec<AnnotatedArticle> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut d = AnnotatedArticle::new(Article {
                id: format!("a{i}"),
                title: Some(format!("Report {i}")),
                publisher: Some(format!("Outlet {i}")),
                published: Some(e.date.into()),
                text: format!("Article {i} about {}.", e.place.0),
                ..Default::default()
            });
            d.events.push(event(i, e));
            d
        })
        .collect();
    s.put(&docs).unwrap();
    s
}

const VAC: (&str, &str) = ("Violence against civilians", "Attack");
const CLASH: (&str, &str) = ("Battles", "Armed clash");
const BONI: (&str, &str, f64, f64) = ("Boni", "Mopti", 15.05, -1.98);
const SEGOU: (&str, &str, f64, f64) = ("Ségou", "Ségou", 13.43, -6.26);
const GAO: (&str, &str, f64, f64) = ("Gao", "Gao", 16.27, -0.04);

fn sample() -> Vec<Ev<'static>> {
    use EventStatus::*;
    vec![
        // previous period (February)
        Ev {
            date: "2024-02-05",
            acled: CLASH,
            place: SEGOU,
            actor: "JNIM",
            killed: 2,
            status: Asserted,
        },
        Ev {
            date: "2024-02-20",
            acled: VAC,
            place: SEGOU,
            actor: "JNIM",
            killed: 1,
            status: Asserted,
        },
        // period (March)
        Ev {
            date: "2024-03-02",
            acled: CLASH,
            place: BONI,
            actor: "JNIM",
            killed: 3,
            status: Claimed,
        },
        Ev {
            date: "2024-03-09",
            acled: VAC,
            place: BONI,
            actor: "ISSP",
            killed: 12,
            status: Asserted,
        },
        Ev {
            date: "2024-03-16",
            acled: CLASH,
            place: GAO,
            actor: "FLA",
            killed: 0,
            status: Denied,
        },
    ]
}

fn march() -> BriefQuery {
    BriefQuery {
        country: Some("ML".into()),
        from: Some("2024-03-01".parse().unwrap()),
        to: Some("2024-03-31".parse().unwrap()),
        ..Default::default()
    }
}

#[test]
fn figures_equal_the_stores_counts() {
    let s = store(&sample());
    let b = build(&s, &march()).unwrap();
    let page = s
        .events(&EventQuery {
            country: Some("ML".into()),
            date_from: Some("2024-03-01".into()),
            date_to: Some("2024-03-31".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(b.total.events as usize, page.events.len());
    let killed: u32 = page.events.iter().filter_map(|r| r.event.killed).sum();
    assert_eq!(b.total.fatalities, killed);
    assert_eq!((b.total.prev_events, b.total.prev_fatalities), (2, 3));
    let battles = b.figures.iter().find(|f| f.label == "Battles").unwrap();
    assert_eq!((battles.events, battles.prev_events), (2, 1));
    assert_eq!(b.previous.unwrap().from.to_string(), "2024-01-30");
}

#[test]
fn the_deadliest_event_leads_and_claims_sit_beside_denials() {
    let b = build(&store(&sample()), &march()).unwrap();
    let first = b.event(b.significant[0].n).unwrap();
    assert_eq!(first.killed, 12);
    assert!(first.note.contains("Boni"), "{}", first.note);
    let statuses: Vec<&str> = b.claims.iter().map(|c| c.status.as_str()).collect();
    assert_eq!(statuses, ["claimed", "denied"]);
    assert_eq!(b.claims[1].denied_by.as_deref(), Some("the army"));
    // ISSP and FLA have no event in February: newly active; JNIM is not
    let new: Vec<&str> = b
        .actors
        .iter()
        .filter(|a| a.new)
        .map(|a| a.name.as_str())
        .collect();
    assert!(
        new.contains(&"ISSP") && new.contains(&"FLA") && !new.contains(&"JNIM"),
        "{new:?}"
    );
    // violence moved from Ségou to Mopti and Gao
    assert!(b.rising.iter().any(|t| t.label.starts_with("Mopti")));
    assert!(b.falling.iter().any(|t| t.label.starts_with("Ségou")));
}

#[test]
fn every_reference_in_the_html_resolves_and_figures_are_svg() {
    let b = build(&store(&sample()), &march()).unwrap();
    let page = html(&b);
    assert!(page.starts_with("<!doctype html>"));
    assert!(page.contains("<svg") && page.contains("class=\"map\""));
    assert!(!page.contains("<script"), "self-contained and inert");
    let mut n = 0;
    for part in page.split("href=\"#e").skip(1) {
        let num: String = part.chars().take_while(char::is_ascii_digit).collect();
        assert!(
            page.contains(&format!("id=\"e{num}\"")),
            "dangling reference e{num}"
        );
        n += 1;
    }
    assert!(n >= 10, "figures, sections and the map cite events: {n}");
    let md = markdown(&b);
    assert!(md.contains("## Headline figures") && md.contains("<a id=\"e5\"></a>"));
}

#[test]
fn an_empty_scope_says_so() {
    let b = build(
        &store(&sample()),
        &BriefQuery {
            country: Some("BF".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(b.period.is_none());
    assert!(markdown(&b).contains("No events in the database for Burkina Faso"));
}

#[test]
fn the_default_period_ends_on_the_latest_event() {
    let b = build(
        &store(&sample()),
        &BriefQuery {
            country: Some("ML".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let p = b.period.unwrap();
    assert_eq!(p.to.to_string(), "2024-03-16");
    assert!(b.default_period);
    // 5 events in all: no window up to a year holds 10, so the longest is taken
    assert_eq!(p.days(), 365);
}
