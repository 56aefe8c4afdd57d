//! Generated inputs of the shapes that once took time quadratic in their
//! size ("worst shapes"): `khaldun bench --shapes` times each stage on them
//! and `tests/linear_time.rs` checks that doubling one at most about doubles
//! the time.
//!
//! Each shape is the raw bytes of an input file in its format (`format`: a
//! name `khaldun_ingest::Format` parses), about `bytes` long.

/// A pathological input shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A list of place names separated by commas, no sentence end.
    PlaceList,
    /// Many short HTML paragraphs, each a sentence naming a place.
    HtmlParagraphs,
    /// One long sentence without punctuation, full of triggers and places.
    RunOnSentence,
    /// One JSON Lines record whose text is ordinary news prose.
    LargeJsonlRecord,
}

impl Shape {
    pub const ALL: [Shape; 4] = [
        Shape::PlaceList,
        Shape::HtmlParagraphs,
        Shape::RunOnSentence,
        Shape::LargeJsonlRecord,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::PlaceList => "place-name list",
            Shape::HtmlParagraphs => "short HTML paragraphs",
            Shape::RunOnSentence => "sentence without punctuation",
            Shape::LargeJsonlRecord => "large JSON Lines record",
        }
    }

    /// Input format name (`khaldun_ingest::Format::from_str`).
    pub fn format(self) -> &'static str {
        match self {
            Shape::PlaceList | Shape::RunOnSentence => "text",
            Shape::HtmlParagraphs => "html",
            Shape::LargeJsonlRecord => "jsonl",
        }
    }

    /// The input, about `bytes` bytes long.
    pub fn generate(self, bytes: usize) -> Vec<u8> {
        match self {
            Shape::PlaceList => repeat_words(PLACES, ", ", bytes).into_bytes(),
            Shape::RunOnSentence => repeat_words(RUN_ON, " ", bytes).into_bytes(),
            Shape::HtmlParagraphs => {
                let p =
                    "<p>Gunmen attacked a village near Mopti on Monday, killing 3 people.</p>\n";
                let mut s = String::from("<html><head><title>t</title></head><body>\n");
                while s.len() < bytes {
                    s.push_str(p);
                }
                s.push_str("</body></html>\n");
                s.into_bytes()
            }
            Shape::LargeJsonlRecord => {
                let para = "Gunmen attacked a village near Mopti on Monday, killing three \
                            people, officials said. The army said it killed 12 militants in a \
                            raid near Gao on Tuesday. ";
                let mut text = String::with_capacity(bytes + para.len());
                while text.len() < bytes {
                    text.push_str(para);
                }
                let rec = serde_json_escape(&text);
                format!("{{\"id\":\"big\",\"published\":\"2023-03-08\",\"text\":\"{rec}\"}}\n")
                    .into_bytes()
            }
        }
    }
}

const PLACES: &[&str] = &[
    "Bamako",
    "Gao",
    "Mopti",
    "Ségou",
    "Kidal",
    "Timbuktu",
    "Ménaka",
    "Sévaré",
    "Djenné",
    "Niono",
    "Koutiala",
    "Sikasso",
    "Kayes",
    "Ouagadougou",
    "Niamey",
    "Diffa",
    "Tillabéri",
    "Djibo",
    "Dori",
    "Kaya",
    "Maiduguri",
    "Kano",
    "Abuja",
    "Mogadishu",
    "Baidoa",
    "Kismayo",
    "Goma",
    "Bunia",
    "Beni",
    "Kinshasa",
    "Bangui",
    "Bria",
    "Tripoli",
    "Benghazi",
    "Khartoum",
    "El Fasher",
    "Aden",
    "Sanaa",
    "Kabul",
    "Kandahar",
];

const RUN_ON: &[&str] = &[
    "fighters",
    "attacked",
    "the",
    "village",
    "near",
    "Gao",
    "and",
    "soldiers",
    "killed",
    "five",
    "civilians",
    "in",
    "Mopti",
    "while",
    "militants",
    "abducted",
    "two",
    "traders",
    "on",
    "the",
    "road",
    "to",
    "Ségou",
    "then",
];

fn repeat_words(words: &[&str], sep: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 32);
    for w in words.iter().cycle() {
        if s.len() >= bytes {
            break;
        }
        s.push_str(w);
        s.push_str(sep);
    }
    s
}

/// The text as the inside of a JSON string (quotes, backslashes and control
/// characters escaped).
fn serde_json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_have_about_the_size_asked() {
        for s in Shape::ALL {
            let b = s.generate(10_000);
            assert!(
                (10_000..11_000).contains(&b.len()),
                "{}: {}",
                s.name(),
                b.len()
            );
            assert!(std::str::from_utf8(&b).is_ok());
        }
    }
}
