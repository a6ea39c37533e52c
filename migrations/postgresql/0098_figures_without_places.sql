-- Issue 22 (session 25, docs/decisions.md « a booking that holds no place writes no figures »): a booking that
-- holds no place (requested, waiting, cancelled) adds nothing to outing_slot_figures (migration 0069): every column
-- counts offered, confirmed, used or no-show bookings. Its triggers still upserted a row of zeros for each such
-- booking — on the bench's burst, three bookings in four join the waiting list — and every upsert writes a new row
-- version and has the figures' own triggers checked: a waiting booking's INSERT took 0.16–0.25 ms in psql (median
-- of 64 per slot, six slots), 0.09–0.14 ms with this migration.
-- Now a booking written, changed or deleted while holding no place, before and after, runs no upsert: only the row
-- of its slot and relais is made to exist (INSERT … DO NOTHING, as the upsert of zeros did) when the booking is new
-- or has moved to another slot or relais. The figures, and which rows exist, are unchanged. (SQLite keeps its
-- triggers: see its 0098.)
CREATE OR REPLACE FUNCTION outing_slot_figures_bookings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('offered','confirmed','used','no_show') THEN
    INSERT INTO outing_slot_figures (slot_id, organisation_id, held_places, booked_places, used_places, person_used_places, group_arrived, noshow_places, bookings, used_bookings, person_used_bookings, qpv_used_bookings, no_shows)
    VALUES (OLD.slot_id, OLD.organisation_id,
      -(CASE WHEN OLD.status IN ('offered','confirmed','used','no_show') THEN OLD.places ELSE 0 END),
      -(CASE WHEN OLD.status IN ('confirmed','used','no_show') THEN OLD.places ELSE 0 END),
      -(CASE WHEN OLD.status = 'used' THEN OLD.places ELSE 0 END),
      -(CASE WHEN OLD.status = 'used' AND OLD.kind = 'person' THEN OLD.places ELSE 0 END),
      -(CASE WHEN OLD.status = 'used' AND OLD.kind = 'group' THEN COALESCE((SELECT g.arrived FROM outing_booking_groups g WHERE g.booking_id = OLD.id), 0) ELSE 0 END),
      -(CASE WHEN OLD.status = 'no_show' THEN OLD.places ELSE 0 END),
      -(CASE WHEN OLD.status IN ('confirmed','used','no_show') THEN 1 ELSE 0 END),
      -(CASE WHEN OLD.status = 'used' THEN 1 ELSE 0 END),
      -(CASE WHEN OLD.status = 'used' AND OLD.kind = 'person' THEN 1 ELSE 0 END),
      -(CASE WHEN OLD.status = 'used' AND OLD.kind = 'person' AND COALESCE((SELECT p.in_qpv FROM beneficiaries p WHERE p.id = OLD.beneficiary_id), 0) = 1 THEN 1 ELSE 0 END),
      -(CASE WHEN OLD.status = 'no_show' THEN 1 ELSE 0 END))
    ON CONFLICT (slot_id, organisation_id) DO UPDATE SET
      held_places = outing_slot_figures.held_places + excluded.held_places,
      booked_places = outing_slot_figures.booked_places + excluded.booked_places,
      used_places = outing_slot_figures.used_places + excluded.used_places,
      person_used_places = outing_slot_figures.person_used_places + excluded.person_used_places,
      group_arrived = outing_slot_figures.group_arrived + excluded.group_arrived,
      noshow_places = outing_slot_figures.noshow_places + excluded.noshow_places,
      bookings = outing_slot_figures.bookings + excluded.bookings,
      used_bookings = outing_slot_figures.used_bookings + excluded.used_bookings,
      person_used_bookings = outing_slot_figures.person_used_bookings + excluded.person_used_bookings,
      qpv_used_bookings = outing_slot_figures.qpv_used_bookings + excluded.qpv_used_bookings,
      no_shows = outing_slot_figures.no_shows + excluded.no_shows;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW.status IN ('offered','confirmed','used','no_show') THEN
      INSERT INTO outing_slot_figures (slot_id, organisation_id, held_places, booked_places, used_places, person_used_places, group_arrived, noshow_places, bookings, used_bookings, person_used_bookings, qpv_used_bookings, no_shows)
      VALUES (NEW.slot_id, NEW.organisation_id,
        +(CASE WHEN NEW.status IN ('offered','confirmed','used','no_show') THEN NEW.places ELSE 0 END),
        +(CASE WHEN NEW.status IN ('confirmed','used','no_show') THEN NEW.places ELSE 0 END),
        +(CASE WHEN NEW.status = 'used' THEN NEW.places ELSE 0 END),
        +(CASE WHEN NEW.status = 'used' AND NEW.kind = 'person' THEN NEW.places ELSE 0 END),
        +(CASE WHEN NEW.status = 'used' AND NEW.kind = 'group' THEN COALESCE((SELECT g.arrived FROM outing_booking_groups g WHERE g.booking_id = NEW.id), 0) ELSE 0 END),
        +(CASE WHEN NEW.status = 'no_show' THEN NEW.places ELSE 0 END),
        +(CASE WHEN NEW.status IN ('confirmed','used','no_show') THEN 1 ELSE 0 END),
        +(CASE WHEN NEW.status = 'used' THEN 1 ELSE 0 END),
        +(CASE WHEN NEW.status = 'used' AND NEW.kind = 'person' THEN 1 ELSE 0 END),
        +(CASE WHEN NEW.status = 'used' AND NEW.kind = 'person' AND COALESCE((SELECT p.in_qpv FROM beneficiaries p WHERE p.id = NEW.beneficiary_id), 0) = 1 THEN 1 ELSE 0 END),
        +(CASE WHEN NEW.status = 'no_show' THEN 1 ELSE 0 END))
      ON CONFLICT (slot_id, organisation_id) DO UPDATE SET
        held_places = outing_slot_figures.held_places + excluded.held_places,
        booked_places = outing_slot_figures.booked_places + excluded.booked_places,
        used_places = outing_slot_figures.used_places + excluded.used_places,
        person_used_places = outing_slot_figures.person_used_places + excluded.person_used_places,
        group_arrived = outing_slot_figures.group_arrived + excluded.group_arrived,
        noshow_places = outing_slot_figures.noshow_places + excluded.noshow_places,
        bookings = outing_slot_figures.bookings + excluded.bookings,
        used_bookings = outing_slot_figures.used_bookings + excluded.used_bookings,
        person_used_bookings = outing_slot_figures.person_used_bookings + excluded.person_used_bookings,
        qpv_used_bookings = outing_slot_figures.qpv_used_bookings + excluded.qpv_used_bookings,
        no_shows = outing_slot_figures.no_shows + excluded.no_shows;
    ELSIF TG_OP = 'INSERT' OR NEW.slot_id <> OLD.slot_id OR NEW.organisation_id <> OLD.organisation_id THEN
      INSERT INTO outing_slot_figures (slot_id, organisation_id) VALUES (NEW.slot_id, NEW.organisation_id)
      ON CONFLICT (slot_id, organisation_id) DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER outing_slot_figures_update ON bookings;
CREATE TRIGGER outing_slot_figures_update AFTER UPDATE OF slot_id, organisation_id, beneficiary_id, status, places, kind ON bookings
  FOR EACH ROW WHEN (OLD.status IN ('offered','confirmed','used','no_show') OR NEW.status IN ('offered','confirmed','used','no_show')
    OR NEW.slot_id <> OLD.slot_id OR NEW.organisation_id <> OLD.organisation_id)
  EXECUTE FUNCTION outing_slot_figures_bookings();
DROP TRIGGER outing_slot_figures_delete ON bookings;
CREATE TRIGGER outing_slot_figures_delete AFTER DELETE ON bookings FOR EACH ROW WHEN (OLD.status IN ('offered','confirmed','used','no_show'))
  EXECUTE FUNCTION outing_slot_figures_bookings();
