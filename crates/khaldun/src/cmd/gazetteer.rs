//! `khaldun gazetteer`: import GeoNames dumps and supplements, rebuild the
//! bundled artifact, show statistics (issue 3).
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Subcommand};
use khaldun_geo::Gazetteer;

#[derive(Debug, Args)]
pub struct GazetteerArgs {
    #[command(subcommand)]
    pub command: GazetteerCommand,
}

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Add places from a GeoNames dump (allCountries.txt, ML.txt, cities1000.txt; .gz too)
    /// or a supplement TSV (name, alternate names, lat, lon, country, admin1, admin2,
    /// feature code) to the user gazetteer, which every later run merges.
    Import {
        /// File to import.
        file: PathBuf,
        /// User gazetteer directory.
        #[arg(
            long,
            env = "KHALDUN_GAZETTEER_DIR",
            default_value = "khaldun-data/gazetteer"
        )]
        gazetteer_dir: PathBuf,
    },
    /// Rebuild the bundled artifact from a GeoNames folder (countryInfo.txt,
    /// admin1CodesASCII.txt, admin2Codes.txt, subdivisions.tsv,
    /// cities500-admin.tsv.gz, countries-50m.json); rebuild the binary afterwards.
    Build {
        /// Folder with the GeoNames files.
        #[arg(long)]
        from: PathBuf,
        /// Output file.
        #[arg(long, default_value = "data/gazetteer/gazetteer.tsv.sz")]
        out: PathBuf,
    },
    /// Print entry and name counts, load time and user entries.
    Info {
        /// User gazetteer directory.
        #[arg(
            long,
            env = "KHALDUN_GAZETTEER_DIR",
            default_value = "khaldun-data/gazetteer"
        )]
        gazetteer_dir: PathBuf,
    },
}

pub fn run(args: GazetteerArgs) -> anyhow::Result<()> {
    match args.command {
        GazetteerCommand::Import {
            file,
            gazetteer_dir,
        } => {
            let g = Gazetteer::bundled();
            let s = khaldun_geo::build::import_file(&g, &file, &gazetteer_dir)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            println!(
                "{}: {} lines read, {} places added, {} skipped -> {}",
                file.display(),
                s.read,
                s.added,
                s.skipped,
                gazetteer_dir
                    .join(khaldun_geo::gazetteer::USER_FILE)
                    .display()
            );
            if s.added == 0 && s.read > 0 {
                anyhow::bail!(
                    "{}: no line could be read as a GeoNames or supplement row",
                    file.display()
                );
            }
            Ok(())
        }
        GazetteerCommand::Build { from, out } => {
            let s = khaldun_geo::build::build_artifact(&from, &out)
                .map_err(|e| anyhow::anyhow!("{}: {e}", from.display()))?;
            println!(
                "{}: {} entries, {} names, {} bytes ({} uncompressed)",
                out.display(),
                s.entries,
                s.keys,
                s.compressed_bytes,
                s.raw_bytes
            );
            Ok(())
        }
        GazetteerCommand::Info { gazetteer_dir } => {
            let t = Instant::now();
            let g = Gazetteer::load_with_user(&gazetteer_dir)?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            println!(
                "entries {}  names {}  user entries {}  load {:.0} ms",
                g.len(),
                g.key_count(),
                g.user_entries(),
                ms
            );
            Ok(())
        }
    }
}
