//! A watched folder: files dropped into it are ingested once, when complete.
//!
//! A file is taken when its size and modification time are the same on two scans in a row
//! (a writer still appending changes one of them), and is not hidden or named like a
//! partial download (`.part`, `.tmp`, `.crdownload`, `~`). Once ingested it is recorded with
//! that size and time: it is read again only if it changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use khaldun_store::{FileState, WatchStore};

/// Suffixes of files still being written by common tools.
const PARTIAL_SUFFIXES: &[&str] = &[".part", ".partial", ".tmp", ".crdownload", ".download", "~"];

/// Scans one folder (not recursively).
#[derive(Debug)]
pub struct FolderWatcher {
    dir: PathBuf,
    /// Size and mtime of every file seen at the last scan.
    last: HashMap<PathBuf, (u64, i64)>,
    /// Files of the last scan neither taken nor ingested before (new or still changing).
    waiting: usize,
}

impl FolderWatcher {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FolderWatcher {
            dir: dir.into(),
            last: HashMap::new(),
            waiting: 0,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Files whose size and mtime have not changed since the last scan and that were not
    /// ingested as they are; in name order.
    pub fn scan<S: WatchStore>(&mut self, store: &S) -> std::io::Result<Vec<FileState>> {
        let mut now: HashMap<PathBuf, (u64, i64)> = HashMap::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let Ok(entry) = entry else { continue };
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || PARTIAL_SUFFIXES.iter().any(|s| name.ends_with(s)) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            now.insert(entry.path(), (meta.len(), mtime_nanos(&meta)));
        }
        let mut ready = Vec::new();
        self.waiting = 0;
        for (path, &(size, mtime)) in &now {
            let key = path.display().to_string();
            let done = store
                .file_state(&key)
                .map_err(std::io::Error::other)?
                .is_some_and(|f| f.size == size && f.mtime == mtime);
            if done {
                continue;
            }
            if self.last.get(path) != Some(&(size, mtime)) {
                self.waiting += 1; // new or still changing: look again next scan
                continue;
            }
            ready.push(FileState {
                path: key,
                size,
                mtime,
                articles: 0,
            });
        }
        ready.sort_by(|a, b| a.path.cmp(&b.path));
        self.last = now;
        Ok(ready)
    }

    /// True when some file of the last scan is waiting to be seen unchanged.
    pub fn has_pending(&self) -> bool {
        self.waiting > 0
    }
}

fn mtime_nanos(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn files_are_taken_when_stable_and_only_once() {
        let dir = std::env::temp_dir().join(format!("khaldun-folder-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let store = khaldun_store::SqliteStore::open_in_memory().unwrap();
        let mut w = FolderWatcher::new(&dir);
        let path = dir.join("a.txt");
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(b"first half").unwrap();
        std::fs::write(dir.join("b.txt.part"), "partial download").unwrap();
        std::fs::write(dir.join(".hidden"), "x").unwrap();
        assert!(w.scan(&store).unwrap().is_empty(), "first sight: wait");
        assert!(w.has_pending());
        f.write_all(b" and second half").unwrap();
        f.sync_all().unwrap();
        assert!(w.scan(&store).unwrap().is_empty(), "still growing: wait");
        let ready = w.scan(&store).unwrap();
        assert_eq!(ready.len(), 1, "{ready:?}");
        assert!(ready[0].path.ends_with("a.txt"));
        store.mark_file(&ready[0], 1).unwrap();
        assert!(w.scan(&store).unwrap().is_empty(), "ingested once");
        assert!(!w.has_pending());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
