//! Feed health, as `khaldun feeds` prints it and `/api/health` serves it.

use khaldun_store::FeedState;
use serde::Serialize;

use crate::backoff::FAILING_AFTER;
use crate::config::Source;

/// One feed's health.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedHealth {
    pub url: String,
    pub name: Option<String>,
    pub country: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `ok`, `never polled`, `erroring` (failed lately) or `failing` (failed
    /// [`FAILING_AFTER`] times in a row or more: backed off).
    pub status: &'static str,
    pub consecutive_errors: u32,
    pub last_poll: Option<String>,
    pub last_success: Option<String>,
    pub next_poll: Option<String>,
    pub last_error: Option<String>,
    pub items_seen: u64,
    pub articles_stored: u64,
}

/// Health of the configured feeds (in their order), then of feeds polled before but no
/// longer configured. With no sources, every feed polled before.
pub fn feed_health(sources: &[Source], states: &[FeedState]) -> Vec<FeedHealth> {
    let mut out: Vec<FeedHealth> = sources
        .iter()
        .map(|s| {
            let st = states.iter().find(|f| f.url == s.url);
            let mut h = health_of(&s.url, st);
            h.name.clone_from(&s.name);
            h.country.clone_from(&s.country);
            h.kind.clone_from(&s.kind);
            h
        })
        .collect();
    for st in states {
        if !sources.iter().any(|s| s.url == st.url) {
            out.push(health_of(&st.url, Some(st)));
        }
    }
    out
}

fn health_of(url: &str, st: Option<&FeedState>) -> FeedHealth {
    let time = |t: Option<i64>| {
        t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    };
    let status = match st {
        None => "never polled",
        Some(s) if s.consecutive_errors >= FAILING_AFTER => "failing",
        Some(s) if s.consecutive_errors > 0 => "erroring",
        Some(_) => "ok",
    };
    FeedHealth {
        url: url.to_string(),
        name: None,
        country: None,
        kind: None,
        status,
        consecutive_errors: st.map_or(0, |s| s.consecutive_errors),
        last_poll: time(st.and_then(|s| s.last_poll)),
        last_success: time(st.and_then(|s| s.last_success)),
        next_poll: time(st.and_then(|s| s.next_poll)),
        last_error: st.and_then(|s| s.last_error.clone()),
        items_seen: st.map_or(0, |s| s.items_seen),
        articles_stored: st.map_or(0, |s| s.articles_stored),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_the_error_count() {
        let src = |u: &str| Source {
            url: u.into(),
            name: None,
            lang: None,
            interval: std::time::Duration::from_secs(60),
            fetch_links: true,
            max_links: 10,
            country: Some("ML".into()),
            kind: None,
        };
        let st = |u: &str, e: u32| FeedState {
            url: u.into(),
            consecutive_errors: e,
            last_success: Some(0),
            ..Default::default()
        };
        let h = feed_health(
            &[src("a"), src("b"), src("c"), src("d")],
            &[st("b", 0), st("c", 1), st("d", 3), st("old", 0)],
        );
        let got: Vec<_> = h.iter().map(|h| (h.url.as_str(), h.status)).collect();
        assert_eq!(
            got,
            [
                ("a", "never polled"),
                ("b", "ok"),
                ("c", "erroring"),
                ("d", "failing"),
                ("old", "ok")
            ]
        );
        assert_eq!(h[1].country.as_deref(), Some("ML"));
        assert_eq!(h[1].last_success.as_deref(), Some("1970-01-01T00:00:00Z"));
    }
}
