//! A small reader for TimeML / ISO-TimeML `.tml` files: the document creation
//! time, the raw text of `<TEXT>` (tags stripped, entities decoded) and the
//! gold TIMEX3 spans in code points of that text. Never panics on bad input.
use chrono::NaiveDate;

/// A gold TIMEX3.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    pub value: String,
    pub modifier: Option<String>,
    /// functionInDocument="CREATION_TIME" (excluded from scoring).
    pub creation_time: bool,
}

/// One TimeML document.
#[derive(Debug, Clone, Default)]
pub struct TimemlDoc {
    pub id: String,
    pub dct: Option<NaiveDate>,
    pub text: String,
    pub timexes: Vec<GoldTimex>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(p) = tag[from..].find(name) {
        let at = from + p;
        let before_ok = at == 0 || tag.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = &tag[at + name.len()..];
        let rest_t = rest.trim_start();
        if before_ok && rest_t.starts_with('=') {
            let v = rest_t[1..].trim_start();
            let q = v.chars().next()?;
            if q == '"' || q == '\'' {
                let end = v[1..].find(q)?;
                return Some(decode(&v[1..1 + end]));
            }
        }
        from = at + name.len();
    }
    None
}

fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let r = &rest[p..];
        match r.find(';').filter(|&e| e <= 10) {
            Some(e) => {
                let ent = &r[1..e];
                let c = match ent {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16)
                        .ok()
                        .and_then(char::from_u32),
                    _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                    _ => None,
                };
                match c {
                    Some(c) => {
                        out.push(c);
                        rest = &r[e + 1..];
                    }
                    None => {
                        out.push('&');
                        rest = &r[1..];
                    }
                }
            }
            None => {
                out.push('&');
                rest = &r[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parse a TimeML document.
pub fn parse(xml: &str) -> Result<TimemlDoc, String> {
    let mut doc = TimemlDoc::default();
    if let (Some(a), Some(b)) = (xml.find("<DOCID>"), xml.find("</DOCID>")) {
        if a + 7 <= b {
            doc.id = xml[a + 7..b].trim().to_string();
        }
    }
    // DCT: the TIMEX3 with functionInDocument="CREATION_TIME"
    let mut from = 0;
    while let Some(p) = xml[from..].find("<TIMEX3") {
        let s = from + p;
        let Some(e) = xml[s..].find('>') else { break };
        let tag = &xml[s..s + e];
        if attr(tag, "functionInDocument").as_deref() == Some("CREATION_TIME") {
            doc.dct = attr(tag, "value").and_then(|v| crate::parse_dct(&v));
            break;
        }
        from = s + e;
    }
    let start = xml.find("<TEXT>").ok_or("no <TEXT>")? + 6;
    let end = xml[start..]
        .find("</TEXT>")
        .map(|e| start + e)
        .ok_or("no </TEXT>")?;
    let body = &xml[start..end];
    let mut text = String::with_capacity(body.len());
    let mut nchars = 0usize;
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        if rest.starts_with('<') {
            let Some(e) = rest.find('>') else {
                return Err("unclosed tag".into());
            };
            let tag = &rest[1..e];
            if tag.starts_with("TIMEX3") && !tag.ends_with('/') {
                stack.push((nchars, tag.to_string()));
            } else if tag.starts_with("/TIMEX3") {
                if let Some((s, open)) = stack.pop() {
                    let t: String = text.chars().skip(s).take(nchars - s).collect();
                    doc.timexes.push(GoldTimex {
                        start: s,
                        end: nchars,
                        text: t,
                        kind: attr(&open, "type").unwrap_or_default(),
                        value: attr(&open, "value").unwrap_or_default(),
                        modifier: attr(&open, "mod"),
                        creation_time: attr(&open, "functionInDocument").as_deref()
                            == Some("CREATION_TIME"),
                    });
                }
            }
            i += e + 1;
        } else {
            let next = rest.find('<').unwrap_or(rest.len());
            let chunk = decode(&rest[..next]);
            nchars += chunk.chars().count();
            text.push_str(&chunk);
            i += next;
        }
    }
    doc.text = text;
    doc.timexes.sort_by_key(|t| (t.start, t.end));
    Ok(doc)
}
