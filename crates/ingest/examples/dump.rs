//! Print what ingest reads from each argument, one JSON object (or error) a line:
//! `cargo run -p khaldun-ingest --example dump -- PATH|URL|- [--raw] [--format F]`.
use khaldun_ingest::{read_input, Format, IngestOptions};

fn main() {
    let mut opts = IngestOptions::default();
    let mut inputs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--raw" => opts.raw = true,
            "--fetch-links" => opts.fetch_links = true,
            "--format" => {
                opts.format = args
                    .next()
                    .unwrap_or_default()
                    .parse::<Format>()
                    .unwrap_or_else(|e| panic!("{e}"))
            }
            _ => inputs.push(a),
        }
    }
    for input in inputs {
        for r in read_input(&input, &opts) {
            match r {
                Ok(a) => println!("{}", serde_json::to_string(&a).unwrap()),
                Err(e) => println!("ERROR {e}"),
            }
        }
    }
}
