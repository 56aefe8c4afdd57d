-- Khaldun store, schema version 5: state of `khaldun watch` (issue 12), so
-- that a restart fetches nothing twice and a kill loses nothing. Times are
-- Unix seconds (UTC).
-- watch_feeds: one row per polled feed: HTTP validators for conditional GETs,
-- the last poll's outcome and when to poll next (later after failures).
CREATE TABLE watch_feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    last_poll INTEGER,
    last_success INTEGER,
    last_status TEXT,
    last_error TEXT,
    consecutive_errors INTEGER NOT NULL DEFAULT 0,
    next_poll INTEGER,
    items_seen INTEGER NOT NULL DEFAULT 0,
    articles_stored INTEGER NOT NULL DEFAULT 0
);
-- watch_items: feed items already handled (stored, or given up on), by the
-- item's id (guid) within its feed; url is the item's link.
CREATE TABLE watch_items (
    feed_url TEXT NOT NULL,
    item_key TEXT NOT NULL,
    url TEXT,
    article_id TEXT,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (feed_url, item_key)
);
CREATE INDEX watch_items_url ON watch_items(url);
-- watch_files: files of a watched folder already ingested, with the size and
-- modification time they had (a file changed later is read again).
CREATE TABLE watch_files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    ingested_at INTEGER NOT NULL
);
-- alerts: saved event filters; a NULL column matches anything.
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    country TEXT,
    event_type TEXT,
    min_killed INTEGER,
    webhook TEXT,
    created INTEGER NOT NULL
);
-- alert_matches: each event matches an alert once; delivered says whether
-- the webhook accepted it (NULL: no webhook).
CREATE TABLE alert_matches (
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    matched_at INTEGER NOT NULL,
    summary TEXT NOT NULL,
    delivered INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    PRIMARY KEY (alert_id, event_id)
);
CREATE INDEX alert_matches_time ON alert_matches(matched_at DESC);
