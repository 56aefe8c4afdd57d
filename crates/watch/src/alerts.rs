//! Saved event filters, checked on every newly stored event; a match is recorded once per
//! alert and event, and POSTed as JSON to the alert's webhook (retried on later cycles until
//! it is accepted, at most [`MAX_ATTEMPTS`] times).

use std::time::Duration;

use khaldun_store::{AlertMatch, AlertRule, EventRecord, WatchStore};
use serde_json::json;

/// Webhook attempts per match.
pub const MAX_ATTEMPTS: u32 = 5;

/// True when the event passes every filter the alert sets.
pub fn matches(rule: &AlertRule, rec: &EventRecord) -> bool {
    let e = &rec.event;
    let country = e.location.as_ref().and_then(|l| l.place.country.as_deref());
    let country_ok = rule
        .country
        .as_deref()
        .is_none_or(|c| country.is_some_and(|x| x.eq_ignore_ascii_case(c)));
    let type_ok = rule.event_type.as_deref().is_none_or(|t| {
        [
            e.acled.event_type.as_str(),
            e.acled.sub_event_type.as_str(),
            e.plover.event_type.as_str(),
        ]
        .iter()
        .any(|x| x.eq_ignore_ascii_case(t.trim()))
    });
    let killed_ok = rule
        .min_killed
        .is_none_or(|m| e.killed.is_some_and(|k| k >= m));
    country_ok && type_ok && killed_ok && !e.hypothetical && !e.historical
}

/// The JSON body sent to webhooks.
pub fn payload(rule: &AlertRule, rec: &EventRecord) -> serde_json::Value {
    let e = &rec.event;
    let place = e.location.as_ref().map(|l| &l.place);
    json!({
        "alert": rule.id,
        "event_id": rec.id,
        "event_date": e.date.as_ref().map(|d| d.date.clone()),
        "event_type": e.acled.event_type,
        "sub_event_type": e.acled.sub_event_type,
        "plover_type": e.plover.event_type,
        "country": place.and_then(|p| p.country.clone()),
        "location": place.map(|p| p.name.clone()),
        "lat": place.and_then(|p| p.lat),
        "lon": place.and_then(|p| p.lon),
        "actor1": e.actor.as_ref().map(|a| a.name.clone()),
        "actor2": e.target.as_ref().map(|a| a.name.clone()),
        "killed": e.killed,
        "injured": e.injured,
        "status": e.status,
        "sources": rec.sources,
        "first_seen": rec.first_seen,
    })
}

/// Checks new events against the saved alerts and delivers matches.
pub struct Alerter {
    agent: ureq::Agent,
}

impl Default for Alerter {
    fn default() -> Self {
        Self::new(Duration::from_secs(10))
    }
}

impl Alerter {
    /// Webhooks are the operator's own endpoints: no address guard, a timeout.
    pub fn new(timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .build();
        Alerter {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    /// Record the matches of these stored events; returns them (new matches only).
    pub fn check<S: WatchStore>(
        &self,
        store: &S,
        rules: &[AlertRule],
        events: &[EventRecord],
        now: i64,
    ) -> khaldun_store::Result<Vec<AlertMatch>> {
        let mut out = Vec::new();
        for rec in events {
            for rule in rules.iter().filter(|r| matches(r, rec)) {
                let m = AlertMatch {
                    alert_id: rule.id,
                    event_id: rec.id.clone(),
                    matched_at: now,
                    summary: payload(rule, rec).to_string(),
                    delivered: rule.webhook.as_ref().map(|_| false),
                    attempts: 0,
                    last_error: None,
                };
                if store.record_alert_match(&m)? {
                    tracing::info!(alert = rule.id, event = %rec.id, "alert matched");
                    out.push(m);
                }
            }
        }
        Ok(out)
    }

    /// POST every undelivered match to its alert's webhook; returns how many were accepted.
    pub fn deliver<S: WatchStore>(&self, store: &S) -> khaldun_store::Result<usize> {
        let pending = store.undelivered_matches(MAX_ATTEMPTS)?;
        if pending.is_empty() {
            return Ok(0);
        }
        let rules = store.alerts()?;
        let mut ok = 0;
        for m in pending {
            let Some(hook) = rules
                .iter()
                .find(|r| r.id == m.alert_id)
                .and_then(|r| r.webhook.as_deref())
            else {
                continue;
            };
            let result = self.post(hook, &m.summary);
            if let Err(e) = &result {
                tracing::warn!(alert = m.alert_id, webhook = hook, error = %e, "webhook failed");
            }
            ok += usize::from(result.is_ok());
            store.set_delivery(
                m.alert_id,
                &m.event_id,
                result.is_ok(),
                result.err().as_deref(),
            )?;
        }
        Ok(ok)
    }

    fn post(&self, url: &str, body: &str) -> Result<(), String> {
        let resp = self
            .agent
            .post(url)
            .header("Content-Type", "application/json")
            .send(body)
            .map_err(|e| e.to_string())?;
        match resp.status().as_u16() {
            200..=299 => Ok(()),
            s => Err(format!("webhook answered HTTP {s}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khaldun_model::{Event, EventLocation, Place};

    fn record(country: &str, kind: &str, killed: Option<u32>) -> EventRecord {
        let mut e = Event::default();
        e.acled.event_type = kind.into();
        e.killed = killed;
        e.location = Some(EventLocation {
            place: Place {
                country: Some(country.into()),
                ..Default::default()
            },
            ..Default::default()
        });
        EventRecord {
            id: "e1".into(),
            event: e,
            reports: 1,
            sources: 1,
            first_seen: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn every_set_filter_must_pass() {
        let rule = AlertRule {
            country: Some("ML".into()),
            event_type: Some("battles".into()),
            min_killed: Some(5),
            ..Default::default()
        };
        assert!(matches(&rule, &record("ML", "Battles", Some(7))));
        assert!(!matches(&rule, &record("ML", "Battles", Some(4))));
        assert!(!matches(&rule, &record("ML", "Battles", None)));
        assert!(!matches(&rule, &record("BF", "Battles", Some(9))));
        assert!(!matches(&rule, &record("ML", "Protests", Some(9))));
        assert!(matches(
            &AlertRule::default(),
            &record("BF", "Protests", None)
        ));
    }

    #[test]
    fn a_match_is_recorded_once() {
        let store = khaldun_store::SqliteStore::open_in_memory().unwrap();
        let id = store
            .add_alert(&AlertRule {
                country: Some("ML".into()),
                ..Default::default()
            })
            .unwrap();
        let rules = store.alerts().unwrap();
        let a = Alerter::default();
        let ev = [
            record("ML", "Battles", Some(3)),
            record("BF", "Battles", None),
        ];
        let got = a.check(&store, &rules, &ev, 1).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].alert_id, id);
        assert_eq!(got[0].delivered, None, "no webhook");
        assert!(a.check(&store, &rules, &ev, 2).unwrap().is_empty());
        let body: serde_json::Value = serde_json::from_str(&got[0].summary).unwrap();
        assert_eq!(body["country"], "ML");
        assert_eq!(body["killed"], 3);
    }
}
