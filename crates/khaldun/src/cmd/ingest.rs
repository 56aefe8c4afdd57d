//! `khaldun ingest`: read articles, run the pipeline, store the results.

use clap::Args;
use khaldun_pipeline::Pipeline;
use khaldun_store::{PutOutcome, Store};

use super::common::{progress, DbArgs};
use super::input::{stream, InputArgs};

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories (read recursively), http(s) URLs of pages or feeds, or - for stdin.
    #[arg(required = true, value_name = "PATH|URL|-")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub db: DbArgs,
    /// Exit non-zero if any input failed (default: only if nothing could be read).
    #[arg(long)]
    pub strict: bool,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
}

/// Counts of one ingest run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub new: u64,
    pub duplicate: u64,
    pub updated: u64,
    pub failed: u64,
    pub events: u64,
}

pub fn run(args: IngestArgs, quiet: bool) -> anyhow::Result<()> {
    let mut store = args.db.open()?;
    let counts = ingest_into(
        &mut store,
        args.inputs.clone(),
        &args.input,
        args.batch,
        quiet,
    )?;
    let read = counts.new + counts.duplicate + counts.updated;
    if !quiet {
        eprintln!(
            "ingested {} article(s): {} new, {} duplicate, {} updated, {} failed; {} event report(s) extracted; database {}",
            read,
            counts.new,
            counts.duplicate,
            counts.updated,
            counts.failed,
            counts.events,
            args.db.db.display()
        );
    }
    if counts.failed > 0 && (read == 0 || args.strict) {
        anyhow::bail!("{} input(s) could not be read", counts.failed);
    }
    if read == 0 {
        anyhow::bail!("no article found in the input");
    }
    Ok(())
}

/// Read `inputs`, annotate in parallel batches, store each batch in one transaction.
pub fn ingest_into(
    store: &mut dyn Store,
    inputs: Vec<String>,
    input: &InputArgs,
    batch_size: usize,
    quiet: bool,
) -> anyhow::Result<Counts> {
    let pipeline = Pipeline::standard();
    let rx = stream(inputs, input.options());
    let pb = progress(quiet, None, "ingesting");
    let mut counts = Counts::default();
    let mut batch = Vec::with_capacity(batch_size);
    let mut flush =
        |batch: &mut Vec<khaldun_model::Article>, counts: &mut Counts| -> anyhow::Result<()> {
            if batch.is_empty() {
                return Ok(());
            }
            let docs = pipeline.process_batch(std::mem::take(batch));
            let outcomes = store.put(&docs)?;
            for (doc, o) in docs.iter().zip(outcomes) {
                match o {
                    PutOutcome::New => counts.new += 1,
                    PutOutcome::Duplicate => counts.duplicate += 1,
                    PutOutcome::Updated => counts.updated += 1,
                }
                if o != PutOutcome::Duplicate {
                    counts.events += doc.events.len() as u64;
                }
            }
            pb.inc(docs.len() as u64);
            Ok(())
        };
    for item in rx {
        match item {
            Ok(article) => batch.push(article),
            Err(e) => {
                pb.suspend(|| eprintln!("error: {e}"));
                counts.failed += 1;
            }
        }
        if batch.len() >= batch_size.max(1) {
            flush(&mut batch, &mut counts)?;
        }
    }
    flush(&mut batch, &mut counts)?;
    pb.finish_and_clear();
    Ok(counts)
}
