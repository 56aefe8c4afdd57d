//! `khaldun export`: ACLED CSV, PLOVER JSONL, GeoJSON, Parquet exports (issue 6).
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use khaldun_server::export::{export_from, Format};
use khaldun_server::{EventFilter, StoreBackend};

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
    /// SQLite database file.
    #[arg(long, env = "KHALDUN_DB", default_value = "khaldun-data/khaldun.db")]
    pub db: PathBuf,
    #[arg(short, long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// Output file; `-` or none for standard output (Parquet needs a file).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// First day, inclusive (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// west,south,east,north in degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[arg(long)]
    pub country: Option<String>,
    #[arg(long)]
    pub admin1: Option<String>,
    /// Actor id or name.
    #[arg(long)]
    pub actor: Option<String>,
    /// PLOVER type(s), comma-separated.
    #[arg(long = "type")]
    pub plover_type: Option<String>,
    /// ACLED sub-event type.
    #[arg(long)]
    pub sub_event_type: Option<String>,
    /// Claim status(es), comma-separated (asserted, reported, claimed, alleged, denied).
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub min_sources: Option<u32>,
    /// Full-text query over the reporting articles.
    #[arg(long)]
    pub q: Option<String>,
}

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    if !args.db.exists() {
        anyhow::bail!(
            "no database at {} (run `khaldun demo` or `khaldun ingest PATH` first, or pass --db)",
            args.db.display()
        );
    }
    let filter = EventFilter {
        from: args.from,
        to: args.to,
        bbox: args.bbox,
        country: args.country,
        admin1: args.admin1,
        actor: args.actor,
        plover_type: args.plover_type,
        sub_event_type: args.sub_event_type,
        status: args.status,
        min_sources: args.min_sources,
        q: args.q,
    };
    filter.validate().map_err(anyhow::Error::msg)?;
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Geojson => Format::GeoJson,
        ExportFormat::Parquet => Format::Parquet,
    };
    let backend = StoreBackend::open(&args.db)
        .with_context(|| format!("cannot open database {}", args.db.display()))?;
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
