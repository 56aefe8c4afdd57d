//! Mention recognition scored on hand-written sentences (`tests/fixtures/mentions.tsv`):
//! a predicted mention is right when it overlaps a gold mention with the same actor id.
//! Prints precision and recall; asserts floors so regressions fail.
use khaldun_actors::ActorBase;

fn score(data: &str) -> (f64, f64) {
    let base = ActorBase::embedded();
    let data: &str = data;
    let (mut gold_n, mut pred_n, mut gold_hit, mut pred_hit) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let text = cols[0];
        let focus = cols.get(2).map(|c| c.trim()).filter(|c| !c.is_empty());
        let gold: Vec<(std::ops::Range<usize>, &str)> = cols[1]
            .split(';')
            .filter(|g| !g.is_empty())
            .map(|g| {
                let (surface, id) = g.rsplit_once('=').expect("surface=id");
                let at = text
                    .find(surface)
                    .unwrap_or_else(|| panic!("{surface:?} not in {text:?}"));
                (at..at + surface.len(), id)
            })
            .collect();
        let pred = base.find_all_in_context(text, focus);
        let same = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
            a.start < b.end && b.start < a.end
        };
        gold_n += gold.len();
        pred_n += pred.len();
        for (r, id) in &gold {
            if pred
                .iter()
                .any(|(pr, a)| same(r, pr) && a.actor.id.as_deref() == Some(*id))
            {
                gold_hit += 1;
            } else {
                misses.push(format!("MISS {:?} {id} in {text}", &text[r.clone()]));
            }
        }
        for (pr, a) in &pred {
            let id = a.actor.id.as_deref().unwrap_or("");
            if gold.iter().any(|(r, g)| same(r, pr) && *g == id) {
                pred_hit += 1;
            } else {
                misses.push(format!("EXTRA {:?} {id} in {text}", &text[pr.clone()]));
            }
        }
    }
    let p = pred_hit as f64 / pred_n.max(1) as f64;
    let r = gold_hit as f64 / gold_n.max(1) as f64;
    eprintln!("{}", misses.join("\n"));
    eprintln!("mentions: gold {gold_n}, predicted {pred_n}, precision {p:.3}, recall {r:.3}");
    (p, r)
}

/// Development sentences (rules were fixed against them).
#[test]
fn mention_precision_and_recall_on_development_sentences() {
    let (p, r) = score(include_str!("fixtures/mentions.tsv"));
    assert!(p >= 0.95 && r >= 0.95, "precision {p:.3} recall {r:.3}");
}

/// Held-out sentences (written after the rules, not tuned on).
#[test]
fn mention_precision_and_recall_on_held_out_sentences() {
    let (p, r) = score(include_str!("fixtures/mentions-heldout.tsv"));
    assert!(p >= 0.75 && r >= 0.75, "precision {p:.3} recall {r:.3}");
}

/// Second held-out set (written after the last rule change, scored once).
#[test]
fn mention_precision_and_recall_on_second_held_out_sentences() {
    let (p, r) = score(include_str!("fixtures/mentions-heldout2.tsv"));
    assert!(p >= 0.75 && r >= 0.75, "precision {p:.3} recall {r:.3}");
}
