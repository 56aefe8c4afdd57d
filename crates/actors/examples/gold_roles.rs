//! Coverage check against an events gold file (JSON Lines with `text`, `lang` and
//! `events[].actor|target` surface forms): how many role surfaces resolve to an actor and
//! how many are covered by a recognised mention in the text. Prints the misses.
//!
//! `cargo run --release -p khaldun-actors --example gold_roles -- gold/events-dev.jsonl`
use khaldun_actors::ActorBase;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: gold_roles GOLD.jsonl");
        std::process::exit(2);
    };
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let base = ActorBase::embedded();
    let (mut total, mut resolved, mut covered) = (0, 0, 0);
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or_default();
        let mentions = base.find_all(text);
        for ev in v["events"].as_array().into_iter().flatten() {
            for role in ["actor", "target"] {
                let Some(s) = ev[role].as_str() else { continue };
                total += 1;
                let r = base.resolve(s);
                if r.is_some() {
                    resolved += 1;
                }
                let hit = text.find(s).is_some_and(|p| {
                    mentions
                        .iter()
                        .any(|(m, _)| m.start < p + s.len() && p < m.end)
                });
                if hit {
                    covered += 1;
                }
                if r.is_none() || !hit {
                    println!(
                        "{}\t{role}\t{s}\tresolved={}\tcovered={hit}",
                        v["id"].as_str().unwrap_or(""),
                        r.map(|a| a.id.unwrap_or_default())
                            .unwrap_or_else(|| "-".into())
                    );
                }
            }
        }
    }
    eprintln!("{total} role surfaces: {resolved} resolve ({:.1}%), {covered} covered by a mention ({:.1}%)",
        100.0 * resolved as f64 / total.max(1) as f64, 100.0 * covered as f64 / total.max(1) as f64);
}
