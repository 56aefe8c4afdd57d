//! The pipeline: a list of [`Component`]s run in order over each article,
//! articles in parallel.
//!
//! ```
//! use khaldun_model::Article;
//! use khaldun_pipeline::Pipeline;
//! let pipeline = Pipeline::standard();
//! let doc = pipeline.process(Article { text: "JNIM attacked Ségou on Monday.".into(), ..Default::default() });
//! assert_eq!(doc.sentences.len(), 1);
//! ```
//!
//! The standard order is text → time → geo → actors → events: each stage
//! reads what the earlier ones added to the [`AnnotatedArticle`]. The
//! pipeline knows nothing about storage or output formats.

pub mod shapes;

use std::time::{Duration, Instant};

use khaldun_actors::{ActorBase, ActorStage};
use khaldun_events::EventStage;
use khaldun_geo::{Gazetteer, GeoStage};
use khaldun_model::{AnnotatedArticle, Article, Component};
use khaldun_text::TextStage;
use khaldun_time::TimeStage;
use rayon::prelude::*;

/// Names of the standard stages, in order.
pub const STAGES: &[&str] = &["text", "time", "geo", "actors", "events"];

/// An ordered list of components.
pub struct Pipeline {
    components: Vec<Box<dyn Component>>,
}

impl Pipeline {
    /// All stages, with the bundled language data, gazetteer and actor base.
    pub fn standard() -> Self {
        Self::with_stages(STAGES)
    }

    /// Only the named stages (in the standard order, whatever order `names` has).
    /// Unknown names are ignored. Sentences come without their tokens (see
    /// [`Pipeline::with_stages_and_tokens`]).
    pub fn with_stages(names: &[&str]) -> Self {
        Self::with_stages_and_tokens(names, false)
    }

    /// [`Pipeline::with_stages`], with each sentence's tokens when `tokens`
    /// (`extract --tokens`). No stage reads them and they cost more than the
    /// rest of the text stage (tens of bytes per word), so they are made only
    /// when asked for.
    pub fn with_stages_and_tokens(names: &[&str], tokens: bool) -> Self {
        let want = |s: &str| names.contains(&s);
        let mut components: Vec<Box<dyn Component>> = Vec::new();
        if want("text") {
            components.push(Box::new(TextStage {
                sentences_only: !tokens,
            }));
        }
        if want("time") {
            components.push(Box::new(TimeStage::new()));
        }
        if want("geo") {
            components.push(Box::new(GeoStage::new(Gazetteer::embedded())));
        }
        let actors = (want("actors") || want("events")).then(ActorBase::embedded);
        if let (true, Some(base)) = (want("actors"), &actors) {
            components.push(Box::new(ActorStage::new(base.clone())));
        }
        if let (true, Some(base)) = (want("events"), actors) {
            components.push(Box::new(EventStage::new(base)));
        }
        Pipeline { components }
    }

    /// An empty pipeline to build up with [`Pipeline::push`].
    pub fn empty() -> Self {
        Pipeline {
            components: Vec::new(),
        }
    }

    pub fn push(&mut self, c: Box<dyn Component>) -> &mut Self {
        self.components.push(c);
        self
    }

    /// Stage names, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.components.iter().map(|c| c.name()).collect()
    }

    /// Run every stage over one article.
    pub fn process(&self, article: Article) -> AnnotatedArticle {
        let mut doc = AnnotatedArticle::new(article);
        self.annotate(&mut doc);
        doc
    }

    /// Run every stage over an already wrapped document.
    pub fn annotate(&self, doc: &mut AnnotatedArticle) {
        for c in &self.components {
            c.annotate(doc);
            tracing::trace!(stage = c.name(), article = %doc.article.id, "annotated");
        }
    }

    /// Run every stage, timing each (for `khaldun bench`).
    pub fn annotate_timed(&self, doc: &mut AnnotatedArticle, times: &mut [Duration]) {
        for (c, t) in self.components.iter().zip(times.iter_mut()) {
            let start = Instant::now();
            c.annotate(doc);
            *t += start.elapsed();
        }
    }

    /// Process a batch in parallel on rayon's pool; output keeps input order.
    pub fn process_batch(&self, articles: Vec<Article>) -> Vec<AnnotatedArticle> {
        articles.into_par_iter().map(|a| self.process(a)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Marker;
    impl Component for Marker {
        fn name(&self) -> &'static str {
            "marker"
        }
        fn annotate(&self, doc: &mut AnnotatedArticle) {
            doc.article.section = Some(format!("seen {} sentences", doc.sentences.len()));
        }
    }

    #[test]
    fn stages_run_in_standard_order() {
        let p = Pipeline::with_stages(&["events", "text", "geo"]);
        assert_eq!(p.stage_names(), vec!["text", "geo", "events"]);
        assert_eq!(Pipeline::standard().stage_names(), STAGES.to_vec());
    }

    /// The first event of ACLED sub-event `sub` the whole pipeline finds in
    /// `text` (published 2023-03-08), with its actor's and target's names.
    fn coded(text: &str, lang: Option<&str>, sub: &str) -> (khaldun_model::Event, String, String) {
        let doc = Pipeline::standard().process(Article {
            id: "t".into(),
            text: text.into(),
            published: Some("2023-03-08".into()),
            language: lang.map(str::to_string),
            ..Default::default()
        });
        let e = doc
            .events
            .iter()
            .find(|e| e.acled.sub_event_type == sub)
            .cloned()
            .unwrap_or_else(|| panic!("no {sub} in {text}: {:#?}", doc.events));
        let name = |a: &Option<khaldun_model::Actor>| {
            a.as_ref()
                .map(|a| a.name.to_lowercase())
                .unwrap_or_default()
        };
        let (actor, target) = (name(&e.actor), name(&e.target));
        (e, actor, target)
    }

    #[test]
    fn the_whole_pipeline_codes_who_took_a_town_from_whom() {
        // needs the geo stage: "Adan Yabaal" is a place, not the loser
        let (e, _, target) = coded(
            "Clan militias recaptured the town of Adan Yabaal from al-Shabaab last week.",
            None,
            "Non-state actor overtakes territory",
        );
        assert!(target.contains("shabaab"), "{e:#?}");
        assert_eq!(
            e.location.as_ref().map(|l| l.place.name.as_str()),
            Some("Adan Yabaal")
        );
    }

    #[test]
    fn french_clash_verbs_have_two_sides() {
        for text in [
            "Les FAMa ont affronté les jihadistes près de Boni mardi.",
            "Les soldats maliens se sont affrontés avec des combattants du JNIM près de Boni.",
            "Des soldats maliens et des combattants du JNIM se sont affrontés près de Boni.",
        ] {
            let (e, actor, target) = coded(text, Some("fr"), "Armed clash");
            assert!(actor.contains("mali"), "{text}: {e:#?}");
            assert!(
                target.contains("jihadist") || target.contains("nusrat"),
                "{text}: {e:#?}"
            );
        }
    }

    #[test]
    fn french_participles_of_shelling_and_lynching_are_verbs() {
        for (text, sub, who) in [
            (
                // pounding by the air force is an air strike (ACLED), not shelling
                "L'aviation malienne a pilonné des positions jihadistes près de Léré.",
                "Air/drone strike",
                "mali",
            ),
            (
                "Des habitants en colère ont lynché deux voleurs présumés à Bunia samedi.",
                "Mob violence",
                "civilians",
            ),
        ] {
            let (e, actor, _) = coded(text, Some("fr"), sub);
            assert!(actor.contains(who), "{text}: {e:#?}");
        }
    }

    #[test]
    fn foreign_forces_taking_a_town_abroad_overtake_territory() {
        // needs the geo stage: the place's country against the actor's
        // (events::passes::subtype::foreign_capture)
        for (text, lang) in [
            ("Russian forces took full control of Avdiivka, in eastern Ukraine, on Saturday.", "en"),
            ("Les forces russes ont pris le contrôle de Bakhmout, dans l'est de l'Ukraine, samedi.", "fr"),
        ] {
            let (e, actor, _) = coded(text, Some(lang), "Non-state actor overtakes territory");
            assert!(actor.contains("russia"), "{text}: {e:#?}");
        }
        coded(
            "Malian troops took control of Kidal on Tuesday.",
            Some("en"),
            "Government regains territory",
        );
    }

    #[test]
    fn later_stages_see_earlier_annotations_and_batches_keep_order() {
        let mut p = Pipeline::with_stages(&["text"]);
        p.push(Box::new(Marker));
        let arts: Vec<Article> = (0..50)
            .map(|i| Article {
                id: i.to_string(),
                text: "One. Two. Three. ".repeat(i % 3 + 1),
                ..Default::default()
            })
            .collect();
        let out = p.process_batch(arts);
        for (i, d) in out.iter().enumerate() {
            assert_eq!(d.article.id, i.to_string());
            assert_eq!(
                d.article.section.as_deref(),
                Some(format!("seen {} sentences", 3 * (i % 3 + 1)).as_str())
            );
        }
    }
}
