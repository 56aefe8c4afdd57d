//! Development helper: print the places found in a text file.
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let lang = std::env::args().nth(2);
    let text = std::fs::read_to_string(path).expect("read");
    let g = khaldun_geo::Gazetteer::embedded();
    for m in khaldun_geo::geoparse(
        &g,
        &text,
        khaldun_geo::ParseOptions {
            lang: lang.as_deref(),
            demonyms: true,
        },
    ) {
        println!(
            "{:>5} {:<22} {:<8} {:<28} {:<8} {:<3} {:<20} {:?} {:?} {:.2} {:?},{:?}",
            m.start,
            m.text,
            m.kind,
            m.place.name,
            m.place.feature.as_deref().unwrap_or("-"),
            m.place.country.as_deref().unwrap_or("-"),
            m.place.admin1.as_deref().unwrap_or("-"),
            m.qualifier,
            m.place.precision,
            m.score,
            m.place.lat,
            m.place.lon
        );
    }
}
