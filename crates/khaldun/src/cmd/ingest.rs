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
    /// Only read the articles and add them to the PostgreSQL work queue,
    /// for `khaldun worker` processes to annotate and store.
    #[arg(long)]
    pub enqueue: bool,
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
    if args.enqueue {
        return enqueue(&args, quiet);
    }
    let store = args.db.open()?;
    // The store answers "already stored?" on this thread while the writer
    // thread writes (each with a connection of its own).
    let counts = ingest_into(
        store.as_ref(),
        Some(store.as_ref()),
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
            args.db.name()
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

/// Read `inputs`, annotate in parallel batches, and store each batch in one
/// transaction on a writer thread, so that writing batch N overlaps the
/// annotation of batch N+1. Articles `checker` already holds unchanged are
/// counted as duplicates without being annotated again.
pub fn ingest_into(
    store: &dyn Store,
    checker: Option<&dyn Store>,
    inputs: Vec<String>,
    input: &InputArgs,
    batch_size: usize,
    quiet: bool,
) -> anyhow::Result<Counts> {
    let pipeline = Pipeline::standard();
    let rx = stream(inputs, input.options());
    let pb = progress(quiet, None, "ingesting");
    let (to_writer, batches) =
        std::sync::mpsc::sync_channel::<Vec<khaldun_model::AnnotatedArticle>>(2);
    std::thread::scope(|scope| {
        let pb_writer = pb.clone();
        let writer = scope.spawn(move || -> anyhow::Result<Counts> {
            let mut counts = Counts::default();
            for docs in batches {
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
                pb_writer.inc(docs.len() as u64);
            }
            Ok(counts)
        });
        let (mut failed, mut skipped) = (0, 0);
        let mut batch = Vec::with_capacity(batch_size);
        for item in rx {
            match item {
                Ok(article) if checker.map_or(Ok(false), |c| c.is_stored(&article))? => {
                    skipped += 1;
                    pb.inc(1);
                }
                Ok(article) => batch.push(article),
                Err(e) => {
                    pb.suspend(|| eprintln!("error: {e}"));
                    failed += 1;
                }
            }
            if batch.len() >= batch_size.max(1) {
                let docs = pipeline.process_batch(std::mem::take(&mut batch));
                if to_writer.send(docs).is_err() {
                    break; // the writer failed; its error is reported below
                }
            }
        }
        if !batch.is_empty() {
            let _ = to_writer.send(pipeline.process_batch(batch));
        }
        drop(to_writer);
        let mut counts = writer
            .join()
            .map_err(|_| anyhow::anyhow!("store writer thread panicked"))??;
        counts.failed = failed;
        counts.duplicate += skipped;
        pb.finish_and_clear();
        Ok(counts)
    })
}

/// `ingest --enqueue`: read the inputs and queue the articles the store
/// does not hold unchanged.
fn enqueue(args: &IngestArgs, quiet: bool) -> anyhow::Result<()> {
    let store = args.db.open_pg("ingest --enqueue")?;
    let pb = progress(quiet, None, "enqueueing");
    let (mut queued, mut stored, mut failed) = (0usize, 0usize, 0usize);
    let mut batch = Vec::with_capacity(args.batch.max(1));
    for item in stream(args.inputs.clone(), args.input.options()) {
        match item {
            Ok(a) if store.is_stored(&a)? => stored += 1,
            Ok(a) => batch.push(a),
            Err(e) => {
                pb.suspend(|| eprintln!("error: {e}"));
                failed += 1;
            }
        }
        if batch.len() >= args.batch.max(1) {
            queued += store.enqueue(&std::mem::take(&mut batch))?;
            pb.set_position(queued as u64);
        }
    }
    queued += store.enqueue(&batch)?;
    pb.finish_and_clear();
    let pending = store.queue_counts()?.pending;
    if !quiet {
        eprintln!(
            "queued {queued} article(s) ({stored} already stored, {failed} failed); {pending} pending in {}",
            args.db.name()
        );
    }
    if failed > 0 && (queued + stored == 0 || args.strict) {
        anyhow::bail!("{failed} input(s) could not be read");
    }
    Ok(())
}
