//! Recognition + resolution throughput over the bundled VOA stories
//! (`fixtures/voa-stories.jsonl`, Voice of America, US public domain).
//! `cargo bench -p khaldun-geo`
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khaldun_geo::{geoparse, Gazetteer, ParseOptions};

const VOA: &str = include_str!("../../../fixtures/voa-stories.jsonl");

fn texts() -> Vec<String> {
    VOA.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect()
}

fn bench(c: &mut Criterion) {
    let g = Gazetteer::embedded();
    let texts = texts();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut group = c.benchmark_group("geo");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("geoparse_voa", |b| {
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                n += geoparse(
                    &g,
                    t,
                    ParseOptions {
                        lang: Some("en"),
                        demonyms: true,
                    },
                )
                .len();
            }
            n
        })
    });
    group.finish();
    c.bench_function("gazetteer_load", |b| b.iter(Gazetteer::bundled));
}

criterion_group!(benches, bench);
criterion_main!(benches);
