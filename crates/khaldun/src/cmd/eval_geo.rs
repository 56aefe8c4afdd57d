//! `khaldun eval geo`: geoparsing accuracy on a GeoVirus-layout gold file (issue 3).
use clap::Args;

#[derive(Debug, Args)]
pub struct GeoEvalArgs {}

pub fn run(_args: GeoEvalArgs) -> anyhow::Result<()> {
    anyhow::bail!("`khaldun eval geo` is not built yet")
}
