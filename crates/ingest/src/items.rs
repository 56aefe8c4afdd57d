//! Feed items and their linked pages one at a time, for callers that do their own fetching
//! (`khaldun watch`: conditional requests, politeness, items already seen skipped).
//!
//! [`feed_items`] reads a feed into [`FeedItem`]s; an item whose feed carries its full text
//! becomes an article with [`FeedItem::into_article`], and one that carries only a summary
//! gets its linked page read with [`page_article`] (or falls back to the summary).

use khaldun_model::Article;

use crate::feed::{explain_feed_error, force_utf8_declaration, item_parts, merge, FULL_TEXT};
use crate::html::{fragment_text, parse_html};
use crate::{decode, finish, guard, IngestError, IngestOptions};

/// One item of a feed.
#[derive(Debug, Clone)]
pub struct FeedItem {
    /// The item's identity within its feed: its guid or Atom id, else its link.
    pub key: String,
    /// The linked page, when it is an http(s) URL.
    pub link: Option<String>,
    /// The item as the feed gives it: metadata, and as text its full content, else its summary.
    pub article: Article,
    /// The feed gives only a short summary: the text is on the linked page.
    pub needs_page: bool,
    /// Where the item was read (`FEED_URL#itemN`).
    pub origin: String,
}

/// Read a feed's items, in feed order. An unreadable or empty feed is one error.
pub fn feed_items(
    bytes: &[u8],
    charset: Option<&str>,
    origin: &str,
) -> Result<Vec<FeedItem>, IngestError> {
    let err = |cause: String| IngestError::new(origin, cause);
    let declared = charset
        .map(str::to_string)
        .or_else(|| decode::declared_charset(bytes));
    let text = decode::decode(bytes, declared.as_deref(), origin).map_err(err)?;
    let xml = force_utf8_declaration(&text);
    let feed = guard(|| {
        feed_rs::parser::Builder::new()
            .sanitize_content(false)
            .build()
            .parse(xml.as_bytes())
    })
    .map_err(err)?
    .map_err(|e| err(explain_feed_error(&xml, &e)))?;
    let format = match feed.feed_type {
        feed_rs::model::FeedType::Atom => "atom",
        _ => "rss",
    };
    let title = feed
        .title
        .as_ref()
        .map(|t| fragment_text(&t.content))
        .filter(|t| !t.is_empty());
    let lang = feed.language.clone();
    let items = feed.entries.iter().enumerate().map(|(n, entry)| {
        let (mut article, summary, content) =
            item_parts(entry, format, title.as_deref(), lang.as_deref());
        let link = article
            .url
            .clone()
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
        let needs_page = content.is_none() && summary.chars().count() < FULL_TEXT;
        article.text = content.unwrap_or(summary);
        let key = Some(entry.id.trim())
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .or_else(|| link.clone())
            .unwrap_or_else(|| format!("item{}", n + 1));
        FeedItem {
            key,
            link,
            article,
            needs_page,
            origin: format!("{origin}#item{}", n + 1),
        }
    });
    Ok(items.collect())
}

impl FeedItem {
    /// The item as the feed gives it (full text, or the summary when the page is not read).
    pub fn into_article(self, opts: &IngestOptions) -> Result<Article, IngestError> {
        let mut a = self.article;
        if a.text.trim().is_empty() {
            let what = a.title.as_deref().map(|t| format!(" (\"{t}\")"));
            return Err(IngestError::new(
                &self.origin,
                format!("item{} has no content or summary", what.unwrap_or_default()),
            ));
        }
        a.origin = Some(self.origin.clone());
        finish(Ok(a), &self.origin, opts)
    }
}

/// The item's linked page (`bytes` as fetched from `final_url`), its main content extracted,
/// with the feed's metadata filling what the page lacks.
pub fn page_article(
    item: &FeedItem,
    bytes: &[u8],
    charset: Option<&str>,
    final_url: &str,
    opts: &IngestOptions,
) -> Result<Article, IngestError> {
    let declared = charset
        .map(str::to_string)
        .or_else(|| decode::declared_charset(bytes));
    let text = decode::decode(bytes, declared.as_deref(), final_url)
        .map_err(|c| IngestError::new(final_url, c))?;
    let page =
        guard(|| parse_html(&text, Some(final_url))).map_err(|c| IngestError::new(final_url, c))?;
    let link = item.link.as_deref().unwrap_or(final_url);
    let article = merge(page, item.article.clone(), link);
    finish(Ok(article), link, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><guid>g-1</guid><title>Short</title><link>https://example.org/a/1</link>
<description>Only a line.</description></item>
<item><title>No guid</title><link>https://example.org/a/2</link>
<description>Another line.</description></item>
</channel></rss>"#;

    #[test]
    fn items_have_keys_links_and_need_their_pages() {
        let items = feed_items(RSS.as_bytes(), None, "https://example.org/feed").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].key, "g-1");
        assert!(items[0].needs_page);
        assert_eq!(items[0].link.as_deref(), Some("https://example.org/a/1"));
        assert!(!items[1].key.is_empty());
        let a = items[0]
            .clone()
            .into_article(&IngestOptions::default())
            .unwrap();
        assert_eq!(a.text, "Only a line.");
        assert_eq!(a.id, crate::article_id(Some("https://example.org/a/1"), ""));
        assert_eq!(a.publisher.as_deref(), Some("Desk"));
    }

    #[test]
    fn page_text_replaces_the_summary() {
        let items = feed_items(RSS.as_bytes(), None, "feed").unwrap();
        let html = "<html><head><title>Page title</title></head><body><article><p>\
                    Gunmen attacked the village of Sévaré on Monday, killing five people, \
                    officials said. The army sent reinforcements to the area.</p></article>\
                    </body></html>";
        let a = page_article(
            &items[0],
            html.as_bytes(),
            None,
            "https://example.org/a/1",
            &IngestOptions::default(),
        )
        .unwrap();
        assert!(a.text.contains("Sévaré"), "{}", a.text);
        assert_eq!(a.url.as_deref(), Some("https://example.org/a/1"));
    }

    #[test]
    fn malformed_feed_is_one_error() {
        let e = feed_items(b"<rss><channel><item>", None, "feed").unwrap_err();
        assert!(e.to_string().contains("feed"), "{e}");
    }
}
