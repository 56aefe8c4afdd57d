//! `khaldun serve`: REST API and web UI (issue 6).
use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {}

pub fn run(_args: ServeArgs) -> anyhow::Result<()> {
    anyhow::bail!("`khaldun serve` is not built yet")
}
