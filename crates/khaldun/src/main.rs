//! The `khaldun` command line: a thin layer that parses flags and wires the
//! pipeline stages, the store and the server together.

mod cmd;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "khaldun",
    version,
    about = "Sourced, geolocated, deduplicated conflict event data from news text"
)]
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
    /// Read articles (files, directories, URLs, feeds, stdin), extract events, store them.
    Ingest(cmd::ingest::IngestArgs),
    /// List stored articles.
    Articles(cmd::articles::ArticlesArgs),
    /// List stored events, with filters.
    Events(cmd::events::EventsArgs),
    /// Show one event with its evidence sentences and sources.
    Show(cmd::events::ShowArgs),
    /// Run the pipeline without a database and print one JSON object per article.
    Extract(cmd::extract::ExtractArgs),
    /// Run the whole pipeline on the bundled sample data into the database.
    Demo(cmd::demo::DemoArgs),
    /// Measure throughput and memory of ingest and each pipeline stage.
    Bench(cmd::bench::BenchArgs),
    /// Look actors up in the knowledge base (aliases, affiliations).
    Actors(cmd::actors::ActorsArgs),
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
    /// Annotate and store queued articles from a PostgreSQL store (`ingest --enqueue`).
    Worker(cmd::worker::WorkerArgs),
    /// Copy a store (SQLite or PostgreSQL) into another.
    Migrate(cmd::migrate::MigrateArgs),
    /// A cited situation brief for a place, actor and period (Markdown or HTML).
    Brief(cmd::brief::BriefArgs),
    /// Weekly events and fatalities per country, admin1 unit or actor, with spike flags.
    Trends(cmd::trends::TrendsArgs),
    /// Watch feeds (and a folder) until stopped, storing new articles' events.
    Watch(cmd::watch::WatchArgs),
    /// List the watched feeds with their health.
    Feeds(cmd::feeds::FeedsArgs),
    /// List, add or remove alerts (saved event filters, optionally POSTed to a webhook).
    Alerts(cmd::alerts::AlertsArgs),
}

#[derive(Debug, Subcommand)]
enum EvalCommand {
    /// Geoparsing: toponym recognition and resolution (GeoVirus layout).
    Geo(cmd::eval_geo::GeoEvalArgs),
    /// Time expressions on TimeML files.
    Timex(cmd::eval_timex::TimexEvalArgs),
    /// Event extraction on gold JSON Lines.
    Events(cmd::eval_events::EventEvalArgs),
    /// Whole articles: every event of each article, or the main event's figures on real news.
    Articles(cmd::eval_articles::ArticleEvalArgs),
    /// Cross-article deduplication on incident gold (articles about the same incident).
    Dedup(cmd::eval_dedup::DedupEvalArgs),
}

fn main() {
    let cli = Cli::parse();
    let level = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        _ => "debug",
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KHALDUN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .with_writer(std::io::stderr);
    if std::env::var("KHALDUN_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        // One JSON object a line (services: journald, container log collectors).
        logs.json().init();
    } else {
        // Colours only on a terminal.
        logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
    let quiet = cli.quiet;
    if !matches!(
        cli.command,
        Command::Serve(_) | Command::Watch(_) | Command::Worker(_)
    ) {
        quit_quietly_on_closed_pipe();
    }
    let result = match cli.command {
        Command::Ingest(a) => cmd::ingest::run(a, quiet),
        Command::Articles(a) => cmd::articles::run(a),
        Command::Events(a) => cmd::events::run(a),
        Command::Show(a) => cmd::events::show(a),
        Command::Extract(a) => cmd::extract::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Bench(a) => cmd::bench::run(a),
        Command::Actors(a) => cmd::actors::run(a),
        Command::Eval(EvalCommand::Geo(a)) => cmd::eval_geo::run(a),
        Command::Eval(EvalCommand::Timex(a)) => cmd::eval_timex::run(a),
        Command::Eval(EvalCommand::Events(a)) => cmd::eval_events::run(a),
        Command::Eval(EvalCommand::Articles(a)) => cmd::eval_articles::run(a),
        Command::Eval(EvalCommand::Dedup(a)) => cmd::eval_dedup::run(a),
        Command::Gazetteer(a) => cmd::gazetteer::run(a),
        Command::Places(a) => cmd::places::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Worker(a) => cmd::worker::run(a, quiet),
        Command::Migrate(a) => cmd::migrate::run(a, quiet),
        Command::Brief(a) => cmd::brief::run(a),
        Command::Trends(a) => cmd::trends::run(a),
        Command::Watch(a) => cmd::watch::run(a),
        Command::Feeds(a) => cmd::feeds::run(a),
        Command::Alerts(a) => cmd::alerts::run(a),
    };
    if let Err(e) = result {
        // A closed pipe (`khaldun events | head`) is the reader's choice, not an error.
        let broken_pipe = e.chain().any(|c| {
            c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        });
        if broken_pipe {
            std::process::exit(0);
        }
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

/// A command whose reader goes away (`khaldun trends | head`) ends quietly,
/// as Unix tools do, instead of panicking in `println!`: the default action
/// of SIGPIPE is restored (Rust ignores it). Services keep ignoring it, so a
/// client that hangs up is an error on one connection, not an exit.
fn quit_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any
    // thread is started; no handler runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
