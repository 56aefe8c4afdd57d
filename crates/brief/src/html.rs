//! The brief as one self-contained HTML page: inline CSS (screen and print), inline SVG
//! figures, no script, no external resource. Every value is escaped.

use std::fmt::Write;

use crate::doc::{document, Block, Inline};
use crate::svg::{esc, map, weekly_chart};
use crate::Brief;

const CSS: &str = include_str!("brief.css");

fn inline(v: &[Inline]) -> String {
    let mut s = String::new();
    for i in v {
        match i {
            Inline::Text(x) => s.push_str(&esc(x)),
            Inline::Strong(x) => {
                let _ = write!(s, "<strong>{}</strong>", esc(x));
            }
            Inline::Ref(n) => {
                let _ = write!(s, "<a class=\"ref\" href=\"#e{n}\">[{n}]</a>");
            }
            Inline::Link(href, text) => {
                let _ = write!(s, "<a href=\"{}\">{}</a>", esc(href), esc(text));
            }
        }
    }
    s
}

/// The brief as a self-contained HTML page.
pub fn html(b: &Brief) -> String {
    let blocks = document(b);
    let title = match blocks.first() {
        Some(Block::Title(t)) => t.clone(),
        _ => "Situation brief".into(),
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body><main class=\"brief\">\n",
        esc(&title)
    );
    for block in blocks {
        match block {
            Block::Title(x) => {
                let _ = writeln!(s, "<h1>{}</h1>", esc(&x));
            }
            Block::Heading(x, id) => {
                let _ = writeln!(s, "<h2 id=\"{}\">{}</h2>", esc(&id), esc(&x));
            }
            Block::Para(v) => {
                let _ = writeln!(s, "<p>{}</p>", inline(&v));
            }
            Block::Note(v) => {
                let _ = writeln!(s, "<p class=\"note\">{}</p>", inline(&v));
            }
            Block::List(items) => {
                s.push_str("<ul>");
                for i in items {
                    let _ = write!(s, "<li>{}</li>", inline(&i));
                }
                s.push_str("</ul>\n");
            }
            Block::Table(head, rows) => {
                s.push_str("<table><thead><tr>");
                for h in head {
                    let _ = write!(s, "<th>{}</th>", esc(&h));
                }
                s.push_str("</tr></thead><tbody>");
                for r in rows {
                    s.push_str("<tr>");
                    for c in r {
                        let _ = write!(s, "<td>{}</td>", inline(&c));
                    }
                    s.push_str("</tr>");
                }
                s.push_str("</tbody></table>\n");
            }
            Block::Figure(which, caption) => {
                let svg = match which {
                    "chart" => Some(weekly_chart(b)),
                    _ => map(b),
                };
                let _ = writeln!(
                    s,
                    "<figure class=\"{which}\">{}<figcaption>{}</figcaption></figure>",
                    svg.unwrap_or_else(|| "<p>No located events.</p>".into()),
                    inline(&caption)
                );
            }
            Block::Reference(n, head, lines) => {
                let _ = write!(
                    s,
                    "<div class=\"event\" id=\"e{n}\"><div class=\"head\"><b>[{n}]</b> {}</div>",
                    inline(&head)
                );
                for l in lines {
                    let _ = write!(s, "<div>{}</div>", inline(&l));
                }
                s.push_str("</div>\n");
            }
        }
    }
    s.push_str("</main></body></html>\n");
    s
}
