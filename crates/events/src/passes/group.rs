//! Pass 2, group: the kept triggers of one clause become one event.
//!
//! Reads `Ctx::keep`, the roles of each trigger and the casualty counts;
//! produces `Ctx::groups`. A group's family starts as its first trigger's
//! (with `overrun` read as `disrupted` or `capture` from its context); the
//! absorb rules then merge groups (territory, purpose, riots, battle) and may
//! rename a violence group `demonstration`. Changes nothing else.

use super::{family_of, Ctx};
use crate::lexicon::{Casualty, Cue, Pos};
use crate::sentence::Sent;

/// A group of triggers coded as one event.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub family: String,
    /// Indices into `sent.hits`.
    pub hits: Vec<usize>,
}

/// The groups of the kept triggers, after the absorb rules.
pub(crate) fn groups(cx: &Ctx) -> Vec<Group> {
    let mut groups = initial(cx);
    territory(cx, &mut groups);
    purpose(cx, &mut groups);
    riots(cx, &mut groups);
    battle(cx, &mut groups);
    groups
}

/// Kept triggers in text order: a trigger joins the last group of its family
/// unless a boundary word or a new clause lies between.
fn initial(cx: &Ctx) -> Vec<Group> {
    let (sent, roles) = (cx.sent, &cx.roles);
    let mut groups: Vec<Group> = Vec::new();
    for (k, h) in sent.hits.iter().enumerate() {
        if !cx.keep[k] {
            continue;
        }
        let mut fam = family_of(&h.class);
        if h.class == "overrun" {
            let weapons =
                (h.i + h.n..(h.i + h.n + 6).min(cx.n)).any(|j| sent.has_cue_end(j, Cue::Weapon));
            if weapons {
                fam = "disrupted".into();
            } else if let Some(t) = roles[k].target {
                if super::roles::is_person(sent, t) {
                    fam = "capture".into();
                }
            }
        }
        let mergeable = matches!(
            fam.as_str(),
            "violence"
                | "demonstration"
                | "agreement"
                | "property"
                | "retreat"
                | "change"
                | "disrupted"
                | "abduction"
                | "arrest"
                | "coup"
                | "aid"
                | "mobilize"
        );
        // "...; one was killed and two were injured": casualties of the event before
        if h.class == "kill" && roles[k].actor.is_none() && (roles[k].passive || h.pos == Pos::Noun)
        {
            if let Some(g) = groups
                .iter()
                .rposition(|g| matches!(g.family.as_str(), "violence" | "demonstration"))
            {
                groups[g].hits.push(k);
                continue;
            }
        }
        let target_group = groups.iter().rposition(|g| {
            mergeable
                && g.family == fam
                && !boundary_between(sent, sent.hits[*g.hits.last().unwrap()].i, h.i)
                && !new_clause(cx, g, k)
        });
        match target_group {
            Some(g) => groups[g].hits.push(k),
            None => groups.push(Group {
                family: fam,
                hits: vec![k],
            }),
        }
    }
    groups
}

/// A clause boundary word ("meanwhile", ";") between tokens `a` and `b`.
fn boundary_between(sent: &Sent, a: usize, b: usize) -> bool {
    let words = &crate::lexicon::Lexicon::get().words.boundary;
    (a.min(b)..a.max(b)).any(|k| words.contains(sent.tok(k)))
}

/// A later verbal trigger with its own subject opens a new clause (and event).
fn new_clause(cx: &Ctx, g: &Group, k: usize) -> bool {
    let (sent, roles) = (cx.sent, &cx.roles);
    let h = &sent.hits[k];
    let r = &roles[k];
    if h.pos != Pos::Verb || r.adjunct || r.passive {
        return false;
    }
    let Some(a) = r.actor else { return false };
    let last = &sent.hits[*g.hits.last().unwrap()];
    let np = &sent.nps[a];
    // pronouns, coordinated subjects and definite generic heads ("the group") refer back
    let anaphoric = np.head
        && !sent.toks[np.s].cap
        && np.s > 0
        && cx.lx.words.subject_article.contains(sent.tok(np.s - 1));
    if np.s < last.i + last.n || np.pronoun || anaphoric || !sent.coordinated(a).is_empty() {
        return false;
    }
    // the subject differs from the group's actor
    let gact = g.hits.iter().find_map(|&x| roles[x].actor);
    gact.is_none_or(|ga| !super::same_actor_name(&sent.nps[ga].actor.name, &np.actor.name))
}

/// Move the hits of every group other than `into` that `absorbed` accepts
/// into group `into`, dropping the emptied groups.
fn absorb(groups: &mut Vec<Group>, mut into: usize, absorbed: impl Fn(&Group) -> bool) {
    let mut gi = 0;
    while gi < groups.len() {
        if gi != into && absorbed(&groups[gi]) {
            let hs = groups.remove(gi).hits;
            if gi < into {
                into -= 1;
            }
            groups[into].hits.extend(hs);
            continue;
        }
        gi += 1;
    }
}

/// Territory absorbs the fighting and the withdrawal that made it.
fn territory(cx: &Ctx, groups: &mut Vec<Group>) {
    let sent = cx.sent;
    if let Some(t) = groups.iter().position(|g| {
        g.hits.iter().any(|&k| {
            matches!(
                sent.hits[k].class.as_str(),
                "overrun" | "recapture" | "handover"
            )
        })
    }) {
        absorb(groups, t, |g| {
            (g.family == "retreat" || g.family == "violence")
                && g.hits.iter().all(|&k| {
                    matches!(
                        sent.hits[k].class.as_str(),
                        "withdraw"
                            | "clash"
                            | "attack"
                            | "raid"
                            | "shelling"
                            | "airstrike"
                            | "drone"
                    )
                })
        });
    }
}

/// An assault without victims whose purpose is an abduction, arrest or looting is part of it.
fn purpose(cx: &Ctx, groups: &mut Vec<Group>) {
    let sent = cx.sent;
    if let Some(o) = groups.iter().position(|g| {
        matches!(
            g.family.as_str(),
            "abduction" | "arrest" | "capture" | "property"
        )
    }) {
        let no_victims = !cx
            .counts
            .iter()
            .any(|c| matches!(c.kind, Casualty::Killed | Casualty::Injured));
        absorb(groups, o, |g| {
            g.family == "violence"
                && no_victims
                && g.hits
                    .iter()
                    .all(|&k| matches!(sent.hits[k].class.as_str(), "raid" | "attack"))
        });
    }
}

/// Violence by protesters or rioters is a riot; violence on protesters is
/// excessive force: both join the sentence's demonstration (or become one).
fn riots(cx: &Ctx, groups: &mut Vec<Group>) {
    let (sent, w) = (cx.sent, &cx.lx.words);
    let demo = groups.iter().position(|g| g.family == "demonstration");
    let mut riot_groups = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        if !matches!(g.family.as_str(), "violence" | "property") {
            continue;
        }
        let by_protesters = cx.group_actor(g).is_some_and(|a| {
            cx.np_is(a, w.protester.as_slice(), &[5, 6]) || cx.np_is(a, w.mob.as_slice(), &[])
        });
        let state_in_protest = demo.is_some()
            && cx
                .group_actor(g)
                .is_some_and(|a| cx.np_is(a, w.state_in_protest.as_slice(), &[1]));
        let on_protesters = cx
            .group_target(g)
            .is_some_and(|t| cx.np_is(t, w.protester.as_slice(), &[6]))
            || state_in_protest;
        let mob_demo =
            demo.is_some_and(|d| groups[d].hits.iter().any(|&k| sent.hits[k].class == "mob"));
        if by_protesters || on_protesters || mob_demo {
            riot_groups.push(gi);
        }
    }
    // acts without their own actor in a riot sentence ("... and torched vehicles") belong to the riot
    if demo.is_some() || !riot_groups.is_empty() {
        for (gi, g) in groups.iter().enumerate() {
            if matches!(g.family.as_str(), "violence" | "property")
                && cx.group_actor(g).is_none()
                && !riot_groups.contains(&gi)
                && Some(gi) != demo
            {
                riot_groups.push(gi);
            }
        }
        riot_groups.sort_unstable();
    }
    let d = match demo {
        Some(d) => Some(d),
        None => riot_groups
            .first()
            .copied()
            .inspect(|&f| groups[f].family = "demonstration".into()),
    };
    if let Some(d) = d {
        let mut merged = groups[d].hits.clone();
        for gi in &riot_groups {
            if *gi != d {
                merged.extend(groups[*gi].hits.iter().copied());
            }
        }
        let mut kept: Vec<Group> = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            if gi == d {
                kept.push(Group {
                    family: g.family.clone(),
                    hits: merged.clone(),
                });
            } else if !riot_groups.contains(&gi) {
                kept.push(g.clone());
            }
        }
        *groups = kept;
    }
}

/// Damage done in a battle is part of the battle.
fn battle(cx: &Ctx, groups: &mut Vec<Group>) {
    let sent = cx.sent;
    if let Some(b) = groups.iter().position(|g| {
        g.family == "violence"
            && g.hits
                .iter()
                .any(|&k| matches!(sent.hits[k].class.as_str(), "clash" | "ambush"))
    }) {
        absorb(groups, b, |g| g.family == "property");
    }
}

/// How specific a trigger class is when it represents its group: the
/// highest rank wins (ACLED's "higher sub-event type" rule). Classes not in
/// `data/events/trigger_ranks.tsv` rank 1.
pub(crate) fn rank(class: &str) -> u8 {
    crate::lexicon::Lexicon::get().ranks.get(class).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{group_classes, with_ctx};
    use super::*;

    #[test]
    fn absorb_moves_accepted_groups_and_keeps_the_index() {
        let g = |f: &str, h: usize| Group {
            family: f.into(),
            hits: vec![h],
        };
        let mut gs = vec![g("property", 0), g("violence", 1), g("property", 2)];
        absorb(&mut gs, 1, |g| g.family == "property");
        assert_eq!(gs.len(), 1);
        assert_eq!(gs[0].family, "violence");
        assert_eq!(gs[0].hits, vec![1, 0, 2]);
    }

    #[test]
    fn ranks_come_from_the_table() {
        assert_eq!(rank("clash"), 9);
        assert_eq!(rank("suicide"), 8);
        assert_eq!(rank("attack"), 2);
        assert_eq!(rank("no-such-class"), 1);
    }

    #[test]
    fn a_boundary_word_separates_two_attacks() {
        let gs = with_ctx(
            "Gunmen attacked a village; meanwhile militants attacked a convoy.",
            group_classes,
        );
        assert_eq!(gs.len(), 2, "{gs:?}");
    }

    #[test]
    fn violence_by_protesters_is_one_riot() {
        let gs = with_ctx(
            "Protesters marched in the capital and torched several cars.",
            |cx| {
                cx.groups
                    .iter()
                    .map(|g| g.family.clone())
                    .collect::<Vec<_>>()
            },
        );
        assert_eq!(gs, vec!["demonstration".to_string()]);
    }

    #[test]
    fn damage_in_a_battle_is_part_of_the_battle() {
        let gs = with_ctx(
            "Troops clashed with rebels and destroyed several houses.",
            group_classes,
        );
        assert_eq!(gs.len(), 1, "{gs:?}");
    }
}
