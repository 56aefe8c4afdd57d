//! The bundled sample data (compiled into the binary so `khaldun demo` and
//! `khaldun bench` work from any directory on a fresh clone).

/// 89 Voice of America conflict stories, JSON Lines (US public domain; credit VOA).
pub const VOA_STORIES: &[u8] = include_bytes!("../../../../fixtures/voa-stories.jsonl");
/// A short brief in the plain-text header layout, written for Khaldun (CC0).
pub const SAMPLE_BRIEF: &[u8] = include_bytes!("../../../../fixtures/sample-brief.txt");
/// 20 French reports in the style of the Sahel press, written for Khaldun (CC0): invented
/// incidents in real places, not a historical record (the French texts of `gold/articles-dev.jsonl`).
pub const SAHEL_FR: &[u8] = include_bytes!("../../../../fixtures/sahel-fr-samples.jsonl");

/// The VOA stories as articles (tests).
#[cfg(test)]
pub fn articles() -> Vec<khaldun_model::Article> {
    let opts = khaldun_ingest::IngestOptions {
        format: khaldun_ingest::Format::Jsonl,
        ..Default::default()
    };
    khaldun_ingest::read_bytes(VOA_STORIES, "fixtures/voa-stories.jsonl", &opts)
        .into_iter()
        .filter_map(Result::ok)
        .collect()
}
