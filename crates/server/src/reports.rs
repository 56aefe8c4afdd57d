//! Routes that read the store through `khaldun_store::Store` and `khaldun-brief` (issue 14):
//! `GET /api/brief` (the cited situation brief as HTML, Markdown or JSON),
//! `GET /api/stats/trends` (weekly series with spike flags) and `GET /api/places/bbox`
//! (gazetteer labels in a box, most populous first, for the map's label layer).
//!
//! The handlers read the server's own store (`AppState::backend`'s `Arc<dyn Store>`), on a
//! blocking thread.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use khaldun_brief::{BriefQuery, SpikeTest, UnitKind};
use khaldun_store::Store;
use serde::Deserialize;

use crate::api::PlaceHit;
use crate::routes::{AppState, Error};

/// Gazetteer places inside `[west, south, east, north]`, most populous first, at most `limit`.
pub type PlacesInBox = Arc<dyn Fn([f64; 4], usize) -> Vec<PlaceHit> + Send + Sync>;
/// An actor's knowledge-base profile (aliases, description, affiliation chain) by id.
pub type ActorProfile = Arc<dyn Fn(&str) -> Option<serde_json::Value> + Send + Sync>;

/// The routes of this module, merged into the main router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/brief", get(brief))
        .route("/api/stats/trends", get(trends))
        .route("/api/places/bbox", get(places_bbox))
        .route("/api/actors/{id}/profile", get(actor_profile))
}

fn bad(m: impl Into<String>) -> Error {
    Error(StatusCode::BAD_REQUEST, m.into())
}

fn date(name: &str, s: &Option<String>) -> Result<Option<NaiveDate>, Error> {
    s.as_deref()
        .filter(|s| !s.is_empty())
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| bad(format!("`{name}` must be a date YYYY-MM-DD, not {v:?}")))
        })
        .transpose()
}

/// Query of `/api/brief` and `/api/stats/trends`.
#[derive(Debug, Default, Deserialize)]
pub struct BriefParams {
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub actor: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// `html` (default), `md` or `json` for the brief.
    pub format: Option<String>,
    /// `country` (default), `admin1` or `actor` for trends.
    pub by: Option<String>,
    pub limit: Option<usize>,
}

impl BriefParams {
    fn query(&self) -> Result<BriefQuery, Error> {
        let text = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        let country = text(&self.country);
        if let Some(c) = &country {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(bad(format!(
                    "`country` is an ISO 3166-1 alpha-2 code such as ML, not {c:?}"
                )));
            }
        }
        Ok(BriefQuery {
            country: country.map(|c| c.to_ascii_uppercase()),
            admin1: text(&self.admin1),
            actor: text(&self.actor),
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
        })
    }
}

async fn with_store<T: Send + 'static>(
    st: &AppState,
    f: impl FnOnce(&dyn Store) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let store = st.backend.store().clone();
    tokio::task::spawn_blocking(move || f(store.as_ref()))
        .await
        .map_err(|e| {
            Error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("task failed: {e}"),
            )
        })?
}

fn brief_error(e: khaldun_brief::BriefError) -> Error {
    match e {
        khaldun_brief::BriefError::BadQuery(m) => bad(m),
        khaldun_brief::BriefError::Store(e) => {
            tracing::error!("brief: {e}");
            Error(StatusCode::INTERNAL_SERVER_ERROR, "storage error".into())
        }
    }
}

/// The cited situation brief of a place, actor and period.
async fn brief(
    State(st): State<AppState>,
    Query(p): Query<BriefParams>,
) -> Result<Response, Error> {
    let q = p.query()?;
    let format = p.format.clone().unwrap_or_else(|| "html".into());
    if !["html", "md", "json"].contains(&format.as_str()) {
        return Err(bad(format!("unknown format {format:?} (html, md, json)")));
    }
    let mut b = with_store(&st, move |s| {
        khaldun_brief::build(s, &q).map_err(brief_error)
    })
    .await?;
    // served by the UI's server: event ids link to the UI's event pages
    b.ui_base = Some("/".into());
    let (body, ctype) = match format.as_str() {
        "md" => (khaldun_brief::markdown(&b), "text/markdown; charset=utf-8"),
        "json" => return Ok(Json(b).into_response()),
        _ => (khaldun_brief::html(&b), "text/html; charset=utf-8"),
    };
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    Ok(r)
}

/// Weekly events and fatalities per country, admin1 unit or actor, with spike flags.
async fn trends(
    State(st): State<AppState>,
    Query(p): Query<BriefParams>,
) -> Result<Response, Error> {
    let mut q = p.query()?;
    let kind: UnitKind = p.by.as_deref().unwrap_or("country").parse().map_err(bad)?;
    let limit = p.limit.unwrap_or(20).clamp(1, 500);
    let series = with_store(&st, move |s| {
        if q.from.is_none() {
            if let Some(per) = q.period(s).map_err(brief_error)? {
                q.from = Some(per.to - chrono::Days::new(7 * 26 - 1));
                q.to = Some(per.to);
            }
        }
        let Some(period) = q.period(s).map_err(brief_error)? else {
            return Ok(Vec::new());
        };
        let recs =
            khaldun_brief::scope::fetch_all(s, q.event_query(Some(period))).map_err(brief_error)?;
        let mut v = khaldun_brief::trends::series(
            &recs,
            kind,
            period.from,
            period.to,
            &SpikeTest::default(),
        );
        v.truncate(limit);
        Ok(v)
    })
    .await?;
    Ok(Json(series).into_response())
}

/// An actor's knowledge-base profile: aliases, description, affiliation chain.
async fn actor_profile(
    State(st): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Json<serde_json::Value>, Error> {
    let find = st.actor_profile.clone().ok_or_else(|| {
        Error(
            StatusCode::NOT_IMPLEMENTED,
            "no actor base configured".into(),
        )
    })?;
    find(&id).map(Json).ok_or_else(|| {
        Error(
            StatusCode::NOT_FOUND,
            "actor not in the knowledge base".into(),
        )
    })
}

/// Query of `/api/places/bbox`.
#[derive(Debug, Deserialize)]
pub struct BBoxParams {
    /// `west,south,east,north` in degrees.
    pub bbox: String,
    pub limit: Option<usize>,
}

/// Gazetteer places (towns and admin units) inside a box, most populous first.
async fn places_bbox(
    State(st): State<AppState>,
    Query(p): Query<BBoxParams>,
) -> Result<Json<Vec<PlaceHit>>, Error> {
    let v: Vec<f64> = p
        .bbox
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("`bbox` is west,south,east,north in degrees"))?;
    let [w, s, e, n] = v[..] else {
        return Err(bad("`bbox` is west,south,east,north in degrees"));
    };
    if !(v.iter().all(|x| x.is_finite()) && s <= n) {
        return Err(bad("`bbox` needs finite numbers with south <= north"));
    }
    let find = st.places_in_box.clone().ok_or_else(|| {
        Error(
            StatusCode::NOT_IMPLEMENTED,
            "no gazetteer configured".into(),
        )
    })?;
    let limit = p.limit.unwrap_or(60).clamp(1, 500);
    let hits = tokio::task::spawn_blocking(move || find([w, s, e, n], limit))
        .await
        .unwrap_or_default();
    Ok(Json(hits))
}

/// The full id of an event given by a short id (a unique prefix of at least 6 characters, as
/// `khaldun events` prints 12): the id itself when it is not a unique prefix. An ambiguous
/// prefix is a 400 naming the candidates' count.
pub(crate) async fn full_event_id(st: &AppState, id: &str) -> Result<String, Error> {
    if id.len() >= 32 || id.len() < 6 {
        return Ok(id.to_string());
    }
    let prefix = id.to_string();
    let ids = with_store(st, move |s| {
        s.event_ids_with_prefix(&prefix, 2).map_err(|e| {
            tracing::error!("prefix lookup: {e}");
            Error(StatusCode::INTERNAL_SERVER_ERROR, "storage error".into())
        })
    })
    .await?;
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => Ok(id.to_string()),
        _ => Err(bad(format!(
            "event id prefix {id:?} is ambiguous: give more characters"
        ))),
    }
}
