//! Plain-text articles, including the header layout of republished briefs:
//!
//! ```text
//! Ocnus.Net                                   <- site
//!
//! Africa                                      <- section
//! Al-Qaeda’s Malian Affiliate Targets ...     <- title
//! By Jacob Zenn, Terrorism Monitor, 20/5/22 https://jamestown.org/program/briefs-365/
//! May 22, 2022 - 12:07:40 PM                  <- this copy's date
//!
//! On April 25, the al-Qaeda affiliate ...     <- body (may open with a dateline)
//!
//! Source: Ocnus.net 2022                      <- footer
//! ```
//!
//! Every header line is optional. A byline naming a publication, a date or a URL records who
//! first published the piece (`republished_from`); a plain "By X" only gives the author. When no
//! header line is recognised the whole input is the body. The body is a slice of the input,
//! never rewritten, so offsets into it are offsets into the file's body.

use crate::dates::parse_date;
use crate::ids::{host_of, known_publisher, publisher_for_url};
use khaldun_model::{Article, Provenance};
use once_cell::sync::Lazy;
use regex::Regex;

/// At most this many non-empty lines open an article before its body.
const HEADER_LINES: usize = 8;

static SITE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:www\.)?[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$").unwrap()
});
static BYLINE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:By|BY|Par|PAR|par|by)[:\s]\s*(\S.*)$").unwrap());
static URL_IN: Lazy<Regex> = Lazy::new(|| Regex::new(r"https?://[^\s<>()]+").unwrap());
static FOOTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:sources?\s*:\s*(.+)|(?:©|\(c\)|copyright)\s*(.*))$").unwrap()
});
static AUTHOR_SPLIT: Lazy<Regex> = Lazy::new(|| Regex::new(r"\s+(?:and|et|&)\s+|\s*;\s*").unwrap());
/// A dateline opening the body: "BAMAKO, Mali (Reuters) —", "DAKAR (AFP) -",
/// "OUAGADOUGOU, 5 mai (Reuters) -", "Bamako (AFP) –".
static DATELINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(?:(?:[\p{Lu}][\p{Lu}'’.\- ]{1,40})(?:,[^—–\n()]{1,60}?)?(?:\s*\([\p{L} .]{1,20}\))?|[\p{Lu}][\p{L}'’.\- ]{1,40}(?:,[^—–\n()]{1,60}?)?\s*\((?:AFP|Reuters|AP|AA|APA|VOA|Xinhua|ANP|RFI)\))\s*(?:—|–|--|-)",
    )
    .unwrap()
});

/// One line of the input, with its byte range (without the line break).
struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn lines(s: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in s.split_inclusive('\n') {
        let end = start + piece.trim_end_matches(['\n', '\r']).len();
        out.push(Line {
            start,
            end,
            text: &s[start..end],
        });
        start += piece.len();
    }
    out
}

#[derive(PartialEq, Clone, Copy, Debug)]
enum Kind {
    Site,
    Byline,
    Date,
    Other,
}

/// Parse a plain-text article. `text` is the decoded input (BOM removed).
pub(crate) fn parse_text(input: &str) -> Article {
    let ls = lines(input);
    let mut art = Article {
        format: "text".into(),
        ..Default::default()
    };

    // Header zone: the first non-empty lines, up to the first line that reads like body text.
    let mut zone: Vec<(usize, Kind)> = Vec::new();
    for (i, l) in ls.iter().enumerate() {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if zone.len() >= HEADER_LINES || is_body_like(t) {
            break;
        }
        let kind = if zone.is_empty() && is_site(t) {
            Kind::Site
        } else if t.chars().count() < 400 && BYLINE.is_match(t) {
            Kind::Byline
        } else if parse_date(t).is_some() {
            Kind::Date
        } else {
            Kind::Other
        };
        zone.push((i, kind));
    }
    let last_header = zone.iter().rposition(|(_, k)| *k != Kind::Other);
    let body_from = match last_header {
        Some(h) => {
            let header = &zone[..=h];
            apply_header(&mut art, &ls, header);
            header.last().map(|(i, _)| i + 1).unwrap_or(0)
        }
        None => 0,
    };

    // Footer: a closing "Source: ..." or copyright line.
    let mut body_to = ls.len();
    if last_header.is_some() {
        if let Some(i) = ls.iter().rposition(|l| !l.text.trim().is_empty()) {
            if i >= body_from {
                let t = ls[i].text.trim();
                if t.chars().count() < 200 {
                    if let Some(c) = FOOTER.captures(t) {
                        body_to = i;
                        if art.publisher.is_none() {
                            let named = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
                            let named = named
                                .trim()
                                .trim_end_matches(|ch: char| ch.is_ascii_digit() || ch == ' ');
                            if !named.is_empty() {
                                art.publisher = Some(site_name(named));
                            }
                        }
                    }
                }
            }
        }
    }

    art.text = if last_header.is_none() {
        input.to_string()
    } else {
        let first = ls[body_from..body_to]
            .iter()
            .find(|l| !l.text.trim().is_empty());
        let last = ls[body_from..body_to]
            .iter()
            .rev()
            .find(|l| !l.text.trim().is_empty());
        match (first, last) {
            (Some(f), Some(l)) => {
                let lead = f.text.len() - f.text.trim_start().len();
                input[f.start + lead..l.end].trim_end().to_string()
            }
            _ => String::new(),
        }
    };
    art.dateline = find_dateline(&art.text);
    art
}

/// Body text rather than a header line: long, or a long sentence.
fn is_body_like(t: &str) -> bool {
    let n = t.chars().count();
    n > 300
        || (n > 120
            && t.split_whitespace().count() > 22
            && t.ends_with(['.', '!', '?', '"', '”', '»', ')']))
}

fn is_site(t: &str) -> bool {
    SITE.is_match(t) || known_publisher(t).is_some()
}

/// "Ocnus.Net" → "Ocnus.net" through the host table, else as written.
fn site_name(t: &str) -> String {
    known_publisher(t)
        .map(str::to_string)
        .unwrap_or_else(|| t.to_string())
}

fn apply_header(art: &mut Article, ls: &[Line<'_>], header: &[(usize, Kind)]) {
    let others: Vec<&str> = header
        .iter()
        .filter(|(_, k)| *k == Kind::Other)
        .map(|(i, _)| ls[*i].text.trim())
        .collect();
    let has_site = header.iter().any(|(_, k)| *k == Kind::Site);
    // The last free line before the byline/date is the title; one before it the section;
    // a third, when no site line was recognised, names the site.
    if let Some(t) = others.last() {
        art.title = Some(t.to_string());
    }
    if others.len() >= 2 {
        let s = others[others.len() - 2];
        if s.split_whitespace().count() <= 6 {
            art.section = Some(s.to_string());
        }
    }
    if others.len() >= 3 && !has_site {
        art.publisher = Some(site_name(others[0]));
    }
    for (i, kind) in header {
        let t = ls[*i].text.trim();
        match kind {
            Kind::Site => art.publisher = Some(site_name(t)),
            Kind::Date => {
                if art.published.is_none() {
                    art.published = parse_date(t);
                }
            }
            Kind::Byline => apply_byline(art, t),
            Kind::Other => {}
        }
    }
}

/// "By Jacob Zenn, Terrorism Monitor, 20/5/22 https://jamestown.org/program/briefs-365/"
fn apply_byline(art: &mut Article, line: &str) {
    art.byline = Some(line.to_string());
    let Some(c) = BYLINE.captures(line) else {
        return;
    };
    let mut rest = c[1].to_string();
    let url = URL_IN
        .find(&rest)
        .map(|m| m.as_str().trim_end_matches(['.', ',', ';']).to_string());
    if let Some(u) = &url {
        rest = rest.replacen(u.as_str(), " ", 1);
    }
    let mut parts: Vec<String> = rest
        .split([',', '|'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    // A date may itself hold a comma ("May 20, 2022"): try the last two parts together first.
    let mut date = None;
    if parts.len() >= 3 {
        let joined = format!("{}, {}", parts[parts.len() - 2], parts[parts.len() - 1]);
        if let Some(d) = parse_date(&joined) {
            date = Some(d);
            parts.truncate(parts.len() - 2);
        }
    }
    if date.is_none() {
        if let Some(i) = parts
            .iter()
            .skip(1)
            .position(|p| parse_date(p).is_some())
            .map(|i| i + 1)
        {
            date = parse_date(&parts[i]);
            parts.remove(i);
        }
    }
    let Some(author) = parts.first().cloned() else {
        return;
    };
    let authors: Vec<String> = AUTHOR_SPLIT
        .split(&author)
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    let publication = (parts.len() > 1).then(|| parts[1..].join(", "));
    for a in &authors {
        if !art.authors.contains(a) {
            art.authors.push(a.clone());
        }
    }
    if url.is_some() || publication.is_some() {
        let publisher = url.as_deref().and_then(publisher_for_url).or_else(|| {
            publication
                .as_deref()
                .and_then(known_publisher)
                .map(str::to_string)
        });
        // A URL on this copy's own site is not a republication.
        let own_site = match (&url, &art.publisher) {
            (Some(u), Some(p)) => host_of(u).and_then(|h| known_publisher(&h)) == Some(p.as_str()),
            _ => false,
        };
        if own_site {
            art.url = url;
            if art.published.is_none() {
                art.published = date;
            }
            return;
        }
        art.republished_from.push(Provenance {
            publisher,
            publication,
            author: (!authors.is_empty()).then(|| authors.join(", ")),
            published: date,
            url,
        });
    } else if art.published.is_none() {
        art.published = date;
    }
}

/// A dateline at the very start of the body, dash included ("BAMAKO, Mali (Reuters) —").
pub(crate) fn find_dateline(body: &str) -> Option<String> {
    let head: String = body.chars().take(120).collect();
    let m = DATELINE.find(&head)?;
    let d = m.as_str().trim();
    // Two capital letters at least, so "A-" or "I -" never count.
    (d.chars().filter(|c| c.is_uppercase()).count() >= 2 && d.chars().count() > 4)
        .then(|| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_HEAD: &str = "Ocnus.Net\n\nAfrica\nAl-Qaeda’s Malian Affiliate Targets Russia’s Wagner Group\nBy Jacob Zenn, Terrorism Monitor, 20/5/22 https://jamestown.org/program/briefs-365/\nMay 22, 2022 - 12:07:40 PM\n\nOn April 25, the al-Qaeda affiliate claimed it.\n\nSecond paragraph.\n\n\n\nSource: Ocnus.net 2022\n";

    #[test]
    fn seed_layout() {
        let a = parse_text(SEED_HEAD);
        assert_eq!(a.publisher.as_deref(), Some("Ocnus.net"));
        assert_eq!(a.section.as_deref(), Some("Africa"));
        assert_eq!(
            a.title.as_deref(),
            Some("Al-Qaeda’s Malian Affiliate Targets Russia’s Wagner Group")
        );
        assert_eq!(a.authors, vec!["Jacob Zenn"]);
        assert_eq!(a.published.as_deref(), Some("2022-05-22T12:07:40"));
        assert_eq!(
            a.text,
            "On April 25, the al-Qaeda affiliate claimed it.\n\nSecond paragraph."
        );
        let p = &a.republished_from[0];
        assert_eq!(p.publisher.as_deref(), Some("Jamestown Foundation"));
        assert_eq!(p.publication.as_deref(), Some("Terrorism Monitor"));
        assert_eq!(p.author.as_deref(), Some("Jacob Zenn"));
        assert_eq!(p.published.as_deref(), Some("2022-05-20"));
        assert_eq!(
            p.url.as_deref(),
            Some("https://jamestown.org/program/briefs-365/")
        );
    }

    #[test]
    fn french_header_and_dateline() {
        let a = parse_text("Attaque près de Ségou\nPar Awa Traoré et Moussa Diarra\n22 mai 2022\n\nBAMAKO, Mali (Reuters) — Des hommes armés ont attaqué.\n");
        assert_eq!(a.title.as_deref(), Some("Attaque près de Ségou"));
        assert_eq!(a.authors, vec!["Awa Traoré", "Moussa Diarra"]);
        assert_eq!(a.published.as_deref(), Some("2022-05-22"));
        assert!(a.republished_from.is_empty());
        assert_eq!(a.dateline.as_deref(), Some("BAMAKO, Mali (Reuters) —"));
        assert!(a.text.starts_with("BAMAKO"));
    }

    #[test]
    fn no_header_keeps_everything() {
        let input = "Just a paragraph of text about Mali.\nAnother line.\n";
        let a = parse_text(input);
        assert_eq!(a.text, input);
        assert_eq!(a.title, None);
    }

    #[test]
    fn datelines() {
        assert_eq!(
            find_dateline("DAKAR (AFP) - Text").as_deref(),
            Some("DAKAR (AFP) -")
        );
        assert_eq!(
            find_dateline("Bamako (AFP) – Le texte").as_deref(),
            Some("Bamako (AFP) –")
        );
        assert_eq!(
            find_dateline("OUAGADOUGOU, 5 mai (Reuters) - Le").as_deref(),
            Some("OUAGADOUGOU, 5 mai (Reuters) -")
        );
        assert_eq!(find_dateline("On April 25, the group - said"), None);
    }
}
