//! Print the events of a text file (or stdin) one a line: a development aid.
//! `cargo run -p khaldun-events --example dump -- FILE [published-date]`
use std::io::Read;

use khaldun_events::EventStage;
use khaldun_model::{AnnotatedArticle, Article, Component};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut text = String::new();
    match args.get(1).map(String::as_str) {
        Some("-") | None => {
            std::io::stdin().read_to_string(&mut text).ok();
        }
        Some(p) => text = std::fs::read_to_string(p).expect("read input"),
    }
    let mut doc = AnnotatedArticle::new(Article {
        id: "dump".into(),
        published: Some(args.get(2).cloned().unwrap_or_else(|| "2022-05-22".into())),
        text,
        ..Default::default()
    });
    EventStage::new(khaldun_actors::ActorBase::embedded()).annotate(&mut doc);
    for e in &doc.events {
        println!(
            "[{}] {:?} {} / {} / {} mode={:?} actor={:?} assoc={:?} target={:?} killed={:?} inj={:?} abd={:?} arr={:?} status={} claimant={:?} denied_by={:?} neg={} hyp={} hist={} place={:?} date={:?} src={:?}",
            e.sentence,
            e.trigger.text,
            e.plover.event_type,
            e.acled.event_type,
            e.acled.sub_event_type,
            e.plover.mode,
            e.actor.as_ref().map(|a| &a.name),
            e.assoc_actors.iter().map(|a| &a.name).collect::<Vec<_>>(),
            e.target.as_ref().map(|a| &a.name),
            e.killed,
            e.injured,
            e.abducted,
            e.arrested,
            e.status.as_str(),
            e.claimant,
            e.denied_by,
            e.negated,
            e.hypothetical,
            e.historical,
            e.location.as_ref().map(|l| &l.place.name),
            e.date.as_ref().map(|d| &d.date),
            e.sources.iter().filter(|s| s.kind != "publisher").map(|s| &s.name).collect::<Vec<_>>(),
        );
    }
}
