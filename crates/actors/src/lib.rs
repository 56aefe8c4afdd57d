//! Actor knowledge base and actor mention recognition.
//! (Stub: being built under issue 5. The names below are the contract the
//! pipeline and the event stage use.)
use std::sync::{Arc, OnceLock};

use khaldun_model::{Actor, AnnotatedArticle, Component};

/// The actor knowledge base.
#[derive(Debug, Default)]
pub struct ActorBase {}

impl ActorBase {
    /// The bundled knowledge base, loaded once per process.
    pub fn embedded() -> Arc<ActorBase> {
        static B: OnceLock<Arc<ActorBase>> = OnceLock::new();
        B.get_or_init(|| Arc::new(ActorBase::default())).clone()
    }

    /// Resolve a surface form ("JNIM", "Malian soldiers") to an actor.
    pub fn resolve(&self, _surface: &str) -> Option<Actor> {
        None
    }
}

/// Pipeline component that fills `doc.actors`.
pub struct ActorStage {
    #[allow(dead_code)]
    base: Arc<ActorBase>,
}

impl ActorStage {
    pub fn new(base: Arc<ActorBase>) -> Self {
        ActorStage { base }
    }
}

impl Component for ActorStage {
    fn name(&self) -> &'static str {
        "actors"
    }
    fn annotate(&self, _doc: &mut AnnotatedArticle) {}
}
