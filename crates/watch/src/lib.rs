//! Continuous monitoring: `khaldun watch` polls a list of feeds (and a folder), reads the new
//! items and their linked pages politely, sends the articles through the pipeline into the
//! store, and checks saved alerts on every new event.
//!
//! - [`config`]: the feeds file (TOML, or OPML from a feed reader) and the politeness settings.
//! - [`fetch`]: conditional GETs, per-host concurrency and spacing, robots.txt ([`robots`]),
//!   timeouts, size limits, bounded redirects, retries with backoff and jitter ([`backoff`]),
//!   through ingest's guard against non-public addresses.
//! - [`watcher`]: the scheduler; what it has done lives in the store
//!   ([`khaldun_store::WatchStore`]), so a restart fetches nothing twice and a kill loses
//!   nothing.
//! - [`folder`]: a folder whose complete new files are ingested once.
//! - [`alerts`]: saved filters, matched once per event, POSTed to webhooks.
//! - [`metrics`], [`health`], [`ops`]: Prometheus metrics, feed health, `/metrics` and
//!   `/api/health`.
//!
//! Time is injected ([`clock::Clock`]): tests move it by hand.
//!
//! It does not: parse feeds or pages itself (ingest does), annotate (the pipeline does), or
//! keep state in memory that a restart would need.

pub mod alerts;
pub mod backoff;
pub mod clock;
pub mod config;
pub mod fetch;
pub mod folder;
pub mod health;
pub mod metrics;
pub mod ops;
pub mod robots;
#[doc(hidden)]
pub mod testing;
pub mod watcher;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{Politeness, Source, WatchConfig};
pub use metrics::Metrics;
pub use watcher::{FeedOutcome, FeedReport, PollReport, WatchSetup, Watcher};
