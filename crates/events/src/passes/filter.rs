//! Pass 1, filter: which triggers of the sentence are events.
//!
//! Reads the sentence (triggers, cues), the roles of each trigger and the
//! `nonconflict` flag; produces `Ctx::keep` (one flag per trigger). Changes
//! nothing else.

use super::{family_of, status::negated, Ctx};
use crate::lexicon::{Cue, Pos};
use crate::sentence::Hit;

/// One flag per trigger of the sentence: is it an event of its own?
pub(crate) fn keep(cx: &Ctx) -> Vec<bool> {
    let sent = cx.sent;
    let mut keep: Vec<bool> = sent.hits.iter().map(|h| keep_one(cx, h)).collect();
    // aid is no codable event an accusation could be about ("accused X of supplying arms")
    let material = |h: &Hit| !matches!(family_of(&h.class).as_str(), "verbal" | "aid");
    // a negated act ("failed to agree") is no codable event either
    let any_material = sent
        .hits
        .iter()
        .zip(&keep)
        .any(|(h, k)| *k && material(h) && !negated(sent, h));
    for (k, h) in sent.hits.iter().enumerate() {
        if family_of(&h.class) == "verbal" {
            // an accusation or denial of a codable event is that event's status, not an event
            if any_material
                || sent.is_passive(h)
                || (h.class == "accuse" && cx.roles[k].actor.is_none())
            {
                keep[k] = false;
            }
            if h.class == "deny" && cx.lx.words.deny_object.contains(sent.tok(h.i + h.n)) {
                keep[k] = false;
            }
        }
        // the explosive a force defused or intercepted is no explosion
        if family_of(&h.class) == "violence"
            && matches!(
                h.class.as_str(),
                "explosion" | "ied" | "drone" | "shelling" | "airstrike" | "grenade" | "suicide"
            )
        {
            let defused = sent
                .hits
                .iter()
                .any(|d| d.class == "defuse" && d.i < h.i && h.i <= d.i + d.n + 5);
            if defused {
                keep[k] = false;
            }
        }
    }
    keep
}

/// The checks on one trigger alone (and the triggers around it).
fn keep_one(cx: &Ctx, h: &Hit) -> bool {
    let (sent, lx, n) = (cx.sent, cx.lx, cx.n);
    // sport, drills, politics as metaphor
    if cx.nonconflict && matches!(family_of(&h.class).as_str(), "violence" | "property") {
        return false;
    }
    // the topic of a protest or a statement ("to denounce the killing of", "demanding the release of")
    let lo = h.i.saturating_sub(4);
    if h.i > 0 && (lo..h.i).any(|k| sent.has_cue_end(k, Cue::Topic)) {
        return false;
    }
    // a diplomatic noun ("the deal", "sanctions", "the release") is an event only
    // with its own verb ("signed a deal", "imposed sanctions", "the ceasefire took effect")
    let fam = family_of(&h.class);
    if h.pos == Pos::Noun
        && matches!(
            fam.as_str(),
            "verbal" | "agreement" | "sanction" | "aid" | "retreat"
        )
        && sent.light_before(h.i).is_none()
        && !(h.i + h.n..(h.i + h.n + 4).min(n)).any(|k| sent.has_cue_end(k, Cue::Light))
        && !sent
            .hits
            .iter()
            .any(|o| o.pos == Pos::Verb && family_of(&o.class) == fam && o.i.abs_diff(h.i) <= 6)
    {
        return false;
    }
    // a cooperative trigger in a hostile phrase ("met with resistance",
    // "in support of", "support helicopters")
    if lx.classes.get(&h.class).is_some_and(|c| {
        c.family != "agreement"
            && matches!(
                c.plover.as_str(),
                "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" | "CONCEDE" | "AGREE"
            )
    }) && (h.i.saturating_sub(2)..(h.i + h.n + 4).min(n)).any(|k| {
        sent.has_cue_start(k, Cue::Uncoop)
            .is_some_and(|len| k >= h.i + h.n || k + len > h.i)
    }) {
        return false;
    }
    // an intention whose content is violence or a threat ("ready to attack") is no
    // offer to cooperate: the act is coded (hypothetical) on its own
    if lx.classes.get(&h.class).is_some_and(|c| c.is_intention())
        && sent.hits.iter().any(|o| {
            o.i >= h.i + h.n
                && o.i < h.i + h.n + 4
                && (matches!(family_of(&o.class).as_str(), "violence" | "property")
                    || o.class == "threaten")
        })
    {
        return false;
    }
    // an arrest someone only tried to make
    if h.class == "arrest"
        && (h.i.saturating_sub(3)..h.i).any(|k| sent.has_cue_end(k, Cue::Hypothetical))
    {
        return false;
    }
    if h.pos == Pos::Noun && h.i > 0 {
        let p2 = if h.i > 1 { sent.tok(h.i - 2) } else { "" };
        if sent.has_cue_end(h.i - 1, Cue::Anaphor) || lx.words.anaphoric_det.contains(p2) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::testing::with_ctx;

    fn kept(text: &str) -> Vec<(String, bool)> {
        with_ctx(text, |cx| {
            cx.sent
                .hits
                .iter()
                .zip(&cx.keep)
                .map(|(h, k)| (h.class.clone(), *k))
                .collect()
        })
    }

    #[test]
    fn an_accusation_of_an_attack_is_no_event_of_its_own() {
        let k = kept("The army accused the rebels of attacking a village.");
        assert!(k.iter().any(|(c, k)| c == "accuse" && !k), "{k:?}");
        assert!(k.iter().any(|(c, k)| c == "attack" && *k), "{k:?}");
    }

    #[test]
    fn denying_the_claims_is_no_event() {
        let k = kept("The ministry denied claims about the meeting.");
        assert!(k.iter().all(|(c, k)| c != "deny" || !k), "{k:?}");
    }

    #[test]
    fn a_defused_bomb_is_no_explosion() {
        let k = kept("Soldiers defused a bomb near the market.");
        assert!(
            k.iter()
                .all(|(c, k)| !matches!(c.as_str(), "explosion" | "ied") || !k),
            "{k:?}"
        );
    }

    #[test]
    fn an_anaphoric_noun_is_a_re_mention() {
        let k = kept("Those attacks left the town empty.");
        assert!(k.iter().all(|(_, k)| !k), "{k:?}");
    }
}
