//! robots.txt (RFC 9309), parsed by `texting_robots`, cached per origin for a day.
//!
//! An answer in the 4xx range means no rules (everything allowed); a 5xx answer or no answer
//! means "unreachable", which RFC 9309 says to take as disallowing everything; such an
//! outcome is cached for ten minutes only.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::fetch::{FetchError, Fetched};

/// The token matched against `User-agent:` lines.
pub const ROBOTS_AGENT: &str = "khaldun-watch";

const KEEP: Duration = Duration::from_secs(24 * 3600);
const KEEP_UNREACHABLE: Duration = Duration::from_secs(600);

/// The rules of one origin.
pub enum Rules {
    AllowAll,
    DisallowAll,
    Parsed(Box<texting_robots::Robot>),
    /// The address guard refused the host: so will it the page.
    Refused(String),
}

impl Rules {
    pub fn allowed(&self, url: &str) -> bool {
        match self {
            Rules::AllowAll => true,
            Rules::DisallowAll | Rules::Refused(_) => false,
            Rules::Parsed(r) => r.allowed(url),
        }
    }

    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::Parsed(r) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(Duration::from_secs_f32),
            _ => None,
        }
    }

    /// Rules from a robots.txt fetch.
    pub fn from_fetch(result: Result<Fetched, FetchError>) -> (Rules, Duration) {
        match result {
            Ok(Fetched::Page(p)) => match texting_robots::Robot::new(ROBOTS_AGENT, &p.bytes) {
                Ok(r) => (Rules::Parsed(Box::new(r)), KEEP),
                // Unparseable rules are no rules.
                Err(_) => (Rules::AllowAll, KEEP),
            },
            Ok(Fetched::NotModified) => (Rules::AllowAll, KEEP),
            Err(FetchError::Status(s)) if (400..500).contains(&s) => (Rules::AllowAll, KEEP),
            Err(FetchError::TooBig(_)) => (Rules::AllowAll, KEEP),
            Err(FetchError::Refused(m)) => (Rules::Refused(m), KEEP_UNREACHABLE),
            Err(_) => (Rules::DisallowAll, KEEP_UNREACHABLE),
        }
    }
}

/// Cached rules per origin (`scheme://host:port`).
#[derive(Default)]
pub struct Robots {
    cache: Mutex<HashMap<String, (Instant, Arc<Rules>)>>,
    /// Held while a robots.txt is fetched, so that threads asking for one origin at once
    /// fetch it once (robots.txt fetches are rare: one per origin a day).
    fetching: Mutex<()>,
}

impl Robots {
    /// The rules for `url`'s origin, fetching `/robots.txt` with `fetch` when not cached.
    pub fn rules_for(
        &self,
        url: &str,
        fetch: impl FnOnce(&str) -> Result<Fetched, FetchError>,
    ) -> Arc<Rules> {
        let Some(robots_url) = robots_url(url) else {
            return Arc::new(Rules::AllowAll);
        };
        if let Some(rules) = self.cached(&robots_url) {
            return rules;
        }
        let _one = self.fetching.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(rules) = self.cached(&robots_url) {
            return rules;
        }
        let (rules, keep) = Rules::from_fetch(fetch(&robots_url));
        let rules = Arc::new(rules);
        self.lock()
            .insert(robots_url, (Instant::now() + keep, rules.clone()));
        rules
    }

    fn cached(&self, robots_url: &str) -> Option<Arc<Rules>> {
        let cache = self.lock();
        let (until, rules) = cache.get(robots_url)?;
        (Instant::now() < *until).then(|| rules.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, Arc<Rules>)>> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn robots_url(url: &str) -> Option<String> {
    let mut u = url::Url::parse(url).ok()?;
    u.set_path("/robots.txt");
    u.set_query(None);
    u.set_fragment(None);
    Some(u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::{Page, Validators};

    fn page(body: &str) -> Result<Fetched, FetchError> {
        Ok(Fetched::Page(Page {
            bytes: body.as_bytes().to_vec(),
            url: "http://h/robots.txt".into(),
            content_type: None,
            charset: None,
            validators: Validators::default(),
        }))
    }

    #[test]
    fn rules_follow_the_file_and_the_status() {
        let (r, _) = Rules::from_fetch(page(
            "User-agent: *\nDisallow: /private\nCrawl-delay: 2\n\nUser-agent: khaldun-watch\nDisallow: /nowatch\n",
        ));
        assert!(r.allowed("http://h/news/1"));
        assert!(
            r.allowed("http://h/private/1"),
            "the specific group replaces *"
        );
        assert!(!r.allowed("http://h/nowatch/x"));
        let (r, _) = Rules::from_fetch(page("User-agent: *\nDisallow: /private\nCrawl-delay: 2\n"));
        assert!(!r.allowed("http://h/private/1"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(2)));
        assert!(Rules::from_fetch(Err(FetchError::Status(404)))
            .0
            .allowed("http://h/x"));
        let (r, keep) = Rules::from_fetch(Err(FetchError::Status(503)));
        assert!(!r.allowed("http://h/x"));
        assert_eq!(keep, KEEP_UNREACHABLE);
    }

    #[test]
    fn rules_are_fetched_once_per_origin() {
        let robots = Robots::default();
        let mut calls = 0;
        for path in ["/a", "/b", "/c?x=1"] {
            robots.rules_for(&format!("http://h:81{path}"), |u| {
                assert_eq!(u, "http://h:81/robots.txt");
                calls += 1;
                page("")
            });
        }
        assert_eq!(calls, 1);
    }
}
