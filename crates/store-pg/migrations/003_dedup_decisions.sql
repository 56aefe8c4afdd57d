-- Khaldun PostgreSQL store, schema version 3: hand decisions on deduplication
-- (`khaldun events split|merge`, issue 11). A row says two reports are one
-- event (`merge`) or never one event (`split`); `a < b`. Clustering reads
-- them whenever it forms an event again (a new report, a changed or
-- re-ingested article), so a decision outlives re-clustering. Rows stay
-- when an article is removed: its reports keep their ids when it returns.
CREATE TABLE dedup_decisions (
    a TEXT COLLATE "C" NOT NULL,
    b TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    made TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX dedup_decisions_b ON dedup_decisions (b);
