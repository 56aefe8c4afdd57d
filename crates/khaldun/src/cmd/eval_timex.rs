//! `khaldun eval timex`: TIMEX3 accuracy on TimeML gold (issue 4).
use clap::Args;

#[derive(Debug, Args)]
pub struct TimexEvalArgs {}

pub fn run(_args: TimexEvalArgs) -> anyhow::Result<()> {
    anyhow::bail!("`khaldun eval timex` is not built yet")
}
