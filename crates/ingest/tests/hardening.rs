//! Issue 16: mixed encodings, non-regular files and size-limit messages.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use khaldun_ingest::{read_path, IngestOptions};

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("khaldun-ingest-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Log lines written while `f` runs on this thread.
fn capture_logs<T>(f: impl FnOnce() -> T) -> (T, String) {
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let out = tracing::subscriber::with_default(subscriber, f);
    let logs = String::from_utf8_lossy(&buf.0.lock().unwrap()).into_owned();
    (out, logs)
}

#[test]
fn one_invalid_byte_does_not_turn_utf8_into_mojibake() {
    let dir = temp_dir("mixed-encoding");
    let path = dir.join("brief.txt");
    let mut bytes = "Des hommes armés ont attaqué le poste de Sévaré, au centre du Mali. "
        .repeat(20)
        .into_bytes();
    // One stray Windows-1252 byte in the middle of a UTF-8 file.
    bytes.extend_from_slice(b"Le bilan est de 12 morts \x96 selon la mairie. ");
    bytes.extend_from_slice("Les forces armées ont riposté.".as_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let (out, logs) = capture_logs(|| {
        read_path(
            &path,
            &IngestOptions {
                raw: true,
                ..Default::default()
            },
        )
        .collect::<Vec<_>>()
    });
    std::fs::remove_dir_all(&dir).unwrap();
    let a = out[0].as_ref().expect("read");
    assert!(a.text.contains("hommes armés"), "{}", &a.text[..80]);
    assert!(!a.text.contains("armÃ©s"), "mojibake: {}", &a.text[..80]);
    assert!(a.text.contains("12 morts \u{fffd} selon"), "{}", a.text);
    assert!(logs.contains("WARN"), "no warning: {logs:?}");
    assert!(
        logs.contains("brief.txt"),
        "warning names no file: {logs:?}"
    );
    assert!(logs.contains("UTF-8"), "{logs:?}");
}

#[test]
fn windows_1252_files_still_read_as_windows_1252() {
    let dir = temp_dir("cp1252");
    let path = dir.join("old.txt");
    std::fs::write(
        &path,
        b"Des hommes arm\xe9s ont attaqu\xe9 S\xe9var\xe9 \x93hier\x94.",
    )
    .unwrap();
    let out: Vec<_> = read_path(
        &path,
        &IngestOptions {
            raw: true,
            ..Default::default()
        },
    )
    .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        out[0].as_ref().unwrap().text,
        "Des hommes armés ont attaqué Sévaré “hier”."
    );
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

/// Run `f` on a thread; fail if it takes more than 5 s (a FIFO blocks forever).
fn within_5s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(5))
        .expect("ingest blocked on a non-regular file")
}

#[cfg(unix)]
#[test]
fn a_fifo_is_skipped_with_a_message() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("pipe.txt");
    mkfifo(&fifo);
    let f = fifo.clone();
    let out: Vec<_> = within_5s(move || read_path(&f, &IngestOptions::default()).collect());
    assert_eq!(out.len(), 1);
    let e = out[0].as_ref().unwrap_err();
    assert!(e.origin.ends_with("pipe.txt"), "{e}");
    assert!(e.cause.contains("not a regular file"), "{e}");

    // In a directory: the regular file is read, the FIFO reported and skipped.
    std::fs::write(
        dir.join("story.txt"),
        "Gunmen attacked a village near Mopti on Sunday, residents said.",
    )
    .unwrap();
    let d = dir.clone();
    let out: Vec<_> = within_5s(move || read_path(&d, &IngestOptions::default()).collect());
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.len(), 2, "{out:?}");
    let errors: Vec<_> = out.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errors.len(), 1, "{out:?}");
    assert!(errors[0].origin.ends_with("pipe.txt"), "{}", errors[0]);
    assert!(
        errors[0].cause.contains("not a regular file"),
        "{}",
        errors[0]
    );
    assert!(out
        .iter()
        .any(|r| r.as_ref().is_ok_and(|a| a.text.contains("Mopti"))));
}

#[test]
fn size_limit_messages_name_the_real_flag() {
    let dir = temp_dir("limit");
    let path = dir.join("big.txt");
    std::fs::write(&path, "word ".repeat(1000)).unwrap();
    let opts = IngestOptions {
        max_bytes: 100,
        ..Default::default()
    };
    let e = read_path(&path, &opts).next().unwrap().unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(e.cause.contains("--max-mb"), "{e}");
    assert!(!e.cause.contains("--max-bytes"), "{e}");
    let jsonl = format!("{{\"text\": \"{}\"}}\n", "a".repeat(500));
    let e = khaldun_ingest::read_bytes(jsonl.as_bytes(), "x.jsonl", &opts)
        .remove(0)
        .unwrap_err();
    assert!(e.cause.contains("--max-mb"), "{e}");
}
