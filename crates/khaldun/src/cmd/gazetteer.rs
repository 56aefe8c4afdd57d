//! `khaldun gazetteer`: import GeoNames dumps and supplements (issue 3).
use clap::Args;

#[derive(Debug, Args)]
pub struct GazetteerArgs {}

pub fn run(_args: GazetteerArgs) -> anyhow::Result<()> {
    anyhow::bail!("`khaldun gazetteer` is not built yet")
}
