//! Reader throughput: `cargo bench -p khaldun-ingest`.
//!
//! - `jsonl/voa-89`: the bundled Voice of America stories (`fixtures/voa-stories.jsonl`).
//! - `html/article`: the HTML fixture (main-content extraction plus metadata).
//! - `text/seed-excerpt`: the plain-text header parser.
//! - `warc/pages`: the WARC fixture (two HTML responses among six records).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khaldun_ingest::{read_bytes, IngestOptions};
use std::hint::black_box;
use std::path::Path;

fn load(rel: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn readers(c: &mut Criterion) {
    let opts = IngestOptions::default();
    let inputs = [
        (
            "jsonl",
            "voa-89",
            "../../fixtures/voa-stories.jsonl",
            "voa-stories.jsonl",
        ),
        (
            "html",
            "article",
            "tests/fixtures/article.html",
            "article.html",
        ),
        (
            "text",
            "seed-excerpt",
            "tests/fixtures/seed-excerpt.txt",
            "seed-excerpt.txt",
        ),
        ("warc", "pages", "tests/fixtures/pages.warc", "pages.warc"),
    ];
    for (group, name, path, origin) in inputs {
        let bytes = load(path);
        let articles = read_bytes(&bytes, origin, &opts)
            .into_iter()
            .filter(Result::is_ok)
            .count();
        let mut g = c.benchmark_group(group);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("{name} ({articles} articles)"), |b| {
            b.iter(|| black_box(read_bytes(black_box(&bytes), origin, &opts)))
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = readers
}
criterion_main!(benches);
