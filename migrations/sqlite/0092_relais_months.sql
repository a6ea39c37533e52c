-- Issue 22 (session 18): /rapports and the open data at national size (outing_commune_figures: below). The outings' figures per Paris month and relais, kept
-- exact at write time by triggers on outing_slot_figures (migration 0069: every booking path already lands
-- there) and on outing_slots (a slot moved to another month), so that a coordinator's year (3,300 relais, a
-- third of the figures) reads 12 rows per relais instead of every slot's figures. /rapports reads the whole
-- months of a period here and the days around them from outing_slot_figures (as migration 0081's tables).
-- Months: the Paris month of the slot's start, the same expression as migration 0081.
--   used_places   places of used bookings (a group counts its headcount): outing_slot_figures.used_places
--   bookings      confirmed, used and no-show bookings: outing_slot_figures.bookings
--   no_shows      no-show bookings: outing_slot_figures.no_shows
-- The migration fills it from outing_slot_figures. Rows are never deleted (a figure back to 0 stays).
CREATE TABLE outing_relais_months (
  month INTEGER NOT NULL,           -- YYYYMM (Paris) of the slot
  organisation_id BIGINT NOT NULL,  -- the relais (bookings.organisation_id)
  used_places BIGINT NOT NULL DEFAULT 0,
  bookings BIGINT NOT NULL DEFAULT 0,
  no_shows BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, organisation_id)
) WITHOUT ROWID;

INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), f.organisation_id, SUM(f.used_places), SUM(f.bookings), SUM(f.no_shows)
FROM outing_slot_figures f JOIN outing_slots s ON s.id = f.slot_id
GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), f.organisation_id;

CREATE TRIGGER outing_relais_months_insert AFTER INSERT ON outing_slot_figures
  WHEN new.used_places <> 0 OR new.bookings <> 0 OR new.no_shows <> 0
BEGIN
INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), new.organisation_id, new.used_places, new.bookings, new.no_shows FROM outing_slots s WHERE s.id = new.slot_id
  ON CONFLICT (month, organisation_id) DO UPDATE SET used_places = outing_relais_months.used_places + excluded.used_places, bookings = outing_relais_months.bookings + excluded.bookings, no_shows = outing_relais_months.no_shows + excluded.no_shows;
END;
CREATE TRIGGER outing_relais_months_update AFTER UPDATE OF used_places, bookings, no_shows ON outing_slot_figures
  WHEN new.used_places <> old.used_places OR new.bookings <> old.bookings OR new.no_shows <> old.no_shows
BEGIN
INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), new.organisation_id, new.used_places - old.used_places, new.bookings - old.bookings, new.no_shows - old.no_shows FROM outing_slots s WHERE s.id = new.slot_id
  ON CONFLICT (month, organisation_id) DO UPDATE SET used_places = outing_relais_months.used_places + excluded.used_places, bookings = outing_relais_months.bookings + excluded.bookings, no_shows = outing_relais_months.no_shows + excluded.no_shows;
END;
CREATE TRIGGER outing_relais_months_delete AFTER DELETE ON outing_slot_figures
  WHEN old.used_places <> 0 OR old.bookings <> 0 OR old.no_shows <> 0
BEGIN
INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), old.organisation_id, -old.used_places, -old.bookings, -old.no_shows FROM outing_slots s WHERE s.id = old.slot_id
  ON CONFLICT (month, organisation_id) DO UPDATE SET used_places = outing_relais_months.used_places + excluded.used_places, bookings = outing_relais_months.bookings + excluded.bookings, no_shows = outing_relais_months.no_shows + excluded.no_shows;
END;
CREATE TRIGGER outing_relais_months_slot AFTER UPDATE OF starts_at ON outing_slots
  WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) <> (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END)
BEGIN
INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
  SELECT (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END), f.organisation_id, -f.used_places, -f.bookings, -f.no_shows FROM outing_slot_figures f WHERE f.slot_id = old.id
  ON CONFLICT (month, organisation_id) DO UPDATE SET used_places = outing_relais_months.used_places + excluded.used_places, bookings = outing_relais_months.bookings + excluded.bookings, no_shows = outing_relais_months.no_shows + excluded.no_shows;
INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
  SELECT (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END), f.organisation_id, f.used_places, f.bookings, f.no_shows FROM outing_slot_figures f WHERE f.slot_id = new.id
  ON CONFLICT (month, organisation_id) DO UPDATE SET used_places = outing_relais_months.used_places + excluded.used_places, bookings = outing_relais_months.bookings + excluded.bookings, no_shows = outing_relais_months.no_shows + excluded.no_shows;
END;

-- The open data (/donnees-ouvertes/sorties-par-commune.csv): places and bookings used per Paris month and
-- commune of the venue, the sums of outing_slot_figures' used_places and used_bookings over the slots of the
-- venues there (the people per month and commune are outing_commune_months', migration 0081). Kept by triggers
-- on outing_slot_figures, outing_slots (a slot moved to another month or offer), outing_offers (another venue)
-- and organisations (a venue's commune); filled from outing_slot_figures. The CSV read every slot's figures.
CREATE TABLE outing_commune_figures (
  month INTEGER NOT NULL,        -- YYYYMM (Paris) of the slot
  commune_code TEXT NOT NULL,    -- the venue's commune (organisations.commune_code of outing_offers.venue_id)
  places BIGINT NOT NULL DEFAULT 0,    -- used places (outing_slot_figures.used_places)
  bookings BIGINT NOT NULL DEFAULT 0,  -- used bookings (outing_slot_figures.used_bookings)
  PRIMARY KEY (month, commune_code)
) WITHOUT ROWID;

INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, SUM(f.used_places), SUM(f.used_bookings)
FROM outing_slot_figures f JOIN outing_slots s ON s.id = f.slot_id JOIN outing_offers o ON o.id = s.offer_id
JOIN organisations v ON v.id = o.venue_id WHERE v.commune_code IS NOT NULL
GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code;

CREATE TRIGGER outing_commune_figures_insert AFTER INSERT ON outing_slot_figures
  WHEN new.used_places <> 0 OR new.used_bookings <> 0
BEGIN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, new.used_places, new.used_bookings FROM outing_slots s
  JOIN outing_offers o ON o.id = s.offer_id JOIN organisations v ON v.id = o.venue_id WHERE s.id = new.slot_id AND v.commune_code IS NOT NULL
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_commune_figures_update AFTER UPDATE OF used_places, used_bookings ON outing_slot_figures
  WHEN new.used_places <> old.used_places OR new.used_bookings <> old.used_bookings
BEGIN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, new.used_places - old.used_places, new.used_bookings - old.used_bookings FROM outing_slots s
  JOIN outing_offers o ON o.id = s.offer_id JOIN organisations v ON v.id = o.venue_id WHERE s.id = new.slot_id AND v.commune_code IS NOT NULL
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_commune_figures_delete AFTER DELETE ON outing_slot_figures
  WHEN old.used_places <> 0 OR old.used_bookings <> 0
BEGIN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, -old.used_places, -old.used_bookings FROM outing_slots s
  JOIN outing_offers o ON o.id = s.offer_id JOIN organisations v ON v.id = o.venue_id WHERE s.id = old.slot_id AND v.commune_code IS NOT NULL
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_commune_figures_slot AFTER UPDATE OF starts_at, offer_id ON outing_slots
  WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) <> (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) OR old.offer_id <> new.offer_id
BEGIN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, -SUM(f.used_places), -SUM(f.used_bookings) FROM outing_slot_figures f
  JOIN outing_offers o ON o.id = old.offer_id JOIN organisations v ON v.id = o.venue_id WHERE f.slot_id = old.id AND v.commune_code IS NOT NULL
  GROUP BY v.commune_code
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, SUM(f.used_places), SUM(f.used_bookings) FROM outing_slot_figures f
  JOIN outing_offers o ON o.id = new.offer_id JOIN organisations v ON v.id = o.venue_id WHERE f.slot_id = new.id AND v.commune_code IS NOT NULL
  GROUP BY v.commune_code
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_commune_figures_offer AFTER UPDATE OF venue_id ON outing_offers WHEN old.venue_id <> new.venue_id
BEGIN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, -SUM(f.used_places), -SUM(f.used_bookings) FROM outing_slots s
  JOIN outing_slot_figures f ON f.slot_id = s.id JOIN organisations v ON v.id = old.venue_id WHERE s.offer_id = old.id AND v.commune_code IS NOT NULL
  GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, SUM(f.used_places), SUM(f.used_bookings) FROM outing_slots s
  JOIN outing_slot_figures f ON f.slot_id = s.id JOIN organisations v ON v.id = new.venue_id WHERE s.offer_id = new.id AND v.commune_code IS NOT NULL
  GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_commune_figures_venue AFTER UPDATE OF commune_code ON organisations WHEN old.commune_code IS NOT new.commune_code
BEGIN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), old.commune_code, -SUM(f.used_places), -SUM(f.used_bookings) FROM outing_offers o
  JOIN outing_slots s ON s.offer_id = o.id JOIN outing_slot_figures f ON f.slot_id = s.id WHERE o.venue_id = old.id AND old.commune_code IS NOT NULL
  GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END)
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), new.commune_code, SUM(f.used_places), SUM(f.used_bookings) FROM outing_offers o
  JOIN outing_slots s ON s.offer_id = o.id JOIN outing_slot_figures f ON f.slot_id = s.id WHERE o.venue_id = new.id AND new.commune_code IS NOT NULL
  GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END)
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
END;
