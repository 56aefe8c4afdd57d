//! Country outlines for the brief's map: the Natural Earth TopoJSON of `data/geo/`
//! (world-atlas `countries-50m.json`, ids are ISO 3166 numeric), decoded into rings of
//! longitude/latitude points.
//!
//! TopoJSON stores shared borders once as quantised, delta-encoded arcs; a polygon ring lists
//! arc indexes, a negative index `!i` (`-i - 1`) meaning arc `i` reversed.

use std::sync::OnceLock;

use serde::Deserialize;

const TOPOJSON: &str = include_str!("../../../data/geo/countries-50m.json");

/// A ring of `(lon, lat)` points.
pub type Ring = Vec<(f64, f64)>;

/// One country: its ISO numeric id, name and polygons (each an outer ring then holes).
pub struct Country {
    pub id: String,
    pub name: String,
    pub polygons: Vec<Vec<Ring>>,
}

impl Country {
    /// `[west, south, east, north]` of its outline.
    pub fn bbox(&self) -> [f64; 4] {
        let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for (x, y) in self.polygons.iter().flatten().flatten() {
            b = [b[0].min(*x), b[1].min(*y), b[2].max(*x), b[3].max(*y)];
        }
        b
    }
}

#[derive(Deserialize)]
struct Topology {
    transform: Transform,
    arcs: Vec<Vec<[i64; 2]>>,
    objects: Objects,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Objects {
    countries: Collection,
}

#[derive(Deserialize)]
struct Collection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon {
        #[serde(default)]
        id: Option<String>,
        arcs: Vec<Vec<i64>>,
        #[serde(default)]
        properties: Props,
    },
    MultiPolygon {
        #[serde(default)]
        id: Option<String>,
        arcs: Vec<Vec<Vec<i64>>>,
        #[serde(default)]
        properties: Props,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize, Default)]
struct Props {
    #[serde(default)]
    name: String,
}

/// Every country of the bundled outlines (decoded once).
pub fn countries() -> &'static [Country] {
    static C: OnceLock<Vec<Country>> = OnceLock::new();
    C.get_or_init(|| decode(TOPOJSON).unwrap_or_default())
}

fn decode(json: &str) -> Result<Vec<Country>, serde_json::Error> {
    let t: Topology = serde_json::from_str(json)?;
    let arcs: Vec<Ring> = t
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.iter()
                .map(|[dx, dy]| {
                    x += dx;
                    y += dy;
                    (
                        x as f64 * t.transform.scale[0] + t.transform.translate[0],
                        y as f64 * t.transform.scale[1] + t.transform.translate[1],
                    )
                })
                .collect()
        })
        .collect();
    let ring = |idx: &[i64]| -> Ring {
        let mut out: Ring = Vec::new();
        for &i in idx {
            let (k, rev) = if i < 0 {
                ((-i - 1) as usize, true)
            } else {
                (i as usize, false)
            };
            let Some(arc) = arcs.get(k) else { continue };
            let pts: Vec<(f64, f64)> = if rev {
                arc.iter().rev().copied().collect()
            } else {
                arc.clone()
            };
            // consecutive arcs share their joining point
            let skip = usize::from(!out.is_empty());
            out.extend(pts.into_iter().skip(skip));
        }
        out
    };
    let mut out = Vec::new();
    for g in t.objects.countries.geometries {
        let (id, props, polys): (Option<String>, Props, Vec<Vec<Vec<i64>>>) = match g {
            Geometry::Polygon {
                id,
                arcs,
                properties,
            } => (id, properties, vec![arcs]),
            Geometry::MultiPolygon {
                id,
                arcs,
                properties,
            } => (id, properties, arcs),
            Geometry::Other => continue,
        };
        out.push(Country {
            id: id.unwrap_or_default(),
            name: props.name,
            polygons: polys
                .iter()
                .map(|p| p.iter().map(|r| ring(r)).collect())
                .collect(),
        });
    }
    Ok(out)
}

/// The outline of the country with ISO alpha-2 code `iso2`.
pub fn country(iso2: &str) -> Option<&'static Country> {
    let numeric = format!("{:03}", khaldun_acled::country(iso2)?.iso);
    countries().iter().find(|c| c.id == numeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mali_decodes_inside_its_known_box() {
        let ml = country("ML").expect("Mali's outline");
        assert_eq!(ml.name, "Mali");
        let [w, s, e, n] = ml.bbox();
        // Mali spans about 12.2°W–4.3°E and 10.1°N–25.0°N
        assert!(
            (-12.5..-11.8).contains(&w) && (3.9..4.6).contains(&e),
            "{w} {e}"
        );
        assert!(
            (9.8..10.5).contains(&s) && (24.7..25.3).contains(&n),
            "{s} {n}"
        );
        let ring = &ml.polygons[0][0];
        assert_eq!(ring.first(), ring.last(), "rings close");
    }
}
