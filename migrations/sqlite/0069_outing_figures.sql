-- Issue 22: the outings' figures per slot and relais (outing_slot_figures), kept exact at write time by
-- triggers on bookings, outing_booking_groups and beneficiaries (in_qpv), whatever path writes: booking,
-- cancellation, attendance, check-in, draws, waiting list, groups. Dashboards (/sorties/pilotage, /rapports,
-- the plans' catalogue, the open-data CSV) sum it over the slots of a period instead of the bookings. Each
-- trigger subtracts a row's old contribution and adds the new one (UPSERTs of deltas: exact under concurrent
-- writers on PostgreSQL too). The migration fills it from the existing bookings.
--   held_places          places of offered, confirmed, used and no-show bookings
--   booked_places        places of confirmed, used and no-show bookings
--   used_places          places of used bookings (a group counts its headcount)
--   person_used_places   places of used bookings of a person
--   group_arrived        people who came with a used group booking (outing_booking_groups.arrived)
--   noshow_places        places of no-show bookings
--   bookings             confirmed, used and no-show bookings
--   used_bookings        used bookings; person_used_bookings: of a person; qpv_used_bookings: of a person in a QPV
--   no_shows             no-show bookings
CREATE TABLE outing_slot_figures (
  slot_id BIGINT NOT NULL,          -- outing_slots.id (no foreign key: derived figures never block a deletion)
  organisation_id BIGINT NOT NULL,  -- the relais (bookings.organisation_id)
  held_places BIGINT NOT NULL DEFAULT 0,
  booked_places BIGINT NOT NULL DEFAULT 0,
  used_places BIGINT NOT NULL DEFAULT 0,
  person_used_places BIGINT NOT NULL DEFAULT 0,
  group_arrived BIGINT NOT NULL DEFAULT 0,
  noshow_places BIGINT NOT NULL DEFAULT 0,
  bookings BIGINT NOT NULL DEFAULT 0,
  used_bookings BIGINT NOT NULL DEFAULT 0,
  person_used_bookings BIGINT NOT NULL DEFAULT 0,
  qpv_used_bookings BIGINT NOT NULL DEFAULT 0,
  no_shows BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (slot_id, organisation_id)
);
CREATE INDEX outing_slot_figures_organisation ON outing_slot_figures (organisation_id, slot_id);

-- Distinct people over a period (not a sum of figures) and places per person's EPCI: an index-only walk of
-- the period's slots. The referent's dashboard counts its lists without reading the bookings' rows.
CREATE INDEX bookings_slot_people ON bookings (slot_id, status, organisation_id, beneficiary_id, places);
DROP INDEX bookings_referent;
CREATE INDEX bookings_referent ON bookings (referent_id, status, slot_id, id);

CREATE TRIGGER outing_slot_figures_insert AFTER INSERT ON bookings
BEGIN
  INSERT INTO outing_slot_figures (slot_id, organisation_id, held_places, booked_places, used_places, person_used_places, group_arrived, noshow_places, bookings, used_bookings, person_used_bookings, qpv_used_bookings, no_shows)
  VALUES (new.slot_id, new.organisation_id,
      +(CASE WHEN new.status IN ('offered','confirmed','used','no_show') THEN new.places ELSE 0 END),
      +(CASE WHEN new.status IN ('confirmed','used','no_show') THEN new.places ELSE 0 END),
      +(CASE WHEN new.status = 'used' THEN new.places ELSE 0 END),
      +(CASE WHEN new.status = 'used' AND new.kind = 'person' THEN new.places ELSE 0 END),
      +(CASE WHEN new.status = 'used' AND new.kind = 'group' THEN COALESCE((SELECT g.arrived FROM outing_booking_groups g WHERE g.booking_id = new.id), 0) ELSE 0 END),
      +(CASE WHEN new.status = 'no_show' THEN new.places ELSE 0 END),
      +(CASE WHEN new.status IN ('confirmed','used','no_show') THEN 1 ELSE 0 END),
      +(CASE WHEN new.status = 'used' THEN 1 ELSE 0 END),
      +(CASE WHEN new.status = 'used' AND new.kind = 'person' THEN 1 ELSE 0 END),
      +(CASE WHEN new.status = 'used' AND new.kind = 'person' AND COALESCE((SELECT p.in_qpv FROM beneficiaries p WHERE p.id = new.beneficiary_id), 0) = 1 THEN 1 ELSE 0 END),
      +(CASE WHEN new.status = 'no_show' THEN 1 ELSE 0 END))
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
END;
CREATE TRIGGER outing_slot_figures_update AFTER UPDATE OF slot_id, organisation_id, beneficiary_id, status, places, kind ON bookings
BEGIN
  INSERT INTO outing_slot_figures (slot_id, organisation_id, held_places, booked_places, used_places, person_used_places, group_arrived, noshow_places, bookings, used_bookings, person_used_bookings, qpv_used_bookings, no_shows)
  VALUES (old.slot_id, old.organisation_id,
      -(CASE WHEN old.status IN ('offered','confirmed','used','no_show') THEN old.places ELSE 0 END),
      -(CASE WHEN old.status IN ('confirmed','used','no_show') THEN old.places ELSE 0 END),
      -(CASE WHEN old.status = 'used' THEN old.places ELSE 0 END),
      -(CASE WHEN old.status = 'used' AND old.kind = 'person' THEN old.places ELSE 0 END),
      -(CASE WHEN old.status = 'used' AND old.kind = 'group' THEN COALESCE((SELECT g.arrived FROM outing_booking_groups g WHERE g.booking_id = old.id), 0) ELSE 0 END),
      -(CASE WHEN old.status = 'no_show' THEN old.places ELSE 0 END),
      -(CASE WHEN old.status IN ('confirmed','used','no_show') THEN 1 ELSE 0 END),
      -(CASE WHEN old.status = 'used' THEN 1 ELSE 0 END),
      -(CASE WHEN old.status = 'used' AND old.kind = 'person' THEN 1 ELSE 0 END),
      -(CASE WHEN old.status = 'used' AND old.kind = 'person' AND COALESCE((SELECT p.in_qpv FROM beneficiaries p WHERE p.id = old.beneficiary_id), 0) = 1 THEN 1 ELSE 0 END),
      -(CASE WHEN old.status = 'no_show' THEN 1 ELSE 0 END))
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
  INSERT INTO outing_slot_figures (slot_id, organisation_id, held_places, booked_places, used_places, person_used_places, group_arrived, noshow_places, bookings, used_bookings, person_used_bookings, qpv_used_bookings, no_shows)
  VALUES (new.slot_id, new.organisation_id,
      +(CASE WHEN new.status IN ('offered','confirmed','used','no_show') THEN new.places ELSE 0 END),
      +(CASE WHEN new.status IN ('confirmed','used','no_show') THEN new.places ELSE 0 END),
      +(CASE WHEN new.status = 'used' THEN new.places ELSE 0 END),
      +(CASE WHEN new.status = 'used' AND new.kind = 'person' THEN new.places ELSE 0 END),
      +(CASE WHEN new.status = 'used' AND new.kind = 'group' THEN COALESCE((SELECT g.arrived FROM outing_booking_groups g WHERE g.booking_id = new.id), 0) ELSE 0 END),
      +(CASE WHEN new.status = 'no_show' THEN new.places ELSE 0 END),
      +(CASE WHEN new.status IN ('confirmed','used','no_show') THEN 1 ELSE 0 END),
      +(CASE WHEN new.status = 'used' THEN 1 ELSE 0 END),
      +(CASE WHEN new.status = 'used' AND new.kind = 'person' THEN 1 ELSE 0 END),
      +(CASE WHEN new.status = 'used' AND new.kind = 'person' AND COALESCE((SELECT p.in_qpv FROM beneficiaries p WHERE p.id = new.beneficiary_id), 0) = 1 THEN 1 ELSE 0 END),
      +(CASE WHEN new.status = 'no_show' THEN 1 ELSE 0 END))
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
END;
CREATE TRIGGER outing_slot_figures_delete AFTER DELETE ON bookings
BEGIN
  INSERT INTO outing_slot_figures (slot_id, organisation_id, held_places, booked_places, used_places, person_used_places, group_arrived, noshow_places, bookings, used_bookings, person_used_bookings, qpv_used_bookings, no_shows)
  VALUES (old.slot_id, old.organisation_id,
      -(CASE WHEN old.status IN ('offered','confirmed','used','no_show') THEN old.places ELSE 0 END),
      -(CASE WHEN old.status IN ('confirmed','used','no_show') THEN old.places ELSE 0 END),
      -(CASE WHEN old.status = 'used' THEN old.places ELSE 0 END),
      -(CASE WHEN old.status = 'used' AND old.kind = 'person' THEN old.places ELSE 0 END),
      -(CASE WHEN old.status = 'used' AND old.kind = 'group' THEN COALESCE((SELECT g.arrived FROM outing_booking_groups g WHERE g.booking_id = old.id), 0) ELSE 0 END),
      -(CASE WHEN old.status = 'no_show' THEN old.places ELSE 0 END),
      -(CASE WHEN old.status IN ('confirmed','used','no_show') THEN 1 ELSE 0 END),
      -(CASE WHEN old.status = 'used' THEN 1 ELSE 0 END),
      -(CASE WHEN old.status = 'used' AND old.kind = 'person' THEN 1 ELSE 0 END),
      -(CASE WHEN old.status = 'used' AND old.kind = 'person' AND COALESCE((SELECT p.in_qpv FROM beneficiaries p WHERE p.id = old.beneficiary_id), 0) = 1 THEN 1 ELSE 0 END),
      -(CASE WHEN old.status = 'no_show' THEN 1 ELSE 0 END))
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
END;
CREATE TRIGGER outing_slot_figures_group_insert AFTER INSERT ON outing_booking_groups
BEGIN
  INSERT INTO outing_slot_figures (slot_id, organisation_id, group_arrived)
  SELECT b.slot_id, b.organisation_id, new.arrived FROM bookings b
  WHERE b.id = new.booking_id AND b.kind = 'group' AND b.status = 'used'
  ON CONFLICT (slot_id, organisation_id) DO UPDATE SET
      group_arrived = outing_slot_figures.group_arrived + excluded.group_arrived;
END;
CREATE TRIGGER outing_slot_figures_group_update AFTER UPDATE OF arrived, booking_id ON outing_booking_groups
BEGIN
  INSERT INTO outing_slot_figures (slot_id, organisation_id, group_arrived)
  SELECT b.slot_id, b.organisation_id, -old.arrived FROM bookings b
  WHERE b.id = old.booking_id AND b.kind = 'group' AND b.status = 'used'
  ON CONFLICT (slot_id, organisation_id) DO UPDATE SET
      group_arrived = outing_slot_figures.group_arrived + excluded.group_arrived;
  INSERT INTO outing_slot_figures (slot_id, organisation_id, group_arrived)
  SELECT b.slot_id, b.organisation_id, new.arrived FROM bookings b
  WHERE b.id = new.booking_id AND b.kind = 'group' AND b.status = 'used'
  ON CONFLICT (slot_id, organisation_id) DO UPDATE SET
      group_arrived = outing_slot_figures.group_arrived + excluded.group_arrived;
END;
CREATE TRIGGER outing_slot_figures_group_delete AFTER DELETE ON outing_booking_groups
BEGIN
  INSERT INTO outing_slot_figures (slot_id, organisation_id, group_arrived)
  SELECT b.slot_id, b.organisation_id, -old.arrived FROM bookings b
  WHERE b.id = old.booking_id AND b.kind = 'group' AND b.status = 'used'
  ON CONFLICT (slot_id, organisation_id) DO UPDATE SET
      group_arrived = outing_slot_figures.group_arrived + excluded.group_arrived;
END;
CREATE TRIGGER outing_slot_figures_qpv AFTER UPDATE OF in_qpv ON beneficiaries WHEN new.in_qpv <> old.in_qpv
BEGIN
  INSERT INTO outing_slot_figures (slot_id, organisation_id, qpv_used_bookings)
  SELECT b.slot_id, b.organisation_id, (new.in_qpv - old.in_qpv) * COUNT(*) FROM bookings b
  WHERE b.beneficiary_id = new.id AND b.status = 'used' AND b.kind = 'person' GROUP BY b.slot_id, b.organisation_id
  ON CONFLICT (slot_id, organisation_id) DO UPDATE SET
      qpv_used_bookings = outing_slot_figures.qpv_used_bookings + excluded.qpv_used_bookings;
END;

INSERT INTO outing_slot_figures (slot_id, organisation_id, held_places, booked_places, used_places, person_used_places, group_arrived, noshow_places, bookings, used_bookings, person_used_bookings, qpv_used_bookings, no_shows)
SELECT b.slot_id, b.organisation_id,
  SUM(CASE WHEN b.status IN ('offered','confirmed','used','no_show') THEN b.places ELSE 0 END),
  SUM(CASE WHEN b.status IN ('confirmed','used','no_show') THEN b.places ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' THEN b.places ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' AND b.kind = 'person' THEN b.places ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' AND b.kind = 'group' THEN COALESCE(g.arrived, 0) ELSE 0 END),
  SUM(CASE WHEN b.status = 'no_show' THEN b.places ELSE 0 END),
  SUM(CASE WHEN b.status IN ('confirmed','used','no_show') THEN 1 ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' THEN 1 ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' AND b.kind = 'person' THEN 1 ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' AND b.kind = 'person' AND COALESCE(p.in_qpv, 0) = 1 THEN 1 ELSE 0 END),
  SUM(CASE WHEN b.status = 'no_show' THEN 1 ELSE 0 END)
FROM bookings b LEFT JOIN outing_booking_groups g ON g.booking_id = b.id LEFT JOIN beneficiaries p ON p.id = b.beneficiary_id
GROUP BY b.slot_id, b.organisation_id;
