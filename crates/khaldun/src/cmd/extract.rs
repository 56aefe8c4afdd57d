//! `khaldun extract`: run the pipeline without a database and print one JSON
//! object per article (the evaluation contract, see docs/schema.md).

use std::io::{BufWriter, Write};

use clap::Args;
use khaldun_model::{AnnotatedArticle, Article};
use khaldun_pipeline::{Pipeline, STAGES};
use rayon::prelude::*;

use super::input::{stream, InputArgs};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// A file, directory, URL, or - for stdin.
    #[arg(default_value = "-", value_name = "FILE|-")]
    pub input: String,
    #[command(flatten)]
    pub read: InputArgs,
    /// Include each sentence's tokens.
    #[arg(long)]
    pub tokens: bool,
    /// Pretty-print (one object spans several lines).
    #[arg(long)]
    pub pretty: bool,
    /// Run only these stages (comma-separated: text,time,geo,actors,events).
    #[arg(long, value_delimiter = ',', value_name = "STAGES")]
    pub stages: Option<Vec<String>>,
    /// Records processed together (in parallel); output keeps input order.
    #[arg(long, default_value_t = 256)]
    pub chunk: usize,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<()> {
    let pipeline = match &args.stages {
        Some(names) => {
            for n in names {
                if !STAGES.contains(&n.as_str()) {
                    anyhow::bail!("unknown stage {n:?}; stages are {}", STAGES.join(","));
                }
            }
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            Pipeline::with_stages_and_tokens(&names, args.tokens)
        }
        None => Pipeline::with_stages_and_tokens(STAGES, args.tokens),
    };
    let rx = stream(vec![args.input.clone()], args.read.options());
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut chunk = Vec::with_capacity(args.chunk);
    let (mut ok, mut failed) = (0u64, 0u64);
    let mut emit = |chunk: &mut Vec<Result<Article, khaldun_ingest::IngestError>>,
                    ok: &mut u64,
                    failed: &mut u64|
     -> anyhow::Result<()> {
        let docs: Vec<AnnotatedArticle> = std::mem::take(chunk)
            .into_par_iter()
            .map(|item| match item {
                Ok(article) => pipeline.process(article),
                Err(e) => AnnotatedArticle {
                    article: Article {
                        origin: Some(e.origin.clone()),
                        ..Default::default()
                    },
                    error: Some(e.to_string()),
                    ..Default::default()
                },
            })
            .collect();
        for mut doc in docs {
            if doc.error.is_some() {
                *failed += 1;
            } else {
                *ok += 1;
            }
            if !args.tokens {
                doc.sentences.iter_mut().for_each(|s| s.tokens.clear());
            }
            if args.pretty {
                serde_json::to_writer_pretty(&mut out, &doc)?;
            } else {
                serde_json::to_writer(&mut out, &doc)?;
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    };
    for item in rx {
        chunk.push(item);
        if chunk.len() >= args.chunk.max(1) {
            emit(&mut chunk, &mut ok, &mut failed)?;
        }
    }
    emit(&mut chunk, &mut ok, &mut failed)?;
    out.flush()?;
    if ok == 0 {
        anyhow::bail!("nothing could be read ({failed} failed)");
    }
    Ok(())
}
