//! `khaldun brief` and `khaldun trends` on the demo database: the brief's figures are
//! checked against `khaldun events` on the same store, and flag values are validated.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn khaldun(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khaldun"))
        .args(args)
        .env("KHALDUN_DB", db)
        .env_remove("KHALDUN_LOG")
        .output()
        .expect("run khaldun")
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: Output) -> String {
    assert!(!o.status.success(), "expected a failure");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

struct Demo(PathBuf);

impl Demo {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("khaldun-brief-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let d = Demo(dir);
        ok(khaldun(&["--quiet", "demo"], &d.db()));
        d
    }
    fn db(&self) -> PathBuf {
        self.0.join("k.db")
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn brief_figures_match_khaldun_events_and_bad_values_are_errors() {
    let d = Demo::new("figures");
    let db = d.db();
    let json: serde_json::Value = serde_json::from_str(&ok(khaldun(
        &["brief", "--country", "ML", "--format", "json"],
        &db,
    )))
    .unwrap();
    let (from, to) = (
        json["period"]["from"].as_str().unwrap().to_string(),
        json["period"]["to"].as_str().unwrap().to_string(),
    );
    let listed = ok(khaldun(
        &[
            "events",
            "--country",
            "ML",
            "--from",
            &from,
            "--to",
            &to,
            "--format",
            "jsonl",
            "--limit",
            "10000",
        ],
        &db,
    ));
    let mut by_type: HashMap<String, (u64, u64)> = HashMap::new();
    for line in listed.lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let e = &r["event"];
        let t = by_type
            .entry(e["acled"]["event_type"].as_str().unwrap().to_string())
            .or_default();
        t.0 += 1;
        t.1 += e["killed"].as_u64().unwrap_or(0);
    }
    assert!(!by_type.is_empty(), "the demo has events in Mali");
    let total = &json["total"];
    assert_eq!(
        total["events"].as_u64().unwrap() as usize,
        listed.lines().count()
    );
    for f in json["figures"].as_array().unwrap() {
        let label = f["label"].as_str().unwrap();
        let (n, k) = by_type.get(label).copied().unwrap_or_default();
        assert_eq!(f["events"].as_u64().unwrap(), n, "{label}");
        assert_eq!(f["fatalities"].as_u64().unwrap(), k, "{label}");
    }

    // the README's command
    let out = d.0.join("ml.html");
    ok(khaldun(
        &[
            "brief",
            "--country",
            "ML",
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ],
        &db,
    ));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Situation brief: Mali") && html.contains("<svg"));

    // values that would give an empty table are errors with a suggestion
    assert!(err(khaldun(&["events", "--country", "Mali"], &db)).contains("--country ML"));
    assert!(err(khaldun(&["events", "--status", "confirmed"], &db)).contains("asserted"));
    assert!(err(khaldun(&["events", "--sub-type", "Ambush"], &db)).contains("Armed clash"));
    assert!(err(khaldun(&["events", "--from", "2024-02-30"], &db)).contains("YYYY-MM-DD"));
    assert!(err(khaldun(&["brief", "--country", "Mali"], &db)).contains("--country ML"));
    // an empty result says so
    let o = khaldun(
        &[
            "events",
            "--country",
            "ML",
            "--from",
            "1990-01-01",
            "--to",
            "1990-12-31",
        ],
        &db,
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("no events match"));
    // eval gold that is not bundled says where such data comes from
    let e = err(khaldun(
        &["eval", "geo", "--gold", "no-such-folder/geo/missing.jsonl"],
        &db,
    ));
    assert!(e.contains("development") && e.contains("gold/"), "{e}");
    // a place that is not found is a failure
    assert!(err(khaldun(&["places", "Xyzzyqwv"], &db)).contains("no place named"));

    // trends by admin1 in Mali: weekly rows, as JSON series with totals
    let tr: serde_json::Value = serde_json::from_str(&ok(khaldun(
        &[
            "trends",
            "--by",
            "admin1",
            "--country",
            "ML",
            "--from",
            "2023-01-01",
            "--json",
        ],
        &db,
    )))
    .unwrap();
    let sum: u64 = tr
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["events"].as_u64().unwrap())
        .sum();
    assert!(sum > 0);
}
