//! End-to-end tests of the `khaldun` binary on the bundled fixtures.

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

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .display()
        .to_string()
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("khaldun-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn db(&self) -> PathBuf {
        self.0.join("k.db")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn article_count(db: &Path) -> usize {
    let o = khaldun(&["articles", "--json", "--limit", "10000"], db);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().count()
}

#[test]
fn ingesting_the_voa_corpus_twice_stores_89_articles() {
    let t = TempDir::new("voa");
    let voa = repo("fixtures/voa-stories.jsonl");
    let first = khaldun(&["ingest", &voa], &t.db());
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("89 new"), "{}", stderr(&first));
    let second = khaldun(&["ingest", &voa], &t.db());
    assert!(second.status.success());
    assert!(
        stderr(&second).contains("0 new, 89 duplicate"),
        "{}",
        stderr(&second)
    );
    assert_eq!(article_count(&t.db()), 89);
}

#[test]
fn demo_runs_and_is_idempotent() {
    let t = TempDir::new("demo");
    let o = khaldun(&["demo"], &t.db());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("read      110 articles"), "{out}");
    assert!(
        out.contains(&t.db().display().to_string()),
        "summary names the database: {out}"
    );
    let again = khaldun(&["demo"], &t.db());
    assert!(
        stdout(&again).contains("stored    0 new, 110 already there"),
        "{}",
        stdout(&again)
    );
    assert_eq!(article_count(&t.db()), 110);
}

#[test]
fn extract_jsonl_keeps_order_ids_exact_text_and_error_lines() {
    let t = TempDir::new("extract");
    let input = t.0.join("in.jsonl");
    std::fs::write(
        &input,
        concat!(
            "{\"id\": \"r1\", \"text\": \"  JNIM attacked Ségou on Monday.  \", \"published\": \"2022-04-27\"}\n",
            "{\"id\": \"r2\", \"text\": 12\n",
            "{\"id\": \"r3\", \"text\": \"Des hommes armés ont attaqué le village.\"}\n"
        ),
    )
    .unwrap();
    let o = khaldun(
        &["extract", "--format", "jsonl", input.to_str().unwrap()],
        &t.db(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["article"]["source_id"], "r1");
    assert_eq!(
        lines[0]["article"]["text"],
        "  JNIM attacked Ségou on Monday.  "
    );
    assert!(
        lines[1]["error"].is_string(),
        "bad record keeps its line: {}",
        lines[1]
    );
    assert_eq!(lines[2]["article"]["source_id"], "r3");
    assert_eq!(lines[2]["article"]["language"], "fr");
    // sentence offsets are code points into article.text
    let text: Vec<char> = lines[0]["article"]["text"]
        .as_str()
        .unwrap()
        .chars()
        .collect();
    let s = &lines[0]["sentences"][0];
    let (a, b) = (
        s["start"].as_u64().unwrap() as usize,
        s["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        text[a..b].iter().collect::<String>(),
        s["text"].as_str().unwrap()
    );
    assert!(!t.db().exists(), "extract needs no database");
}

#[test]
fn extract_raw_keeps_input_exactly() {
    let t = TempDir::new("raw");
    let brief = repo("fixtures/sample-brief.txt");
    let raw = khaldun(&["extract", "--raw", &brief], &t.db());
    assert!(raw.status.success(), "{}", stderr(&raw));
    let v: serde_json::Value = serde_json::from_str(stdout(&raw).lines().next().unwrap()).unwrap();
    let original = std::fs::read_to_string(&brief).unwrap();
    assert_eq!(v["article"]["text"].as_str().unwrap(), original);
    let parsed = khaldun(&["extract", &brief], &t.db());
    let v: serde_json::Value =
        serde_json::from_str(stdout(&parsed).lines().next().unwrap()).unwrap();
    assert!(v["article"]["title"].is_string(), "header parsed: {v}");
    assert!(v["article"]["text"].as_str().unwrap().len() < original.len());
}

#[test]
fn bad_inputs_give_one_clear_line_and_the_run_goes_on() {
    let t = TempDir::new("bad");
    let garbage = t.0.join("garbage.bin");
    std::fs::write(
        &garbage,
        (0..4096u32)
            .map(|i| (i * 7919 % 256) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    let empty = t.0.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let brief = repo("fixtures/sample-brief.txt");
    let o = khaldun(
        &[
            "ingest",
            garbage.to_str().unwrap(),
            empty.to_str().unwrap(),
            &brief,
        ],
        &t.db(),
    );
    let err = stderr(&o);
    assert!(o.status.success(), "one good input is enough: {err}");
    assert!(err.contains("garbage.bin"), "{err}");
    assert!(err.contains("empty.txt"), "{err}");
    assert!(err.contains("1 new") && err.contains("2 failed"), "{err}");
    let strict = khaldun(
        &["ingest", "--strict", garbage.to_str().unwrap(), &brief],
        &t.db(),
    );
    assert!(!strict.status.success(), "--strict fails on any bad input");
    let none = khaldun(&["ingest", garbage.to_str().unwrap()], &t.db());
    assert!(!none.status.success(), "nothing readable is an error");
}

#[test]
fn events_list_formats_and_show() {
    let t = TempDir::new("events");
    assert!(khaldun(&["demo"], &t.db()).status.success());
    let json = khaldun(&["events", "--format", "json", "--limit", "500"], &t.db());
    assert!(json.status.success(), "{}", stderr(&json));
    let page: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let events = page["events"].as_array().unwrap();
    let csv = khaldun(&["events", "--format", "csv", "--limit", "500"], &t.db());
    assert_eq!(
        stdout(&csv).lines().count(),
        events.len() + 1,
        "header + one row per event"
    );
    assert!(
        stdout(&csv).starts_with("event_id_cnty,event_date"),
        "{}",
        stdout(&csv)
    );
    if let Some(first) = events.first() {
        let id = first["id"].as_str().unwrap();
        let show = khaldun(&["show", &id[..10]], &t.db());
        assert!(show.status.success(), "{}", stderr(&show));
        assert!(stdout(&show).contains(id));
    }
    // `events` and `export` take the same filters, in the README's form
    let filters = [
        "--bbox",
        "60,20,80,40",
        "--sub-event-type",
        "Remote explosive/landmine/IED",
    ];
    let listed = khaldun(
        &[
            &["events", "--format", "jsonl", "--limit", "500"][..],
            &filters[..],
        ]
        .concat(),
        &t.db(),
    );
    assert!(listed.status.success(), "{}", stderr(&listed));
    let exported = khaldun(
        &[&["export", "--format", "jsonl"][..], &filters[..]].concat(),
        &t.db(),
    );
    assert!(exported.status.success(), "{}", stderr(&exported));
    let n = stdout(&listed).lines().count();
    assert!(n > 0, "bombings in Pakistan and Afghanistan in the demo");
    assert_eq!(stdout(&exported).lines().count(), n);
    let bad = khaldun(&["events", "--bbox", "1,2,3"], &t.db());
    assert!(
        stderr(&bad).contains("west,south,east,north"),
        "{}",
        stderr(&bad)
    );
    let missing = khaldun(&["events"], &t.0.join("none.db"));
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("khaldun demo"),
        "hint on a missing database"
    );
}

#[test]
fn actors_lookup_shows_affiliation_chain() {
    let t = TempDir::new("actors");
    let o = khaldun(&["actors", "Katiba Macina"], &t.db());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("katiba-macina → jnim"), "{out}");
    assert!(out.contains("jnim → al-qaeda"), "{out}");
    let j = khaldun(
        &[
            "actors",
            "--json",
            "Groupe de soutien à l'islam et aux musulmans",
        ],
        &t.db(),
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&j)).unwrap();
    assert_eq!(v["resolved"]["id"], "jnim");
}

/// A reader that goes away before the output comes (`khaldun trends | head
/// -0`) ends the command quietly: no panic message on stderr.
#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    use std::process::Stdio;
    let t = TempDir::new("pipe");
    let ingest = khaldun(
        &["ingest", "-q", &repo("fixtures/voa-stories.jsonl")],
        &t.db(),
    );
    assert!(ingest.status.success());
    for args in [
        &["trends", "--by", "country"][..],
        &["events", "--limit", "500"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_khaldun"))
            .args(args)
            .env("KHALDUN_DB", t.db())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run khaldun");
        // hang up before the command has written anything
        drop(child.stdout.take());
        let done = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&done.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn events_split_and_merge_by_hand() {
    let t = TempDir::new("split");
    assert!(khaldun(&["demo"], &t.db()).status.success());
    let json = khaldun(
        &["events", "--all", "--format", "json", "--limit", "500"],
        &t.db(),
    );
    let page: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let multi = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["reports"].as_u64().unwrap_or(0) > 1)
        .expect("the demo tells the Pakistan train attack in several articles");
    let id = multi["id"].as_str().unwrap();
    let show = khaldun(&["show", id, "--json"], &t.db());
    let detail: serde_json::Value = serde_json::from_str(&stdout(&show)).unwrap();
    let article = detail["reports"][0]["article_id"].as_str().unwrap();
    let bad = khaldun(&["events", "split", id, "--report", "nope"], &t.db());
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("not a report of event"),
        "{}",
        stderr(&bad)
    );
    let split = khaldun(
        &["events", "split", &id[..10], "--report", article],
        &t.db(),
    );
    assert!(split.status.success(), "{}", stderr(&split));
    let out = stdout(&split);
    assert!(out.contains("into 2 event(s)"), "{out}");
    let ids: Vec<&str> = out.lines().skip(1).map(str::trim).collect();
    let merge = khaldun(&["events", "merge", ids[0], ids[1]], &t.db());
    assert!(merge.status.success(), "{}", stderr(&merge));
    let again = khaldun(&["show", id, "--json"], &t.db());
    let back: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert_eq!(
        back["reports"].as_array().unwrap().len(),
        detail["reports"].as_array().unwrap().len(),
        "merged back whole"
    );
}
