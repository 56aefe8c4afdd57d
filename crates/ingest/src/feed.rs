//! RSS 2.0 and Atom feeds (through `feed-rs`): one article per item.
//!
//! An item with full content (`content:encoded`, Atom `<content>`, or a long description)
//! becomes an article directly. An item with only a summary gets its linked page fetched
//! when [`IngestOptions::fetch_links`] is set (at most [`IngestOptions::max_links`] pages,
//! each with the usual timeout and size limit), else its summary is the text.

use crate::html::{fragment_text, parse_html};
use crate::{fetch, IngestError, IngestOptions};
use feed_rs::model::{Entry, FeedType};
use khaldun_model::Article;
use quick_xml::events::Event;

/// A description at least this long (in characters of text) is taken as the full article.
pub(crate) const FULL_TEXT: usize = 1200;

pub(crate) fn parse_feed(
    xml: &str,
    origin: &str,
    opts: &IngestOptions,
) -> Vec<Result<Article, IngestError>> {
    let err = |cause: String| vec![Err(IngestError::new(origin, cause))];
    let xml = force_utf8_declaration(xml);
    let feed = match feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .build()
        .parse(xml.as_bytes())
    {
        Ok(f) => f,
        Err(e) => return err(explain_feed_error(&xml, &e)),
    };
    if feed.entries.is_empty() {
        return err("feed has no items".into());
    }
    let format = match feed.feed_type {
        FeedType::Atom => "atom",
        _ => "rss",
    };
    let feed_title = feed
        .title
        .as_ref()
        .map(|t| fragment_text(&t.content))
        .filter(|t| !t.is_empty());
    let feed_lang = feed.language.clone();
    let mut fetched = 0usize;
    let mut out = Vec::with_capacity(feed.entries.len());
    for (n, entry) in feed.entries.iter().enumerate() {
        let item_origin = format!("{origin}#item{}", n + 1);
        let (mut art, summary, content) =
            item_parts(entry, format, feed_title.as_deref(), feed_lang.as_deref());
        art.text = match content {
            Some(c) => c,
            None if summary.chars().count() >= FULL_TEXT => summary,
            None => {
                let link = art
                    .url
                    .clone()
                    .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
                match link {
                    Some(link) if opts.fetch_links && fetched < opts.max_links => {
                        fetched += 1;
                        match fetch_page(&link, opts) {
                            Ok(page) => {
                                out.push(Ok(merge(page, art, &link)));
                                continue;
                            }
                            Err(cause) if summary.trim().is_empty() => {
                                out.push(Err(IngestError::new(&item_origin, cause)));
                                continue;
                            }
                            // The page failed, but the summary still says something.
                            Err(_) => summary,
                        }
                    }
                    _ => summary,
                }
            }
        };
        if art.text.trim().is_empty() {
            let what = art
                .title
                .as_deref()
                .map(|t| format!(" (\"{t}\")"))
                .unwrap_or_default();
            out.push(Err(IngestError::new(
                &item_origin,
                format!("item{what} has no content or summary"),
            )));
            continue;
        }
        art.origin = Some(origin.to_string());
        out.push(Ok(art));
    }
    out
}

/// A feed entry's article (metadata only, no text), its summary text and its full content if
/// the feed carries it. The feed's title and language fill what the entry lacks.
pub(crate) fn item_parts(
    entry: &Entry,
    format: &str,
    feed_title: Option<&str>,
    feed_lang: Option<&str>,
) -> (Article, String, Option<String>) {
    let mut art = entry_article(entry, format);
    if art.language.is_none() {
        art.language = feed_lang.map(str::to_string);
    }
    if art.publisher.is_none() {
        let host = art.url.as_deref().and_then(crate::ids::host_of);
        art.publisher = host
            .as_deref()
            .and_then(crate::ids::known_publisher)
            .map(str::to_string)
            .or_else(|| feed_title.map(str::to_string))
            .or(host);
    }
    let summary = entry
        .summary
        .as_ref()
        .map(|s| fragment_text(&s.content))
        .unwrap_or_default();
    let content = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .map(fragment_text)
        .filter(|c| !c.trim().is_empty());
    (art, summary, content)
}

fn entry_article(e: &Entry, format: &str) -> Article {
    let url = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(e.links.first())
        .map(|l| l.href.trim().to_string());
    let authors = e
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().map(person_name))
        .filter(|n| !n.is_empty())
        .collect();
    Article {
        url,
        title: e
            .title
            .as_ref()
            .map(|t| fragment_text(&t.content).replace("\n\n", " "))
            .filter(|t| !t.is_empty()),
        authors,
        published: e
            .published
            .or(e.updated)
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        keywords: e
            .categories
            .iter()
            .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
            .collect(),
        language: e.language.clone(),
        format: format.into(),
        ..Default::default()
    }
}

/// RSS authors are often "desk@example.org (Awa Traoré)": keep the name.
fn person_name(s: &str) -> String {
    let s = s.trim();
    if s.starts_with('(') && s.ends_with(')') {
        return s[1..s.len() - 1].trim().to_string();
    }
    if let (Some(a), Some(b)) = (s.find('('), s.rfind(')')) {
        if a < b && s[..a].contains('@') {
            return s[a + 1..b].trim().to_string();
        }
    }
    s.to_string()
}

fn fetch_page(link: &str, opts: &IngestOptions) -> Result<Article, String> {
    let page = fetch::fetch(link, opts)?;
    let text = crate::decode::decode(&page.bytes, page.charset.as_deref(), &page.url)?;
    Ok(parse_html(&text, Some(&page.url)))
}

/// The fetched page's metadata wins; the feed item fills what the page lacks.
pub(crate) fn merge(mut page: Article, item: Article, link: &str) -> Article {
    page.title = page.title.or(item.title);
    page.published = page.published.or(item.published);
    if page.authors.is_empty() {
        page.authors = item.authors;
    }
    if page.keywords.is_empty() {
        page.keywords = item.keywords;
    }
    page.language = page.language.or(item.language);
    page.publisher = page.publisher.or(item.publisher);
    page.url = page.url.or(item.url);
    page.format = item.format;
    page.origin = Some(link.to_string());
    page
}

/// The text was decoded already: make the XML declaration say so, or quick-xml would decode
/// it a second time from the declared charset.
pub(crate) fn force_utf8_declaration(xml: &str) -> String {
    let trimmed = xml.trim_start_matches('\u{feff}');
    if trimmed.starts_with("<?xml") {
        if let Some(end) = trimmed.find("?>") {
            let decl = &trimmed[..end];
            if let Some(at) = decl.find("encoding") {
                let rest = &decl[at..];
                if let Some(q1) = rest.find(['"', '\'']) {
                    let quote = rest.as_bytes()[q1] as char;
                    if let Some(q2) = rest[q1 + 1..].find(quote) {
                        let (s, e) = (at + q1 + 1, at + q1 + 1 + q2);
                        return format!("{}UTF-8{}", &trimmed[..s], &trimmed[e..]);
                    }
                }
            }
        }
    }
    trimmed.to_string()
}

/// A person-readable reason a feed did not parse, with the line of the XML error if any.
pub(crate) fn explain_feed_error(xml: &str, e: &feed_rs::parser::ParseFeedError) -> String {
    if let Some((line, msg)) = xml_error(xml) {
        return format!("feed XML is malformed at line {line}: {msg}");
    }
    match e {
        feed_rs::parser::ParseFeedError::ParseError(k) => format!("not an RSS or Atom feed ({k})"),
        other => format!("feed could not be read: {other}"),
    }
}

/// First well-formedness error in `xml`: (1-based line, message).
pub(crate) fn xml_error(xml: &str) -> Option<(usize, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut open: Vec<(String, u64)> = Vec::new();
    let line_at = |pos: u64| khaldun_model::line_of(xml, pos as usize);
    loop {
        let before = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(s)) => open.push((
                String::from_utf8_lossy(s.name().as_ref().as_bytes()).into_owned(),
                before,
            )),
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => {
                return open.last().map(|(name, pos)| {
                    (
                        line_at(*pos),
                        format!("element <{name}> is never closed (file truncated?)"),
                    )
                });
            }
            Ok(_) => {}
            Err(e) => return Some((line_at(reader.error_position()), e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_xml_errors() {
        let (line, msg) = xml_error("<rss>\n<channel>\n<item><title>x</titl></item>").unwrap();
        assert_eq!(line, 3, "{msg}");
        let (line, msg) = xml_error("<rss>\n<channel>\n<item>").unwrap();
        assert_eq!(line, 3);
        assert!(msg.contains("never closed"), "{msg}");
        assert_eq!(xml_error("<a><b/></a>"), None);
    }

    #[test]
    fn rewrites_declared_encoding() {
        assert_eq!(
            force_utf8_declaration("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss/>"
        );
    }

    #[test]
    fn rss_author_names() {
        assert_eq!(person_name("desk@example.org (Awa Traoré)"), "Awa Traoré");
        assert_eq!(person_name("Awa Traoré"), "Awa Traoré");
        assert_eq!(person_name("(Daniel Okafor)"), "Daniel Okafor");
    }
}
