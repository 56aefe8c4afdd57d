-- Khaldun store, schema version 1.
-- articles: one row per article (stable id); its annotations as JSON.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source_id TEXT,
    url TEXT,
    publisher TEXT,
    section TEXT,
    title TEXT,
    byline TEXT,
    published TEXT,
    retrieved TEXT,
    language TEXT,
    format TEXT,
    origin TEXT,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    -- the Article without its text, as JSON (authors, provenance chain, keywords...)
    meta TEXT NOT NULL,
    -- sentences, timexes, places, actors as JSON
    annotations TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

-- events: one row per real-world event, merged from the reports of every
-- article that tells it. Columns for filtering; `data` holds the merged Event.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    dedup_key TEXT NOT NULL,
    event_date TEXT,
    time_precision INTEGER,
    plover_type TEXT NOT NULL,
    plover_mode TEXT,
    acled_type TEXT NOT NULL,
    acled_sub_type TEXT NOT NULL,
    cameo_root TEXT,
    goldstein REAL,
    actor1 TEXT,
    actor1_id TEXT,
    inter1 INTEGER,
    actor2 TEXT,
    actor2_id TEXT,
    inter2 INTEGER,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    location TEXT,
    geonameid INTEGER,
    lat REAL,
    lon REAL,
    geo_precision INTEGER,
    killed INTEGER,
    injured INTEGER,
    abducted INTEGER,
    arrested INTEGER,
    status TEXT NOT NULL,
    claimant TEXT,
    denied_by TEXT,
    -- 1 when every report is hypothetical / historical background
    hypothetical INTEGER NOT NULL DEFAULT 0,
    historical INTEGER NOT NULL DEFAULT 0,
    n_reports INTEGER NOT NULL DEFAULT 0,
    n_sources INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX events_dedup ON events(dedup_key);
CREATE INDEX events_date ON events(event_date DESC, id DESC);
CREATE INDEX events_country_date ON events(country, event_date DESC, id DESC);
CREATE INDEX events_sub_date ON events(acled_sub_type, event_date DESC, id DESC);
CREATE INDEX events_plover_date ON events(plover_type, event_date DESC, id DESC);
CREATE INDEX events_status_date ON events(status, event_date DESC, id DESC);

-- reports: one event as told by one article (the pipeline's Event, as JSON).
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    data TEXT NOT NULL
);
CREATE INDEX reports_event ON reports(event_id);
CREATE INDEX reports_article ON reports(article_id);

-- actors taking part in an event, for actor filters and pages.
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor_key TEXT NOT NULL,
    actor_id TEXT,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (event_id, actor_key, role)
);
CREATE INDEX event_actors_key ON event_actors(actor_key);

-- spatial index over event coordinates (id = events.rowid).
CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
