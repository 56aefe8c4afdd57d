//! Throughput of `tag` on the bundled VOA stories (English), in bytes/s.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn texts() -> Vec<(String, Option<chrono::NaiveDate>)> {
    include_str!("../../../fixtures/voa-stories.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let text = v["text"].as_str().unwrap_or_default().to_string();
            let dct = v["published"].as_str().and_then(khaldun_time::parse_dct);
            (text, dct)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = texts();
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let mut g = c.benchmark_group("time");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("tag_voa_en", |b| {
        b.iter(|| {
            let mut n = 0;
            for (t, d) in &docs {
                n += khaldun_time::tag(t, *d, "en").len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
