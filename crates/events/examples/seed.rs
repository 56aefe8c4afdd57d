//! Run all stages over a text file and print the events (development aid):
//! `cargo run -p khaldun-events --example seed -- FILE PUBLISHED`
use khaldun_events::EventStage;
use khaldun_model::{AnnotatedArticle, Article, Component};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let base = khaldun_actors::ActorBase::embedded();
    let st: Vec<Box<dyn Component>> = vec![
        Box::new(khaldun_text::TextStage::new()),
        Box::new(khaldun_time::TimeStage::new()),
        Box::new(khaldun_geo::GeoStage::new(
            khaldun_geo::Gazetteer::embedded(),
        )),
        Box::new(khaldun_actors::ActorStage::new(base.clone())),
        Box::new(EventStage::new(base)),
    ];
    let mut d = AnnotatedArticle::new(Article {
        id: "seed".into(),
        text,
        published: args.get(2).cloned(),
        language: Some("en".into()),
        ..Default::default()
    });
    for s in &st {
        s.annotate(&mut d);
    }
    if std::env::var("SHOW").is_ok() {
        for p in &d.places {
            println!("PLACE {:?} {} {}-{}", p.text, p.kind, p.start, p.end);
        }
        for a in &d.actors {
            println!(
                "ACTOR {:?} {:?} {}-{}",
                a.text, a.actor.name, a.start, a.end
            );
        }
    }
    for e in &d.events {
        println!(
            "[{}] {:?} {} / {} actor={:?} target={:?} killed={:?} status={} claimant={:?} denied_by={:?} neg={} hyp={} hist={} place={:?} date={:?} src={:?}",
            e.sentence, e.trigger.text, e.plover.event_type, e.acled.sub_event_type,
            e.actor.as_ref().map(|a| &a.name), e.target.as_ref().map(|a| &a.name), e.killed, e.status.as_str(), e.claimant, e.denied_by,
            e.negated, e.hypothetical, e.historical, e.location.as_ref().map(|l| &l.place.name), e.date.as_ref().map(|d| &d.date),
            e.sources.iter().map(|s| &s.name).collect::<Vec<_>>()
        );
    }
}
