//! Development helper: `cargo run --release -p khaldun-geo --example geo_eval -- GOLD [--given-spans] [--details FILE] [--split dev|heldout] [--demonyms]`
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gold = args.first().expect("gold file");
    let given = args.iter().any(|a| a == "--given-spans");
    let t = std::time::Instant::now();
    let g = khaldun_geo::Gazetteer::embedded();
    eprintln!(
        "gazetteer: {} entries, {} keys, loaded in {:?}",
        g.len(),
        g.key_count(),
        t.elapsed()
    );
    let split = match args.iter().position(|a| a == "--split") {
        Some(i) => args[i + 1].parse().expect("split"),
        None => khaldun_geo::eval::Split::All,
    };
    let demonyms = args.iter().any(|a| a == "--demonyms");
    let r =
        khaldun_geo::eval::evaluate_split(&g, std::path::Path::new(gold), given, split, demonyms)
            .expect("eval");
    println!("{}", r.summary());
    if let Some(i) = args.iter().position(|a| a == "--details") {
        let path = &args[i + 1];
        let mut s = String::new();
        for d in &r.details {
            s.push_str(&serde_json::to_string(d).unwrap());
            s.push('\n');
        }
        std::fs::write(path, s).unwrap();
    }
}
