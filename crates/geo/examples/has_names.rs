//! Development helper: for each line of stdin, print whether the gazetteer knows the name.
use std::io::BufRead;
fn main() {
    let g = khaldun_geo::Gazetteer::embedded();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        println!("{}\t{}", !g.lookup(&line).is_empty(), line);
    }
}
