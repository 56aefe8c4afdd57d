//! Input options shared by `ingest`, `extract` and `bench`, and the reader
//! thread that streams articles from paths, URLs and stdin.

use std::sync::mpsc::{sync_channel, Receiver};

use clap::Args;
use khaldun_ingest::{FieldMap, Format, IngestError, IngestOptions};
use khaldun_model::Article;

/// How to read the inputs.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Input format (default: detected from the content).
    #[arg(long, default_value = "auto", value_parser = parse_format)]
    pub format: Format,
    /// Keep the text exactly as given: no header, byline or footer parsing.
    #[arg(long)]
    pub raw: bool,
    /// Publication date to assume when the input gives none (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Language of the input when known (en, fr); detected otherwise.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// JSON Lines field mapping, e.g. "text=body,published=date,title=headline".
    #[arg(long, value_name = "MAP", value_parser = parse_fields)]
    pub fields: Option<FieldMap>,
    /// Refuse files larger than this many megabytes (JSON Lines and WARC stream and may be larger).
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub max_mb: u64,
    /// For feeds whose items only summarise, fetch each linked page.
    #[arg(long)]
    pub fetch_links: bool,
    /// Fetch URLs on loopback, private, link-local and other non-public addresses (refused
    /// by default, after DNS resolution and after every redirect: a feed's links must not
    /// reach this machine's or its network's services).
    #[arg(long)]
    pub allow_private_fetch: bool,
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse::<Format>()
}

fn parse_fields(s: &str) -> Result<FieldMap, String> {
    s.parse::<FieldMap>()
}

impl InputArgs {
    pub fn options(&self) -> IngestOptions {
        IngestOptions {
            format: self.format,
            raw: self.raw,
            published: self.published.clone(),
            lang: self.lang.clone(),
            fields: self.fields.clone().unwrap_or_default(),
            max_bytes: self.max_mb.saturating_mul(1024 * 1024),
            fetch_links: self.fetch_links,
            allow_private_fetch: self.allow_private_fetch,
            ..Default::default()
        }
    }
}

/// Stream every input's articles, in order, through a bounded channel fed by
/// a reader thread (reading overlaps processing; memory stays bounded).
pub fn stream(inputs: Vec<String>, opts: IngestOptions) -> Receiver<Result<Article, IngestError>> {
    let (tx, rx) = sync_channel(1024);
    std::thread::spawn(move || {
        for input in inputs {
            for item in khaldun_ingest::read_input(&input, &opts) {
                if tx.send(item).is_err() {
                    return;
                }
            }
        }
    });
    rx
}
