//! Regenerate `data/gazetteer/gazetteer.tsv.sz` from a GeoNames folder.
//!
//! `cargo run --release -p khaldun-geo --bin build-gazetteer -- --from PATH/TO/geonames-folder --out data/gazetteer/gazetteer.tsv.sz`
use std::path::PathBuf;

fn main() {
    let mut from = None;
    let mut out = PathBuf::from("data/gazetteer/gazetteer.tsv.sz");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--from" => from = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from).unwrap_or(out),
            _ => {
                eprintln!("usage: build-gazetteer --from DIR [--out FILE]");
                std::process::exit(2);
            }
        }
    }
    let Some(from) = from else {
        eprintln!("usage: build-gazetteer --from DIR [--out FILE]");
        std::process::exit(2);
    };
    match khaldun_geo::build::build_artifact(&from, &out) {
        Ok(s) => println!(
            "{}: {} entries, {} keys, {} bytes raw, {} bytes compressed",
            out.display(),
            s.entries,
            s.keys,
            s.raw_bytes,
            s.compressed_bytes
        ),
        Err(e) => {
            eprintln!("build-gazetteer: {e}");
            std::process::exit(1);
        }
    }
}
