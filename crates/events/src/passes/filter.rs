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
    let quoted = long_quotes(cx);
    let names = name_spans(cx);
    let mut keep: Vec<bool> = sent
        .hits
        .iter()
        .map(|h| {
            // comment inside a long quotation is no event; a witness's past tense is
            let comment = quoted[h.i] && !narrated_past(cx, h);
            let figure =
                cx.counts.is_empty() && cx.lx.words.needs_figure.contains(sent.tok(h.i + h.n - 1));
            !comment && !figure && !in_a_name(cx, &names, h) && !habitual(cx, h) && keep_one(cx, h)
        })
        .collect();
    if accident_only(cx) {
        for (k, h) in keep.iter_mut().zip(&sent.hits) {
            *k &= !cx.lx.words.harm_only.contains(h.class.as_str());
        }
    }
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
    if h.i > 0 && (lo..h.i).any(|k| sent.has_cue_end(k, Cue::Topic)) || charged_with(cx, h) {
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
    !(other_sense(cx, h) || purpose(cx, h))
}

/// A crime a court case names ("charged with robbing trucks, raping,
/// kidnapping and attacking motorists"): a verb of charge or sentence at
/// most 12 words before the trigger, with no clause word between.
fn charged_with(cx: &Ctx, h: &Hit) -> bool {
    let (sent, w) = (cx.sent, &cx.lx.words);
    (h.i.saturating_sub(12)..h.i)
        .rev()
        .take_while(|&k| !w.clause_word.contains(sent.tok(k)))
        .any(|k| w.charge_verb.contains(sent.tok(k)))
}

/// An adverb of habit or frequency in the trigger's clause, before it ("the
/// nightly raids begin", "are often targeted", "sont régulièrement
/// attaqués"): what tends to happen, not an occurrence.
fn habitual(cx: &Ctx, h: &Hit) -> bool {
    let sent = cx.sent;
    (h.i.saturating_sub(6)..h.i)
        .rev()
        .take_while(|&k| !matches!(sent.tok(k), "," | ";" | ":" | "." | "but" | "mais"))
        .any(|k| cx.lx.words.habitual.contains(sent.tok(k)))
}

/// The sentence tells an accident or a disaster ("the boat capsized", "the
/// aircraft crashed") and no act of violence: its deaths and disappearances
/// are no events. An act ("a shooting and a crash") keeps them.
fn accident_only(cx: &Ctx) -> bool {
    let sent = cx.sent;
    let w = &cx.lx.words;
    (0..cx.n).any(|k| w.accident.contains(sent.tok(k)))
        && sent.hits.iter().all(|h| {
            !matches!(family_of(&h.class).as_str(), "violence")
                || w.harm_only.contains(h.class.as_str())
        })
}

/// A verb trigger in a past form ("killed", "shot", "ont tiré"): what a
/// witness tells happened, where a noun or a present is comment.
fn narrated_past(cx: &Ctx, h: &Hit) -> bool {
    let first = cx.sent.tok(h.i);
    let phrase = cx.sent.raw(h.i, h.i + h.n).to_lowercase();
    h.pos == Pos::Verb
        && (first.ends_with("ed")
            || cx.lx.words.past_form.contains(first)
            || cx.lx.words.past_form.contains(&phrase)
            || ["é", "ée", "és", "ées"].iter().any(|s| first.ends_with(s)))
}

/// The byte spans of the sentence's actor mentions written as names
/// (capitalised), sorted (mention offsets count characters).
fn name_spans(cx: &Ctx) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = cx
        .sent
        .actor_mentions
        .iter()
        // (a mention opening with a common noun, "rebelles du Front de
        // libération de l'Azawad", holds a name from its first capital)
        .filter_map(|m| {
            let cap = m.text.chars().position(char::is_uppercase)?;
            Some((
                cx.idx.char_to_byte(m.start + cap),
                cx.idx.char_to_byte(m.end),
            ))
        })
        .collect();
    v.sort_unstable();
    v
}

/// The trigger is a word inside an actor's name, not its last ("Front de
/// libération de l'Azawad", "Baloch Liberation Army"; "US airstrike" and
/// "suicide bombers" are mentions that end on their trigger).
fn in_a_name(cx: &Ctx, names: &[(usize, usize)], h: &Hit) -> bool {
    let (Some(a), Some(b)) = (cx.sent.toks.get(h.i), cx.sent.toks.get(h.i + h.n - 1)) else {
        return false;
    };
    // the name starting last at or before the trigger; names rarely nest,
    // so the few before it are checked too
    let at = names.partition_point(|&(s, _)| s <= a.start);
    names[at.saturating_sub(4)..at]
        .iter()
        .any(|&(s, e)| s <= a.start && b.end < e)
}

/// Quotations of at least this many tokens are someone's words.
const LONG_QUOTE: usize = 6;

/// For each token of the sentence, whether it lies inside a quotation of
/// [`LONG_QUOTE`] tokens or more (a quotation left open runs to the end of
/// the sentence). One pass over the sentence.
fn long_quotes(cx: &Ctx) -> Vec<bool> {
    let (sent, w) = (cx.sent, &cx.lx.words);
    let mut inside = vec![false; cx.n + 1];
    let mut open: Option<usize> = None;
    let mut mark = |o: usize, k: usize| {
        if k - o > LONG_QUOTE {
            inside[o + 1..k].iter_mut().for_each(|x| *x = true);
        }
    };
    for k in 0..cx.n {
        let t = sent.tok(k);
        let closes = w.quote_close.contains(t) || (w.quote_both.contains(t) && open.is_some());
        if let (true, Some(o)) = (closes, open) {
            mark(o, k);
            open = None;
        } else if w.quote_open.contains(t) || w.quote_both.contains(t) {
            open = Some(k);
        }
    }
    if let Some(o) = open {
        mark(o, cx.n);
    }
    inside
}

/// The trigger is used in another sense than conflict (`data/events/senses.tsv`):
/// "seized on by", "battled the blaze", "demonstrate the value".
fn other_sense(cx: &Ctx, h: &Hit) -> bool {
    let (sent, w) = (cx.sent, &cx.lx.words);
    let Some(next) = senses().get(sent.tok(h.i + h.n - 1)) else {
        return false;
    };
    let after = h.i + h.n;
    let first = sent.tok(after);
    next.contains(first) || (w.sense_det.contains(first) && next.contains(sent.tok(after + 1)))
}

/// An infinitive of purpose or plan ("hired a hitman to kill", "held a
/// sit-in to protest"): violence meant is no violence done; another act
/// meant is the purpose of an act of its kind told in the sentence.
fn purpose(cx: &Ctx, h: &Hit) -> bool {
    let (sent, w) = (cx.sent, &cx.lx.words);
    if h.pos != Pos::Verb || h.i == 0 || !w.to_infinitive.contains(sent.tok(h.i - 1)) {
        return false;
    }
    // an intention the status pass flags ("ready to attack", "plans to")
    if sent.has_cue_end(h.i - 1, Cue::Hypothetical) {
        return false;
    }
    let lo = h.i.saturating_sub(6);
    if (lo..h.i - 1).any(|k| w.to_occurrence.contains(sent.tok(k))) {
        return false;
    }
    let fam = family_of(&h.class);
    fam == "violence"
        || sent
            .hits
            .iter()
            .any(|o| o.i != h.i && family_of(&o.class) == fam)
}

/// Each row of `data/events/senses.tsv`: its trigger forms and the words after them.
struct Senses {
    row_of: std::collections::HashMap<String, usize>,
    next: Vec<crate::words::WordSet>,
}

impl Senses {
    fn get(&self, form: &str) -> Option<&crate::words::WordSet> {
        self.row_of.get(form).map(|&r| &self.next[r])
    }
}

fn senses() -> &'static Senses {
    static S: std::sync::OnceLock<Senses> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let mut s = Senses {
            row_of: std::collections::HashMap::new(),
            next: Vec::new(),
        };
        let rows = include_str!("../../../../data/events/senses.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'));
        for (forms, next) in rows {
            let mut set = crate::words::WordSet::default();
            for n in next.split('|').map(str::trim).filter(|n| !n.is_empty()) {
                set.push(n.to_string());
            }
            for f in forms.split('|') {
                s.row_of.insert(f.trim().to_string(), s.next.len());
            }
            s.next.push(set);
        }
        s
    })
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

    #[test]
    fn a_long_quotation_is_comment_unless_it_narrates_the_past() {
        let k = kept("\"There is no rejoicing where the dangers of killings by bandits are still lurking,\" he said.");
        assert!(k.iter().all(|(_, k)| !k), "{k:?}");
        let k = kept(
            "\"They shot and killed people on the train and left at night,\" said a passenger.",
        );
        assert!(k.iter().any(|(_, k)| *k), "{k:?}");
        let k = kept("The army said it had \"neutralised\" 20 terrorists near Boni.");
        assert!(k.iter().any(|(_, k)| *k), "{k:?}");
    }

    #[test]
    fn a_trigger_in_another_sense_is_no_event() {
        for text in [
            "His remarks are likely to be seized on by nationalist populists.",
            "Firefighters battled the blaze for three days.",
            "Leaders want to demonstrate the added value of the union.",
        ] {
            let k = kept(text);
            assert!(k.iter().all(|(_, k)| !k), "{text}: {k:?}");
        }
        let k = kept("Rebels seized the town of Kidal on Monday.");
        assert!(k.iter().any(|(_, k)| *k), "{k:?}");
    }

    #[test]
    fn violence_meant_is_no_violence_done() {
        let k = kept("Prosecutors say the men hired a hitman to kill the journalist.");
        assert!(k.iter().all(|(c, k)| c != "kill" || !k), "{k:?}");
        let k = kept("Gunmen went on to kill three villagers in Dablo.");
        assert!(k.iter().any(|(c, k)| c == "kill" && *k), "{k:?}");
    }

    #[test]
    fn a_word_inside_a_group_name_is_no_trigger() {
        let k = kept("The Baloch Liberation Army attacked a train near Sibi.");
        assert!(k.iter().any(|(c, k)| c == "attack" && *k), "{k:?}");
        assert!(k.iter().all(|(c, k)| c == "attack" || !k), "{k:?}");
    }
}
