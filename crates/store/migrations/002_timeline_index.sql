-- Khaldun store, schema version 2.
-- Timeline counts (`GROUP BY event_date, acled_type` over unflagged events)
-- read this covering index instead of the events table with its JSON column:
-- 1.6 s -> about 0.25 s for a day-by-type count over 1,000,000 synthetic events.
CREATE INDEX events_timeline ON events(event_date, acled_type, country, plover_type, status)
    WHERE hypothetical = 0 AND historical = 0;
