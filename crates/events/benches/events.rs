//! Event stage speed: `cargo bench -p khaldun-events`.
//! The document is annotated once by the earlier stages; the bench times the
//! event stage alone on a clone of it.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khaldun_events::EventStage;
use khaldun_model::{AnnotatedArticle, Article, Component};

fn bench(c: &mut Criterion) {
    let text = include_str!("../tests/fixtures/seed-excerpt.txt");
    let base = khaldun_actors::ActorBase::embedded();
    let mut doc = AnnotatedArticle::new(Article {
        id: "bench".into(),
        text: text.into(),
        published: Some("2022-05-22".into()),
        language: Some("en".into()),
        ..Default::default()
    });
    let pre: Vec<Box<dyn Component>> = vec![
        Box::new(khaldun_text::TextStage::new()),
        Box::new(khaldun_time::TimeStage::new()),
        Box::new(khaldun_geo::GeoStage::new(
            khaldun_geo::Gazetteer::embedded(),
        )),
        Box::new(khaldun_actors::ActorStage::new(base.clone())),
    ];
    for s in &pre {
        s.annotate(&mut doc);
    }
    let stage = EventStage::new(base);
    let mut g = c.benchmark_group("events");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("seed-excerpt", |b| {
        b.iter(|| {
            let mut d = doc.clone();
            stage.annotate(&mut d);
            d.events.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
