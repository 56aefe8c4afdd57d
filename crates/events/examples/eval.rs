//! Development runner for the event scorers without the full binary:
//! `cargo run --release -p khaldun-events --example eval -- dev|plover|wiki FILE [N errors]`
use khaldun_events::{eval, wiki_mentions, EventStage};
use khaldun_model::{AnnotatedArticle, Article, Component, Sentence};

fn stages() -> Vec<Box<dyn Component>> {
    let base = khaldun_actors::ActorBase::embedded();
    vec![
        Box::new(khaldun_text::TextStage::new()),
        Box::new(khaldun_time::TimeStage::new()),
        Box::new(khaldun_geo::GeoStage::new(
            khaldun_geo::Gazetteer::embedded(),
        )),
        Box::new(khaldun_actors::ActorStage::new(base.clone())),
        Box::new(EventStage::new(base)),
    ]
}

fn run(st: &[Box<dyn Component>], a: Article) -> AnnotatedArticle {
    let mut d = AnnotatedArticle::new(a);
    for s in st {
        s.annotate(&mut d);
    }
    d
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let fmt = args[1].as_str();
    let text = std::fs::read_to_string(&args[2]).unwrap();
    let nerr: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let st = stages();
    let base = khaldun_actors::ActorBase::embedded();
    match fmt {
        "dev" => {
            let items = eval::parse_dev(&text).unwrap();
            let docs: Vec<_> = items
                .iter()
                .map(|i| {
                    run(
                        &st,
                        Article {
                            id: i.id.clone(),
                            text: i.text.clone(),
                            published: i.published.clone(),
                            language: i.lang.clone(),
                            ..Default::default()
                        },
                    )
                })
                .collect();
            let r = eval::score_dev(&items, &docs, Some(&base), nerr);
            for e in &r.errors {
                println!("{e}");
            }
            let mut r2 = r.clone();
            r2.errors.clear();
            println!("{}", serde_json::to_string(&r2).unwrap());
        }
        "plover" => {
            let items = eval::parse_plover(&text).unwrap();
            let docs: Vec<_> = items
                .iter()
                .map(|i| {
                    run(
                        &st,
                        Article {
                            id: i.id.clone(),
                            text: i.text.clone().unwrap_or_default(),
                            language: Some("en".into()),
                            ..Default::default()
                        },
                    )
                })
                .collect();
            let r = eval::score_plover(&items, &docs, nerr);
            for e in &r.errors {
                println!("{e}");
            }
            let mut r2 = r.clone();
            r2.errors.clear();
            println!("{}", serde_json::to_string(&r2).unwrap());
        }
        _ => {
            let docs = eval::parse_wiki(&text).unwrap();
            let mut sys = Vec::new();
            for d in &docs {
                let mut a = AnnotatedArticle::new(Article {
                    id: d.id.clone(),
                    text: d.text.clone(),
                    language: Some("en".into()),
                    ..Default::default()
                });
                let chars: Vec<char> = d.text.chars().collect();
                a.sentences = d
                    .sentences
                    .iter()
                    .map(|&(s, e)| Sentence {
                        start: s,
                        end: e,
                        text: chars[s..e].iter().collect(),
                        tokens: vec![],
                    })
                    .collect();
                for s in st.iter().skip(1) {
                    s.annotate(&mut a);
                }
                sys.push(wiki_mentions(&a, &base));
            }
            let gold: Vec<_> = docs.iter().map(|d| d.mentions.clone()).collect();
            let texts: Vec<_> = docs.iter().map(|d| d.text.clone()).collect();
            let r = eval::score_wiki(&gold, &sys, &texts, nerr);
            for e in &r.errors {
                println!("{e}");
            }
            let mut r2 = r.clone();
            r2.errors.clear();
            println!("{}", serde_json::to_string(&r2).unwrap());
        }
    }
}
