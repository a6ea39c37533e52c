-- Issue 22 (session 18, docs/decisions.md « the steering page at national size »): the figures of each slot
-- over every relais, kept from outing_slot_figures (migration 0069) by triggers on it. At national size a
-- slot is booked by about twelve relais, so outing_slot_figures has about one row per booking (998,000 for
-- 1,000,000) and summing it per slot for a period read ~330,000 rows a year, nine times per page. The
-- steering page (/sorties/pilotage and its CSV) reads one row per slot of the period from this table.
-- Each trigger adds a figure row's new values and subtracts its old ones (UPSERTs of deltas, exact under
-- concurrent writers on PostgreSQL too). Columns: sums over the slot's rows of outing_slot_figures.
CREATE TABLE outing_slot_totals (
  slot_id INTEGER NOT NULL PRIMARY KEY,  -- outing_slots.id (the rowid: one seek per slot; no foreign key, as outing_slot_figures)
  held_places BIGINT NOT NULL DEFAULT 0,
  person_used_places BIGINT NOT NULL DEFAULT 0,
  group_arrived BIGINT NOT NULL DEFAULT 0,
  noshow_places BIGINT NOT NULL DEFAULT 0,
  person_used_bookings BIGINT NOT NULL DEFAULT 0,
  qpv_used_bookings BIGINT NOT NULL DEFAULT 0
);

CREATE TRIGGER outing_slot_totals_insert AFTER INSERT ON outing_slot_figures
BEGIN
  INSERT INTO outing_slot_totals (slot_id, held_places, person_used_places, group_arrived, noshow_places, person_used_bookings, qpv_used_bookings)
  VALUES (new.slot_id, new.held_places, new.person_used_places, new.group_arrived, new.noshow_places, new.person_used_bookings, new.qpv_used_bookings)
  ON CONFLICT (slot_id) DO UPDATE SET
      held_places = outing_slot_totals.held_places + excluded.held_places,
      person_used_places = outing_slot_totals.person_used_places + excluded.person_used_places,
      group_arrived = outing_slot_totals.group_arrived + excluded.group_arrived,
      noshow_places = outing_slot_totals.noshow_places + excluded.noshow_places,
      person_used_bookings = outing_slot_totals.person_used_bookings + excluded.person_used_bookings,
      qpv_used_bookings = outing_slot_totals.qpv_used_bookings + excluded.qpv_used_bookings;
END;
CREATE TRIGGER outing_slot_totals_update AFTER UPDATE ON outing_slot_figures
  WHEN new.slot_id <> old.slot_id OR new.held_places <> old.held_places OR new.person_used_places <> old.person_used_places
    OR new.group_arrived <> old.group_arrived OR new.noshow_places <> old.noshow_places
    OR new.person_used_bookings <> old.person_used_bookings OR new.qpv_used_bookings <> old.qpv_used_bookings
BEGIN
  INSERT INTO outing_slot_totals (slot_id, held_places, person_used_places, group_arrived, noshow_places, person_used_bookings, qpv_used_bookings)
  VALUES (old.slot_id, -old.held_places, -old.person_used_places, -old.group_arrived, -old.noshow_places, -old.person_used_bookings, -old.qpv_used_bookings)
  ON CONFLICT (slot_id) DO UPDATE SET
      held_places = outing_slot_totals.held_places + excluded.held_places,
      person_used_places = outing_slot_totals.person_used_places + excluded.person_used_places,
      group_arrived = outing_slot_totals.group_arrived + excluded.group_arrived,
      noshow_places = outing_slot_totals.noshow_places + excluded.noshow_places,
      person_used_bookings = outing_slot_totals.person_used_bookings + excluded.person_used_bookings,
      qpv_used_bookings = outing_slot_totals.qpv_used_bookings + excluded.qpv_used_bookings;
  INSERT INTO outing_slot_totals (slot_id, held_places, person_used_places, group_arrived, noshow_places, person_used_bookings, qpv_used_bookings)
  VALUES (new.slot_id, new.held_places, new.person_used_places, new.group_arrived, new.noshow_places, new.person_used_bookings, new.qpv_used_bookings)
  ON CONFLICT (slot_id) DO UPDATE SET
      held_places = outing_slot_totals.held_places + excluded.held_places,
      person_used_places = outing_slot_totals.person_used_places + excluded.person_used_places,
      group_arrived = outing_slot_totals.group_arrived + excluded.group_arrived,
      noshow_places = outing_slot_totals.noshow_places + excluded.noshow_places,
      person_used_bookings = outing_slot_totals.person_used_bookings + excluded.person_used_bookings,
      qpv_used_bookings = outing_slot_totals.qpv_used_bookings + excluded.qpv_used_bookings;
END;
CREATE TRIGGER outing_slot_totals_delete AFTER DELETE ON outing_slot_figures
BEGIN
  INSERT INTO outing_slot_totals (slot_id, held_places, person_used_places, group_arrived, noshow_places, person_used_bookings, qpv_used_bookings)
  VALUES (old.slot_id, -old.held_places, -old.person_used_places, -old.group_arrived, -old.noshow_places, -old.person_used_bookings, -old.qpv_used_bookings)
  ON CONFLICT (slot_id) DO UPDATE SET
      held_places = outing_slot_totals.held_places + excluded.held_places,
      person_used_places = outing_slot_totals.person_used_places + excluded.person_used_places,
      group_arrived = outing_slot_totals.group_arrived + excluded.group_arrived,
      noshow_places = outing_slot_totals.noshow_places + excluded.noshow_places,
      person_used_bookings = outing_slot_totals.person_used_bookings + excluded.person_used_bookings,
      qpv_used_bookings = outing_slot_totals.qpv_used_bookings + excluded.qpv_used_bookings;
END;

-- The period's slots with what the page groups them by, read from the index alone (SQLite: a year's walk
-- 80 → 55 ms at national size, the slots' rows being spread over 6.8 MB).
CREATE INDEX outing_slots_period ON outing_slots (starts_at, offer_id, capacity, status, allocation_id);

INSERT INTO outing_slot_totals (slot_id, held_places, person_used_places, group_arrived, noshow_places, person_used_bookings, qpv_used_bookings)
SELECT slot_id, SUM(held_places), SUM(person_used_places), SUM(group_arrived), SUM(noshow_places), SUM(person_used_bookings), SUM(qpv_used_bookings)
FROM outing_slot_figures GROUP BY slot_id;
