use super::*;

#[test]
fn iso_and_region_of_every_country() {
    let codes = countries::codes();
    assert_eq!(codes.len(), 252, "one row per countries.tsv code");
    for (iso2, iso, region) in [
        ("ML", 466, "Western Africa"),
        ("bf", 854, "Western Africa"),
        ("AF", 4, "South Asia"),
        ("SY", 760, "Middle East"),
        ("SD", 729, "Northern Africa"),
        ("SS", 728, "Eastern Africa"),
        ("CD", 180, "Middle Africa"),
        ("MZ", 508, "Southern Africa"),
        ("UA", 804, "Europe"),
        ("AM", 51, "Caucasus and Central Asia"),
        ("MM", 104, "Southeast Asia"),
        ("CN", 156, "East Asia"),
        ("MX", 484, "Central America"),
        ("HT", 332, "Caribbean"),
        ("CO", 170, "South America"),
        ("US", 840, "North America"),
        ("PG", 598, "Oceania"),
        ("XK", 0, "Europe"),
    ] {
        let c = country(iso2).unwrap_or_else(|| panic!("{iso2}"));
        assert_eq!((c.iso, c.region), (iso, region), "{iso2}");
    }
    assert!(country("ZZ").is_none());
    let regions: std::collections::BTreeSet<&str> = codes
        .iter()
        .filter_map(|c| country(c))
        .map(|c| c.region)
        .collect();
    assert_eq!(regions.len(), 17, "ACLED's 17 regions: {regions:?}");
}

#[test]
fn source_kinds_from_the_outlet_table_and_domains() {
    use SourceKind::*;
    assert_eq!(
        source_kind("Voice of America"),
        Some((International, Some("US")))
    );
    assert_eq!(source_kind("voa"), Some((International, Some("US"))));
    assert_eq!(
        source_kind("Twitter/@SahelWatchdog"),
        Some((NewMedia, None))
    );
    assert_eq!(source_kind("Telegram/@az_zallaqa"), Some((NewMedia, None)));
    assert_eq!(source_kind("Studio Tamani"), Some((National, Some("ML"))));
    assert_eq!(
        source_kind("https://www.dawn.com/news/1"),
        Some((National, Some("PK")))
    );
    assert_eq!(source_kind("sahelnotes.ml"), Some((National, Some("ML"))));
    assert_eq!(
        source_kind("news.example.co.uk"),
        Some((National, Some("GB")))
    );
    assert_eq!(source_kind("Human Rights Watch"), Some((Other, None)));
    assert_eq!(source_kind("Sarah Zaman"), None, "an author is no outlet");
    assert_eq!(source_kind("example.org"), None);
}

#[test]
fn source_scale_is_relative_to_the_event_country() {
    assert_eq!(source_scale(["Studio Tamani"], Some("ML")), "National");
    assert_eq!(source_scale(["Studio Tamani"], Some("BF")), "Regional");
    assert_eq!(source_scale(["Studio Tamani"], Some("AF")), "International");
    assert_eq!(
        source_scale(["Voice of America", "Sarah Zaman"], Some("ML")),
        "International"
    );
    assert_eq!(
        source_scale(["Twitter/@x", "Studio Tamani"], Some("ML")),
        "New media-National"
    );
    assert_eq!(
        source_scale(["Studio Tamani", "AFP"], Some("ML")),
        "National-International"
    );
    assert_eq!(
        source_scale(["AFP", "Twitter/@x", "Studio Tamani"], Some("ML")),
        "New media-International"
    );
    assert_eq!(source_scale(["Rudaw"], Some("IQ")), "Subnational");
    assert_eq!(source_scale(["Studio Tamani"], None), "National");
    assert_eq!(source_scale(["a resident"], Some("ML")), "");
}

fn facts<'a>() -> NoteFacts<'a> {
    NoteFacts {
        date: Some("2022-04-06"),
        time_precision: 1,
        event_type: "Explosions/Remote violence",
        sub_event_type: "Suicide bomb",
        actor1: Some("JNIM"),
        actor2: Some("Military Forces of Mali"),
        location: Some("Segou"),
        admin1: Some("Segou"),
        country: Some("Mali"),
        killed: Some(6),
        ..Default::default()
    }
}

#[test]
fn note_from_an_english_sourced_event() {
    assert_eq!(
        note(&facts()),
        "On 6 April 2022, JNIM carried out a suicide bombing against Military Forces of Mali \
         in Segou (Segou, Mali), killing 6."
    );
    let f = NoteFacts {
        injured: Some(4),
        abducted: Some(2),
        time_precision: 2,
        ..facts()
    };
    assert_eq!(
        note(&f),
        "On or around 6 April 2022, JNIM carried out a suicide bombing against Military Forces \
         of Mali in Segou (Segou, Mali), killing 6, injuring 4 and abducting 2."
    );
    let f = NoteFacts {
        time_precision: 3,
        killed: Some(0),
        admin1: None,
        ..facts()
    };
    assert_eq!(
        note(&f),
        "In April 2022, JNIM carried out a suicide bombing against Military Forces of Mali in \
         Segou (Mali)."
    );
}

#[test]
fn note_from_a_french_sourced_event() {
    // "Des hommes armés non identifiés ont enlevé cinq civils peuls près de Djibo, samedi."
    // The note is English and built from the coded fields, never from the French sentence.
    let f = NoteFacts {
        date: Some("2023-02-18"),
        time_precision: 1,
        event_type: "Violence against civilians",
        sub_event_type: "Abduction/forced disappearance",
        actor1: None,
        actor2: Some("Civilians"),
        location: Some("Djibo"),
        admin1: Some("Sahel"),
        country: Some("Burkina Faso"),
        abducted: Some(5),
        ..Default::default()
    };
    assert_eq!(
        note(&f),
        "On 18 February 2023, unidentified armed men abducted 5 civilians in Djibo (Sahel, \
         Burkina Faso)."
    );
    let one = NoteFacts {
        abducted: Some(1),
        actor2: None,
        ..f
    };
    assert_eq!(
        note(&one),
        "On 18 February 2023, unidentified armed men abducted one person in Djibo (Sahel, \
         Burkina Faso)."
    );
}

#[test]
fn note_without_actor_2_date_or_place() {
    let f = NoteFacts {
        event_type: "Protests",
        sub_event_type: "Peaceful protest",
        actor1: Some("Protesters"),
        ..Default::default()
    };
    assert_eq!(note(&f), "Protesters held a peaceful demonstration.");
    let f = NoteFacts {
        event_type: "Battles",
        sub_event_type: "Armed clash",
        actor1: Some("Militants (unnamed)"),
        country: Some("Mali"),
        location: Some("Mali"),
        date: Some("2022-05-01"),
        time_precision: 1,
        ..Default::default()
    };
    assert_eq!(
        note(&f),
        "On 1 May 2022, militants were involved in an armed clash in Mali."
    );
}

#[test]
fn actor_names_in_notes() {
    assert_eq!(note_actor("Militants (unnamed)"), "militants");
    assert_eq!(note_actor("Civilians"), "civilians");
    assert_eq!(
        note_actor("Unidentified Armed Group"),
        "unidentified armed men"
    );
    assert_eq!(
        note_actor("Unidentified Armed Group (Mali)"),
        "unidentified armed men (Mali)"
    );
    assert_eq!(note_actor("Islamic State"), "Islamic State");
}

#[test]
fn default_actors_and_tags() {
    assert_eq!(
        default_actor("Protests", Some("Mali")),
        Some(("Protesters (Mali)".to_string(), 6))
    );
    assert_eq!(
        default_actor("Battles", None),
        Some(("Unidentified Armed Group".to_string(), 3))
    );
    assert_eq!(default_actor("Strategic developments", Some("Mali")), None);
    assert_eq!(default_inter("Protests", 1), Some(6));
    assert_eq!(default_inter("Riots", 1), Some(5));
    assert_eq!(default_inter("Violence against civilians", 2), Some(7));
    assert_eq!(default_inter("Violence against civilians", 1), None);
    assert_eq!(default_inter("Battles", 2), None);
    assert_eq!(tags("Protests"), "crowd size=no report");
    assert_eq!(tags("Battles"), "");
}

#[test]
fn every_sub_event_type_has_a_clause() {
    let subs = [
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
        "Violent demonstration",
        "Mob violence",
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ];
    for s in subs {
        let f = NoteFacts {
            sub_event_type: s,
            actor1: Some("A"),
            ..Default::default()
        };
        let n = note(&f);
        assert!(!n.contains("incident") || s == "Other", "{s}: {n}");
        assert!(!n.contains('{'), "{s}: {n}");
    }
}
