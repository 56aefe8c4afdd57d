//! `ingest --enqueue`, `worker` and `events` on PostgreSQL give what
//! `ingest` gives on SQLite. Needs `KHALDUN_TEST_PG` (in CI, `CI=true`,
//! it must be set; elsewhere the test does nothing without it).

use std::process::{Command, Output};

use khaldun_store_pg::PgStore;

fn url() -> Option<String> {
    match std::env::var("KHALDUN_TEST_PG") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but KHALDUN_TEST_PG is not set: the PostgreSQL suite must run in CI")
        }
        _ => None,
    }
}

fn khaldun(args: &[&str], db: &str) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .args(args)
        .env("KHALDUN_DB", db)
        .env_remove("KHALDUN_LOG")
        .output()
        .expect("run khaldun");
    assert!(
        o.status.success(),
        "khaldun {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn queued_articles_processed_by_a_worker_match_a_sqlite_ingest() {
    let Some(url) = url() else { return };
    let schema = format!("kc_cli_{}", std::process::id());
    let _keep = PgStore::open_temporary(&url, &schema).unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    let pg = format!("{url}{sep}options=-c%20search_path%3D{schema}%2Cpublic");
    let brief = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/sample-brief.txt"
    );
    let o = khaldun(&["ingest", "--enqueue", brief], &pg);
    assert!(
        text(&o.stderr).contains("queued 1 article"),
        "{}",
        text(&o.stderr)
    );
    let o = khaldun(&["worker", "--exit-when-empty"], &pg);
    assert!(
        text(&o.stderr).contains("1 article(s)"),
        "{}",
        text(&o.stderr)
    );
    let o = khaldun(&["ingest", "--enqueue", brief], &pg);
    assert!(
        text(&o.stderr).contains("queued 0 article(s) (1 already stored"),
        "{}",
        text(&o.stderr)
    );
    let dir = std::env::temp_dir().join(format!("khaldun-workers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lite = dir.join("k.db").display().to_string();
    khaldun(&["ingest", brief], &lite);
    let on_pg = text(&khaldun(&["events"], &pg).stdout);
    let on_lite = text(&khaldun(&["events"], &lite).stdout);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(on_pg.lines().count() > 1, "{on_pg}");
    assert_eq!(on_pg, on_lite);
}
