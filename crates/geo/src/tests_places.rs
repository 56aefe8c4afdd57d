//! Tests of the ACLED-style place patterns (issue 15): bracket container
//! chains, country cues, "between X and Y", names that contain places,
//! abbreviated states, document admin-chain coherence, and the evaluation
//! split. Sentences written for Khaldun.

use std::sync::Arc;

use khaldun_model::{
    AnnotatedArticle, Article, Component, EventLocation, GeoPrecision, PlaceMention,
};

use crate::eval::{haversine, Split};
use crate::{geoparse, locate_event, resolve_spans, Gazetteer, GeoStage, ParseOptions};

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

fn find<'a>(ms: &'a [PlaceMention], surface: &str) -> &'a PlaceMention {
    ms.iter()
        .find(|m| m.text == surface)
        .unwrap_or_else(|| panic!("no mention {surface:?} in {ms:#?}"))
}

fn point(m: &PlaceMention) -> (f64, f64) {
    (m.place.lat.expect("lat"), m.place.lon.expect("lon"))
}

fn located(text: &str, lang: &str, trigger_word: &str) -> EventLocation {
    let mut doc = AnnotatedArticle {
        article: Article {
            text: text.to_string(),
            language: Some(lang.into()),
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
fn bracket_chain_places_an_unknown_village_in_its_province_en_fr() {
    for (text, lang) in [
        (
            "VDP clashed with JNIM militants in the village of Seme (Toeni, Sourou).",
            "en",
        ),
        (
            "Des VDP ont affronté des militants du JNIM dans le village de Seme (Toeni, Sourou).",
            "fr",
        ),
    ] {
        let ms = parse(text, lang);
        let seme = find(&ms, "Seme");
        let sourou = find(&ms, "Sourou");
        // never Semi in Benin or Sémé in Senegal: the chain says Burkina Faso
        assert_eq!(seme.place.country.as_deref(), Some("BF"), "{text}");
        assert_eq!(seme.place.geonameid, None, "{text}");
        assert_eq!(
            seme.place.admin1.as_deref(),
            Some("Boucle du Mouhoun"),
            "{text}"
        );
        assert_eq!(seme.place.precision, GeoPrecision::Near, "{text}");
        assert!(haversine(point(seme), point(sourou)) < 1.0, "{text}");
        // the commune the bundle lacks is still a name of the chain
        assert_eq!(find(&ms, "Toeni").place.country.as_deref(), Some("BF"));
    }
}

#[test]
fn bracket_chain_never_picks_a_namesake_abroad() {
    let ms = parse(
        "Koglweogo members killed three civilians in Bani (Seytenga, Seno). \
         Unidentified gunmen attacked Moura (Dedougou, Mouhoun).",
        "en",
    );
    let bani = find(&ms, "Bani");
    assert_eq!(bani.place.country.as_deref(), Some("BF"));
    assert_eq!(bani.place.admin1.as_deref(), Some("Sahel"));
    let moura = find(&ms, "Moura");
    assert_eq!(moura.place.country.as_deref(), Some("BF"));
    // the commune's seat is known: the village takes its point, precision 2
    let dedougou = find(&ms, "Dedougou");
    assert_eq!(moura.place.precision, GeoPrecision::Near);
    assert!(haversine(point(moura), point(dedougou)) < 1.0);
}

#[test]
fn the_event_is_in_the_village_not_in_its_bracket() {
    let loc = located(
        "On 3 May 2024, suspected JNIM militants attacked the village of Kara (Titao, Loroum), killing 9 civilians.",
        "en",
        "attacked",
    );
    assert_eq!(loc.place.name, "Kara");
    assert_eq!(loc.place.country.as_deref(), Some("BF"));
    let loc = located(
        "Le 3 mai 2024, des militants du JNIM ont attaqué le village de Kara (Titao, Loroum).",
        "fr",
        "attaqué",
    );
    assert_eq!(loc.place.name, "Kara");
}

#[test]
fn acronyms_in_brackets_make_no_chain() {
    for text in [
        "The United Nations (UN) is calling the outbreak extremely serious.",
        "A report by the Treatment Action Campaign (Tac) states that 49 have died.",
    ] {
        let ms = parse(text, "en");
        assert!(
            ms.iter()
                .all(|m| m.text != "UN" && m.text != "Tac" && !m.text.contains("Campaign")),
            "{text}: {ms:#?}"
        );
    }
}

#[test]
fn forces_of_one_country_place_a_short_note_there() {
    for (text, lang) in [
        ("VDP repelled an attack on Bani on Monday.", "en"),
        ("Des Koglweogo ont tué trois civils à Bani.", "fr"),
    ] {
        let ms = parse(text, lang);
        let bani = find(&ms, "Bani");
        assert_eq!(bani.place.country.as_deref(), Some("BF"), "{text}");
        assert_eq!(bani.place.geonameid, None, "{text}");
    }
    // a cue written in capitals must be in capitals: "Fano" the name, not "fano"
    let ms = parse("The fano family moved to Bani in 1990.", "en");
    assert_ne!(find(&ms, "Bani").place.country.as_deref(), Some("ET"));
}

#[test]
fn organisations_and_addresses_that_contain_places_are_not_places() {
    let ms = parse(
        "The Islamic State Sahel Province claimed the attack on Tessit.",
        "en",
    );
    assert!(ms.iter().all(|m| !m.text.contains("Sahel")), "{ms:#?}");
    assert_eq!(find(&ms, "Tessit").place.country.as_deref(), Some("ML"));
    let ms = parse(
        "L'État islamique au Sahel a revendiqué l'attaque de Tessit.",
        "fr",
    );
    assert!(ms.iter().all(|m| !m.text.contains("Sahel")), "{ms:#?}");
    let ms = parse(
        "Police responded to the 700 block of South California on Friday.",
        "en",
    );
    assert!(ms.iter().all(|m| !m.text.contains("California")), "{ms:#?}");
    // what already held: a train, a TV station and a minister named after places
    let ms = parse(
        "Gunmen hijacked the Jaffar Express in Balochistan. Fox 8 reported that Minister Bari visited Quetta.",
        "en",
    );
    assert!(
        ms.iter()
            .all(|m| !["Jaffar", "Fox", "Bari"].iter().any(|w| m.text.contains(w))),
        "{ms:#?}"
    );
}

#[test]
fn between_two_places_is_precision_two_en_fr() {
    for (text, lang, y) in [
        (
            "Militants ambushed a convoy on the road between Djibo and Namsiguia on Sunday.",
            "en",
            "Namsiguia",
        ),
        (
            "Des affrontements ont eu lieu entre Djibo et Namsiguia dimanche.",
            "fr",
            "Namsiguia",
        ),
    ] {
        let ms = parse(text, lang);
        let djibo = find(&ms, "Djibo");
        assert_eq!(djibo.qualifier.as_deref(), Some("between"), "{text}");
        assert_eq!(djibo.place.precision, GeoPrecision::Near, "{text}");
        // the second place, unknown to the bundle, is still read
        let other = find(&ms, y);
        assert_eq!(other.qualifier.as_deref(), Some("between"), "{text}");
        assert_eq!(other.place.country.as_deref(), Some("BF"), "{text}");
    }
    // "and" without "between" makes no unknown place
    let ms = parse("Soldiers patrolled Djibo and Namsiguia on Sunday.", "en");
    assert!(ms.iter().all(|m| m.text != "Namsiguia"), "{ms:#?}");
}

#[test]
fn a_province_level_event_sits_at_the_provincial_capital() {
    let loc = located(
        "On 1 June 2024, the governor of the Est region imposed a curfew across the region of Est in Burkina Faso.",
        "en",
        "imposed",
    );
    assert_eq!(loc.place.precision, GeoPrecision::Region);
    // Fada N'Gourma, the region's largest town
    let p = (loc.place.lat.unwrap(), loc.place.lon.unwrap());
    assert!(haversine(p, (12.0616, 0.3584)) < 5.0, "{loc:?}");
}

#[test]
fn abbreviated_states_after_a_town() {
    let text = "He worked in Harrisburg, Pa., before moving to Kansas City, Kan., last year.";
    let ms = parse(text, "en");
    let h = find(&ms, "Harrisburg");
    assert_eq!(h.place.country.as_deref(), Some("US"));
    assert_eq!(h.place.admin1.as_deref(), Some("Pennsylvania"));
    let pa = find(&ms, "Pa.");
    assert_eq!(pa.place.feature.as_deref(), Some("A.ADM1"));
    assert_eq!(find(&ms, "Kan.").place.admin1.as_deref(), Some("Kansas"));
    // a word that is also an abbreviation is no place by itself
    let ms = parse("Ill health kept him home. Mass. was held at noon.", "en");
    assert!(ms.is_empty(), "{ms:#?}");
}

#[test]
fn a_town_resolves_in_the_county_the_document_names() {
    for (text, state) in [
        (
            "Henry County deputies arrested a Paris man on Friday. The sheriff said the man \
             was held at the county jail in Tennessee.",
            "Tennessee",
        ),
        (
            "Police in Paris said the suspect fled to Urbana. The Edgar County sheriff asked for help.",
            "Illinois",
        ),
    ] {
        let paris = find(&parse(text, "en"), "Paris").place.clone();
        assert_eq!(paris.country.as_deref(), Some("US"), "{text}");
        assert_eq!(paris.admin1.as_deref(), Some(state), "{text}");
    }
    let ms = parse(
        "Schools in Clayton County and Atlanta will close. Georgia lawmakers met on Friday.",
        "en",
    );
    let ga = find(&ms, "Georgia");
    assert_eq!(ga.place.country.as_deref(), Some("US"));
    assert_eq!(ga.place.feature.as_deref(), Some("A.ADM1"));
    // a country read alone stays the country
    let ms = parse(
        "Georgia and Armenia signed a border agreement in Tbilisi.",
        "en",
    );
    assert_eq!(find(&ms, "Georgia").place.country.as_deref(), Some("GE"));
}

#[test]
fn a_given_demonym_span_names_its_country() {
    let text = "Russian officials and Egyptians met in Cairo.";
    let ms = resolve_spans(&g(), text, &[(0, 7), (22, 31)]);
    assert_eq!(ms[0].place.country.as_deref(), Some("RU"));
    assert_eq!(ms[0].place.feature.as_deref(), Some("A.PCLI"));
    assert_eq!(ms[1].place.country.as_deref(), Some("EG"));
}

#[test]
fn the_evaluation_split_is_stable_and_partitions_documents() {
    let ids: Vec<String> = (0..200)
        .map(|i| format!("{}", 38_000_000 + i * 7919))
        .collect();
    let dev = ids.iter().filter(|i| Split::Dev.holds(i)).count();
    let held = ids.iter().filter(|i| Split::Heldout.holds(i)).count();
    assert_eq!(dev + held, ids.len());
    assert!(dev > 60 && held > 60, "{dev} {held}");
    assert!(ids.iter().all(|i| Split::All.holds(i)));
    // FNV-1a of "40450848" is even: this document is in the dev half, always
    assert!(Split::Dev.holds("40450848") && !Split::Heldout.holds("40450848"));
    assert_eq!("heldout".parse::<Split>(), Ok(Split::Heldout));
    assert!("half".parse::<Split>().is_err());
}

#[test]
fn a_compass_word_or_a_party_letter_before_a_name_makes_no_person() {
    // "Georgia" is also a first name, but "Northeast Georgia" is a part of a place
    let ms = parse(
        "Most school systems in Northeast Georgia are reviewing their policies.",
        "en",
    );
    assert_eq!(find(&ms, "Georgia").qualifier.as_deref(), Some("northeast"));
    // "D-Charleston": a legislator's party and seat, not a hyphenated surname
    let ms = parse(
        "State Sen. Robert Ford, D-Charleston, said he is optimistic.",
        "en",
    );
    assert!(ms.iter().any(|m| m.text == "Charleston"), "{ms:#?}");
    // a hyphenated surname stays a person's
    let ms = parse("Kerry-Ann Paris spoke to reporters on Monday.", "en");
    assert!(ms.iter().all(|m| m.text != "Paris"), "{ms:#?}");
}

#[test]
fn a_surname_met_with_a_first_name_is_no_place_later() {
    // Flores is also a department of Guatemala and of Uruguay
    let ms = parse(
        "Who would have wanted Matthew D. Flores dead? His stepfather said Flores was kind.",
        "en",
    );
    assert!(ms.iter().all(|m| m.text != "Flores"), "{ms:#?}");
    // a capital is never taken for a surname
    let ms = parse(
        "Paul Paris met the press. Later he flew to Paris for talks.",
        "en",
    );
    assert!(ms.iter().any(|m| m.text == "Paris"), "{ms:#?}");
}

#[test]
fn a_given_abbreviation_span_is_its_state() {
    let text = "A Kansas City, Kan., police officer was dragged.";
    let ms = resolve_spans(&g(), text, &[(2, 13), (15, 19)]);
    assert_eq!(ms[1].place.admin1.as_deref(), Some("Kansas"));
    assert_eq!(ms[0].place.country.as_deref(), Some("US"));
    assert_eq!(ms[0].place.admin1.as_deref(), Some("Kansas"));
}
