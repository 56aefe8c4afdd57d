//! Development helper: time the phases of loading the gazetteer.
use std::io::Read;
use std::time::Instant;
fn main() {
    let bytes = std::fs::read("data/gazetteer/gazetteer.tsv.sz")
        .or_else(|_| std::fs::read("../../data/gazetteer/gazetteer.tsv.sz"))
        .unwrap();
    let t = Instant::now();
    let mut s = String::new();
    snap::read::FrameDecoder::new(&bytes[..])
        .read_to_string(&mut s)
        .unwrap();
    let t1 = t.elapsed();
    let s: &'static str = Box::leak(s.into_boxed_str());
    let t = Instant::now();
    let g = khaldun_geo::Gazetteer::from_artifact(s);
    let t2 = t.elapsed();
    println!(
        "inflate {t1:?} parse {t2:?} entries {} names {}",
        g.len(),
        g.key_count()
    );
    let mut counts = std::collections::BTreeMap::new();
    for e in g.entries() {
        *counts.entry(format!("{:?}", e.kind)).or_insert(0usize) += 1;
    }
    println!("{counts:?}");
}
