//! Linear time on the worst input shapes: doubling an input of each shape
//! (`khaldun_pipeline::shapes`) must at most about double the time of
//! reading it and running every stage over it. Ratios in one run, not
//! absolute times: each size is timed three times, interleaved with the
//! other size, and the fastest of each counts; the tests run one at a time.
//!
//! Sizes are small enough for a debug build to take a few seconds, and large
//! enough that a stage comparing every mention with every other (as geo and
//! events once did) shows a ratio near 4.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use khaldun_ingest::{Format, IngestOptions};
use khaldun_model::AnnotatedArticle;
use khaldun_pipeline::shapes::Shape;
use khaldun_pipeline::Pipeline;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::standard)
}

/// One test at a time: timings of one must not include another's work.
static SERIAL: Mutex<()> = Mutex::new(());

/// Time to read `input` and run every stage, and each stage's share.
fn run(shape: Shape, input: &[u8]) -> (Duration, Vec<Duration>) {
    let p = pipeline();
    let opts = IngestOptions {
        format: shape.format().parse::<Format>().expect("a format name"),
        ..Default::default()
    };
    let mut stages = vec![Duration::ZERO; p.stage_names().len()];
    let start = Instant::now();
    for a in khaldun_ingest::read_bytes(input, "shape", &opts) {
        let mut doc = AnnotatedArticle::new(a.expect("the shape reads"));
        p.annotate_timed(&mut doc, &mut stages);
        std::hint::black_box(&doc);
    }
    (start.elapsed(), stages)
}

fn assert_linear(shape: Shape, n: usize) {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (small, large) = (shape.generate(n), shape.generate(2 * n));
    run(shape, &small); // warm-up: data loaded, caches filled
    let (mut t1, mut t2) = ((Duration::MAX, vec![]), (Duration::MAX, vec![]));
    for _ in 0..3 {
        let a = run(shape, &small);
        if a.0 < t1.0 {
            t1 = a;
        }
        let b = run(shape, &large);
        if b.0 < t2.0 {
            t2 = b;
        }
    }
    let ratio = t2.0.as_secs_f64() / t1.0.as_secs_f64().max(1e-9);
    let names = pipeline().stage_names();
    let per_stage: Vec<String> = names
        .iter()
        .zip(t1.1.iter().zip(&t2.1))
        .map(|(s, (a, b))| format!("{s} {:.1}→{:.1} ms", ms(*a), ms(*b)))
        .collect();
    eprintln!(
        "{}: {} B {:.1} ms, {} B {:.1} ms, ratio {ratio:.2} ({})",
        shape.name(),
        small.len(),
        ms(t1.0),
        large.len(),
        ms(t2.0),
        per_stage.join(", ")
    );
    assert!(
        ratio < 3.0,
        "{}: doubling the input multiplied the time by {ratio:.2} ({})",
        shape.name(),
        per_stage.join(", ")
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[test]
fn a_list_of_place_names_takes_linear_time() {
    assert_linear(Shape::PlaceList, 24_000);
}

#[test]
fn many_short_html_paragraphs_take_linear_time() {
    assert_linear(Shape::HtmlParagraphs, 60_000);
}

#[test]
fn a_long_sentence_without_punctuation_takes_linear_time() {
    assert_linear(Shape::RunOnSentence, 64_000);
}

#[test]
fn a_large_json_lines_record_takes_linear_time() {
    assert_linear(Shape::LargeJsonlRecord, 100_000);
}
