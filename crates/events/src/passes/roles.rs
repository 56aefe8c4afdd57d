//! Pass 3, roles: who did what to whom in one group.
//!
//! [`pick`] starts a group's [`Draft`]: its representative trigger, its
//! triggers in order, and the actor, target and associated phrases (people
//! over places, the previous group's actor for an adjunct, protesters as the
//! actor of their protest). [`resolve`] turns the phrases into actors
//! (pronouns, the speaker for "its fighters", the perpetrator named by the
//! trigger, countryless state forces made specific) and drops diplomacy
//! between sides that are not political. Reads the roles of each trigger, the
//! groups, the speaker frame (`Draft::frame`) and the article state; changes
//! only the draft's role fields and the cached focus country.

use khaldun_actors::ActorBase;
use khaldun_model::Actor;

use super::{family_of, ArticleState, Ctx, Draft};
use crate::lexicon::{ClassInfo, Cue};
use crate::sentence::Sent;

/// A new draft for group `gi`, with its role phrases chosen.
pub(crate) fn pick<'a>(cx: &Ctx<'a>, gi: usize) -> Draft<'a> {
    let (sent, roles, w) = (cx.sent, &cx.roles, &cx.lx.words);
    let g = &cx.groups[gi];
    let rep = *g
        .hits
        .iter()
        .max_by_key(|&&k| {
            (
                family_of(&sent.hits[k].class) == g.family,
                super::group::rank(&sent.hits[k].class),
                std::cmp::Reverse(sent.hits[k].i),
            )
        })
        .unwrap();
    let mut actor = None;
    let mut assoc = Vec::new();
    let mut target = None;
    let mut assoc_targets = Vec::new();
    let mut ordered = g.hits.clone();
    ordered.sort_by_key(|&k| sent.hits[k].i);
    for &k in &ordered {
        let r = &roles[k];
        if actor.is_none() && r.actor.is_some() {
            actor = r.actor;
            assoc = r.assoc.clone();
        }
        if target.is_none() && r.target.is_some() && r.target != actor {
            target = r.target;
            assoc_targets = r.assoc_targets.clone();
        }
    }
    // people over places: "raided Kwaljiri village ..., killing 11 farmers"
    let site = |t: usize| cx.np_is(t, w.civilian_site.as_slice(), &[]) && !sent.nps[t].resolved;
    if let Some(t0) = target.filter(|&t| site(t)) {
        let people = ordered.iter().find_map(|&k| {
            roles[k]
                .target
                .filter(|&t| {
                    t != t0
                        && Some(t) != actor
                        && !site(t)
                        && !sent.nps[t].place
                        && (sent.nps[t].head || sent.nps[t].resolved)
                })
                .map(|t| (t, roles[k].assoc_targets.clone()))
        });
        if let Some((t, assoc)) = people {
            target = Some(t);
            assoc_targets = assoc;
        }
    }
    if actor.is_none() && ordered.iter().any(|&k| roles[k].adjunct) {
        actor = cx.groups[..gi]
            .iter()
            .rev()
            .find_map(|pg| pg.hits.iter().find_map(|&k| roles[k].actor));
        // no earlier event: the sentence's own subject, when it opens the sentence
        // ("Les forces de l'ordre ont tiré ..., tuant quatre personnes")
        if actor.is_none() {
            actor = sent
                .nps
                .iter()
                .position(|np| {
                    np.s <= 2 && np.prep.is_none() && !np.place && !np.pronoun && np.head
                })
                .filter(|&a| Some(a) != target);
        }
    }
    if g.family == "demonstration" {
        // the protesters are the actor of a protest; the force that hits them of excessive force
        if let Some(t) = target.filter(|&t| cx.np_is(t, w.protester.as_slice(), &[6])) {
            if actor.is_none() {
                actor = Some(t);
                target = None;
            }
        }
    }
    if target.is_some() && target == actor {
        target = None;
    }
    let classes: Vec<&'a str> = ordered
        .iter()
        .map(|&k| sent.hits[k].class.as_str())
        .collect();
    Draft {
        gi,
        rep,
        ordered,
        classes,
        actor,
        assoc,
        target,
        assoc_targets,
        actor_a: None,
        target_a: None,
        frame: super::status::FrameStatus::asserted(),
        killed: None,
        injured: None,
        abducted: None,
        arrested: None,
        target_armed: None,
        actor_state: false,
        code_class: "",
        info: ClassInfo::default(),
        acled_type: String::new(),
        acled_sub: String::new(),
        plover_type: String::new(),
        mode: None,
        cameo: String::new(),
        negated: false,
        hypothetical: false,
        historical: false,
        attempt: false,
        failed_attempt: false,
        status: khaldun_model::EventStatus::Asserted,
        claimant: None,
        denied_by: None,
        trigger: khaldun_model::Span::default(),
        location: None,
        date: None,
        sources: Vec::new(),
    }
}

/// The actors of the draft's phrases. False when the group is diplomacy
/// without a political side (no event).
pub(crate) fn resolve(cx: &Ctx, d: &mut Draft, state: &mut ArticleState) -> bool {
    let (sent, lx, w) = (cx.sent, cx.lx, &cx.lx.words);
    let h = &sent.hits[d.rep];
    let (actor, target) = (d.actor, d.target);
    let resolve_np = |k: usize| -> Actor {
        let np = &sent.nps[k];
        if np.pronoun {
            let ante = sent.nps[..k]
                .iter()
                .rev()
                .find(|n| !n.pronoun && !n.place && n.prep.is_none() && !n.possessive);
            if let Some(a) = ante {
                return a.actor.clone();
            }
            if let Some(a) = &state.prev_actor {
                return a.clone();
            }
        }
        np.actor.clone()
    };
    let mut actor_a = actor.map(resolve_np).filter(|a| !is_pronoun_name(&a.name));
    // "JNIM claimed that its fighters ...": the possessor is the actor
    if let Some(a) = actor {
        let s = sent.nps[a].s;
        if s > 0 && w.possessor.contains(sent.tok(s - 1)) {
            if let Some(sp) = d.frame.speaker_np {
                actor_a = Some(sent.nps[sp].actor.clone());
            }
        }
    }
    // the perpetrator named by the trigger itself: "a suicide bomber", "kamikazes"
    if actor_a.is_none() {
        if let Some(&k) = d.ordered.iter().find(|&&k| {
            let t = sent.tok(sent.hits[k].i + sent.hits[k].n - 1);
            w.perpetrator_trigger.contains(t)
        }) {
            let hk = &sent.hits[k];
            actor_a = Some(Actor {
                name: sent.raw(hk.i, hk.i + hk.n).to_string(),
                inter: Some(2),
                ..Default::default()
            });
        }
    }
    let target_a = target.map(resolve_np).filter(|a| !is_pronoun_name(&a.name));
    let focus = state
        .focus
        .get_or_insert_with(|| khaldun_actors::focus_country(cx.doc))
        .clone();
    d.actor_a = actor_a.map(|a| contextual_state(a, sent, focus.as_deref(), cx.actors));
    d.target_a = target_a.map(|a| contextual_state(a, sent, focus.as_deref(), cx.actors));
    // diplomacy is between political actors: a visit to a school or praise for
    // teachers by no known actor is no PLOVER event
    let diplomatic = lx.classes.get(h.class.as_str()).is_some_and(|c| {
        c.family == "verbal"
            && matches!(
                c.plover.as_str(),
                "CONSULT" | "SUPPORT" | "COOPERATE" | "CONCEDE" | "AGREE"
            )
    });
    // a political actor: known to the actor base and not a class of civilians
    // (ACLED inter 7: "teachers", "villagers"), or a proper name ("Moussa Keita")
    let political = |k: usize| {
        let np = &sent.nps[k];
        (np.resolved && np.actor.inter != Some(7))
            || (!np.head && !np.place && np.e > np.s && sent.toks[np.e - 1].cap)
            // an office holder: "the Ivorian president", "le ministre"
            || (np.s..np.e).any(|j| sent.has_cue_start(j, Cue::Office).is_some())
    };
    if diplomatic && target.is_some_and(|t| !political(t)) && actor.is_none_or(|a| !political(a)) {
        return false;
    }
    // nor is a bare noun with neither side ("questionable support from Russia")
    if diplomatic && actor.is_none() && target.is_none() {
        return false;
    }
    true
}

/// A placeholder state actor ("the army", "the military camp" with no
/// country: `state-military`) made specific: the same branch of a state named
/// in the sentence ("clashes with the Malian army"), else of the document's
/// focus country. Other actors are returned unchanged.
fn contextual_state(a: Actor, sent: &Sent, focus: Option<&str>, actors: &ActorBase) -> Actor {
    let branch = match a.id.as_deref() {
        Some("state-military") => khaldun_actors::Branch::Military,
        Some("state-police") => khaldun_actors::Branch::Police,
        Some("state-government") => khaldun_actors::Branch::Government,
        _ => return a,
    };
    let named = sent.nps.iter().find(|n| {
        n.actor.country.is_some()
            && n.actor.inter == Some(1)
            && n.actor.sector == a.sector
            && n.actor
                .id
                .as_deref()
                .is_some_and(|id| !id.starts_with("state-"))
    });
    if let Some(n) = named {
        return n.actor.clone();
    }
    focus
        .and_then(|c| actors.state_actor(c, branch))
        .unwrap_or(a)
}

/// A phrase naming one or more people rather than a place or an object.
pub(crate) fn is_person(sent: &Sent, t: usize) -> bool {
    let np = &sent.nps[t];
    if np.place || np.pronoun || np.possessive {
        return false;
    }
    let object = &crate::lexicon::Lexicon::get().words.site_noun;
    if object.contains(sent.tok(np.e)) || object.contains(sent.tok(np.e - 1)) {
        return false;
    }
    if np.head {
        return np.actor.inter.is_some();
    }
    // a personal name: capitalised, not resolved to an organisation
    !np.resolved && sent.toks[np.s].cap && !sent.toks[np.s].acronym && np.e - np.s >= 2
}

/// A pronoun (or a sentence-initial conjunction) read as a name.
pub(crate) fn is_pronoun_name(s: &str) -> bool {
    crate::lexicon::Lexicon::get()
        .words
        .pronoun_name
        .contains(s.to_lowercase().as_str())
}

/// Loose name equality: one contains the other, case-insensitively.
pub fn same_actor_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

#[cfg(test)]
mod tests {
    use super::super::testing::with_ctx;
    use super::*;

    #[test]
    fn names_and_pronouns() {
        assert!(same_actor_name("the Malian army", "Malian Army"));
        assert!(!same_actor_name("", "army"));
        assert!(is_pronoun_name("They"));
        assert!(is_pronoun_name("ils"));
        assert!(!is_pronoun_name("JNIM"));
    }

    #[test]
    fn people_over_places() {
        let target = with_ctx(
            "Gunmen raided Kwaljiri village on Sunday, killing 11 farmers.",
            |cx| {
                let d = pick(cx, 0);
                d.target
                    .map(|t| cx.sent.raw(cx.sent.nps[t].s, cx.sent.nps[t].e).to_string())
            },
        );
        assert_eq!(target.as_deref(), Some("farmers"));
    }

    #[test]
    fn a_site_is_no_person() {
        with_ctx("Rebels overran an army base near the town.", |cx| {
            let t = cx.roles.iter().find_map(|r| r.target).expect("a target");
            assert!(!is_person(cx.sent, t));
        });
    }
}
