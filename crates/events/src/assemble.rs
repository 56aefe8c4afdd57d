//! Document assembly: the last pass of the event stage. The sentence passes
//! find events one sentence at a time; this pass reads them as a whole
//! article, the way a coder does:
//!
//! 1. **Scope.** Diplomacy and talk (PLOVER verbal and cooperative types
//!    coded ACLED "Other") is marked PLOVER-only; figures stated as a
//!    statistic over a period ("so far this year") are no incident and are
//!    dropped.
//! 2. **Honest dates.** A date taken from the publication date means "on or
//!    shortly before publication": week precision (ACLED time_precision 2),
//!    never a day; and no event is dated after its article's publication.
//! 3. **One incident, one event.** A later event of the same kind whose place,
//!    date and actors are compatible with an earlier one, and that the text
//!    does not call another incident ("a separate attack"), elaborates the
//!    earlier one: its evidence, figures, status, actors, date and place are
//!    merged into it (the more precise wins; the higher ACLED sub-event type
//!    wins, the codebook's rule).
//!
//! It may change any field of an event and remove events; it adds none.
//! Cue words are in `data/events/document.tsv`, the sub-event hierarchy in
//! `data/ontology/acled_sub_events.tsv`.

use crate::passes::LEAD_SENTENCES;
use std::collections::HashMap;
use std::sync::OnceLock;

use khaldun_model::day_number;
use khaldun_model::{
    AnnotatedArticle, DatePrecision, Event, EventLocation, EventStatus, GeoPrecision,
};

const DOCUMENT: &str = include_str!("../../../data/events/document.tsv");
const SUB_EVENTS: &str = include_str!("../../../data/ontology/acled_sub_events.tsv");

/// The pass's word lists and tables.
struct Rules {
    separate: Vec<String>,
    agreement_word: Vec<String>,
    weapon_word: Vec<String>,
    anaphor: Vec<String>,
    ambiguous: Vec<String>,
    aggregate: Vec<String>,
    plover_only: Vec<String>,
    period_noun: Vec<String>,
    death_singular: Vec<String>,
    death_word: Vec<String>,
    shot_singular: Vec<String>,
    death_one_marker: Vec<String>,
    /// death_singular, injury_singular and shot_singular in one automaton.
    told: Option<Told>,
    death_plural: Vec<String>,
    injury_singular: Vec<String>,
    period_link: Vec<String>,
    toll_update: Vec<String>,
    second_victim: Vec<String>,
    /// ACLED sub-event type → its place in the codebook's hierarchy (0 highest).
    hierarchy: HashMap<String, usize>,
}

/// What a casualty phrase tells of one person.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Harm {
    Death,
    Injury,
    Shot,
}

/// The casualty phrases of one person, found in one pass over a sentence.
struct Told {
    ac: aho_corasick::AhoCorasick,
    /// Per pattern: what it tells, and whether it is singular by itself.
    kinds: Vec<(Harm, bool)>,
}

impl Told {
    fn new(r: &Rules) -> Option<Told> {
        let mut pats = Vec::new();
        let mut kinds = Vec::new();
        for (list, harm) in [
            (&r.death_singular, Harm::Death),
            (&r.injury_singular, Harm::Injury),
            (&r.shot_singular, Harm::Shot),
        ] {
            for p in list {
                let one =
                    harm != Harm::Death || r.death_one_marker.iter().any(|m| contains_phrase(p, m));
                pats.push(p.clone());
                kinds.push((harm, one));
            }
        }
        let ac = aho_corasick::AhoCorasick::new(&pats).ok()?;
        Some(Told { ac, kinds })
    }

    /// The harms a (lower-case) sentence tells of one person: (death, injury, shot).
    fn scan(&self, t: &str, plural: bool) -> (bool, bool, bool) {
        let (mut death, mut injury, mut shot) = (false, false, false);
        for m in self.ac.find_overlapping_iter(t) {
            let before = t[..m.start()].chars().next_back();
            let after = t[m.end()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            match self.kinds[m.pattern().as_usize()] {
                (Harm::Death, one) => death |= one || !plural,
                (Harm::Injury, _) => injury = true,
                (Harm::Shot, _) => shot = true,
            }
        }
        (death, injury, shot)
    }
}

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        let mut r = Rules {
            separate: Vec::new(),
            agreement_word: Vec::new(),
            weapon_word: Vec::new(),
            anaphor: Vec::new(),
            ambiguous: Vec::new(),
            aggregate: Vec::new(),
            plover_only: Vec::new(),
            period_noun: Vec::new(),
            death_singular: Vec::new(),
            death_word: Vec::new(),
            shot_singular: Vec::new(),
            death_one_marker: Vec::new(),
            told: None,
            death_plural: Vec::new(),
            injury_singular: Vec::new(),
            period_link: Vec::new(),
            toll_update: Vec::new(),
            second_victim: Vec::new(),
            hierarchy: HashMap::new(),
        };
        for line in DOCUMENT.lines().filter(|l| !l.starts_with('#')) {
            let Some((kind, phrase)) = line.split_once('\t') else {
                continue;
            };
            match kind {
                "separate" => r.separate.push(phrase.trim().to_lowercase()),
                "agreement_word" => r.agreement_word.push(phrase.trim().to_lowercase()),
                "weapon_word" => r.weapon_word.push(phrase.trim().to_lowercase()),
                "anaphor" => r.anaphor.push(phrase.trim().to_lowercase()),
                "ambiguous" => r.ambiguous.push(phrase.trim().to_lowercase()),
                "aggregate" => r.aggregate.push(phrase.trim().to_lowercase()),
                "plover_only" => r.plover_only.push(phrase.trim().to_string()),
                "period_noun" => r.period_noun.push(phrase.trim().to_lowercase()),
                "death_singular" => r.death_singular.push(phrase.trim().to_lowercase()),
                "death_word" => r.death_word.push(phrase.trim().to_lowercase()),
                "shot_singular" => r.shot_singular.push(phrase.trim().to_lowercase()),
                "death_one_marker" => r.death_one_marker.push(phrase.trim().to_lowercase()),
                "death_plural" => r.death_plural.push(phrase.trim().to_lowercase()),
                "injury_singular" => r.injury_singular.push(phrase.trim().to_lowercase()),
                "period_link" => r.period_link.push(phrase.trim().to_lowercase()),
                "toll_update" => r.toll_update.push(phrase.trim().to_lowercase()),
                "second_victim" => r.second_victim.push(phrase.trim().to_lowercase()),
                _ => {}
            }
        }
        r.told = Told::new(&r);
        for (i, line) in SUB_EVENTS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .enumerate()
        {
            if let Some(sub) = line.split('\t').nth(1) {
                r.hierarchy.insert(sub.to_string(), i);
            }
        }
        r
    })
}

/// Run the pass over the events the sentence passes found, in text order.
///
/// `lead_incident`: the article's lead tells an incident (a trigger of one,
/// kept as an event or not); otherwise the article is about something else
/// (a trial, a policy, history, an interview) and only events that stand on
/// their own are kept.
pub(crate) fn assemble(
    doc: &AnnotatedArticle,
    mut events: Vec<Event>,
    lead_incident: bool,
) -> Vec<Event> {
    let published = doc.article.published.as_deref().and_then(|p| p.get(..10));
    mark_scope(&mut events);
    events.retain(|e| !is_statistic(e) && has_its_arguments(e));
    drop_foreign_demonym_places(doc, &mut events);
    // a generalisation is dropped before merging, so that no incident takes
    // its place or figures
    events.retain(|e| !is_generic(e));
    for e in &mut events {
        honest_date(e, published);
        mark_background(e, published);
    }
    let mut events = merge_incidents(events);
    let mut keep: Vec<bool> = events.iter().map(is_specific).collect();
    inherit_context(&mut events, &mut keep);
    for (k, e) in keep.iter_mut().zip(&events) {
        *k &= !is_generic(e);
    }
    let mut keep = keep.into_iter();
    events.retain(|_| keep.next().unwrap_or(true));
    let lead = LEAD_SENTENCES;
    let told_in_lead = |e: &Event| visible(e) && e.sentence < lead && !family(e).is_empty();
    if !lead_incident && !events.iter().any(told_in_lead) {
        events.retain(|e| !visible(e) || well_anchored(e));
    }
    singular_casualties(doc, &mut events);
    let mut week_day = None;
    for e in &mut events {
        date_from_story(doc, e, published, &mut week_day);
        mark_background(e, published);
    }
    events
}

/// A single person's death or injury told anywhere in the article ("he was
/// pronounced dead at the scene", "killing him", "she is in stable
/// condition") counts one killed or injured for the violent event told last
/// before it (the first, when it comes before any), if that event has no
/// figure of its own.
fn singular_casualties(doc: &AnnotatedArticle, events: &mut [Event]) {
    let violent: Vec<usize> = (0..events.len())
        .filter(|&i| visible(&events[i]) && family(&events[i]) == "violence")
        .collect();
    let Some(&first) = violent.first() else {
        return;
    };
    let r = rules();
    let (mut dead, mut hurt, mut shot) = (Vec::new(), Vec::new(), Vec::new());
    let Some(told) = r.told.as_ref() else {
        return;
    };
    for (si, s) in doc.sentences.iter().enumerate() {
        let t = s.text.to_lowercase();
        let plural = has_word(&t, &r.death_plural);
        let (death, injury, shot_) = told.scan(&t, plural);
        let death = death || (!plural && has_word(&t, &r.death_word));
        let injury = !death && injury;
        let hit = !death && !injury && shot_;
        if !(death || injury || hit) {
            continue;
        }
        let at = violent
            .iter()
            .rev()
            .copied()
            .find(|&i| events[i].sentence <= si)
            .unwrap_or(first);
        match (death, injury) {
            (true, _) => dead.push(at),
            (_, true) => hurt.push(at),
            _ => shot.push(at),
        }
    }
    for &i in &dead {
        let e = &mut events[i];
        e.killed = e.killed.or(Some(1));
    }
    // one person shot and one dead are, most likely, the same person
    shot.retain(|&i| !dead.contains(&i) && events[i].killed.is_none_or(|k| k == 0));
    for i in hurt.into_iter().chain(shot) {
        let e = &mut events[i];
        e.injured = e.injured.or(Some(1));
    }
    one_victim_hurt_then_dead(doc, events);
}

/// One person killed and one injured, in an article whose opening never
/// tells a second victim ("another man", "two people", "both"), are one
/// person: hurt, then dead ("a child who suffered critical injuries has
/// died").
fn one_victim_hurt_then_dead(doc: &AnnotatedArticle, events: &mut [Event]) {
    let single = |e: &Event| e.killed == Some(1) && e.injured == Some(1);
    if !events.iter().any(single) {
        return;
    }
    // (the story's own opening: pages close on other stories' headlines)
    let second = doc.sentences.iter().take(2 * LEAD_SENTENCES).any(|s| {
        s.text
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| rules().second_victim.iter().any(|x| x == w))
    });
    if second {
        return;
    }
    for e in events.iter_mut().filter(|e| single(e)) {
        e.injured = None;
    }
}

/// A trigger whose head (its last word) is plural: "attacks", "engins
/// explosifs".
fn is_plural(trig: &str) -> bool {
    let last = trig.split_whitespace().last().unwrap_or("");
    last.len() > 3 && (last.ends_with('s') || last.ends_with('x'))
}

/// One of `list` is a word of `t`.
fn has_word(t: &str, list: &[String]) -> bool {
    t.split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| !w.is_empty() && list.iter().any(|x| x == w))
}

/// An event dated only by its article's publication takes the first date its
/// own sentences tell (a merged elaboration may say "on Monday"), else one
/// in the sentence before or after its first one ("The shooting happened
/// around 3:30 a.m. Sunday"); never a date after publication.
fn date_from_story(
    doc: &AnnotatedArticle,
    e: &mut Event,
    published: Option<&str>,
    week_day: &mut Option<Option<khaldun_model::EventDate>>,
) {
    if !visible(e) || e.date.as_ref().is_some_and(|d| d.source != "published") {
        return;
    }
    let mut ranges: Vec<std::ops::Range<usize>> =
        e.evidence.iter().map(|s| s.start..s.end).collect();
    let si = e.sentence;
    for j in [si + 1, si.wrapping_sub(1)] {
        if let Some(s) = doc.sentences.get(j) {
            ranges.push(s.start..s.end);
        }
    }
    for r in ranges {
        if let Some(d) = khaldun_time::first_date_in(doc, r) {
            if published.is_some_and(|p| d.date.as_str() > p) {
                continue;
            }
            e.date = Some(d);
            return;
        }
    }
    // else the first day the article names in the week before publication
    // ("Police said the shooting happened early Saturday"), looked up once
    if let Some(d) = week_day.get_or_insert_with(|| day_in_week_before(doc, published)) {
        e.date = Some(d.clone());
    }
}

/// The first day-precision date the article names in the seven days before
/// its publication.
fn day_in_week_before(
    doc: &AnnotatedArticle,
    published: Option<&str>,
) -> Option<khaldun_model::EventDate> {
    let p = published.and_then(day_number)?;
    let in_week = |d: &khaldun_model::EventDate| {
        d.precision == DatePrecision::Day
            && day_number(&d.date).is_some_and(|x| x <= p && x >= p - 7)
    };
    doc.sentences
        .iter()
        .filter_map(|s| khaldun_time::first_date_in(doc, s.start..s.end))
        .find(in_week)
}

/// An event told right after a specific incident, with no date or place of
/// its own ("They then burned the granaries"), takes the incident's date
/// and place: the text tells it as part of the same story, so it is kept
/// (`keep`, each event's own specificity, is set for it).
fn inherit_context(events: &mut [Event], keep: &mut [bool]) {
    let mut last_visible: Option<usize> = None;
    for i in 0..events.len() {
        if !visible(&events[i]) {
            continue;
        }
        let Some(j) = last_visible.replace(i) else {
            continue;
        };
        let (head, tail) = events.split_at_mut(i);
        let (prev, e) = (&head[j], &mut tail[0]);
        if e.sentence > prev.sentence + 2 || !keep[j] {
            continue;
        }
        keep[i] = true;
        let own_date = e.date.as_ref().is_some_and(|d| d.source != "published");
        if !own_date && prev.date.as_ref().is_some_and(|d| d.source != "published") {
            e.date = prev.date.clone();
        }
        let own_place = e.location.as_ref().is_some_and(|l| l.span.is_some());
        if !own_place && prev.location.as_ref().is_some_and(|l| l.span.is_some()) {
            e.location = prev.location.clone();
        }
    }
}

/// A visible event must be a specific occurrence: it has a figure, a date
/// or a place below the country from the text, or a named party; a plural
/// noun with no figure, day or place ("recent attacks") is a
/// generalisation. Flagged events are kept as they are.
fn is_specific(e: &Event) -> bool {
    if !visible(e) {
        return true;
    }
    let figure = has_figure(e);
    let text_date = e.date.as_ref().filter(|d| d.source != "published");
    let day = text_date.is_some_and(|d| d.precision == DatePrecision::Day);
    let place = e.location.as_ref().is_some_and(|l| {
        (l.span.is_some() && !is_country(l))
            || l.place
                .feature
                .as_deref()
                .is_some_and(|f| f.starts_with("P."))
    });
    let named = |a: &Option<khaldun_model::Actor>| {
        a.as_ref().is_some_and(|a| {
            let n = a.name.to_lowercase();
            a.id.is_some()
                && !n.contains("unnamed")
                && !n.contains("unidentified")
                && (a.country.is_some() || matches!(a.inter, Some(2..=4) | Some(8)))
        })
    };
    let trig = e.trigger.text.trim();
    let plural = is_plural(trig);
    let party = named(&e.actor) || named(&e.target);
    let any_place = e.location.as_ref().is_some_and(|l| l.span.is_some());
    // (a named group accused of, or denying, acts is news in itself: "Wagner
    // has been accused of massacres of Malian civilians")
    let disputed = matches!(e.status, EventStatus::Alleged | EventStatus::Denied);
    let unanchored_plural = plural && !(figure || day || any_place || party && disputed);
    if unanchored_plural {
        return false;
    }
    // a noun phrase naming an incident ("the Russia attack on Ukraine", "a
    // Turkish offensive") with no figure, day or place below the country is
    // a reference to it, not a report: its parties alone do not anchor it
    let reference = nominal(e) && !(figure || day || place);
    !reference && (figure || text_date.is_some() || place || party || passive_harm(e))
}

/// The trigger is a noun after a determiner or a possessive ("the attack",
/// "Russia's offensive", "l'embuscade").
fn nominal(e: &Event) -> bool {
    let w = &crate::lexicon::Lexicon::get().words;
    let before = text_before_trigger(e).trim_end().to_lowercase();
    let last = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let first = e.trigger.text.split_whitespace().next().unwrap_or("");
    let noun_form = crate::lexicon::Lexicon::get().is_noun_form(&first.to_lowercase());
    noun_form
        && (w.sense_det.contains(last)
            || last.ends_with("'s")
            || last.ends_with("’s")
            || last.ends_with("l'")
            || last.ends_with("l’"))
}

/// A demonym names whose people or goods are meant ("a supply convoy for a
/// Chinese company", "a U.S.-designated group"), not where an event
/// happened: a place read from one is dropped when it is not the country
/// the article's own place names are in.
fn drop_foreign_demonym_places(doc: &AnnotatedArticle, events: &mut [Event]) {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for m in doc.places.iter().filter(|m| m.kind == "toponym") {
        if let Some(c) = m.place.country.as_deref() {
            *counts.entry(c).or_default() += 1;
        }
    }
    let Some(main) = counts
        .iter()
        .max_by_key(|(c, n)| (**n, *c))
        .map(|(c, _)| *c)
    else {
        return;
    };
    for e in events {
        let Some(span) = e.location.as_ref().and_then(|l| l.span.as_ref()) else {
            continue;
        };
        let demonym = doc
            .places
            .iter()
            .find(|m| m.start == span.start && m.end == span.end)
            .is_some_and(|m| m.kind == "demonym");
        let foreign = e
            .location
            .as_ref()
            .and_then(|l| l.place.country.as_deref())
            .is_some_and(|c| c != main);
        if demonym && foreign {
            e.location = None;
        }
    }
}

/// An event that stands on its own wherever it is told: a casualty or
/// arrest figure, or a day from the text and a place below the country.
fn well_anchored(e: &Event) -> bool {
    let figure = has_figure(e);
    let day = has_text_day(e);
    let place = e
        .location
        .as_ref()
        .is_some_and(|l| l.span.is_some() && !is_country(l) && !is_admin1(l));
    figure || day && place
}

/// The event gives a casualty or arrest figure.
fn has_figure(e: &Event) -> bool {
    e.killed.is_some() || e.injured.is_some() || e.abducted.is_some() || e.arrested.is_some()
}

/// The text dates the event to a day.
fn has_text_day(e: &Event) -> bool {
    e.date
        .as_ref()
        .is_some_and(|d| d.source != "published" && d.precision == DatePrecision::Day)
}

/// A harm verb in the passive ("were shot", "was killed", "a été tué"): a
/// specific occurrence told by the reporter, whoever the victims (names
/// give no figure); generalisations come as plural nouns or presents, and
/// quotations are filtered before.
fn passive_harm(e: &Event) -> bool {
    let w = &crate::lexicon::Lexicon::get().words;
    let first = e
        .trigger
        .text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let aux = words_before_trigger(e, 1);
    w.harm_passive.contains(&first) && aux.first().is_some_and(|a| w.passive_aux.contains(a))
}

/// A plural trigger after a quantifier ("several recent attacks", "a wave
/// of kidnappings", "une série d'enlèvements") with no figure or day of its
/// own is a generalisation, even right after a specific incident.
fn is_generic(e: &Event) -> bool {
    let trig = e.trigger.text.trim();
    let plural = is_plural(trig);
    let figure = has_figure(e);
    let day = has_text_day(e);
    if !visible(e) || !plural || figure || day {
        return false;
    }
    let q = &crate::lexicon::Lexicon::get().words.generic_quantifier;
    words_before_trigger(e, 5).iter().any(|w| q.contains(w))
}

/// Told as background: dated, by the text, to a period that ended more
/// than a month before publication ("In 2017, ...", "in November" in a March
/// story). The article's news is what happened in the weeks before it.
fn mark_background(e: &mut Event, published: Option<&str>) {
    let (Some(d), Some(p)) = (&e.date, published.and_then(day_number)) else {
        return;
    };
    if d.source == "published" {
        return;
    }
    let Some(start) = day_number(&d.date) else {
        return;
    };
    let end = match d.precision {
        DatePrecision::Day => start,
        DatePrecision::Week => start + 6,
        DatePrecision::Month => start + 30,
        DatePrecision::Year => start + 365,
    };
    if end < p - 31 {
        e.historical = true;
    }
}

/// Strategic developments that lack what makes them one: a signing or
/// agreement with no accord, ceasefire or release of captives in its
/// sentence ("signed a law", "a report released Thursday"); an arrest of no
/// one or of a government; a disrupted weapons use with no weapon; a base
/// established by no armed actor; property destroyed by no one ("houses
/// were destroyed" by a storm).
fn has_its_arguments(e: &Event) -> bool {
    if !visible(e) {
        return true;
    }
    let r = rules();
    let s = sentence_text(e);
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[String]| words.iter().any(|w| list.iter().any(|x| x == w));
    let armed = |a: &Option<khaldun_model::Actor>| {
        a.as_ref()
            .is_some_and(|a| matches!(a.inter, Some(1..=4) | Some(8)))
    };
    if matches!(
        e.acled.event_type.as_str(),
        "Battles" | "Explosions/Remote violence" | "Violence against civilians"
    ) {
        return in_conflict_context(e, has(&r.weapon_word));
    }
    match e.acled.sub_event_type.as_str() {
        "Agreement" => has(&r.agreement_word),
        "Disrupted weapons use" => has(&r.weapon_word),
        "Arrests" => {
            e.arrested.is_some()
                || armed(&e.actor)
                || e.target.as_ref().is_some_and(|t| {
                    t.inter != Some(1) || matches!(t.sector.as_deref(), Some("MIL" | "COP"))
                })
        }
        "Headquarters or base established" => armed(&e.actor),
        "Looting/property destruction" => e.actor.as_ref().is_some_and(|a| a.inter.is_some()),
        _ => true,
    }
}

/// A violent event whose trigger has common non-violent senses
/// ("legislation targeting Turkey", "fighting corruption") needs a conflict
/// context: a casualty figure, a weapon in its sentence, a force or armed
/// group as a party, or people as its target.
fn in_conflict_context(e: &Event, weapon: bool) -> bool {
    let trig = e.trigger.text.to_lowercase();
    let last = trig.split_whitespace().last().unwrap_or("");
    let figure = e.killed.is_some() || e.injured.is_some() || e.abducted.is_some();
    if !rules().ambiguous.iter().any(|w| w == last) {
        return true;
    }
    // a weapon named as the trigger itself ("the S-400 missile") is no
    // evidence that it was used
    let weapon = weapon && !rules().weapon_word.iter().any(|w| w == last);
    let force = |a: &Option<khaldun_model::Actor>| {
        a.as_ref().is_some_and(|a| {
            matches!(a.inter, Some(2..=5) | Some(8))
                || matches!(a.sector.as_deref(), Some("MIL" | "COP" | "SPY" | "REB"))
        })
    };
    let people = e
        .target
        .as_ref()
        .is_some_and(|t| t.inter == Some(7) || force(&e.target));
    figure || weapon || force(&e.actor) || force(&e.target) || people
}

/// Diplomacy and talk are PLOVER-only.
fn mark_scope(events: &mut [Event]) {
    let r = rules();
    for e in events {
        if e.acled.sub_event_type == "Other" && r.plover_only.contains(&e.plover.event_type) {
            e.plover_only = true;
        }
    }
}

fn sentence_text(e: &Event) -> String {
    e.evidence
        .first()
        .map(|s| s.text.to_lowercase())
        .unwrap_or_default()
}

/// A violent event whose sentence states figures (or a plural: "has ramped
/// up attacks") over a period.
fn is_statistic(e: &Event) -> bool {
    let trig = e.trigger.text.trim();
    let plural = is_plural(trig);
    if e.killed.is_none() && e.injured.is_none() && e.abducted.is_none() && !plural {
        return false;
    }
    let s = sentence_text(e);
    rules().aggregate.iter().any(|p| contains_phrase(&s, p)) || toll_of_a_period(e)
}

/// A toll whose subject is a war or a conflict, within the eight words
/// before the trigger and linked to it ("a war that lasted three years and
/// killed 100,000 people").
fn toll_of_a_period(e: &Event) -> bool {
    if e.killed.is_none() {
        return false;
    }
    let r = rules();
    let before = words_before_trigger(e, 8);
    let Some(at) = before
        .iter()
        .rposition(|w| r.period_noun.iter().any(|p| p == w))
    else {
        return false;
    };
    before[at + 1..]
        .iter()
        .any(|w| r.period_link.iter().any(|l| l == w))
}

/// The text of an event's sentence before its trigger (span offsets count
/// characters).
fn text_before_trigger(e: &Event) -> &str {
    let Some(sp) = e.evidence.first() else {
        return "";
    };
    let rel = e.trigger.start.saturating_sub(sp.start);
    let cut = sp
        .text
        .char_indices()
        .nth(rel)
        .map_or(sp.text.len(), |(b, _)| b);
    &sp.text[..cut]
}

/// The last `n` words before an event's trigger in its sentence, lower case.
fn words_before_trigger(e: &Event, n: usize) -> Vec<String> {
    let mut words: Vec<String> = text_before_trigger(e)
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(str::to_lowercase)
        .collect();
    words.reverse();
    words
}

/// `phrase` occurs in `s` at word boundaries.
fn contains_phrase(s: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(i) = s[from..].find(phrase) {
        let a = from + i;
        let b = a + phrase.len();
        let before = s[..a]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = s[b..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return true;
        }
        from = a + phrase.len().max(1);
        while !s.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Dates from the publication date become a window ending at publication;
/// dates after publication fall back to it.
fn honest_date(e: &mut Event, published: Option<&str>) {
    let Some(d) = e.date.as_mut() else {
        return;
    };
    if let Some(p) = published {
        if d.date.as_str() > p && d.source != "published" {
            d.date = p.to_string();
            d.value = None;
            d.span = None;
            d.source = "published".into();
        }
    }
    if d.source == "published" {
        d.precision = DatePrecision::Week;
        d.time_precision = 2;
    }
}

/// The ACLED type family used to decide that two events can be one incident.
fn family(e: &Event) -> &str {
    match e.acled.event_type.as_str() {
        "Battles" | "Explosions/Remote violence" | "Violence against civilians" => "violence",
        "Protests" | "Riots" => "demonstration",
        _ => e.acled.sub_event_type.as_str(),
    }
}

fn visible(e: &Event) -> bool {
    !e.negated && !e.hypothetical && !e.historical && !e.plover_only
}

/// Merge each event into the earliest earlier event it elaborates.
fn merge_incidents(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    // visible events already out, by family, in text order: candidates are
    // looked up there, the last `WINDOW` of them only, so a document with
    // thousands of mentions costs linear time
    let mut by_family: HashMap<String, Vec<usize>> = HashMap::new();
    for e in events {
        let fam = family(&e).to_string();

        let (anchor, back) = if visible(&e) && !says_separate(&e) && !fam.is_empty() {
            let cands = by_family.get(&fam).map(Vec::as_slice).unwrap_or(&[]);
            let recent = &cands[cands.len().saturating_sub(WINDOW)..];
            match recent.iter().copied().find(|&i| same_incident(&out[i], &e)) {
                Some(i) => (Some(i), false),
                None => (
                    refers_back(&e)
                        .then(|| {
                            recent
                                .iter()
                                .rev()
                                .copied()
                                .find(|&i| out[i].sentence != e.sentence)
                        })
                        .flatten(),
                    true,
                ),
            }
        } else {
            (None, false)
        };
        match anchor {
            // a mention referring back keeps the incident's place: its own
            // sentence's places are where handlers sit or the train went
            Some(i) => absorb(&mut out[i], e, !back),
            None => {
                if visible(&e) && !fam.is_empty() {
                    by_family.entry(fam).or_default().push(out.len());
                }
                out.push(e);
            }
        }
    }
    out
}

/// How many earlier incidents of a kind a mention is compared with.
const WINDOW: usize = 64;

/// A nominal trigger introduced by a definite or possessive word ("the
/// attack", "Tuesday's attack", "l'embuscade") refers to an incident already
/// told.
fn refers_back(e: &Event) -> bool {
    let before = text_before_trigger(e).to_lowercase();
    let mut before = before.trim_end();
    // up to two modifiers between the determiner and the noun ("the hotel
    // attack", "Tuesday's deadly attack")
    for _ in 0..=2 {
        if ends_with_anaphor(before) {
            return e
                .trigger
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase());
        }
        match before.rsplit_once(char::is_whitespace) {
            Some((rest, word)) if word.chars().all(|c| c.is_alphabetic() || c == '-') => {
                before = rest.trim_end();
            }
            _ => return false,
        }
    }
    false
}

/// The text ends with a definite or possessive word (`anaphor`).
fn ends_with_anaphor(before: &str) -> bool {
    let r = rules();
    r.anaphor.iter().any(|a| {
        before.ends_with(a.as_str())
            && (a.starts_with('\'')
                || a.starts_with('’')
                || a.ends_with('\'')
                || a.ends_with('’')
                || before[..before.len() - a.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// The words before the trigger (eight at most) call it another incident.
fn says_separate(e: &Event) -> bool {
    let before = text_before_trigger(e).to_lowercase();
    let words: Vec<&str> = before.split_whitespace().rev().take(8).collect();
    let tail: Vec<&str> = words.into_iter().rev().collect();
    let tail = tail.join(" ");
    rules().separate.iter().any(|p| contains_phrase(&tail, p))
}

/// Sub-event types that name a distinct act: an event of one of them is
/// never merged with an event of another sub-event type.
const DISTINCT: &[&str] = &[
    "Abduction/forced disappearance",
    "Sexual violence",
    "Government regains territory",
    "Non-state actor overtakes territory",
];

fn same_incident(a: &Event, b: &Event) -> bool {
    let sa = a.acled.sub_event_type.as_str();
    let sb = b.acled.sub_event_type.as_str();
    (a.sentence != b.sentence || sa == sb)
        && family(a) == family(b)
        && !family(a).is_empty()
        && (sa == sb || !(DISTINCT.contains(&sa) || DISTINCT.contains(&sb)))
        && (places_compatible(a.location.as_ref(), b.location.as_ref()) || same_toll(a, b))
        && dates_compatible(a, b)
        && actors_compatible(a, b)
}

/// Two mentions of one sub-event type in an article with the same death
/// toll tell one incident, even where they name other places (the town of
/// the story and the district of the strike).
fn same_toll(a: &Event, b: &Event) -> bool {
    a.acled.sub_event_type == b.acled.sub_event_type && a.killed.is_some() && a.killed == b.killed
}

fn is_country(l: &EventLocation) -> bool {
    l.place
        .feature
        .as_deref()
        .is_some_and(|f| f.starts_with("A.PCL"))
}

fn is_admin1(l: &EventLocation) -> bool {
    l.place
        .feature
        .as_deref()
        .is_some_and(|f| f.starts_with("A.ADM1"))
}

fn km(a: &EventLocation, b: &EventLocation) -> Option<f64> {
    Some(khaldun_model::km(
        (a.place.lat?, a.place.lon?),
        (b.place.lat?, b.place.lon?),
    ))
}

/// Same place, one inside the other, or close; a missing place fits any.
fn places_compatible(a: Option<&EventLocation>, b: Option<&EventLocation>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    if a.place.country.is_some() && b.place.country.is_some() && a.place.country != b.place.country
    {
        return false;
    }
    if a.place.geonameid.is_some() && a.place.geonameid == b.place.geonameid
        || a.place.name == b.place.name
    {
        return true;
    }
    if is_country(a) || is_country(b) {
        return true;
    }
    let inside = |unit: &EventLocation, x: &EventLocation| {
        is_admin1(unit) && x.place.admin1.as_deref() == Some(unit.place.name.as_str())
    };
    if inside(a, b) || inside(b, a) {
        return true;
    }
    km(a, b).is_some_and(|d| d <= 30.0)
}

/// Dates from the text at day precision at most a day apart; others fit.
fn dates_compatible(a: &Event, b: &Event) -> bool {
    let (Some(x), Some(y)) = (&a.date, &b.date) else {
        return true;
    };
    if x.source == "published" || y.source == "published" {
        return true;
    }
    match (x.precision, y.precision) {
        (DatePrecision::Day, DatePrecision::Day) => {
            match (day_number(&x.date), day_number(&y.date)) {
                (Some(p), Some(q)) => (p - q).abs() <= 1,
                _ => true,
            }
        }
        _ => x.date.get(..7) == y.date.get(..7) || x.date.get(..4) == y.date.get(..4),
    }
}

/// Two named actors of different groups that are not each other's target
/// are two incidents.
fn actors_compatible(a: &Event, b: &Event) -> bool {
    let (Some(x), Some(y)) = (&a.actor, &b.actor) else {
        return true;
    };
    if x.id.is_none() || y.id.is_none() || x.id == y.id || crate::same_actor_name(&x.name, &y.name)
    {
        return true;
    }
    let is_target = |actor: &khaldun_model::Actor, ev: &Event| {
        ev.target
            .as_ref()
            .is_some_and(|t| t.id == actor.id || crate::same_actor_name(&t.name, &actor.name))
    };
    is_target(x, b) || is_target(y, a)
}

fn status_rank(s: EventStatus) -> u8 {
    match s {
        EventStatus::Denied => 5,
        EventStatus::Claimed => 4,
        EventStatus::Alleged => 3,
        EventStatus::Reported => 2,
        EventStatus::Asserted => 1,
    }
}

fn max_count(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

fn geo_rank(l: &EventLocation) -> u8 {
    match l.place.precision {
        GeoPrecision::Town => 0,
        GeoPrecision::Near => 1,
        GeoPrecision::Region => 2,
    }
}

/// Merge what a later mention of the incident adds (its place too, when
/// `place` is set and it is more precise).
fn absorb(a: &mut Event, b: Event, place: bool) {
    let update = {
        let s = sentence_text(&b);
        rules().toll_update.iter().any(|p| contains_phrase(&s, p))
    };
    // mentions come in text order: a span already there is the last one
    for sp in b.evidence {
        if a.evidence.last().is_none_or(|x| x.start < sp.start) {
            a.evidence.push(sp);
        }
    }
    let h = &rules().hierarchy;
    let rank = |s: &str| h.get(s).copied().unwrap_or(usize::MAX);
    if rank(&b.acled.sub_event_type) < rank(&a.acled.sub_event_type) {
        a.acled = b.acled.clone();
        a.plover = b.plover.clone();
        a.cameo = b.cameo.clone();
    }
    // the figures of the first mention (the lead's) stand: later figures
    // are often another incident's or a total; a toll that "rose to" a
    // figure updates it
    if update {
        a.killed = b.killed.or(a.killed);
        a.injured = b.injured.or(a.injured);
    } else {
        a.killed = a.killed.or(b.killed);
        a.injured = a.injured.or(b.injured);
    }
    a.abducted = max_count(a.abducted, b.abducted);
    a.arrested = max_count(a.arrested, b.arrested);
    if a.actor.is_none() && b.actor.is_some() {
        a.actor = b.actor.clone();
        a.assoc_actors = b.assoc_actors.clone();
    }
    if a.target.is_none() && b.target.is_some() {
        a.target = b.target;
        a.assoc_targets = b.assoc_targets;
    }
    // ACLED codes the group that claims an attack as its actor
    let generic = |x: &Option<khaldun_model::Actor>| {
        x.as_ref().is_none_or(|x| {
            let n = x.name.to_lowercase();
            n.contains("unidentified") || n.contains("unnamed")
        })
    };
    if b.status == EventStatus::Claimed && !generic(&b.actor) && generic(&a.actor) {
        a.actor = b.actor.clone();
        a.assoc_actors = b.assoc_actors.clone();
    }
    if status_rank(b.status) > status_rank(a.status) {
        a.status = b.status;
        a.claimant = b.claimant.or(a.claimant.take());
        a.denied_by = b.denied_by.or(a.denied_by.take());
    }
    let a_text_date = a.date.as_ref().is_some_and(|d| d.source != "published");
    let b_text_date = b.date.as_ref().is_some_and(|d| d.source != "published");
    if b_text_date && !a_text_date {
        a.date = b.date;
    }
    let better_place = match (&a.location, &b.location) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => {
            (is_country(x) && !is_country(y)) || (!is_country(y) && geo_rank(y) < geo_rank(x))
        }
        _ => false,
    };
    if better_place && place {
        a.location = b.location;
    }
    for s in b.sources {
        if !a
            .sources
            .iter()
            .any(|x| x.name == s.name && x.kind == s.kind)
        {
            a.sources.push(s);
        }
    }
    a.confidence = a.confidence.max(b.confidence);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_at_word_boundaries() {
        assert!(contains_phrase(
            "killed so far this year in chicago",
            "so far this year"
        ));
        assert!(!contains_phrase("another", "other"));
        assert!(contains_phrase("in another attack", "another"));
    }

    #[test]
    fn cue_lists_load() {
        let r = rules();
        assert!(r.separate.iter().any(|w| w == "separate"));
        assert!(r.plover_only.iter().any(|w| w == "CONSULT"));
        assert!(r.hierarchy["Armed clash"] < r.hierarchy["Attack"]);
    }
}
