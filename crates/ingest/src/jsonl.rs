//! JSON Lines: one article per record, streamed line by line with bounded memory.
//!
//! Field names default to the Voice of America corpus (`id, url, section, title, author,
//! published, keywords, text`) and can be remapped with a [`FieldMap`]. The article text is
//! the record's text field exactly, untouched, because external scorers count offsets into it.

use crate::dates::parse_date;
use crate::ids::publisher_for_url;
use crate::{IngestError, IngestOptions};
use khaldun_model::Article;
use serde_json::Value;
use std::io::BufRead;
use std::str::FromStr;

/// Which JSON field holds each article field. `FieldMap::default()` is the VOA layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    pub id: String,
    pub url: String,
    pub section: String,
    pub title: String,
    pub author: String,
    pub published: String,
    pub keywords: String,
    pub text: String,
    pub language: String,
    pub publisher: String,
}

impl Default for FieldMap {
    fn default() -> Self {
        FieldMap {
            id: "id".into(),
            url: "url".into(),
            section: "section".into(),
            title: "title".into(),
            author: "author".into(),
            published: "published".into(),
            keywords: "keywords".into(),
            text: "text".into(),
            language: "language".into(),
            publisher: "publisher".into(),
        }
    }
}

impl FieldMap {
    /// The names that can be remapped, as written in a mapping.
    pub const NAMES: &'static [&'static str] = &[
        "id",
        "url",
        "section",
        "title",
        "author",
        "published",
        "keywords",
        "text",
        "language",
        "publisher",
    ];

    fn slot(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "id" => &mut self.id,
            "url" => &mut self.url,
            "section" => &mut self.section,
            "title" => &mut self.title,
            "author" | "authors" => &mut self.author,
            "published" | "date" => &mut self.published,
            "keywords" => &mut self.keywords,
            "text" | "body" => &mut self.text,
            "language" | "lang" => &mut self.language,
            "publisher" | "source" => &mut self.publisher,
            _ => return None,
        })
    }
}

/// `"text=body,published=date,title=headline"`: article field = JSON field, comma-separated;
/// fields not named keep their default.
impl FromStr for FieldMap {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let mut map = FieldMap::default();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (ours, theirs) = pair
                .split_once('=')
                .ok_or_else(|| format!("field mapping \"{pair}\" should look like text=body"))?;
            let (ours, theirs) = (ours.trim(), theirs.trim());
            if theirs.is_empty() {
                return Err(format!("field mapping \"{pair}\" names no JSON field"));
            }
            *map.slot(ours).ok_or_else(|| {
                format!(
                    "unknown article field \"{ours}\" in field mapping (known: {})",
                    FieldMap::NAMES.join(", ")
                )
            })? = theirs.to_string();
        }
        Ok(map)
    }
}

/// Streams records from a reader; yields one item per non-blank line, in input order.
pub(crate) struct JsonlIter<R> {
    reader: R,
    origin: String,
    line: usize,
    opts: IngestOptions,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlIter<R> {
    pub(crate) fn new(reader: R, origin: String, opts: IngestOptions) -> Self {
        JsonlIter {
            reader,
            origin,
            line: 0,
            opts,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonlIter<R> {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            let limit = usize::try_from(self.opts.max_bytes).unwrap_or(usize::MAX);
            let (n, overflow) = match read_line_bounded(&mut self.reader, &mut self.buf, limit) {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    return Some(Err(IngestError::at_line(
                        &self.origin,
                        self.line + 1,
                        format!("read failed: {e}"),
                    )));
                }
            };
            if n == 0 {
                self.done = true;
                return None;
            }
            self.line += 1;
            if overflow {
                return Some(Err(IngestError::at_line(
                    &self.origin,
                    self.line,
                    format!(
                        "line is over the {} limit (raise with --max-mb)",
                        crate::human_size(self.opts.max_bytes)
                    ),
                )));
            }
            let mut bytes = &self.buf[..];
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let origin = format!("{}:{}", self.origin, self.line);
            let result = record(bytes, &self.opts)
                .map(|mut a| {
                    a.origin = Some(origin.clone());
                    a
                })
                .map_err(|cause| IngestError::at_line(&self.origin, self.line, cause));
            return Some(result);
        }
    }
}

/// Read through the next `\n`, keeping at most `limit` bytes. Returns (bytes consumed, overflowed).
fn read_line_bounded<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<(usize, bool)> {
    let mut total = 0;
    let mut overflow = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((total, overflow));
        }
        let (chunk, found) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        if !overflow && buf.len() + chunk.len() <= limit {
            buf.extend_from_slice(chunk);
        } else {
            overflow = true;
            buf.clear();
        }
        let used = chunk.len();
        total += used;
        r.consume(used);
        if found {
            return Ok((total, overflow));
        }
    }
}

/// One record to an article.
fn record(bytes: &[u8], opts: &IngestOptions) -> Result<Article, String> {
    let line = std::str::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 (byte {})", e.valid_up_to() + 1))?;
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Object(obj) = &v else {
        return Err("not a JSON object".into());
    };
    let f = &opts.fields;
    let text = match obj.get(&f.text) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => return Err(format!("no \"{}\" field", f.text)),
        Some(_) => return Err(format!("\"{}\" is not a string", f.text)),
    };
    if text.trim().is_empty() {
        return Err(format!("\"{}\" is empty", f.text));
    }
    let string = |k: &str| match obj.get(k) {
        Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let list = |k: &str, split: fn(&str) -> Vec<String>| match obj.get(k) {
        Some(Value::String(s)) => split(s),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Object(o) => o
                    .get("name")
                    .and_then(Value::as_str)
                    .map(|s| s.trim().to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    let url = string(&f.url);
    let language = string(&f.language)
        .or_else(|| (f.language == "language").then(|| string("lang")).flatten());
    Ok(Article {
        source_id: string(&f.id),
        publisher: string(&f.publisher).or_else(|| url.as_deref().and_then(publisher_for_url)),
        section: string(&f.section),
        title: string(&f.title),
        authors: list(&f.author, split_authors),
        published: string(&f.published).and_then(|d| parse_date(&d)),
        keywords: list(&f.keywords, |s| {
            s.split(',')
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect()
        }),
        language,
        url,
        format: "jsonl".into(),
        text,
        ..Default::default()
    })
}

fn split_authors(s: &str) -> Vec<String> {
    s.split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str, opts: IngestOptions) -> Vec<Result<Article, IngestError>> {
        JsonlIter::new(input.as_bytes(), "t.jsonl".into(), opts).collect()
    }

    #[test]
    fn voa_fields_and_exact_text() {
        let line = r#"{"id": "8011115", "url": "https://www.voanews.com/a/x/8011115.html", "section": "Middle East", "title": "T", "author": "Jeff Seldin", "published": "2025-03-14 20:30:26Z", "keywords": "Middle East, Syria", "text": "  One.  Two \n"}"#;
        let out = read(line, IngestOptions::default());
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.text, "  One.  Two \n");
        assert_eq!(a.source_id.as_deref(), Some("8011115"));
        assert_eq!(a.published.as_deref(), Some("2025-03-14T20:30:26Z"));
        assert_eq!(a.publisher.as_deref(), Some("Voice of America"));
        assert_eq!(a.keywords, vec!["Middle East", "Syria"]);
        assert_eq!(a.authors, vec!["Jeff Seldin"]);
        assert_eq!(a.origin.as_deref(), Some("t.jsonl:1"));
    }

    #[test]
    fn bad_lines_name_their_line_and_the_stream_goes_on() {
        let input = "{\"text\": \"a\"}\n\n{broken\n[1]\n{\"title\": \"x\"}\n{\"text\": \"b\"}";
        let out = read(input, IngestOptions::default());
        assert_eq!(out.len(), 5);
        assert!(out[0].is_ok() && out[4].is_ok());
        let e = out[1].as_ref().unwrap_err();
        assert_eq!((e.origin.as_str(), e.line), ("t.jsonl:3", Some(3)));
        assert!(e.cause.starts_with("not valid JSON"), "{e}");
        assert_eq!(out[2].as_ref().unwrap_err().cause, "not a JSON object");
        assert_eq!(out[3].as_ref().unwrap_err().cause, "no \"text\" field");
    }

    #[test]
    fn field_mapping() {
        let fields: FieldMap = "text=body,published=date,title=headline".parse().unwrap();
        let opts = IngestOptions {
            fields,
            ..Default::default()
        };
        let out = read(
            r#"{"body": "B", "date": "22 May 2022", "headline": "H"}"#,
            opts,
        );
        let a = out[0].as_ref().unwrap();
        assert_eq!(
            (a.text.as_str(), a.title.as_deref(), a.published.as_deref()),
            ("B", Some("H"), Some("2022-05-22"))
        );
        assert!("nonsense=x".parse::<FieldMap>().is_err());
        assert!("text".parse::<FieldMap>().is_err());
    }

    #[test]
    fn long_lines_are_refused_not_buffered() {
        let opts = IngestOptions {
            max_bytes: 64,
            ..Default::default()
        };
        let input = format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"ok\"}}\n",
            "x".repeat(500)
        );
        let out = read(&input, opts);
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .cause
            .contains("over the 64 bytes limit"));
        assert_eq!(out[1].as_ref().unwrap().text, "ok");
    }
}
