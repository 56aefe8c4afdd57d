//! Representative points of countries and admin units, derived from country
//! outlines at build time.
//!
//! GeoNames gives admin units a code but no coordinates, and a centroid taken
//! in plain longitude/latitude is pulled towards the poles and by far-away
//! islands. So each country outline is rasterised on a grid of `res` degrees,
//! each cell weighted by its area. Every cell is then given to the admin unit
//! of its nearest populated place: a Voronoi approximation of the unit's
//! territory, which reaches into empty land (northern Ontario, the Sahara)
//! that a mean of the unit's towns never sees. A unit's point is the
//! area-weighted spherical mean of its cells, moved to the unit's own
//! nearest cell when that mean falls outside it (a crescent-shaped unit).
//!
//! A country's point uses its main body only: its largest polygon and the
//! polygons within [`MAIN_BODY_KM`] of it, so overseas pieces (French Guiana
//! for France, Alaska for the United States) do not drag the point into the
//! sea, while archipelagos (Indonesia, the Philippines) keep their islands.

use std::collections::HashMap;

use rstar::primitives::GeomWithData;
use rstar::RTree;

/// Polygons farther than this from a country's largest polygon are not part
/// of its main body.
pub const MAIN_BODY_KM: f64 = 1000.0;

/// A ring of (lon, lat) points; a polygon is its outer ring then its holes.
pub type Ring = Vec<(f64, f64)>;
pub type Polygon = Vec<Ring>;

/// Country outlines by ISO 3166 numeric code ("466" for Mali).
#[derive(Debug, Default)]
pub struct Outlines {
    pub by_id: HashMap<String, Vec<Polygon>>,
}

/// A populated place as the territory computation needs it.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub lat: f64,
    pub lon: f64,
    pub admin1: &'a str,
    pub admin2: &'a str,
}

/// Points derived for one country.
#[derive(Debug, Default)]
pub struct Points {
    /// (lat, lon) of the country's main body.
    pub country: Option<(f64, f64)>,
    /// (lat, lon) by admin code: "05" for an admin1, "05.123" for an admin2.
    pub admin: HashMap<String, (f64, f64)>,
    /// Points of the parts of the country ("" key) and of its admin1 units
    /// ("05") in each compass direction: "northern Benin" is the mean of the
    /// northernmost third of Benin's cells.
    pub parts: HashMap<String, Vec<Part>>,
    /// Area-weighted sums of the unit vectors of each admin unit's cells
    /// ("05", "84.69"): a union of units (a former province) has the mean of their sums.
    pub admin_sums: HashMap<String, [f64; 3]>,
}

/// The area-weighted mean point of a union of units, from their
/// [`Points::admin_sums`].
pub fn union_point<'a>(sums: impl IntoIterator<Item = &'a [f64; 3]>) -> Option<(f64, f64)> {
    let mut s = [0.0; 3];
    for v in sums {
        add(&mut s, *v);
    }
    lat_lon(s)
}

/// A compass direction and the point of that part of a unit.
pub type Part = (&'static str, (f64, f64));

/// Compass directions a text may qualify a region with, as unit vectors
/// (east, north); the names are the `direction` values of `cues.txt`.
pub const DIRECTIONS: [(&str, (f64, f64)); 8] = [
    ("north", (0.0, 1.0)),
    ("south", (0.0, -1.0)),
    ("east", (1.0, 0.0)),
    ("west", (-1.0, 0.0)),
    (
        "northeast",
        (
            std::f64::consts::FRAC_1_SQRT_2,
            std::f64::consts::FRAC_1_SQRT_2,
        ),
    ),
    (
        "northwest",
        (
            -std::f64::consts::FRAC_1_SQRT_2,
            std::f64::consts::FRAC_1_SQRT_2,
        ),
    ),
    (
        "southeast",
        (
            std::f64::consts::FRAC_1_SQRT_2,
            -std::f64::consts::FRAC_1_SQRT_2,
        ),
    ),
    (
        "southwest",
        (
            -std::f64::consts::FRAC_1_SQRT_2,
            -std::f64::consts::FRAC_1_SQRT_2,
        ),
    ),
];

/// For each direction, the area-weighted mean of the third of `cells` that
/// lies furthest that way from `centre` (a local east/north projection).
fn directional_parts(cells: &[(f64, f64)], centre: (f64, f64)) -> Vec<(&'static str, (f64, f64))> {
    if cells.len() < 3 {
        return Vec::new();
    }
    let k = centre.0.to_radians().cos();
    let local: Vec<(f64, f64)> = cells
        .iter()
        .map(|&(lat, lon)| (normalise_lon(lon - centre.1) * k, lat - centre.0))
        .collect();
    let mut out = Vec::with_capacity(DIRECTIONS.len());
    let mut proj: Vec<f64> = Vec::with_capacity(cells.len());
    for (name, (dx, dy)) in DIRECTIONS {
        proj.clear();
        proj.extend(local.iter().map(|&(x, y)| x * dx + y * dy));
        let mut sorted = proj.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        let cut = sorted[sorted.len() * 2 / 3];
        let chosen: Vec<(f64, f64)> = cells
            .iter()
            .zip(&proj)
            .filter(|(_, &p)| p >= cut)
            .map(|(&c, _)| c)
            .collect();
        if let Some(p) = lat_lon(weighted_sum(&chosen)) {
            out.push((name, p));
        }
    }
    out
}

/// Parse a TopoJSON topology whose `objects.countries` geometries carry ISO
/// numeric ids (the world-atlas layout). Returns no outlines on bad input.
pub fn parse_topojson(json: &str) -> Outlines {
    let mut out = Outlines::default();
    let Ok(v) = serde_json::from_str::<serde_json::Value>(json) else {
        return out;
    };
    let transform = v.get("transform").map(|t| {
        (
            t["scale"][0].as_f64().unwrap_or(1.0),
            t["scale"][1].as_f64().unwrap_or(1.0),
            t["translate"][0].as_f64().unwrap_or(0.0),
            t["translate"][1].as_f64().unwrap_or(0.0),
        )
    });
    let arcs: Vec<Vec<(f64, f64)>> = v["arcs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|arc| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    let px = p[0].as_f64().unwrap_or(0.0);
                    let py = p[1].as_f64().unwrap_or(0.0);
                    match transform {
                        Some((sx, sy, tx, ty)) => {
                            x += px;
                            y += py;
                            (x * sx + tx, y * sy + ty)
                        }
                        None => (px, py),
                    }
                })
                .collect()
        })
        .collect();
    let ring = |r: &serde_json::Value| -> Ring {
        let mut pts: Ring = Vec::new();
        for a in r.as_array().into_iter().flatten() {
            let Some(i) = a.as_i64() else { continue };
            let (idx, rev) = if i < 0 {
                ((!i) as usize, true)
            } else {
                (i as usize, false)
            };
            let Some(arc) = arcs.get(idx) else { continue };
            let mut seg = arc.clone();
            if rev {
                seg.reverse();
            }
            if !pts.is_empty() && !seg.is_empty() {
                seg.remove(0);
            }
            pts.extend(seg);
        }
        pts
    };
    for g in v["objects"]["countries"]["geometries"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let id = match &g["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => format!("{:03}", n.as_u64().unwrap_or(0)),
            _ => continue,
        };
        let polys: Vec<&serde_json::Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["arcs"]],
            Some("MultiPolygon") => g["arcs"].as_array().into_iter().flatten().collect(),
            _ => continue,
        };
        // Several geometries may share an id (Australia and the Ashmore and
        // Cartier Islands are both 036): their polygons are pooled.
        let entry = out.by_id.entry(id).or_default();
        for p in polys {
            let rings: Polygon = p
                .as_array()
                .into_iter()
                .flatten()
                .map(ring)
                .filter(|r| r.len() >= 3)
                .collect();
            if !rings.is_empty() {
                entry.push(rings);
            }
        }
    }
    out
}

fn normalise_lon(mut lon: f64) -> f64 {
    while lon > 180.0 {
        lon -= 360.0;
    }
    while lon < -180.0 {
        lon += 360.0;
    }
    lon
}

fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (la, lo) = (lat.to_radians(), lon.to_radians());
    [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
}

fn lat_lon(v: [f64; 3]) -> Option<(f64, f64)> {
    let h = v[0].hypot(v[1]);
    if h == 0.0 && v[2] == 0.0 {
        return None;
    }
    Some((v[2].atan2(h).to_degrees(), v[1].atan2(v[0]).to_degrees()))
}

fn chord2(a: [f64; 3], b: [f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

/// Great-circle distance in km between two (lat, lon) points.
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let c = chord2(unit_vector(a.0, a.1), unit_vector(b.0, b.1)).sqrt();
    2.0 * 6371.0 * (c / 2.0).min(1.0).asin()
}

/// Cell centres (lat, lon) of a polygon on a `res`-degree grid (even-odd
/// rule, so holes stay empty). A polygon too small to hold a cell centre
/// gives one cell at the mean of its outer ring.
fn raster(poly: &Polygon, res: f64) -> Vec<(f64, f64)> {
    let (mn, mx) = poly
        .iter()
        .flatten()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    // a polygon across the antimeridian: work in 0..360
    let shift = mx - mn > 180.0;
    let rings: Vec<Ring> = poly
        .iter()
        .map(|r| {
            r.iter()
                .map(|&(x, y)| (if shift && x < 0.0 { x + 360.0 } else { x }, y))
                .collect()
        })
        .collect();
    let (ymin, ymax) = rings
        .iter()
        .flatten()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let mut cells = Vec::new();
    let mut xs: Vec<f64> = Vec::new();
    let (r0, r1) = ((ymin / res).floor() as i64, (ymax / res).ceil() as i64);
    for row in r0..r1 {
        let y = (row as f64 + 0.5) * res;
        xs.clear();
        for ring in &rings {
            for i in 0..ring.len() {
                let (p, q) = (ring[i], ring[(i + 1) % ring.len()]);
                if (p.1 > y) != (q.1 > y) {
                    xs.push(p.0 + (y - p.1) * (q.0 - p.0) / (q.1 - p.1));
                }
            }
        }
        xs.sort_by(|a, b| a.total_cmp(b));
        for pair in xs.chunks_exact(2) {
            let c0 = (pair[0] / res - 0.5).ceil() as i64;
            let c1 = (pair[1] / res - 0.5).floor() as i64;
            for c in c0..=c1 {
                cells.push((y, normalise_lon((c as f64 + 0.5) * res)));
            }
        }
    }
    if cells.is_empty() {
        let outer = &rings[0];
        let n = outer.len() as f64;
        let (sx, sy) = outer
            .iter()
            .fold((0.0, 0.0), |(a, b), p| (a + p.0, b + p.1));
        cells.push((sy / n, normalise_lon(sx / n)));
    }
    cells
}

/// Area-weighted spherical mean of cells, as a summed vector.
fn weighted_sum(cells: &[(f64, f64)]) -> [f64; 3] {
    let mut s = [0.0; 3];
    for &(lat, lon) in cells {
        let w = lat.to_radians().cos();
        let v = unit_vector(lat, lon);
        for k in 0..3 {
            s[k] += w * v[k];
        }
    }
    s
}

fn add(a: &mut [f64; 3], b: [f64; 3]) {
    for k in 0..3 {
        a[k] += b[k];
    }
}

/// The point of `cells` nearest to `target`.
fn nearest_cell<'c>(
    cells: impl Iterator<Item = &'c (f64, f64)>,
    target: (f64, f64),
) -> Option<(f64, f64)> {
    let t = unit_vector(target.0, target.1);
    cells
        .map(|&c| (chord2(unit_vector(c.0, c.1), t), c))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// An R-tree of places as unit vectors (nearest by chord = nearest on the
/// sphere), each carrying its index in `members`.
fn site_tree(members: &[&Member<'_>]) -> RTree<GeomWithData<[f64; 3], usize>> {
    RTree::bulk_load(
        members
            .iter()
            .enumerate()
            .map(|(i, m)| GeomWithData::new(unit_vector(m.lat, m.lon), i))
            .collect(),
    )
}

/// Places whose admin code agrees with their neighbourhood. GeoNames has
/// places coded into the wrong admin unit (villages in Tibet coded as Hebei);
/// in a sparse region one such place would claim a vast territory. A place is
/// kept when at least [`AGREEING`] of its [`NEIGHBOURS`] nearest places share
/// its admin1 code, or when its unit has too few places to judge.
fn consistent_members<'m, 'a>(places: &'m [Member<'a>]) -> Vec<&'m Member<'a>> {
    let coded: Vec<&Member<'_>> = places.iter().filter(|m| !m.admin1.is_empty()).collect();
    let tree = site_tree(&coded);
    let mut size: HashMap<&str, usize> = HashMap::new();
    for m in &coded {
        *size.entry(m.admin1).or_default() += 1;
    }
    coded
        .iter()
        .enumerate()
        .filter(|&(i, m)| {
            size[m.admin1] <= NEIGHBOURS
                || tree
                    .nearest_neighbor_iter(unit_vector(m.lat, m.lon))
                    .filter(|g| g.data != i)
                    .take(NEIGHBOURS)
                    .filter(|g| coded[g.data].admin1 == m.admin1)
                    .count()
                    >= AGREEING
        })
        .map(|(_, m)| *m)
        .collect()
}

/// See [`consistent_members`].
const NEIGHBOURS: usize = 6;
const AGREEING: usize = 2;

/// Points of one country from its outline and its populated places.
pub fn territory_points(polygons: &[Polygon], places: &[Member<'_>], res: f64) -> Points {
    let mut out = Points::default();
    if polygons.is_empty() {
        return out;
    }
    let rasters: Vec<Vec<(f64, f64)>> = polygons.iter().map(|p| raster(p, res)).collect();

    // The country: main body only.
    let parts: Vec<([f64; 3], f64)> = rasters
        .iter()
        .map(|cells| {
            let s = weighted_sum(cells);
            let w = cells.iter().map(|c| c.0.to_radians().cos()).sum::<f64>();
            (s, w)
        })
        .collect();
    let largest = (0..parts.len())
        .max_by(|&a, &b| parts[a].1.total_cmp(&parts[b].1))
        .unwrap_or(0);
    if let Some(big) = lat_lon(parts[largest].0) {
        let main: Vec<usize> = (0..parts.len())
            .filter(|&i| lat_lon(parts[i].0).is_some_and(|c| km(c, big) <= MAIN_BODY_KM))
            .collect();
        let mut s = [0.0; 3];
        for &i in &main {
            add(&mut s, parts[i].0);
        }
        if let Some(mean) = lat_lon(s) {
            let body: Vec<(f64, f64)> = main
                .iter()
                .flat_map(|&i| rasters[i].iter().copied())
                .collect();
            out.parts
                .insert(String::new(), directional_parts(&body, mean));
        }
        out.country = lat_lon(s).map(|mean| {
            let inside = main.iter().flat_map(|&i| rasters[i].iter());
            let near = nearest_cell(inside, mean).unwrap_or(mean);
            // keep the mean unless it lies off the country's land
            if km(near, mean) <= 2.0 * res * 111.2 {
                mean
            } else {
                near
            }
        });
    }

    // Admin units: the Voronoi territory of their places.
    let members = consistent_members(places);
    if members.is_empty() {
        return out;
    }
    let tree = site_tree(&members);
    let key1 = |m: &Member<'_>| m.admin1.to_string();
    let key2 =
        |m: &Member<'_>| (!m.admin2.is_empty()).then(|| format!("{}.{}", m.admin1, m.admin2));
    let nearest = |lat: f64, lon: f64| -> Option<usize> {
        tree.nearest_neighbor(unit_vector(lat, lon)).map(|g| g.data)
    };
    let mut sums: HashMap<String, [f64; 3]> = HashMap::new();
    let all_cells: Vec<((f64, f64), usize)> = rasters
        .iter()
        .flatten()
        .filter_map(|&c| nearest(c.0, c.1).map(|i| (c, i)))
        .collect();
    // admin1 cells, for the parts of each unit
    let mut unit_cells: HashMap<&str, Vec<(f64, f64)>> = HashMap::new();
    for &(c, i) in &all_cells {
        unit_cells.entry(members[i].admin1).or_default().push(c);
    }
    for (unit, cells) in &unit_cells {
        let Some(mean) = lat_lon(weighted_sum(cells)) else {
            continue;
        };
        out.parts
            .insert(unit.to_string(), directional_parts(cells, mean));
    }
    for &(c, i) in &all_cells {
        let w = c.0.to_radians().cos();
        let v = unit_vector(c.0, c.1);
        let v = [w * v[0], w * v[1], w * v[2]];
        add(sums.entry(key1(members[i])).or_default(), v);
        if let Some(k) = key2(members[i]) {
            add(sums.entry(k).or_default(), v);
        }
    }
    // key -> (mean, squared chord to the best own cell so far, that cell)
    type Snap = ((f64, f64), f64, Option<(f64, f64)>);
    let mut outside: HashMap<String, Snap> = HashMap::new();
    out.admin_sums = sums.clone();
    for (key, s) in &sums {
        let Some(mean) = lat_lon(*s) else { continue };
        // inside its own territory when its nearest place belongs to it
        let own = nearest(mean.0, mean.1).is_some_and(|i| {
            let m = members[i];
            key1(m) == *key || key2(m).as_deref() == Some(key.as_str())
        });
        if own {
            out.admin.insert(key.clone(), mean);
        } else {
            outside.insert(key.clone(), (mean, f64::MAX, None));
        }
    }
    if !outside.is_empty() {
        for &(c, i) in &all_cells {
            let m = members[i];
            for k in std::iter::once(key1(m)).chain(key2(m)) {
                if let Some((mean, best, at)) = outside.get_mut(&k) {
                    let d = chord2(unit_vector(c.0, c.1), unit_vector(mean.0, mean.1));
                    if d < *best {
                        *best = d;
                        *at = Some(c);
                    }
                }
            }
        }
        for (k, (mean, _, at)) in outside {
            out.admin.insert(k, at.unwrap_or(mean));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(lon0: f64, lat0: f64, size: f64) -> Polygon {
        vec![vec![
            (lon0, lat0),
            (lon0 + size, lat0),
            (lon0 + size, lat0 + size),
            (lon0, lat0 + size),
        ]]
    }

    #[test]
    fn a_square_country_has_its_centre_and_halves_split_between_two_units() {
        let polys = vec![square(0.0, 0.0, 10.0)];
        // two towns near the west edge in unit "W", one near the east edge in "E"
        let places = [
            Member {
                lat: 4.0,
                lon: 1.0,
                admin1: "W",
                admin2: "",
            },
            Member {
                lat: 6.0,
                lon: 1.0,
                admin1: "W",
                admin2: "",
            },
            Member {
                lat: 5.0,
                lon: 9.0,
                admin1: "E",
                admin2: "e1",
            },
        ];
        let p = territory_points(&polys, &places, 0.1);
        let (lat, lon) = p.country.unwrap();
        assert!(
            (lat - 5.0).abs() < 0.1 && (lon - 5.0).abs() < 0.1,
            "{lat} {lon}"
        );
        // the Voronoi border is x = 5: W's point is the middle of the west half
        let w = p.admin["W"];
        assert!((w.1 - 2.5).abs() < 0.2 && (w.0 - 5.0).abs() < 0.2, "{w:?}");
        // and not the mean of its towns (lon 1)
        let e = p.admin["E.e1"];
        assert!((e.1 - 7.5).abs() < 0.2, "{e:?}");
        assert_eq!(p.admin["E"], e);
    }

    #[test]
    fn far_islands_do_not_move_a_country_point() {
        // a mainland and an island 40 degrees away, a tenth of its size
        let polys = vec![square(0.0, 40.0, 10.0), square(-50.0, 0.0, 3.0)];
        let p = territory_points(&polys, &[], 0.1);
        let (lat, lon) = p.country.unwrap();
        assert!(
            (lat - 45.0).abs() < 0.2 && (lon - 5.0).abs() < 0.2,
            "{lat} {lon}"
        );
    }

    #[test]
    fn a_ring_mean_off_the_land_is_moved_onto_it() {
        // a U shape: its mean lies in the empty notch
        let u = vec![vec![
            (0.0, 0.0),
            (9.0, 0.0),
            (9.0, 9.0),
            (6.0, 9.0),
            (6.0, 3.0),
            (3.0, 3.0),
            (3.0, 9.0),
            (0.0, 9.0),
        ]];
        let p = territory_points(std::slice::from_ref(&u), &[], 0.1);
        let (lat, lon) = p.country.unwrap();
        let inside = raster(&u, 0.1);
        assert!(
            inside.iter().any(|c| km(*c, (lat, lon)) < 15.0),
            "{lat} {lon}"
        );
    }

    #[test]
    fn topojson_with_a_transform_is_decoded() {
        let json = r#"{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
            "objects":{"countries":{"type":"GeometryCollection","geometries":[
              {"type":"Polygon","id":"466","arcs":[[0]]}]}},
            "arcs":[[[0,0],[10,0],[0,10],[-10,0],[0,-10]]]}"#;
        let o = parse_topojson(json);
        let polys = &o.by_id["466"];
        assert_eq!(polys.len(), 1);
        assert_eq!(polys[0][0][2], (10.0, 10.0));
        assert!(parse_topojson("not json").by_id.is_empty());
    }
}
