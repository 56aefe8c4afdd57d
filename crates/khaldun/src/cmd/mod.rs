//! One module per subcommand. Each exposes its clap `Args` and a `run`.
pub mod actors;
pub mod articles;
pub mod bench;
pub mod common;
pub mod demo;
pub mod eval_events;
pub mod eval_geo;
pub mod eval_timex;
pub mod events;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod ingest;
pub mod input;
pub mod places;
pub mod samples;
pub mod serve;
