//! Ingestion: turns files, directories, URLs and streams into [`Article`]s.
//!
//! Readers: plain text (including the header layout of republished briefs: site, section,
//! title, "By AUTHOR, PUBLICATION, DATE URL", date, body, "Source:" footer), HTML pages
//! (main-content extraction plus OpenGraph / JSON-LD metadata), RSS 2.0 and Atom feeds,
//! JSON Lines (Voice of America field names by default), and WARC files (HTML response
//! records, plain or gzipped). The format is sniffed unless [`IngestOptions::format`] says.
//!
//! ```
//! use khaldun_ingest::{read_bytes, IngestOptions};
//! let input = "Ocnus.Net\n\nAfrica\nA Title\nBy Jacob Zenn, Terrorism Monitor, 20/5/22 \
//!              https://jamestown.org/program/briefs-365/\nMay 22, 2022 - 12:07:40 PM\n\n\
//!              On April 25, JNIM claimed it.\n\nSource: Ocnus.net 2022\n";
//! let article = read_bytes(input.as_bytes(), "brief.txt", &IngestOptions::default())
//!     .remove(0)
//!     .unwrap();
//! assert_eq!(article.title.as_deref(), Some("A Title"));
//! assert_eq!(article.published.as_deref(), Some("2022-05-22T12:07:40"));
//! assert_eq!(article.republished_from[0].publication.as_deref(), Some("Terrorism Monitor"));
//! assert_eq!(article.text, "On April 25, JNIM claimed it.");
//! ```
//!
//! Every failure is an [`IngestError`] naming the input (and the line, for JSON Lines and
//! WARC records) and a cause a person understands; a bad record never stops the stream, and
//! no input makes a reader panic (see `fuzz/`).
//!
//! This crate does not detect languages, split sentences or store anything: `language` is set
//! only when the input declares it (or [`IngestOptions::lang`] is given), and `retrieved` is
//! left for the store to fill.

use khaldun_model::Article;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

mod dates;
mod decode;
mod feed;
mod fetch;
mod html;
mod ids;
mod items;
mod jsonl;
mod text;
mod warc;

pub use fetch::{guarded_agent, is_public};
pub use ids::{article_id, canonical_url};
pub use items::{feed_items, page_article, FeedItem};
pub use jsonl::FieldMap;

/// Default [`IngestOptions::max_bytes`]: 256 MB.
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Input format; `Auto` sniffs the bytes (and looks at the file extension when they are
/// ambiguous).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Format {
    #[default]
    Auto,
    Text,
    Html,
    /// RSS 2.0 or Atom.
    Feed,
    Jsonl,
    Warc,
}

impl Format {
    /// The names [`Format::from_str`] accepts, for `--help` and shell completion.
    pub const NAMES: &'static [&'static str] = &[
        "auto", "text", "html", "rss", "atom", "feed", "jsonl", "warc",
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Text => "text",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Jsonl => "jsonl",
            Format::Warc => "warc",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `text|txt|html|htm|rss|atom|feed|xml|jsonl|ndjson|json|warc|auto`, any case.
impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Format::Auto,
            "text" | "txt" | "plain" => Format::Text,
            "html" | "htm" => Format::Html,
            "rss" | "atom" | "feed" | "xml" => Format::Feed,
            "jsonl" | "ndjson" | "json" => Format::Jsonl,
            "warc" => Format::Warc,
            other => {
                return Err(format!(
                    "unknown format \"{other}\" (expected one of: {})",
                    Format::NAMES.join(", ")
                ))
            }
        })
    }
}

/// Why an input (or one record of it) could not be read.
///
/// Displays as `ORIGIN: CAUSE`, e.g. `corpus.jsonl:7: not valid JSON: ...` or
/// `big.html: file is 512 MB, over the 256 MB limit (raise with --max-mb)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {cause}")]
pub struct IngestError {
    /// The file path, URL or `-`; with `:LINE` appended for a JSON Lines or WARC record.
    pub origin: String,
    /// What went wrong, for a person.
    pub cause: String,
    /// The 1-based line of the failing JSON Lines record (or the line a WARC record starts on).
    pub line: Option<usize>,
}

impl IngestError {
    pub fn new(origin: impl Into<String>, cause: impl Into<String>) -> Self {
        IngestError {
            origin: origin.into(),
            cause: cause.into(),
            line: None,
        }
    }

    pub fn at_line(origin: &str, line: usize, cause: impl Into<String>) -> Self {
        IngestError {
            origin: format!("{origin}:{line}"),
            cause: cause.into(),
            line: Some(line),
        }
    }
}

/// Options shared by every reader.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub format: Format,
    /// Keep the input text exactly: no header, footer or metadata parsing. For a text or HTML
    /// document the article text is the whole decoded input; JSON Lines texts are always exact;
    /// feed items and WARC records still go through HTML extraction but not header parsing.
    pub raw: bool,
    /// Publication date to use when the input gives none (ISO 8601, or any form the date
    /// parser reads).
    pub published: Option<String>,
    /// Language (ISO 639-1) to record, overriding what the input declares.
    pub lang: Option<String>,
    /// JSON Lines field names.
    pub fields: FieldMap,
    /// Refuse single documents (and JSON Lines lines, WARC records, HTTP bodies) larger than
    /// this. JSON Lines and WARC files are streamed, so the files themselves may be larger.
    pub max_bytes: u64,
    /// Fetch the linked page of feed items that carry only a summary.
    pub fetch_links: bool,
    /// At most this many linked pages are fetched per feed.
    pub max_links: usize,
    /// Timeout for one HTTP request (connect, redirects and body).
    pub timeout: Duration,
    /// Fetch URLs whose host is (or resolves to) a loopback, private, link-local, multicast
    /// or otherwise non-public address. Off by default: a URL given by someone else (a feed
    /// link, `POST /api/ingest`) must not reach the machine's own or its network's services.
    /// The check runs on every address the host resolves to and after every redirect, and the
    /// connection goes to a checked address.
    pub allow_private_fetch: bool,
    /// Non-public socket addresses fetched even without `allow_private_fetch` (tests; a known
    /// internal service).
    pub fetch_allow: Vec<std::net::SocketAddr>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            format: Format::Auto,
            raw: false,
            published: None,
            lang: None,
            fields: FieldMap::default(),
            max_bytes: DEFAULT_MAX_BYTES,
            fetch_links: false,
            max_links: 50,
            timeout: Duration::from_secs(30),
            allow_private_fetch: false,
            fetch_allow: Vec::new(),
        }
    }
}

/// A stream of articles (and per-input or per-record errors), in input order.
pub struct Articles {
    inner: Box<dyn Iterator<Item = Result<Article, IngestError>> + Send>,
}

impl Articles {
    fn new(it: impl Iterator<Item = Result<Article, IngestError>> + Send + 'static) -> Self {
        Articles {
            inner: Box::new(it),
        }
    }

    fn one_error(origin: &str, cause: impl Into<String>) -> Self {
        Articles::new(std::iter::once(Err(IngestError::new(origin, cause))))
    }
}

impl Iterator for Articles {
    type Item = Result<Article, IngestError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }
}

impl fmt::Debug for Articles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Articles { .. }")
    }
}

/// Read one in-memory input of any format. `origin` names it in articles and errors.
pub fn read_bytes(
    bytes: &[u8],
    origin: &str,
    opts: &IngestOptions,
) -> Vec<Result<Article, IngestError>> {
    let hint = Path::new(origin)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    read_stream(
        Box::new(Cursor::new(bytes.to_vec())),
        origin.to_string(),
        &hint,
        None,
        None,
        opts,
    )
    .collect()
}

/// Read a CLI argument: an `http(s)://` URL, `-` for standard input, or a path.
pub fn read_input(input: &str, opts: &IngestOptions) -> Articles {
    if is_url(input) {
        read_url(input, opts)
    } else {
        read_path(input, opts)
    }
}

/// True for `http://` and `https://` arguments.
pub fn is_url(s: &str) -> bool {
    let l = s.trim_start().to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// Read a file of any format, a directory (recursively, in sorted order, skipping hidden
/// entries and files whose extension is not one ingest reads), or `-` for standard input.
/// FIFOs, sockets and devices (given, or met in a directory) are never opened for reading:
/// each is one error, "not a regular file".
///
/// JSON Lines and WARC inputs are streamed; other files over [`IngestOptions::max_bytes`] are
/// refused with an error rather than read.
pub fn read_path(path: impl AsRef<Path>, opts: &IngestOptions) -> Articles {
    let path = path.as_ref();
    if path.as_os_str() == "-" {
        return read_stream(Box::new(std::io::stdin()), "-".into(), "", None, None, opts);
    }
    let origin = path.display().to_string();
    match std::fs::metadata(path) {
        Err(e) => Articles::one_error(&origin, io_cause(&e)),
        Ok(m) if m.is_dir() => {
            let mut files = Vec::new();
            if let Err(e) = walk(path, &mut files) {
                return Articles::one_error(&origin, io_cause(&e));
            }
            if files.is_empty() {
                return Articles::one_error(
                    &origin,
                    "directory holds no readable files (.txt, .html, .xml, .jsonl, .warc ...)",
                );
            }
            let opts = opts.clone();
            Articles::new(files.into_iter().flat_map(move |f| read_file(&f, &opts)))
        }
        Ok(m) if !m.is_file() => Articles::one_error(&origin, NOT_REGULAR),
        Ok(_) => read_file(path, opts),
    }
}

/// Why a FIFO, socket or device is not read: opening a FIFO waits for a writer, forever.
const NOT_REGULAR: &str = "not a regular file (a FIFO, socket or device): skipped";

/// Open a file for reading without blocking on a FIFO (which a path may have become since it
/// was checked), and refuse anything that is not a regular file.
fn open_regular(path: &Path) -> Result<File, String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // No effect on regular files; a FIFO opens at once instead of waiting for a writer.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| io_cause(&e))?;
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        Ok(_) => Err(NOT_REGULAR.into()),
        Err(e) => Err(io_cause(&e)),
    }
}

/// Fetch a page, feed or any other supported input over HTTP(S), with
/// [`IngestOptions::timeout`] and [`IngestOptions::max_bytes`].
pub fn read_url(url: &str, opts: &IngestOptions) -> Articles {
    let url = url.trim();
    let page = match fetch::fetch(url, opts) {
        Ok(p) => p,
        Err(cause) => return Articles::one_error(url, cause),
    };
    let ct = page
        .content_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut opts = opts.clone();
    if opts.format == Format::Auto {
        opts.format = if ct.contains("html") {
            Format::Html
        } else if ct.contains("rss") || ct.contains("atom") {
            Format::Feed
        } else if ct.contains("ndjson") || ct.contains("jsonl") {
            Format::Jsonl
        } else {
            Format::Auto
        };
    }
    let hint = url::Url::parse(&page.url)
        .ok()
        .and_then(|u| {
            u.path_segments()
                .and_then(|mut s| s.next_back().map(str::to_ascii_lowercase))
        })
        .unwrap_or_default();
    read_stream(
        Box::new(Cursor::new(page.bytes)),
        url.to_string(),
        &hint,
        page.charset,
        Some(page.url),
        &opts,
    )
}

fn read_file(path: &Path, opts: &IngestOptions) -> Articles {
    let origin = path.display().to_string();
    let file = match open_regular(path) {
        Ok(f) => f,
        Err(cause) => return Articles::one_error(&origin, cause),
    };
    let size = file.metadata().map(|m| m.len()).ok();
    let hint = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut opts = opts.clone();
    if opts.format == Format::Auto && size.is_some_and(|s| s > opts.max_bytes) {
        // Only streamable formats may be larger than the limit: decide from the name.
        if hint.ends_with(".jsonl") || hint.ends_with(".ndjson") {
            opts.format = Format::Jsonl;
        } else if hint.ends_with(".warc") || hint.ends_with(".warc.gz") {
            opts.format = Format::Warc;
        }
    }
    if let Some(s) = size.filter(|&s| s > opts.max_bytes) {
        if !matches!(opts.format, Format::Jsonl | Format::Warc) {
            return Articles::one_error(&origin, over_limit("file", s, opts.max_bytes));
        }
    }
    read_stream(Box::new(file), origin, &hint, None, None, &opts)
}

/// Extensions ingest reads when walking a directory (plus files with no extension).
const KNOWN_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "xhtml", "xml", "rss", "atom", "json", "jsonl", "ndjson",
    "warc", "gz",
];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let p = e.path();
        let ft = match e.file_type() {
            Ok(t) => t,
            Err(_) => continue,
        };
        let special = !ft.is_dir() && !ft.is_file() && !ft.is_symlink();
        if ft.is_dir() {
            walk(&p, out)?;
        } else if ft.is_file() || (ft.is_symlink() && p.is_file()) || special {
            // FIFOs, sockets and devices are listed too: `read_file` refuses them with a
            // message instead of blocking or skipping them silently.
            let lower = name.to_ascii_lowercase();
            let ext = lower.rsplit_once('.').map(|(_, e)| e);
            if ext.is_none_or(|e| KNOWN_EXTENSIONS.contains(&e)) {
                out.push(p);
            }
        }
    }
    Ok(())
}

fn io_cause(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// "512 MB", "64 KB", "100 bytes".
pub(crate) fn human_size(n: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if n >= MB {
        format!("{} MB", n.saturating_add(MB / 2) / MB)
    } else if n >= 1024 {
        format!("{} KB", n.saturating_add(512) / 1024)
    } else {
        format!("{n} bytes")
    }
}

fn over_limit(what: &str, size: u64, limit: u64) -> String {
    format!(
        "{what} is {}, over the {} limit (raise with --max-mb)",
        human_size(size),
        human_size(limit)
    )
}

/// Sniff the format, then stream (JSON Lines, WARC) or read whole (the rest).
fn read_stream(
    mut reader: Box<dyn Read + Send>,
    origin: String,
    name_hint: &str,
    charset: Option<String>,
    base_url: Option<String>,
    opts: &IngestOptions,
) -> Articles {
    // Peek at the head without losing it.
    let mut head = Vec::with_capacity(8192);
    if let Err(e) = (&mut reader).take(8192).read_to_end(&mut head) {
        return Articles::one_error(&origin, format!("read failed: {}", io_cause(&e)));
    }
    if head.is_empty() {
        return Articles::one_error(&origin, "empty file");
    }
    let gz = head.starts_with(&[0x1f, 0x8b]);
    let utf16_bom = head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]);
    let format = match opts.format {
        Format::Auto => sniff(&head, name_hint),
        f => f,
    };
    let mut reader: Box<dyn Read + Send> = Box::new(Cursor::new(head.clone()).chain(reader));
    let fin = opts.clone();
    let fin_origin = origin.clone();
    let finish_all = move |r| finish(r, &fin_origin, &fin);
    match format {
        Format::Warc => {
            let buffered: Box<dyn BufRead + Send> = if gz {
                Box::new(BufReader::with_capacity(
                    1 << 16,
                    flate2::read::MultiGzDecoder::new(BufReader::new(reader)),
                ))
            } else {
                Box::new(BufReader::with_capacity(1 << 16, reader))
            };
            Articles::new(warc::WarcIter::new(buffered, origin, opts.clone()).map(finish_all))
        }
        Format::Jsonl if !utf16_bom && !gz => {
            if decode::looks_binary(&head) {
                return Articles::one_error(&origin, "binary data, not text");
            }
            let lines = jsonl::JsonlIter::new(
                BufReader::with_capacity(1 << 16, reader),
                origin,
                opts.clone(),
            );
            Articles::new(lines.map(finish_all))
        }
        _ => {
            if gz {
                return Articles::one_error(
                    &origin,
                    "gzip-compressed data: only .warc.gz files are read compressed",
                );
            }
            let mut bytes = Vec::new();
            if let Err(e) = (&mut reader)
                .take(opts.max_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
            {
                return Articles::one_error(&origin, format!("read failed: {}", io_cause(&e)));
            }
            if bytes.len() as u64 > opts.max_bytes {
                return Articles::one_error(
                    &origin,
                    format!(
                        "input is over the {} limit (raise with --max-mb)",
                        human_size(opts.max_bytes)
                    ),
                );
            }
            let results = read_document(
                &bytes,
                &origin,
                format,
                charset.as_deref(),
                base_url.as_deref(),
                opts,
            );
            Articles::new(results.into_iter().map(finish_all))
        }
    }
}

/// One whole document (or a small JSON Lines / WARC input held in memory).
fn read_document(
    bytes: &[u8],
    origin: &str,
    format: Format,
    charset: Option<&str>,
    base_url: Option<&str>,
    opts: &IngestOptions,
) -> Vec<Result<Article, IngestError>> {
    let err = |cause: String| vec![Err(IngestError::new(origin, cause))];
    let declared = charset
        .map(str::to_string)
        .or_else(|| declared_for(format, bytes));
    let text = match format {
        Format::Warc => {
            let it = warc::WarcIter::new(
                BufReader::new(Cursor::new(bytes.to_vec())),
                origin.to_string(),
                opts.clone(),
            );
            return it.collect();
        }
        _ => match decode::decode(bytes, declared.as_deref(), origin) {
            Ok(t) => t,
            Err(cause) => return err(cause),
        },
    };
    if text.trim().is_empty() {
        return err("no text (only whitespace)".into());
    }
    match format {
        Format::Jsonl => jsonl::JsonlIter::new(
            Cursor::new(text.into_bytes()),
            origin.to_string(),
            opts.clone(),
        )
        .collect(),
        Format::Feed => guard(|| feed::parse_feed(&text, origin, opts)).unwrap_or_else(err),
        Format::Html if opts.raw => vec![Ok(Article {
            text,
            format: "html".into(),
            ..Default::default()
        })],
        Format::Html => {
            vec![guard(|| html::parse_html(&text, base_url))
                .map_err(|c| IngestError::new(origin, c))]
        }
        _ if opts.raw => vec![Ok(Article {
            text,
            format: "text".into(),
            ..Default::default()
        })],
        _ => vec![guard(|| text::parse_text(&text)).map_err(|c| IngestError::new(origin, c))],
    }
}

/// Last line of defence: a panic inside a parser (ours or a dependency's) becomes an error for
/// this input instead of ending the run.
pub(crate) fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| {
        "the parser failed on this input (internal error; please report it with the file)"
            .to_string()
    })
}

fn declared_for(format: Format, bytes: &[u8]) -> Option<String> {
    match format {
        Format::Html | Format::Feed => decode::declared_charset(bytes),
        _ => None,
    }
}

/// Fill what every article needs: id, origin, fallback date, forced language; refuse empty text.
pub(crate) fn finish(
    r: Result<Article, IngestError>,
    origin: &str,
    opts: &IngestOptions,
) -> Result<Article, IngestError> {
    let mut a = r?;
    if a.origin.is_none() {
        a.origin = Some(origin.to_string());
    }
    if a.text.trim().is_empty() {
        let at = a.origin.clone().unwrap_or_else(|| origin.to_string());
        return Err(IngestError::new(at, "no article text found"));
    }
    if a.published.is_none() {
        a.published = opts
            .published
            .as_deref()
            .map(|p| dates::parse_date(p).unwrap_or_else(|| p.trim().to_string()));
    }
    if let Some(l) = &opts.lang {
        a.language = Some(l.clone());
    }
    a.language = a
        .language
        .as_deref()
        .and_then(|l| l.split(['-', '_']).next())
        .map(|l| l.trim().to_ascii_lowercase())
        .filter(|l| !l.is_empty());
    if a.dateline.is_none() && !opts.raw {
        a.dateline = text::find_dateline(&a.text);
    }
    a.id = article_id(a.url.as_deref(), &a.text);
    Ok(a)
}

/// Guess the format from the first bytes, using the file name only when they are ambiguous.
fn sniff(head: &[u8], name: &str) -> Format {
    let ext = |e: &str| name.ends_with(e);
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut peek = [0u8; 5];
        let mut gz = flate2::read::GzDecoder::new(head);
        let warc = (gz.read_exact(&mut peek).is_ok() && &peek == b"WARC/") || ext(".warc.gz");
        return if warc { Format::Warc } else { Format::Text };
    }
    if ext(".jsonl") || ext(".ndjson") {
        return Format::Jsonl;
    }
    if ext(".warc") {
        return Format::Warc;
    }
    let text: String = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, bom)) => enc.decode_without_bom_handling(&head[bom..]).0.into_owned(),
        None => String::from_utf8_lossy(head).into_owned(),
    };
    let t = text.trim_start();
    if t.starts_with("WARC/") {
        return Format::Warc;
    }
    if t.starts_with('{') {
        let first = t.lines().next().unwrap_or("");
        let is_object = matches!(
            serde_json::from_str::<serde_json::Value>(first),
            Ok(serde_json::Value::Object(_))
        );
        return if is_object || ext(".json") {
            Format::Jsonl
        } else {
            Format::Text
        };
    }
    if t.starts_with('<') {
        let lower = t.to_ascii_lowercase();
        let pos = |needles: &[&str]| needles.iter().filter_map(|n| lower.find(n)).min();
        let feed = pos(&["<rss", "<feed", "<rdf:rdf", "<channel"]);
        let html = pos(&["<html", "<!doctype html"]);
        let html_ish = html.or_else(|| pos(&["<head", "<body", "<div", "<p>", "<article"]));
        return match (feed, html, html_ish) {
            (Some(f), _, Some(h)) if f < h => Format::Feed,
            (Some(_), _, None) => Format::Feed,
            // Some other XML document: the feed reader says clearly that it is not a feed.
            (None, None, _) if t.starts_with("<?xml") => Format::Feed,
            (None, None, None) if ext(".xml") || ext(".rss") || ext(".atom") => Format::Feed,
            _ => Format::Html,
        };
    }
    if ext(".html") || ext(".htm") || ext(".xhtml") {
        return Format::Html;
    }
    if ext(".xml") || ext(".rss") || ext(".atom") {
        return Format::Feed;
    }
    Format::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names() {
        for n in Format::NAMES {
            assert!(n.parse::<Format>().is_ok(), "{n}");
        }
        assert_eq!("RSS".parse::<Format>().unwrap(), Format::Feed);
        assert!("pdf"
            .parse::<Format>()
            .unwrap_err()
            .contains("expected one of"));
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"WARC/1.0\r\n", "x"), Format::Warc);
        assert_eq!(sniff(b"{\"text\": \"a\"}\n", "x"), Format::Jsonl);
        assert_eq!(sniff(b"{broken", "x.jsonl"), Format::Jsonl);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rss version=\"2.0\">", "x"),
            Format::Feed
        );
        assert_eq!(
            sniff(
                b"<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                "x"
            ),
            Format::Feed
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html><head>", "x"), Format::Html);
        assert_eq!(sniff(b"Ocnus.Net\n\nAfrica", "x"), Format::Text);
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(512 * 1024 * 1024), "512 MB");
        assert_eq!(
            over_limit("file", 512 << 20, DEFAULT_MAX_BYTES),
            "file is 512 MB, over the 256 MB limit (raise with --max-mb)"
        );
    }
}
