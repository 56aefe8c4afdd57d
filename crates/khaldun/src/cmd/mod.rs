//! One module per subcommand. Each exposes its clap `Args` and a `run`.
pub mod eval_events;
pub mod eval_geo;
pub mod eval_timex;
pub mod export;
pub mod gazetteer;
pub mod places;
pub mod serve;
