//! `khaldun export`: ACLED CSV, PLOVER JSONL, GeoJSON, Parquet exports (issue 6).
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use khaldun_server::export::{export_from, Format};
use khaldun_server::StoreBackend;

use super::common::FilterArgs;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// ACLED columns (event_id_cnty, event_date, ... fatalities), then Khaldun's own.
    Csv,
    /// One PLOVER JSON object per line.
    Jsonl,
    /// A GeoJSON FeatureCollection of points (opens in QGIS).
    Geojson,
    /// Apache Parquet (only in builds with the server's `parquet` feature).
    Parquet,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: super::common::DbArgs,
    #[arg(short, long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// Output file; `-` or none for standard output (Parquet needs a file).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    let store = args.db.open_existing()?;
    let filter = args.filter.validated()?.filter();
    filter.validate().map_err(anyhow::Error::msg)?;
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Geojson => Format::GeoJson,
        ExportFormat::Parquet => Format::Parquet,
    };
    let backend = StoreBackend::new(store);
    let n = match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let f = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let n = export_from(&backend, &filter, format, std::io::BufWriter::new(f))?;
            eprintln!("{n} events written to {}", path.display());
            n
        }
        None => {
            if let Format::Parquet = format {
                anyhow::bail!("Parquet is binary: give an output file with --output");
            }
            let out = std::io::BufWriter::new(std::io::stdout());
            match export_from(&backend, &filter, format, out) {
                Ok(n) => {
                    let _ = std::io::stdout().flush();
                    n
                }
                Err(e) if e.is_broken_pipe() => return Ok(()),
                Err(e) => return Err(e.into()),
            }
        }
    };
    tracing::info!(events = n, "export done");
    Ok(())
}
