-- Khaldun store, schema version 3.
-- Daily event counts, kept by triggers, so that timelines read a few
-- thousand rows instead of scanning every event: globally, per country and
-- per actor. Only unflagged events with a date count (as in timelines).
CREATE TABLE event_counts (
    day TEXT NOT NULL, acled_type TEXT NOT NULL, plover_type TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (day, acled_type, plover_type)
) WITHOUT ROWID;
CREATE TABLE event_counts_country (
    country TEXT NOT NULL, day TEXT NOT NULL, acled_type TEXT NOT NULL, plover_type TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (country, day, acled_type, plover_type)
) WITHOUT ROWID;
CREATE TABLE event_counts_actor (
    actor_key TEXT NOT NULL, day TEXT NOT NULL, acled_type TEXT NOT NULL, plover_type TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (actor_key, day, acled_type, plover_type)
) WITHOUT ROWID;

INSERT INTO event_counts
    SELECT event_date, acled_type, plover_type, COUNT(*) FROM events
    WHERE hypothetical = 0 AND historical = 0 AND event_date != '' GROUP BY 1, 2, 3;
INSERT INTO event_counts_country
    SELECT COALESCE(country, ''), event_date, acled_type, plover_type, COUNT(*) FROM events
    WHERE hypothetical = 0 AND historical = 0 AND event_date != '' GROUP BY 1, 2, 3, 4;
INSERT INTO event_counts_actor
    SELECT ea.actor_key, e.event_date, e.acled_type, e.plover_type, COUNT(DISTINCT e.id)
    FROM event_actors ea JOIN events e ON e.id = ea.event_id
    WHERE e.hypothetical = 0 AND e.historical = 0 AND e.event_date != '' GROUP BY 1, 2, 3, 4;

CREATE TRIGGER event_counts_ins AFTER INSERT ON events
WHEN new.hypothetical = 0 AND new.historical = 0 AND new.event_date != '' BEGIN
    INSERT INTO event_counts VALUES (new.event_date, new.acled_type, new.plover_type, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO event_counts_country
        VALUES (COALESCE(new.country, ''), new.event_date, new.acled_type, new.plover_type, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER event_counts_del AFTER DELETE ON events
WHEN old.hypothetical = 0 AND old.historical = 0 AND old.event_date != '' BEGIN
    UPDATE event_counts SET n = n - 1
        WHERE day = old.event_date AND acled_type = old.acled_type AND plover_type = old.plover_type;
    UPDATE event_counts_country SET n = n - 1
        WHERE country = COALESCE(old.country, '') AND day = old.event_date
          AND acled_type = old.acled_type AND plover_type = old.plover_type;
END;

CREATE TRIGGER event_counts_upd_old AFTER UPDATE OF event_date, acled_type, plover_type, country, hypothetical, historical ON events
WHEN old.hypothetical = 0 AND old.historical = 0 AND old.event_date != '' BEGIN
    UPDATE event_counts SET n = n - 1
        WHERE day = old.event_date AND acled_type = old.acled_type AND plover_type = old.plover_type;
    UPDATE event_counts_country SET n = n - 1
        WHERE country = COALESCE(old.country, '') AND day = old.event_date
          AND acled_type = old.acled_type AND plover_type = old.plover_type;
END;

CREATE TRIGGER event_counts_upd_new AFTER UPDATE OF event_date, acled_type, plover_type, country, hypothetical, historical ON events
WHEN new.hypothetical = 0 AND new.historical = 0 AND new.event_date != '' BEGIN
    INSERT INTO event_counts VALUES (new.event_date, new.acled_type, new.plover_type, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO event_counts_country
        VALUES (COALESCE(new.country, ''), new.event_date, new.acled_type, new.plover_type, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- An actor counts once per event, whatever roles it plays in it. The store
-- deletes an event's actor rows before it changes the event and inserts them
-- after, so these triggers see the event's current date and type.
CREATE TRIGGER event_counts_actor_ins AFTER INSERT ON event_actors
WHEN NOT EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = new.event_id
                 AND x.actor_key = new.actor_key AND x.role != new.role) BEGIN
    INSERT INTO event_counts_actor
        SELECT new.actor_key, e.event_date, e.acled_type, e.plover_type, 1 FROM events e
        WHERE e.id = new.event_id AND e.hypothetical = 0 AND e.historical = 0 AND e.event_date != ''
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER event_counts_actor_del AFTER DELETE ON event_actors
WHEN NOT EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = old.event_id
                 AND x.actor_key = old.actor_key) BEGIN
    UPDATE event_counts_actor SET n = n - 1
        WHERE actor_key = old.actor_key
          AND (day, acled_type, plover_type) IN (
              SELECT event_date, acled_type, plover_type FROM events e
              WHERE e.id = old.event_id AND e.hypothetical = 0 AND e.historical = 0 AND e.event_date != '');
END;
