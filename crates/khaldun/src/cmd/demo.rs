//! `khaldun demo`: run the whole pipeline on the bundled sample data into
//! the embedded database and summarise what came out.

use std::time::Instant;

use clap::Args;
use khaldun_ingest::{Format, IngestOptions};
use khaldun_pipeline::Pipeline;
use khaldun_store::PutOutcome;

use super::common::DbArgs;
use super::samples::{SAHEL_FR, SAMPLE_BRIEF, VOA_STORIES};

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: DemoArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let store = args.db.open()?;
    let mut articles = Vec::new();
    let mut failed = 0;
    let inputs: [(&[u8], &str, Format); 3] = [
        (VOA_STORIES, "fixtures/voa-stories.jsonl", Format::Jsonl),
        (SAMPLE_BRIEF, "fixtures/sample-brief.txt", Format::Text),
        (SAHEL_FR, "fixtures/sahel-fr-samples.jsonl", Format::Jsonl),
    ];
    for (bytes, origin, format) in inputs {
        let opts = IngestOptions {
            format,
            ..Default::default()
        };
        for item in khaldun_ingest::read_bytes(bytes, origin, &opts) {
            match item {
                Ok(a) => articles.push(a),
                Err(e) => {
                    eprintln!("error: {e}");
                    failed += 1;
                }
            }
        }
    }
    let read = articles.len();
    let docs = Pipeline::standard().process_batch(articles);
    let outcomes = store.put(&docs)?;
    let new = outcomes.iter().filter(|o| **o == PutOutcome::New).count();
    let reports: usize = docs.iter().map(|d| d.events.len()).sum();
    let stats = store.stats()?;
    let elapsed = started.elapsed();

    println!("Khaldun demo: the bundled sample data through the whole pipeline\n");
    println!(
        "  read      {read} articles (89 Voice of America stories; a sample brief and 20 French sample reports, invented for the demo), {failed} failed, in {:.2} s",
        elapsed.as_secs_f64()
    );
    println!("  stored    {new} new, {} already there", read - new);
    println!(
        "  events    {reports} event reports extracted, merged into {} distinct events ({} articles in the database)",
        stats.events, stats.articles
    );
    if !stats.by_type.is_empty() {
        println!("\n  events by type");
        for (t, n) in &stats.by_type {
            println!("    {n:>5}  {t}");
        }
    }
    if !stats.by_country.is_empty() {
        println!("\n  events by country (top 12)");
        for (c, n) in stats.by_country.iter().take(12) {
            let c = if c == "??" {
                "(no place found)"
            } else {
                c.as_str()
            };
            println!("    {n:>5}  {c}");
        }
    }
    let db = args.db.name();
    println!("\n  database  {db}");
    println!("\nNext (khaldun is target/release/khaldun, or `cargo run --release --`):");
    println!("  khaldun events                      # the events, newest first (filters: --help)");
    println!("  khaldun events --country ML --format csv > mali.csv");
    println!("  khaldun brief --country ML --format html -o ml.html   # a cited situation brief");
    println!(
        "  khaldun trends --by admin1 --country ML                # weekly series, spikes flagged"
    );
    println!("  khaldun show EVENT_ID               # one event with its evidence and sources");
    println!("  khaldun articles                    # the stored articles");
    println!(
        "  khaldun extract fixtures/sample-brief.txt --pretty   # the JSON contract, no database"
    );
    println!("  khaldun serve                       # map, timeline and evidence at http://127.0.0.1:8080");
    Ok(())
}
