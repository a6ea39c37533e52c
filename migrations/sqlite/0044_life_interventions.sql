-- Interventions on request (src/network_life/interventions; docs/network_life/interventions.md): the
-- catalogue of installations and animations an organiser offers on request (the escape game « théâtre
-- Bavard »), and the requests structures make for them: wanted dates, audience, place, the organiser's
-- decision (accepted with a date and times, or declined with a reason), the schedule, the attendance by
-- category (counts, never names) and the feedback.

CREATE TABLE life_intervention_offers (
  id INTEGER PRIMARY KEY,
  -- The organiser (network_life.manage there decides).
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  duration_minutes BIGINT NOT NULL DEFAULT 0,
  audience TEXT NOT NULL DEFAULT '',
  -- Participants per run (0: not said).
  capacity BIGINT NOT NULL DEFAULT 0,
  -- What the place must provide (room size, power, tables…).
  needs TEXT NOT NULL DEFAULT '',
  -- Shown in the public catalogue and open to requests.
  published BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX life_intervention_offers_organiser ON life_intervention_offers (organiser_id);

CREATE TABLE life_intervention_requests (
  id INTEGER PRIMARY KEY,
  offer_id BIGINT NOT NULL REFERENCES life_intervention_offers (id),
  -- The offer's organiser, copied (who decides).
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  -- The requesting structure (its staff see the request) and who asked (0: recorded for them).
  requester_org_id BIGINT NOT NULL REFERENCES organisations (id),
  requested_by BIGINT NOT NULL DEFAULT 0,
  -- requested → scheduled (accepted on a wanted date) or accepted (another date proposed, awaiting the
  -- requester's confirmation) or declined; accepted → scheduled; scheduled → done; requested, accepted
  -- or scheduled → cancelled.
  status TEXT NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested','accepted','declined','scheduled','done','cancelled')),
  -- Up to three wanted days 'YYYY-MM-DD' ('' when not given) and a part of the day.
  date1 TEXT NOT NULL,
  date2 TEXT NOT NULL DEFAULT '',
  date3 TEXT NOT NULL DEFAULT '',
  audience TEXT NOT NULL CHECK (audience IN ('children','youth','adults','seniors','families','mixed')),
  expected_count BIGINT NOT NULL,
  -- The place: an organisation of the directory, its address (as typed) and neighbourhood.
  place_org_id BIGINT NOT NULL REFERENCES organisations (id),
  place_address TEXT NOT NULL DEFAULT '',
  neighbourhood TEXT NOT NULL DEFAULT '',
  priority_area BIGINT NOT NULL DEFAULT 0,
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  contact_phone TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  -- The decision.
  decided_by BIGINT NOT NULL DEFAULT 0,
  decided_at BIGINT NOT NULL DEFAULT 0,
  decline_reason TEXT NOT NULL DEFAULT '',
  decision_note TEXT NOT NULL DEFAULT '',
  -- The schedule (unix seconds; 0 until accepted) and its calendar files' SEQUENCE.
  starts_at BIGINT NOT NULL DEFAULT 0,
  ends_at BIGINT NOT NULL DEFAULT 0,
  sequence BIGINT NOT NULL DEFAULT 0,
  scheduled_at BIGINT NOT NULL DEFAULT 0,
  -- The reminder's claim two days before (unix seconds; 0: not sent), set in the write that queues it.
  reminder_sent_at BIGINT NOT NULL DEFAULT 0,
  -- Cancelled: by whom, when, why.
  cancelled_by BIGINT NOT NULL DEFAULT 0,
  cancelled_at BIGINT NOT NULL DEFAULT 0,
  cancel_reason TEXT NOT NULL DEFAULT '',
  -- Attendance by category (counts, never names), recorded after the start: the request is then done.
  attended_children BIGINT NOT NULL DEFAULT 0,
  attended_youth BIGINT NOT NULL DEFAULT 0,
  attended_adults BIGINT NOT NULL DEFAULT 0,
  attended_seniors BIGINT NOT NULL DEFAULT 0,
  done_at BIGINT NOT NULL DEFAULT 0,
  -- Feedback: the team's short text, the requester's satisfaction (0: none, else 1 to 5) and comment.
  team_feedback TEXT NOT NULL DEFAULT '',
  satisfaction BIGINT NOT NULL DEFAULT 0 CHECK (satisfaction BETWEEN 0 AND 5),
  satisfaction_comment TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX life_intervention_requests_offer ON life_intervention_requests (offer_id);
CREATE INDEX life_intervention_requests_organiser ON life_intervention_requests (organiser_id, status);
CREATE INDEX life_intervention_requests_requester ON life_intervention_requests (requester_org_id, status);
