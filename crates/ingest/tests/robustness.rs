//! A short, deterministic mutation pass over the fixtures through every reader, on stable Rust:
//! truncations, byte flips, insertions and splices must give articles or errors, never a panic.
//! (The open-ended version is `fuzz/`, run with cargo-fuzz.)

use khaldun_ingest::{read_bytes, Format, IngestOptions};
use std::path::Path;

/// xorshift64*: a fixed-seed generator, so every run tries the same inputs.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    match rng.below(6) {
        0 => v.truncate(rng.below(v.len() + 1)),
        1 => {
            for _ in 0..1 + rng.below(8) {
                if !v.is_empty() {
                    let i = rng.below(v.len());
                    v[i] ^= 1 << rng.below(8);
                }
            }
        }
        2 => {
            let i = rng.below(v.len() + 1);
            let junk: Vec<u8> = (0..rng.below(64)).map(|_| rng.next() as u8).collect();
            v.splice(i..i, junk);
        }
        3 => {
            // Splice part of another fixture into this one.
            let i = rng.below(v.len() + 1);
            let a = rng.below(other.len() + 1);
            let b = (a + rng.below(512)).min(other.len());
            v.splice(i..i, other[a..b].iter().copied());
        }
        4 => {
            // Repeat a slice: deep nesting, long lines.
            let a = rng.below(v.len() + 1);
            let b = (a + 1 + rng.below(16)).min(v.len());
            let piece = v[a..b].to_vec();
            for _ in 0..rng.below(200) {
                v.splice(a..a, piece.iter().copied());
            }
        }
        _ => {
            let i = rng.below(v.len() + 1);
            v.truncate(i);
            v.extend_from_slice(&other[..other.len().min(rng.below(256))]);
        }
    }
    v
}

#[test]
fn mutated_fixtures_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    for sub in [dir.clone(), dir.join("malformed")] {
        let mut names: Vec<_> = std::fs::read_dir(&sub)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        names.sort();
        for p in names {
            if p.is_file() && p.extension().is_some_and(|e| e != "py" && e != "md") {
                seeds.push((
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    let formats = [
        Format::Auto,
        Format::Text,
        Format::Html,
        Format::Feed,
        Format::Jsonl,
        Format::Warc,
    ];
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let mut runs = 0;
    for round in 0..20 {
        for (i, (name, bytes)) in seeds.iter().enumerate() {
            let other = &seeds[(i + 1 + round) % seeds.len()].1;
            let input = mutate(&mut rng, bytes, other);
            let format = formats[rng.below(formats.len())];
            let opts = IngestOptions {
                format,
                max_bytes: 1 << 20,
                ..Default::default()
            };
            for r in read_bytes(&input, name, &opts) {
                match r {
                    Ok(a) => assert!(!a.id.is_empty() && !a.text.trim().is_empty(), "{name}"),
                    Err(e) => assert!(!e.cause.is_empty(), "{name}"),
                }
            }
            runs += 1;
        }
    }
    assert!(runs > 800);
}

/// The pathological shapes of issue 16, generated (so the repository holds no large files).
fn pathological_seeds() -> Vec<(&'static str, Format, Vec<u8>)> {
    let long_line = "word ".repeat(40_000).into_bytes(); // 200 KB, no punctuation, no newline
    let paragraphs = format!(
        "<html><body><article>{}</article></body></html>",
        "<p>Gunmen attacked Mopti.</p>".repeat(10_000)
    )
    .into_bytes();
    let nested = format!(
        "<html><body>{}deep text{}</body></html>",
        "<div><span>".repeat(1_000),
        "</span></div>".repeat(1_000)
    )
    .into_bytes();
    let unclosed = format!("<html><body>{}", "<div><p><b><i>".repeat(2_000)).into_bytes();
    let json_deep = format!(
        "{{\"text\": \"Gunmen attacked Mopti.\", \"meta\": {}1{}}}\n",
        "[".repeat(2_000),
        "]".repeat(2_000)
    )
    .into_bytes();
    let json_many: Vec<u8> = (0..5_000)
        .flat_map(|i| {
            format!("{{\"id\": \"r{i}\", \"text\": \"Clashes in Gao {i}.\"}}\n").into_bytes()
        })
        .collect();
    let mut invalid_utf8 = "Des hommes armés ont attaqué Sévaré. "
        .repeat(500)
        .into_bytes();
    for i in (0..invalid_utf8.len()).step_by(997) {
        invalid_utf8[i] = 0xff;
    }
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>{}</channel></rss>",
        "<item><title>x</title><description>Clashes in Gao.</description></item>".repeat(3_000)
    )
    .into_bytes();
    let warc: Vec<u8> = (0..1_000)
        .flat_map(|i| {
            let body = format!("<html><body><p>Clashes in Gao {i}.</p></body></html>");
            format!(
                "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://example.org/{i}\r\n\
                 Content-Type: text/html\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
                body.len()
            )
            .into_bytes()
        })
        .collect();
    vec![
        ("long-line.txt", Format::Text, long_line.clone()),
        ("long-line.html", Format::Html, long_line),
        ("paragraphs.html", Format::Html, paragraphs),
        ("nested.html", Format::Html, nested),
        ("unclosed.html", Format::Html, unclosed),
        ("deep.jsonl", Format::Jsonl, json_deep),
        ("many.jsonl", Format::Jsonl, json_many),
        ("invalid-utf8.txt", Format::Text, invalid_utf8),
        ("many.rss", Format::Feed, feed),
        ("many.warc", Format::Warc, warc),
    ]
}

/// A bounded fuzz step for CI on stable Rust (the README's test command runs it): each
/// pathological shape through its own reader and the sniffer, then fixed-seed mutations of it
/// through every reader. Any panic fails; a reader must answer with articles or errors.
#[test]
fn pathological_shapes_and_their_mutations_never_panic() {
    let seeds = pathological_seeds();
    let formats = [
        Format::Auto,
        Format::Text,
        Format::Html,
        Format::Feed,
        Format::Jsonl,
        Format::Warc,
    ];
    let read = |bytes: &[u8], name: &str, format: Format| {
        let opts = IngestOptions {
            format,
            max_bytes: 1 << 20,
            ..Default::default()
        };
        for r in read_bytes(bytes, name, &opts) {
            match r {
                Ok(a) => assert!(!a.id.is_empty() && !a.text.trim().is_empty(), "{name}"),
                Err(e) => assert!(!e.cause.is_empty(), "{name}"),
            }
        }
    };
    for (name, format, bytes) in &seeds {
        read(bytes, name, *format);
        read(bytes, name, Format::Auto);
    }
    let mut rng = Rng(0x0dd_5eed_1234_5678);
    for round in 0..3 {
        for (i, (name, _, bytes)) in seeds.iter().enumerate() {
            let other = &seeds[(i + 1 + round) % seeds.len()].2;
            let input = mutate(&mut rng, bytes, other);
            read(&input, name, formats[rng.below(formats.len())]);
        }
    }
}
