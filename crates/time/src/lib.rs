//! Time stage: TIMEX3 recognition and normalisation, event dates.
//! (Stub: being built under issue 4. The names below are the contract the
//! pipeline and the event stage use.)
use std::ops::Range;

use khaldun_model::{AnnotatedArticle, Component, EventDate};

/// Pipeline component that fills `doc.timexes`, using `doc.article.published`
/// as the document creation time and `doc.article.language`.
#[derive(Debug, Default)]
pub struct TimeStage {}

impl TimeStage {
    pub fn new() -> Self {
        TimeStage {}
    }
}

impl Component for TimeStage {
    fn name(&self) -> &'static str {
        "time"
    }
    fn annotate(&self, _doc: &mut AnnotatedArticle) {}
}

/// Date an event whose clause spans `clause` (code points) and whose trigger
/// starts at `trigger`, from `doc.timexes`, else the article's date.
pub fn date_event(_doc: &AnnotatedArticle, _clause: Range<usize>, _trigger: usize) -> Option<EventDate> {
    None
}
