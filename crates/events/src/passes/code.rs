//! Pass 5, code: the event's class and its PLOVER, ACLED and CAMEO codings.
//!
//! [`class`] decides whether the target is armed and the actor a state force,
//! then the coding class of the group with ACLED's precedence rules
//! ([`code_group`]). [`failed_attempt`] recodes a failed takeover or assault as
//! the fighting that did happen; [`intent`] codes an intention to cooperate
//! as PLOVER AGREE. Reads the draft's roles, counts and flags and the groups;
//! changes the draft's coding fields (and `hypothetical` for the last two).

use super::subtype::{self, Override, EXCESSIVE};
use super::{family_of, Ctx, Draft};
use crate::lexicon::{ClassInfo, Cue, Lexicon};
use crate::sentence::Sent;

/// Armed target, state actor and the coding of the draft's group.
pub(crate) fn class<'a>(cx: &Ctx<'a>, d: &mut Draft<'a>) {
    let (sent, lx, w) = (cx.sent, cx.lx, &cx.lx.words);
    let g = &cx.groups[d.gi];
    let (actor, target) = (d.actor, d.target);
    let civilian_site = target.is_some_and(|t| cx.np_is(t, w.civilian_site.as_slice(), &[7]));
    let target_armed = if civilian_site {
        Some(false)
    } else {
        target.and_then(|t| sent.nps[t].armed)
    }
    .or_else(|| {
        target
            .map(|t| cx.np_is(t, w.military_site.as_slice(), &[]))
            .filter(|b| *b)
    });
    let target_armed = subtype::armed_target(cx, d, target_armed);
    // pro-government auxiliaries count with the state ("VDP", "militias loyal to the government")
    let pro_gov = actor.is_some_and(|a| {
        let raw = sent
            .raw(sent.nps[a].s, (sent.nps[a].e + 6).min(sent.toks.len()))
            .to_lowercase();
        w.pro_government.iter().any(|x| raw.contains(x))
    });
    let actor_state = pro_gov
        || d.actor_a.as_ref().and_then(|a| a.inter) == Some(1)
        || actor.is_some_and(|a| {
            cx.np_is(a, w.state_force.as_slice(), &[1])
                && !cx.np_is(a, w.non_state_force.as_slice(), &[2, 3, 4])
        });
    let nonviolent = subtype::without_fighting(cx, d, actor_state);
    let has_arrest_group = cx.groups.iter().any(|g| g.family == "arrest");
    let (code_class, sub_override) = code_group(
        sent,
        g,
        &d.classes,
        target_armed,
        actor_state,
        d.killed,
        has_arrest_group,
        nonviolent,
    );
    let facts = subtype::Facts { actor_state };
    let (code_class, sub_override) = subtype::refine(cx, d, code_class, sub_override, &facts);
    let info = lx
        .classes
        .get(code_class)
        .cloned()
        .unwrap_or_else(|| ClassInfo {
            plover: "ASSAULT".into(),
            mode: None,
            acled_type: "Strategic developments".into(),
            acled_sub: "Other".into(),
            cameo: "180".into(),
            family: "other".into(),
            intent: None,
        });
    let (acled_type, acled_sub, plover_type, mode, cameo) = match sub_override {
        Some((t, s, p, m, c)) => (
            t.to_string(),
            s.to_string(),
            p.to_string(),
            m.map(str::to_string),
            c.to_string(),
        ),
        None => (
            info.acled_type.clone(),
            info.acled_sub.clone(),
            info.plover.clone(),
            info.mode.clone(),
            info.cameo.clone(),
        ),
    };
    let mode = mode.or_else(|| {
        d.classes
            .iter()
            .filter_map(|c| lx.classes.get(*c).and_then(|i| i.mode.clone()))
            .next()
    });
    d.target_armed = target_armed;
    d.actor_state = actor_state;
    d.code_class = code_class;
    d.info = info;
    d.acled_type = acled_type;
    d.acled_sub = acled_sub;
    d.plover_type = plover_type;
    d.mode = mode;
    d.cameo = cameo;
}

/// A failed attempt ("attempts to seize X were repelled", "tentative de prise
/// déjouée"): the intended act did not happen, the fighting with the
/// defenders did. Needs `Draft::code_class`.
pub(crate) fn failed_attempt(cx: &Ctx, d: &mut Draft) {
    let span_lo = d
        .ordered
        .iter()
        .map(|&k| cx.sent.hits[k].i)
        .min()
        .unwrap_or(0);
    d.failed_attempt = is_failed_attempt(cx.sent, span_lo, d.code_class);
    if d.failed_attempt {
        d.hypothetical = false;
        d.acled_type = "Battles".to_string();
        d.acled_sub = "Armed clash".to_string();
        d.plover_type = "ASSAULT".to_string();
        d.mode = Some("firearms".to_string());
        d.cameo = "190".to_string();
    }
}

/// An intention to cooperate ("will visit", "offered to mediate", "promised
/// to"): PLOVER AGREE with CAMEO's intent code (03x); the act itself has not
/// happened, so the event stays hypothetical (no ACLED event). Not when
/// someone else asks, threatens or refuses it ("urged X to support", "refused
/// to meet"). Needs the flags (after the date pass: a future date makes an
/// event hypothetical).
pub(crate) fn intent(cx: &Ctx, d: &mut Draft) {
    let (sent, lx) = (cx.sent, cx.lx);
    let h = &sent.hits[d.rep];
    if let Some(code) = d
        .info
        .intent
        .as_deref()
        .filter(|_| !d.failed_attempt && !d.attempt)
    {
        let asked = sent.hits.iter().any(|o| {
            o.i < h.i
                && h.i - o.i <= 6
                && lx.classes.get(&o.class).is_some_and(|c| {
                    matches!(
                        c.plover.as_str(),
                        "REQUEST" | "THREATEN" | "REJECT" | "ACCUSE"
                    )
                })
        });
        if (d.hypothetical || d.info.is_intention()) && !d.negated && !asked {
            d.hypothetical = true;
            d.plover_type = "AGREE".to_string();
            d.mode = None;
            d.cameo = code.to_string();
        }
    }
}

/// Decide the coding class of a group, with ACLED's precedence rules.
#[allow(clippy::too_many_arguments)]
fn code_group<'c>(
    sent: &Sent,
    g: &super::group::Group,
    classes: &[&'c str],
    target_armed: Option<bool>,
    actor_state: bool,
    killed: Option<u32>,
    arrests: bool,
    nonviolent: bool,
) -> (&'c str, Option<Override>) {
    let has = |c: &str| classes.contains(&c);
    match g.family.as_str() {
        "demonstration" => code_demonstration(sent, classes, actor_state, killed, arrests),
        "violence" | "property" => code_violence(
            sent,
            &g.family,
            classes,
            target_armed,
            actor_state,
            killed,
            nonviolent,
        ),
        "capture" => {
            if actor_state && target_armed != Some(true) {
                ("arrest", None)
            } else {
                ("abduct", None)
            }
        }
        "disrupted" => ("defuse", None),
        "agreement" => {
            for c in ["release", "surrender", "sign", "agree", "ceasefire"] {
                if has(c) {
                    return (c, None);
                }
            }
            (classes[0], None)
        }
        fam => (
            classes
                .iter()
                .copied()
                .find(|c| family_of(c) == fam)
                .unwrap_or(classes[0]),
            None,
        ),
    }
}

/// A demonstration: excessive force, mob violence, riot, protest with
/// intervention, or a peaceful protest or strike.
fn code_demonstration<'c>(
    sent: &Sent,
    classes: &[&'c str],
    actor_state: bool,
    killed: Option<u32>,
    arrests: bool,
) -> (&'c str, Option<Override>) {
    let has = |c: &str| classes.contains(&c);
    let any_cue = |c: Cue| (0..sent.toks.len()).any(|k| sent.has_cue_end(k, c));
    let w = &Lexicon::get().words;
    let lethal = actor_state
        && killed.is_some_and(|k| k > 0)
        && classes
            .iter()
            .any(|c| matches!(*c, "kill" | "attack" | "beat"));
    if any_cue(Cue::Excessive) || lethal {
        return (classes[0], Some(EXCESSIVE));
    }
    if has("mob") {
        return ("mob", None);
    }
    let violent_act = classes.iter().any(|c| {
        matches!(
            *c,
            "attack" | "destroy" | "loot" | "beat" | "clash" | "kill"
        )
    });
    if has("riot") || violent_act || any_cue(Cue::Violent) {
        let protest_words = classes
            .iter()
            .any(|c| matches!(*c, "protest" | "strike" | "riot"))
            || (0..sent.toks.len()).any(|k| {
                let t = sent.tok(k);
                w.protest_prefix.starts(t)
            });
        if !protest_words {
            return ("mob", None);
        }
        return ("riot", None);
    }
    if any_cue(Cue::Intervention) || arrests {
        return (
            classes[0],
            Some((
                "Protests",
                "Protest with intervention",
                "PROTEST",
                Some("demo"),
                "141",
            )),
        );
    }
    (if has("strike") { "strike" } else { "protest" }, None)
}

/// Violence or damage to property: the most specific weapon or act, then
/// armed clash, attack on civilians or plain attack by the target.
fn code_violence<'c>(
    sent: &Sent,
    family: &str,
    classes: &[&'c str],
    target_armed: Option<bool>,
    actor_state: bool,
    killed: Option<u32>,
    nonviolent: bool,
) -> (&'c str, Option<Override>) {
    let has = |c: &str| classes.contains(&c);
    let any_cue = |c: Cue| (0..sent.toks.len()).any(|k| sent.has_cue_end(k, c));
    let w = &Lexicon::get().words;
    let word = |ws: &[String]| {
        (0..sent.toks.len()).any(|k| ws.iter().any(|w| sent.tok(k).contains(w.as_str())))
    };
    if family == "property" && killed.is_some_and(|k| k > 0) {
        return ("attack", None);
    }
    if has("overrun") || has("recapture") || has("handover") {
        if nonviolent || has("handover") {
            return ("handover", None);
        }
        return (if actor_state { "recapture" } else { "overrun" }, None);
    }
    for c in ["chemical", "suicide"] {
        if has(c) {
            return (c, None);
        }
    }
    // gas-filled grenades or shells are chemical weapons
    if (has("grenade") || has("shelling") || has("explosion")) && word(w.chemical_word.as_slice()) {
        return ("chemical", None);
    }
    if has("clash") || has("ambush") {
        return (if has("ambush") { "ambush" } else { "clash" }, None);
    }
    // bombs dropped from the air
    if (has("explosion") || has("ied"))
        && !has("airstrike")
        && !has("drone")
        && word(w.air_word.as_slice())
    {
        return ("airstrike", None);
    }
    for c in [
        "airstrike",
        "drone",
        "shelling",
        "grenade",
        "ied",
        "explosion",
    ] {
        if has(c) {
            return (pick(classes, c), None);
        }
    }
    // state forces firing on protesters
    if actor_state && (any_cue(Cue::Excessive) || word(w.protester_word.as_slice())) {
        return (classes[0], Some(EXCESSIVE));
    }
    if family == "property" {
        return (if has("loot") { "loot" } else { "destroy" }, None);
    }
    for c in [
        "sexual",
        "massacre",
        "execute",
        "assassinate",
        "torture",
        "beat",
    ] {
        if has(c) {
            if target_armed == Some(true) && matches!(c, "execute" | "assassinate" | "beat") {
                break;
            }
            return (pick(classes, c), None);
        }
    }
    let armed = target_armed == Some(true) || (target_armed.is_none() && has("raid"));
    if armed {
        return (
            pick(classes, classes[0]),
            Some(("Battles", "Armed clash", "ASSAULT", Some("firearms"), "190")),
        );
    }
    let class = if has("attack") {
        "attack"
    } else {
        pick(classes, classes[0])
    };
    // a raid or ambush on people or places known to be unarmed is
    // violence against civilians, not a battle
    if target_armed == Some(false)
        && Lexicon::get()
            .classes
            .get(class)
            .is_some_and(|c| c.acled_type == "Battles")
    {
        return (
            class,
            Some((
                "Violence against civilians",
                "Attack",
                "ASSAULT",
                None,
                "180",
            )),
        );
    }
    (class, None)
}

fn pick<'c>(classes: &[&'c str], c: &str) -> &'c str {
    classes
        .iter()
        .find(|x| **x == c)
        .copied()
        .unwrap_or(classes[0])
}

/// An attempt cue (that is not itself a failure word) within four tokens
/// before the trigger group starting at token `lo`, and a failure cue in the
/// sentence, on a class that an assault can fail at (taking territory,
/// attacking, raiding, storming).
fn is_failed_attempt(sent: &Sent, lo: usize, class: &str) -> bool {
    if !matches!(
        class,
        "overrun" | "recapture" | "handover" | "attack" | "raid" | "clash" | "ambush"
    ) {
        return false;
    }
    let hi = lo.min(sent.toks.len().saturating_sub(1));
    let attempt = (lo.saturating_sub(4)..=hi).any(|k| {
        sent.has_cue_end(k, Cue::Attempt)
            && !sent.has_cue_end(k, Cue::Failed)
            && !sent.toks[k..hi]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "," | ";" | "." | "and" | "et"))
    });
    attempt && (0..sent.toks.len()).any(|k| sent.has_cue_end(k, Cue::Failed))
}

#[cfg(test)]
mod tests {
    use super::super::testing::with_ctx;
    use super::super::{roles, status};
    use super::*;

    /// The ACLED sub-event type of the first group.
    fn sub(text: &str) -> String {
        with_ctx(text, |cx| {
            let mut d = roles::pick(cx, 0);
            d.frame = status::frame(cx, &d);
            let mut state = super::super::ArticleState::default();
            assert!(roles::resolve(cx, &mut d, &mut state));
            super::super::counts::attach(cx, &mut d);
            class(cx, &mut d);
            failed_attempt(cx, &mut d);
            d.acled_sub
        })
    }

    #[test]
    fn gas_shells_are_chemical_weapons() {
        assert_eq!(
            sub("Government forces shelled the town with chlorine."),
            "Chemical weapon"
        );
    }

    #[test]
    fn a_raid_on_a_base_is_a_battle() {
        assert_eq!(sub("Militants raided an army base."), "Armed clash");
    }

    #[test]
    fn a_repelled_attempt_is_fighting() {
        assert_eq!(
            sub("An attempt by jihadists to attack the town was repelled by the army."),
            "Armed clash"
        );
    }

    #[test]
    fn pick_falls_back_to_the_first_class() {
        assert_eq!(pick(&["attack", "kill"], "kill"), "kill");
        assert_eq!(pick(&["attack", "kill"], "loot"), "attack");
    }
}
