//! Development helper: list the gazetteer readings of each key given, with their prior importance.
//! `cargo run --release -p khaldun-geo --example geo_keys -- paris "henry county"`
fn main() {
    let g = khaldun_geo::Gazetteer::embedded();
    for key in std::env::args().skip(1) {
        let mut ids = Vec::new();
        g.ids_for_key(&khaldun_geo::fold::fold(&key), &mut ids);
        println!("{key}: {} readings", ids.len());
        let mut es: Vec<_> = ids.iter().map(|&i| g.entry(i)).collect();
        es.sort_by(|a, b| {
            khaldun_geo::gazetteer::importance(b).total_cmp(&khaldun_geo::gazetteer::importance(a))
        });
        for e in es.iter().take(12) {
            println!(
                "  {:<28} {:<8} {} {:<4} {:<6} pop {:>9} imp {:.1} ({:.2},{:.2})",
                e.name,
                e.feature,
                e.country,
                e.admin1,
                e.admin2,
                e.population,
                khaldun_geo::gazetteer::importance(e),
                e.lat,
                e.lon
            );
        }
    }
}
