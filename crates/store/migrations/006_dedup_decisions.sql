-- Khaldun store, schema version 6: hand decisions on deduplication and a
-- candidate index with the window's last day (issue 11). Hand decisions
-- (`khaldun events split|merge`): a row says two reports are one
-- event (`merge`) or never one event (`split`); `a < b`. Clustering reads
-- them whenever it forms an event again (a new report, a changed or
-- re-ingested article), so a decision outlives re-clustering. Rows stay
-- when an article is removed: its reports keep their ids when it returns.
CREATE TABLE dedup_decisions (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    made TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX dedup_decisions_b ON dedup_decisions (b);

-- The candidate index also holds the window's last day, so a look-up skips
-- the reports whose window ended before the new one begins without reading
-- them (a look-up reads a month of window starts: every month-precision
-- window that could still overlap).
DROP INDEX reports_candidates;
CREATE INDEX reports_candidates ON reports(family, country, day_lo, day_hi) WHERE features IS NOT NULL;
-- A report of unknown country looks in every country: by family and window
-- alone (with the index above it would read the family's whole range).
CREATE INDEX reports_window ON reports(family, day_lo, day_hi) WHERE features IS NOT NULL;
