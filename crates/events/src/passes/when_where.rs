//! Pass 7, when and where: the trigger span, the place and the date.
//!
//! [`place`] takes the geo stage's place for the trigger
//! (`khaldun_geo::locate_event`), else the nearest place phrase of the
//! sentence, else the country of civilian victims of a named country.
//! [`date`] takes the time stage's date (`khaldun_time::date_event`), else a
//! day written in the sentence, else the publication date; a date after
//! publication makes the event hypothetical (a plan or forecast). Reads the
//! document's place and time layers, the sentence and the draft's target;
//! changes the draft's trigger span, location, date and `hypothetical`.

use khaldun_model::{
    DatePrecision, EventDate, EventLocation, GeoPrecision, Place, Span, TextIndex,
};

use super::{Ctx, Draft};
use crate::lexicon::Lexicon;
use crate::sentence::Sent;
use crate::tokens::Kind;
use khaldun_model::day_number;

/// The trigger span and the event's place.
pub(crate) fn place(cx: &Ctx, d: &mut Draft) {
    let (sent, idx, doc) = (cx.sent, cx.idx, cx.doc);
    let h = &sent.hits[d.rep];
    let text = doc.article.text.as_str();
    let sent_cp = cx.sent_cp.clone();
    let tb = sent.toks[h.i].start;
    let te = sent.toks[h.i + h.n - 1].end;
    let tcs = idx.byte_to_char(tb);
    d.trigger = Span {
        start: tcs,
        end: idx.byte_to_char(te),
        text: text[tb..te].to_string(),
    };
    let aside = set_aside(sent, idx, text);
    let excluded = aside.iter().any(|&a| a);
    // (copied only when a mention is set aside, which is rare)
    let kept: Vec<_> = if excluded {
        sent.places
            .iter()
            .zip(&aside)
            .filter(|(_, &a)| !a)
            .map(|(m, _)| m.clone())
            .collect()
    } else {
        Vec::new()
    };
    let places = if excluded { &kept[..] } else { sent.places };
    d.location = khaldun_geo::locate_event_among(doc, places, sent.actor_mentions, sent_cp, tcs)
        // (a sentence whose places were all set aside, a route, a modifier,
        // has no place phrase to fall back on either)
        .or_else(|| {
            (!excluded)
                .then(|| fallback_place(sent, idx, h.i))
                .flatten()
        })
        // civilians of a named country are hit in that country
        .or_else(|| {
            d.target_a
                .as_ref()
                .filter(|t| t.inter == Some(7))
                .and_then(|t| t.country.as_deref())
                .and_then(khaldun_geo::country_location)
        });
}

/// For each place mention of the sentence, whether it cannot be where an
/// event happened: a route point and the unit named after it ("to
/// Peshawar, Khyber Pakhtunkhwa"), a hyphenated modifier, an actor's name,
/// a country as agent.
fn set_aside(sent: &Sent, idx: &TextIndex, text: &str) -> Vec<bool> {
    let mut after_route = usize::MAX;
    sent.places
        .iter()
        .map(|m| {
            let unit_of_route = m.start.checked_sub(after_route).is_some_and(|d| d <= 2);
            if route_point(sent, idx, m.start) || unit_of_route {
                after_route = m.end;
                return true;
            }
            compound_modifier(text, idx, m.end)
                || names_an_actor(sent, m)
                || country_as_agent(sent, idx, m)
        })
        .collect()
}

/// The place mention starting at code point `start` is a journey's end or
/// start ("on its way north to Peshawar from Quetta", "en direction de
/// Gao"): a route preposition right before it, a word of travel at most four
/// words before that (eight: "traveling north from Quetta, Balochistan, to").
fn route_point(sent: &Sent, idx: &TextIndex, start: usize) -> bool {
    let w = &Lexicon::get().words;
    // (tokens are in text order: a binary search keeps long sentences linear)
    let k = sent
        .toks
        .partition_point(|t| idx.byte_to_char(t.start) < start);
    k > 0
        && k < sent.toks.len()
        && w.route_prep.contains(sent.tok(k - 1))
        && (k.saturating_sub(9)..k - 1).any(|j| w.route_motion.contains(sent.tok(j)))
}

/// A country after "by" or "par" is an agent ("a mining company operated
/// by China"), not where the event happened.
fn country_as_agent(sent: &Sent, idx: &TextIndex, m: &khaldun_model::PlaceMention) -> bool {
    let country = m
        .place
        .feature
        .as_deref()
        .is_some_and(|f| f.starts_with("A.PCL"));
    let k = sent
        .toks
        .partition_point(|t| idx.byte_to_char(t.start) < m.start);
    country && k > 0 && matches!(sent.tok(k - 1), "by" | "par")
}

/// A place written as the first part of a hyphenated modifier
/// ("U.S.-designated", "Iran-backed", "Trente-sept"): no place of the event.
fn compound_modifier(text: &str, idx: &TextIndex, end: usize) -> bool {
    let b = idx.char_to_byte(end);
    // ("U.S.-designated": the mention may stop before the abbreviation's dot)
    let rest = text.get(b..).unwrap_or("");
    let mut rest = rest.strip_prefix('.').unwrap_or(rest).chars();
    matches!(rest.next(), Some('-' | '‑')) && rest.next().is_some_and(char::is_lowercase)
}

/// A town-level place whose words are exactly an actor's mention (the
/// army's "FAMa" is also a village's name): the actor is meant.
fn names_an_actor(sent: &Sent, m: &khaldun_model::PlaceMention) -> bool {
    let unit = m
        .place
        .feature
        .as_deref()
        .is_some_and(|f| f.starts_with('A'));
    !unit
        && sent
            .actor_mentions
            .iter()
            .any(|a| a.start == m.start && a.end == m.end)
}

/// The event's date; a date after publication makes it hypothetical. Needs
/// the trigger span ([`place`]).
pub(crate) fn date(cx: &Ctx, d: &mut Draft) {
    let (sent, idx, doc) = (cx.sent, cx.idx, cx.doc);
    let sent_cp = cx.sent_cp.clone();
    let timed = khaldun_time::date_event_among(doc, sent.timexes, sent_cp, d.trigger.start);
    // a date (from the time stage) after publication is a plan, target or
    // forecast ("by 2030", "elections scheduled for June")
    if timed
        .as_ref()
        .is_some_and(|t| t.source != "published" && after_publication(t, doc.published_date()))
    {
        d.hypothetical = true;
    }
    d.date = match timed {
        Some(t) if t.source != "published" => Some(t),
        other => fallback_date(sent, idx, doc.published_date())
            .filter(|t| t.source != "published")
            .or(other)
            .or_else(|| fallback_date(sent, idx, doc.published_date())),
    };
}

/// The event date lies after the publication date. A bare relative
/// expression without a figure ("on Friday", "samedi") resolved into the
/// week after publication is not trusted as future: news reports past
/// weekdays, and their direction is the time stage's guess.
fn after_publication(d: &EventDate, published: Option<&str>) -> bool {
    let (Some(p), Some(x)) = (published.and_then(day_number), day_number(&d.date)) else {
        return false;
    };
    let explicit = d
        .span
        .as_ref()
        .is_some_and(|s| s.text.chars().any(|c| c.is_ascii_digit()));
    x > p && (explicit || x - p > 7)
}

/// "April 26" / "26 avril" / "April 26, 2022" → ISO date, year from the text or
/// the publication year (a date after publication belongs to the year before).
pub(crate) fn parse_day(s: &str, published: Option<&str>) -> Option<String> {
    let lx = Lexicon::get();
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().trim_end_matches('.').to_string())
        .collect();
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for w in &words {
        if let Some(m) = lx.months.get(w.as_str()) {
            month = Some(*m);
        } else if let Ok(v) = w.trim_end_matches("er").parse::<u32>() {
            if (1..=31).contains(&v) && day.is_none() {
                day = Some(v);
            } else if (1900..=2100).contains(&v) {
                year = Some(v);
            }
        }
    }
    let (m, d) = (month?, day?);
    let pub_ymd: Option<(u32, u32, u32)> = published.and_then(|p| {
        Some((
            p.get(..4)?.parse().ok()?,
            p.get(5..7)?.parse().ok()?,
            p.get(8..10)?.parse().ok()?,
        ))
    });
    let y = match (year, pub_ymd) {
        (Some(y), _) => y,
        (None, Some((py, pm, pd))) => {
            if (m, d) > (pm, pd) {
                py - 1
            } else {
                py
            }
        }
        (None, None) => return None,
    };
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Date from "on April 6" in the sentence (outside citations), else the publication date.
fn fallback_date(sent: &Sent, idx: &TextIndex, published: Option<&str>) -> Option<EventDate> {
    let lx = Lexicon::get();
    for k in 0..sent.toks.len() {
        if sent.in_paren[k] {
            continue;
        }
        let t = &sent.toks[k];
        let l = t.lower.trim_end_matches('.');
        if !lx.months.contains_key(l)
            || (l == "may" && !t.cap)
            || (l == "mars"
                && !sent.toks.get(k + 1).is_some_and(|x| x.kind == Kind::Num)
                && !(k > 0 && sent.toks[k - 1].kind == Kind::Num))
        {
            continue;
        }
        let lo = k.saturating_sub(1);
        let hi = (k + 4).min(sent.toks.len());
        let phrase = &sent.text[sent.toks[lo].start..sent.toks[hi - 1].end];
        if let Some(d) = parse_day(phrase, published) {
            let (sb, se) = (sent.toks[lo].start, sent.toks[hi - 1].end);
            return Some(EventDate {
                date: d.clone(),
                value: Some(d),
                precision: DatePrecision::Day,
                time_precision: 1,
                source: "text".into(),
                span: Some(Span {
                    start: idx.byte_to_char(sb),
                    end: idx.byte_to_char(se),
                    text: phrase.to_string(),
                }),
            });
        }
    }
    published.map(|p| EventDate {
        date: p.to_string(),
        value: None,
        precision: DatePrecision::Day,
        time_precision: 1,
        source: "published".into(),
        span: None,
    })
}

/// The place phrase nearest the trigger (after it first), when the geo stage gives none.
fn fallback_place(sent: &Sent, idx: &TextIndex, trig: usize) -> Option<EventLocation> {
    let best = sent
        .nps
        .iter()
        .filter(|np| np.place && !sent.in_paren[np.s])
        .min_by_key(|np| {
            if np.s >= trig {
                np.s - trig
            } else {
                (trig - np.s) * 2 + 1
            }
        })?;
    let (sb, se) = (sent.toks[best.s].start, sent.toks[best.e - 1].end);
    let prev = if best.s > 0 { sent.tok(best.s - 1) } else { "" };
    let region = Lexicon::get().words.region_adjective.contains(prev);
    let name = sent.text[sb..se].to_string();
    Some(EventLocation {
        place: Place {
            name: name.clone(),
            precision: if region {
                GeoPrecision::Region
            } else {
                GeoPrecision::Town
            },
            ..Default::default()
        },
        span: Some(Span {
            start: idx.byte_to_char(sb),
            end: idx.byte_to_char(se),
            text: name,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_publication() {
        assert_eq!(day_number("1970-01-02"), Some(1));
        assert_eq!(day_number("2023-13-01"), None);
        assert_eq!(
            parse_day("April 26", Some("2022-05-01")).as_deref(),
            Some("2022-04-26")
        );
        // a day after publication belongs to the year before
        assert_eq!(
            parse_day("26 décembre", Some("2022-05-01")).as_deref(),
            Some("2021-12-26")
        );
        assert_eq!(parse_day("April", Some("2022-05-01")), None);
    }

    #[test]
    fn a_plain_weekday_just_after_publication_is_no_plan() {
        let d = |date: &str, text: &str| EventDate {
            date: date.into(),
            value: None,
            precision: DatePrecision::Day,
            time_precision: 1,
            source: "time".into(),
            span: Some(Span {
                start: 0,
                end: text.chars().count(),
                text: text.into(),
            }),
        };
        let p = Some("2023-03-08");
        assert!(!after_publication(&d("2023-03-10", "on Friday"), p));
        assert!(after_publication(&d("2023-03-10", "on 10 March"), p));
        assert!(after_publication(&d("2023-04-10", "in April"), p));
    }

    #[test]
    fn fallback_place_and_date_from_the_sentence() {
        super::super::testing::with_ctx(
            "Gunmen attacked a village in northern Borno on April 6.",
            |cx| {
                let idx = cx.idx;
                let date = fallback_date(cx.sent, idx, Some("2023-05-01")).unwrap();
                assert_eq!(date.date, "2023-04-06");
                let at = cx.sent.hits[0].i;
                if let Some(l) = fallback_place(cx.sent, idx, at) {
                    assert_eq!(l.place.name, "Borno");
                    assert_eq!(l.place.precision, GeoPrecision::Region);
                }
            },
        );
    }
}
