//! Part of pass 5, code: the rules that decide between neighbouring ACLED
//! sub-event types, each tied to the codebook's definition
//! (`../shared/ontology/acled-codebook-summary.md` and ACLED's codebook).
//!
//! [`armed_target`] refines whether the target is armed before the class is
//! chosen; [`without_fighting`] says whether a change of territory happened
//! without fighting; [`refine`] may then recode the class `code_group` chose.
//! Each rule reads the draft's roles, counts and the sentence's words (lists
//! in `data/events/code_words.tsv`); none changes anything but the coding.

use super::{Ctx, Draft};
use crate::lexicon::{Cue, Lexicon};
use crate::words::WordSet;

/// A coding override: ACLED type and sub-event, PLOVER type, mode, CAMEO.
pub(crate) type Override = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

/// Excessive force against protesters.
pub(crate) const EXCESSIVE: Override = (
    "Protests",
    "Excessive force against protesters",
    "ASSAULT",
    Some("firearms"),
    "175",
);

/// Armed clash vs Attack. ACLED: an *Armed clash* is armed, organised
/// actors fighting each other; an *Attack* is violence against unarmed
/// people. So a target that is a state or non-state armed actor (soldiers,
/// police, militias, VDP; `target_armed` words: "prison guard", "customs
/// officers", "peacekeepers") is armed even when the wording is one-sided
/// ("killed seven VDP volunteers in an attack"), and a humanitarian target
/// ("a convoy of aid trucks") is not, whatever its head noun.
pub(crate) fn armed_target(cx: &Ctx, d: &Draft, base: Option<bool>) -> Option<bool> {
    let w = &cx.lx.words;
    let Some(t) = d.target else { return base };
    if phrase_has(cx, t, 3, &w.civilian_target) {
        return Some(false);
    }
    let armed_actor = d.target_a.as_ref().is_some_and(|a| {
        matches!(a.inter, Some(2..=4) | Some(8))
            || matches!(a.sector.as_deref(), Some("MIL" | "COP"))
    });
    if armed_actor || (base.is_none() && cx.np_is(t, w.armed_target.as_slice(), &[])) {
        return Some(true);
    }
    base
}

/// The text of phrase `k` and the `extra` tokens after it ("a convoy" + "of
/// aid trucks"), lower case, contains one of `words` (substring).
fn phrase_has(cx: &Ctx, k: usize, extra: usize, words: &WordSet) -> bool {
    let np = &cx.sent.nps[k];
    let s = cx.sent.raw(np.s, (np.e + extra).min(cx.n)).to_lowercase();
    words.iter().any(|x| s.contains(x))
}

/// Non-violent transfer of territory. ACLED: an actor acquires control of a
/// location *without* fighting, typically after the other side left it. A
/// change of territory is non-violent when the text says so ("without a
/// fight") or names the other side's departure ("after the peacekeepers
/// left", "après le retrait") with no fighting in the group or the sentence
/// ("under fire", "after heavy fighting", a clash trigger, deaths), when the
/// taker is a state force or the verb is one of moving in, not of capture.
pub(crate) fn without_fighting(cx: &Ctx, d: &Draft, actor_state: bool) -> bool {
    let (sent, w) = (cx.sent, &cx.lx.words);
    if (0..cx.n).any(|k| sent.has_cue_end(k, Cue::Nonviolent)) {
        return true;
    }
    let departure = (0..cx.n).any(|k| w.departure.contains(sent.tok(k)));
    let fought = d.killed.is_some_and(|k| k > 0)
        || d.classes.iter().any(|c| {
            matches!(
                *c,
                "clash" | "attack" | "ambush" | "raid" | "shelling" | "airstrike"
            )
        })
        || text_has(cx, &w.fighting_word);
    // a verb of capture by a non-state group ("captured the town after the
    // soldiers abandoned their positions") still tells a takeover by force;
    // moving in ("walked into", "se sont installés") or a state force taking
    // over a place the other side left does not
    let moved_in = actor_state || has_class(d, &["handover", "base", "deploy"]);
    departure && !fought && moved_in
}

/// The facts [`refine`] reads besides the draft.
pub(crate) struct Facts {
    pub actor_state: bool,
}

/// Recode the class chosen by `code_group` where a codebook rule decides
/// between neighbouring sub-event types. Returns the new class and override.
pub(crate) fn refine<'c>(
    cx: &Ctx,
    d: &Draft,
    class: &'c str,
    over: Option<Override>,
    f: &Facts,
) -> (&'c str, Option<Override>) {
    let sub = over.map(|o| o.1).unwrap_or_else(|| sub_of(class));
    if let Some(c) = livestock(cx, d, class) {
        return (c, None);
    }
    if let Some(c) = weapon_destroyed(cx, d, class) {
        return (c, None);
    }
    if let Some(c) = bloc_withdrawal(cx, d, class) {
        return (c, None);
    }
    if let Some(c) = storm_and_hold(cx, d, sub, f.actor_state) {
        return (c, None);
    }
    if let Some(c) = settled_after_departure(cx, d, class) {
        return (c, None);
    }
    if let Some(c) = air_platform(cx, d, sub) {
        return (c, None);
    }
    if force_on_protesters(cx, d, sub, f) {
        return (class, Some(EXCESSIVE));
    }
    if let Some(c) = crowd_violence(cx, d, sub, f.actor_state) {
        return (c, None);
    }
    (class, over)
}

/// The ACLED sub-event type of a class.
fn sub_of(class: &str) -> &'static str {
    match Lexicon::get().classes.get(class) {
        Some(c) => static_sub(&c.acled_sub),
        None => "Other",
    }
}

/// The static name of a sub-event type the rules compare against.
fn static_sub(s: &str) -> &'static str {
    const NAMES: &[&str] = &[
        "Attack",
        "Armed clash",
        "Mob violence",
        "Violent demonstration",
        "Looting/property destruction",
        "Remote explosive/landmine/IED",
        "Shelling/artillery/missile attack",
        "Protest with intervention",
        "Peaceful protest",
        "Abduction/forced disappearance",
    ];
    NAMES.iter().copied().find(|n| *n == s).unwrap_or("Other")
}

/// The whole sentence, lower case, contains one of `words` (substring).
fn text_has(cx: &Ctx, words: &WordSet) -> bool {
    let s = cx.sent.raw(0, cx.n).to_lowercase();
    words.iter().any(|x| s.contains(x))
}

/// One of the `len` tokens after the group's representative trigger contains
/// one of `words` (substring).
fn after_has(cx: &Ctx, d: &Draft, len: usize, words: &WordSet) -> bool {
    let h = &cx.sent.hits[d.rep];
    let lo = h.i + h.n;
    let s = cx.sent.raw(lo, (lo + len).min(cx.n)).to_lowercase();
    words.iter().any(|x| s.contains(x))
}

/// The group has a trigger of one of `classes`.
fn has_class(d: &Draft, classes: &[&str]) -> bool {
    d.classes.iter().any(|c| classes.contains(c))
}

/// Looting/property destruction, not Abduction. ACLED codes the theft of
/// livestock (cattle raiding) as looting: an abduction verb whose object is
/// animals ("ont enlevé plus de 200 têtes de bétail", "abducted 300 cattle")
/// is looting.
fn livestock(cx: &Ctx, d: &Draft, class: &str) -> Option<&'static str> {
    (class == "abduct" && after_has(cx, d, 7, &cx.lx.words.livestock)).then_some("loot")
}

/// Disrupted weapons use, not property destruction. ACLED: a disrupted
/// weapons use is the seizure or destruction of weapons before they are used
/// (caches "discovered and destroyed", explosives destroyed): destroying a
/// weapon (a weapon word right after the verb) is that, not damage.
fn weapon_destroyed(cx: &Ctx, d: &Draft, class: &str) -> Option<&'static str> {
    let (sent, h) = (cx.sent, &cx.sent.hits[d.rep]);
    let lo = h.i + h.n;
    let weapon = (lo..(lo + 6).min(cx.n)).any(|j| sent.has_cue_end(j, Cue::Weapon));
    (class == "destroy" && weapon).then_some("defuse")
}

/// Other, not Change to group/activity. ACLED's *Change to group/activity*
/// is a change in how an armed or political group operates (curfews, new
/// units, troop withdrawals); a state leaving an organisation or treaty
/// ("withdrawal from ECOWAS", "retrait de la CEDEAO") is *Other*.
fn bloc_withdrawal(cx: &Ctx, d: &Draft, class: &str) -> Option<&'static str> {
    (class == "withdraw" && after_has(cx, d, 6, &cx.lx.words.bloc_word)).then_some("leave")
}

/// Non-state actor overtakes territory / Government regains territory, not
/// Attack. ACLED codes the capture of a location by force as a territorial
/// Battles event: storming a place and then holding it ("stormed and
/// occupied", "ont pris d'assaut la ville ... et en contrôlent") is a
/// takeover, by the state a regaining.
fn storm_and_hold(cx: &Ctx, d: &Draft, sub: &str, actor_state: bool) -> Option<&'static str> {
    let w = &cx.lx.words;
    let sent = cx.sent;
    if !matches!(sub, "Attack" | "Armed clash") {
        return None;
    }
    let stormed = d.ordered.iter().any(|&k| {
        let h = &sent.hits[k];
        let t = sent.raw(h.i, h.i + h.n).to_lowercase();
        h.class == "attack" && w.storm_form.iter().any(|x| t.contains(x))
    });
    let held = after_has(cx, d, 14, &w.control_word);
    (stormed && held).then_some(if actor_state { "recapture" } else { "overrun" })
}

/// Non-violent transfer of territory, not Headquarters or base established.
/// Settling in a place the other side has just left ("se sont installés à
/// Kitshanga après le retrait du M23") is taking over territory without
/// fighting (see [`without_fighting`]).
fn settled_after_departure(cx: &Ctx, d: &Draft, class: &str) -> Option<&'static str> {
    (matches!(class, "base" | "deploy") && without_fighting(cx, d, false)).then_some("handover")
}

/// Air/drone strike, not Attack, Shelling or IED. ACLED codes every strike
/// from the air as an Air/drone strike, whatever the target (civilians hit by
/// a state air strike are marked as civilian targeting, not recoded as an
/// Attack). A violent act whose actor is an aircraft or drone ("army aircraft
/// struck a wedding", "the air force bombed a school") or that was done from
/// the air ("bombardé par avion") is one.
fn air_platform(cx: &Ctx, d: &Draft, sub: &str) -> Option<&'static str> {
    let w = &cx.lx.words;
    if !matches!(
        sub,
        "Attack" | "Remote explosive/landmine/IED" | "Shelling/artillery/missile attack"
    ) || !has_class(d, &["kill", "attack", "explosion", "ied", "shelling", "massacre"])
    {
        return None;
    }
    let actor_text = d.actor.map(|a| {
        let np = &cx.sent.nps[a];
        cx.sent.raw(np.s, (np.e + 2).min(cx.n)).to_lowercase()
    });
    let by_air = actor_text
        .as_deref()
        .is_some_and(|t| w.air_platform.iter().any(|x| t.contains(x)));
    let from_air = after_has(cx, d, 3, &w.air_platform);
    if !(by_air || from_air) {
        return None;
    }
    let drone = actor_text.is_some_and(|t| t.contains("drone"));
    Some(if drone { "drone" } else { "airstrike" })
}

/// Excessive force against protesters, not Attack, Mob violence or Violent
/// demonstration. ACLED: *Excessive force* is lethal force or violence that
/// causes serious injury against protesters, by state forces or their
/// affiliates; the violence is done *to* the demonstrators, not by them. A
/// killing, shooting or beating whose target is protesters (or, by a state
/// actor, in a sentence about protesters), with deaths, injuries or live
/// fire, and not done by protesters or a crowd.
fn force_on_protesters(cx: &Ctx, d: &Draft, sub: &str, f: &Facts) -> bool {
    let w = &cx.lx.words;
    if !matches!(sub, "Attack" | "Mob violence" | "Violent demonstration")
        || !has_class(d, &["kill", "attack", "beat", "massacre"])
    {
        return false;
    }
    // the state or its auxiliaries, or, for an act told without its actor
    // ("two were killed when soldiers opened fire"), a state force named in
    // the sentence
    let state_like = f.actor_state
        || text_has(cx, &w.pro_government)
        || (d.actor.is_none() && text_has(cx, &w.state_force));
    let protest_word = |k: usize| {
        let t = cx.sent.tok(k);
        w.protester_word.iter().any(|x| t.contains(x))
    };
    let on_protesters = d
        .target
        .is_some_and(|t| cx.np_is(t, w.protester.as_slice(), &[6]))
        || (state_like && (0..cx.n).any(protest_word));
    let by_crowd = d.actor.is_some_and(|a| {
        cx.np_is(a, w.protester.as_slice(), &[5, 6]) || cx.np_is(a, w.crowd_actor.as_slice(), &[])
    });
    let harm = d.killed.is_some_and(|k| k > 0)
        || d.injured.is_some_and(|k| k > 0)
        || (0..cx.n).any(|k| cx.sent.has_cue_end(k, Cue::Excessive))
        || text_has(cx, &w.harm_word);
    on_protesters && !by_crowd && harm
}

/// Mob violence vs Violent demonstration, not Attack or property
/// destruction. ACLED: *Mob violence* is a crowd (rioters, villagers,
/// residents) violently targeting people or property outside a
/// demonstration (lynchings, beatings of suspected thieves or witches,
/// burning their homes); a *Violent demonstration* is demonstrators engaging
/// in violence or destruction against authorities or their property (a town
/// hall, a police station, party offices, the police). Not for state forces
/// or armed groups, and only when the crowd is the subject of an act on a
/// named target (the phrase's own words, not an actor-base name such as
/// "Rioters").
fn crowd_violence(cx: &Ctx, d: &Draft, sub: &str, actor_state: bool) -> Option<&'static str> {
    let w = &cx.lx.words;
    if actor_state
        || !matches!(
            sub,
            "Attack" | "Mob violence" | "Looting/property destruction" | "Violent demonstration"
        )
    {
        return None;
    }
    let a = d.actor?;
    let armed = cx.sent.nps[a].armed == Some(true)
        || d
            .actor_a
            .as_ref()
            .is_some_and(|x| matches!(x.inter, Some(1..=4) | Some(8)));
    if armed {
        return None;
    }
    let crowd = phrase_has(cx, a, 0, &w.crowd_actor);
    let protesters = phrase_has(cx, a, 0, &w.protester);
    if !crowd && !protesters {
        return None;
    }
    let authority = match d.target {
        Some(t) => cx.np_is(t, w.authority_target.as_slice(), &[1]),
        None => after_has(cx, d, 12, &w.authority_target).then_some(true)?,
    };
    match (authority || protesters, sub) {
        (true, _) => Some("riot"),
        (false, "Looting/property destruction") if !has_class(d, &["destroy"]) => None,
        (false, _) => Some("mob"),
    }
}
