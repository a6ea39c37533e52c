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
);

INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
SELECT trame_paris_month(s.starts_at), v.commune_code, SUM(f.used_places), SUM(f.used_bookings)
FROM outing_slot_figures f JOIN outing_slots s ON s.id = f.slot_id JOIN outing_offers o ON o.id = s.offer_id
JOIN organisations v ON v.id = o.venue_id WHERE v.commune_code IS NOT NULL
GROUP BY trame_paris_month(s.starts_at), v.commune_code;

CREATE FUNCTION outing_commune_figures_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
IF TG_OP IN ('UPDATE', 'DELETE') THEN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT trame_paris_month(s.starts_at), v.commune_code, -OLD.used_places, -OLD.used_bookings FROM outing_slots s
  JOIN outing_offers o ON o.id = s.offer_id JOIN organisations v ON v.id = o.venue_id WHERE s.id = OLD.slot_id AND v.commune_code IS NOT NULL
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
END IF;
IF TG_OP IN ('UPDATE', 'INSERT') THEN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT trame_paris_month(s.starts_at), v.commune_code, NEW.used_places, NEW.used_bookings FROM outing_slots s
  JOIN outing_offers o ON o.id = s.offer_id JOIN organisations v ON v.id = o.venue_id WHERE s.id = NEW.slot_id AND v.commune_code IS NOT NULL
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
END IF;
RETURN NULL;
END;
$$;
CREATE TRIGGER outing_commune_figures_insert AFTER INSERT ON outing_slot_figures FOR EACH ROW
  WHEN (NEW.used_places <> 0 OR NEW.used_bookings <> 0) EXECUTE FUNCTION outing_commune_figures_figures();
CREATE TRIGGER outing_commune_figures_update AFTER UPDATE OF used_places, used_bookings ON outing_slot_figures FOR EACH ROW
  WHEN (NEW.used_places <> OLD.used_places OR NEW.used_bookings <> OLD.used_bookings) EXECUTE FUNCTION outing_commune_figures_figures();
CREATE TRIGGER outing_commune_figures_delete AFTER DELETE ON outing_slot_figures FOR EACH ROW
  WHEN (OLD.used_places <> 0 OR OLD.used_bookings <> 0) EXECUTE FUNCTION outing_commune_figures_figures();
CREATE FUNCTION outing_commune_figures_slots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT trame_paris_month(OLD.starts_at), v.commune_code, -SUM(f.used_places), -SUM(f.used_bookings) FROM outing_slot_figures f
  JOIN outing_offers o ON o.id = OLD.offer_id JOIN organisations v ON v.id = o.venue_id WHERE f.slot_id = OLD.id AND v.commune_code IS NOT NULL
  GROUP BY v.commune_code
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT trame_paris_month(NEW.starts_at), v.commune_code, SUM(f.used_places), SUM(f.used_bookings) FROM outing_slot_figures f
  JOIN outing_offers o ON o.id = NEW.offer_id JOIN organisations v ON v.id = o.venue_id WHERE f.slot_id = NEW.id AND v.commune_code IS NOT NULL
  GROUP BY v.commune_code
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
RETURN NULL;
END;
$$;
CREATE TRIGGER outing_commune_figures_slot AFTER UPDATE OF starts_at, offer_id ON outing_slots FOR EACH ROW
  WHEN (trame_paris_month(OLD.starts_at) <> trame_paris_month(NEW.starts_at) OR OLD.offer_id <> NEW.offer_id) EXECUTE FUNCTION outing_commune_figures_slots();
CREATE FUNCTION outing_commune_figures_offers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT trame_paris_month(s.starts_at), v.commune_code, -SUM(f.used_places), -SUM(f.used_bookings) FROM outing_slots s
  JOIN outing_slot_figures f ON f.slot_id = s.id JOIN organisations v ON v.id = OLD.venue_id WHERE s.offer_id = OLD.id AND v.commune_code IS NOT NULL
  GROUP BY trame_paris_month(s.starts_at), v.commune_code
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT trame_paris_month(s.starts_at), v.commune_code, SUM(f.used_places), SUM(f.used_bookings) FROM outing_slots s
  JOIN outing_slot_figures f ON f.slot_id = s.id JOIN organisations v ON v.id = NEW.venue_id WHERE s.offer_id = NEW.id AND v.commune_code IS NOT NULL
  GROUP BY trame_paris_month(s.starts_at), v.commune_code
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
RETURN NULL;
END;
$$;
CREATE TRIGGER outing_commune_figures_offer AFTER UPDATE OF venue_id ON outing_offers FOR EACH ROW
  WHEN (OLD.venue_id <> NEW.venue_id) EXECUTE FUNCTION outing_commune_figures_offers();
CREATE FUNCTION outing_commune_figures_venues() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT trame_paris_month(s.starts_at), OLD.commune_code, -SUM(f.used_places), -SUM(f.used_bookings) FROM outing_offers o
  JOIN outing_slots s ON s.offer_id = o.id JOIN outing_slot_figures f ON f.slot_id = s.id WHERE o.venue_id = OLD.id AND OLD.commune_code IS NOT NULL
  GROUP BY trame_paris_month(s.starts_at)
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
INSERT INTO outing_commune_figures (month, commune_code, places, bookings)
  SELECT trame_paris_month(s.starts_at), NEW.commune_code, SUM(f.used_places), SUM(f.used_bookings) FROM outing_offers o
  JOIN outing_slots s ON s.offer_id = o.id JOIN outing_slot_figures f ON f.slot_id = s.id WHERE o.venue_id = NEW.id AND NEW.commune_code IS NOT NULL
  GROUP BY trame_paris_month(s.starts_at)
  ON CONFLICT (month, commune_code) DO UPDATE SET places = outing_commune_figures.places + excluded.places, bookings = outing_commune_figures.bookings + excluded.bookings;
RETURN NULL;
END;
$$;
CREATE TRIGGER outing_commune_figures_venue AFTER UPDATE OF commune_code ON organisations FOR EACH ROW
  WHEN (OLD.commune_code IS DISTINCT FROM NEW.commune_code) EXECUTE FUNCTION outing_commune_figures_venues();
