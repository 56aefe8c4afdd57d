//! Plumbing shared by the subcommands: database location, input reading,
//! progress bars, output helpers.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use khaldun_store::SqliteStore;

/// Where the database lives.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// SQLite database file (created if missing).
    #[arg(long, env = "KHALDUN_DB", default_value = "khaldun-data/khaldun.db")]
    pub db: PathBuf,
}

impl DbArgs {
    pub fn open(&self) -> anyhow::Result<SqliteStore> {
        if let Some(dir) = self.db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        SqliteStore::open(&self.db)
            .with_context(|| format!("cannot open database {}", self.db.display()))
    }

    /// Open an existing database, with a hint when there is none yet.
    pub fn open_existing(&self) -> anyhow::Result<SqliteStore> {
        if !self.db.exists() {
            anyhow::bail!(
                "no database at {} (run `khaldun demo` or `khaldun ingest PATH` first, or pass --db)",
                self.db.display()
            );
        }
        self.open()
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
