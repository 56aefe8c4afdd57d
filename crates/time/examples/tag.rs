//! Print the time expressions of a text: `tag DCT LANG TEXT` (DCT may be `-`).
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let dct = a.get(1).and_then(|d| khaldun_time::parse_dct(d));
    let lang = a.get(2).map(String::as_str).unwrap_or("en");
    let text = a.get(3).cloned().unwrap_or_default();
    for t in khaldun_time::tag(&text, dct, lang) {
        println!(
            "{:?} {:?} {} {:?} cit={}",
            t.text, t.kind, t.value, t.modifier, t.citation
        );
    }
}
