-- Schema version 2: the SQLite store's per-filter date indexes that 001
-- lacked (a sub-event-type page scanned every event: 60 ms at 100k events).
CREATE INDEX events_sub_date ON events (lower(acled_sub_type), event_date DESC, id DESC);
CREATE INDEX events_status_date ON events (status, event_date DESC, id DESC);
