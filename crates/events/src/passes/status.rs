//! Pass 6, status: who says the event happened, and whether it did.
//!
//! The sentence's speech frames (`Ctx::frames`: claims, denials, allegations,
//! reports, "according to", each with a scope of tokens and a speaker) are
//! found once when the context is built ([`frames`]). Per group, [`frame`]
//! takes the strongest frame over its triggers (before the roles pass, which
//! reads its speaker); [`flags`] sets negated, hypothetical, historical and
//! attempt; [`claims`] turns a report by the perpetrator (its own voice, a
//! state voice about state forces, a group voice) into a claim and fills the
//! claimant. Reads the frames, the draft's roles and coding, and the article
//! state; changes the draft's frame, flags, status, claimant, denier, and
//! (for "its fighters" claimed by their group) the actor.

use std::ops::Range;

use khaldun_model::EventStatus;

use super::{family_of, ArticleState, Ctx, Draft};
use crate::lexicon::{Cue, Lexicon, Pos};
use crate::sentence::{Hit, Sent};
use crate::tokens::Kind;

/// A speech frame.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub kind: Cue,
    pub scope: Range<usize>,
    pub speaker: Option<String>,
    pub speaker_np: Option<usize>,
}

/// The status a frame gives an event, with its claimant or denier.
pub(crate) struct FrameStatus {
    pub status: EventStatus,
    pub claimant: Option<String>,
    pub denied_by: Option<String>,
    pub speaker_np: Option<usize>,
}

impl FrameStatus {
    /// No frame: the text asserts the event.
    pub fn asserted() -> FrameStatus {
        FrameStatus {
            status: EventStatus::Asserted,
            claimant: None,
            denied_by: None,
            speaker_np: None,
        }
    }
}

/// The strongest frame over the group's triggers.
pub(crate) fn frame(cx: &Ctx, d: &Draft) -> FrameStatus {
    let sent = cx.sent;
    let h = &sent.hits[d.rep];
    let fr = d
        .ordered
        .iter()
        .map(|&k| status_of(&cx.frames, sent.hits[k].i))
        .max_by_key(|f| status_rank(f.status))
        .unwrap_or_else(|| status_of(&cx.frames, h.i));
    if family_of(&h.class) == "verbal"
        && matches!(
            fr.status,
            EventStatus::Alleged | EventStatus::Denied | EventStatus::Claimed
        )
    {
        // an accusation's own verb is no allegation of itself
        FrameStatus::asserted()
    } else {
        fr
    }
}

/// Negated, hypothetical, historical and attempted.
pub(crate) fn flags(cx: &Ctx, d: &mut Draft) {
    let sent = cx.sent;
    let h = &sent.hits[d.rep];
    let published = cx.doc.published_date();
    d.negated = negated(sent, h);
    d.hypothetical = hypothetical(sent, h);
    d.historical = historical(sent, h, published) || sentence_year_before(sent, published);
    let span_lo = d.ordered.iter().map(|&k| sent.hits[k].i).min().unwrap_or(0);
    d.attempt = (span_lo.saturating_sub(4)..span_lo).any(|k| sent.has_cue_end(k, Cue::Attempt));
}

/// Status, claimant and denier: the perpetrator's own report is a claim.
pub(crate) fn claims(cx: &Ctx, d: &mut Draft, state: &ArticleState) {
    let (sent, w) = (cx.sent, &cx.lx.words);
    let fr = &d.frame;
    let actor = d.actor;
    let (mut status, mut claimant, denied_by) =
        (fr.status, fr.claimant.clone(), fr.denied_by.clone());
    if status == EventStatus::Reported {
        let pronoun_actor = actor.is_some_and(|a| sent.nps[a].pronoun);
        let same = match (&claimant, &d.actor_a) {
            (Some(c), Some(a)) => {
                super::same_actor_name(c, &a.name)
                    || actor.is_some_and(|x| {
                        super::same_actor_name(c, sent.raw(sent.nps[x].s, sent.nps[x].e))
                    })
            }
            _ => false,
        };
        let own = actor.is_some_and(|a| {
            sent.nps[a].s > 0 && w.own_possessive.contains(sent.tok(sent.nps[a].s - 1))
        });
        let voice = claimant
            .as_deref()
            .map(|c| c.to_lowercase())
            .unwrap_or_default();
        // a state voice about its own forces: same country when both are known
        let voice_actor = claimant.as_deref().and_then(|c| cx.actors.resolve(c));
        let country_clash = match (
            voice_actor.as_ref().and_then(|v| v.country.as_deref()),
            d.actor_a.as_ref().and_then(|a| a.country.as_deref()),
        ) {
            (Some(a), Some(b)) => {
                a != b
                    && !d
                        .assoc
                        .iter()
                        .any(|&k| sent.nps[k].actor.country.as_deref() == Some(a))
            }
            _ => false,
        };
        let same_state = voice_actor.as_ref().is_some_and(|v| v.inter == Some(1))
            && voice_actor
                .as_ref()
                .and_then(|v| v.country.as_deref())
                .is_some()
            && !country_clash;
        let state_claim = d.actor_state
            && (w.state_voice.iter().any(|x| voice.contains(x)) || same_state)
            && !country_clash
            && !w.not_state_voice.iter().any(|x| voice.contains(x));
        let group_claim = d.actor_a.is_some()
            && !d.actor_state
            && w.group_voice
                .iter()
                .any(|x| voice.starts_with(x) || voice.contains(&format!("{x}'s")));
        if same || (pronoun_actor && fr.speaker_np.is_some()) || own || state_claim || group_claim {
            status = EventStatus::Claimed;
            if pronoun_actor || own {
                if let Some(sp) = fr.speaker_np {
                    d.actor_a = Some(sent.nps[sp].actor.clone());
                }
            }
        }
    }
    if claimant
        .as_deref()
        .is_some_and(super::roles::is_pronoun_name)
    {
        claimant = state.prev_actor.as_ref().map(|a| a.name.clone());
    }
    if status == EventStatus::Claimed && claimant.is_none() {
        claimant = d.actor_a.as_ref().map(|a| a.name.clone());
    }
    d.status = status;
    d.claimant = claimant;
    d.denied_by = denied_by;
}

/// How strong a status is when several frames or mentions give one.
pub(crate) fn status_rank(s: EventStatus) -> u8 {
    match s {
        EventStatus::Denied => 5,
        EventStatus::Claimed => 4,
        EventStatus::Alleged => 3,
        EventStatus::Reported => 2,
        EventStatus::Asserted => 1,
    }
}

/// The strongest status any frame of the sentence gives, with its speaker.
pub(crate) fn frames_status_any(frames: &[Frame]) -> Option<(EventStatus, Option<String>)> {
    frames
        .iter()
        .map(|f| match f.kind {
            Cue::Deny => (EventStatus::Denied, f.speaker.clone()),
            Cue::Claim => (EventStatus::Claimed, f.speaker.clone()),
            Cue::Allege => (EventStatus::Alleged, f.speaker.clone()),
            _ => (EventStatus::Reported, f.speaker.clone()),
        })
        .max_by_key(|(s, _)| status_rank(*s))
}

pub(crate) fn negated(sent: &Sent, h: &Hit) -> bool {
    let lo = h.i.saturating_sub(6);
    (lo..h.i).any(|k| {
        let idiom = matches!(
            (sent.tok(k), sent.tok(k + 1)),
            ("not", "only") | ("no", "longer")
        );
        sent.has_cue_end(k, Cue::Negation)
            && !idiom
            && !sent.toks[k..h.i]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "," | ";" | "but"))
    }) || (h.i + h.n..(h.i + h.n + 2).min(sent.toks.len()))
        .any(|k| sent.tok(k) == "pas" || sent.tok(k) == "jamais")
}

/// "In 2012, ..." / "En 2012, ...": a sentence set in an earlier year.
fn sentence_year_before(sent: &Sent, published: Option<&str>) -> bool {
    let year: Option<u32> = published
        .and_then(|p| p.get(..4))
        .and_then(|y| y.parse().ok());
    let Some(y) = year else { return false };
    Lexicon::get().words.year_lead.contains(sent.tok(0))
        && sent
            .toks
            .get(1)
            .is_some_and(|t| t.lower.parse::<u32>().is_ok_and(|v| (1900..y).contains(&v)))
}

pub(crate) fn hypothetical(sent: &Sent, h: &Hit) -> bool {
    let lo = h.i.saturating_sub(5);
    let before = (lo..h.i).any(|k| {
        sent.has_cue_end(k, Cue::Hypothetical)
            && !sent.toks[k..h.i]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "," | ";" | "." | "which" | "who" | "that"))
            && !(sent.tok(k) == "may" && sent.toks[k].cap)
    });
    let after =
        (h.i + h.n..(h.i + h.n + 5).min(sent.toks.len())).any(|k| matches!(sent.tok(k), "future"));
    before || after
}

fn historical(sent: &Sent, h: &Hit, published: Option<&str>) -> bool {
    let year: Option<u32> = published
        .and_then(|p| p.get(..4))
        .and_then(|y| y.parse().ok());
    // a year before the publication year in the trigger's clause
    let (mut a, mut b) = (h.i, h.i);
    while a > 0 && !matches!(sent.tok(a - 1), "," | ";") {
        a -= 1;
    }
    while b < sent.toks.len() && !matches!(sent.tok(b), "," | ";" | ".") {
        b += 1;
    }
    if let Some(y) = year {
        for k in a..b {
            let t = &sent.toks[k];
            let address = (k + 1..k + 3).any(|j| {
                Lexicon::get()
                    .words
                    .address_word
                    .contains(sent.tok(j).trim_end_matches(','))
            });
            if t.kind == Kind::Num && !sent.in_paren[k] && !address {
                if let Ok(v) = t.lower.parse::<u32>() {
                    if (1900..y).contains(&v) {
                        return true;
                    }
                }
            }
        }
    }
    if (a..b).any(|k| sent.has_cue_end(k, Cue::Historical)) {
        return true;
    }
    // present perfect in a relative clause: "France, which ... has withdrawn"
    if h.pos == Pos::Verb && h.i > 0 && matches!(sent.tok(h.i - 1), "has" | "have") {
        let rel = (h.i.saturating_sub(12)..h.i).any(|k| matches!(sent.tok(k), "which" | "who"));
        if rel {
            return true;
        }
    }
    false
}

/// The speaker of a verb of saying as written: the words between the
/// previous clause boundary and the verb ("..., the regional governor said"),
/// or after it when inverted (", said a local official").
fn speaker_text(sent: &Sent, i: usize, len: usize, after: bool) -> Option<(String, Option<usize>)> {
    let w = &Lexicon::get().words;
    let n = sent.toks.len();
    let (a, b) = if after {
        let a = i + len;
        let mut b = a;
        while b < n && b < a + 9 && !w.speaker_stop_after.contains(sent.tok(b)) {
            b += 1;
        }
        (a, b)
    } else {
        let b = i;
        let mut a = i;
        while a > 0 && a + 9 > b && !w.speaker_stop.contains(sent.tok(a - 1)) {
            a -= 1;
        }
        let mut a2 = a;
        for k in a..b {
            if w.speaker_lead.contains(sent.tok(k)) {
                a2 = k + 1;
            }
        }
        (a2, b)
    };
    // trailing adverbs and times ("said on Tuesday" is handled by stopping at the verb)
    let mut b = b;
    while b > a && w.speaker_trail.contains(sent.tok(b - 1)) {
        b -= 1;
    }
    if a >= b || b - a > 8 || (a..b).any(|k| sent.hits.iter().any(|h| h.i == k)) {
        return None;
    }
    let np = sent.nps.iter().position(|np| np.s >= a && np.e <= b);
    let t = sent
        .raw(a, b)
        .trim_matches(|c: char| "“”\"'’‘".contains(c))
        .to_string();
    (!t.is_empty()).then_some((t, np))
}

/// The speech frames of the sentence.
pub(crate) fn frames(sent: &Sent, objects: &[bool]) -> Vec<Frame> {
    let w = &Lexicon::get().words;
    let n = sent.toks.len();
    let mut out = Vec::new();
    for i in 0..n {
        let Some((len, kinds)) = sent.cue_start[i].as_ref() else {
            continue;
        };
        let len = *len;
        if sent.in_paren[i] {
            continue;
        }
        let prev = if i > 0 { sent.tok(i - 1) } else { "" };
        let noun_use = w.noun_determiner.contains(prev);
        let passive = i > 0 && sent.has_cue_end(i - 1, Cue::Passive);
        let after_by = matches!(sent.tok(i + len), "by" | "par");
        let after_quote = w.quote_or_comma.contains(prev);
        let left = || {
            speaker_text(sent, i, len, false).or_else(|| {
                sent.subject_left(i, objects)
                    .map(|k| (sent.nps[k].actor.name.clone(), Some(k)))
            })
        };
        let by = || {
            sent.agent_by(i + len)
                .map(|k| (sent.nps[k].actor.name.clone(), Some(k)))
        };
        let forward_event = sent
            .hits
            .iter()
            .any(|h| h.i >= i + len && family_of(&h.class) != "verbal");
        let push = |out: &mut Vec<Frame>,
                    kind: Cue,
                    scope: Range<usize>,
                    sp: Option<(String, Option<usize>)>| {
            let (speaker, speaker_np) = match sp {
                Some((s, k)) => (Some(s), k),
                None => (None, None),
            };
            out.push(Frame {
                kind,
                scope,
                speaker,
                speaker_np,
            });
        };
        for &kind in kinds {
            match kind {
                Cue::Deny if w.complementizer.contains(sent.tok(i + len)) && !forward_event => {}
                Cue::Claim | Cue::Deny
                    if !noun_use
                        && (kind != Cue::Claim
                            || sent.tok(i) == "claimed"
                            || sent.tok(i).starts_with("revendiqu")
                            || i > 0
                                && (sent.nps.iter().any(|np| np.e == i)
                                    || w.claim_subject.contains(prev))) =>
                {
                    if passive || after_by {
                        push(&mut out, kind, 0..i, by());
                    } else if forward_event {
                        push(&mut out, kind, i + len..n, left());
                    } else {
                        // "a claim the Kremlin dismissed", "which Ukraine denied carrying out"
                        push(&mut out, kind, 0..i, left());
                    }
                }
                Cue::Allege => {
                    let l = sent.tok(i);
                    if w.allege_modifier.contains(l) && !passive && sent.tok(i + len) != "of" {
                        push(&mut out, kind, i + len..(i + len + 4).min(n), None);
                    } else if passive {
                        push(&mut out, kind, i + len..n, by());
                    } else if !noun_use && forward_event {
                        push(&mut out, kind, i + len..n, left());
                    } else if !noun_use && (after_quote || prev == "qui" || w.blame.contains(l)) {
                        // "... the charity said, blaming the RSF", "..., ont dénoncé des élus locaux":
                        // an accusation after the event it is about
                        let after = speaker_text(sent, i, len, true).filter(|_| after_quote);
                        push(&mut out, kind, 0..i, after.or_else(left));
                    }
                }
                Cue::Report => {
                    let inverted =
                        after_quote && i + len < n && !w.report_object.contains(sent.tok(i + len));
                    let sp = if inverted {
                        speaker_text(sent, i, len, true).or_else(left)
                    } else {
                        left()
                    };
                    if !noun_use && !passive {
                        let late = inverted || after_quote || !forward_event;
                        push(&mut out, kind, if late { 0..i } else { i + len..n }, sp);
                    }
                }
                Cue::According => {
                    let scope = if i < 2 { i + len..n } else { 0..i };
                    push(&mut out, kind, scope, speaker_text(sent, i, len, true));
                }
                Cue::Reportedly => push(&mut out, kind, 0..n, None),
                _ => {}
            }
        }
    }
    out
}

/// The status the frames give an event whose trigger is token `i`.
fn status_of(frames: &[Frame], i: usize) -> FrameStatus {
    let within: Vec<&Frame> = frames.iter().filter(|f| f.scope.contains(&i)).collect();
    let by = |k: Cue| {
        within
            .iter()
            .filter(|f| f.kind == k)
            .min_by_key(|f| f.scope.len())
            .copied()
    };
    let report = by(Cue::According).or_else(|| by(Cue::Report));
    if let Some(f) = by(Cue::Deny) {
        let accuser = by(Cue::Allege).or(report).and_then(|f| f.speaker.clone());
        return FrameStatus {
            status: EventStatus::Denied,
            claimant: accuser,
            denied_by: f.speaker.clone(),
            speaker_np: f.speaker_np,
        };
    }
    if let Some(f) = by(Cue::Claim) {
        return FrameStatus {
            status: EventStatus::Claimed,
            claimant: f.speaker.clone(),
            denied_by: None,
            speaker_np: f.speaker_np,
        };
    }
    if let Some(f) = by(Cue::Allege) {
        return FrameStatus {
            status: EventStatus::Alleged,
            claimant: f
                .speaker
                .clone()
                .or_else(|| report.and_then(|r| r.speaker.clone())),
            denied_by: None,
            speaker_np: f.speaker_np,
        };
    }
    if let Some(f) = report {
        return FrameStatus {
            status: EventStatus::Reported,
            claimant: f.speaker.clone(),
            denied_by: None,
            speaker_np: f.speaker_np,
        };
    }
    if by(Cue::Reportedly).is_some() {
        return FrameStatus {
            status: EventStatus::Reported,
            claimant: None,
            denied_by: None,
            speaker_np: None,
        };
    }
    FrameStatus::asserted()
}

#[cfg(test)]
mod tests {
    use super::super::testing::with_ctx;
    use super::*;

    fn status_and_speaker(text: &str) -> (EventStatus, Option<String>) {
        with_ctx(text, |cx| {
            let d = super::super::roles::pick(cx, 0);
            let f = frame(cx, &d);
            (f.status, f.claimant.or(f.denied_by))
        })
    }

    #[test]
    fn a_claim_frame_names_its_speaker() {
        let (s, sp) = status_and_speaker("JNIM claimed that its fighters attacked the army post.");
        assert_eq!(s, EventStatus::Claimed);
        assert_eq!(sp.as_deref(), Some("JNIM"));
    }

    #[test]
    fn an_inverted_report_speaker_follows_the_verb() {
        let (s, sp) = status_and_speaker("Gunmen killed six villagers, said a local official.");
        assert_eq!(s, EventStatus::Reported);
        assert_eq!(sp.as_deref(), Some("a local official"));
    }

    #[test]
    fn status_ranks_order_denial_first() {
        assert!(status_rank(EventStatus::Denied) > status_rank(EventStatus::Claimed));
        assert!(status_rank(EventStatus::Reported) > status_rank(EventStatus::Asserted));
        assert_eq!(frames_status_any(&[]), None);
    }

    #[test]
    fn negation_and_hypothesis_flags() {
        with_ctx("The rebels did not attack the town.", |cx| {
            assert!(negated(cx.sent, &cx.sent.hits[0]));
        });
        with_ctx("The rebels could attack the town.", |cx| {
            assert!(hypothetical(cx.sent, &cx.sent.hits[0]));
        });
    }
}
