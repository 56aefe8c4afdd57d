//! The scheduler: polls the feeds that are due, reads their new items (and the linked pages),
//! sends the articles through the pipeline into the store, checks alerts, and records what
//! it did so that a restart repeats nothing.
//!
//! One poll ([`Watcher::poll_due`]): the due feeds go on a job queue that worker threads serve
//! (conditional GETs); as each feed arrives, this thread picks out its new items (items seen
//! before, or whose article is already stored, are skipped) and queues their linked pages;
//! when a feed's last page is in, its articles are annotated and stored in one transaction,
//! its items marked seen and its state (validators, health, next poll) saved, in that order.
//! A kill between the store and the marks refetches nothing: the stored article is found by
//! its id. A kill before the store loses nothing: the items are not marked, the validators
//! not saved.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use khaldun_ingest::{FeedItem, IngestOptions};
use khaldun_model::Article;
use khaldun_pipeline::Pipeline;
use khaldun_store::{
    EventRecord, FeedState, FileState, PutOutcome, SeenItem, SqliteStore, Store, WatchStore,
};

use crate::alerts::Alerter;
use crate::backoff::{feed_delay, FAILING_AFTER};
use crate::clock::Clock;
use crate::config::{Politeness, Source};
use crate::fetch::{FetchError, Fetched, Fetcher, Validators};
use crate::folder::FolderWatcher;
use crate::metrics::Metrics;

/// What the watcher is given besides its feeds.
pub struct WatchSetup {
    pub store: SqliteStore,
    pub pipeline: Arc<Pipeline>,
    pub clock: Arc<dyn Clock>,
    pub metrics: Arc<Metrics>,
    /// Address guard (`allow_private_fetch`, `fetch_allow`) and size limit for folder files.
    pub ingest: IngestOptions,
    pub politeness: Politeness,
    /// A folder to watch besides the feeds.
    pub dir: Option<std::path::PathBuf>,
}

/// How one feed's poll went.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedOutcome {
    /// Read: items new this time, articles stored (new or updated), event reports stored.
    Read {
        new_items: usize,
        stored: usize,
        events: usize,
        /// Items left for the next poll (a page that failed for now, or over `max_links`).
        deferred: usize,
    },
    NotModified,
    Failed(String),
}

/// One feed's poll.
#[derive(Debug, Clone)]
pub struct FeedReport {
    pub url: String,
    pub outcome: FeedOutcome,
    /// From the feed request to its articles being stored.
    pub latency: Duration,
}

/// What one [`Watcher::poll_due`] did.
#[derive(Debug, Default, Clone)]
pub struct PollReport {
    pub feeds: Vec<FeedReport>,
    /// Linked pages fetched (successfully).
    pub pages: usize,
    /// Folder files ingested.
    pub files: usize,
    pub articles_stored: usize,
    pub events_stored: usize,
    pub alerts: usize,
    pub elapsed: Duration,
}

/// The watcher. Owns its store connection.
pub struct Watcher {
    sources: Vec<Source>,
    store: SqliteStore,
    fetcher: Arc<Fetcher>,
    pipeline: Arc<Pipeline>,
    clock: Arc<dyn Clock>,
    metrics: Arc<Metrics>,
    alerter: Alerter,
    folder: Option<FolderWatcher>,
    ingest: IngestOptions,
    workers: usize,
    max_backoff: Duration,
    rng: fastrand::Rng,
}

/// A new item and, when its page is wanted, the result of fetching it.
struct Work {
    item: FeedItem,
    wants_page: bool,
    page: Option<Result<Article, PageError>>,
}

enum PageError {
    /// Worth trying again at the next poll.
    Transient(String),
    Permanent(String),
}

/// A feed whose items are being read.
struct FeedRun {
    source: usize,
    start: Instant,
    validators: Validators,
    /// New items; `None` once stored (or given up on).
    work: Vec<Option<Work>>,
    /// Items seen before or already stored, to mark.
    known: Vec<SeenItem>,
    new_items: usize,
    deferred: usize,
    stored: usize,
    events: usize,
    marked: usize,
}

/// How long handled feed items are remembered by their key.
pub const KEEP_ITEMS: Duration = Duration::from_secs(90 * 86_400);

/// One poll under way.
struct Poll {
    states: HashMap<String, FeedState>,
    /// Feeds being read, with their pages still awaited.
    runs: Vec<(Option<FeedRun>, usize)>,
    report: PollReport,
}

/// A feed's items whose articles are ready are stored once this many are (or when its last
/// page is in), so that a long feed's first events need not wait for its last page.
const FLUSH_EVERY: usize = 8;

impl Watcher {
    pub fn new(sources: Vec<Source>, setup: WatchSetup) -> Self {
        Watcher {
            fetcher: Arc::new(Fetcher::new(setup.politeness.clone(), &setup.ingest)),
            workers: setup.politeness.workers,
            max_backoff: setup.politeness.max_backoff,
            folder: setup.dir.map(FolderWatcher::new),
            sources,
            store: setup.store,
            pipeline: setup.pipeline,
            clock: setup.clock,
            metrics: setup.metrics,
            alerter: Alerter::default(),
            ingest: setup.ingest,
            rng: fastrand::Rng::new(),
        }
    }

    pub fn store(&self) -> &SqliteStore {
        &self.store
    }

    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// HTTP requests sent so far.
    pub fn requests(&self) -> u64 {
        self.fetcher.requests()
    }

    /// Poll every feed that is due, then scan the folder and deliver pending alerts.
    ///
    /// Worker threads do the network (feeds and pages, from one queue); this thread reads
    /// each feed as it arrives, queues its pages, and stores the feed as soon as its last page
    /// is in: a slow feed delays no other feed's events.
    pub fn poll_due(&mut self) -> khaldun_store::Result<PollReport> {
        let t0 = Instant::now();
        let states: HashMap<String, FeedState> = self
            .store
            .feed_states()?
            .into_iter()
            .map(|s| (s.url.clone(), s))
            .collect();
        let due = self.due(&states);
        let fetcher = self.fetcher.clone();
        // Pages outnumber feeds: every worker is useful as soon as one feed is due.
        let workers = if due.is_empty() {
            0
        } else {
            self.workers.max(1)
        };
        let (job_tx, job_rx) = mpsc::channel::<Job>();
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        let job_rx = Mutex::new(job_rx);
        let mut poll = Poll {
            states,
            runs: Vec::new(),
            report: PollReport::default(),
        };
        std::thread::scope(|scope| -> khaldun_store::Result<()> {
            for _ in 0..workers {
                let (fetcher, job_rx, requeue, done) =
                    (&fetcher, &job_rx, job_tx.clone(), done_tx.clone());
                scope.spawn(move || work(fetcher, job_rx, &requeue, &done));
            }
            drop(done_tx);
            // Whatever happens below, the workers are told to stop before the scope waits.
            let jobs = &job_tx;
            let _stop = StopWorkers { jobs, workers };
            let poll = &mut poll;
            for &i in &due {
                let validators = poll.states.get(&self.sources[i].url).map(|s| Validators {
                    etag: s.etag.clone(),
                    last_modified: s.last_modified.clone(),
                });
                let url = self.sources[i].url.clone();
                let _ = jobs.send(Job::Feed(i, url, validators, Instant::now()));
            }
            let mut outstanding = due.len();
            while outstanding > 0 {
                let Ok(done) = done_rx.recv() else { break };
                outstanding -= 1;
                outstanding += match done {
                    Done::Feed(i, start, result) => self.on_feed(poll, jobs, i, start, result)?,
                    Done::Page(id, k, result) => {
                        self.on_page(poll, id, k, *result)?;
                        0
                    }
                };
            }
            Ok(())
        })?;
        let mut report = poll.report;
        self.scan_folder(&mut report)?;
        self.alerter.deliver(&self.store)?;
        report.elapsed = t0.elapsed();
        Ok(report)
    }

    /// The feeds due now (never polled, or their next poll has come).
    fn due(&self, states: &HashMap<String, FeedState>) -> Vec<usize> {
        let now = self.clock.unix();
        (0..self.sources.len())
            .filter(|&i| {
                let st = states.get(&self.sources[i].url);
                st.and_then(|s| s.next_poll).is_none_or(|t| t <= now)
            })
            .collect()
    }

    /// A feed arrived: read its new items and queue their pages (stored at once when none
    /// is wanted), or record the failure. Returns the pages queued.
    fn on_feed(
        &mut self,
        poll: &mut Poll,
        jobs: &mpsc::Sender<Job>,
        i: usize,
        start: Instant,
        result: Result<Fetched, FetchError>,
    ) -> khaldun_store::Result<usize> {
        let state = poll.states.get(&self.sources[i].url).cloned();
        let outcome = match self.read_items(i, start, result)? {
            Ok(Some(run)) => {
                let id = poll.runs.len();
                let pages = self.queue_pages(&run, id, jobs);
                if pages > 0 {
                    poll.runs.push((Some(run), pages));
                    return Ok(pages);
                }
                poll.runs.push((None, 0));
                let fr = self.store_run(run, state, &mut poll.report)?;
                poll.report.feeds.push(fr);
                return Ok(0);
            }
            Ok(None) => {
                self.feed_succeeded(i, state, None, 0, 0, "not modified")?;
                FeedOutcome::NotModified
            }
            Err(e) => FeedOutcome::Failed(self.feed_failed(i, state, &e)?),
        };
        let fr = self.feed_report(i, start, outcome);
        poll.report.feeds.push(fr);
        Ok(0)
    }

    /// A page arrived: store the feed's ready items by eights, and the rest with the feed's
    /// state when its last page is in.
    fn on_page(
        &mut self,
        poll: &mut Poll,
        id: usize,
        k: usize,
        result: Result<Article, PageError>,
    ) -> khaldun_store::Result<()> {
        poll.report.pages += usize::from(result.is_ok());
        let (slot, left) = &mut poll.runs[id];
        *left -= 1;
        let Some(run) = slot.as_mut() else {
            return Ok(());
        };
        if let Some(w) = run.work[k].as_mut() {
            w.page = Some(result);
        }
        if *left > 0 {
            if ready(run) >= FLUSH_EVERY {
                self.flush(run, &mut poll.report)?;
            }
            return Ok(());
        }
        if let Some(run) = slot.take() {
            let state = poll.states.get(&self.sources[run.source].url).cloned();
            let fr = self.store_run(run, state, &mut poll.report)?;
            poll.report.feeds.push(fr);
        }
        Ok(())
    }

    /// Queue the pages a feed's new items want; returns how many.
    fn queue_pages(&self, run: &FeedRun, id: usize, jobs: &mpsc::Sender<Job>) -> usize {
        let opts = self.options_for(&self.sources[run.source]);
        let mut n = 0;
        let wanted = run.work.iter().enumerate();
        for (k, w) in wanted
            .filter_map(|(k, w)| Some((k, w.as_ref()?)))
            .filter(|(_, w)| w.wants_page)
        {
            let _ = jobs.send(Job::Page(id, k, Box::new((w.item.clone(), opts.clone()))));
            n += 1;
        }
        n
    }

    fn feed_report(&self, i: usize, start: Instant, outcome: FeedOutcome) -> FeedReport {
        FeedReport {
            url: self.sources[i].url.clone(),
            outcome,
            latency: start.elapsed(),
        }
    }

    /// A fetched feed's items not handled before. `Ok(None)`: not modified.
    fn read_items(
        &self,
        i: usize,
        start: Instant,
        result: Result<Fetched, FetchError>,
    ) -> khaldun_store::Result<Result<Option<FeedRun>, String>> {
        let src = &self.sources[i];
        let page = match result {
            Ok(Fetched::NotModified) => return Ok(Ok(None)),
            Ok(Fetched::Page(p)) => p,
            Err(e) => return Ok(Err(format!("{}: {e}", e.kind()))),
        };
        let items = match khaldun_ingest::feed_items(&page.bytes, page.charset.as_deref(), &src.url)
        {
            Ok(items) => items,
            Err(e) => return Ok(Err(format!("parse: {}", e.cause))),
        };
        let mut run = FeedRun {
            source: i,
            start,
            validators: page.validators,
            work: Vec::new(),
            known: Vec::new(),
            new_items: 0,
            deferred: 0,
            stored: 0,
            events: 0,
            marked: 0,
        };
        let mut pages_wanted = 0;
        for item in items {
            if self.store.item_seen(&src.url, &item.key)? {
                continue;
            }
            let expected = khaldun_ingest::article_id(item.link.as_deref(), &item.article.text);
            if self.store.has_article(&expected)? {
                run.known.push(seen(&item, Some(expected)));
                continue;
            }
            let wants_page = item.needs_page && src.fetch_links && item.link.is_some();
            if wants_page && pages_wanted >= src.max_links {
                run.deferred += 1;
                continue;
            }
            pages_wanted += usize::from(wants_page);
            run.work.push(Some(Work {
                item,
                wants_page,
                page: None,
            }));
        }
        run.new_items = run.work.len();
        Ok(Ok(Some(run)))
    }
}

/// Network work for the worker threads.
enum Job {
    /// Feed `i`, its URL, its validators, when the poll queued it.
    Feed(usize, String, Option<Validators>, Instant),
    /// Run `id`, work item `k`, the item, options for reading its page.
    Page(usize, usize, Box<(FeedItem, IngestOptions)>),
    /// The poll is over: the worker ends.
    Stop,
}

enum Done {
    Feed(usize, Instant, Result<Fetched, FetchError>),
    Page(usize, usize, Box<Result<Article, PageError>>),
}

impl Job {
    fn url(&self) -> Option<&str> {
        match self {
            Job::Feed(_, url, _, _) => Some(url),
            Job::Page(_, _, job) => job.0.link.as_deref(),
            Job::Stop => None,
        }
    }

    fn run(self, fetcher: &Fetcher) -> Option<Done> {
        match self {
            Job::Feed(i, url, validators, queued) => Some(Done::Feed(
                i,
                queued,
                fetcher.get(&url, validators.as_ref()),
            )),
            Job::Page(id, k, job) => Some(Done::Page(
                id,
                k,
                Box::new(page_of(fetcher, &job.0, &job.1)),
            )),
            Job::Stop => None,
        }
    }
}

/// A worker: takes jobs until told to stop. A job whose host may not be asked yet (its
/// politeness delay, or its requests in flight) goes back to the end of the queue, so that
/// one slow or busy host does not hold a worker while other hosts' jobs wait.
fn work(
    fetcher: &Fetcher,
    jobs: &Mutex<mpsc::Receiver<Job>>,
    requeue: &mpsc::Sender<Job>,
    done: &mpsc::Sender<Done>,
) {
    loop {
        let job = jobs.lock().unwrap_or_else(|p| p.into_inner()).recv();
        let Ok(job) = job else { return };
        let wait = job.url().map_or(Duration::ZERO, |u| fetcher.wait_for(u));
        if !wait.is_zero() {
            let _ = requeue.send(job);
            std::thread::sleep(wait.min(Duration::from_millis(20)));
            continue;
        }
        match job.run(fetcher) {
            Some(d) => {
                if done.send(d).is_err() {
                    return;
                }
            }
            None => return,
        }
    }
}

/// Sends one `Stop` per worker when dropped: at the end of a poll, or when it fails early.
struct StopWorkers<'a> {
    jobs: &'a mpsc::Sender<Job>,
    workers: usize,
}

impl Drop for StopWorkers<'_> {
    fn drop(&mut self) {
        for _ in 0..self.workers {
            let _ = self.jobs.send(Job::Stop);
        }
    }
}

/// Fetch and read an item's linked page.
fn page_of(fetcher: &Fetcher, item: &FeedItem, opts: &IngestOptions) -> Result<Article, PageError> {
    let link = item.link.as_deref().unwrap_or_default();
    {
        match fetcher.get(link, None) {
            Ok(Fetched::Page(p)) => {
                khaldun_ingest::page_article(item, &p.bytes, p.charset.as_deref(), &p.url, opts)
                    .map_err(|e| PageError::Permanent(format!("parse: {}", e.cause)))
            }
            Ok(Fetched::NotModified) => Err(PageError::Transient("http 304".into())),
            Err(e) if e.is_transient() => Err(PageError::Transient(format!("{}: {e}", e.kind()))),
            Err(e) => Err(PageError::Permanent(format!("{}: {e}", e.kind()))),
        }
    }
}

impl Watcher {
    fn options_for(&self, src: &Source) -> IngestOptions {
        IngestOptions {
            lang: src.lang.clone(),
            ..self.ingest.clone()
        }
    }

    /// Store the feed's items that are ready (their page in, or none wanted), and mark them.
    fn flush(&mut self, run: &mut FeedRun, report: &mut PollReport) -> khaldun_store::Result<()> {
        let src = self.sources[run.source].clone();
        let opts = self.options_for(&src);
        let mut marks = std::mem::take(&mut run.known);
        let mut articles = Vec::new();
        let mut keys = Vec::new();
        for slot in &mut run.work {
            let Some(w) = slot.take_if(|w| !w.wants_page || w.page.is_some()) else {
                continue;
            };
            let mark = seen(&w.item, None);
            match article_of(w, &opts) {
                Ok(article) => {
                    keys.push((mark.key, mark.url));
                    articles.push(article);
                }
                Err(PageError::Transient(e)) => {
                    self.count_error(&src.url, &e);
                    tracing::info!(feed = %src.url, item = %mark.key, error = %e, "page deferred");
                    run.deferred += 1;
                }
                Err(PageError::Permanent(e)) => {
                    self.count_error(&src.url, &e);
                    tracing::warn!(feed = %src.url, item = %mark.key, error = %e, "item skipped");
                    marks.push(mark);
                }
            }
        }
        self.metrics
            .articles_fetched
            .with_label_values(&[&src.url])
            .inc_by(articles.len() as u64);
        let stored = self.store_articles(&src.url, articles, report)?;
        for (key, (id, _)) in keys.into_iter().zip(&stored) {
            marks.push(SeenItem {
                key: key.0,
                url: key.1,
                article_id: Some(id.clone()),
            });
        }
        run.marked += self
            .store
            .mark_items_seen(&src.url, &marks, self.clock.unix())?;
        run.stored += stored.iter().filter(|(_, n)| n.is_some()).count();
        run.events += stored.iter().filter_map(|(_, n)| *n).sum::<usize>();
        Ok(())
    }

    /// A feed whose pages are all in: its last items stored, its state saved.
    fn store_run(
        &mut self,
        mut run: FeedRun,
        state: Option<FeedState>,
        report: &mut PollReport,
    ) -> khaldun_store::Result<FeedReport> {
        self.flush(&mut run, report)?;
        let url = self.sources[run.source].url.clone();
        // New validators only when every item is handled: else the next poll must read the
        // whole feed again to find the deferred items.
        let validators = (run.deferred == 0).then_some(run.validators);
        self.feed_succeeded(run.source, state, validators, run.marked, run.stored, "ok")?;
        let latency = run.start.elapsed();
        self.metrics
            .poll_seconds
            .with_label_values(&[&url])
            .observe(latency.as_secs_f64());
        tracing::info!(feed = %url, new_items = run.new_items, stored = run.stored,
            events = run.events, deferred = run.deferred,
            latency_ms = latency.as_millis() as u64, "feed polled");
        Ok(FeedReport {
            url,
            outcome: FeedOutcome::Read {
                new_items: run.new_items,
                stored: run.stored,
                events: run.events,
                deferred: run.deferred,
            },
            latency,
        })
    }

    /// Annotate and store articles in one transaction; check alerts on their events. Returns,
    /// per article, its id and (when stored new or changed) its number of event reports.
    fn store_articles(
        &mut self,
        label: &str,
        articles: Vec<Article>,
        report: &mut PollReport,
    ) -> khaldun_store::Result<Vec<(String, Option<usize>)>> {
        if articles.is_empty() {
            return Ok(Vec::new());
        }
        let now = self.clock.now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut articles = articles;
        for a in &mut articles {
            a.retrieved.get_or_insert_with(|| now.clone());
        }
        let docs = self.pipeline.process_batch(articles);
        let outcomes = self.store.put(&docs)?;
        let mut out = Vec::with_capacity(docs.len());
        let mut changed = Vec::new();
        for (doc, o) in docs.iter().zip(outcomes) {
            let id = doc.article.id.clone();
            if o == PutOutcome::Duplicate {
                out.push((id, None));
                continue;
            }
            let n = doc
                .events
                .iter()
                .filter(|e| khaldun_store::storable(e))
                .count();
            report.articles_stored += 1;
            report.events_stored += n;
            self.metrics
                .articles_stored
                .with_label_values(&[label])
                .inc();
            self.metrics
                .events_stored
                .with_label_values(&[label])
                .inc_by(n as u64);
            changed.push(id.clone());
            out.push((id, Some(n)));
        }
        report.alerts += self.check_alerts(&changed)?;
        Ok(out)
    }

    fn check_alerts(&self, article_ids: &[String]) -> khaldun_store::Result<usize> {
        let rules = self.store.alerts()?;
        if rules.is_empty() || article_ids.is_empty() {
            return Ok(0);
        }
        let mut records: Vec<EventRecord> = Vec::new();
        for id in article_ids {
            for ev in self.store.events_of_article(id)? {
                if let Some(d) = self.store.event(&ev)? {
                    records.push(d.record);
                }
            }
        }
        let matched = self
            .alerter
            .check(&self.store, &rules, &records, self.clock.unix())?;
        self.metrics.alerts.inc_by(matched.len() as u64);
        Ok(matched.len())
    }

    fn count_error(&self, feed: &str, error: &str) {
        let kind = error.split(':').next().unwrap_or("error");
        self.metrics.errors.with_label_values(&[feed, kind]).inc();
    }

    fn feed_succeeded(
        &mut self,
        i: usize,
        state: Option<FeedState>,
        validators: Option<Validators>,
        marked: usize,
        stored: usize,
        status: &str,
    ) -> khaldun_store::Result<()> {
        let src = &self.sources[i];
        let now = self.clock.unix();
        let mut st = state.unwrap_or_else(|| FeedState {
            url: src.url.clone(),
            ..Default::default()
        });
        if status != "not modified" {
            let v = validators.unwrap_or_default();
            st.etag = v.etag;
            st.last_modified = v.last_modified;
        }
        st.last_poll = Some(now);
        st.last_success = Some(now);
        st.last_status = Some(status.into());
        st.last_error = None;
        st.consecutive_errors = 0;
        st.next_poll = Some(now + src.interval.as_secs() as i64);
        st.items_seen += marked as u64;
        st.articles_stored += stored as u64;
        self.store.save_feed_state(&st)?;
        self.metrics
            .polls
            .with_label_values(&[&src.url, &status.replace(' ', "_")])
            .inc();
        self.metrics
            .consecutive_errors
            .with_label_values(&[&src.url])
            .set(0);
        Ok(())
    }

    /// Record a failed poll and back the feed off; returns the message.
    fn feed_failed(
        &mut self,
        i: usize,
        state: Option<FeedState>,
        error: &str,
    ) -> khaldun_store::Result<String> {
        let src = self.sources[i].clone();
        let now = self.clock.unix();
        let mut st = state.unwrap_or_else(|| FeedState {
            url: src.url.clone(),
            ..Default::default()
        });
        st.consecutive_errors += 1;
        let delay = feed_delay(
            src.interval,
            st.consecutive_errors,
            self.max_backoff,
            &mut self.rng,
        );
        st.last_poll = Some(now);
        st.last_status = Some(error.split(':').next().unwrap_or("error").to_string());
        st.last_error = Some(error.to_string());
        st.next_poll = Some(now + delay.as_secs().max(1) as i64);
        self.store.save_feed_state(&st)?;
        self.count_error(&src.url, error);
        self.metrics
            .polls
            .with_label_values(&[&src.url, "error"])
            .inc();
        self.metrics
            .consecutive_errors
            .with_label_values(&[&src.url])
            .set(i64::from(st.consecutive_errors));
        if st.consecutive_errors >= FAILING_AFTER {
            tracing::warn!(feed = %src.url, errors = st.consecutive_errors, error,
                next_in_s = delay.as_secs(), "feed failing, backed off");
        } else {
            tracing::info!(feed = %src.url, error, "feed poll failed");
        }
        Ok(error.to_string())
    }

    /// Ingest the folder's complete new files.
    fn scan_folder(&mut self, report: &mut PollReport) -> khaldun_store::Result<()> {
        let Some(folder) = self.folder.as_mut() else {
            return Ok(());
        };
        let label = format!("dir:{}", folder.dir().display());
        let ready = match folder.scan(&self.store) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(dir = %folder.dir().display(), error = %e, "cannot scan folder");
                self.metrics.errors.with_label_values(&[&label, "io"]).inc();
                return Ok(());
            }
        };
        for file in ready {
            self.ingest_file(&label, file, report)?;
        }
        Ok(())
    }

    fn ingest_file(
        &mut self,
        label: &str,
        mut file: FileState,
        report: &mut PollReport,
    ) -> khaldun_store::Result<()> {
        let mut articles = Vec::new();
        for r in khaldun_ingest::read_path(&file.path, &self.ingest) {
            match r {
                Ok(a) => articles.push(a),
                Err(e) => {
                    tracing::warn!(file = %file.path, error = %e, "cannot read");
                    self.metrics
                        .errors
                        .with_label_values(&[label, "read"])
                        .inc();
                }
            }
        }
        self.metrics
            .articles_fetched
            .with_label_values(&[label])
            .inc_by(articles.len() as u64);
        let stored = self.store_articles(label, articles, report)?;
        file.articles = stored.len() as u64;
        self.store.mark_file(&file, self.clock.unix())?;
        report.files += 1;
        tracing::info!(file = %file.path, articles = file.articles, "file ingested");
        Ok(())
    }

    /// True while some folder file is still being watched for completion.
    pub fn folder_pending(&self) -> bool {
        self.folder.as_ref().is_some_and(FolderWatcher::has_pending)
    }

    /// Seconds until the next feed is due (at most `cap`).
    pub fn next_due_in(&self, cap: Duration) -> khaldun_store::Result<Duration> {
        let now = self.clock.unix();
        let states: HashMap<String, Option<i64>> = self
            .store
            .feed_states()?
            .into_iter()
            .map(|s| (s.url, s.next_poll))
            .collect();
        let soonest = self
            .sources
            .iter()
            .map(|s| states.get(&s.url).copied().flatten().unwrap_or(now))
            .min();
        Ok(match soonest {
            Some(t) => Duration::from_secs((t - now).max(0) as u64).min(cap),
            None => cap,
        })
    }

    /// Forget feed items handled more than [`KEEP_ITEMS`] ago (their stored articles still
    /// keep them from being fetched again).
    pub fn prune(&self) -> khaldun_store::Result<usize> {
        let n = self
            .store
            .prune_items(self.clock.unix() - KEEP_ITEMS.as_secs() as i64)?;
        if n > 0 {
            tracing::info!(items = n, "old feed items forgotten");
        }
        Ok(n)
    }

    /// Poll until `stop` is set; a poll under way when it is set is finished first. The
    /// folder is scanned every `dir_every`; old items are pruned once a day.
    pub fn run(&mut self, stop: &AtomicBool, dir_every: Duration) -> khaldun_store::Result<()> {
        let mut pruned: Option<Instant> = None;
        while !stop.load(Ordering::SeqCst) {
            if pruned.is_none_or(|t| t.elapsed() > Duration::from_secs(86_400)) {
                self.prune()?;
                pruned = Some(Instant::now());
            }
            match self.poll_due() {
                Ok(r) if !r.feeds.is_empty() || r.files > 0 => tracing::info!(
                    feeds = r.feeds.len(),
                    pages = r.pages,
                    files = r.files,
                    articles = r.articles_stored,
                    events = r.events_stored,
                    alerts = r.alerts,
                    elapsed_ms = r.elapsed.as_millis() as u64,
                    "poll done"
                ),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "poll failed (store)"),
            }
            let wait = self.next_due_in(dir_every)?.max(Duration::from_millis(100));
            let until = Instant::now() + wait;
            while Instant::now() < until && !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50).min(wait));
            }
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// Items of a run ready to store.
fn ready(run: &FeedRun) -> usize {
    run.work
        .iter()
        .flatten()
        .filter(|w| !w.wants_page || w.page.is_some())
        .count()
}

/// The item's article: the page's when read, else the feed's text (when the page failed for
/// good, the summary, if the feed gives one).
fn article_of(w: Work, opts: &IngestOptions) -> Result<Article, PageError> {
    match w.page {
        Some(Ok(a)) => Ok(a),
        Some(Err(PageError::Transient(e))) => Err(PageError::Transient(e)),
        Some(Err(PageError::Permanent(e))) => {
            let key = w.item.key.clone();
            let a = w
                .item
                .into_article(opts)
                .map_err(|_| PageError::Permanent(e.clone()))?;
            tracing::info!(item = %key, error = %e, "page unread, summary kept");
            Ok(a)
        }
        None => w
            .item
            .into_article(opts)
            .map_err(|no_text| PageError::Permanent(format!("empty: {}", no_text.cause))),
    }
}

fn seen(item: &FeedItem, article_id: Option<String>) -> SeenItem {
    SeenItem {
        key: item.key.clone(),
        url: item.link.clone(),
        article_id,
    }
}
