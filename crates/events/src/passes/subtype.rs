//! Part of pass 5, code: the rules that decide between neighbouring ACLED
//! sub-event types, each tied to the codebook's definition
//! (ACLED's codebook; `docs/ontology.md` says how Khaldun maps it).
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
    if let Some(c) = relief_camp(cx, d, class) {
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
    if let Some(c) = foreign_capture(cx, d, class) {
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
    if let Some(c) = negated_violence(cx, d, sub) {
        return (c, None);
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

/// Not Headquarters or base established. ACLED's base is one an armed actor
/// establishes for its operations; a new camp for the displaced or refugees
/// ("opened a new camp for displaced families") is relief (PLOVER AID).
fn relief_camp(cx: &Ctx, d: &Draft, class: &str) -> Option<&'static str> {
    (class == "base" && after_has(cx, d, 5, &cx.lx.words.relief_site)).then_some("aid")
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

/// Non-state actor overtakes territory, not Government regains territory.
/// ACLED: *Government regains territory* is a government's forces regaining
/// control of a location in their own country; a *foreign* state force that
/// captures a location by armed interaction is coded like a non-state actor
/// overtaking territory (Russian forces taking Avdiivka). A capture verb that
/// is no retaking ("took full control of", not "retook") by state forces of
/// one country of a place the geo stage puts in another.
fn foreign_capture(cx: &Ctx, d: &Draft, class: &str) -> Option<&'static str> {
    if class != "recapture" || has_class(d, &["recapture"]) {
        return None;
    }
    let own = d.actor_a.as_ref()?.country.as_deref()?;
    let h = &cx.sent.hits[d.rep];
    let at = cx.idx.byte_to_char(cx.sent.toks[h.i].start);
    let place = cx
        .sent
        .places
        .iter()
        .find(|p| p.kind == "toponym" && p.start >= at && p.place.country.is_some())?;
    (place.place.country.as_deref() != Some(own)).then_some("overrun")
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
/// struck a wedding", "the air force bombed a school"; with no actor phrase,
/// the words before the act) or that was done from the air ("bombardé par
/// avion") is one.
fn air_platform(cx: &Ctx, d: &Draft, sub: &str) -> Option<&'static str> {
    let w = &cx.lx.words;
    if !matches!(
        sub,
        "Attack" | "Remote explosive/landmine/IED" | "Shelling/artillery/missile attack"
    ) || !has_class(
        d,
        &["kill", "attack", "explosion", "ied", "shelling", "massacre"],
    ) {
        return None;
    }
    // the actor phrase and two words after it ("army aircraft"), or, for an
    // act told without its actor ("..., killing 20"), the words before it
    let h = &cx.sent.hits[d.rep];
    let actor_text = Some(match d.actor {
        Some(a) => {
            let np = &cx.sent.nps[a];
            cx.sent.raw(np.s, (np.e + 2).min(cx.n)).to_lowercase()
        }
        None => cx.sent.raw(0, h.i).to_lowercase(),
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
    let h = &cx.sent.hits[d.rep];
    // the crowd: the actor phrase, or, for an act told without its actor
    // ("..., beating him"), the words before it unless they name the victim
    let (crowd, protesters) = match d.actor {
        Some(a) => {
            let armed = cx.sent.nps[a].armed == Some(true)
                || d.actor_a
                    .as_ref()
                    .is_some_and(|x| matches!(x.inter, Some(1..=4) | Some(8)));
            if armed {
                return None;
            }
            (
                phrase_has(cx, a, 0, &w.crowd_actor),
                phrase_has(cx, a, 0, &w.protester),
            )
        }
        None => {
            let t = d.target?;
            let before = cx.sent.raw(0, h.i).to_lowercase();
            let crowd_word = w.crowd_actor.iter().find(|x| before.contains(x))?;
            if phrase_has(cx, t, 0, &w.crowd_actor) || before.contains(" by ") {
                return None;
            }
            (!crowd_word.is_empty(), false)
        }
    };
    if !crowd && !protesters {
        return None;
    }
    // violence within a demonstration ("youths protesting against X stormed
    // and looted ...") is the demonstration's
    let in_protest = has_class(d, &["protest", "strike"]);
    // with no target phrase, the authority words after the act, else a verb
    // of harming people ("beating him"), not a bare noun ("an attack")
    let authority = match d.target {
        Some(t) => cx.np_is(t, w.authority_target.as_slice(), &[1]),
        None => {
            let named = after_has(cx, d, 12, &w.authority_target);
            if !named && !has_class(d, &["beat", "kill", "mob"]) {
                return None;
            }
            named
        }
    };
    match (authority || protesters || in_protest, sub) {
        (true, _) => Some("riot"),
        (false, "Looting/property destruction") if !has_class(d, &["destroy"]) => None,
        (false, _) => Some("mob"),
    }
}

/// Peaceful protest, not Violent demonstration. ACLED: a *Peaceful protest*
/// is one whose demonstrators do not engage in violence; a violence word
/// under negation ("sans heurts", "without clashes") tells that they did not.
/// A demonstration whose only violent triggers are negated, with no violent
/// marker (stones, torched), stays a protest.
fn negated_violence(cx: &Ctx, d: &Draft, sub: &str) -> Option<&'static str> {
    let sent = cx.sent;
    if sub != "Violent demonstration" || !has_class(d, &["protest", "strike"]) {
        return None;
    }
    let violent: Vec<usize> = d
        .ordered
        .iter()
        .copied()
        .filter(|&k| {
            matches!(
                sent.hits[k].class.as_str(),
                "attack" | "destroy" | "loot" | "beat" | "clash" | "kill" | "riot"
            )
        })
        .collect();
    let negated = |k: usize| {
        let i = sent.hits[k].i;
        i > 0 && sent.has_cue_end(i - 1, Cue::Negation)
    };
    let marker = (0..cx.n).any(|k| sent.has_cue_end(k, Cue::Violent));
    (!violent.is_empty() && violent.iter().all(|&k| negated(k)) && !marker).then_some("protest")
}

#[cfg(test)]
mod tests {
    use super::super::testing::with_ctx;
    use super::super::{code, counts, roles, status, ArticleState};

    /// The ACLED sub-event types of the sentence's groups, in order.
    fn subs(text: &str) -> Vec<String> {
        with_ctx(text, |cx| {
            let mut out = Vec::new();
            let mut state = ArticleState::default();
            for gi in 0..cx.groups.len() {
                let mut d = roles::pick(cx, gi);
                d.frame = status::frame(cx, &d);
                if !roles::resolve(cx, &mut d, &mut state) {
                    continue;
                }
                counts::attach(cx, &mut d);
                code::class(cx, &mut d);
                code::failed_attempt(cx, &mut d);
                out.push(d.acled_sub);
            }
            out
        })
    }

    /// Some group of `text` is coded `sub`.
    fn coded(text: &str, sub: &str) -> bool {
        subs(text).iter().any(|s| s == sub)
    }

    #[track_caller]
    fn assert_coded(text: &str, sub: &str) {
        let got = subs(text);
        assert!(got.iter().any(|s| s == sub), "{text}: {got:?}, want {sub}");
    }

    #[test]
    fn an_armed_target_makes_a_one_sided_attack_a_clash() {
        assert_coded(
            "Suspected militants killed seven VDP volunteers in an attack on their position.",
            "Armed clash",
        );
        assert_coded(
            "Des jihadistes ont tué cinq VDP lors d'une attaque contre leur position.",
            "Armed clash",
        );
    }

    #[test]
    fn a_humanitarian_convoy_is_no_armed_target() {
        assert_coded(
            "Gunmen attacked a convoy of aid trucks near Kaga Bandoro, killing two drivers.",
            "Attack",
        );
        assert_coded(
            "Des hommes armés ont attaqué un convoi humanitaire près de Bambari.",
            "Attack",
        );
    }

    #[test]
    fn moving_into_a_place_the_other_side_left_is_a_transfer() {
        assert_coded(
            "The army took over the camp at Tessalit after the peacekeepers left.",
            "Non-violent transfer of territory",
        );
        assert_coded(
            "Les miliciens se sont installés à Kitshanga après le retrait des rebelles.",
            "Non-violent transfer of territory",
        );
    }

    #[test]
    fn a_capture_after_the_defenders_left_is_still_a_takeover() {
        let s =
            subs("Militants captured the town of Kala after soldiers abandoned their positions.");
        assert!(
            !s.iter().any(|x| x == "Non-violent transfer of territory"),
            "{s:?}"
        );
        assert!(!coded(
            "Les forces russes ont pris le contrôle de la ville après de violents combats et le retrait des soldats.",
            "Non-violent transfer of territory"
        ));
    }

    #[test]
    fn taking_livestock_is_looting() {
        assert_coded(
            "Gunmen abducted 300 cattle from herders near Tera.",
            "Looting/property destruction",
        );
        assert_coded(
            "Des hommes armés ont enlevé plus de 200 têtes de bétail près de Dori.",
            "Looting/property destruction",
        );
    }

    #[test]
    fn destroying_a_weapons_cache_is_disrupted_weapons_use() {
        let en = subs("Soldiers found and destroyed an arms cache in the forest.");
        assert!(
            !en.is_empty() && en.iter().all(|s| s == "Disrupted weapons use"),
            "{en:?}"
        );
        let fr = subs("Les soldats ont détruit des explosifs trouvés dans une grotte.");
        assert!(
            !fr.is_empty() && fr.iter().all(|s| s == "Disrupted weapons use"),
            "{fr:?}"
        );
    }

    #[test]
    fn leaving_an_organisation_is_other() {
        assert_coded(
            "Mali announced its immediate withdrawal from ECOWAS on Sunday.",
            "Other",
        );
        assert_coded(
            "Le Niger a annoncé dimanche son retrait de la CEDEAO.",
            "Other",
        );
        // a troop withdrawal stays a change of activity
        assert_coded(
            "French troops withdrew from Gao on Friday.",
            "Change to group/activity",
        );
    }

    #[test]
    fn storming_and_holding_a_town_is_a_takeover() {
        assert_coded(
            "Rebels stormed the town of Ber and now control its main roads.",
            "Non-state actor overtakes territory",
        );
        assert_coded(
            "Des rebelles ont pris d'assaut la localité de Ber, qu'ils contrôlent depuis.",
            "Non-state actor overtakes territory",
        );
    }

    #[test]
    fn strikes_from_the_air_are_air_strikes_whatever_the_target() {
        assert_coded(
            "Army aircraft struck a wedding in Djoura, killing at least 20 civilians.",
            "Air/drone strike",
        );
        assert_coded(
            "The air force bombed a school in the village, killing 11 children.",
            "Air/drone strike",
        );
        assert_coded(
            "L'armée tchadienne a bombardé par avion des positions de Boko Haram.",
            "Air/drone strike",
        );
    }

    #[test]
    fn hurting_protesters_is_excessive_force() {
        assert_coded(
            "Soldiers beat marchers with batons in Mandalay, leaving 15 people seriously injured.",
            "Excessive force against protesters",
        );
        assert_coded(
            "Des gendarmes ont roué de coups des manifestants devant l'Assemblée, blessant une vingtaine de personnes.",
            "Excessive force against protesters",
        );
        assert_coded(
            "Les forces de l'ordre ont tiré à balles réelles sur des manifestants à Conakry, faisant trois morts.",
            "Excessive force against protesters",
        );
    }

    #[test]
    fn a_dispersal_without_harm_is_no_excessive_force() {
        let s = subs("Police fired tear gas to disperse protesters in Dakar; no one was hurt.");
        assert!(
            !s.iter().any(|x| x == "Excessive force against protesters"),
            "{s:?}"
        );
    }

    #[test]
    fn a_crowd_on_a_person_or_home_is_mob_violence() {
        assert_coded(
            "Villagers lynched a herder accused of cattle theft.",
            "Mob violence",
        );
        assert_coded(
            "Des villageois ont battu à mort deux hommes soupçonnés de vol.",
            "Mob violence",
        );
    }

    #[test]
    fn a_crowd_named_before_an_act_without_actor_is_mob_violence() {
        assert_coded(
            "Hundreds of residents set upon a man accused of theft, beating him unconscious.",
            "Mob violence",
        );
        // ... but not when the crowd is the victim
        assert!(!coded(
            "Three villagers were killed on Monday near Djibo.",
            "Mob violence"
        ));
    }

    #[test]
    fn negated_violence_leaves_a_protest_peaceful() {
        assert_coded(
            "Des jeunes ont manifesté à Tillabéri contre l'insécurité, sans heurts.",
            "Peaceful protest",
        );
        assert_coded(
            "Traders marched through Kano against new taxes without clashes.",
            "Peaceful protest",
        );
    }

    #[test]
    fn a_crowd_on_the_authorities_is_a_violent_demonstration() {
        assert_coded(
            "Angry residents set fire to the town hall after the arrest of an activist.",
            "Violent demonstration",
        );
        assert_coded(
            "Des jeunes en colère ont incendié la mairie de Koupéla.",
            "Violent demonstration",
        );
    }

    #[test]
    fn a_camp_for_the_displaced_is_no_base() {
        assert!(!coded(
            "The UN opened a new camp for displaced families near Kaya.",
            "Headquarters or base established"
        ));
        assert!(!coded(
            "L'ONU a installé un nouveau camp pour les déplacés à Kaya.",
            "Headquarters or base established"
        ));
    }

    #[test]
    fn new_triggers_code_sexual_violence_and_bases() {
        assert_coded(
            "A woman was gang-raped by three men in uniform.",
            "Sexual violence",
        );
        assert_coded(
            "Des militaires ont agressé sexuellement des femmes lors d'une opération.",
            "Sexual violence",
        );
        assert_coded(
            "The army set up a new forward operating base in Solenzo.",
            "Headquarters or base established",
        );
        assert_coded(
            "L'armée malienne a installé un nouveau poste militaire à Boni.",
            "Headquarters or base established",
        );
    }
}
