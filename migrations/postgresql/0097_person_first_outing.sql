-- Issue 22 (session 24, docs/decisions.md « the reach of any period: a person's first outing kept »): the reach
-- of a period other than a calendar year (/sorties/portee?du=…) counts « première sortie »: the people with no
-- used booking on a slot starting before the period. It was decided per booking of the period, by up to three
-- lookups (a kept earlier year, a kept earlier month, the bookings of the period's first month): 66,714 probes
-- for the administrator's quarter at national size, run one after the other after PostgreSQL's parallel scan.
--   beneficiaries.first_outing_at  the start of the person's earliest used booking's slot (NULL: none), kept
--                                  exact by triggers on bookings (used, no longer used, deleted, moved to another
--                                  slot or person) and on outing_slots (a slot's start moved). A row of the period
--                                  is a first outing when first_outing_at >= the period's start.
-- A new used booking only lowers it (the slot's start, when earlier); anything else that may raise it recomputes
-- it from the person's used bookings (bookings_beneficiary, then each slot by its key). The migration fills it.
ALTER TABLE beneficiaries ADD COLUMN first_outing_at BIGINT;
UPDATE beneficiaries p SET first_outing_at = f.first_at
  FROM (SELECT b.beneficiary_id, MIN(s.starts_at) AS first_at FROM bookings b JOIN outing_slots s ON s.id = b.slot_id
        WHERE b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY b.beneficiary_id) f
  WHERE p.id = f.beneficiary_id;

-- The person's first outing from their used bookings.
CREATE FUNCTION outing_person_first_recompute(person BIGINT) RETURNS void LANGUAGE sql AS $$
  UPDATE beneficiaries p SET first_outing_at = (SELECT MIN(s.starts_at) FROM bookings b JOIN outing_slots s
    ON s.id = b.slot_id WHERE b.beneficiary_id = p.id AND b.status = 'used')
  WHERE p.id = person
$$;
CREATE FUNCTION outing_person_first_bookings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'used' AND OLD.beneficiary_id IS NOT NULL THEN
    -- The booking that was used may have been the first: recompute, for the new person too.
    PERFORM outing_person_first_recompute(OLD.beneficiary_id);
    IF TG_OP = 'UPDATE' AND NEW.beneficiary_id IS DISTINCT FROM OLD.beneficiary_id AND NEW.beneficiary_id IS NOT NULL THEN
      PERFORM outing_person_first_recompute(NEW.beneficiary_id);
    END IF;
  ELSIF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'used' AND NEW.beneficiary_id IS NOT NULL THEN
    UPDATE beneficiaries p SET first_outing_at = s.starts_at FROM outing_slots s
      WHERE s.id = NEW.slot_id AND p.id = NEW.beneficiary_id
        AND (p.first_outing_at IS NULL OR p.first_outing_at > s.starts_at);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER outing_person_first_insert AFTER INSERT ON bookings FOR EACH ROW
  WHEN (NEW.status = 'used' AND NEW.beneficiary_id IS NOT NULL) EXECUTE FUNCTION outing_person_first_bookings();
CREATE TRIGGER outing_person_first_update AFTER UPDATE OF slot_id, beneficiary_id, status ON bookings FOR EACH ROW
  WHEN (OLD.status = 'used' OR NEW.status = 'used') EXECUTE FUNCTION outing_person_first_bookings();
CREATE TRIGGER outing_person_first_delete AFTER DELETE ON bookings FOR EACH ROW
  WHEN (OLD.status = 'used' AND OLD.beneficiary_id IS NOT NULL) EXECUTE FUNCTION outing_person_first_bookings();
CREATE FUNCTION outing_person_first_slots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE beneficiaries p SET first_outing_at = (SELECT MIN(s.starts_at) FROM bookings b JOIN outing_slots s
    ON s.id = b.slot_id WHERE b.beneficiary_id = p.id AND b.status = 'used')
  WHERE p.id IN (SELECT b.beneficiary_id FROM bookings b WHERE b.slot_id = NEW.id AND b.status = 'used');
  RETURN NULL;
END $$;
CREATE TRIGGER outing_person_first_slot AFTER UPDATE OF starts_at ON outing_slots FOR EACH ROW
  WHEN (OLD.starts_at <> NEW.starts_at) EXECUTE FUNCTION outing_person_first_slots();
