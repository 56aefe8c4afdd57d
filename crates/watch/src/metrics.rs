//! Prometheus metrics of one watcher process, served at `/metrics`. The `feed` label is the
//! feed URL (or `dir:PATH` for a watched folder).

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

/// The watcher's counters, gauges and histograms.
pub struct Metrics {
    registry: Registry,
    /// Polls by outcome: ok, not_modified, error.
    pub polls: IntCounterVec,
    /// Articles read (items with full text, linked pages, folder files).
    pub articles_fetched: IntCounterVec,
    /// Articles stored new or updated.
    pub articles_stored: IntCounterVec,
    /// Event reports of the stored articles.
    pub events_stored: IntCounterVec,
    /// Failures by kind (http 500, timeout, robots, too big, parse...).
    pub errors: IntCounterVec,
    /// Poll latency: from the feed request to its new events being stored.
    pub poll_seconds: HistogramVec,
    /// Failed polls in a row.
    pub consecutive_errors: IntGaugeVec,
    /// Alert matches.
    pub alerts: IntCounter,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("khaldun_watch".into()), None)
            .expect("a constant prefix is valid");
        let counter = |name: &str, help: &str, labels: &[&str]| {
            let c = IntCounterVec::new(Opts::new(name, help), labels).expect("valid metric");
            registry
                .register(Box::new(c.clone()))
                .expect("registered once");
            c
        };
        let polls = counter(
            "polls_total",
            "Feed polls by outcome.",
            &["feed", "outcome"],
        );
        let articles_fetched = counter(
            "articles_fetched_total",
            "Articles read: items with full text, linked pages, folder files.",
            &["feed"],
        );
        let articles_stored = counter(
            "articles_stored_total",
            "Articles stored new or updated.",
            &["feed"],
        );
        let events_stored = counter(
            "events_stored_total",
            "Event reports of the stored articles.",
            &["feed"],
        );
        let errors = counter("errors_total", "Failures by kind.", &["feed", "kind"]);
        let poll_seconds = HistogramVec::new(
            HistogramOpts::new(
                "poll_seconds",
                "Poll latency: feed request to new events stored.",
            )
            .buckets(vec![
                0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0,
            ]),
            &["feed"],
        )
        .expect("valid metric");
        registry
            .register(Box::new(poll_seconds.clone()))
            .expect("registered once");
        let consecutive_errors = IntGaugeVec::new(
            Opts::new("feed_consecutive_errors", "Failed polls in a row."),
            &["feed"],
        )
        .expect("valid metric");
        registry
            .register(Box::new(consecutive_errors.clone()))
            .expect("registered once");
        let alerts = IntCounter::new("alert_matches_total", "Events that matched an alert.")
            .expect("valid metric");
        registry
            .register(Box::new(alerts.clone()))
            .expect("registered once");
        Metrics {
            registry,
            polls,
            articles_fetched,
            articles_stored,
            events_stored,
            errors,
            poll_seconds,
            consecutive_errors,
            alerts,
        }
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_labelled_counters() {
        let m = Metrics::new();
        m.articles_fetched
            .with_label_values(&["http://a/feed"])
            .inc_by(3);
        m.errors
            .with_label_values(&["http://a/feed", "http 500"])
            .inc();
        m.poll_seconds
            .with_label_values(&["http://a/feed"])
            .observe(0.3);
        let text = m.render();
        assert!(
            text.contains("khaldun_watch_articles_fetched_total{feed=\"http://a/feed\"} 3"),
            "{text}"
        );
        assert!(
            text.contains("khaldun_watch_errors_total{feed=\"http://a/feed\",kind=\"http 500\"} 1")
        );
        assert!(text.contains("khaldun_watch_poll_seconds_count{feed=\"http://a/feed\"} 1"));
    }
}
