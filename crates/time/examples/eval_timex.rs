//! Quick TempEval-3 scoring without building the whole CLI:
//! `cargo run --release -p khaldun-time --example eval_timex -- DIR [en|fr] [ERRORS]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).expect("usage: eval_timex DIR [lang] [errors]"));
    let lang = args.get(2).map(String::as_str).filter(|l| *l != "auto");
    let nerr: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut errors = Vec::new();
    let c = khaldun_time::eval::eval_dir(&dir, lang, &mut errors).expect("eval");
    let s = c.scores();
    println!("{c:?}");
    println!(
        "strict P/R/F1 {:.1}/{:.1}/{:.1}  relaxed P/R/F1 {:.1}/{:.1}/{:.1}  type acc {:.1}  value acc {:.1}  value F1 {:.1}",
        s.strict_p, s.strict_r, s.strict_f1, s.relaxed_p, s.relaxed_r, s.relaxed_f1, s.type_accuracy, s.value_accuracy, s.value_f1
    );
    let filter = std::env::var("KIND").ok();
    for e in errors
        .iter()
        .filter(|e| filter.as_deref().is_none_or(|k| k == e.kind))
        .take(nerr)
    {
        println!(
            "{:9} {:40} | {:40} | {}",
            e.kind,
            e.gold.clone().unwrap_or_default(),
            e.system.clone().unwrap_or_default(),
            e.context
        );
    }
}
