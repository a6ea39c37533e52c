-- Issue 22 (session 18): /rapports at national size. The outings' figures per Paris month and relais, kept
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
