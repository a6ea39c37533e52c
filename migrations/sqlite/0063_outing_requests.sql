-- Requests for group visits of offers « sur demande » (issue 19, docs/outings.md « Demandes de visite de
-- groupe »): a referent of a relais asks for one to three dates, the venue proposes another or accepts one;
-- an accepted request makes a slot and a confirmed group booking on it, in one transaction.
-- sent → (proposed ↔ sent) → accepted | declined | withdrawn.
ALTER TABLE outing_offers ADD COLUMN on_request INTEGER NOT NULL DEFAULT 0;

CREATE TABLE outing_requests (
  id INTEGER PRIMARY KEY,
  offer_id BIGINT NOT NULL REFERENCES outing_offers (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),  -- the relais
  requested_by BIGINT NOT NULL REFERENCES users (id),
  status TEXT NOT NULL CHECK (status IN ('sent','proposed','accepted','declined','withdrawn')),
  date1 BIGINT NOT NULL,                          -- wanted start (epoch seconds)
  date2 BIGINT NOT NULL DEFAULT 0,                -- 0: none
  date3 BIGINT NOT NULL DEFAULT 0,
  proposed_at BIGINT NOT NULL DEFAULT 0,          -- the venue's proposed start (status proposed)
  age_0_5 INTEGER NOT NULL DEFAULT 0 CHECK (age_0_5 >= 0),
  age_6_11 INTEGER NOT NULL DEFAULT 0 CHECK (age_6_11 >= 0),
  age_12_17 INTEGER NOT NULL DEFAULT 0 CHECK (age_12_17 >= 0),
  age_18_25 INTEGER NOT NULL DEFAULT 0 CHECK (age_18_25 >= 0),
  age_26_59 INTEGER NOT NULL DEFAULT 0 CHECK (age_26_59 >= 0),
  age_60_plus INTEGER NOT NULL DEFAULT 0 CHECK (age_60_plus >= 0),
  staff INTEGER NOT NULL DEFAULT 0 CHECK (staff >= 0),
  needs INTEGER NOT NULL DEFAULT 0 CHECK (needs >= 0),
  decline_reason TEXT NOT NULL DEFAULT '',
  slot_id BIGINT REFERENCES outing_slots (id),     -- when accepted
  booking_id BIGINT REFERENCES bookings (id),      -- when accepted
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX outing_requests_offer ON outing_requests (offer_id, status, created_at);
CREATE INDEX outing_requests_organisation ON outing_requests (organisation_id, status, created_at);

-- The thread: messages of either side, and the steps (proposal, acceptance…) as lines of it.
CREATE TABLE outing_request_messages (
  id INTEGER PRIMARY KEY,
  request_id BIGINT NOT NULL REFERENCES outing_requests (id),
  author_id BIGINT NOT NULL REFERENCES users (id),
  side TEXT NOT NULL CHECK (side IN ('relais','venue')),
  kind TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message','sent','proposed','accepted','declined','withdrawn')),
  body TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX outing_request_messages_request ON outing_request_messages (request_id, id);
