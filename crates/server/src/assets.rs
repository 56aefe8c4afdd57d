//! The web UI, embedded in the binary: built by `npm run build` in `ui/`
//! into `assets/` (committed, so a Rust-only build needs no npm), plus the
//! Natural Earth country outlines from `data/geo/`.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

const INDEX: &[u8] = include_bytes!("../assets/index.html");
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "new-since.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/new-since.js"),
    ),
    (
        "countries-50m.json",
        "application/json",
        include_bytes!("../../../data/geo/countries-50m.json"),
    ),
];

fn file(ctype: &'static str, body: &'static [u8], cache: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    r
}

pub async fn index() -> Response {
    file("text/html; charset=utf-8", INDEX, "no-cache")
}

pub async fn asset(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, ctype, body)) => file(ctype, body, "public, max-age=3600"),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}
