//! Table tests of recognition and normalisation, English and French.
use chrono::NaiveDate;
use khaldun_model::TimexType;
use khaldun_time::tag;

fn d(s: &str) -> Option<NaiveDate> {
    khaldun_time::parse_dct(s)
}

/// (language, DCT, text, expected span text, expected value)
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    // absolute dates
    (
        "en",
        "2022-05-22",
        "The attack took place on 6 April 2022 in Ségou.",
        "6 April 2022",
        "2022-04-06",
    ),
    (
        "en",
        "2022-05-22",
        "Fighting resumed on Apr. 6, 2022, officials said.",
        "Apr. 6, 2022",
        "2022-04-06",
    ),
    (
        "en",
        "2022-05-22",
        "The report is dated 2022-04-06.",
        "2022-04-06",
        "2022-04-06",
    ),
    (
        "en",
        "2022-05-22",
        "It was signed on 4/6/2022 in Washington.",
        "4/6/2022",
        "2022-04-06",
    ),
    (
        "en",
        "2022-05-22",
        "It was signed on 25/4/2022 in Bamako.",
        "25/4/2022",
        "2022-04-25",
    ),
    (
        "en",
        "2022-05-22",
        "On April 25, JNIM claimed the kidnapping.",
        "April 25",
        "2022-04-25",
    ),
    (
        "en",
        "2022-05-22",
        "Militants attacked the base on Tuesday, April 26.",
        "Tuesday, April 26",
        "2022-04-26",
    ),
    (
        "fr",
        "2022-05-22",
        "L'attaque a eu lieu le 6 avril 2022 à Ségou.",
        "le 6 avril 2022",
        "2022-04-06",
    ),
    (
        "fr",
        "2022-05-22",
        "Des hommes armés ont attaqué le village le 6 avril.",
        "le 6 avril",
        "2022-04-06",
    ),
    (
        "fr",
        "2022-05-22",
        "Les combats ont repris mardi 6 avril.",
        "mardi 6 avril",
        "2022-04-06",
    ),
    (
        "fr",
        "2022-05-22",
        "Le scrutin a eu lieu le 1er mai 1962.",
        "le 1er mai 1962",
        "1962-05-01",
    ),
    (
        "fr",
        "2022-05-22",
        "Le rapport date du 06/04/2022.",
        "06/04/2022",
        "2022-04-06",
    ),
    // year-less dates, past bias
    (
        "en",
        "2022-01-10",
        "The army said it killed five militants in December.",
        "December",
        "2021-12",
    ),
    (
        "en",
        "2022-05-22",
        "The convoy was ambushed on July 2, the army said.",
        "July 2",
        "2021-07-02",
    ),
    (
        "en",
        "2022-05-22",
        "The talks will resume on July 2.",
        "July 2",
        "2022-07-02",
    ),
    // relative days and weeks (2022-05-22 is a Sunday)
    (
        "en",
        "2022-05-22",
        "Gunmen attacked the village yesterday.",
        "yesterday",
        "2022-05-21",
    ),
    (
        "en",
        "2022-05-22",
        "Protests are expected today.",
        "today",
        "2022-05-22",
    ),
    (
        "en",
        "2022-05-22",
        "Officials said the convoy was attacked on Monday.",
        "Monday",
        "2022-05-16",
    ),
    // the tense of a relative or reported clause after the date is not the date's
    (
        "en",
        "2025-03-14",
        "The president signed a declaration Thursday that will serve as the constitution.",
        "Thursday",
        "2025-03-13",
    ),
    (
        "fr",
        "2025-03-14",
        "Le ministre a annoncé jeudi que les élections auront lieu en juin.",
        "jeudi",
        "2025-03-13",
    ),
    (
        "en",
        "2022-05-18",
        "Talks will open on Monday in Niamey.",
        "Monday",
        "2022-05-23",
    ),
    (
        "en",
        "2022-05-22",
        "Troops withdrew last Tuesday.",
        "last Tuesday",
        "2022-05-17",
    ),
    (
        "en",
        "2022-05-22",
        "The village was raided two days ago.",
        "two days ago",
        "2022-05-20",
    ),
    (
        "en",
        "2022-05-18",
        "Clashes erupted last week near Mopti.",
        "last week",
        "2022-W19",
    ),
    (
        "en",
        "2022-05-22",
        "Prices rose earlier this month.",
        "earlier this month",
        "2022-05",
    ),
    (
        "en",
        "2022-05-22",
        "Airstrikes hit the town tonight.",
        "tonight",
        "2022-05-22TNI",
    ),
    (
        "en",
        "2022-05-22",
        "Fighting continued on Saturday night.",
        "Saturday night",
        "2022-05-21TNI",
    ),
    (
        "en",
        "2022-05-22",
        "The bomb exploded at 10:30 a.m. on Friday.",
        "10:30 a.m.",
        "2022-05-22T10:30",
    ),
    (
        "fr",
        "2022-05-22",
        "L'armée a riposté hier.",
        "hier",
        "2022-05-21",
    ),
    (
        "fr",
        "2022-05-22",
        "Le ministre s'exprime aujourd'hui.",
        "aujourd'hui",
        "2022-05-22",
    ),
    (
        "fr",
        "2022-05-22",
        "Les militaires ont été attaqués mardi dernier.",
        "mardi dernier",
        "2022-05-17",
    ),
    (
        "fr",
        "2022-05-22",
        "Des frappes ont visé la ville la semaine dernière.",
        "la semaine dernière",
        "2022-W19",
    ),
    (
        "fr",
        "2022-05-22",
        "Le camp a été attaqué il y a deux jours.",
        "il y a deux jours",
        "2022-05-20",
    ),
    (
        "fr",
        "2022-05-22",
        "Les prix ont augmenté le mois dernier.",
        "le mois dernier",
        "2022-04",
    ),
    (
        "fr",
        "2022-05-22",
        "Le pays a connu une crise l'an dernier.",
        "l'an dernier",
        "2021",
    ),
    (
        "fr",
        "2022-05-22",
        "Des tirs ont été entendus hier soir.",
        "hier soir",
        "2022-05-21TEV",
    ),
    (
        "fr",
        "2022-05-22",
        "L'explosion a eu lieu vers 18 h 30.",
        "18 h 30",
        "2022-05-22T18:30",
    ),
    // years, months, decades, quarters, seasons
    (
        "en",
        "2022-05-22",
        "The group was founded in 2021.",
        "2021",
        "2021",
    ),
    (
        "fr",
        "2022-05-22",
        "Le groupe a été fondé en 2017.",
        "2017",
        "2017",
    ),
    (
        "en",
        "2022-05-22",
        "Violence rose sharply in the 1990s.",
        "the 1990s",
        "199",
    ),
    (
        "en",
        "2022-05-22",
        "Profits fell in the third quarter.",
        "the third quarter",
        "2021-Q3",
    ),
    (
        "en",
        "2022-05-22",
        "Profits fell in the first quarter.",
        "the first quarter",
        "2022-Q1",
    ),
    (
        "en",
        "2022-05-22",
        "Attacks increased last summer.",
        "last summer",
        "2021-SU",
    ),
    (
        "fr",
        "2022-05-22",
        "Les attaques ont repris en décembre.",
        "décembre",
        "2021-12",
    ),
    (
        "fr",
        "2022-05-22",
        "Ils ont fui dans les années 1990.",
        "les années 1990",
        "199",
    ),
    // durations
    (
        "en",
        "2022-05-22",
        "The siege lasted five weeks.",
        "five weeks",
        "P5W",
    ),
    (
        "en",
        "2022-05-22",
        "He spent three years in prison.",
        "three years",
        "P3Y",
    ),
    (
        "en",
        "2022-05-22",
        "The curfew lasts 24 hours.",
        "24 hours",
        "PT24H",
    ),
    (
        "en",
        "2022-05-22",
        "The fighting went on for several days.",
        "several days",
        "PXD",
    ),
    (
        "en",
        "2022-05-22",
        "They held him for 2 1/2 years.",
        "2 1/2 years",
        "P2Y6M",
    ),
    (
        "fr",
        "2022-05-22",
        "Le couvre-feu durera 24 heures.",
        "24 heures",
        "PT24H",
    ),
    (
        "fr",
        "2022-05-22",
        "Le siège a duré dix-huit mois.",
        "dix-huit mois",
        "P18M",
    ),
    (
        "fr",
        "2022-05-22",
        "Le conflit dure depuis un demi-siècle.",
        "un demi-siècle",
        "P50Y",
    ),
    (
        "fr",
        "2022-05-22",
        "Ils ont attendu plusieurs années.",
        "plusieurs années",
        "PXY",
    ),
    // sets and vague references
    (
        "en",
        "2022-05-22",
        "Protesters gather every Friday.",
        "every Friday",
        "XXXX-WXX-5",
    ),
    (
        "en",
        "2022-05-22",
        "The bulletin is published weekly.",
        "weekly",
        "P1W",
    ),
    (
        "fr",
        "2022-05-22",
        "Les manifestants se réunissent chaque vendredi.",
        "chaque vendredi",
        "XXXX-WXX-5",
    ),
    (
        "fr",
        "2022-05-22",
        "Ils passent tous les jours.",
        "tous les jours",
        "P1D",
    ),
    (
        "en",
        "2022-05-22",
        "The group has recently expanded.",
        "recently",
        "PAST_REF",
    ),
    (
        "en",
        "2022-05-22",
        "Such attacks were rare in the past.",
        "the past",
        "PAST_REF",
    ),
    (
        "en",
        "2022-05-22",
        "The army now controls the town.",
        "now",
        "PRESENT_REF",
    ),
    (
        "fr",
        "2022-05-22",
        "Le groupe s'est récemment étendu.",
        "récemment",
        "PAST_REF",
    ),
    (
        "fr",
        "2022-05-22",
        "L'armée contrôle actuellement la ville.",
        "actuellement",
        "PRESENT_REF",
    ),
    // parts of periods
    (
        "fr",
        "2022-05-22",
        "Les attaques se sont multipliées depuis le début de l'année.",
        "le début de l'année",
        "2022",
    ),
    (
        "fr",
        "2022-05-22",
        "Le camp a été attaqué à la fin du mois dernier.",
        "la fin du mois dernier",
        "2022-04",
    ),
    (
        "en",
        "2022-05-22",
        "The offensive began in early March.",
        "early March",
        "2022-03",
    ),
    (
        "en",
        "2022-05-22",
        "The deadline is 5 p.m. EST, June 6.",
        "5 p.m. EST, June 6",
        "2022-06-06T17:00",
    ),
    (
        "en",
        "2022-05-22",
        "Leaders met on April 24 and 25.",
        "25",
        "2022-04-25",
    ),
    // anaphora
    (
        "en",
        "2022-05-22",
        "Militants struck on May 3. The army retaliated the next day.",
        "the next day",
        "2022-05-04",
    ),
    (
        "fr",
        "2022-05-22",
        "Le camp a été attaqué le 3 mai. L'armée a riposté le lendemain.",
        "le lendemain",
        "2022-05-04",
    ),
];

#[test]
fn expression_table() {
    let mut failures = Vec::new();
    for (lang, dct, text, span, value) in CASES {
        let tx = tag(text, d(dct), lang);
        match tx.iter().find(|t| t.text == *span) {
            Some(t) if t.value == *value => {}
            Some(t) => failures.push(format!(
                "{text:?}: {span:?} = {} (expected {value})",
                t.value
            )),
            None => failures.push(format!(
                "{text:?}: {span:?} not found; got {:?}",
                tx.iter().map(|t| (&t.text, &t.value)).collect::<Vec<_>>()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn seed_cases() {
    let dct = d("2022-05-22");
    let text = "On April 25, JNIM claimed that it kidnapped Wagner personnel in Ségou \
                (Twitter/@Lesoirdebamako, April 26). JNIM also carried out suicide car \
                bombings on April 6 (dakaractu.com, April 7).";
    let tx = tag(text, dct, "en");
    let by = |s: &str| {
        tx.iter()
            .find(|t| t.text == s)
            .unwrap_or_else(|| panic!("{s} missing: {tx:?}"))
    };
    assert_eq!(by("April 25").value, "2022-04-25");
    assert!(!by("April 25").citation);
    assert_eq!(by("April 26").value, "2022-04-26");
    assert!(by("April 26").citation);
    assert!(by("April 7").citation);
    assert!(!by("April 6").citation);
    // offsets are code points: "Ségou" holds one two-byte character before the citation
    let t = by("April 26");
    assert_eq!(
        text.chars()
            .skip(t.start)
            .take(t.end - t.start)
            .collect::<String>(),
        "April 26"
    );

    let y = tag("JNIM expanded its attacks in 2021.", dct, "en");
    assert_eq!((y[0].text.as_str(), y[0].value.as_str()), ("2021", "2021"));
    let r = tag("The 2012-2013 crisis displaced thousands.", dct, "en");
    let vals: Vec<&str> = r.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(vals, ["2012", "2013"]);
    let c = tag("(lemonde.fr, April 25)", dct, "en");
    assert!(c[0].citation);
}

#[test]
fn no_dct_leaves_values_underspecified() {
    let t = tag("The raid took place on April 25.", None, "en");
    assert_eq!(t[0].value, "XXXX-04-25");
    let f = tag("Le raid a eu lieu le 25 avril.", None, "fr");
    assert_eq!(f[0].value, "XXXX-04-25");
    let w = tag("It happened on Monday.", None, "en");
    assert_eq!(w[0].value, "XXXX-WXX-1");
}

#[test]
fn types() {
    let dct = d("2022-05-22");
    let kinds: Vec<TimexType> = tag(
        "On Monday morning, after five weeks of siege, daily strikes resumed.",
        dct,
        "en",
    )
    .iter()
    .map(|t| t.kind)
    .collect();
    assert_eq!(
        kinds,
        [TimexType::Time, TimexType::Duration, TimexType::Set]
    );
}

#[test]
fn not_times() {
    let dct = d("2022-05-22");
    for (lang, text) in [
        ("en", "The 37-year-old commander was 37 years old."),
        ("en", "About 1,990 people may have fled; he will march on."),
        ("en", "The fall of the city was a second blow."),
        ("fr", "Jean Burget, 87 ans, a été heurté par une voiture."),
        ("fr", "Il a été blessé par sept balles."),
        ("fr", "Appelez le 03.29.88.43.12 pour vous inscrire."),
    ] {
        let t = tag(text, dct, lang);
        assert!(t.is_empty(), "{text}: {t:?}");
    }
}

#[test]
fn never_panics_on_odd_input() {
    let dct = d("2022-05-22");
    for text in [
        "",
        "(",
        ")",
        "April",
        "le",
        "il y a",
        "99999999999999999999 days",
        "Sept.",
        "1er",
        "10:",
        "l'",
        "’s",
        "a.m.",
        "🙂 April 31, 2022 🙂",
        "Feb. 30",
        "32/13/2022",
        "du 4 au",
        "0 h",
    ] {
        for lang in ["en", "fr"] {
            let _ = tag(text, dct, lang);
            let _ = tag(text, None, lang);
        }
    }
}

#[test]
fn never_panics_on_any_cut_of_a_text() {
    let text =
        "Le 1er mai 1962, vers 18 h 30, l'armée a riposté hier soir (Twitter/@x, April 26). \
                On Monday, Oct. 26, 2022 at 10:30 a.m. EST, 2012-2013, 5 1/2 years ago, \
                du 4 au 7 février, il y a deux jours, the 1990s' third-quarter — aujourd’hui.";
    let cuts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    for &c in &cuts {
        for lang in ["en", "fr"] {
            for t in tag(&text[c..], d("2022-05-22"), lang)
                .iter()
                .chain(tag(&text[..c], None, lang).iter())
            {
                assert!(t.start < t.end);
            }
        }
    }
}
