//! Rules that decide when two reports tell the same event, and how their
//! figures merge.

use khaldun_model::Event;

/// Key under which candidate duplicates are looked up: ACLED event type,
/// date and place. Reports sharing a key are merged when their actors agree
/// (see [`actors_compatible`]).
pub fn dedup_key(e: &Event) -> String {
    let date = e.date.as_ref().map_or("", |d| d.date.as_str());
    let place = match &e.location {
        Some(l) => match l.place.geonameid {
            Some(id) => id.to_string(),
            None => format!(
                "{}|{}|{}",
                l.place.country.as_deref().unwrap_or(""),
                l.place.admin1.as_deref().unwrap_or(""),
                l.place.name.to_lowercase()
            ),
        },
        None => String::new(),
    };
    format!("{}|{}|{}", e.acled.event_type, date, place)
}

fn actor_key(a: &Option<khaldun_model::Actor>) -> Option<String> {
    a.as_ref()
        .map(|a| a.id.clone().unwrap_or_else(|| a.name.to_lowercase()))
}

/// Two reports with the same key are one event unless both name a main
/// actor and the actors differ.
pub(crate) fn actors_compatible(a: &Event, b: &Event) -> bool {
    match (actor_key(&a.actor), actor_key(&b.actor)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Merge counts as ACLED does when sources disagree: the lowest reported
/// figure (a missing figure does not count as zero).
pub fn merge_counts(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Fold report `r` into the merged event `m`.
pub(crate) fn merge_into(m: &mut Event, r: &Event) {
    m.killed = merge_counts(m.killed, r.killed);
    m.injured = merge_counts(m.injured, r.injured);
    m.abducted = merge_counts(m.abducted, r.abducted);
    m.arrested = merge_counts(m.arrested, r.arrested);
    if m.actor.is_none() {
        m.actor.clone_from(&r.actor);
    }
    if m.target.is_none() {
        m.target.clone_from(&r.target);
    }
    if m.plover.mode.is_none() {
        m.plover.mode.clone_from(&r.plover.mode);
    }
    // A more precise location or date from another report wins.
    match (&m.location, &r.location) {
        (None, Some(_)) => m.location.clone_from(&r.location),
        (Some(a), Some(b)) if b.place.precision < a.place.precision => {
            m.location.clone_from(&r.location)
        }
        _ => {}
    }
    match (&m.date, &r.date) {
        (None, Some(_)) => m.date.clone_from(&r.date),
        (Some(a), Some(b)) if b.time_precision < a.time_precision => m.date.clone_from(&r.date),
        _ => {}
    }
    // The reporter's own voice outranks third-party voices.
    if r.status == khaldun_model::EventStatus::Asserted {
        m.status = r.status;
        m.claimant = None;
    }
    m.hypothetical &= r.hypothetical;
    m.historical &= r.historical;
    m.confidence = m.confidence.max(r.confidence);
    for s in &r.sources {
        if !m
            .sources
            .iter()
            .any(|x| x.name.eq_ignore_ascii_case(&s.name) && x.kind == s.kind)
        {
            m.sources.push(s.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khaldun_model::{AcledCoding, Actor, EventDate, EventStatus, SourceRef};

    fn ev(actor: Option<&str>, killed: Option<u32>) -> Event {
        Event {
            acled: AcledCoding {
                event_type: "Violence against civilians".into(),
                sub_event_type: "Attack".into(),
            },
            date: Some(EventDate {
                date: "2022-04-06".into(),
                time_precision: 1,
                ..Default::default()
            }),
            actor: actor.map(|n| Actor {
                id: Some(n.into()),
                name: n.into(),
                ..Default::default()
            }),
            killed,
            ..Default::default()
        }
    }

    #[test]
    fn key_and_compatibility() {
        assert_eq!(
            dedup_key(&ev(None, None)),
            dedup_key(&ev(Some("jnim"), None))
        );
        assert!(actors_compatible(&ev(Some("jnim"), None), &ev(None, None)));
        assert!(!actors_compatible(
            &ev(Some("jnim"), None),
            &ev(Some("isgs"), None)
        ));
    }

    #[test]
    fn merging_takes_lowest_count_and_unions_sources() {
        let mut a = ev(None, Some(6));
        a.status = EventStatus::Claimed;
        a.sources.push(SourceRef {
            name: "dakaractu.com".into(),
            kind: "citation".into(),
            ..Default::default()
        });
        let mut b = ev(Some("jnim"), Some(4));
        b.sources.push(SourceRef {
            name: "Reuters".into(),
            kind: "attribution".into(),
            ..Default::default()
        });
        b.sources.push(SourceRef {
            name: "DAKARACTU.com".into(),
            kind: "citation".into(),
            ..Default::default()
        });
        merge_into(&mut a, &b);
        assert_eq!(a.killed, Some(4));
        assert_eq!(a.actor.as_ref().unwrap().name, "jnim");
        assert_eq!(a.sources.len(), 2);
        assert_eq!(a.status, EventStatus::Asserted);
        assert_eq!(merge_counts(None, Some(3)), Some(3));
        assert_eq!(merge_counts(None, None), None);
    }
}
