-- Trainings: programmes (the catalogue), sessions per délégation split into half-days, applications
-- and admission, funding lines, attendance per half-day, follow-up, toolbox and group space, generated
-- documents, and the quality registers (complaints, improvement actions).
-- Times are unix seconds (UTC); dates 'YYYY-MM-DD'; booleans 0/1; money in cents; durations in minutes.
-- Binary files are kept as base64 TEXT (as organisation logos). Seats are protected here, not in C++:
-- training_sessions.seats_taken only moves through conditional UPDATEs and is bounded by a CHECK.

CREATE TABLE training_programmes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',                -- markdown: why this training
  objectives TEXT NOT NULL DEFAULT '',             -- one objective per line
  competences TEXT NOT NULL DEFAULT '',            -- one expected competence per line
  audience TEXT NOT NULL DEFAULT '',               -- one target audience per line
  prerequisites TEXT NOT NULL DEFAULT '',
  admission TEXT NOT NULL DEFAULT '',              -- admission process (e.g. on file + interview)
  duration_days INTEGER NOT NULL DEFAULT 0 CHECK (duration_days >= 0),
  duration_minutes INTEGER NOT NULL DEFAULT 0 CHECK (duration_minutes >= 0),
  teaching_methods TEXT NOT NULL DEFAULT '',
  evaluation_methods TEXT NOT NULL DEFAULT '',
  price_cents BIGINT NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
  funding TEXT NOT NULL DEFAULT '',                -- comma-separated funder codes (opco,france_travail,region,employer,cpf,departement,self)
  accessibility TEXT NOT NULL DEFAULT '',
  disability_referent_id BIGINT REFERENCES users (id),  -- the only person who reads adaptation requests
  disability_contact TEXT NOT NULL DEFAULT '',     -- name, phone, e-mail shown publicly
  contacts TEXT NOT NULL DEFAULT '',
  nature TEXT NOT NULL DEFAULT 'action_formation' CHECK (nature IN ('action_formation','bilan','vae','apprentissage')),
  mixed_threshold INTEGER NOT NULL DEFAULT 70 CHECK (mixed_threshold BETWEEN 50 AND 100), -- % of one profile above which a cohort is one-sided
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','archived')),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE INDEX training_programmes_organiser ON training_programmes (organiser_id, status);

CREATE TABLE training_modules (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id BIGINT NOT NULL REFERENCES training_programmes (id),
  position INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',                -- markdown
  duration_minutes INTEGER NOT NULL DEFAULT 0 CHECK (duration_minutes >= 0)
);
CREATE INDEX training_modules_programme ON training_modules (programme_id, position);

CREATE TABLE training_sessions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id BIGINT NOT NULL REFERENCES training_programmes (id),
  title TEXT NOT NULL,                             -- e.g. "Pays d'Ancenis 2022-2023"
  theme TEXT NOT NULL DEFAULT '',                  -- the session's guiding question
  delegation_id BIGINT REFERENCES delegations (id),
  commune_code TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',                  -- venue name
  address TEXT NOT NULL DEFAULT '',
  access TEXT NOT NULL DEFAULT '',                 -- how to get there
  rules TEXT NOT NULL DEFAULT '',                  -- rules of conduct (convocation)
  min_trainees INTEGER NOT NULL DEFAULT 1 CHECK (min_trainees >= 1),
  max_trainees INTEGER NOT NULL CHECK (max_trainees >= 1),
  seats_taken INTEGER NOT NULL DEFAULT 0,          -- admitted + confirmed (+ running) trainees
  application_deadline BIGINT NOT NULL DEFAULT 0,  -- 0: start - trainings.deadline_days
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','open','confirmed','running','completed','cancelled')),
  cancel_reason TEXT NOT NULL DEFAULT '',
  starts_at BIGINT NOT NULL DEFAULT 0,             -- kept equal to the first half-day's start
  ends_at BIGINT NOT NULL DEFAULT 0,               -- kept equal to the last half-day's end
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  CHECK (min_trainees <= max_trainees),
  CHECK (seats_taken >= 0 AND seats_taken <= max_trainees)
);
CREATE INDEX training_sessions_programme ON training_sessions (programme_id, starts_at);
CREATE INDEX training_sessions_start ON training_sessions (status, starts_at);

CREATE TABLE training_seminars (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  position INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL
);
CREATE INDEX training_seminars_session ON training_seminars (session_id, position);

-- A half-day: the unit of attendance. The trainer opens its sheet (a short one-time code, hashed,
-- or a QR of it), trainees sign, the trainer countersigns: the sheet is then locked.
CREATE TABLE training_halfdays (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  seminar_id BIGINT REFERENCES training_seminars (id),
  module_id BIGINT REFERENCES training_modules (id),
  day TEXT NOT NULL,                               -- 'YYYY-MM-DD' (Europe/Paris)
  period TEXT NOT NULL CHECK (period IN ('am','pm')),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  sheet_status TEXT NOT NULL DEFAULT 'closed' CHECK (sheet_status IN ('closed','open','locked')),
  sign_code_hash TEXT NOT NULL DEFAULT '',
  sign_code_expires_at BIGINT NOT NULL DEFAULT 0,
  opened_at BIGINT NOT NULL DEFAULT 0,
  opened_by BIGINT NOT NULL DEFAULT 0,
  countersigned_at BIGINT NOT NULL DEFAULT 0,
  countersigned_by BIGINT NOT NULL DEFAULT 0,
  CHECK (ends_at > starts_at),
  UNIQUE (session_id, day, period)
);
CREATE INDEX training_halfdays_start ON training_halfdays (starts_at);

CREATE TABLE training_session_trainers (
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  lead INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, user_id)
);
CREATE INDEX training_session_trainers_user ON training_session_trainers (user_id);

-- A personal calendar feed (ICS) for trainers and trainees: a secret URL a calendar app can poll.
CREATE TABLE training_calendar_feeds (
  user_id BIGINT PRIMARY KEY REFERENCES users (id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

-- An application to a session, then the enrolment. status:
-- submitted → interview → admitted | waiting | refused; admitted → confirmed → completed | dropped_out;
-- any open state → withdrawn. seats_taken counts admitted and confirmed (and completed) applications.
CREATE TABLE training_applications (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','interview','admitted','waiting','refused','confirmed','withdrawn','completed','dropped_out')),
  sector TEXT NOT NULL CHECK (sector IN ('social','cultural','other')),
  organisation_id BIGINT REFERENCES organisations (id),
  organisation_name TEXT NOT NULL DEFAULT '',
  job_role TEXT NOT NULL DEFAULT '',
  motivation TEXT NOT NULL DEFAULT '',
  project TEXT NOT NULL DEFAULT '',                -- the cultural action or territory they bring
  funding_intended TEXT NOT NULL DEFAULT '',       -- a funder code
  adaptation_request TEXT NOT NULL DEFAULT '',     -- confidential: only the disability referent reads it
  requested_at BIGINT NOT NULL,
  access_delay_days INTEGER NOT NULL DEFAULT 0,    -- session start - request, in days (computed at request)
  early_request INTEGER NOT NULL DEFAULT 0,        -- more than 4 months before the start
  decision_reason TEXT NOT NULL DEFAULT '',
  decided_at BIGINT NOT NULL DEFAULT 0,
  decided_by BIGINT NOT NULL DEFAULT 0,
  waiting_since BIGINT NOT NULL DEFAULT 0,         -- order of the waiting list
  confirmed_at BIGINT NOT NULL DEFAULT 0,
  withdrawn_at BIGINT NOT NULL DEFAULT 0,
  dropout_at BIGINT NOT NULL DEFAULT 0,
  dropout_cause TEXT NOT NULL DEFAULT '' CHECK (dropout_cause IN ('','health','work','personal','content','funding','other')),
  dropout_detail TEXT NOT NULL DEFAULT '',
  group_mail INTEGER NOT NULL DEFAULT 1,           -- e-mails from the group space
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX training_applications_one_open ON training_applications (session_id, user_id) WHERE status NOT IN ('withdrawn','refused');
CREATE INDEX training_applications_user ON training_applications (user_id, status);
CREATE INDEX training_applications_session ON training_applications (session_id, status);

CREATE TABLE training_interviews (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  scheduled_at BIGINT NOT NULL,
  minutes INTEGER NOT NULL DEFAULT 30 CHECK (minutes > 0),
  place TEXT NOT NULL DEFAULT '',                  -- a room, or "téléphone", or a visio link
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','confirmed','declined','done','cancelled')),
  interviewer_id BIGINT NOT NULL DEFAULT 0,
  note_motivation TEXT NOT NULL DEFAULT '',
  note_project TEXT NOT NULL DEFAULT '',
  note_availability TEXT NOT NULL DEFAULT '',
  note_funding TEXT NOT NULL DEFAULT '',
  note_adaptation TEXT NOT NULL DEFAULT '',        -- whether an adaptation is needed (no detail)
  recommendation TEXT NOT NULL DEFAULT '' CHECK (recommendation IN ('','admit','wait','refuse')),
  created_at BIGINT NOT NULL,
  answered_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX training_interviews_application ON training_interviews (application_id);

CREATE TABLE training_funding_lines (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  funder TEXT NOT NULL CHECK (funder IN ('opco','france_travail','region','employer','cpf','departement','self','other')),
  funder_name TEXT NOT NULL DEFAULT '',
  amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
  minutes_covered INTEGER NOT NULL DEFAULT 0 CHECK (minutes_covered >= 0),
  agreement_ref TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested','agreed','refused','invoiced','paid')),
  due_cents BIGINT NOT NULL DEFAULT 0,             -- recomputed pro rata of attended minutes
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX training_funding_lines_application ON training_funding_lines (application_id);

-- One row per trainee and half-day once signed or marked. signature: 'self' (signed on their phone
-- with the sheet's code), 'trainer' (marked by the trainer).
CREATE TABLE training_attendance (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  halfday_id BIGINT NOT NULL REFERENCES training_halfdays (id),
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  status TEXT NOT NULL CHECK (status IN ('present','absent','excused')),
  signature TEXT NOT NULL DEFAULT 'trainer' CHECK (signature IN ('self','trainer')),
  signed_at BIGINT NOT NULL,
  recorded_by BIGINT NOT NULL DEFAULT 0,
  UNIQUE (halfday_id, application_id)
);
CREATE INDEX training_attendance_application ON training_attendance (application_id);

-- Changes to a locked sheet, with their reason (the sheet itself is never rewritten silently).
CREATE TABLE training_attendance_corrections (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  halfday_id BIGINT NOT NULL REFERENCES training_halfdays (id),
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  old_status TEXT NOT NULL DEFAULT '',
  new_status TEXT NOT NULL,
  reason TEXT NOT NULL,
  corrected_by BIGINT NOT NULL,
  corrected_at BIGINT NOT NULL
);
CREATE INDEX training_attendance_corrections_halfday ON training_attendance_corrections (halfday_id);

-- Contacts made with a trainee: after a dropout, or when absences pile up.
CREATE TABLE training_contacts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  contacted_at BIGINT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('phone','email','meeting','letter')),
  summary TEXT NOT NULL,
  recorded_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX training_contacts_application ON training_contacts (application_id);

-- Individual follow-up between seminars: an appointment and the trainer's structured notes,
-- visible to the trainee.
CREATE TABLE training_followups (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  trainer_id BIGINT NOT NULL REFERENCES users (id),
  meeting_at BIGINT NOT NULL,
  mode TEXT NOT NULL DEFAULT 'meeting' CHECK (mode IN ('meeting','phone','visio')),
  objective TEXT NOT NULL DEFAULT '',
  progress TEXT NOT NULL DEFAULT '',
  next_step TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX training_followups_application ON training_followups (application_id, meeting_at);

-- The toolbox: resources of a session, classified by module (files, links, markdown notes).
CREATE TABLE training_resources (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  module_id BIGINT REFERENCES training_modules (id),
  kind TEXT NOT NULL CHECK (kind IN ('file','link','note')),
  title TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',                   -- markdown for notes
  file_name TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '',                   -- base64
  size_bytes BIGINT NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  shared_by_trainee INTEGER NOT NULL DEFAULT 0,    -- shared from the group space
  deleted INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX training_resources_session ON training_resources (session_id, deleted, module_id);

-- The group space of a session: threads and replies.
CREATE TABLE training_threads (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  title TEXT NOT NULL,
  author_id BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  last_post_at BIGINT NOT NULL,
  posts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX training_threads_session ON training_threads (session_id, last_post_at);

CREATE TABLE training_posts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  thread_id BIGINT NOT NULL REFERENCES training_threads (id),
  author_id BIGINT NOT NULL REFERENCES users (id),
  body TEXT NOT NULL,                              -- markdown (safe)
  resource_id BIGINT REFERENCES training_resources (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX training_posts_thread ON training_posts (thread_id, created_at);

-- Trainers who turned off the group space's e-mails (trainees: training_applications.group_mail).
CREATE TABLE training_group_mutes (
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  PRIMARY KEY (session_id, user_id)
);

-- Every generated document (convocation, attendance sheet, certificate of completion, completion
-- attestation, hours statement), stored with its hash and when it was sent.
CREATE TABLE training_documents (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('convocation','attendance_sheet','certificate','attestation','hours_statement')),
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  application_id BIGINT REFERENCES training_applications (id),
  halfday_id BIGINT REFERENCES training_halfdays (id),
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  data TEXT NOT NULL,                              -- base64 PDF
  size_bytes BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  sent_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX training_documents_session ON training_documents (session_id, kind);
CREATE INDEX training_documents_application ON training_documents (application_id, kind);

-- Quality registers (Qualiopi indicators 31-32).
CREATE TABLE quality_complaints (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT REFERENCES organisations (id),   -- the organiser concerned
  programme_id BIGINT REFERENCES training_programmes (id),
  session_id BIGINT REFERENCES training_sessions (id),
  complainant_kind TEXT NOT NULL CHECK (complainant_kind IN ('trainee','funder','trainer','employer','other')),
  complainant_name TEXT NOT NULL,
  complainant_email TEXT NOT NULL,
  user_id BIGINT REFERENCES users (id),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received','acknowledged','assigned','answered','closed')),
  assigned_to BIGINT REFERENCES users (id),
  received_at BIGINT NOT NULL,
  acknowledged_at BIGINT NOT NULL DEFAULT 0,
  due_at BIGINT NOT NULL,                          -- received + quality.complaint_answer_days
  answer TEXT NOT NULL DEFAULT '',
  answered_at BIGINT NOT NULL DEFAULT 0,
  closed_at BIGINT NOT NULL DEFAULT 0,
  closing_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX quality_complaints_organisation ON quality_complaints (organisation_id, status, received_at);

CREATE TABLE quality_actions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  programme_id BIGINT REFERENCES training_programmes (id),
  source TEXT NOT NULL CHECK (source IN ('complaint','dropout','questionnaire','audit','other')),
  complaint_id BIGINT REFERENCES quality_complaints (id),
  application_id BIGINT REFERENCES training_applications (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  owner_id BIGINT REFERENCES users (id),
  due_on TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','abandoned')),
  result TEXT NOT NULL DEFAULT '',
  done_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX quality_actions_organisation ON quality_actions (organisation_id, status, due_on);
