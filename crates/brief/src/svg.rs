//! The brief's two figures as self-contained SVG: a weekly chart of events and fatalities
//! (history, previous period and period shaded apart, spikes marked) and a map of the
//! period's events over the Natural Earth outlines (points sized by fatalities, stand-in
//! places drawn hollow, the significant events labelled).

use std::fmt::Write;

use crate::{topo, Brief, Cited};

/// The web UI's colours by ACLED event type.
pub fn colour(acled_type: &str) -> &'static str {
    match acled_type {
        "Battles" => "#7b241c",
        "Explosions/Remote violence" => "#e67e22",
        "Violence against civilians" => "#c0392b",
        "Protests" => "#2471a3",
        "Riots" => "#8e44ad",
        "Strategic developments" => "#616a6b",
        _ => "#95a5a6",
    }
}

/// Text for SVG and HTML: `&`, `<`, `>`, quotes escaped.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The weekly chart: bars of events, a line of fatalities, spikes marked with a triangle.
pub fn weekly_chart(b: &Brief) -> String {
    use chrono::Datelike;
    let weeks = &b.weekly.weeks;
    let (w, h, left, bottom, top) = (640.0, 190.0, 34.0, 28.0, 14.0);
    let n = weeks.len().max(1) as f64;
    let bw = (w - left - 8.0) / n;
    let max_e = weeks.iter().map(|x| x.events).max().unwrap_or(0).max(1) as f64;
    let max_f = weeks.iter().map(|x| x.fatalities).max().unwrap_or(0).max(1) as f64;
    let plot_h = h - bottom - top;
    let y_e = |v: f64| top + plot_h * (1.0 - v / max_e);
    let y_f = |v: f64| top + plot_h * (1.0 - v / max_f);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" class="chart" role="img" aria-label="Events and fatalities per week"><rect width="{w}" height="{h}" fill="#fff"/>"##
    );
    let (period, previous) = (b.period, b.previous);
    // a month label needs about 40 px: label every 1, 2, 3, 6 or 12 months
    let px_per_month = (w - left) / (n / 4.35);
    let month_step = [1, 2, 3, 6, 12]
        .into_iter()
        .find(|m| px_per_month * f64::from(*m) >= 42.0)
        .unwrap_or(12);
    for (i, wk) in weeks.iter().enumerate() {
        let x = left + i as f64 * bw;
        let end = wk.start + chrono::Days::new(6);
        let fill = match (period, previous) {
            (Some(p), _) if end >= p.from => "#34495e",
            (_, Some(q)) if end >= q.from => "#95a5a6",
            _ => "#d5d8dc",
        };
        let y = y_e(f64::from(wk.events));
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{fill}"><title>week of {}: {} events, {} fatalities</title></rect>"##,
            (bw - 1.5).max(1.0),
            top + plot_h - y,
            wk.start,
            wk.events,
            wk.fatalities
        );
        if wk.spike.is_some() {
            let cx = x + bw / 2.0;
            let _ = write!(
                s,
                r##"<path d="M{:.1},{:.1} l5,-8 l-10,0 z" fill="#c0392b"><title>spike: {} events in the week of {}</title></path>"##,
                cx,
                y - 2.0,
                wk.events,
                wk.start
            );
        }
        if wk.start.day() <= 7 && wk.start.month0() % month_step == 0 && x < w - 44.0 {
            let _ = write!(
                s,
                r##"<text x="{x:.1}" y="{:.1}" font-size="10" fill="#555">{} {}</text>"##,
                h - 10.0,
                MONTHS[wk.start.month0() as usize],
                wk.start.year() % 100
            );
        }
    }
    let pts: Vec<String> = weeks
        .iter()
        .enumerate()
        .map(|(i, wk)| {
            format!(
                "{:.1},{:.1}",
                left + (i as f64 + 0.5) * bw,
                y_f(f64::from(wk.fatalities))
            )
        })
        .collect();
    let _ = write!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#c0392b" stroke-width="1.5"/>"##,
        pts.join(" ")
    );
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#888"/><text x="2" y="{:.1}" font-size="10" fill="#34495e">{}</text><text x="2" y="{:.1}" font-size="10" fill="#34495e">0</text><text x="{:.1}" y="11" font-size="10" fill="#c0392b" text-anchor="end">fatalities (line) max {}</text><text x="{left}" y="11" font-size="10" fill="#34495e">events (bars) max {}</text></svg>"##,
        top + plot_h,
        w - 8.0,
        top + plot_h,
        top + 8.0,
        max_e,
        top + plot_h,
        w - 8.0,
        max_f,
        max_e
    );
    s
}

/// A map projection: equirectangular, longitudes shrunk by the cosine of the middle latitude.
struct Projection {
    bbox: [f64; 4],
    kx: f64,
    scale: f64,
    width: f64,
    height: f64,
}

impl Projection {
    fn new(bbox: [f64; 4], width: f64) -> Self {
        let mid = ((bbox[1] + bbox[3]) / 2.0).to_radians().cos().max(0.2);
        let (dx, dy) = ((bbox[2] - bbox[0]) * mid, bbox[3] - bbox[1]);
        let scale = width / dx.max(1e-6);
        let height = (dy * scale).clamp(160.0, 520.0);
        let scale = scale.min(height / dy.max(1e-6));
        Projection {
            bbox,
            kx: mid,
            scale,
            width,
            height,
        }
    }
    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.bbox[0]) * self.kx * self.scale,
            (self.bbox[3] - lat) * self.scale,
        )
    }
}

/// The box the map shows: the subject country's outline, else the events', padded.
fn map_box(b: &Brief) -> Option<[f64; 4]> {
    let country = b.query.country.as_deref().and_then(topo::country);
    let pts = b.events.iter().filter_map(|c| Some((c.lon?, c.lat?)));
    let mut bx = match country {
        Some(c) => c.bbox(),
        None => [f64::MAX, f64::MAX, f64::MIN, f64::MIN],
    };
    if country.is_none() || b.query.admin1.is_some() {
        if b.query.admin1.is_some() {
            bx = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        }
        for (x, y) in pts {
            bx = [bx[0].min(x), bx[1].min(y), bx[2].max(x), bx[3].max(y)];
        }
    }
    if bx[0] > bx[2] {
        return None;
    }
    let pad = ((bx[2] - bx[0]).max(bx[3] - bx[1]) * 0.08).max(0.5);
    Some([
        (bx[0] - pad).max(-180.0),
        (bx[1] - pad).max(-85.0),
        (bx[2] + pad).min(180.0),
        (bx[3] + pad).min(85.0),
    ])
}

fn ring_path(p: &Projection, ring: &[(f64, f64)], out: &mut String) {
    for (i, (x, y)) in ring.iter().enumerate() {
        let (px, py) = p.xy(*x, *y);
        let _ = write!(out, "{}{px:.1},{py:.1}", if i == 0 { 'M' } else { 'L' });
    }
    out.push('Z');
}

fn overlaps(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// The map of the period's events.
pub fn map(b: &Brief) -> Option<String> {
    let bx = map_box(b)?;
    let p = Projection::new(bx, 640.0);
    let focus = b
        .query
        .country
        .as_deref()
        .and_then(topo::country)
        .map(|c| c.id.as_str());
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {:.0} {:.0}" class="map" role="img" aria-label="Map of the events"><defs><clipPath id="frame"><rect width="{:.0}" height="{:.0}"/></clipPath></defs><rect width="{:.0}" height="{:.0}" fill="#dfe9f0"/><g clip-path="url(#frame)">"##,
        p.width, p.height, p.width, p.height, p.width, p.height
    );
    for c in topo::countries() {
        // world-atlas rings can wrap the antimeridian; only countries in view are drawn
        if !overlaps(c.bbox(), bx) || c.bbox()[2] - c.bbox()[0] > 300.0 {
            continue;
        }
        let mut d = String::new();
        for ring in c.polygons.iter().flatten() {
            ring_path(&p, ring, &mut d);
        }
        let fill = if Some(c.id.as_str()) == focus {
            "#f3efe6"
        } else {
            "#e8e6e1"
        };
        let _ = write!(
            s,
            r##"<path d="{d}" fill="{fill}" stroke="#8a8f94" stroke-width="0.6"><title>{}</title></path>"##,
            esc(&c.name)
        );
    }
    places(&p, bx, b.query.country.as_deref(), &mut s);
    let mut events: Vec<&Cited> = b
        .events
        .iter()
        .filter(|c| c.lat.is_some() && c.lon.is_some())
        .collect();
    // large circles first so small ones stay visible on top
    events.sort_by_key(|c| std::cmp::Reverse(c.killed));
    for c in &events {
        let (x, y) = p.xy(c.lon.unwrap_or(0.0), c.lat.unwrap_or(0.0));
        let r = 3.5 + 2.0 * f64::from(c.killed).sqrt().min(6.0);
        let col = colour(&c.acled_type);
        let (fill, dash) = if c.place_fallback {
            ("none", r#" stroke-dasharray="2,2""#)
        } else {
            (col, "")
        };
        let _ = write!(
            s,
            r##"<a href="#e{}"><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{fill}" fill-opacity="0.75" stroke="{col}" stroke-width="1.2"{dash}><title>[{}] {}</title></circle></a>"##,
            c.n,
            c.n,
            esc(&c.note)
        );
    }
    let mut labelled: Vec<String> = Vec::new();
    for sig in &b.significant {
        let Some(c) = b.event(sig.n) else { continue };
        let (Some(lat), Some(lon)) = (c.lat, c.lon) else {
            continue;
        };
        let name = c.place.split(',').next().unwrap_or("").to_string();
        if c.place_fallback || labelled.contains(&name) {
            continue;
        }
        let (x, y) = p.xy(lon, lat);
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">{} [{}]</text>"##,
            x + 7.0,
            y + 4.0,
            esc(&name),
            c.n
        );
        labelled.push(name);
    }
    let _ = write!(
        s,
        r##"</g><text x="6" y="{:.0}" font-size="9" fill="#555">Outlines: Natural Earth. Circles sized by fatalities; dashed: place not from the text or region only.</text></svg>"##,
        p.height - 6.0
    );
    Some(s)
}

/// Orientation: the capitals in view and the most populous towns of the subject country,
/// small grey squares with their names (from the embedded GeoNames gazetteer).
fn places(p: &Projection, bx: [f64; 4], country: Option<&str>, s: &mut String) {
    use khaldun_geo::Kind;
    let g = khaldun_geo::Gazetteer::embedded();
    let inside = |e: &khaldun_geo::Entry| {
        let (x, y) = (f64::from(e.lon), f64::from(e.lat));
        x >= bx[0] && x <= bx[2] && y >= bx[1] && y <= bx[3]
    };
    let mut towns: Vec<&khaldun_geo::Entry> = g
        .entries()
        .iter()
        .filter(|e| matches!(e.kind, Kind::Capital | Kind::Place) && inside(e))
        .filter(|e| {
            e.kind == Kind::Capital || country.is_some_and(|c| e.country.eq_ignore_ascii_case(c))
        })
        .collect();
    towns.sort_by_key(|e| std::cmp::Reverse(e.population));
    towns.truncate(8);
    for e in towns {
        let (x, y) = p.xy(f64::from(e.lon), f64::from(e.lat));
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="4" height="4" fill="#7f8c8d"/><text x="{:.1}" y="{:.1}" font-size="9.5" fill="#566573">{}</text>"##,
            x - 2.0,
            y - 2.0,
            x + 4.0,
            y - 3.0,
            esc(e.name)
        );
    }
}
