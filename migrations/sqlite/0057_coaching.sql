-- Coaching between seminars and follow-up contacts (src/trainings/coaching; docs/trainings/coaching.md).
-- A trainee asks a trainer of their session for help on their project; a trainer (or a manager of the
-- organiser) proposes an appointment, the trainee accepts it or asks for another time; notes are written
-- by both in a thread of dated entries; the request is closed as resolved or without follow-up.

CREATE TABLE training_coaching_requests (
  id INTEGER PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  trainee_id BIGINT NOT NULL REFERENCES users (id),
  -- The preferred trainer among the session's trainers (0: « peu importe »).
  trainer_id BIGINT NOT NULL DEFAULT 0,
  subject TEXT NOT NULL,
  message TEXT NOT NULL,
  preferred_mode TEXT NOT NULL DEFAULT 'any' CHECK (preferred_mode IN ('any','visio','phone','onsite')),
  preferred_slots TEXT NOT NULL DEFAULT '',
  -- open (waiting for an answer), proposed (an appointment proposed), accepted, reschedule (another
  -- time asked), resolved, no_follow_up. Transitions: src/trainings/coaching/rules.hpp.
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','proposed','accepted','reschedule','resolved','no_follow_up')),
  appointment_at BIGINT NOT NULL DEFAULT 0,
  appointment_mode TEXT NOT NULL DEFAULT '' CHECK (appointment_mode IN ('','visio','phone','onsite')),
  appointment_place TEXT NOT NULL DEFAULT '',
  appointment_by BIGINT NOT NULL DEFAULT 0,
  answered_at BIGINT NOT NULL DEFAULT 0,
  -- The trainers reminded once of a request left without answer (claimed by a conditional UPDATE).
  reminded_at BIGINT NOT NULL DEFAULT 0,
  closed_at BIGINT NOT NULL DEFAULT 0,
  closed_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX training_coaching_requests_session ON training_coaching_requests (session_id, status);
CREATE INDEX training_coaching_requests_trainee ON training_coaching_requests (trainee_id);

-- The thread of a request: dated entries, read by the trainee, the trainers who may see the request and
-- the organiser's managers.
CREATE TABLE training_coaching_entries (
  id INTEGER PRIMARY KEY,
  request_id BIGINT NOT NULL REFERENCES training_coaching_requests (id),
  author_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('note','proposal','accepted','reschedule','closed')),
  body TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX training_coaching_entries_request ON training_coaching_entries (request_id, id);

-- Follow-up contacts ("têtes de réseau"): a person who follows some trainees of a session (one row per
-- trainee followed); they read those trainees' individual follow-up and attendance.
CREATE TABLE training_followup_contacts (
  id INTEGER PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  added_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (user_id, application_id)
);
CREATE INDEX training_followup_contacts_session ON training_followup_contacts (session_id, user_id);
