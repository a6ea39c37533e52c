-- Issue 22 (session 19, docs/decisions.md « the last slow pages »): /rapports for a period not made of whole
-- months. The whole months come from outing_relais_months (0092); the days around them summed every slot's
-- figures (outing_slot_figures joined to the days' slots): about 1,000 slots × 17 figure rows for two weeks,
-- each slot's rows read through the figures' key, scattered in the table (80–150 ms a statement on
-- PostgreSQL at national size, four statements a page). The same figures per hour of the slot's start
-- (UTC hours: a Paris midnight is always a whole UTC hour, so every period's bounds fall between two hours
-- and the sums are exact without any time zone rule) and relais, kept exact at write time by the same
-- triggers as 0092's months, read as one range of the key.
--   hour          starts_at / 3600 of the slot (the slot's start, whole hours since 1970 UTC)
--   used_places, bookings, no_shows: as outing_relais_months (0092)
-- The migration fills it from outing_slot_figures, in the key's order (a period's rows then lie together).
-- Rows are never deleted (a figure back to 0 stays).
CREATE TABLE outing_relais_hours (
  hour BIGINT NOT NULL,             -- starts_at / 3600 of the slot
  organisation_id BIGINT NOT NULL,  -- the relais (bookings.organisation_id)
  used_places BIGINT NOT NULL DEFAULT 0,
  bookings BIGINT NOT NULL DEFAULT 0,
  no_shows BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, organisation_id)
);

INSERT INTO outing_relais_hours (hour, organisation_id, used_places, bookings, no_shows)
SELECT s.starts_at / 3600, f.organisation_id, SUM(f.used_places), SUM(f.bookings), SUM(f.no_shows)
FROM outing_slot_figures f JOIN outing_slots s ON s.id = f.slot_id
GROUP BY s.starts_at / 3600, f.organisation_id
ORDER BY s.starts_at / 3600, f.organisation_id;

CREATE FUNCTION outing_relais_hours_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
IF TG_OP IN ('UPDATE', 'DELETE') THEN
INSERT INTO outing_relais_hours (hour, organisation_id, used_places, bookings, no_shows)
  SELECT s.starts_at / 3600, OLD.organisation_id, -OLD.used_places, -OLD.bookings, -OLD.no_shows FROM outing_slots s WHERE s.id = OLD.slot_id
  ON CONFLICT (hour, organisation_id) DO UPDATE SET used_places = outing_relais_hours.used_places + excluded.used_places, bookings = outing_relais_hours.bookings + excluded.bookings, no_shows = outing_relais_hours.no_shows + excluded.no_shows;
END IF;
IF TG_OP IN ('UPDATE', 'INSERT') THEN
INSERT INTO outing_relais_hours (hour, organisation_id, used_places, bookings, no_shows)
  SELECT s.starts_at / 3600, NEW.organisation_id, NEW.used_places, NEW.bookings, NEW.no_shows FROM outing_slots s WHERE s.id = NEW.slot_id
  ON CONFLICT (hour, organisation_id) DO UPDATE SET used_places = outing_relais_hours.used_places + excluded.used_places, bookings = outing_relais_hours.bookings + excluded.bookings, no_shows = outing_relais_hours.no_shows + excluded.no_shows;
END IF;
RETURN NULL;
END;
$$;
CREATE TRIGGER outing_relais_hours_insert AFTER INSERT ON outing_slot_figures FOR EACH ROW
  WHEN (NEW.used_places <> 0 OR NEW.bookings <> 0 OR NEW.no_shows <> 0) EXECUTE FUNCTION outing_relais_hours_figures();
CREATE TRIGGER outing_relais_hours_update AFTER UPDATE OF used_places, bookings, no_shows ON outing_slot_figures FOR EACH ROW
  WHEN (NEW.used_places <> OLD.used_places OR NEW.bookings <> OLD.bookings OR NEW.no_shows <> OLD.no_shows)
  EXECUTE FUNCTION outing_relais_hours_figures();
CREATE TRIGGER outing_relais_hours_delete AFTER DELETE ON outing_slot_figures FOR EACH ROW
  WHEN (OLD.used_places <> 0 OR OLD.bookings <> 0 OR OLD.no_shows <> 0) EXECUTE FUNCTION outing_relais_hours_figures();
CREATE FUNCTION outing_relais_hours_slots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
INSERT INTO outing_relais_hours (hour, organisation_id, used_places, bookings, no_shows)
  SELECT OLD.starts_at / 3600, f.organisation_id, -f.used_places, -f.bookings, -f.no_shows FROM outing_slot_figures f WHERE f.slot_id = OLD.id
  ON CONFLICT (hour, organisation_id) DO UPDATE SET used_places = outing_relais_hours.used_places + excluded.used_places, bookings = outing_relais_hours.bookings + excluded.bookings, no_shows = outing_relais_hours.no_shows + excluded.no_shows;
INSERT INTO outing_relais_hours (hour, organisation_id, used_places, bookings, no_shows)
  SELECT NEW.starts_at / 3600, f.organisation_id, f.used_places, f.bookings, f.no_shows FROM outing_slot_figures f WHERE f.slot_id = NEW.id
  ON CONFLICT (hour, organisation_id) DO UPDATE SET used_places = outing_relais_hours.used_places + excluded.used_places, bookings = outing_relais_hours.bookings + excluded.bookings, no_shows = outing_relais_hours.no_shows + excluded.no_shows;
RETURN NULL;
END;
$$;
CREATE TRIGGER outing_relais_hours_slot AFTER UPDATE OF starts_at ON outing_slots FOR EACH ROW
  WHEN (OLD.starts_at / 3600 <> NEW.starts_at / 3600) EXECUTE FUNCTION outing_relais_hours_slots();
