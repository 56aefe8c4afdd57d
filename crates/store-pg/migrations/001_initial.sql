-- Khaldun store on PostgreSQL, schema version 1. The same tables as the
-- SQLite store (crates/store/migrations), with PostgreSQL's own indexes:
-- a tsvector (English or French stems, else plain words; accents removed) with GIN
-- for full text, a PostGIS point with GiST for boxes and distances, and a
-- work queue. Identifiers and dates use the "C" collation, so keyset pages
-- and ties order by bytes as in SQLite, whatever the database's locale.
CREATE TABLE articles (
    id TEXT COLLATE "C" PRIMARY KEY,
    source_id TEXT,
    url TEXT,
    publisher TEXT,
    section TEXT,
    title TEXT,
    byline TEXT,
    published TEXT COLLATE "C",
    retrieved TEXT,
    language TEXT,
    format TEXT,
    origin TEXT,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL,
    annotations TEXT NOT NULL,
    tsv TSVECTOR NOT NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_tsv ON articles USING GIN (tsv);

CREATE TABLE events (
    id TEXT COLLATE "C" PRIMARY KEY,
    dedup_key TEXT NOT NULL,
    event_date TEXT COLLATE "C" NOT NULL DEFAULT '',
    time_precision INTEGER,
    plover_type TEXT NOT NULL,
    plover_mode TEXT,
    acled_type TEXT NOT NULL,
    acled_sub_type TEXT NOT NULL,
    cameo_root TEXT,
    goldstein DOUBLE PRECISION,
    actor1 TEXT,
    actor1_id TEXT,
    inter1 INTEGER,
    actor2 TEXT,
    actor2_id TEXT,
    inter2 INTEGER,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    location TEXT COLLATE "C",
    geonameid BIGINT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    geom geometry(Point, 4326),
    geo_precision INTEGER,
    killed BIGINT,
    injured BIGINT,
    abducted BIGINT,
    arrested BIGINT,
    status TEXT NOT NULL,
    claimant TEXT,
    denied_by TEXT,
    hypothetical BOOLEAN NOT NULL DEFAULT FALSE,
    historical BOOLEAN NOT NULL DEFAULT FALSE,
    n_reports INTEGER NOT NULL DEFAULT 0,
    n_sources INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX events_date ON events (event_date DESC, id DESC);
CREATE INDEX events_country_date ON events (country, event_date DESC, id DESC);
CREATE INDEX events_plover_date ON events (plover_type, event_date DESC, id DESC);
CREATE INDEX events_geom ON events USING GIST (geom);
CREATE INDEX events_location ON events (lower(location) text_pattern_ops);

CREATE TABLE reports (
    id TEXT COLLATE "C" PRIMARY KEY,
    seq BIGSERIAL,
    event_id TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    family TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    day_lo BIGINT,
    day_hi BIGINT,
    features TEXT,
    link TEXT
);
CREATE INDEX reports_event ON reports (event_id);
CREATE INDEX reports_article ON reports (article_id);
CREATE INDEX reports_candidates ON reports (family, country, day_lo) WHERE features IS NOT NULL;

CREATE TABLE event_actors (
    event_id TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    actor_key TEXT COLLATE "C" NOT NULL,
    actor_id TEXT,
    name TEXT COLLATE "C" NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (event_id, actor_key, role)
);
CREATE INDEX event_actors_key ON event_actors (actor_key);

-- Articles waiting for a worker (`khaldun ingest --enqueue`). A worker
-- claims rows with FOR UPDATE SKIP LOCKED inside the transaction that stores
-- their events and marks them done: a worker that dies rolls back, and the
-- rows are claimable again at once.
CREATE TABLE queue (
    id BIGSERIAL PRIMARY KEY,
    article_id TEXT NOT NULL,
    article TEXT NOT NULL,
    enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at TIMESTAMPTZ,
    done_by TEXT,
    -- why the pipeline could not annotate it (the row is done all the same)
    error TEXT
);
CREATE INDEX queue_pending ON queue (id) WHERE done_at IS NULL;
