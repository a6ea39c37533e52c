-- Solidarity outings: partners publish offers with dated slots of free places; referents of social
-- relais book them for pseudonymous beneficiaries; venues check guests in; referents tell how it went.
-- Times are unix seconds (UTC); dates 'YYYY-MM-DD'; booleans 0/1. Capacity is protected here, not in C++:
-- slots.booked only moves through conditional UPDATEs and is bounded by a CHECK.

-- A referent may book once they attended an onboarding session ('' = not yet).
ALTER TABLE memberships ADD COLUMN onboarded_on TEXT NOT NULL DEFAULT '';

-- Pools of places given for a scheme or by a sponsor ("Tous au cinéma", "Tickets Loisirs").
CREATE TABLE outing_allocations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  donor TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  places INTEGER NOT NULL CHECK (places >= 0),
  assigned INTEGER NOT NULL DEFAULT 0,           -- places of the pool put on slots (sum of their capacities)
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  CHECK (assigned >= 0 AND assigned <= places),
  CHECK (ends_on >= starts_on)
);
CREATE UNIQUE INDEX outing_allocations_name ON outing_allocations (lower(name));

-- Who a pool is reserved for: a structure or a délégation (no row: everyone). quota 0 = no own limit;
-- used counts the places the structure/délégation holds (conditional UPDATE used + n <= quota).
CREATE TABLE outing_allocation_targets (
  id INTEGER PRIMARY KEY,
  allocation_id BIGINT NOT NULL REFERENCES outing_allocations (id),
  organisation_id BIGINT REFERENCES organisations (id),
  delegation_id BIGINT REFERENCES delegations (id),
  quota INTEGER NOT NULL DEFAULT 0 CHECK (quota >= 0),
  used INTEGER NOT NULL DEFAULT 0,
  CHECK ((organisation_id IS NULL) <> (delegation_id IS NULL)),
  CHECK (used >= 0 AND (quota = 0 OR used <= quota))
);
CREATE UNIQUE INDEX outing_allocation_targets_org ON outing_allocation_targets (allocation_id, organisation_id) WHERE organisation_id IS NOT NULL;
CREATE UNIQUE INDEX outing_allocation_targets_del ON outing_allocation_targets (allocation_id, delegation_id) WHERE delegation_id IS NOT NULL;

CREATE TABLE outing_offers (
  id INTEGER PRIMARY KEY,
  venue_id BIGINT NOT NULL REFERENCES organisations (id),     -- where it happens (directory, with its accessibility)
  partner_id BIGINT NOT NULL REFERENCES organisations (id),   -- who gives the places (often the venue)
  title TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('live_show','concert','cinema','exhibition','sport','leisure','workshop','reading')),
  description TEXT NOT NULL DEFAULT '',                       -- markdown, rendered in safe mode
  audience TEXT NOT NULL DEFAULT 'all' CHECK (audience IN ('all','family','youth','seniors')),
  age_min INTEGER NOT NULL DEFAULT 0 CHECK (age_min >= 0),
  age_max INTEGER NOT NULL DEFAULT 0 CHECK (age_max >= 0),    -- 0: no upper limit
  language TEXT NOT NULL DEFAULT 'fr',
  conditions TEXT NOT NULL DEFAULT '',
  getting_there TEXT NOT NULL DEFAULT '',                     -- how to get there (transport)
  at_the_door TEXT NOT NULL DEFAULT '',                       -- what to say at the door
  family INTEGER NOT NULL DEFAULT 0,                          -- 1: a booking may bring the household
  accessibility_motor INTEGER NOT NULL DEFAULT 0,
  accessibility_visual INTEGER NOT NULL DEFAULT 0,
  accessibility_hearing INTEGER NOT NULL DEFAULT 0,
  accessibility_mental INTEGER NOT NULL DEFAULT 0,
  accessibility_details TEXT NOT NULL DEFAULT '',
  image_type TEXT NOT NULL DEFAULT '',
  image_data TEXT NOT NULL DEFAULT '',                        -- base64, like organisation logos
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','archived')),
  search_text TEXT NOT NULL DEFAULT '',                       -- folded title, description, venue, commune
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  CHECK (age_max = 0 OR age_max >= age_min)
);
CREATE INDEX outing_offers_status ON outing_offers (status, category);
CREATE INDEX outing_offers_venue ON outing_offers (venue_id);
CREATE INDEX outing_offers_partner ON outing_offers (partner_id);

CREATE TABLE outing_slots (
  id INTEGER PRIMARY KEY,
  offer_id BIGINT NOT NULL REFERENCES outing_offers (id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL DEFAULT 0,
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  booked INTEGER NOT NULL DEFAULT 0,                          -- places held by confirmed, offered and used bookings
  opens_at BIGINT NOT NULL,                                   -- booking opens
  closes_at BIGINT NOT NULL,                                  -- booking closes
  cancel_until BIGINT NOT NULL,                               -- free cancellation until (default 48 h before)
  mode TEXT NOT NULL DEFAULT 'first_come' CHECK (mode IN ('first_come','draw')),
  draw_at BIGINT NOT NULL DEFAULT 0,                          -- draw slots: requests collected until then
  draw_seed TEXT NOT NULL DEFAULT '',
  drawn_at BIGINT NOT NULL DEFAULT 0,
  allocation_id BIGINT REFERENCES outing_allocations (id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','cancelled')),
  cancel_reason TEXT NOT NULL DEFAULT '',
  attendance_reminded_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (booked >= 0 AND booked <= capacity),
  CHECK (closes_at >= opens_at)
);
CREATE INDEX outing_slots_offer ON outing_slots (offer_id, starts_at);
CREATE INDEX outing_slots_starts ON outing_slots (starts_at, status);
CREATE INDEX outing_slots_allocation ON outing_slots (allocation_id);

-- People supported: a generated code and coarse attributes, nothing else. The referent keeps the identity.
CREATE TABLE beneficiaries (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),  -- the relais that follows the person
  referent_id BIGINT NOT NULL REFERENCES users (id),
  age_band TEXT NOT NULL CHECK (age_band IN ('0-5','6-11','12-17','18-25','26-59','60+')),
  household_size INTEGER NOT NULL DEFAULT 1 CHECK (household_size BETWEEN 1 AND 15),
  commune_code TEXT REFERENCES communes (code),
  in_qpv INTEGER NOT NULL DEFAULT 0,
  suspended_until BIGINT NOT NULL DEFAULT 0,                       -- no-show policy
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX beneficiaries_organisation ON beneficiaries (organisation_id, status);
CREATE INDEX beneficiaries_referent ON beneficiaries (referent_id);

-- requested (draw) → confirmed → used | no_show | cancelled; waiting → offered → confirmed | cancelled (expired).
CREATE TABLE bookings (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,                                  -- short code shown with a QR code
  slot_id BIGINT NOT NULL REFERENCES outing_slots (id),
  beneficiary_id BIGINT NOT NULL REFERENCES beneficiaries (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id), -- the relais
  referent_id BIGINT NOT NULL REFERENCES users (id),
  companions INTEGER NOT NULL DEFAULT 0 CHECK (companions >= 0),
  places INTEGER NOT NULL CHECK (places >= 1),                -- 1 + companions
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
  CHECK ((status = 'cancelled') = (cancel_reason <> ''))
);
CREATE UNIQUE INDEX bookings_one_active ON bookings (slot_id, beneficiary_id) WHERE status <> 'cancelled';
CREATE INDEX bookings_slot ON bookings (slot_id, status, queue_position);
CREATE INDEX bookings_beneficiary ON bookings (beneficiary_id, created_at);
CREATE INDEX bookings_organisation ON bookings (organisation_id, created_at);
CREATE INDEX bookings_referent ON bookings (referent_id, status);
CREATE INDEX bookings_offered ON bookings (status, offer_expires_at);

-- Places a structure holds on a slot, for the per-structure share of scarce slots (conditional UPDATE).
CREATE TABLE outing_slot_shares (
  slot_id BIGINT NOT NULL REFERENCES outing_slots (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  places INTEGER NOT NULL DEFAULT 0 CHECK (places >= 0),
  PRIMARY KEY (slot_id, organisation_id)
);

CREATE TABLE booking_events (
  id INTEGER PRIMARY KEY,
  booking_id BIGINT NOT NULL REFERENCES bookings (id),
  at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL DEFAULT 0,
  actor_label TEXT NOT NULL DEFAULT '',
  from_status TEXT NOT NULL DEFAULT '',
  to_status TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX booking_events_booking ON booking_events (booking_id, id);

-- After the outing: the person's reaction, and a short quote they agreed to share.
CREATE TABLE outing_feedback (
  booking_id BIGINT PRIMARY KEY REFERENCES bookings (id),
  reaction TEXT NOT NULL CHECK (reaction IN ('liked','mixed','disliked')),
  quote TEXT NOT NULL DEFAULT '',
  quote_consent INTEGER NOT NULL DEFAULT 0,
  quote_published INTEGER NOT NULL DEFAULT 0,
  recorded_by BIGINT NOT NULL DEFAULT 0,
  recorded_at BIGINT NOT NULL,
  CHECK (quote_published = 0 OR (quote_consent = 1 AND quote <> ''))
);

-- The network's booking rules (a coordinator edits them).
INSERT INTO settings (key, value) VALUES ('outings.max_companions', '1');
INSERT INTO settings (key, value) VALUES ('outings.bookings_per_month', '4');
INSERT INTO settings (key, value) VALUES ('outings.structure_share_percent', '0');
INSERT INTO settings (key, value) VALUES ('outings.no_show_limit', '3');
INSERT INTO settings (key, value) VALUES ('outings.no_show_window_months', '12');
INSERT INTO settings (key, value) VALUES ('outings.suspension_months', '3');
INSERT INTO settings (key, value) VALUES ('outings.accept_hours', '24');
INSERT INTO settings (key, value) VALUES ('outings.accept_hours_close', '4');
INSERT INTO settings (key, value) VALUES ('outings.attendance_reminder_hours', '48');
