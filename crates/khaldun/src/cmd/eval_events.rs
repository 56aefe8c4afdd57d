//! `khaldun eval events`: event extraction accuracy on gold (issue 5).
use clap::Args;

#[derive(Debug, Args)]
pub struct EventEvalArgs {}

pub fn run(_args: EventEvalArgs) -> anyhow::Result<()> {
    anyhow::bail!("`khaldun eval events` is not built yet")
}
