//! HTTP routes: the REST API, the OpenAPI document and the embedded UI.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use khaldun_model::{AnnotatedArticle, Article};
use utoipa::OpenApi;

use crate::api::*;
use crate::export;
use crate::store_backend::StoreBackend;
use khaldun_store::{Bucket, Store, StoreError};

/// Turns an ingested article into an annotated one (the pipeline).
pub type Annotate = Arc<dyn Fn(Article) -> AnnotatedArticle + Send + Sync>;
/// Fetches and reads a URL (feed or page) for `POST /api/ingest {"url": ...}`:
/// one result per article found.
pub type Fetch = Arc<dyn Fn(&str) -> Vec<Result<Article, String>> + Send + Sync>;
/// Gazetteer search: name prefix → hits.
pub type PlaceSearch = Arc<dyn Fn(&str, usize) -> Vec<PlaceHit> + Send + Sync>;
/// `GET /api/health`: whether all is well, and the JSON body (the CLI's reads the store and
/// the watched feeds' status). Without it the route answers `{"status": "ok"}`.
pub type Health = Arc<dyn Fn() -> (bool, serde_json::Value) + Send + Sync>;

/// Everything the handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The store, as the API reads it.
    pub backend: Arc<StoreBackend>,
    /// Bearer token for write routes; `None` turns writes off.
    pub token: Option<String>,
    pub annotate: Option<Annotate>,
    pub fetch: Option<Fetch>,
    pub place_search: Option<PlaceSearch>,
    /// Gazetteer places in a box, for the map's label layer.
    pub places_in_box: Option<crate::reports::PlacesInBox>,
    /// The actor knowledge base, for actor pages.
    pub actor_profile: Option<crate::reports::ActorProfile>,
    pub health: Option<Health>,
}

impl AppState {
    /// Serve `store` (SQLite, PostgreSQL: any [`Store`]).
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self::with_backend(StoreBackend::new(store))
    }

    /// Serve a configured backend (timeline cache settings).
    pub fn with_backend(backend: StoreBackend) -> Self {
        AppState {
            backend: Arc::new(backend),
            token: None,
            annotate: None,
            fetch: None,
            place_search: None,
            places_in_box: None,
            actor_profile: None,
            health: None,
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Khaldun API",
        description = "Sourced, geolocated, deduplicated conflict events."
    ),
    paths(
        list_events,
        get_event,
        timeline,
        list_actors,
        get_actor,
        list_places,
        get_article,
        ingest
    ),
    modifiers(&BearerScheme),
    components(schemas(
        EventPage,
        EventSummary,
        EventDetail,
        ActorSummary,
        ActorDetail,
        Timeline,
        PlaceHit,
        IngestReport,
        ApiError,
        IngestJson
    ))
)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme that write routes use.
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// An API error response.
pub struct Error(pub(crate) StatusCode, pub(crate) String);

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        (self.0, Json(ApiError { error: self.1 })).into_response()
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::BadQuery(m) => Error(StatusCode::BAD_REQUEST, m),
            other => {
                tracing::error!("storage: {other}");
                Error(StatusCode::INTERNAL_SERVER_ERROR, "storage error".into())
            }
        }
    }
}

type ApiResult<T> = Result<T, Error>;

fn not_found(what: &str) -> Error {
    Error(StatusCode::NOT_FOUND, format!("{what} not found"))
}

/// Run a backend call on a blocking thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| {
            Error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("task failed: {e}"),
            )
        })?
        .map_err(Error::from)
}

/// The router with every route. `max_body` limits request bodies (bytes).
pub fn router(state: AppState, max_body: usize) -> Router {
    Router::new()
        .route("/api/events", get(list_events))
        .route("/api/events/{id}", get(get_event))
        .route("/api/stats/timeline", get(timeline))
        .route("/api/actors", get(list_actors))
        .route("/api/actors/{id}", get(get_actor))
        .route("/api/places", get(list_places))
        .route("/api/articles/{id}", get(get_article))
        .route("/api/ingest", post(ingest))
        .route("/api/openapi.json", get(openapi))
        .merge(crate::reports::routes())
        .route("/api/health", get(health))
        .route("/", get(crate::assets::index))
        .route("/assets/{file}", get(crate::assets::asset))
        .fallback(|| async { Error(StatusCode::NOT_FOUND, "no such route".into()) })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Store reachable and feed status (503 when unhealthy), for monitoring; not in the OpenAPI
/// document.
async fn health(State(st): State<AppState>) -> Response {
    let Some(check) = st.health.clone() else {
        return Json(serde_json::json!({"status": "ok"})).into_response();
    };
    match tokio::task::spawn_blocking(move || check()).await {
        Ok((true, body)) => Json(body).into_response(),
        Ok((false, body)) => (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "error"})),
        )
            .into_response(),
    }
}

pub(crate) async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    r
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Events matching the filters, newest first, one page at a time.
#[utoipa::path(get, path = "/api/events", params(EventFilter, PageParams),
    responses((status = 200, description = "A page of events (JSON; CSV with ACLED columns or GeoJSON with `format`). The next cursor is also in the `X-Next-Cursor` header.", body = EventPage),
              (status = 400, body = ApiError)))]
async fn list_events(
    State(st): State<AppState>,
    Query(filter): Query<EventFilter>,
    Query(page): Query<PageParams>,
) -> ApiResult<Response> {
    filter
        .validate()
        .map_err(|m| Error(StatusCode::BAD_REQUEST, m))?;
    let limit = page.limit.unwrap_or(100).clamp(1, 1000) as usize;
    let format = match page.format.as_deref().unwrap_or("json") {
        "json" => None,
        "csv" => Some(export::Format::Csv),
        "geojson" => Some(export::Format::GeoJson),
        other => {
            return Err(Error(
                StatusCode::BAD_REQUEST,
                format!("unknown format {other:?} (json, csv, geojson)"),
            ))
        }
    };
    let b = st.backend.clone();
    let cursor = page.cursor.clone();
    let result = blocking(move || b.events(&filter, cursor.as_deref(), limit)).await?;
    let Some(fmt) = format else {
        let mut r = Json(&result).into_response();
        add_cursor(r.headers_mut(), &result);
        return Ok(r);
    };
    let mut buf = Vec::new();
    export::write_all(fmt, &result.events, &mut buf)
        .map_err(|e| Error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let mut r = Response::new(Body::from(buf));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(fmt.content_type()),
    );
    add_cursor(r.headers_mut(), &result);
    Ok(r)
}

fn add_cursor(h: &mut HeaderMap, page: &EventPage) {
    if let Some(c) = page
        .next_cursor
        .as_deref()
        .and_then(|c| HeaderValue::from_str(c).ok())
    {
        h.insert("x-next-cursor", c);
    }
}

/// One event with its reports: evidence sentences with highlights, sources, claim status.
#[utoipa::path(get, path = "/api/events/{id}", params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventDetail), (status = 404, body = ApiError)))]
async fn get_event(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<EventDetail>> {
    let b = st.backend.clone();
    let full = crate::reports::full_event_id(&st, &id).await?;
    blocking(move || b.event(&full))
        .await?
        .map(Json)
        .ok_or_else(|| not_found("event"))
}

/// Event counts per day, week or month, by ACLED event type.
#[utoipa::path(get, path = "/api/stats/timeline", params(EventFilter, TimelineParams),
    responses((status = 200, body = Timeline), (status = 400, body = ApiError)))]
async fn timeline(
    State(st): State<AppState>,
    Query(filter): Query<EventFilter>,
    Query(p): Query<TimelineParams>,
) -> ApiResult<Json<Timeline>> {
    filter
        .validate()
        .map_err(|m| Error(StatusCode::BAD_REQUEST, m))?;
    let bucket = Bucket::parse(p.bucket.as_deref().unwrap_or("week")).ok_or_else(|| {
        Error(
            StatusCode::BAD_REQUEST,
            "`bucket` must be day, week or month".into(),
        )
    })?;
    let b = st.backend.clone();
    blocking(move || b.timeline(&filter, bucket))
        .await
        .map(Json)
}

/// Actors, most active first.
#[utoipa::path(get, path = "/api/actors", params(SearchParams), responses((status = 200, body = Vec<ActorSummary>)))]
async fn list_actors(
    State(st): State<AppState>,
    Query(p): Query<SearchParams>,
) -> ApiResult<Json<Vec<ActorSummary>>> {
    let limit = p.limit.unwrap_or(50).clamp(1, 500) as usize;
    let b = st.backend.clone();
    blocking(move || b.actors(p.q.as_deref().filter(|q| !q.is_empty()), limit))
        .await
        .map(Json)
}

/// One actor: activity per month, affiliations, counterparts, recent events.
#[utoipa::path(get, path = "/api/actors/{id}", params(("id" = String, Path, description = "Actor id")),
    responses((status = 200, body = ActorDetail), (status = 404, body = ApiError)))]
async fn get_actor(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ActorDetail>> {
    let b = st.backend.clone();
    blocking(move || b.actor(&id))
        .await?
        .map(Json)
        .ok_or_else(|| not_found("actor"))
}

/// Gazetteer search (and places that have events).
#[utoipa::path(get, path = "/api/places", params(SearchParams), responses((status = 200, body = Vec<PlaceHit>)))]
async fn list_places(
    State(st): State<AppState>,
    Query(p): Query<SearchParams>,
) -> ApiResult<Json<Vec<PlaceHit>>> {
    let q = p.q.unwrap_or_default();
    let q = q.trim().to_string();
    if q.is_empty() {
        return Err(Error(StatusCode::BAD_REQUEST, "`q` is required".into()));
    }
    let limit = p.limit.unwrap_or(20).clamp(1, 500) as usize;
    let b = st.backend.clone();
    let qq = q.clone();
    let mut hits = blocking(move || b.places(&qq, limit)).await?;
    if let Some(search) = st.place_search.clone() {
        let more = tokio::task::spawn_blocking(move || search(&q, limit))
            .await
            .unwrap_or_default();
        for h in more {
            if !hits
                .iter()
                .any(|x| x.name == h.name && x.country == h.country)
            {
                hits.push(h);
            }
        }
        hits.truncate(limit);
    }
    Ok(Json(hits))
}

/// One stored article with all its annotations.
#[utoipa::path(get, path = "/api/articles/{id}", params(("id" = String, Path, description = "Article id")),
    responses((status = 200, description = "The annotated article (the `extract` JSON)"), (status = 404, body = ApiError)))]
async fn get_article(State(st): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let b = st.backend.clone();
    let mut a = blocking(move || b.article(&id))
        .await?
        .ok_or_else(|| not_found("article"))?;
    a.article.origin = a.article.origin.as_deref().map(public_origin);
    Ok(Json(a).into_response())
}

/// What API clients see of where an article was read from: a URL as is, of a file path only
/// the file name (with its `:LINE` for a record of a JSON Lines or WARC file), never the
/// server's directories.
pub fn public_origin(origin: &str) -> String {
    if khaldun_ingest::is_url(origin) {
        return origin.trim().to_string();
    }
    origin
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(origin)
        .to_string()
}

/// The one answer for any failure to fetch or read a URL given to `POST /api/ingest`: a
/// closed port, an open one that speaks no HTTP, a refused private address and a page with
/// no article all read alike, so the API cannot serve as a port scanner. The server log has
/// the cause.
pub const URL_FAILED: &str = "could not read an article from this URL";

/// JSON body of `POST /api/ingest`: a feed or page URL, or an article.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct IngestJson {
    /// Feed or page URL to fetch (needs a fetcher configured).
    #[serde(default)]
    pub url: Option<String>,
    /// Article text (plain text or HTML).
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// ISO 8601 publication date.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

fn authorised(st: &AppState, h: &HeaderMap) -> ApiResult<()> {
    let Some(token) = st.token.as_deref() else {
        return Err(Error(
            StatusCode::FORBIDDEN,
            "writes are off: start the server with a token to enable them".into(),
        ));
    };
    // The scheme name is case-insensitive (RFC 9110 §11.1): "bearer" is "Bearer".
    let given = h
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map_or("", |(_, t)| t.trim());
    // constant-time comparison
    let eq = given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if eq {
        Ok(())
    } else {
        Err(Error(
            StatusCode::UNAUTHORIZED,
            "missing or wrong bearer token".into(),
        ))
    }
}

/// Ingest an article (text, HTML, JSON) or a feed URL; needs the bearer token.
#[utoipa::path(post, path = "/api/ingest",
    request_body(content = IngestJson, description = "JSON `{url}` or `{text, title, published, publisher, lang}`; or a raw text/HTML/feed body with its content type"),
    responses((status = 200, body = IngestReport), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 413, description = "Body too large")),
    security(("bearer" = [])))]
async fn ingest(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<IngestReport>> {
    authorised(&st, &headers)?;
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut opts = khaldun_ingest::IngestOptions::default();
    // Read the body (or fetch the URL) into articles.
    let read: Vec<Result<Article, String>>;
    let mut overrides: Option<IngestJson> = None;
    if ctype.starts_with("application/json") {
        let j: IngestJson = serde_json::from_slice(&body)
            .map_err(|e| Error(StatusCode::BAD_REQUEST, format!("bad JSON: {e}")))?;
        if let Some(url) = j.url.clone() {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(Error(
                    StatusCode::BAD_REQUEST,
                    "`url` must be http(s)".into(),
                ));
            }
            let fetch = st.fetch.clone().ok_or_else(|| {
                Error(
                    StatusCode::NOT_IMPLEMENTED,
                    "fetching URLs is not enabled".into(),
                )
            })?;
            read = tokio::task::spawn_blocking(move || fetch(&url))
                .await
                .map_err(|e| Error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
                .into_iter()
                .map(|r| {
                    r.map_err(|cause| {
                        tracing::warn!("POST /api/ingest: {cause}");
                        URL_FAILED.to_string()
                    })
                })
                .collect();
        } else {
            let text = j
                .text
                .clone()
                .ok_or_else(|| Error(StatusCode::BAD_REQUEST, "give `url` or `text`".into()))?;
            opts.published = j.published.clone();
            opts.lang = j.lang.clone();
            read = khaldun_ingest::read_bytes(text.as_bytes(), "api", &opts)
                .into_iter()
                .map(|r| r.map_err(|e| e.to_string()))
                .collect();
            overrides = Some(j);
        }
    } else {
        if ctype.starts_with("text/html") {
            opts.format = khaldun_ingest::Format::Html;
        }
        read = khaldun_ingest::read_bytes(&body, "api", &opts)
            .into_iter()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect();
    }
    let annotate = st.annotate.clone();
    let backend = st.backend.clone();
    blocking(move || {
        let mut errors = Vec::new();
        let mut docs = Vec::new();
        for r in read {
            match r {
                Ok(mut a) => {
                    if let Some(j) = &overrides {
                        if j.title.is_some() {
                            a.title = j.title.clone();
                        }
                        if j.publisher.is_some() {
                            a.publisher = j.publisher.clone();
                        }
                        if a.published.is_none() {
                            a.published = j.published.clone();
                        }
                    }
                    docs.push(match &annotate {
                        Some(f) => f(a),
                        None => AnnotatedArticle::new(a),
                    })
                }
                Err(e) => errors.push(e),
            }
        }
        let failed = errors.len() as u64;
        let mut rep = backend.ingest(docs)?;
        rep.failed += failed;
        rep.articles += failed;
        rep.errors.extend(errors);
        Ok(rep)
    })
    .await
    .map(Json)
}
