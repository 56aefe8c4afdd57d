//! One suite of store tests that every backend passes: each check takes a
//! function that makes an empty store. [`conformance_tests!`] turns the
//! suite into `#[test]` functions for one backend.
//!
//! ```ignore
//! khaldun_store::conformance_tests!(|| Box::new(SqliteStore::open_in_memory().unwrap()));
//! ```

use khaldun_model::*;

use crate::{ActorQuery, ArticleQuery, Bucket, EventQuery, PutOutcome, Store, TimelineBin};

/// Makes an empty store.
pub type Make<'a> = &'a dyn Fn() -> Box<dyn Store>;

/// `#[test]` functions running every check against stores that `$make` makes.
///
/// With `if COND,` first, each test returns at once when `COND` is false
/// (a server the suite needs is not configured).
#[macro_export]
macro_rules! conformance_tests {
    (if $cond:expr, $make:expr) => {
        $crate::conformance_tests!(@tests if $cond, $make);
    };
    ($make:expr) => {
        $crate::conformance_tests!(@tests if true, $make);
    };
    (@tests if $cond:expr, $make:expr) => {
        #[test]
        fn conformance_put_is_idempotent_and_updates_replace() {
            if !$cond {
                return;
            }
            $crate::conformance::put_is_idempotent_and_updates_replace(&$make);
        }
        #[test]
        fn conformance_same_event_from_two_articles_is_one_event() {
            if !$cond {
                return;
            }
            $crate::conformance::same_event_from_two_articles_is_one_event(&$make);
        }
        #[test]
        fn conformance_filters_and_keyset_pages() {
            if !$cond {
                return;
            }
            $crate::conformance::filters_and_keyset_pages(&$make);
        }
        #[test]
        fn conformance_timelines_actors_places_stats() {
            if !$cond {
                return;
            }
            $crate::conformance::timelines_actors_places_stats(&$make);
        }
        #[test]
        fn conformance_flagged_events_are_hidden_by_default() {
            if !$cond {
                return;
            }
            $crate::conformance::flagged_events_are_hidden_by_default(&$make);
        }
        #[test]
        fn conformance_dedup_is_order_independent() {
            if !$cond {
                return;
            }
            $crate::conformance::dedup_is_order_independent(&$make);
        }
        #[test]
        fn conformance_hand_split_and_merge_outlive_reclustering() {
            if !$cond {
                return;
            }
            $crate::conformance::hand_split_and_merge_outlive_reclustering(&$make);
        }
    };
}

/// An attack on civilians at a numbered place (`geonameid`, lat, lon).
pub fn event(id: &str, date: &str, place: Option<(u64, f64, f64)>, actor: Option<&str>) -> Event {
    Event {
        id: id.into(),
        plover: PloverCoding {
            event_type: "ASSAULT".into(),
            ..Default::default()
        },
        acled: AcledCoding {
            event_type: "Violence against civilians".into(),
            sub_event_type: "Attack".into(),
        },
        date: Some(EventDate {
            date: date.into(),
            precision: DatePrecision::Day,
            time_precision: 1,
            source: "text".into(),
            ..Default::default()
        }),
        location: place.map(|(g, lat, lon)| EventLocation {
            place: Place {
                geonameid: Some(g),
                name: format!("Place{g}"),
                lat: Some(lat),
                lon: Some(lon),
                country: Some("ML".into()),
                admin1: Some("Ségou".into()),
                ..Default::default()
            },
            span: None,
        }),
        actor: actor.map(|a| Actor {
            id: Some(a.into()),
            name: a.to_uppercase(),
            inter: Some(2),
            ..Default::default()
        }),
        target: Some(Actor {
            name: "civilians".into(),
            ..Default::default()
        }),
        sources: vec![SourceRef {
            name: format!("src-{id}"),
            kind: "citation".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// An article with its events.
pub fn doc(id: &str, title: &str, text: &str, events: Vec<Event>) -> AnnotatedArticle {
    AnnotatedArticle {
        article: Article {
            id: id.into(),
            title: Some(title.into()),
            publisher: Some(format!("Outlet {id}")),
            published: Some("2022-05-22".into()),
            language: Some("en".into()),
            text: text.into(),
            ..Default::default()
        },
        events,
        ..Default::default()
    }
}

/// Two articles telling one massacre: rare names in both, same town and day.
fn massacre(id: &str, killed: u32, lang: &str) -> AnnotatedArticle {
    let mut e = event(
        &format!("ev-{id}"),
        "2022-03-14",
        Some((2_453_348, 13.43, -6.26)),
        Some("jnim"),
    );
    e.killed = Some(killed);
    let (title, text) = if lang == "fr" {
        (
            "Massacre à Diafarabé: Koumbaka pleure ses morts",
            "Des hommes armés ont tué des villageois à Diafarabé, près de Koumbaka, selon Oumarou Traoré.",
        )
    } else {
        (
            "Diafarabé massacre: Koumbaka mourns its dead",
            "Gunmen killed villagers in Diafarabé near Koumbaka, said Oumarou Traoré, a local official.",
        )
    };
    let mut d = doc(id, title, text, vec![e]);
    d.article.language = Some(lang.into());
    d
}

pub fn put_is_idempotent_and_updates_replace(make: Make) {
    let s = make();
    let d = doc(
        "a1",
        "Attack",
        "Gunmen attacked Place7.",
        vec![event(
            "e1",
            "2022-04-01",
            Some((7, 12.0, -5.0)),
            Some("jnim"),
        )],
    );
    assert_eq!(s.put(std::slice::from_ref(&d)).unwrap(), [PutOutcome::New]);
    assert!(s.is_stored(&d.article).unwrap());
    assert_eq!(
        s.put(std::slice::from_ref(&d)).unwrap(),
        [PutOutcome::Duplicate]
    );
    let mut changed = d.clone();
    changed.article.text.push_str(" Later: more details.");
    assert!(!s.is_stored(&changed.article).unwrap());
    changed.events = vec![event("e2", "2022-04-02", Some((8, 13.0, -5.0)), None)];
    assert_eq!(s.put(&[changed]).unwrap(), [PutOutcome::Updated]);
    let stats = s.stats().unwrap();
    assert_eq!((stats.articles, stats.events, stats.reports), (1, 1, 1));
    let back = s.article("a1").unwrap().unwrap();
    assert!(back.article.text.ends_with("more details."));
    assert_eq!(back.events.len(), 1);
    assert_eq!(back.events[0].id, "e2");
    assert!(s.article("missing").unwrap().is_none());
    let list = s.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].events, 1);
}

pub fn same_event_from_two_articles_is_one_event(make: Make) {
    let s = make();
    s.put(&[massacre("en1", 12, "en"), massacre("fr1", 9, "fr")])
        .unwrap();
    let page = s.events(&EventQuery::default()).unwrap();
    assert_eq!(page.events.len(), 1, "two tellings, one event");
    let r = &page.events[0];
    assert_eq!(r.reports, 2);
    assert_eq!(r.event.killed, Some(9), "the lowest count");
    let d = s.event(&r.id).unwrap().unwrap();
    assert_eq!(d.reports.len(), 2);
    assert!(
        d.reports.iter().any(|r| r.merged_by.is_some()),
        "the second report says why it joined"
    );
    let prefix = &r.id[..8];
    assert_eq!(
        s.event_ids_with_prefix(prefix, 2).unwrap(),
        std::slice::from_ref(&r.id)
    );
    assert!(s.event("nope").unwrap().is_none());
}

/// Articles for concurrency tests: `n` incidents, each told by three
/// articles (two in English, one in French; the same names, town and day),
/// and the 25 routine reports of the filter tests.
pub fn incident_corpus(n: usize) -> Vec<AnnotatedArticle> {
    let mut out = corpus();
    for i in 0..n {
        for (k, lang) in ["en", "fr", "en"].into_iter().enumerate() {
            let mut d = massacre(&format!("inc{i}-{k}"), 10 + k as u32, lang);
            let e = &mut d.events[0];
            e.date.as_mut().unwrap().date = format!("{}-06-14", 2000 + i);
            let place = &mut e.location.as_mut().unwrap().place;
            place.geonameid = Some(5_000 + i as u64);
            place.lat = Some(-40.0 + 9.0 * i as f64);
            place.name = format!("Town{i}");
            d.article.title = Some(format!("Town{i} massacre: Koumbaka{i} mourns"));
            d.article.text = format!(
                "Gunmen killed villagers in Town{i} near Koumbaka{i}, said Oumarou Traoré{i}."
            );
            out.push(d);
        }
    }
    out
}

fn corpus() -> Vec<AnnotatedArticle> {
    (0..25)
        .map(|i| {
            let date = format!("2022-04-{:02}", i + 1);
            let place = Some((100 + i as u64, 10.0 + i as f64, -5.0));
            let actor = if i % 2 == 0 { "jnim" } else { "isgs" };
            let text = match i {
                7 => "A raid on Sévaré left the market empty.",
                8 => "Les villageois ont fui les attaques.",
                _ => "routine text.",
            };
            let mut d = doc(
                &format!("d{i:02}"),
                &format!("Report {i}"),
                text,
                vec![event(&format!("e{i}"), &date, place, Some(actor))],
            );
            if i == 8 {
                d.article.language = Some("fr".into());
            }
            d
        })
        .collect()
}

pub fn filters_and_keyset_pages(make: Make) {
    let s = make();
    s.put(&corpus()).unwrap();
    let q = |f: EventQuery| s.events(&f).unwrap().events;
    let all = q(EventQuery::default());
    assert_eq!(all.len(), 25);
    assert_eq!(all[0].event.date.as_ref().unwrap().date, "2022-04-25");
    // keyset pagination visits every event once, in order
    let mut seen = Vec::new();
    let mut page_q = EventQuery {
        limit: Some(10),
        ..Default::default()
    };
    loop {
        let p = s.events(&page_q).unwrap();
        seen.extend(p.events.iter().map(|r| r.id.clone()));
        match p.next_cursor {
            Some(c) => page_q.cursor = Some(c),
            None => break,
        }
    }
    let ids: Vec<String> = all.iter().map(|r| r.id.clone()).collect();
    assert_eq!(seen, ids);
    let bbox = q(EventQuery {
        bbox: Some([-6.0, 9.5, -4.0, 12.5]),
        ..Default::default()
    });
    assert_eq!(bbox.len(), 3);
    let text = |t: &str| {
        q(EventQuery {
            text: Some(t.into()),
            ..Default::default()
        })
        .len()
    };
    assert_eq!(text("sevare"), 1, "accent-insensitive full text");
    assert_eq!(text("Sévaré market"), 1, "every term");
    assert_eq!(text("villageois"), 1, "French text");
    assert_eq!(
        text("\"((*"),
        25,
        "no terms, no filter (and no syntax error)"
    );
    let jnim = q(EventQuery {
        actor: Some("JNIM".into()),
        date_from: Some("2022-04-10".into()),
        date_to: Some("2022-04-20".into()),
        ..Default::default()
    });
    assert_eq!(jnim.len(), 5);
    assert!(jnim
        .iter()
        .all(|r| r.event.actor.as_ref().unwrap().name == "JNIM"));
    let fragment = q(EventQuery {
        actor: Some("IS".into()),
        ..Default::default()
    });
    assert_eq!(fragment.len(), 12, "a name fragment");
    let ml = q(EventQuery {
        country: Some("ml".into()),
        admin1: Some("ségou".into()),
        plover_type: Some("assault".into()),
        acled_sub_type: Some("attack".into()),
        status: Some("ASSERTED".into()),
        min_sources: Some(1),
        ..Default::default()
    });
    assert_eq!(ml.len(), 25, "case-insensitive filters");
    assert!(s
        .events(&EventQuery {
            cursor: Some("bad".into()),
            ..Default::default()
        })
        .is_err());
    assert!(s
        .events(&EventQuery {
            bbox: Some([5.0, 0.0, 4.0, 1.0]),
            ..Default::default()
        })
        .is_err());
}

pub fn timelines_actors_places_stats(make: Make) {
    let s = make();
    s.put(&corpus()).unwrap();
    let month = s.timeline(&EventQuery::default(), Bucket::Month).unwrap();
    assert_eq!(
        month,
        vec![TimelineBin {
            bucket: "2022-04".into(),
            acled_type: "Violence against civilians".into(),
            count: 25
        }]
    );
    let week = s.timeline(&EventQuery::default(), Bucket::Week).unwrap();
    let labels: Vec<&str> = week.iter().map(|b| b.bucket.as_str()).collect();
    assert_eq!(
        labels,
        ["2022-W13", "2022-W14", "2022-W15", "2022-W16", "2022-W17"]
    );
    assert_eq!(week.iter().map(|b| b.count).sum::<u32>(), 25);
    let day = s
        .timeline(
            &EventQuery {
                actor: Some("jnim".into()),
                bbox: Some([-6.0, 9.5, -4.0, 40.0]),
                ..Default::default()
            },
            Bucket::Day,
        )
        .unwrap();
    assert_eq!(day.len(), 13);
    assert_eq!(day[0].bucket, "2022-04-01");
    let actors = s.actors(&ActorQuery::default()).unwrap();
    assert_eq!(actors[0].events, 25, "civilians are targets in every event");
    assert_eq!(actors[0].as_target, 25);
    let found = s
        .actors(&ActorQuery {
            q: Some("isg".into()),
            limit: Some(5),
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id.as_deref(), Some("isgs"));
    let d = s.actor("JNIM").unwrap().unwrap();
    assert_eq!(d.summary.as_actor, 13);
    assert_eq!(d.summary.first_date.as_deref(), Some("2022-04-01"));
    assert_eq!(d.activity.iter().map(|b| b.count).sum::<u32>(), 13);
    assert_eq!(d.recent.len(), 13);
    assert_eq!(d.counterparts[0].name, "civilians");
    assert_eq!(d.counterparts[0].count, 13);
    assert!(s.actor("nobody").unwrap().is_none());
    let places = s.places("place10", 50).unwrap();
    assert_eq!(places.len(), 10, "Place100..Place109");
    assert!(places.iter().all(|p| p.name.starts_with("Place10")));
    assert_eq!(places[0].events, 1);
    assert_eq!(s.places("place1_", 5).unwrap().len(), 0, "no wildcards");
    assert_eq!(s.places("%", 5).unwrap().len(), 0, "no wildcards");
    let stats = s.stats().unwrap();
    assert_eq!((stats.articles, stats.events, stats.reports), (25, 25, 25));
    assert_eq!(stats.by_country, [("ML".to_string(), 25)]);
}

pub fn flagged_events_are_hidden_by_default(make: Make) {
    let s = make();
    let mut negated = event("n", "2022-04-01", Some((1, 1.0, 1.0)), None);
    negated.negated = true;
    let mut historical = event("h", "2021-04-01", Some((2, 2.0, 2.0)), None);
    historical.historical = true;
    let plain = event("p", "2022-04-03", Some((3, 3.0, 3.0)), None);
    s.put(&[doc("f", "T", "text", vec![negated, historical, plain])])
        .unwrap();
    assert_eq!(s.events(&EventQuery::default()).unwrap().events.len(), 1);
    let all = s
        .events(&EventQuery {
            include_flagged: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.events.len(), 2, "the negated event is not stored");
    assert_eq!(s.stats().unwrap().events, 1);
}

/// Which reports each event holds, as sorted article-id lists, with its
/// merged death toll.
pub fn partition(s: &dyn Store) -> Vec<(Vec<String>, Option<u32>)> {
    let page = s
        .events(&EventQuery {
            include_flagged: true,
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap();
    let mut out: Vec<(Vec<String>, Option<u32>)> = page
        .events
        .iter()
        .map(|r| {
            let d = s.event(&r.id).unwrap().unwrap();
            let mut arts: Vec<String> = d.reports.iter().map(|r| r.article_id.clone()).collect();
            arts.sort();
            (arts, r.event.killed)
        })
        .collect();
    out.sort();
    out
}

pub fn dedup_is_order_independent(make: Make) {
    let mut docs = vec![
        massacre("m1", 12, "en"),
        massacre("m2", 9, "fr"),
        massacre("m3", 10, "en"),
    ];
    // an attack elsewhere the same day, and one in the same town a week later
    docs.push(doc(
        "x1",
        "Clash in Place9",
        "Fighting in Place9.",
        vec![event("x", "2022-03-14", Some((9, 15.0, 2.0)), Some("isgs"))],
    ));
    docs.push(doc(
        "y1",
        "Diafarabé again",
        "Another attack in Diafarabé.",
        vec![event(
            "y",
            "2022-03-21",
            Some((2_453_348, 13.43, -6.26)),
            Some("jnim"),
        )],
    ));
    let one = make();
    one.put(&docs).unwrap();
    let two = make();
    for d in docs.iter().rev() {
        two.put(std::slice::from_ref(d)).unwrap();
    }
    let p = partition(one.as_ref());
    assert_eq!(p, partition(two.as_ref()));
    assert!(
        p.iter()
            .any(|(arts, killed)| arts.len() == 3 && *killed == Some(9)),
        "{p:?}"
    );
    assert_eq!(p.len(), 3, "{p:?}");
}

/// The event holding an article's report.
fn event_of_article(s: &dyn Store, article: &str) -> String {
    let page = s
        .events(&EventQuery {
            include_flagged: true,
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap();
    page.events
        .iter()
        .find(|r| {
            s.event(&r.id)
                .unwrap()
                .unwrap()
                .reports
                .iter()
                .any(|x| x.article_id == article)
        })
        .map(|r| r.id.clone())
        .unwrap()
}

fn groups(s: &dyn Store) -> Vec<Vec<String>> {
    partition(s).into_iter().map(|p| p.0).collect()
}

fn v(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|x| x.to_string()).collect()
}

pub fn hand_split_and_merge_outlive_reclustering(make: Make) {
    let s = make();
    let other = doc(
        "y1",
        "Diafarabé again",
        "Another attack in Diafarabé.",
        vec![event(
            "y",
            "2022-03-21",
            Some((2_453_348, 13.43, -6.26)),
            Some("jnim"),
        )],
    );
    s.put(&[
        massacre("m1", 12, "en"),
        massacre("m2", 9, "fr"),
        massacre("m3", 10, "en"),
        other.clone(),
    ])
    .unwrap();
    assert_eq!(groups(s.as_ref()), [v(&["m1", "m2", "m3"]), v(&["y1"])]);
    let e = event_of_article(s.as_ref(), "m2");
    assert!(
        s.split_event(&e, Some("nope")).is_err(),
        "not a report of it"
    );
    assert!(s.split_event("no-such-event", None).is_err());
    // m2 leaves; a changed m2 (re-ingest re-clusters it) stays out
    assert_eq!(s.split_event(&e, Some("m2")).unwrap().len(), 2);
    let split = [v(&["m1", "m3"]), v(&["m2"]), v(&["y1"])];
    assert_eq!(groups(s.as_ref()), split);
    let mut m2 = massacre("m2", 9, "fr");
    m2.article.text.push_str(" Mise à jour.");
    assert_eq!(s.put(&[m2]).unwrap(), [PutOutcome::Updated]);
    assert_eq!(groups(s.as_ref()), split, "the split outlives re-ingest");
    // the week-later attack merged by hand, then a new report joins
    let (a, b) = (
        event_of_article(s.as_ref(), "m1"),
        event_of_article(s.as_ref(), "y1"),
    );
    let merged = s.merge_events(&a, &b).unwrap();
    assert!(s.merge_events(&a, "no-such-event").is_err());
    let joined = [v(&["m1", "m3", "y1"]), v(&["m2"])];
    assert_eq!(groups(s.as_ref()), joined);
    assert_eq!(s.event(&merged).unwrap().unwrap().reports.len(), 3);
    let mut y1 = other;
    y1.article.text.push_str(" Update.");
    s.put(&[y1, massacre("m4", 11, "en")]).unwrap();
    assert_eq!(
        groups(s.as_ref()),
        [v(&["m1", "m3", "m4", "y1"]), v(&["m2"])],
        "the merge outlives re-ingest; a new report joins the merged event"
    );
    // every report its own event
    let e = event_of_article(s.as_ref(), "m1");
    assert_eq!(s.split_event(&e, None).unwrap().len(), 4);
    assert_eq!(groups(s.as_ref()).len(), 5);
}

#[cfg(test)]
mod sqlite {
    crate::conformance_tests!(|| -> Box<dyn crate::Store> {
        Box::new(crate::SqliteStore::open_in_memory().unwrap())
    });
}
