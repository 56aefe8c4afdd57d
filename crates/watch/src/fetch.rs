//! Polite HTTP: conditional GETs, per-host concurrency and spacing, robots.txt, a clear
//! User-Agent, timeouts, size limits, bounded redirects and retries with backoff and jitter.
//! Requests go through ingest's address guard ([`khaldun_ingest::guarded_agent`]): loopback,
//! private and other non-public addresses are refused unless private fetches are allowed.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use khaldun_ingest::IngestOptions;

use crate::backoff::retry_delay;
use crate::config::Politeness;
use crate::robots::Robots;

/// Validators of a previous answer, for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A complete answer.
#[derive(Debug, Clone)]
pub struct Page {
    pub bytes: Vec<u8>,
    /// The URL after redirects.
    pub url: String,
    pub content_type: Option<String>,
    pub charset: Option<String>,
    pub validators: Validators,
}

/// What a GET gave.
#[derive(Debug, Clone)]
pub enum Fetched {
    Page(Page),
    /// 304: unchanged since the validators sent.
    NotModified,
}

/// Why a GET failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("the server answered HTTP {0}")]
    Status(u16),
    #[error("no complete answer within the timeout")]
    Timeout,
    #[error("the answer is over the {0}-byte limit")]
    TooBig(u64),
    #[error("too many redirects")]
    TooManyRedirects,
    #[error("{0}")]
    Refused(String),
    #[error("robots.txt disallows {0}")]
    Robots(String),
    #[error("{0}")]
    Network(String),
    #[error("not a valid http(s) URL: {0}")]
    BadUrl(String),
}

impl FetchError {
    /// Worth retrying soon: the server or the network may do better next time.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status(s) => *s >= 500 || *s == 429 || *s == 408,
            FetchError::Timeout | FetchError::Network(_) => true,
            _ => false,
        }
    }

    /// A short label for metrics and `khaldun feeds`.
    pub fn kind(&self) -> String {
        match self {
            FetchError::Status(s) => format!("http {s}"),
            FetchError::Timeout => "timeout".into(),
            FetchError::TooBig(_) => "too big".into(),
            FetchError::TooManyRedirects => "redirects".into(),
            FetchError::Refused(_) => "refused".into(),
            FetchError::Robots(_) => "robots".into(),
            FetchError::Network(_) => "network".into(),
            FetchError::BadUrl(_) => "bad url".into(),
        }
    }
}

/// The fetcher shared by the watcher's threads.
pub struct Fetcher {
    agent: ureq::Agent,
    hosts: HostLimits,
    robots: Option<Robots>,
    pol: Politeness,
    rng: Mutex<fastrand::Rng>,
    requests: std::sync::atomic::AtomicU64,
}

impl Fetcher {
    /// `ingest` gives the address guard's settings (`allow_private_fetch`, `fetch_allow`).
    pub fn new(pol: Politeness, ingest: &IngestOptions) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(pol.timeout))
            .max_redirects(pol.max_redirects)
            .http_status_as_error(false)
            .user_agent(pol.user_agent.as_str());
        Fetcher {
            agent: khaldun_ingest::guarded_agent(config, ingest),
            hosts: HostLimits::new(pol.per_host_concurrency, pol.per_host_delay),
            robots: pol.robots.then(Robots::default),
            rng: Mutex::new(fastrand::Rng::new()),
            requests: Default::default(),
            pol,
        }
    }

    /// Requests sent so far (robots.txt and retries included).
    pub fn requests(&self) -> u64 {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How long until a request to `url`'s host may start (zero: now); a host with all its
    /// requests in flight counts as a short wait.
    pub fn wait_for(&self, url: &str) -> Duration {
        host_key(url).map_or(Duration::ZERO, |h| self.hosts.wait(&h))
    }

    /// GET `url`, conditionally when `validators` are given, retrying transient failures.
    pub fn get(&self, url: &str, validators: Option<&Validators>) -> Result<Fetched, FetchError> {
        let host = host_key(url)?;
        if let Some(robots) = &self.robots {
            let rules = robots.rules_for(url, |u| self.get_once(&host, u, None, 512 << 10));
            if let crate::robots::Rules::Refused(m) = &*rules {
                return Err(FetchError::Refused(m.clone()));
            }
            if !rules.allowed(url) {
                return Err(FetchError::Robots(url.to_string()));
            }
            if let Some(delay) = rules.crawl_delay() {
                self.hosts.at_least(&host, delay);
            }
        }
        let mut attempt = 0;
        loop {
            match self.get_once(&host, url, validators, self.pol.max_bytes) {
                Err(e) if e.is_transient() && attempt < self.pol.retries => {
                    attempt += 1;
                    let wait = {
                        let mut rng = self.rng.lock().unwrap_or_else(|p| p.into_inner());
                        retry_delay(attempt, self.pol.retry_base, self.pol.max_backoff, &mut rng)
                    };
                    tracing::debug!(url, attempt, error = %e, ?wait, "retrying");
                    std::thread::sleep(wait);
                }
                other => return other,
            }
        }
    }

    fn get_once(
        &self,
        host: &str,
        url: &str,
        validators: Option<&Validators>,
        max_bytes: u64,
    ) -> Result<Fetched, FetchError> {
        let _slot = self.hosts.acquire(host);
        self.requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut req = self.agent.get(url);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header("If-None-Match", etag.as_str());
            }
            if let Some(lm) = &v.last_modified {
                req = req.header("If-Modified-Since", lm.as_str());
            }
        }
        let mut resp = req.call().map_err(describe)?;
        let status = resp.status().as_u16();
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&status) {
            if let Some(wait) = retry_after(&resp) {
                // The server says when it can take requests again: no request to this host
                // before then (at most a minute; a longer wait is the feed backoff's job).
                self.hosts.hold(host, wait.min(Duration::from_secs(60)));
            }
            return Err(FetchError::Status(status));
        }
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let content_type = header("content-type");
        let final_url = {
            use ureq::ResponseExt;
            resp.get_uri().to_string()
        };
        let charset = resp.body().charset().map(str::to_string);
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(max_bytes)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => FetchError::TooBig(max_bytes),
                other => describe(other),
            })?;
        Ok(Fetched::Page(Page {
            bytes,
            url: final_url,
            content_type,
            charset,
            validators,
        }))
    }
}

/// `Retry-After` in seconds on a 429 or 503 (the HTTP-date form is not read).
fn retry_after(resp: &ureq::http::Response<ureq::Body>) -> Option<Duration> {
    if !matches!(resp.status().as_u16(), 429 | 503) {
        return None;
    }
    let v = resp.headers().get("retry-after")?.to_str().ok()?;
    v.trim().parse::<u64>().ok().map(Duration::from_secs)
}

fn describe(e: ureq::Error) -> FetchError {
    match e {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects,
        ureq::Error::StatusCode(s) => FetchError::Status(s),
        ureq::Error::BodyExceedsLimit(n) => FetchError::TooBig(n),
        ureq::Error::HostNotFound => FetchError::Network("host not found".into()),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout,
        ureq::Error::Io(io) => FetchError::Network(format!("could not connect: {io}")),
        ureq::Error::Other(e) if e.to_string().starts_with("refused:") => {
            FetchError::Refused(e.to_string())
        }
        ureq::Error::BadUri(u) => FetchError::BadUrl(u),
        other => FetchError::Network(other.to_string()),
    }
}

/// `host:port` of an http(s) URL: the unit of politeness.
pub fn host_key(url: &str) -> Result<String, FetchError> {
    let u = url::Url::parse(url).map_err(|_| FetchError::BadUrl(url.to_string()))?;
    match (u.scheme(), u.host_str()) {
        ("http" | "https", Some(h)) => Ok(format!(
            "{}:{}",
            h.to_ascii_lowercase(),
            u.port_or_known_default().unwrap_or(80)
        )),
        _ => Err(FetchError::BadUrl(url.to_string())),
    }
}

/// Per-host limits: at most `max` requests in flight, and request starts at least `delay`
/// apart (longer when robots.txt asks).
struct HostLimits {
    slots: Mutex<HashMap<String, HostSlot>>,
    freed: Condvar,
    max: usize,
    delay: Duration,
}

struct HostSlot {
    active: usize,
    next_start: Instant,
    delay: Duration,
}

/// Held while a request runs.
struct Permit<'a> {
    limits: &'a HostLimits,
    host: String,
}

impl HostLimits {
    fn new(max: usize, delay: Duration) -> Self {
        HostLimits {
            slots: Mutex::new(HashMap::new()),
            freed: Condvar::new(),
            max: max.max(1),
            delay,
        }
    }

    fn at_least(&self, host: &str, delay: Duration) {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let slot = slots.entry(host.to_string()).or_insert_with(|| self.slot());
        slot.delay = slot.delay.max(delay.min(Duration::from_secs(60)));
    }

    fn wait(&self, host: &str) -> Duration {
        let slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        match slots.get(host) {
            None => Duration::ZERO,
            Some(s) if s.active >= self.max => Duration::from_millis(20),
            Some(s) => s.next_start.saturating_duration_since(Instant::now()),
        }
    }

    /// No request to `host` starts before `wait` from now.
    fn hold(&self, host: &str, wait: Duration) {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let slot = slots.entry(host.to_string()).or_insert_with(|| self.slot());
        slot.next_start = slot.next_start.max(Instant::now() + wait);
    }

    fn slot(&self) -> HostSlot {
        HostSlot {
            active: 0,
            next_start: Instant::now(),
            delay: self.delay,
        }
    }

    fn acquire(&self, host: &str) -> Permit<'_> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let now = Instant::now();
            let slot = slots.entry(host.to_string()).or_insert_with(|| self.slot());
            if slot.active < self.max && now >= slot.next_start {
                slot.active += 1;
                slot.next_start = now + slot.delay;
                return Permit {
                    limits: self,
                    host: host.to_string(),
                };
            }
            let wait = if slot.active < self.max {
                slot.next_start - now
            } else {
                Duration::from_millis(200)
            };
            slots = self
                .freed
                .wait_timeout(slots, wait)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut slots = self.limits.slots.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = slots.get_mut(&self.host) {
            s.active = s.active.saturating_sub(1);
        }
        self.limits.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn host_keys_include_the_port() {
        assert_eq!(
            host_key("https://Example.org/a").unwrap(),
            "example.org:443"
        );
        assert_eq!(
            host_key("http://127.0.0.1:8081/f").unwrap(),
            "127.0.0.1:8081"
        );
        assert!(host_key("ftp://x.org/").is_err());
    }

    #[test]
    fn one_host_never_has_more_than_its_limit_in_flight() {
        let limits = HostLimits::new(2, Duration::ZERO);
        let (active, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|s| {
            for _ in 0..6 {
                s.spawn(|| {
                    let _p = limits.acquire("h:80");
                    let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    active.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(peak.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn request_starts_to_one_host_are_spaced() {
        let limits = HostLimits::new(4, Duration::from_millis(30));
        let t0 = Instant::now();
        for _ in 0..4 {
            drop(limits.acquire("h:80"));
        }
        // Four starts, three gaps of at least 30 ms; another host does not wait.
        assert!(t0.elapsed() >= Duration::from_millis(90));
        let t1 = Instant::now();
        drop(limits.acquire("other:80"));
        assert!(t1.elapsed() < Duration::from_millis(30));
    }

    #[test]
    fn transient_failures_are_told_apart() {
        assert!(FetchError::Status(503).is_transient());
        assert!(FetchError::Status(429).is_transient());
        assert!(!FetchError::Status(404).is_transient());
        assert!(FetchError::Timeout.is_transient());
        assert!(!FetchError::TooBig(1).is_transient());
        assert!(!FetchError::TooManyRedirects.is_transient());
    }
}
