//! Event stage: triggers, roles, casualties, claim status and sources.
//! (Stub: being built under issue 5. The names below are the contract the
//! pipeline uses.)
use std::sync::Arc;

use khaldun_actors::ActorBase;
use khaldun_model::{AnnotatedArticle, Component};

/// Pipeline component that fills `doc.events`; runs after text, time, geo and actors.
pub struct EventStage {
    #[allow(dead_code)]
    actors: Arc<ActorBase>,
}

impl EventStage {
    pub fn new(actors: Arc<ActorBase>) -> Self {
        EventStage { actors }
    }
}

impl Component for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }
    fn annotate(&self, _doc: &mut AnnotatedArticle) {}
}
