//! Issue 16: mixed encodings.

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
