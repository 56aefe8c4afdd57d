//! The feeds file: TOML (`[[feed]]` tables, optional `[defaults]` and `[politeness]`), or OPML
//! as exported by feed readers.
//!
//! ```toml
//! [[feed]]
//! url = "https://example.org/rss"
//! interval = "5m"       # humantime: 90s, 5m, 1h; default 5m
//! lang = "fr"           # recorded on the articles, overriding what the feed declares
//! fetch_links = true    # read each item's page when the feed gives only a summary
//! country = "ML"        # labels: shown by `khaldun feeds` and in metrics
//! type = "national press"
//! ```

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

/// One watched feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub url: String,
    pub name: Option<String>,
    /// ISO 639-1 code recorded on its articles.
    pub lang: Option<String>,
    pub interval: Duration,
    pub fetch_links: bool,
    /// At most this many linked pages per poll (the rest wait for the next poll).
    pub max_links: usize,
    /// Label: ISO 3166-1 alpha-2 country of the outlet.
    pub country: Option<String>,
    /// Label: kind of outlet (national press, wire, NGO, military communiqués...).
    pub kind: Option<String>,
}

/// How the watcher treats the servers it fetches from.
#[derive(Debug, Clone, PartialEq)]
pub struct Politeness {
    pub user_agent: String,
    /// Requests in flight at once to one host.
    pub per_host_concurrency: usize,
    /// Least time between the starts of two requests to one host (a robots.txt
    /// `Crawl-delay` makes it longer, never shorter).
    pub per_host_delay: Duration,
    /// One request, connection to last byte.
    pub timeout: Duration,
    /// Largest body read.
    pub max_bytes: u64,
    pub max_redirects: u32,
    /// Retries of a request after a transient failure (5xx, 429, timeout, connection).
    pub retries: u32,
    /// First retry's delay; doubled each time, with jitter.
    pub retry_base: Duration,
    /// Longest delay before polling a failing feed again.
    pub max_backoff: Duration,
    /// Obey robots.txt.
    pub robots: bool,
    /// Feeds fetched at once.
    pub workers: usize,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            user_agent: concat!(
                "khaldun-watch/",
                env!("CARGO_PKG_VERSION"),
                " (conflict event monitoring; polite crawler, obeys robots.txt)"
            )
            .into(),
            per_host_concurrency: 2,
            per_host_delay: Duration::from_secs(1),
            timeout: Duration::from_secs(20),
            max_bytes: 8 << 20,
            max_redirects: 5,
            retries: 2,
            retry_base: Duration::from_secs(1),
            max_backoff: Duration::from_secs(6 * 3600),
            robots: true,
            workers: 8,
        }
    }
}

/// A parsed feeds file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WatchConfig {
    pub feeds: Vec<Source>,
    pub politeness: Politeness,
}

/// A feeds file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {cause}")]
pub struct ConfigError {
    pub path: String,
    pub cause: String,
}

const DEFAULT_INTERVAL: Duration = Duration::from_secs(300);

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    defaults: RawFeed,
    #[serde(default)]
    politeness: RawPoliteness,
    #[serde(default)]
    feed: Vec<RawFeed>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    url: Option<String>,
    name: Option<String>,
    lang: Option<String>,
    interval: Option<String>,
    fetch_links: Option<bool>,
    max_links: Option<usize>,
    country: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPoliteness {
    user_agent: Option<String>,
    per_host_concurrency: Option<usize>,
    per_host_delay: Option<String>,
    timeout: Option<String>,
    max_mb: Option<u64>,
    max_redirects: Option<u32>,
    retries: Option<u32>,
    retry_base: Option<String>,
    max_backoff: Option<String>,
    robots: Option<bool>,
    workers: Option<usize>,
}

impl WatchConfig {
    /// Read a feeds file: OPML when it is XML (`.opml`, or starts with `<`), else TOML.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let err = |cause: String| ConfigError {
            path: path.display().to_string(),
            cause,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let is_opml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("opml"))
            || text.trim_start().starts_with('<');
        if is_opml {
            parse_opml(&text).map_err(err)
        } else {
            parse_toml(&text).map_err(err)
        }
    }
}

/// Parse the TOML layout.
pub fn parse_toml(text: &str) -> Result<WatchConfig, String> {
    let raw: RawFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let politeness = politeness(raw.politeness)?;
    let mut feeds = Vec::with_capacity(raw.feed.len());
    for (i, f) in raw.feed.into_iter().enumerate() {
        let f = with_defaults(f, &raw.defaults);
        feeds.push(source(f).map_err(|e| format!("feed {}: {e}", i + 1))?);
    }
    check_unique(&feeds)?;
    Ok(WatchConfig { feeds, politeness })
}

fn with_defaults(f: RawFeed, d: &RawFeed) -> RawFeed {
    RawFeed {
        url: f.url,
        name: f.name,
        lang: f.lang.or_else(|| d.lang.clone()),
        interval: f.interval.or_else(|| d.interval.clone()),
        fetch_links: f.fetch_links.or(d.fetch_links),
        max_links: f.max_links.or(d.max_links),
        country: f.country.or_else(|| d.country.clone()),
        kind: f.kind.or_else(|| d.kind.clone()),
    }
}

fn source(f: RawFeed) -> Result<Source, String> {
    let url = f.url.ok_or("no url")?.trim().to_string();
    let parsed = url::Url::parse(&url).map_err(|e| format!("url {url:?}: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "url {url:?}: only http and https feeds are watched"
        ));
    }
    let interval = match f.interval {
        Some(s) => duration("interval", &s)?,
        None => DEFAULT_INTERVAL,
    };
    if interval < Duration::from_secs(1) {
        return Err("interval must be at least 1s".into());
    }
    let country = f.country.map(|c| c.trim().to_ascii_uppercase());
    if let Some(c) = &country {
        if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(format!("country {c:?}: a two-letter ISO code expected"));
        }
    }
    Ok(Source {
        url,
        name: f.name,
        lang: f.lang.map(|l| l.trim().to_ascii_lowercase()),
        interval,
        fetch_links: f.fetch_links.unwrap_or(true),
        max_links: f.max_links.unwrap_or(50),
        country,
        kind: f.kind,
    })
}

fn politeness(p: RawPoliteness) -> Result<Politeness, String> {
    let d = Politeness::default();
    let dur = |name: &str, v: Option<String>, default: Duration| match v {
        Some(s) => duration(name, &s),
        None => Ok(default),
    };
    Ok(Politeness {
        user_agent: p.user_agent.unwrap_or(d.user_agent),
        per_host_concurrency: p
            .per_host_concurrency
            .unwrap_or(d.per_host_concurrency)
            .max(1),
        per_host_delay: dur("per_host_delay", p.per_host_delay, d.per_host_delay)?,
        timeout: dur("timeout", p.timeout, d.timeout)?,
        max_bytes: p.max_mb.map_or(d.max_bytes, |m| m << 20),
        max_redirects: p.max_redirects.unwrap_or(d.max_redirects),
        retries: p.retries.unwrap_or(d.retries),
        retry_base: dur("retry_base", p.retry_base, d.retry_base)?,
        max_backoff: dur("max_backoff", p.max_backoff, d.max_backoff)?,
        robots: p.robots.unwrap_or(d.robots),
        workers: p.workers.unwrap_or(d.workers).max(1),
    })
}

fn duration(name: &str, s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s.trim()).map_err(|e| format!("{name} {s:?}: {e} (e.g. 90s, 5m, 1h)"))
}

fn check_unique(feeds: &[Source]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for f in feeds {
        if !seen.insert(f.url.as_str()) {
            return Err(format!("feed {} is listed twice", f.url));
        }
    }
    Ok(())
}

/// Parse OPML: every `<outline>` with an `xmlUrl` is a feed; its `title` (else `text`) names it,
/// `language` sets its language, and the enclosing outline's text is its type label.
pub fn parse_opml(text: &str) -> Result<WatchConfig, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut groups: Vec<Option<String>> = Vec::new();
    let mut feeds = Vec::new();
    loop {
        let ev = reader.read_event().map_err(|e| {
            format!(
                "OPML is malformed near byte {}: {e}",
                reader.error_position()
            )
        })?;
        let (tag, open) = match &ev {
            Event::Start(t) => (t, true),
            Event::Empty(t) => (t, false),
            Event::End(t) if t.name().as_ref() == "outline" => {
                groups.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if tag.name().as_ref() != "outline" {
            continue;
        }
        let attr = |key: &str| {
            tag.attributes()
                .flatten()
                .find(|a| a.key.as_ref().eq_ignore_ascii_case(key))
                .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let label = attr("title").or_else(|| attr("text"));
        if let Some(url) = attr("xmlUrl") {
            let raw = RawFeed {
                url: Some(url.clone()),
                name: label.clone(),
                lang: attr("language"),
                kind: groups.iter().rev().flatten().next().cloned(),
                ..Default::default()
            };
            feeds.push(source(raw).map_err(|e| format!("outline {url:?}: {e}"))?);
        }
        if open {
            groups.push(label);
        }
    }
    if feeds.is_empty() {
        return Err("no <outline xmlUrl=...> feed in this OPML file".into());
    }
    check_unique(&feeds)?;
    Ok(WatchConfig {
        feeds,
        politeness: Politeness::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_feeds_with_defaults_and_labels() {
        let cfg = parse_toml(
            r#"
[defaults]
interval = "10m"
fetch_links = false
[politeness]
per_host_delay = "250ms"
retries = 1
[[feed]]
url = "https://example.org/rss"
lang = "FR"
country = "ml"
type = "national press"
[[feed]]
url = "https://wire.example.com/atom"
interval = "90s"
fetch_links = true
"#,
        )
        .unwrap();
        assert_eq!(cfg.feeds.len(), 2);
        let a = &cfg.feeds[0];
        assert_eq!(a.interval, Duration::from_secs(600));
        assert!(!a.fetch_links);
        assert_eq!(a.lang.as_deref(), Some("fr"));
        assert_eq!(a.country.as_deref(), Some("ML"));
        assert_eq!(a.kind.as_deref(), Some("national press"));
        assert_eq!(cfg.feeds[1].interval, Duration::from_secs(90));
        assert!(cfg.feeds[1].fetch_links);
        assert_eq!(cfg.politeness.per_host_delay, Duration::from_millis(250));
        assert_eq!(cfg.politeness.retries, 1);
    }

    #[test]
    fn bad_toml_feeds_get_clear_errors() {
        for (text, needle) in [
            ("[[feed]]\nurl = \"ftp://x.org/f\"", "only http"),
            ("[[feed]]\nname = \"x\"", "no url"),
            (
                "[[feed]]\nurl = \"https://x.org/f\"\ninterval = \"soon\"",
                "interval",
            ),
            (
                "[[feed]]\nurl = \"https://x.org/f\"\ncountry = \"Mali\"",
                "two-letter",
            ),
            (
                "[[feed]]\nurl = \"https://x.org/f\"\n[[feed]]\nurl = \"https://x.org/f\"",
                "twice",
            ),
            (
                "[[feed]]\nurl = \"https://x.org/f\"\ncolour = \"red\"",
                "colour",
            ),
            ("[[feed]\nurl = 1", "TOML"),
        ] {
            let e = parse_toml(text).unwrap_err();
            assert!(e.contains(needle) || needle == "TOML", "{text}: {e}");
        }
    }

    #[test]
    fn opml_outlines_become_feeds_with_their_group_as_type() {
        let cfg = parse_opml(
            r#"<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Wire services">
  <outline type="rss" text="Wire A" xmlUrl="https://a.example.org/rss" language="en"/>
</outline>
<outline type="rss" title="Loose" text="L" xmlUrl="https://b.example.org/feed"/>
</body></opml>"#,
        )
        .unwrap();
        assert_eq!(cfg.feeds.len(), 2);
        assert_eq!(cfg.feeds[0].kind.as_deref(), Some("Wire services"));
        assert_eq!(cfg.feeds[0].lang.as_deref(), Some("en"));
        assert_eq!(cfg.feeds[0].name.as_deref(), Some("Wire A"));
        assert_eq!(cfg.feeds[1].kind, None);
        assert_eq!(cfg.feeds[1].name.as_deref(), Some("Loose"));
        assert!(parse_opml("<opml><body><outline text='x'>").is_err());
        assert!(parse_opml("<opml><body></body></opml>")
            .unwrap_err()
            .contains("no <outline"));
    }
}
