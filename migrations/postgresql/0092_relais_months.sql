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
);

INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
SELECT trame_paris_month(s.starts_at), f.organisation_id, SUM(f.used_places), SUM(f.bookings), SUM(f.no_shows)
FROM outing_slot_figures f JOIN outing_slots s ON s.id = f.slot_id
GROUP BY trame_paris_month(s.starts_at), f.organisation_id;

CREATE FUNCTION outing_relais_months_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
IF TG_OP IN ('UPDATE', 'DELETE') THEN
INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
  SELECT trame_paris_month(s.starts_at), OLD.organisation_id, -OLD.used_places, -OLD.bookings, -OLD.no_shows FROM outing_slots s WHERE s.id = OLD.slot_id
  ON CONFLICT (month, organisation_id) DO UPDATE SET used_places = outing_relais_months.used_places + excluded.used_places, bookings = outing_relais_months.bookings + excluded.bookings, no_shows = outing_relais_months.no_shows + excluded.no_shows;
END IF;
IF TG_OP IN ('UPDATE', 'INSERT') THEN
INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
  SELECT trame_paris_month(s.starts_at), NEW.organisation_id, NEW.used_places, NEW.bookings, NEW.no_shows FROM outing_slots s WHERE s.id = NEW.slot_id
  ON CONFLICT (month, organisation_id) DO UPDATE SET used_places = outing_relais_months.used_places + excluded.used_places, bookings = outing_relais_months.bookings + excluded.bookings, no_shows = outing_relais_months.no_shows + excluded.no_shows;
END IF;
RETURN NULL;
END;
$$;
CREATE TRIGGER outing_relais_months_insert AFTER INSERT ON outing_slot_figures FOR EACH ROW
  WHEN (NEW.used_places <> 0 OR NEW.bookings <> 0 OR NEW.no_shows <> 0) EXECUTE FUNCTION outing_relais_months_figures();
CREATE TRIGGER outing_relais_months_update AFTER UPDATE OF used_places, bookings, no_shows ON outing_slot_figures FOR EACH ROW
  WHEN (NEW.used_places <> OLD.used_places OR NEW.bookings <> OLD.bookings OR NEW.no_shows <> OLD.no_shows)
  EXECUTE FUNCTION outing_relais_months_figures();
CREATE TRIGGER outing_relais_months_delete AFTER DELETE ON outing_slot_figures FOR EACH ROW
  WHEN (OLD.used_places <> 0 OR OLD.bookings <> 0 OR OLD.no_shows <> 0) EXECUTE FUNCTION outing_relais_months_figures();
CREATE FUNCTION outing_relais_months_slots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
  SELECT trame_paris_month(OLD.starts_at), f.organisation_id, -f.used_places, -f.bookings, -f.no_shows FROM outing_slot_figures f WHERE f.slot_id = OLD.id
  ON CONFLICT (month, organisation_id) DO UPDATE SET used_places = outing_relais_months.used_places + excluded.used_places, bookings = outing_relais_months.bookings + excluded.bookings, no_shows = outing_relais_months.no_shows + excluded.no_shows;
INSERT INTO outing_relais_months (month, organisation_id, used_places, bookings, no_shows)
  SELECT trame_paris_month(NEW.starts_at), f.organisation_id, f.used_places, f.bookings, f.no_shows FROM outing_slot_figures f WHERE f.slot_id = NEW.id
  ON CONFLICT (month, organisation_id) DO UPDATE SET used_places = outing_relais_months.used_places + excluded.used_places, bookings = outing_relais_months.bookings + excluded.bookings, no_shows = outing_relais_months.no_shows + excluded.no_shows;
RETURN NULL;
END;
$$;
CREATE TRIGGER outing_relais_months_slot AFTER UPDATE OF starts_at ON outing_slots FOR EACH ROW
  WHEN (trame_paris_month(OLD.starts_at) <> trame_paris_month(NEW.starts_at)) EXECUTE FUNCTION outing_relais_months_slots();
