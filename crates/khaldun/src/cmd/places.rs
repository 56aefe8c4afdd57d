//! `khaldun places`: look names up in the gazetteer (issue 3).
use clap::Args;

#[derive(Debug, Args)]
pub struct PlacesArgs {}

pub fn run(_args: PlacesArgs) -> anyhow::Result<()> {
    anyhow::bail!("`khaldun places` is not built yet")
}
