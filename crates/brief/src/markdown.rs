//! The brief in Markdown: references are `[n](#en)` links to `<a id="en">` anchors; the
//! weekly chart is a table (Markdown viewers drop inline SVG); the map is left to HTML.

use std::fmt::Write;

use crate::doc::{document, Block, Inline};
use crate::Brief;

fn inline(v: &[Inline]) -> String {
    let mut s = String::new();
    for i in v {
        match i {
            Inline::Text(x) => s.push_str(&escape(x)),
            Inline::Strong(x) => {
                let _ = write!(s, "**{}**", escape(x));
            }
            Inline::Ref(n) => {
                let _ = write!(s, "[\\[{n}\\]](#e{n})");
            }
            Inline::Link(href, text) => {
                let _ = write!(s, "[{}]({})", escape(text), href.replace(' ', "%20"));
            }
        }
    }
    s
}

/// Markdown's special characters in running text, escaped.
fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

fn weekly_table(b: &Brief) -> String {
    let mut s = String::from(
        "Weeks of both periods with events (the others had none).\n\n| week of | events | fatalities | spike |\n|---|---:|---:|---|\n",
    );
    let from = b.previous.map(|p| p.from);
    for w in &b.weekly.weeks {
        if from.is_some_and(|f| w.start + chrono::Days::new(6) < f) || w.events == 0 {
            continue;
        }
        let spike = w
            .spike
            .map(|x| format!("spike (baseline {:.2}, p = {:.4})", x.baseline, x.p_value))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {spike} |",
            w.start, w.events, w.fatalities
        );
    }
    s
}

/// The brief as Markdown.
pub fn markdown(b: &Brief) -> String {
    let mut s = String::new();
    for block in document(b) {
        match block {
            Block::Title(x) => {
                let _ = writeln!(s, "# {}\n", escape(&x));
            }
            Block::Heading(x, id) => {
                let _ = writeln!(s, "<a id=\"{id}\"></a>\n\n## {}\n", escape(&x));
            }
            Block::Para(v) => {
                let _ = writeln!(s, "{}\n", inline(&v));
            }
            Block::Note(v) => {
                let _ = writeln!(s, "*{}*\n", inline(&v));
            }
            Block::List(items) => {
                for i in items {
                    let _ = writeln!(s, "- {}", inline(&i));
                }
                s.push('\n');
            }
            Block::Table(head, rows) => {
                let _ = writeln!(
                    s,
                    "| {} |",
                    head.iter()
                        .map(|h| escape(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(s, "|{}", "---|".repeat(head.len()));
                for r in rows {
                    let cells: Vec<String> = r.iter().map(|c| inline(c)).collect();
                    let _ = writeln!(s, "| {} |", cells.join(" | "));
                }
                s.push('\n');
            }
            Block::Figure("chart", caption) => {
                let _ = writeln!(s, "{}\n*{}*\n", weekly_table(b), inline(&caption));
            }
            Block::Figure(_, _) => {
                s.push_str("*The map is in the HTML brief (`--format html`).*\n\n");
            }
            Block::Reference(n, head, lines) => {
                let _ = writeln!(s, "<a id=\"e{n}\"></a>**\\[{n}\\]** {}", inline(&head));
                for l in lines {
                    let _ = writeln!(s, "  \n{}", inline(&l));
                }
                s.push('\n');
            }
        }
    }
    s
}
