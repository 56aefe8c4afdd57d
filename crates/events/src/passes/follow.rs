//! Pass 9, follow-ups: events that refer to events already found.
//!
//! Runs on finished events, in order: [`remention`] folds a definite
//! re-mention ("the attack") into the earlier event of its family in this
//! sentence or the article; [`previous_sentence`] folds a claim or denial
//! ("The coalition denied targeting the facility.") into the previous
//! sentence's event; [`casualty_only`] gives a sentence that only adds
//! casualties to the previous sentence's event; [`denial_nouns`] marks the
//! previous sentence's events denied ("the government's denials of those
//! accusations"); [`last_actor`] remembers the sentence's actor for pronouns
//! in the next one. Reads the sentence's events and context and the earlier
//! events of the article; may change the status, claimant, denier, sources
//! and counts of earlier events, removes folded events, and changes
//! `ArticleState::prev_actor`.

use khaldun_model::{Event, EventStatus};

use super::status::{frames_status_any, status_rank};
use super::{ArticleState, Ctx, Draft};
use crate::export::family;
use crate::lexicon::{Casualty, Cue, Pos};

fn family_of_event(e: &Event) -> String {
    family(Some(&e.plover.event_type), Some(&e.acled.sub_event_type))
}

/// The draft's first trigger is a definite noun ("the attack", "la manifestation").
pub(crate) fn definite(cx: &Ctx, d: &Draft) -> bool {
    let sent = cx.sent;
    d.ordered.first().is_some_and(|&k| {
        let hk = &sent.hits[k];
        hk.pos == Pos::Noun && hk.i > 0 && cx.lx.words.definite.contains(sent.tok(hk.i - 1))
    })
}

/// Add `ev` to the sentence's events, or, when it is a definite re-mention of
/// an earlier event of its family (in this sentence or the article), upgrade
/// that event instead.
pub(crate) fn remention(
    cx: &Ctx,
    events: &mut Vec<Event>,
    prev_events: &mut [Event],
    ev: Event,
    definite: bool,
) {
    events.push(ev);
    let ev = events.last().unwrap();
    let fam = family_of_event(ev);
    let earlier_same = events[..events.len() - 1]
        .iter()
        .any(|e| family_of_event(e) == fam)
        || prev_events.iter().any(|e| family_of_event(e) == fam);
    if definite && earlier_same && !ev.negated && !ev.hypothetical {
        let ev = events.pop().unwrap();
        let intervention = (0..cx.n).any(|k| cx.sent.has_cue_end(k, Cue::Intervention));
        let target_ev = events
            .iter_mut()
            .rev()
            .chain(prev_events.iter_mut().rev())
            .find(|e| family_of_event(e) == fam);
        if let Some(t) = target_ev {
            upgrade(t, &ev);
            if intervention && t.acled.sub_event_type == "Peaceful protest" {
                t.acled.sub_event_type = "Protest with intervention".into();
            }
        }
    }
}

/// "The coalition denied targeting the facility.": a claim or denial of the
/// previous sentence's event (same family, same place) upgrades it.
pub(crate) fn previous_sentence(cx: &Ctx, events: &mut Vec<Event>, prev_events: &mut [Event]) {
    let mut ei = 0;
    while ei < events.len() {
        let e = &events[ei];
        if matches!(e.status, EventStatus::Denied | EventStatus::Claimed) && e.killed.is_none() {
            let fam = family_of_event(e);
            if let Some(prev) = prev_events
                .iter_mut()
                .rev()
                .find(|p| p.sentence + 1 == cx.sent_index && family_of_event(p) == fam)
            {
                let same_place = match (&e.location, &prev.location) {
                    (Some(a), Some(b)) => a.place.name == b.place.name,
                    (None, _) => true,
                    _ => false,
                };
                if same_place {
                    let e = events.remove(ei);
                    upgrade(prev, &e);
                    continue;
                }
            }
        }
        ei += 1;
    }
}

/// A follow-up sentence that only gives casualties belongs to the previous event.
pub(crate) fn casualty_only(cx: &Ctx, events: &mut Vec<Event>, prev_events: &mut [Event]) {
    let (sent, counts, zero) = (cx.sent, &cx.counts, cx.zero);
    let casualty_only = events
        .iter()
        .all(|e| e.actor.is_none() && e.location.is_none() && family_of_event(e) == "violence")
        && cx
            .groups
            .iter()
            .all(|g| g.hits.iter().all(|&k| sent.hits[k].class == "kill"));
    if !(casualty_only
        && (!events.is_empty() || (cx.groups.is_empty() && (zero || !counts.is_empty()))))
    {
        return;
    }
    let fresh = events.iter().find_map(|e| e.killed);
    let k0 = fresh
        .or_else(|| {
            counts
                .iter()
                .filter(|c| c.kind == Casualty::Killed)
                .map(|c| c.value)
                .min()
        })
        .or(if zero { Some(0) } else { None });
    let i0 = counts
        .iter()
        .filter(|c| c.kind == Casualty::Injured)
        .map(|c| c.value)
        .min();
    if let Some(prev) = prev_events.iter_mut().rev().find(|e| {
        e.sentence + 1 == cx.sent_index
            && matches!(family_of_event(e).as_str(), "violence" | "demonstration")
    }) {
        if prev.killed.is_none() || k0.is_some_and(|k| prev.killed.is_some_and(|p| k < p)) {
            prev.killed = k0.or(prev.killed);
        }
        if prev.injured.is_none() {
            prev.injured = i0;
        }
        let fr = frames_status_any(&cx.frames);
        if let Some((st, cl)) = fr {
            let tmp = Event {
                status: st,
                claimant: cl,
                ..Default::default()
            };
            upgrade(prev, &tmp);
        }
        events.clear();
    }
}

/// Denial nouns referring back: "the government's denials of those
/// accusations" denies the previous sentence's alleged, claimed or reported events.
pub(crate) fn denial_nouns(cx: &Ctx, prev_events: &mut [Event]) {
    let (sent, n, w) = (cx.sent, cx.n, &cx.lx.words);
    for i in 0..n {
        let l = sent.tok(i);
        if w.denial_noun_prefix.starts(l) && (sent.tok(i + 1) == "of" || l == "denials") {
            let anaphoric = (i + 1..(i + 4).min(n)).any(|k| w.referring_det.contains(sent.tok(k)))
                && (i + 1..(i + 5).min(n)).any(|k| w.allegation_noun.contains(sent.tok(k)));
            if anaphoric {
                let who = sent
                    .nps
                    .iter()
                    .rev()
                    .find(|np| np.e <= i && (np.possessive || np.e == i))
                    .map(|np| np.actor.name.clone());
                for e in prev_events.iter_mut() {
                    if e.sentence + 1 == cx.sent_index
                        && matches!(
                            e.status,
                            EventStatus::Alleged | EventStatus::Claimed | EventStatus::Reported
                        )
                    {
                        e.status = EventStatus::Denied;
                        e.denied_by = who.clone();
                    }
                }
            }
        }
    }
}

/// The sentence's actor (its first event's, else its first plain phrase's),
/// for pronouns in the next sentence.
pub(crate) fn last_actor(cx: &Ctx, events: &[Event], state: &mut ArticleState) {
    if let Some(a) = events.iter().find_map(|e| e.actor.clone()) {
        state.prev_actor = Some(a);
    } else if let Some(np) = cx
        .sent
        .nps
        .iter()
        .find(|np| !np.place && !np.pronoun && np.prep.is_none())
    {
        state.prev_actor = Some(np.actor.clone());
    }
}

/// Merge what a re-mention adds: a stronger status, sources.
pub(crate) fn upgrade(t: &mut Event, from: &Event) {
    if status_rank(from.status) > status_rank(t.status) {
        t.status = from.status;
        if from.status == EventStatus::Denied {
            t.denied_by = from.denied_by.clone();
        } else {
            t.claimant = from.claimant.clone();
        }
    }
    for s in &from.sources {
        if !t
            .sources
            .iter()
            .any(|x| x.name == s.name && x.kind == s.kind)
        {
            t.sources.push(s.clone());
        }
    }
    if t.killed.is_none() {
        t.killed = from.killed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khaldun_model::SourceRef;

    #[test]
    fn upgrade_takes_the_stronger_status_and_new_sources() {
        let src = |n: &str| SourceRef {
            name: n.into(),
            kind: "attribution".into(),
            date: None,
            url: None,
            span: None,
        };
        let mut t = Event {
            status: EventStatus::Reported,
            claimant: Some("a local official".into()),
            sources: vec![src("AFP")],
            ..Default::default()
        };
        let from = Event {
            status: EventStatus::Denied,
            denied_by: Some("the army".into()),
            sources: vec![src("AFP"), src("Reuters")],
            killed: Some(3),
            ..Default::default()
        };
        upgrade(&mut t, &from);
        assert_eq!(t.status, EventStatus::Denied);
        assert_eq!(t.denied_by.as_deref(), Some("the army"));
        assert_eq!(t.claimant.as_deref(), Some("a local official"));
        assert_eq!(t.sources.len(), 2);
        assert_eq!(t.killed, Some(3));
    }
}
