//! HTML pages: main content through `dom_smoothie` (a Readability port), metadata from
//! `<title>`, OpenGraph, `article:*` meta tags, `<link rel=canonical>`, `<html lang>` and
//! JSON-LD `NewsArticle` (headline, datePublished, author, publisher, isBasedOn).
//!
//! The text keeps one paragraph per block element, paragraphs separated by a blank line, so
//! sentence splitting never runs two paragraphs together.

use crate::dates::parse_date;
use crate::ids::{canonical_url, publisher_for_url};
use dom_query::Document;
use khaldun_model::{Article, Provenance};
use serde_json::Value;

/// Pages nested deeper than this skip the DOM (whose walks recurse) and are read by
/// stripping tags: a best-effort article instead of a stack overflow.
const MAX_DEPTH: usize = 512;
/// Element budget handed to the content extractor.
const MAX_ELEMENTS: usize = 200_000;

/// Parse an HTML page. `base_url` is where it came from (fetch or WARC target), if known.
pub(crate) fn parse_html(html: &str, base_url: Option<&str>) -> Article {
    let mut art = Article {
        format: "html".into(),
        ..Default::default()
    };
    if nesting_depth(html) > MAX_DEPTH {
        art.text = paragraphs(&strip_tags(html));
        art.title = between_ci(html, "<title", "</title>").map(|t| collapse(&strip_tags(t)));
        art.url = base_url.map(str::to_string);
        return art;
    }
    let doc = Document::from(html);
    read_metadata(&doc, &mut art);
    if art.url.is_none() {
        art.url = base_url.map(str::to_string);
    }
    let page_title = doc
        .select("title")
        .iter()
        .next()
        .map(|t| collapse(&t.text()));

    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let doc_url = art
        .url
        .clone()
        .or(base_url.map(str::to_string))
        .filter(|u| canonical_url(u).is_some());
    let extracted =
        dom_smoothie::Readability::with_document(doc, doc_url.as_deref(), Some(cfg.clone()))
            .or_else(|_| {
                dom_smoothie::Readability::with_document(Document::from(html), None, Some(cfg))
            })
            .ok()
            .and_then(|mut r| r.parse().ok());
    match extracted {
        Some(r) => {
            art.text = paragraphs(&r.text_content);
            // A byline paragraph left at the top of the content ("By Awa Traoré and ...").
            if let Some((first, rest)) = art.text.split_once("\n\n") {
                if first.chars().count() < 120
                    && (first.starts_with("By ") || first.starts_with("Par "))
                {
                    if art.byline.is_none() {
                        art.byline = Some(first.to_string());
                    }
                    if art.authors.is_empty() {
                        art.authors = split_authors(&first[first.find(' ').map_or(0, |i| i + 1)..]);
                    }
                    art.text = rest.to_string();
                }
            }
            if art.title.is_none() && !r.title.trim().is_empty() {
                art.title = Some(collapse(&r.title));
            }
            if art.authors.is_empty() {
                if let Some(b) = r
                    .byline
                    .as_deref()
                    .map(collapse)
                    .filter(|b| !b.is_empty() && b.len() < 200)
                {
                    art.byline = Some(b.clone());
                    art.authors =
                        split_authors(b.trim_start_matches("By ").trim_start_matches("by "));
                }
            }
            if art.publisher.is_none() {
                art.publisher = r.site_name.map(|s| collapse(&s)).filter(|s| !s.is_empty());
            }
            if art.published.is_none() {
                art.published = r.published_time.as_deref().and_then(parse_date);
            }
        }
        None => {
            // Too little for a main-content pick: the whole body, as paragraphs.
            let doc = Document::from(html);
            art.text = paragraphs(&doc.select("body").formatted_text());
        }
    }
    if art.title.is_none() {
        art.title = page_title.filter(|t| !t.is_empty());
    }
    if art.publisher.is_none() {
        art.publisher = art.url.as_deref().and_then(publisher_for_url);
    }
    art
}

fn meta(doc: &Document, keys: &[&str]) -> Option<String> {
    for k in keys {
        for attr in ["property", "name", "itemprop"] {
            let sel = format!("meta[{attr}=\"{k}\"]");
            if let Some(v) = doc.select(&sel).iter().find_map(|m| m.attr("content")) {
                let v = collapse(&v);
                if !v.is_empty() {
                    return Some(v);
                }
            }
        }
    }
    None
}

fn read_metadata(doc: &Document, art: &mut Article) {
    let ld = json_ld(doc);
    let ld_str = |k: &str| ld.as_ref().and_then(|v| v.get(k)).and_then(text_of);

    art.title = meta(doc, &["og:title", "twitter:title"])
        .or_else(|| ld_str("headline"))
        .or_else(|| ld_str("name"));
    art.url = doc
        .select("link[rel=\"canonical\"]")
        .iter()
        .find_map(|l| l.attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| canonical_url(h).is_some())
        .or_else(|| meta(doc, &["og:url"]).filter(|h| canonical_url(h).is_some()))
        .or_else(|| ld_str("url").filter(|h| canonical_url(h).is_some()));
    art.publisher = meta(doc, &["og:site_name"]).or_else(|| {
        ld.as_ref()
            .and_then(|v| v.get("publisher"))
            .and_then(name_of)
    });
    art.published = meta(
        doc,
        &[
            "article:published_time",
            "datePublished",
            "pubdate",
            "publishdate",
            "date",
            "dc.date",
            "DC.date.issued",
            "sailthru.date",
            "parsely-pub-date",
        ],
    )
    .and_then(|d| parse_date(&d))
    .or_else(|| ld_str("datePublished").and_then(|d| parse_date(&d)))
    .or_else(|| {
        doc.select("time[datetime]")
            .iter()
            .find_map(|t| t.attr("datetime"))
            .and_then(|d| parse_date(&d))
    });
    art.section = meta(doc, &["article:section"]).or_else(|| ld_str("articleSection"));
    art.language = doc
        .select("html")
        .iter()
        .find_map(|h| h.attr("lang").or_else(|| h.attr("xml:lang")))
        .map(|l| l.trim().to_string())
        .or_else(|| meta(doc, &["og:locale"]).map(|l| l.replace('_', "-")))
        .or_else(|| ld_str("inLanguage"))
        .filter(|l| !l.is_empty());

    let mut authors: Vec<String> = ld
        .as_ref()
        .and_then(|v| v.get("author"))
        .map(names_of)
        .unwrap_or_default();
    if authors.is_empty() {
        if let Some(a) = meta(doc, &["author", "article:author", "byl", "dc.creator"])
            .filter(|a| !a.starts_with("http"))
        {
            art.byline = Some(a.clone());
            authors = split_authors(a.trim_start_matches("By ").trim_start_matches("by "));
        }
    }
    art.authors = authors;

    let mut keywords: Vec<String> = doc
        .select("meta[property=\"article:tag\"]")
        .iter()
        .filter_map(|m| m.attr("content").map(|c| collapse(&c)))
        .collect();
    if keywords.is_empty() {
        if let Some(k) = meta(doc, &["keywords", "news_keywords"]).or_else(|| ld_str("keywords")) {
            keywords = k
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
        }
    }
    art.keywords = keywords;

    if let Some(based) = ld.as_ref().and_then(|v| v.get("isBasedOn")) {
        let items: Vec<&Value> = match based {
            Value::Array(a) => a.iter().collect(),
            v => vec![v],
        };
        for b in items {
            let p = match b {
                Value::String(u) => Provenance {
                    publisher: publisher_for_url(u),
                    url: Some(u.clone()),
                    ..Default::default()
                },
                Value::Object(_) => {
                    let url = b
                        .get("url")
                        .and_then(text_of)
                        .or_else(|| b.get("@id").and_then(text_of));
                    Provenance {
                        publisher: b
                            .get("publisher")
                            .and_then(name_of)
                            .or_else(|| url.as_deref().and_then(publisher_for_url)),
                        publication: b.get("isPartOf").and_then(name_of),
                        author: b
                            .get("author")
                            .map(names_of)
                            .filter(|a| !a.is_empty())
                            .map(|a| a.join(", ")),
                        published: b
                            .get("datePublished")
                            .and_then(text_of)
                            .and_then(|d| parse_date(&d)),
                        url,
                    }
                }
                _ => continue,
            };
            art.republished_from.push(p);
        }
    }
}

/// The first JSON-LD object whose `@type` is an article type (looking inside `@graph` and lists).
fn json_ld(doc: &Document) -> Option<Value> {
    const TYPES: &[&str] = &[
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BlogPosting",
        "Report",
        "WebPage",
    ];
    let mut found: Vec<(usize, Value)> = Vec::new();
    for s in doc.select("script[type=\"application/ld+json\"]").iter() {
        let Ok(v) = serde_json::from_str::<Value>(s.text().trim()) else {
            continue;
        };
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(a) => stack.extend(a),
                Value::Object(ref o) => {
                    if let Some(Value::Array(g)) = o.get("@graph") {
                        stack.extend(g.iter().cloned());
                    }
                    let types: Vec<String> = match o.get("@type") {
                        Some(Value::String(t)) => vec![t.clone()],
                        Some(Value::Array(ts)) => ts
                            .iter()
                            .filter_map(|t| t.as_str().map(str::to_string))
                            .collect(),
                        _ => vec![],
                    };
                    if let Some(rank) = TYPES.iter().position(|t| types.iter().any(|x| x == t)) {
                        found.push((rank, v));
                    }
                }
                _ => {}
            }
        }
    }
    found.sort_by_key(|(r, _)| *r);
    found.into_iter().next().map(|(_, v)| v)
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse(s)).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(a) => a.first().and_then(text_of),
        Value::Object(o) => o.get("@value").or_else(|| o.get("url")).and_then(text_of),
        _ => None,
    }
}

fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => o.get("name").and_then(text_of),
        Value::Array(a) => a.first().and_then(name_of),
        Value::String(s) => Some(collapse(s)).filter(|s| !s.is_empty() && !s.starts_with("http")),
        _ => None,
    }
}

fn names_of(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(name_of).collect(),
        v => name_of(v).map(|n| split_authors(&n)).unwrap_or_default(),
    }
}

fn split_authors(s: &str) -> Vec<String> {
    s.split([',', ';', '&'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" et "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Collapse runs of whitespace to one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every non-empty line becomes a paragraph (whitespace collapsed); paragraphs are separated by
/// a blank line.
pub(crate) fn paragraphs(s: &str) -> String {
    s.lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Text of an HTML fragment (feed content, summaries), as paragraphs.
pub(crate) fn fragment_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return paragraphs(html);
    }
    if nesting_depth(html) > MAX_DEPTH {
        return paragraphs(&strip_tags(html));
    }
    let doc = Document::fragment(html);
    paragraphs(&doc.select("html").formatted_text())
}

/// The deepest nesting of non-void elements, counted without building a tree.
pub(crate) fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "option", "td", "tr", "th", "dt", "dd",
    ];
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = b[start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |e| start + e);
        if end == start {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) {
            let close = b[end..].iter().position(|&c| c == b'>').map(|e| end + e);
            if close.is_some_and(|c| c > 0 && b[c - 1] == b'/') {
                continue;
            }
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Tag stripping for pages too deep for a DOM: drops `<...>`, scripts and styles, decodes a few
/// entities, and turns block ends into line breaks.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let b = html.as_bytes();
    while i < b.len() {
        if b[i] == b'<' {
            for skip in ["script", "style"] {
                if lower[i + 1..].starts_with(skip) {
                    if let Some(e) = lower[i..].find(&format!("</{skip}")) {
                        i += e;
                    }
                }
            }
            let end = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
            let tag = &lower[i..end];
            if [
                "<p", "</p", "<br", "<div", "</div", "<li", "<h", "</h", "<tr",
            ]
            .iter()
            .any(|t| tag.starts_with(t))
            {
                out.push('\n');
            }
            i = end;
        } else {
            let next = html[i..].find('<').map_or(b.len(), |e| i + e);
            out.push_str(&html[i..next]);
            i = next;
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
}

fn between_ci<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let lower = s.to_ascii_lowercase();
    let a = lower.find(open)?;
    let a = a + lower[a..].find('>')? + 1;
    let b = a + lower[a..].find(close)?;
    Some(&s[a..b])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_nesting_not_paragraphs() {
        assert_eq!(
            nesting_depth("<html><body><div><p>a<p>b</div></body></html>"),
            3
        );
        assert_eq!(nesting_depth(&"<div>".repeat(1000)), 1000);
        assert_eq!(nesting_depth("a < b and <br/>"), 0);
    }

    #[test]
    fn deep_pages_are_read_without_a_dom() {
        let html = format!(
            "<title>Deep</title>{}<p>Text at the bottom.</p>",
            "<div>".repeat(50_000)
        );
        let a = parse_html(&html, None);
        assert_eq!(a.title.as_deref(), Some("Deep"));
        assert!(a.text.contains("Text at the bottom."));
    }

    #[test]
    fn fragments_become_paragraphs() {
        assert_eq!(
            fragment_text("<p>One &amp; two.</p><p>Three.</p>"),
            "One & two.\n\nThree."
        );
        assert_eq!(fragment_text("plain"), "plain");
    }
}
