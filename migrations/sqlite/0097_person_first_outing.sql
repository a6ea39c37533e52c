-- Issue 22 (session 24, docs/decisions.md « the reach of any period: a person's first outing kept »): the reach
-- of a period other than a calendar year (/sorties/portee?du=…) counts « première sortie »: the people with no
-- used booking on a slot starting before the period. It was decided per booking of the period, by up to three
-- lookups (a kept earlier year, a kept earlier month, the bookings of the period's first month): 66,714 probes
-- for the administrator's quarter at national size.
--   beneficiaries.first_outing_at  the start of the person's earliest used booking's slot (NULL: none), kept
--                                  exact by triggers on bookings (used, no longer used, deleted, moved to another
--                                  slot or person) and on outing_slots (a slot's start moved). A row of the period
--                                  is a first outing when first_outing_at >= the period's start.
-- A new used booking only lowers it (the slot's start, when earlier); anything else that may raise it recomputes
-- it from the person's used bookings (bookings_beneficiary, then each slot by its key). The migration fills it.
ALTER TABLE beneficiaries ADD COLUMN first_outing_at BIGINT;
UPDATE beneficiaries SET first_outing_at = (SELECT MIN(s.starts_at) FROM bookings b JOIN outing_slots s
  ON s.id = b.slot_id WHERE b.beneficiary_id = beneficiaries.id AND b.status = 'used');

CREATE TRIGGER outing_person_first_insert AFTER INSERT ON bookings
  WHEN NEW.status = 'used' AND NEW.beneficiary_id IS NOT NULL
BEGIN
  UPDATE beneficiaries SET first_outing_at = (SELECT s.starts_at FROM outing_slots s WHERE s.id = NEW.slot_id)
  WHERE id = NEW.beneficiary_id AND (first_outing_at IS NULL
    OR first_outing_at > (SELECT s.starts_at FROM outing_slots s WHERE s.id = NEW.slot_id));
END;
-- Made used (it was not): it can only lower the person's first outing.
CREATE TRIGGER outing_person_first_used AFTER UPDATE OF slot_id, beneficiary_id, status ON bookings
  WHEN OLD.status <> 'used' AND NEW.status = 'used' AND NEW.beneficiary_id IS NOT NULL
BEGIN
  UPDATE beneficiaries SET first_outing_at = (SELECT s.starts_at FROM outing_slots s WHERE s.id = NEW.slot_id)
  WHERE id = NEW.beneficiary_id AND (first_outing_at IS NULL
    OR first_outing_at > (SELECT s.starts_at FROM outing_slots s WHERE s.id = NEW.slot_id));
END;
-- It was used: it may have been the first; recomputed for its person and, if it moved, for the new one.
CREATE TRIGGER outing_person_first_update AFTER UPDATE OF slot_id, beneficiary_id, status ON bookings
  WHEN OLD.status = 'used'
BEGIN
  UPDATE beneficiaries SET first_outing_at = (SELECT MIN(s.starts_at) FROM bookings b JOIN outing_slots s
    ON s.id = b.slot_id WHERE b.beneficiary_id = beneficiaries.id AND b.status = 'used')
  WHERE id IN (OLD.beneficiary_id, NEW.beneficiary_id);
END;
CREATE TRIGGER outing_person_first_delete AFTER DELETE ON bookings
  WHEN OLD.status = 'used' AND OLD.beneficiary_id IS NOT NULL
BEGIN
  UPDATE beneficiaries SET first_outing_at = (SELECT MIN(s.starts_at) FROM bookings b JOIN outing_slots s
    ON s.id = b.slot_id WHERE b.beneficiary_id = beneficiaries.id AND b.status = 'used')
  WHERE id = OLD.beneficiary_id;
END;
CREATE TRIGGER outing_person_first_slot AFTER UPDATE OF starts_at ON outing_slots
  WHEN OLD.starts_at <> NEW.starts_at
BEGIN
  UPDATE beneficiaries SET first_outing_at = (SELECT MIN(s.starts_at) FROM bookings b JOIN outing_slots s
    ON s.id = b.slot_id WHERE b.beneficiary_id = beneficiaries.id AND b.status = 'used')
  WHERE id IN (SELECT b.beneficiary_id FROM bookings b WHERE b.slot_id = NEW.id AND b.status = 'used');
END;
