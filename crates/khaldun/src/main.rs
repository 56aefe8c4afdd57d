//! The `khaldun` command line: a thin layer that parses flags and wires the
//! pipeline stages, the store and the server together.

mod cmd;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "khaldun", version, about = "Sourced, geolocated, deduplicated conflict event data from news text")]
struct Cli {
    /// Print only errors and results (no progress bars, no info logs).
    #[arg(short, long, global = true)]
    quiet: bool,
    /// More logging (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Measure accuracy against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Manage the gazetteer (import GeoNames dumps and supplements).
    Gazetteer(cmd::gazetteer::GazetteerArgs),
    /// Look place names up in the gazetteer.
    Places(cmd::places::PlacesArgs),
    /// Serve the REST API and web UI.
    Serve(cmd::serve::ServeArgs),
    /// Export events (ACLED CSV, PLOVER JSON Lines, GeoJSON, Parquet).
    Export(cmd::export::ExportArgs),
}

#[derive(Debug, Subcommand)]
enum EvalCommand {
    /// Geoparsing: toponym recognition and resolution (GeoVirus layout).
    Geo(cmd::eval_geo::GeoEvalArgs),
    /// Time expressions on TimeML files.
    Timex(cmd::eval_timex::TimexEvalArgs),
    /// Event extraction on gold JSON Lines.
    Events(cmd::eval_events::EventEvalArgs),
}

fn main() {
    let cli = Cli::parse();
    let level = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KHALDUN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Command::Eval(EvalCommand::Geo(a)) => cmd::eval_geo::run(a),
        Command::Eval(EvalCommand::Timex(a)) => cmd::eval_timex::run(a),
        Command::Eval(EvalCommand::Events(a)) => cmd::eval_events::run(a),
        Command::Gazetteer(a) => cmd::gazetteer::run(a),
        Command::Places(a) => cmd::places::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Export(a) => cmd::export::run(a),
    };
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
