-- Group outings (issue 19, docs/outings.md « Sorties de groupe »): a structure books N places for a group.
-- A group booking is a row of bookings with kind = 'group' and no beneficiary; its places are the
-- headcount (people and staff), so capacity, quotas and shares hold for groups without a second path.
-- outing_booking_groups holds the counts by age band, the staff, the accessibility needs and, at the
-- door, the number who came. A slot's group share (group_places, 0: no groups) bounds group_booked,
-- moved only by conditional UPDATEs like booked. (SQLite rebuilds bookings; here an ALTER suffices.)
ALTER TABLE bookings ALTER COLUMN beneficiary_id DROP NOT NULL;
ALTER TABLE bookings ADD COLUMN kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person','group'));
ALTER TABLE bookings ADD CONSTRAINT bookings_kind_beneficiary CHECK ((kind = 'person') = (beneficiary_id IS NOT NULL));

-- A group booking's composition: people by age band, staff accompanying, people with accessibility
-- needs (in total), and at the door the number who came (0: not checked in). No names.
CREATE TABLE outing_booking_groups (
  booking_id BIGINT PRIMARY KEY REFERENCES bookings (id),
  age_0_5 INTEGER NOT NULL DEFAULT 0 CHECK (age_0_5 >= 0),
  age_6_11 INTEGER NOT NULL DEFAULT 0 CHECK (age_6_11 >= 0),
  age_12_17 INTEGER NOT NULL DEFAULT 0 CHECK (age_12_17 >= 0),
  age_18_25 INTEGER NOT NULL DEFAULT 0 CHECK (age_18_25 >= 0),
  age_26_59 INTEGER NOT NULL DEFAULT 0 CHECK (age_26_59 >= 0),
  age_60_plus INTEGER NOT NULL DEFAULT 0 CHECK (age_60_plus >= 0),
  staff INTEGER NOT NULL DEFAULT 0 CHECK (staff >= 0),
  needs INTEGER NOT NULL DEFAULT 0 CHECK (needs >= 0),
  arrived INTEGER NOT NULL DEFAULT 0 CHECK (arrived >= 0)
);

-- The slot's group share: group bookings hold group_booked places of it, never more.
ALTER TABLE outing_slots ADD COLUMN group_places INTEGER NOT NULL DEFAULT 0 CHECK (group_places >= 0);
ALTER TABLE outing_slots ADD COLUMN group_booked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outing_slots ADD CONSTRAINT outing_slots_group_booked CHECK (group_booked >= 0 AND group_booked <= group_places);
