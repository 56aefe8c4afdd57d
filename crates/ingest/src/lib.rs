//! Ingestion: turns files, URLs and streams into [`Article`]s.
//! (Being built: see issue 2.)
use khaldun_model::Article;

/// Input format; `Auto` sniffs the bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Auto,
    Text,
    Html,
    Feed,
    Jsonl,
    Warc,
}

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {cause}")]
pub struct IngestError {
    pub origin: String,
    pub cause: String,
}

/// Options shared by every reader.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub format: Format,
    /// Keep the input text exactly (no header parsing).
    pub raw: bool,
    /// Publication date to use when the input gives none (ISO 8601).
    pub published: Option<String>,
    pub lang: Option<String>,
}

/// Read one in-memory input.
pub fn read_bytes(bytes: &[u8], origin: &str, opts: &IngestOptions) -> Vec<Result<Article, IngestError>> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let _ = opts;
    vec![Ok(Article {
        id: khaldun_model::stable_id(&[&text]),
        text,
        format: "text".into(),
        origin: Some(origin.into()),
        ..Default::default()
    })]
}
