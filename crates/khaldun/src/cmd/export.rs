//! `khaldun export`: ACLED CSV, PLOVER JSONL, GeoJSON, Parquet exports (issue 6).
use clap::Args;

#[derive(Debug, Args)]
pub struct ExportArgs {}

pub fn run(_args: ExportArgs) -> anyhow::Result<()> {
    anyhow::bail!("`khaldun export` is not built yet")
}
