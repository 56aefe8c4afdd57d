//! The events stage as a sequence of named passes over one sentence.
//!
//! [`sentence_events`] prepares a [`Ctx`] (the sentence's triggers, casualty
//! counts, per-trigger roles and speech frames), then runs, in order:
//!
//! 1. [`filter`]: which triggers are events (`Ctx::keep`);
//! 2. [`group`]: kept triggers into groups, one event each, and the absorb
//!    rules (territory, purpose, riots, battle) (`Ctx::groups`);
//!
//! then, for each group, on a [`Draft`] of its event:
//!
//! 3. [`roles`]: actor, target and associates; pronouns, contextual state
//!    actors; drops diplomacy without political sides;
//! 4. [`counts`]: killed, injured, abducted and arrested;
//! 5. [`code`]: the coding class (PLOVER, ACLED, CAMEO), failed attempts and
//!    intentions;
//! 6. [`status`]: speaker frames, negated / hypothetical / historical flags,
//!    claims;
//! 7. [`when_where`]: trigger span, place and date;
//! 8. [`sources`]: citations, attributions and provenance;
//!
//! and last, across events and sentences:
//!
//! 9. [`follow`]: definite re-mentions (as each group's event is built),
//!    then, after the last group, claims and denials of the previous
//!    sentence's event, casualty-only follow-ups, the article's last actor.
//!
//! See `ARCHITECTURE.md` (the `events` entry) for what each pass reads and may change.

use khaldun_actors::ActorBase;
use khaldun_model::{
    Actor, AnnotatedArticle, EventDate, EventLocation, EventStatus, SourceRef, Span, TextIndex,
};

use crate::lexicon::{ClassInfo, Cue, Lexicon, Pos};
use crate::sentence::Sent;

pub(crate) mod code;
pub(crate) mod counts;
pub(crate) mod filter;
pub(crate) mod follow;
pub(crate) mod group;
pub(crate) mod roles;
pub(crate) mod sources;
pub(crate) mod status;
pub(crate) mod subtype;
pub(crate) mod when_where;

pub use roles::same_actor_name;
pub(crate) use status::{hypothetical, negated};

use counts::Count;
use group::Group;
use status::{Frame, FrameStatus};

/// The family of an event class (`data/ontology/event_classes.tsv`), "other" when unknown.
pub(crate) fn family_of(class: &str) -> String {
    Lexicon::get()
        .classes
        .get(class)
        .map(|c| c.family.clone())
        .unwrap_or_else(|| "other".into())
}

/// Per-article state carried across sentences.
#[derive(Default)]
pub struct ArticleState {
    pub prev_actor: Option<Actor>,
    /// The document's focus country (`khaldun_actors::focus_country`), once computed.
    pub focus: Option<Option<String>>,
    /// A trigger of violence, abduction, arrest or demonstration occurs in
    /// the article's lead (its first [`LEAD_SENTENCES`]), kept as an event or
    /// not ("Saturday's fatal shooting", "sentenced in April shooting").
    pub lead_incident: bool,
    /// Sentences of prose seen so far (at most [`LEAD_SENTENCES`]).
    pub prose_sentences: usize,
}

/// Tokens a sentence of prose has at least.
const PROSE_TOKENS: usize = 8;

/// How many sentences of prose open an article (its lead).
pub const LEAD_SENTENCES: usize = 4;

/// Families of triggers that tell an incident.
const INCIDENT_FAMILIES: &[&str] = &[
    "violence",
    "abduction",
    "arrest",
    "demonstration",
    "property",
];

/// One sentence's intermediate state, filled by the sentence-level passes and
/// read by the per-group ones.
pub(crate) struct Ctx<'a> {
    pub doc: &'a AnnotatedArticle,
    pub idx: &'a TextIndex,
    pub sent: &'a Sent<'a>,
    pub sent_index: usize,
    pub actors: &'a ActorBase,
    pub lx: &'static Lexicon,
    /// Number of tokens.
    pub n: usize,
    /// Code point range of the sentence.
    pub sent_cp: std::ops::Range<usize>,
    /// Casualty counts of the sentence.
    pub counts: Vec<Count>,
    /// An explicit zero-casualty cue ("no one was hurt").
    pub zero: bool,
    /// Roles of each trigger (`sent.hits`).
    pub roles: Vec<crate::roles::Roles>,
    /// Sport, drills, metaphor: violence words that are no violence.
    pub nonconflict: bool,
    /// Speech frames (claims, denials, allegations, reports).
    pub frames: Vec<Frame>,
    /// Which triggers are events ([`filter`]).
    pub keep: Vec<bool>,
    /// Trigger groups, one event each ([`group`]).
    pub groups: Vec<Group>,
}

impl<'a> Ctx<'a> {
    /// The prepared context, or None when the sentence has nothing an event
    /// could come from (no phrase, trigger, zero or denial cue, casualty word).
    pub fn new(
        doc: &'a AnnotatedArticle,
        idx: &'a TextIndex,
        sent: &'a Sent<'a>,
        sent_index: usize,
        actors: &'a ActorBase,
    ) -> Option<Ctx<'a>> {
        let lx = Lexicon::get();
        let n = sent.toks.len();
        if sent.nps.is_empty()
            && sent.hits.is_empty()
            && !(0..n).any(|k| sent.has_cue_end(k, Cue::Zero) || sent.has_cue_end(k, Cue::Denial))
            && !(0..n).any(|k| lx.casualties.longest(&sent.toks, k).is_some())
        {
            return None;
        }
        let counts = sent.counts();
        let zero = (0..n).any(|k| sent.has_cue_end(k, Cue::Zero));
        // objects of verbal triggers cannot be subjects of later ones
        let mut objects = vec![false; sent.nps.len()];
        for h in &sent.hits {
            if h.pos == Pos::Verb && !sent.is_passive(h) {
                if let Some(o) = sent.object_right(h.i + h.n) {
                    objects[o] = true;
                }
            }
        }
        let roles: Vec<_> = sent.hits.iter().map(|h| sent.roles(h, &objects)).collect();
        let nonconflict = (0..n).any(|k| sent.has_cue_end(k, Cue::Nonconflict));
        let frames = status::frames(sent, &objects);
        Some(Ctx {
            doc,
            idx,
            sent,
            sent_index,
            actors,
            lx,
            n,
            sent_cp: idx.byte_to_char(sent.start)..idx.byte_to_char(sent.end),
            counts,
            zero,
            roles,
            nonconflict,
            frames,
            keep: Vec::new(),
            groups: Vec::new(),
        })
    }

    /// Phrase `k` is one of `inters` (ACLED inter codes) or its actor name or
    /// text contains one of `words`.
    pub fn np_is<W: AsRef<str>>(&self, k: usize, words: &[W], inters: &[u8]) -> bool {
        let np = &self.sent.nps[k];
        let name = format!(
            "{} {}",
            np.actor.name.to_lowercase(),
            self.sent.raw(np.s, np.e).to_lowercase()
        );
        np.actor.inter.is_some_and(|i| inters.contains(&i))
            || words.iter().any(|w| name.contains(w.as_ref()))
    }

    /// The first actor of a group's triggers.
    pub fn group_actor(&self, g: &Group) -> Option<usize> {
        g.hits.iter().find_map(|&k| self.roles[k].actor)
    }

    /// The first target of a group's triggers.
    pub fn group_target(&self, g: &Group) -> Option<usize> {
        g.hits.iter().find_map(|&k| self.roles[k].target)
    }
}

/// One group's event as the per-group passes build it.
pub(crate) struct Draft<'a> {
    /// The group (index into `Ctx::groups`).
    pub gi: usize,
    /// The representative trigger (index into `sent.hits`).
    pub rep: usize,
    /// The group's triggers in text order.
    pub ordered: Vec<usize>,
    /// Their classes, in the same order.
    pub classes: Vec<&'a str>,
    // roles: noun phrase indices ...
    pub actor: Option<usize>,
    pub assoc: Vec<usize>,
    pub target: Option<usize>,
    pub assoc_targets: Vec<usize>,
    // ... and the actors they name
    pub actor_a: Option<Actor>,
    pub target_a: Option<Actor>,
    /// The speaker frame over the group.
    pub frame: FrameStatus,
    // counts
    pub killed: Option<u32>,
    pub injured: Option<u32>,
    pub abducted: Option<u32>,
    pub arrested: Option<u32>,
    // coding
    pub target_armed: Option<bool>,
    pub actor_state: bool,
    pub code_class: &'a str,
    pub info: ClassInfo,
    pub acled_type: String,
    pub acled_sub: String,
    pub plover_type: String,
    pub mode: Option<String>,
    pub cameo: String,
    // flags and status
    pub negated: bool,
    pub hypothetical: bool,
    pub historical: bool,
    pub attempt: bool,
    pub failed_attempt: bool,
    pub status: EventStatus,
    pub claimant: Option<String>,
    pub denied_by: Option<String>,
    // where and when
    pub trigger: Span,
    pub location: Option<EventLocation>,
    pub date: Option<EventDate>,
    // sources
    pub sources: Vec<SourceRef>,
}

/// Extract the events of one sentence.
/// The sentence names an incident: a trigger of one, a casualty phrase
/// ("were injured") or an incident word ("died", "gunshot wounds", "a
/// shootout"), whether or not it becomes an event.
fn tells_an_incident(sent: &Sent) -> bool {
    let lx = Lexicon::get();
    sent.hits
        .iter()
        .any(|h| INCIDENT_FAMILIES.contains(&family_of(&h.class).as_str()))
        || (0..sent.toks.len()).any(|k| {
            lx.words.incident_word.contains(sent.tok(k))
                || lx.casualties.longest(&sent.toks, k).is_some()
        })
}

pub fn sentence_events(
    doc: &AnnotatedArticle,
    idx: &TextIndex,
    sent: &Sent,
    sent_index: usize,
    actors: &ActorBase,
    state: &mut ArticleState,
    prev_events: &mut [khaldun_model::Event],
) -> Vec<khaldun_model::Event> {
    // the lead counts sentences of prose: a page's headings, bylines and
    // menus come before it
    if state.prose_sentences < LEAD_SENTENCES && sent.toks.len() >= PROSE_TOKENS {
        state.prose_sentences += 1;
        state.lead_incident |= tells_an_incident(sent);
    }
    let Some(mut cx) = Ctx::new(doc, idx, sent, sent_index, actors) else {
        return Vec::new();
    };
    cx.keep = filter::keep(&cx);
    cx.groups = group::groups(&cx);
    let mut events = Vec::new();
    for gi in 0..cx.groups.len() {
        let mut d = roles::pick(&cx, gi);
        d.frame = status::frame(&cx, &d);
        if !roles::resolve(&cx, &mut d, state) {
            continue;
        }
        counts::attach(&cx, &mut d);
        code::class(&cx, &mut d);
        status::flags(&cx, &mut d);
        code::failed_attempt(&cx, &mut d);
        status::claims(&cx, &mut d, state);
        when_where::place(&cx, &mut d);
        when_where::date(&cx, &mut d);
        code::intent(&cx, &mut d);
        sources::attach(&cx, &mut d);
        let definite = follow::definite(&cx, &d);
        let ev = build(&cx, &mut d);
        follow::remention(&cx, &mut events, prev_events, ev, definite);
    }
    follow::previous_sentence(&cx, &mut events, prev_events);
    follow::casualty_only(&cx, &mut events, prev_events);
    follow::denial_nouns(&cx, prev_events);
    follow::last_actor(&cx, &events, state);
    events
}

/// The event of a finished draft, with its confidence (the draft's fields
/// are taken, not copied).
fn build(cx: &Ctx, d: &mut Draft) -> khaldun_model::Event {
    use std::mem::take;
    let sent = cx.sent;
    let h = &sent.hits[d.rep];
    let text = cx.doc.article.text.as_str();
    let evidence = Span {
        start: cx.sent_cp.start,
        end: cx.sent_cp.end,
        text: text[sent.start..sent.end].to_string(),
    };
    let mut conf: f32 = if h.pos == Pos::Verb { 0.6 } else { 0.5 };
    if d.actor_a.is_some() {
        conf += 0.15;
    }
    if d.target_a.is_some() || d.killed.is_some() {
        conf += 0.1;
    }
    if d.location.is_some() {
        conf += 0.05;
    }
    if d.negated || d.hypothetical {
        conf *= 0.4;
    }
    if d.attempt {
        conf *= 0.9;
    }
    let goldstein = cx.lx.goldstein_of(&d.cameo);
    let tcs = d.trigger.start;
    let (actor, target) = (d.actor, d.target);
    khaldun_model::Event {
        id: khaldun_model::stable_id(&[
            &cx.doc.article.id,
            &tcs.to_string(),
            &d.plover_type,
            &d.acled_sub,
        ]),
        sentence: cx.sent_index,
        trigger: take(&mut d.trigger),
        evidence: vec![evidence],
        plover: khaldun_model::PloverCoding {
            event_type: take(&mut d.plover_type),
            mode: d.mode.take(),
            context: Vec::new(),
        },
        acled: khaldun_model::AcledCoding {
            event_type: take(&mut d.acled_type),
            sub_event_type: take(&mut d.acled_sub),
        },
        cameo: khaldun_model::CameoCoding {
            root: d.cameo.get(..2).unwrap_or("").to_string(),
            code: Some(take(&mut d.cameo)),
            goldstein,
        },
        actor: d.actor_a.take(),
        assoc_actors: d
            .assoc
            .iter()
            .filter(|&&k| Some(k) != actor)
            .map(|&k| sent.nps[k].actor.clone())
            .collect(),
        target: d.target_a.take(),
        assoc_targets: d
            .assoc_targets
            .iter()
            .filter(|&&k| Some(k) != target)
            .map(|&k| sent.nps[k].actor.clone())
            .collect(),
        location: d.location.take(),
        date: d.date.take(),
        killed: d.killed,
        injured: d.injured,
        abducted: d.abducted,
        arrested: d.arrested,
        status: d.status,
        claimant: d.claimant.take(),
        denied_by: d.denied_by.take(),
        negated: d.negated,
        hypothetical: d.hypothetical,
        historical: d.historical,
        plover_only: false,
        sources: take(&mut d.sources),
        confidence: conf.clamp(0.0, 1.0),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Build a [`Ctx`] over a sentence written for a test.
    use std::sync::Arc;

    use khaldun_actors::ActorBase;
    use khaldun_model::{AnnotatedArticle, Article, Component, TextIndex};

    use super::Ctx;
    use crate::sentence::Sent;

    /// An annotated one-sentence document (text and actor stages run).
    pub fn doc(text: &str) -> (AnnotatedArticle, Arc<ActorBase>) {
        let actors = ActorBase::embedded();
        let mut doc = AnnotatedArticle::new(Article {
            id: "t".into(),
            text: text.into(),
            published: Some("2023-03-08".into()),
            ..Default::default()
        });
        khaldun_text::TextStage::new().annotate(&mut doc);
        khaldun_actors::ActorStage::new(actors.clone()).annotate(&mut doc);
        (doc, actors)
    }

    /// Run `f` on the context of the whole of `text` as one sentence, after
    /// the filter and group passes.
    pub fn with_ctx<R>(text: &str, f: impl FnOnce(&Ctx) -> R) -> R {
        let (doc, actors) = doc(text);
        let idx = TextIndex::new(&doc.article.text);
        let sent = Sent::new(&doc, &idx, 0, doc.article.text.len(), &actors);
        let mut cx = Ctx::new(&doc, &idx, &sent, 0, &actors).expect("a sentence with events");
        cx.keep = super::filter::keep(&cx);
        cx.groups = super::group::groups(&cx);
        f(&cx)
    }

    /// The classes of the triggers of each group.
    pub fn group_classes(cx: &Ctx) -> Vec<Vec<String>> {
        cx.groups
            .iter()
            .map(|g| {
                g.hits
                    .iter()
                    .map(|&k| cx.sent.hits[k].class.clone())
                    .collect()
            })
            .collect()
    }
}
