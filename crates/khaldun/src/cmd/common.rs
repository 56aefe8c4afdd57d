//! Plumbing shared by the subcommands: database location, input reading,
//! progress bars, output helpers.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use khaldun_store::{SqliteStore, Store};

/// Event filters shared by `khaldun events` and `khaldun export`.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Earliest event date, inclusive (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Latest event date, inclusive (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Country (ISO 3166-1 alpha-2, e.g. ML).
    #[arg(long)]
    pub country: Option<String>,
    /// First-level admin unit name (e.g. Mopti).
    #[arg(long)]
    pub admin1: Option<String>,
    /// Actor id or name fragment, either side (e.g. jnim, Wagner).
    #[arg(long)]
    pub actor: Option<String>,
    /// PLOVER event type(s), comma-separated (e.g. ASSAULT,PROTEST).
    #[arg(long = "type")]
    pub plover_type: Option<String>,
    /// ACLED sub-event type (e.g. "Suicide bomb").
    #[arg(long, visible_alias = "sub-event-type")]
    pub sub_type: Option<String>,
    /// Claim status(es), comma-separated: asserted, reported, claimed, alleged, denied.
    #[arg(long)]
    pub status: Option<String>,
    /// Minimum number of distinct sources.
    #[arg(long)]
    pub min_sources: Option<u32>,
    /// Full-text query over the reporting articles.
    #[arg(long, visible_alias = "q")]
    pub query: Option<String>,
    /// Bounding box west,south,east,north in degrees (e.g. -6.5,13,-5.5,14).
    #[arg(long, value_parser = parse_bbox, allow_hyphen_values = true)]
    pub bbox: Option<[f64; 4]>,
}

/// `west,south,east,north` in degrees, one argument.
fn parse_bbox(s: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{s:?}: {e}"))?;
    let [w, south, e, n] = v[..] else {
        return Err(format!(
            "{s:?}: four numbers west,south,east,north expected"
        ));
    };
    if !(-90.0..=90.0).contains(&south) || !(-90.0..=90.0).contains(&n) || south > n {
        return Err(format!(
            "{s:?}: latitudes must lie in -90..90 with south <= north"
        ));
    }
    Ok([w, south, e, n])
}

impl FilterArgs {
    /// The same filters with every value checked and put in the store's spelling: a bad
    /// date, an unknown country, status, sub-event or PLOVER type is an error with a
    /// suggestion, never an empty result.
    pub fn validated(&self) -> anyhow::Result<FilterArgs> {
        use super::validate;
        let mut f = self.clone();
        for (flag, d) in [("--from", &self.from), ("--to", &self.to)] {
            if let Some(d) = d {
                validate::date(flag, d)?;
            }
        }
        if let (Some(a), Some(b)) = (&self.from, &self.to) {
            if a > b {
                anyhow::bail!("--from {a} is after --to {b}");
            }
        }
        f.country = self.country.as_deref().map(validate::country).transpose()?;
        f.admin1 = self
            .admin1
            .as_deref()
            .map(|a| validate::admin1(a, f.country.as_deref()))
            .transpose()?;
        f.status = self.status.as_deref().map(validate::statuses).transpose()?;
        f.sub_type = self
            .sub_type
            .as_deref()
            .map(validate::sub_type)
            .transpose()?;
        f.plover_type = self
            .plover_type
            .as_deref()
            .map(validate::plover_types)
            .transpose()?;
        Ok(f)
    }

    /// True when any filter is set.
    pub fn any(&self) -> bool {
        self.query() != khaldun_store::EventQuery::default()
    }

    /// The store's query (without paging).
    pub fn query(&self) -> khaldun_store::EventQuery {
        khaldun_store::EventQuery {
            date_from: self.from.clone(),
            date_to: self.to.clone(),
            bbox: self.bbox,
            country: self.country.clone(),
            admin1: self.admin1.clone(),
            actor: self.actor.clone(),
            plover_type: self.plover_type.clone(),
            acled_sub_type: self.sub_type.clone(),
            status: self.status.clone(),
            min_sources: self.min_sources,
            text: self.query.clone(),
            ..Default::default()
        }
    }

    /// The API's filter, as the exports take it.
    pub fn filter(&self) -> khaldun_server::EventFilter {
        khaldun_server::EventFilter {
            from: self.from.clone(),
            to: self.to.clone(),
            bbox: self
                .bbox
                .as_ref()
                .map(|b| b.iter().map(f64::to_string).collect::<Vec<_>>().join(",")),
            country: self.country.clone(),
            admin1: self.admin1.clone(),
            actor: self.actor.clone(),
            plover_type: self.plover_type.clone(),
            sub_event_type: self.sub_type.clone(),
            status: self.status.clone(),
            min_sources: self.min_sources,
            q: self.query.clone(),
        }
    }
}

/// Where the database lives.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// SQLite database file (created if missing), `sqlite:PATH`, or a
    /// PostgreSQL URL (`postgres://user@host/db`).
    #[arg(long, env = "KHALDUN_DB", default_value = "khaldun-data/khaldun.db")]
    pub db: String,
}

impl DbArgs {
    /// The PostgreSQL store (`worker`, `ingest --enqueue` need one).
    pub fn open_pg(&self, what: &str) -> anyhow::Result<khaldun_store_pg::PgStore> {
        if self.sqlite_path().is_some() {
            anyhow::bail!("{what} needs a PostgreSQL store: --db postgres://... or KHALDUN_DB");
        }
        open_pg(&self.db)
    }

    /// The database, for messages (no password).
    pub fn name(&self) -> String {
        redact(&self.db)
    }

    /// The SQLite file, or `None` for a PostgreSQL URL.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        sqlite_path(&self.db)
    }

    /// Open (creating if needed) the store.
    pub fn open(&self) -> anyhow::Result<Arc<dyn Store>> {
        open_store(&self.db)
    }

    /// The SQLite store (the watcher's state, feeds and alerts live only there).
    pub fn open_sqlite(&self, what: &str) -> anyhow::Result<SqliteStore> {
        let Some(path) = self.sqlite_path() else {
            anyhow::bail!(
                "{what} needs a SQLite store (--db PATH): its state is not kept in PostgreSQL yet"
            );
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        SqliteStore::open(&path).with_context(|| format!("cannot open database {}", path.display()))
    }

    /// Open an existing store, with a hint when there is none yet.
    pub fn open_existing(&self) -> anyhow::Result<Arc<dyn Store>> {
        if let Some(path) = self.sqlite_path().filter(|p| !p.exists()) {
            anyhow::bail!(
                "no database at {} (run `khaldun demo` or `khaldun ingest PATH` first, or pass --db)",
                path.display()
            );
        }
        self.open()
    }
}

/// The SQLite file `db` names (`PATH` or `sqlite:PATH`), or `None` for a PostgreSQL URL.
pub fn sqlite_path(db: &str) -> Option<PathBuf> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return None;
    }
    Some(PathBuf::from(db.strip_prefix("sqlite:").unwrap_or(db)))
}

/// Open the store `db` names: a SQLite file or a PostgreSQL URL.
pub fn open_store(db: &str) -> anyhow::Result<Arc<dyn Store>> {
    let Some(path) = sqlite_path(db) else {
        return open_postgres(db);
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let store = SqliteStore::open(&path)
        .with_context(|| format!("cannot open database {}", path.display()))?;
    Ok(Arc::new(store))
}

fn open_postgres(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    Ok(Arc::new(open_pg(url)?))
}

/// Connect to the PostgreSQL store at `url` (migrating its schema).
pub fn open_pg(url: &str) -> anyhow::Result<khaldun_store_pg::PgStore> {
    khaldun_store_pg::PgStore::open(url)
        .with_context(|| format!("cannot open PostgreSQL store {}", redact(url)))
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// A progress bar on stderr, hidden with `--quiet` or when stderr is not a terminal.
pub fn progress(quiet: bool, len: Option<u64>, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = match len {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template(
                "{spinner} {msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {msg} {pos} ({per_sec})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    pb.set_message(what.to_owned());
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}

/// Peak resident memory of this process in bytes (Linux `VmHWM`), if known.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Truncate `s` to `n` characters with an ellipsis, on one line.
pub fn clip(s: &str, n: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        let mut t: String = one_line.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A ratio as a percentage, five wide with one decimal (eval reports).
pub fn pct(x: f64) -> String {
    format!("{:5.1}", x * 100.0)
}

/// A gold file or folder that is missing gets a message saying where such data comes from:
/// only `gold/` is bundled; the other evaluation sets are public data a user fetches.
pub fn gold_present(path: &std::path::Path) -> anyhow::Result<()> {
    if path.exists() {
        return Ok(());
    }
    anyhow::bail!(
        "no gold data at {}: the bundled gold sets are in gold/ (events-dev.jsonl, articles-dev.jsonl); \
         TimeBank, GeoVirus, LGL, WikiEvents, PLOVER and the Gun Violence Archive set are development \
         data that is not part of the repository: fetch them from their public sources and pass their path",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names() {
        assert_eq!(sqlite_path("a/b.db"), Some(PathBuf::from("a/b.db")));
        assert_eq!(sqlite_path("sqlite:x.db"), Some(PathBuf::from("x.db")));
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
        assert_eq!(sqlite_path("postgresql://u@h/db"), None);
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
