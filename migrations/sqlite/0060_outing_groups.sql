-- Group outings (issue 19, docs/outings.md « Sorties de groupe »): a structure books N places for a group.
-- A group booking is a row of bookings with kind = 'group' and no beneficiary; its places are the
-- headcount (people and staff), so capacity, quotas and shares hold for groups without a second path.
-- outing_booking_groups holds the counts by age band, the staff, the accessibility needs and, at the
-- door, the number who came. A slot's group share (group_places, 0: no groups) bounds group_booked,
-- moved only by conditional UPDATEs like booked.
--
-- bookings.beneficiary_id becomes nullable: SQLite cannot drop NOT NULL, so the table is rebuilt. The
-- migration runs in one transaction with foreign keys on, and booking_events and outing_feedback
-- reference bookings: with the foreign keys deferred to the commit, the old table is copied aside,
-- dropped (its children count as orphans for a moment), created again under its own name (the
-- children's references name it) and filled back (each row re-inserted settles its orphans), so the
-- commit finds every reference satisfied.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE bookings_copy AS SELECT * FROM bookings;
DROP TABLE bookings;

-- requested (draw) → confirmed → used | no_show | cancelled; waiting → offered → confirmed | cancelled (expired).
CREATE TABLE bookings (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,                                  -- short code shown with a QR code
  slot_id BIGINT NOT NULL REFERENCES outing_slots (id),
  beneficiary_id BIGINT REFERENCES beneficiaries (id),        -- none for a group
  organisation_id BIGINT NOT NULL REFERENCES organisations (id), -- the relais
  referent_id BIGINT NOT NULL REFERENCES users (id),
  companions INTEGER NOT NULL DEFAULT 0 CHECK (companions >= 0),
  places INTEGER NOT NULL CHECK (places >= 1),                -- 1 + companions; a group: its headcount
  status TEXT NOT NULL CHECK (status IN ('requested','waiting','offered','confirmed','used','no_show','cancelled')),
  cancel_reason TEXT NOT NULL DEFAULT '' CHECK (cancel_reason IN ('','referent','venue','event_cancelled','late','draw_rejected','expired')),
  needs_motor INTEGER NOT NULL DEFAULT 0,
  needs_visual INTEGER NOT NULL DEFAULT 0,
  needs_hearing INTEGER NOT NULL DEFAULT 0,
  needs_mental INTEGER NOT NULL DEFAULT 0,
  queue_position BIGINT NOT NULL DEFAULT 0,                   -- order in the waiting list (draw rank or arrival)
  offer_expires_at BIGINT NOT NULL DEFAULT 0,                 -- status offered: accept before
  checked_in_at BIGINT NOT NULL DEFAULT 0,
  allocation_target_id BIGINT REFERENCES outing_allocation_targets (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  cancel_motive TEXT NOT NULL DEFAULT '',
  cancel_note TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person','group')),
  CHECK ((status = 'cancelled') = (cancel_reason <> '')),
  CHECK ((kind = 'person') = (beneficiary_id IS NOT NULL))
);
INSERT INTO bookings (id, code, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status,
                      cancel_reason, needs_motor, needs_visual, needs_hearing, needs_mental, queue_position,
                      offer_expires_at, checked_in_at, allocation_target_id, created_at, updated_at, cancel_motive,
                      cancel_note, kind)
  SELECT id, code, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status, cancel_reason,
         needs_motor, needs_visual, needs_hearing, needs_mental, queue_position, offer_expires_at, checked_in_at,
         allocation_target_id, created_at, updated_at, cancel_motive, cancel_note, 'person'
  FROM bookings_copy ORDER BY id;
DROP TABLE bookings_copy;
CREATE UNIQUE INDEX bookings_one_active ON bookings (slot_id, beneficiary_id) WHERE status <> 'cancelled';
CREATE INDEX bookings_slot ON bookings (slot_id, status, queue_position);
CREATE INDEX bookings_beneficiary ON bookings (beneficiary_id, created_at);
CREATE INDEX bookings_organisation ON bookings (organisation_id, created_at);
CREATE INDEX bookings_referent ON bookings (referent_id, status);
CREATE INDEX bookings_offered ON bookings (status, offer_expires_at);

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
ALTER TABLE outing_slots ADD COLUMN group_booked INTEGER NOT NULL DEFAULT 0
  CHECK (group_booked >= 0 AND group_booked <= group_places);
