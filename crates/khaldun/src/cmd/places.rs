//! `khaldun places`: look names up in the gazetteer (issue 3).
use std::path::PathBuf;

use clap::Args;
use khaldun_geo::{place_of, Gazetteer};

#[derive(Debug, Args)]
pub struct PlacesArgs {
    /// Name to look up (accent- and case-insensitive; prefixes also match).
    pub query: String,
    /// Restrict to a country (ISO 3166-1 alpha-2, e.g. ML).
    #[arg(long)]
    pub country: Option<String>,
    /// Maximum number of results.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print JSON Lines instead of a table.
    #[arg(long)]
    pub json: bool,
    /// User gazetteer directory (entries added by `khaldun gazetteer import`).
    #[arg(
        long,
        env = "KHALDUN_GAZETTEER_DIR",
        default_value = "khaldun-data/gazetteer"
    )]
    pub gazetteer_dir: PathBuf,
}

pub fn run(args: PlacesArgs) -> anyhow::Result<()> {
    let g = Gazetteer::load_with_user(&args.gazetteer_dir)?;
    let found = g.search(&args.query, args.country.as_deref(), args.limit);
    if found.is_empty() {
        // nothing found is a failure for scripts (`khaldun places X && ...`)
        anyhow::bail!(
            "no place named {:?}{}",
            args.query,
            args.country
                .as_deref()
                .map(|c| format!(" in {c}"))
                .unwrap_or_default()
        );
    }
    if !args.json {
        println!(
            "{:<10} {:<28} {:<8} {:<3} {:<22} {:<22} {:>9} {:>10} {:>11}",
            "geonameid", "name", "feature", "cc", "admin1", "admin2", "lat", "lon", "population"
        );
    }
    for e in found {
        let p = place_of(&g, e);
        if args.json {
            let mut v = serde_json::to_value(&p)?;
            v["population"] = e.population.into();
            println!("{v}");
        } else {
            println!(
                "{:<10} {:<28} {:<8} {:<3} {:<22} {:<22} {:>9.4} {:>10.4} {:>11}",
                p.geonameid
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| "-".into()),
                p.name,
                e.feature,
                e.country,
                p.admin1.as_deref().unwrap_or("-"),
                p.admin2.as_deref().unwrap_or("-"),
                e.lat,
                e.lon,
                e.population
            );
        }
    }
    Ok(())
}
