-- Khaldun store, schema version 4: indexed candidate finding for
-- cross-article deduplication (issue 11). Each report keeps what comparison
-- needs (`features`, JSON: see `dedup::Features`) and the columns of the
-- candidate index: type family, country (the place's, else the article's)
-- and the date window in days since 1970-01-01. A report's candidates are
-- the reports of the same family and country whose windows meet its own:
-- one range scan of `reports_candidates`, whatever the store's size.
-- `link` records why the report joined its event (the best-scoring link).
-- Reports stored before this version have no features and stay alone.
ALTER TABLE reports ADD COLUMN family TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN day_lo INTEGER;
ALTER TABLE reports ADD COLUMN day_hi INTEGER;
ALTER TABLE reports ADD COLUMN features TEXT;
ALTER TABLE reports ADD COLUMN link TEXT;
CREATE INDEX reports_candidates ON reports(family, country, day_lo) WHERE features IS NOT NULL;
