//! Places stage: embedded gazetteer, toponym recognition and resolution.
//! (Stub: being built under issue 3. The names below are the contract the
//! pipeline and the event stage use.)
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use khaldun_model::{AnnotatedArticle, Component, EventLocation};

mod countries;
pub use countries::{countries, country, Country};

/// The gazetteer.
#[derive(Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    /// The bundled gazetteer, loaded once per process.
    pub fn embedded() -> Arc<Gazetteer> {
        static G: OnceLock<Arc<Gazetteer>> = OnceLock::new();
        G.get_or_init(|| Arc::new(Gazetteer::default())).clone()
    }
}

/// Pipeline component that fills `doc.places`.
pub struct GeoStage {
    #[allow(dead_code)]
    gazetteer: Arc<Gazetteer>,
}

impl GeoStage {
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        GeoStage { gazetteer }
    }
}

impl Component for GeoStage {
    fn name(&self) -> &'static str {
        "geo"
    }
    fn annotate(&self, _doc: &mut AnnotatedArticle) {}
}

/// Pick the location of an event whose clause spans `clause` (code points)
/// and whose trigger starts at `trigger`, from `doc.places`.
pub fn locate_event(
    _doc: &AnnotatedArticle,
    _clause: Range<usize>,
    _trigger: usize,
) -> Option<EventLocation> {
    None
}
