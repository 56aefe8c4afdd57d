//! Throughput of the text stage (language, sentences, tokens) on the bundled VOA stories.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khaldun_model::{AnnotatedArticle, Article, Component};
use khaldun_text::{detect_language, segment_bytes, TextStage};

fn texts() -> Vec<String> {
    include_str!("../../../fixtures/voa-stories.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect()
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("detect_language", |b| {
        b.iter(|| texts.iter().filter_map(|t| detect_language(t)).count())
    });
    g.bench_function("segment", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| segment_bytes(t, "en").len())
                .sum::<usize>()
        })
    });
    let stage = TextStage::new();
    g.bench_function("stage (sentences + tokens)", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    let mut d = AnnotatedArticle::new(Article {
                        text: t.clone(),
                        ..Default::default()
                    });
                    stage.annotate(&mut d);
                    d.sentences.len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
