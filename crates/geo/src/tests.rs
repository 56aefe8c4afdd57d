//! Tests of the gazetteer, recogniser, resolver and event location on short
//! sentences written for Khaldun.

use std::sync::Arc;

use khaldun_model::{AnnotatedArticle, Article, Component, GeoPrecision, PlaceMention};

use crate::{geoparse, locate_event, Gazetteer, GeoStage, Kind, ParseOptions};

fn g() -> Arc<Gazetteer> {
    Gazetteer::embedded()
}

fn parse(text: &str, lang: &str) -> Vec<PlaceMention> {
    geoparse(
        &g(),
        text,
        ParseOptions {
            lang: Some(lang),
            demonyms: true,
        },
    )
}

fn find<'a>(ms: &'a [PlaceMention], surface: &str) -> Option<&'a PlaceMention> {
    ms.iter().find(|m| m.text == surface)
}

#[test]
fn lookups_fold_accents() {
    let g = g();
    for q in ["Ségou", "Segou", "SEGOU", "ségou"] {
        let hits = g.lookup(q);
        assert!(
            hits.iter()
                .any(|e| e.kind == Kind::Place && e.country == "ML" && e.name == "Ségou"),
            "{q}"
        );
        assert!(
            hits.iter()
                .any(|e| e.kind == Kind::Admin1 && e.country == "ML"),
            "{q}"
        );
    }
    for q in ["Tillabéri", "Tillaberi"] {
        let hits = g.lookup(q);
        assert!(
            hits.iter().any(|e| e.country == "NE" && e.kind.is_town()),
            "{q}"
        );
    }
    assert_eq!(g.lookup("Niamey")[0].country, "NE");
    assert_eq!(g.lookup("Niamey")[0].kind, Kind::Capital);
}

#[test]
fn countries_by_any_name() {
    let g = g();
    for (q, cc) in [
        ("Mali", "ML"),
        ("Bénin", "BJ"),
        ("Côte d'Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Burkina Faso", "BF"),
        ("Tchad", "TD"),
        ("DRC", "CD"),
        ("Royaume-Uni", "GB"),
    ] {
        let hits = g.lookup(q);
        assert!(
            hits.iter()
                .any(|e| e.kind == Kind::Country && e.country == cc),
            "{q}"
        );
    }
}

#[test]
fn demonyms_en_fr() {
    let g = g();
    for (form, cc) in [
        ("Malian", "ML"),
        ("maliennes", "ML"),
        ("béninois", "BJ"),
        ("Burkinabe", "BF"),
        ("nigérien", "NE"),
    ] {
        let d = g.demonyms_for_key(&crate::fold::fold(form));
        assert!(d.iter().any(|d| d.country.iso2 == cc), "{form}");
    }
    let ms = parse("Malian soldiers clashed with gunmen.", "en");
    let m = find(&ms, "Malian").expect("demonym");
    assert_eq!(m.kind, "demonym");
    assert_eq!(m.place.country.as_deref(), Some("ML"));
    let ms = parse(
        "Des soldats maliens et l'armée burkinabè ont riposté.",
        "fr",
    );
    assert_eq!(
        find(&ms, "maliens").unwrap().place.country.as_deref(),
        Some("ML")
    );
    assert_eq!(
        find(&ms, "burkinabè").unwrap().place.country.as_deref(),
        Some("BF")
    );
    // not an actor qualifier: no demonym mention
    let ms = parse("He spoke Malian French at home.", "en");
    assert!(find(&ms, "Malian").is_none());
}

#[test]
fn recognises_places_in_context() {
    let ms = parse(
        "Gunmen attacked a market in Djibo, Soum province, on Sunday.",
        "en",
    );
    let d = find(&ms, "Djibo").expect("Djibo");
    assert_eq!(d.place.country.as_deref(), Some("BF"));
    assert_eq!(d.place.precision, GeoPrecision::Town);
    let ms = parse(
        "Les jihadistes ont attaqué le village de Boni, près de Douentza, dans la région de Mopti.",
        "fr",
    );
    assert_eq!(
        find(&ms, "Douentza").unwrap().place.country.as_deref(),
        Some("ML")
    );
    let mopti = find(&ms, "Mopti").expect("Mopti");
    assert_eq!(mopti.place.feature.as_deref(), Some("A.ADM1"));
    assert_eq!(mopti.place.precision, GeoPrecision::Region);
}

#[test]
fn avoids_person_and_organisation_traps() {
    let ms = parse("Chad Smith said the talks would resume.", "en");
    assert!(find(&ms, "Chad").is_none(), "{ms:?}");
    let ms = parse("Troops from Chad crossed into Niger.", "en");
    assert_eq!(
        find(&ms, "Chad").unwrap().place.country.as_deref(),
        Some("TD")
    );
    let ms = parse("The Paris Agreement sets emission targets.", "en");
    assert!(find(&ms, "Paris").is_none(), "{ms:?}");
    let ms = parse(
        "Michael Jordan visited the camp, and Jordan Peterson wrote about it.",
        "en",
    );
    assert!(!ms.iter().any(|m| m.text == "Jordan"), "{ms:?}");
    let ms = parse("Refugees fled to Jordan last year.", "en");
    assert_eq!(
        find(&ms, "Jordan").unwrap().place.country.as_deref(),
        Some("JO")
    );
    // common words that are also alternate place names
    let ms = parse(
        "Police said the convoy was hit. Health officials said more would come.",
        "en",
    );
    assert!(ms.is_empty(), "{ms:?}");
}

#[test]
fn segou_town_versus_region() {
    let ms = parse("Two soldiers were killed in Ségou on Tuesday.", "en");
    let s = find(&ms, "Ségou").unwrap();
    assert!(
        s.place.feature.as_deref().unwrap().starts_with("P."),
        "{s:?}"
    );
    assert_eq!(s.place.precision, GeoPrecision::Town);
    let ms = parse("Attacks spread across the Ségou region in April.", "en");
    let s = find(&ms, "Ségou").unwrap();
    assert_eq!(s.place.feature.as_deref(), Some("A.ADM1"));
    assert_eq!(s.place.precision, GeoPrecision::Region);
}

#[test]
fn region_phrases_and_precision() {
    let ms = parse("JNIM expanded its attacks in northern Benin.", "en");
    let b = find(&ms, "Benin").unwrap();
    assert_eq!(b.kind, "region");
    assert_eq!(b.qualifier.as_deref(), Some("north"));
    assert_eq!(b.place.precision, GeoPrecision::Near);
    let ms = parse("Les attaques se multiplient dans le nord du Bénin.", "fr");
    let b = find(&ms, "Bénin").unwrap();
    assert_eq!(b.qualifier.as_deref(), Some("north"));
    assert_eq!(b.place.country.as_deref(), Some("BJ"));
    let ms = parse("Fighting was reported on the outskirts of Mopti.", "en");
    let m = find(&ms, "Mopti").unwrap();
    assert_eq!(m.qualifier.as_deref(), Some("outskirts"));
    assert_eq!(m.place.precision, GeoPrecision::Near);
    let ms = parse("The government of Mali responded.", "en");
    assert_eq!(
        find(&ms, "Mali").unwrap().place.precision,
        GeoPrecision::Region
    );
}

#[test]
fn unknown_village_degrades_gracefully() {
    // Not in the gazetteer: enclosing admin unit when named, never a wrong town.
    let ms = parse(
        "Gunmen raided the village of Zzyxagou, Mopti region, killing five.",
        "en",
    );
    let m = find(&ms, "Zzyxagou").expect("unknown village kept");
    assert_eq!(m.place.geonameid, None);
    assert_eq!(m.place.country.as_deref(), Some("ML"));
    assert_eq!(m.place.admin1.as_deref(), Some("Mopti"));
    assert!(m.place.precision >= GeoPrecision::Near);
    // a lone unknown name after "in": kept, unresolved, with the document's country
    let ms = parse(
        "Soldiers were killed in Zzyxabougou on Friday, the Malian army said.",
        "en",
    );
    let m = find(&ms, "Zzyxabougou").expect("unknown name after in");
    assert_eq!(m.place.geonameid, None);
    assert_eq!(m.place.country.as_deref(), Some("ML"));
    // placed at Mali's point with country precision, so it still maps
    assert_eq!(m.place.precision, GeoPrecision::Region);
    let (lat, lon) = (m.place.lat.unwrap(), m.place.lon.unwrap());
    assert!(
        (lat - 17.3).abs() < 1.0 && (lon + 3.6).abs() < 1.0,
        "{lat} {lon}"
    );
    // but not a brand or a person
    let ms = parse("He ate at Wendy's and met Zzyxa Smith in Bamako.", "en");
    assert!(
        find(&ms, "Wendy").is_none() && find(&ms, "Zzyxa").is_none(),
        "{ms:?}"
    );
}

#[test]
fn sevare_supplement_import() {
    let dir = std::env::temp_dir().join(format!("khaldun-geo-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bundled = Gazetteer::bundled();
    assert!(
        bundled.lookup("Sévaré").iter().all(|e| e.country != "ML"),
        "Sévaré unexpectedly bundled"
    );
    let file = dir.join("supplement.tsv");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        &file,
        "Sévaré\tSevare|Sévare\t14.5333\t-4.1\tML\tMopti\tMopti\tPPL\n",
    )
    .unwrap();
    let stats = crate::build::import_file(&bundled, &file, &dir).unwrap();
    assert_eq!(stats.added, 1);
    // importing it again changes nothing
    let again = crate::build::import_file(&bundled, &file, &dir).unwrap();
    assert_eq!((again.added, again.skipped), (0, 1));
    let g = Gazetteer::load_with_user(&dir).unwrap();
    assert_eq!(g.user_entries(), 1);
    let ms = geoparse(
        &g,
        "JNIM raided Sevare, in the Mopti region, on Friday.",
        ParseOptions::default(),
    );
    let m = ms
        .iter()
        .find(|m| m.text == "Sevare")
        .expect("Sévaré found");
    assert_eq!(m.place.name, "Sévaré");
    assert_eq!(m.place.country.as_deref(), Some("ML"));
    assert_eq!(m.place.admin1.as_deref(), Some("Mopti"));
    assert_eq!(m.place.precision, GeoPrecision::Town);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn geonames_dump_line_import() {
    let g = g();
    let line = "2451185\tSévaré\tSevare\tSevare,Sévaré\t14.5352\t-4.0961\tP\tPPL\tML\t\t04\t\t\t\t30000\t\t270\tAfrica/Bamako\t2020-01-01";
    let out = crate::build::import_line(&g, line).unwrap();
    assert!(
        out.starts_with("2451185\tP.PPL\tSévaré\t14.53520\t-4.09610\tML\t04"),
        "{out}"
    );
    assert!(crate::build::import_line(&g, "garbage").is_none());
    assert!(crate::build::import_line(&g, "x\ty\tnot-a-number\t1\tML").is_none());
}

#[test]
fn stage_and_locate_event() {
    let text = "JNIM fighters attacked an army post on the outskirts of Mopti on Monday, while Malian troops patrolled northern Benin.";
    let mut doc = AnnotatedArticle {
        article: Article {
            text: text.to_string(),
            language: Some("en".into()),
            ..Article::default()
        },
        ..AnnotatedArticle::default()
    };
    GeoStage::new(g()).annotate(&mut doc);
    assert!(doc.places.iter().any(|p| p.text == "Mopti"));
    let clause_end = text.find(", while").unwrap();
    let trigger = text.find("attacked").unwrap();
    let loc = locate_event(&doc, 0..clause_end, trigger).expect("location");
    assert_eq!(loc.place.name, "Mopti");
    assert_eq!(loc.place.precision, GeoPrecision::Near);
    assert_eq!(loc.span.as_ref().unwrap().text, "Mopti");
    let second = clause_end..text.chars().count();
    let loc = locate_event(&doc, second, text.find("patrolled").unwrap()).unwrap();
    assert_eq!(loc.place.country.as_deref(), Some("BJ"));
    assert_eq!(loc.place.precision, GeoPrecision::Near);
    assert!(locate_event(&doc, 0..4, 0).is_none());
}

#[test]
fn code_point_offsets() {
    let text = "Après l’attaque à Tillabéri, l’armée nigérienne a riposté.";
    let ms = parse(text, "fr");
    let m = find(&ms, "Tillabéri").unwrap();
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(
        chars[m.start..m.end].iter().collect::<String>(),
        "Tillabéri"
    );
    assert_eq!(m.place.country.as_deref(), Some("NE"));
}

#[test]
fn never_panics_on_odd_input() {
    let g = g();
    for text in [
        "",
        " ",
        "\u{0}",
        "É",
        "A.B.C.D.E.F.G.H.I.J",
        "in \u{301}Paris",
        "U.S.",
        "de de de de",
        "’’’ Mali’s",
        "x\ny\r\nz\tMali",
    ] {
        let _ = geoparse(&g, text, ParseOptions::default());
        let _ = crate::resolve_spans(&g, text, &[(0, 3), (5, 1), (100, 200)]);
    }
}

#[test]
fn eval_scores_a_small_gold_file() {
    // Two documents written for this test; coordinates of Niamey and of Mali's centroid.
    let dir = std::env::temp_dir().join(format!("khaldun-geo-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gold = dir.join("gold.jsonl");
    let lines = [
        r#"{"id": "a", "text": "Protesters marched in Niamey on Friday.", "toponyms": [{"start": 22, "end": 28, "phrase": "Niamey", "lat": 13.51, "lon": 2.11}]}"#,
        r#"{"id": "b", "text": "Officials said the talks would continue.", "toponyms": [{"start": 0, "end": 9, "phrase": "Officials", "lat": 0.0, "lon": 0.0}]}"#,
    ];
    std::fs::write(&gold, lines.join("\n")).unwrap();
    let g = g();
    let r = crate::eval::evaluate(&g, &gold, false).unwrap();
    assert_eq!((r.documents, r.gold_toponyms, r.predicted), (2, 2, 1));
    assert!((r.exact_precision - 100.0).abs() < 1e-9);
    assert!((r.exact_recall - 50.0).abs() < 1e-9);
    assert_eq!(r.resolved, 1);
    assert!((r.acc_161 - 100.0).abs() < 1e-9);
    assert!(r.median_error_km < 20.0);
    let given = crate::eval::evaluate(&g, &gold, true).unwrap();
    assert_eq!(given.predicted, 2);
    assert_eq!(given.resolved, 2);
    // "Officials" is no place: its error is the maximum, so accuracy is 50 %
    assert!((given.acc_161 - 50.0).abs() < 1e-9, "{}", given.acc_161);
    std::fs::write(&gold, "not json\n").unwrap();
    assert!(crate::eval::evaluate(&g, &gold, false).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 15: LGL has gold toponyms with `lat`/`lon` null; they count for recognition only.
#[test]
fn eval_accepts_toponyms_without_coordinates() {
    let dir = std::env::temp_dir().join(format!("khaldun-geo-eval-null-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gold = dir.join("gold.jsonl");
    let lines = [
        r#"{"id": "a", "text": "Protesters marched in Niamey and Zinder.", "toponyms": [{"start": 22, "end": 28, "phrase": "Niamey", "lat": 13.51, "lon": 2.11}, {"start": 33, "end": 39, "phrase": "Zinder", "lat": null, "lon": null}]}"#,
        r#"{"id": "b", "text": "Talks were held in Niamey.", "toponyms": [{"start": 19, "end": 25, "phrase": "Niamey"}]}"#,
    ];
    std::fs::write(&gold, lines.join("\n")).unwrap();
    let g = g();
    for given in [false, true] {
        let r = crate::eval::evaluate(&g, &gold, given).unwrap();
        assert_eq!(
            (r.gold_toponyms, r.gold_without_point),
            (3, 2),
            "given {given}"
        );
        assert_eq!(
            r.resolved, 1,
            "only the located toponym is scored for resolution"
        );
        assert!((r.acc_161 - 100.0).abs() < 1e-9);
        assert!((r.exact_recall - 100.0).abs() < 1e-9, "{}", r.exact_recall);
        assert!(
            r.summary().contains("2 without coordinates"),
            "{}",
            r.summary()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn french_traps_and_forms() {
    // "Tchad" the country, "Paris" in the accord's name, "Jordan" as a person
    let ms = parse(
        "Le Tchad a signé l'Accord de Paris. Jordan Bardella a parlé à Niamey.",
        "fr",
    );
    assert_eq!(
        find(&ms, "Tchad").unwrap().place.country.as_deref(),
        Some("TD")
    );
    assert!(find(&ms, "Jordan").is_none(), "{ms:?}");
    assert!(find(&ms, "Paris").is_none(), "{ms:?}");
    assert_eq!(
        find(&ms, "Niamey").unwrap().place.country.as_deref(),
        Some("NE")
    );
    let ms = parse(
        "Des affrontements ont eu lieu en République démocratique du Congo, près de Goma.",
        "fr",
    );
    assert_eq!(
        find(&ms, "République démocratique du Congo")
            .unwrap()
            .place
            .country
            .as_deref(),
        Some("CD")
    );
    assert_eq!(
        find(&ms, "Goma").unwrap().qualifier.as_deref(),
        Some("near")
    );
}

#[test]
fn random_text_never_panics() {
    // deterministic pseudo-random strings mixing words, punctuation and odd characters
    let pieces = [
        "Mali",
        "de",
        "la",
        "région",
        "near",
        "U.S.",
        ",",
        ".",
        " ",
        "\n",
        "Ségou",
        "’",
        "-",
        "(",
        ")",
        "Côte",
        "d'Ivoire",
        "province",
        "northern",
        "du",
        "nord",
        "X",
        "é",
        "\u{301}",
        "Boko",
        "Haram",
        "village of",
        "Zz",
        "1",
        "$",
        "DRC",
        "Saint-Louis",
        "in the",
        "region",
    ];
    let g = g();
    let mut seed: u64 = 42;
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..40 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            if seed.is_multiple_of(3) {
                s.push(' ');
            }
        }
        let n = s.chars().count();
        for m in geoparse(
            &g,
            &s,
            ParseOptions {
                lang: None,
                demonyms: true,
            },
        ) {
            assert!(m.start < m.end && m.end <= n);
        }
        let _ = crate::resolve_spans(&g, &s, &[(0, n / 2), (n / 3, n), (n, n + 5)]);
    }
}

fn located(text: &str, trigger_word: &str, dateline: Option<&str>) -> khaldun_model::EventLocation {
    let mut doc = AnnotatedArticle {
        article: Article {
            text: text.to_string(),
            language: Some("en".into()),
            dateline: dateline.map(str::to_string),
            ..Article::default()
        },
        ..AnnotatedArticle::default()
    };
    GeoStage::new(g()).annotate(&mut doc);
    let n = text.chars().count();
    let trigger = text[..text.find(trigger_word).unwrap()].chars().count();
    locate_event(&doc, 0..n, trigger).expect("location")
}

#[test]
fn dateline_place_only_when_the_clause_names_no_other() {
    // the dateline says where the story was filed, the clause where it happened
    let loc = located(
        "NIAMEY, Niger — Armed men raided a customs post in Tillabéri region on Tuesday.",
        "raided",
        Some("NIAMEY, Niger —"),
    );
    assert_ne!(loc.place.name, "Niamey", "{loc:?}");
    // the same without the ingest-stage field: a leading "CITY (Agency) -" span
    let loc = located(
        "KANO (AFP) - Police dispersed traders who blocked a road in Katsina on Friday.",
        "dispersed",
        None,
    );
    assert_eq!(loc.place.name, "Katsina", "{loc:?}");
    // a French dateline: a place, a comma and a date before the dash
    let loc = located(
        "Ouagadougou, le 15 juin 2024 – Au moins quatorze civils ont été tués jeudi lors d'une attaque contre le village de Dablo, dans la province du Sanmatenga.",
        "attaque",
        None,
    );
    assert_ne!(loc.place.name, "Ouagadougou", "{loc:?}");
    // no other place: the dateline's own place and precision
    let loc = located(
        "DAKAR, Senegal — Students marched against fee increases on Monday.",
        "marched",
        Some("DAKAR, Senegal —"),
    );
    assert_eq!(loc.place.name, "Dakar");
    assert_eq!(loc.place.precision, GeoPrecision::Town);
}

#[test]
fn reference_points_lose_to_the_place_named_directly() {
    // "west of Y" only locates the scene; the town entered is the place
    let loc = located(
        "West of Kayes, the rebels tried to enter Nioro du Sahel on Monday.",
        "enter",
        None,
    );
    assert_eq!(loc.span.as_ref().unwrap().text, "Nioro du Sahel", "{loc:?}");
    assert_eq!(loc.place.precision, GeoPrecision::Town);
    // an unknown village located through its admin unit beats the reference town
    let loc = located(
        "Near Bandiagara, militants attacked Dogoloum in the Mopti region on Monday.",
        "attacked",
        None,
    );
    assert_eq!(loc.span.as_ref().unwrap().text, "Dogoloum", "{loc:?}");
    assert_eq!(loc.place.country.as_deref(), Some("ML"));
    // only "N km north of Y": Y, near
    let loc = located(
        "Gunmen ambushed a convoy 40 km north of Kaya on Sunday.",
        "ambushed",
        None,
    );
    assert_eq!(loc.place.name, "Kaya", "{loc:?}");
    assert_eq!(loc.place.precision, GeoPrecision::Near);
}

#[test]
fn a_city_name_without_city_and_its_admin_unit_by_context() {
    // bare "New York" reads as the city (GeoNames names it "New York City") ...
    let ms = parse("Two passengers had recently been in New York.", "en");
    let m = find(&ms, "New York").unwrap();
    assert_eq!(m.place.feature.as_deref(), Some("P.PPL"), "{m:?}");
    // ... but as the state before an office of the state, or among states
    let ms = parse("New York Governor John Smith declared an emergency.", "en");
    assert_eq!(
        find(&ms, "New York").unwrap().place.feature.as_deref(),
        Some("A.ADM1")
    );
    let ms = parse(
        "Concerts were held in New Jersey and New York last week.",
        "en",
    );
    assert_eq!(
        find(&ms, "New York").unwrap().place.feature.as_deref(),
        Some("A.ADM1")
    );
}

#[test]
fn compass_words_before_a_name_qualify_it() {
    // "South West" is also a Cameroonian region: not here
    let ms = parse(
        "A dog died in a caravan park in Cornwall in South West England.",
        "en",
    );
    let england = find(&ms, "England").unwrap();
    assert_eq!(england.place.country.as_deref(), Some("GB"));
    assert!(england.qualifier.is_some());
    assert!(
        ms.iter().all(|m| m.place.country.as_deref() != Some("CM")),
        "{ms:?}"
    );
    assert_eq!(
        find(&ms, "Cornwall").unwrap().place.country.as_deref(),
        Some("GB")
    );
}

#[test]
fn a_container_that_holds_no_reading_makes_the_name_unknown_inside_it() {
    // Artibonite is a Haitian department only: with Senegal as its container
    // it is some place in Senegal the gazetteer lacks, not Haiti
    let ms = parse(
        "Fighting was reported in Artibonite, Senegal, on Monday.",
        "en",
    );
    let m = find(&ms, "Artibonite").unwrap();
    assert_eq!(m.place.geonameid, None);
    assert_eq!(m.place.country.as_deref(), Some("SN"));
}

#[test]
fn a_sentence_opening_word_is_no_first_name() {
    // "While Sydney" is not a person named Sydney, so Sydney stays a place
    // throughout the document
    let ms = parse(
        "Horses in Sydney were infected. While Sydney's carnival was cancelled, racing went on.",
        "en",
    );
    assert_eq!(
        ms.iter().filter(|m| m.text == "Sydney").count(),
        2,
        "{ms:?}"
    );
    // a known first name at a sentence start still makes a surname
    let ms = parse("John Franklin spoke. Later Franklin met the press.", "en");
    assert!(find(&ms, "Franklin").is_none(), "{ms:?}");
}

#[test]
fn nearby_sentences_outweigh_the_document_focus() {
    // a report mostly about the United States, whose last paragraph turns to
    // the United Kingdom: Glasgow there is Scotland's, not a US homonym
    let text = "The United States has 500 cases, in Texas, Ohio and Wisconsin, the \
        United States government said. Health officials said the virus spreads quickly \
        among children and that schools should remain watchful. They added that vaccines \
        would arrive within weeks, and that most patients recover at home without \
        treatment. Doctors urged people to wash their hands often and to stay home when \
        they feel sick. In the United Kingdom, 27 new cases in England were confirmed. \
        Five people in the Glasgow area have been hospitalised.";
    let ms = parse(text, "en");
    assert_eq!(
        find(&ms, "Glasgow").unwrap().place.country.as_deref(),
        Some("GB")
    );
    assert_eq!(
        find(&ms, "Ohio").unwrap().place.country.as_deref(),
        Some("US")
    );
}

#[test]
fn names_the_gazetteer_lacks_in_the_document_country_stay_there() {
    // Kenya's former provinces are not in GeoNames any more (the gazetteer adds
    // them from data/gazetteer/former_units.tsv): "Nyanza Province" is no Rwandan
    // town, "North Eastern Province" no Saudi province
    let ms = parse(
        "Kenya reported 45 people dead in Nyanza Province, 12 in North Eastern Province \
         and seven elsewhere. Kisumu and Nairobi were affected.",
        "en",
    );
    for name in ["Nyanza Province", "North Eastern Province"] {
        let m = find(&ms, name).unwrap_or_else(|| panic!("{name}: {ms:?}"));
        assert_eq!(m.place.geonameid, None, "{m:?}");
        assert_eq!(m.place.country.as_deref(), Some("KE"), "{m:?}");
    }
}

#[test]
fn a_village_sharing_an_alternate_name_with_a_foreign_city_is_not_that_city() {
    // "Boni" (a Malian village the gazetteer lacks) is also an alternate name of
    // Bonn; repeating it in the headline does not make the document German
    let ms = parse(
        "Jihadists tighten their grip around Boni\n\nOn March 9, gunmen attacked a convoy \
         on the road between Boni and Hombori, in Mali's Mopti region.",
        "en",
    );
    let bonis: Vec<_> = ms.iter().filter(|m| m.text == "Boni").collect();
    assert_eq!(bonis.len(), 2, "{ms:?}");
    for m in bonis {
        assert_eq!(m.place.country.as_deref(), Some("ML"), "{m:?}");
        assert_eq!(m.place.geonameid, None);
    }
    // the second one is placed in the admin unit its sentence names
    let m = ms.iter().rfind(|m| m.text == "Boni").unwrap();
    assert_eq!(m.place.admin1.as_deref(), Some("Mopti"), "{m:?}");
}

#[test]
fn prefixed_names_and_organisations_are_not_places() {
    let ms = parse(
        "The anti-Balaka militia fought back near Bangui, and a pro-Moscow party won. \
         The head of the Red Cross in Bangui said so.",
        "en",
    );
    assert!(find(&ms, "Balaka").is_none(), "{ms:?}");
    assert!(find(&ms, "Moscow").is_none(), "{ms:?}");
    assert!(find(&ms, "Red Cross").is_none(), "{ms:?}");
    assert_eq!(ms.iter().filter(|m| m.text == "Bangui").count(), 2);
}

#[test]
fn an_unknown_place_placed_in_a_region_beats_a_part_of_the_country() {
    // "près de Sévaré, dans la région de Mopti, au centre du Mali": the event is
    // near Sévaré (unknown to the gazetteer, placed in Mopti), not "central Mali"
    let text = "Des jihadistes ont tendu une embuscade près de Sévaré, dans la région de Mopti, au centre du Mali.";
    let mut doc = AnnotatedArticle::new(Article {
        text: text.into(),
        language: Some("fr".into()),
        ..Default::default()
    });
    GeoStage::new(g()).annotate(&mut doc);
    let n = text.chars().count();
    let loc = locate_event(
        &doc,
        0..n,
        text[..text.find("embuscade").unwrap()].chars().count(),
    )
    .expect("a location");
    assert_eq!(loc.place.name, "Sévaré", "{loc:?}");
    assert_eq!(loc.place.admin1.as_deref(), Some("Mopti"));
}

#[test]
fn hyphenated_compass_pairs_are_one_direction() {
    let ms = parse("Attacks rose in north-east Nigeria last year.", "en");
    assert_eq!(
        find(&ms, "Nigeria").unwrap().qualifier.as_deref(),
        Some("northeast")
    );
    let ms = parse(
        "Des hommes armés ont attaqué un poste au nord-ouest du Burkina Faso.",
        "fr",
    );
    assert_eq!(
        find(&ms, "Burkina Faso").unwrap().qualifier.as_deref(),
        Some("northwest")
    );
}

#[test]
fn an_unknown_village_in_a_report_about_one_region_is_placed_in_that_region() {
    let ms = parse(
        "Violence is rising in central Mali. Soldiers were deployed to Mopti and Djenné \
         last week. On Monday gunmen attacked Zzyxabougou, killing four herders.",
        "en",
    );
    let m = find(&ms, "Zzyxabougou").unwrap();
    assert_eq!(m.place.geonameid, None);
    assert_eq!(m.place.admin1.as_deref(), Some("Mopti"), "{m:?}");
    assert_eq!(m.place.precision, GeoPrecision::Region);
    // with places spread over several regions, only the country is known
    let ms = parse(
        "Soldiers were deployed to Mopti, Gao and Kayes last week. On Monday gunmen \
         attacked Zzyxabougou, killing four herders.",
        "en",
    );
    let m = find(&ms, "Zzyxabougou").unwrap();
    assert_eq!(m.place.admin1, None, "{m:?}");
    assert_eq!(m.place.country.as_deref(), Some("ML"));
}

#[test]
fn the_article_before_a_name_speaks_against_a_town() {
    // "the Pacific side" is the ocean, not Pacific, Washington, in a US report
    let ms = parse(
        "Wildlife officials in Oregon and California said birds on the Pacific side of the \
         Americas carry the virus.",
        "en",
    );
    let pacific = find(&ms, "Pacific").unwrap();
    assert_ne!(pacific.place.country.as_deref(), Some("US"), "{pacific:?}");
    // "the Glasgow area" is still the town's area
    let ms = parse("Cases rose in the Glasgow area of Scotland.", "en");
    assert_eq!(
        find(&ms, "Glasgow").unwrap().place.feature.as_deref(),
        Some("P.PPL")
    );
}

#[test]
fn a_rejected_reading_gives_way_to_one_another_name_backs() {
    // "Victoria" is also an old name of Hong Kong; in a Singaporean warning that
    // names Melbourne it is the Australian state
    let ms = parse(
        "The health ministry in Singapore urged its residents not to travel to Victoria. \
         The warning said that Melbourne and Victoria were affected by the disease.",
        "en",
    );
    for m in ms.iter().filter(|m| m.text == "Victoria") {
        assert_eq!(m.place.country.as_deref(), Some("AU"), "{m:?}");
        assert_eq!(m.place.feature.as_deref(), Some("A.ADM1"));
    }
}

#[test]
fn an_event_in_northern_benin_is_placed_in_the_north_of_benin() {
    let text = "Gunmen attacked a village in northern Benin on Sunday, killing five people.";
    let mut doc = AnnotatedArticle::new(Article {
        text: text.into(),
        language: Some("en".into()),
        ..Default::default()
    });
    GeoStage::new(g()).annotate(&mut doc);
    // the mention is Benin, at Benin's point ...
    let m = find(&doc.places, "Benin").unwrap();
    assert_eq!(m.qualifier.as_deref(), Some("north"));
    let benin_lat = m.place.lat.unwrap();
    // ... and the event is in the northern third of Benin
    let n = text.chars().count();
    let loc = locate_event(&doc, 0..n, text.find("attacked").unwrap()).unwrap();
    assert_eq!(loc.place.geonameid, m.place.geonameid);
    let lat = loc.place.lat.unwrap();
    assert!(lat > benin_lat + 1.0 && lat < 12.5, "{lat} vs {benin_lat}");
    assert_eq!(loc.place.precision, GeoPrecision::Near);
}

#[test]
fn former_provinces_are_admin_units_holding_their_towns() {
    // Kenya's provinces (to 2013) and the DRC's eleven provinces (to 2015)
    // are still how many reports name a region.
    let ms = parse(
        "Cholera has killed 45 people in Nyanza Province and 12 in North Eastern Province. \
         Most were in the village of Kogelo, in Nyanza Province. Doctors in Kisumu said it \
         was spreading. Cases were also reported in Ituri district, Orientale province, \
         and in Kasai Occidental.",
        "en",
    );
    for (surface, name) in [
        ("Nyanza Province", "Nyanza"),
        ("North Eastern Province", "North Eastern Province"),
        ("Orientale province", "Orientale"),
        ("Kasai Occidental", "Kasai-Occidental"),
    ] {
        let m = find(&ms, surface).unwrap_or_else(|| panic!("{surface}: {ms:#?}"));
        assert_eq!(m.place.name, name, "{surface}");
        assert_eq!(m.place.feature.as_deref(), Some("A.ADM1H"), "{surface}");
        assert_eq!(m.place.admin1.as_deref(), Some(name), "{surface}");
    }
    // an unknown village is placed in the former province; a town of it stays the town
    let kogelo = find(&ms, "Kogelo").expect("Kogelo");
    assert_eq!(kogelo.place.admin1.as_deref(), Some("Nyanza"));
    let kisumu = find(&ms, "Kisumu").expect("Kisumu");
    assert!(kisumu.place.geonameid.is_some(), "{kisumu:?}");
    assert_eq!(kisumu.place.country.as_deref(), Some("KE"));
    // the point is the middle of the counties it was made of (around Kisumu and Kisii)
    let nyanza = find(&ms, "Nyanza Province").unwrap();
    let (lat, lon) = (nyanza.place.lat.unwrap(), nyanza.place.lon.unwrap());
    assert!(
        (-1.2..0.2).contains(&lat) && (34.0..35.2).contains(&lon),
        "{lat},{lon}"
    );
}

#[test]
fn a_list_told_in_parallel_frames_reads_like_its_members() {
    // "one in Quebec" among provinces is the province, not Quebec City
    let ms = parse(
        "The breakdown of cases by province is as follows: fifteen in British Columbia, \
         fourteen in Nova Scotia, twelve in Ontario, eight in Alberta, one in New Brunswick, \
         and one in Quebec.",
        "en",
    );
    let q = find(&ms, "Quebec").expect("Quebec");
    assert_eq!(q.place.feature.as_deref(), Some("A.ADM1"), "{q:?}");
}

#[test]
fn a_district_of_a_city_lies_in_that_city() {
    // "the X district of Y": GeoNames has an Adhamiyah district in Duhok, far from
    // Baghdad; the text says which one, so the name is placed at Baghdad
    let ms = parse(
        "A car bomb exploded near a local bakery in the Adhamiyah district of Baghdad.",
        "en",
    );
    let a = find(&ms, "Adhamiyah").expect("Adhamiyah");
    let (lat, lon) = (a.place.lat.unwrap(), a.place.lon.unwrap());
    assert!(
        (lat - 33.34).abs() < 0.3 && (lon - 44.4).abs() < 0.3,
        "{a:?}"
    );
    // and a neighbourhood named with its city keeps the city's reading
    let ms = parse(
        "Several students at a school in Queens, New York have contracted the virus.",
        "en",
    );
    let ny = find(&ms, "New York").expect("New York");
    assert_eq!(ny.place.feature.as_deref(), Some("P.PPL"), "{ny:?}");
}

#[test]
fn located_in_and_area_of_name_a_container() {
    let ms = parse(
        "Dead birds were found in the Rice Lake area of Fulton County located in Illinois.",
        "en",
    );
    let f = find(&ms, "Fulton County").expect("Fulton County");
    assert_eq!(f.place.admin1.as_deref(), Some("Illinois"), "{f:?}");
    // Rice Lake, Wisconsin is not in Fulton County: the name is placed there instead
    let r = find(&ms, "Rice Lake").expect("Rice Lake");
    assert_eq!(r.place.admin1.as_deref(), Some("Illinois"), "{r:?}");
    assert_eq!(r.place.geonameid, None, "{r:?}");
}

#[test]
fn an_ocean_named_exactly_is_not_a_county_named_after_it() {
    let ms = parse(
        "Warm water in the tropical Pacific region produces floods in Peru and Ecuador.",
        "en",
    );
    let p = find(&ms, "Pacific").expect("Pacific");
    assert_eq!(p.place.feature.as_deref(), Some("H.OCN"), "{p:?}");
}

#[test]
fn a_town_listed_among_foreign_countries_is_not_a_local_village() {
    // a report on the Philippines: Bundibugyo (Uganda) is one of the Ebola strains
    let ms = parse(
        "Ebola Reston was found in pigs in Pandi, Bulacan, in the Philippines. The virus is \
         non-lethal, unlike the Zaire, Bundibugyo, Côte d'Ivoire and Sudan strains.",
        "en",
    );
    let b = find(&ms, "Bundibugyo").expect("Bundibugyo");
    assert_eq!(b.place.country.as_deref(), Some("UG"), "{b:?}");
}

#[test]
fn former_french_regions_hold_their_departements_towns() {
    // France's 22 regions (to 2015), made of départements (admin2 units)
    let ms = parse(
        "Des foyers ont été signalés à Lyon, en Rhône-Alpes. La grippe aviaire a aussi \
         touché la Picardie.",
        "fr",
    );
    let ra = find(&ms, "Rhône-Alpes").expect("Rhône-Alpes");
    assert_eq!(ra.place.feature.as_deref(), Some("A.ADM1H"), "{ra:?}");
    assert_eq!(ra.place.country.as_deref(), Some("FR"));
    let lyon = find(&ms, "Lyon").expect("Lyon");
    assert!(lyon.place.geonameid.is_some(), "{lyon:?}");
    let p = find(&ms, "Picardie").expect("Picardie");
    let (lat, lon) = (p.place.lat.unwrap(), p.place.lon.unwrap());
    assert!(
        (49.0..50.5).contains(&lat) && (1.5..4.0).contains(&lon),
        "{p:?}"
    );
}

#[test]
fn french_feature_names_with_a_lower_case_head_are_one_place() {
    let ms = parse(
        "Des soldats ont été tués au bord du lac Tchad. Des pêcheurs du delta du Niger \
         ont été enlevés ; des pirates opèrent dans le golfe de Guinée.",
        "fr",
    );
    for (surface, name) in [
        ("lac Tchad", "Lake Chad"),
        ("delta du Niger", "Niger Delta"),
        ("golfe de Guinée", "Gulf of Guinea"),
    ] {
        let m = find(&ms, surface).unwrap_or_else(|| panic!("{surface}: {ms:#?}"));
        assert_eq!(m.place.name, name);
    }
    // and no country is read inside them
    assert!(
        find(&ms, "Tchad").is_none() && find(&ms, "Niger").is_none(),
        "{ms:#?}"
    );
}

#[test]
fn admin_units_are_found_without_their_generic_designator() {
    // GeoNames' "Kabupaten Karo" is "Karo" in the news
    let ms = parse(
        "Seven members of a family in the district of Karo, North Sumatra, are being \
         hospitalized with bird flu.",
        "en",
    );
    let k = find(&ms, "Karo").expect("Karo");
    assert_eq!(k.place.country.as_deref(), Some("ID"), "{k:?}");
    assert!(k.place.geonameid.is_some(), "{k:?}");
}

#[test]
fn capitalised_compass_words_make_the_mention_that_part() {
    let ms = parse(
        "A fire broke out at a park in Cornwall in South West England.",
        "en",
    );
    let e = find(&ms, "England").expect("England");
    // England's own point is about (52.6, -1.5); its south-west third lies south and west
    let (lat, lon) = (e.place.lat.unwrap(), e.place.lon.unwrap());
    assert!(lat < 51.8 && lon < -2.0, "{e:?}");
    // a lower-case direction keeps the unit's own point on the mention
    let ms = parse("Rebels attacked villages in northern Benin.", "en");
    let b = find(&ms, "Benin").expect("Benin");
    let gz = g();
    let benin = gz.lookup("Benin")[0];
    assert_eq!(
        b.place.lat,
        Some((benin.lat as f64 * 1e5).round() / 1e5),
        "{b:?}"
    );
}

#[test]
fn congo_is_the_congo_the_document_names() {
    let drc = parse(
        "Plague has killed 61 people in the Democratic Republic of the Congo. It struck \
         Ituri district, in the northern part of Congo.",
        "en",
    );
    assert_eq!(
        find(&drc, "Congo").unwrap().place.country.as_deref(),
        Some("CD")
    );
    let rc = parse(
        "Nine people have died from Ebola in the Republic of Congo. The outbreak is in the \
         Cuvette-Ouest region. The government of Congo has announced a quarantine.",
        "en",
    );
    assert_eq!(
        find(&rc, "Congo").unwrap().place.country.as_deref(),
        Some("CG")
    );
}

#[test]
fn generic_words_left_of_a_designator_are_no_names() {
    // "Federal District" is not "Federal"; "Vladimir Oblast" does not make
    // "Vladimir Putin" a place
    let ms = parse(
        "He can appeal to a Federal Court of Appeals. \"Vladimir Putin is the aggressor,\" \
         she said.",
        "en",
    );
    assert!(ms.is_empty(), "{ms:#?}");
}

#[test]
fn a_name_said_twice_confirms_a_far_foreign_town_only_next_door() {
    // a London report: Piccadilly (a street the gazetteer lacks) is no Australian town,
    // however often it is named
    let ms = parse(
        "Police in London searched a sushi bar in Piccadilly. He had met a contact at the \
         restaurant in Piccadilly, then went home to Muswell Hill.",
        "en",
    );
    for m in ms.iter().filter(|m| m.text == "Piccadilly") {
        assert_eq!(m.place.country.as_deref(), Some("GB"), "{m:?}");
    }
    // a Sudanese report: Malakal, named again and again, is the South Sudanese town
    let ms = parse(
        "Sudan's government said aid flights to Darfur would resume. Fighting in Malakal \
         has stopped; the children's village in Malakal is stable.",
        "en",
    );
    let m = find(&ms, "Malakal").expect("Malakal");
    assert_eq!(m.place.country.as_deref(), Some("SS"), "{m:?}");
    assert!(m.place.geonameid.is_some(), "{m:?}");
}

#[test]
fn sahel_camps_and_cercles() {
    // "cercle de Douentza" is the cercle (GeoNames "Douentza Cercle"); the camp the
    // gazetteer lacks is placed in it
    let ms = parse(
        "Au moins douze soldats ont été tués dans une attaque contre le camp de Boulkessi, \
         dans le cercle de Douentza, région de Mopti.",
        "fr",
    );
    let d = find(&ms, "Douentza").expect("Douentza");
    assert_eq!(d.place.feature.as_deref(), Some("A.ADM2"), "{d:?}");
    let b = find(&ms, "Boulkessi").expect("Boulkessi");
    assert_eq!(b.place.admin1.as_deref(), Some("Mopti"), "{b:?}");
    assert_eq!(
        (b.place.lat, b.place.lon),
        (d.place.lat, d.place.lon),
        "{b:?}"
    );
}

#[test]
fn acronyms_guards_and_sources_are_not_places() {
    let ms = parse(
        "China approved a Coast Guard Law in January, CNN reported. Beijing denies it, \
         according to Rosser.",
        "en",
    );
    let texts: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["China", "Beijing"], "{ms:#?}");
    // an abbreviation the document backs is still a place
    let ms = parse(
        "Bushfires in Australia: residents of NSW were told to leave.",
        "en",
    );
    let nsw = find(&ms, "NSW").expect("NSW");
    assert_eq!(nsw.place.country.as_deref(), Some("AU"), "{nsw:?}");
}

#[test]
fn names_of_governments_doctrines_and_organisations_are_not_places() {
    let ms = parse(
        "He served in the Obama administration. The holiest site in Judaism is there, said a \
         professor from the University of New South Wales in Australia.",
        "en",
    );
    let texts: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["Australia"], "{ms:#?}");
}

#[test]
fn a_loose_region_word_asks_for_no_county() {
    // "the Houston region" is the city's area, not Houston County; "the Tillabéri
    // region" is still the admin unit GeoNames calls "Tillabéri Region"
    let ms = parse(
        "West Nile virus was found in the Houston region. Troops were sent to the \
         Tillaberi region of Niger.",
        "en",
    );
    let h = find(&ms, "Houston").expect("Houston");
    assert_eq!(h.place.feature.as_deref(), Some("P.PPL"), "{h:?}");
    let t = ms
        .iter()
        .find(|m| m.text.starts_with("Tillaberi"))
        .expect("Tillaberi");
    assert_eq!(t.place.feature.as_deref(), Some("A.ADM1"), "{t:?}");
}

#[test]
fn an_alternate_name_alone_does_not_make_a_document_foreign() {
    // "Boni" is an alternate name of Bonn; with nothing else, the sentence is not
    // about Germany, and the unknown names get no German point
    let ms = parse("Des jihadistes ont attaqué Boni, près de Hombori.", "fr");
    for m in &ms {
        assert_ne!(m.place.country.as_deref(), Some("DE"), "{m:?}");
    }
    // "attaqué X, dans la région de Y" places an unknown X in Y
    let ms = parse(
        "Des hommes armés ont attaqué Zzyxagou, dans la région de Mopti.",
        "fr",
    );
    let z = find(&ms, "Zzyxagou").expect("Zzyxagou");
    assert_eq!(z.place.admin1.as_deref(), Some("Mopti"), "{z:?}");
}

#[test]
fn spelling_variants_of_admin_units_of_the_document_country() {
    let ms = parse(
        "Egypt reported two new bird flu cases, one in Daqahliya and one in Menoufia.",
        "en",
    );
    let d = find(&ms, "Daqahliya").expect("Daqahliya");
    assert_eq!(d.place.name, "Dakahlia", "{d:?}");
    let m = find(&ms, "Menoufia").expect("Menoufia");
    assert_eq!(m.place.name, "Monufia", "{m:?}");
    // only in the document's country, and not across a different ending
    let ms = parse(
        "Kenya: raiders stormed a village in Kisima area early this morning.",
        "en",
    );
    if let Some(k) = find(&ms, "Kisima") {
        assert_ne!(k.place.name, "Kisumu County", "{k:?}");
    }
    assert_eq!(
        crate::gazetteer::skeleton("daqahliya"),
        crate::gazetteer::skeleton("dakahlia")
    );
    assert_eq!(
        crate::gazetteer::skeleton("al hasakah"),
        crate::gazetteer::skeleton("hasaka")
    );
}
