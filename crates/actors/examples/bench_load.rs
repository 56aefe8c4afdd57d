//! Time to build the embedded knowledge base and one pass over a text given as argument.
//! `cargo run --release -p khaldun-actors --example bench_load -- "some text"`
use std::time::Instant;
fn main() {
    let t0 = Instant::now();
    let b = khaldun_actors::ActorBase::embedded();
    let load = t0.elapsed();
    let text = std::env::args().nth(1).unwrap_or_default();
    let t1 = Instant::now();
    let m = b.find_all(&text);
    eprintln!(
        "load {:?}, {} actors, {} mentions in {:?}",
        load,
        b.actors().count(),
        m.len(),
        t1.elapsed()
    );
    for (r, a) in m {
        println!(
            "{}\t{}\t{:?}\t{:?}\t{:?}",
            &text[r],
            a.actor.id.unwrap_or_default(),
            a.actor.country,
            a.actor.identity,
            a.resolution
        );
    }
}
