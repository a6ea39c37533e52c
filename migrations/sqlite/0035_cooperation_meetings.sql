-- Meetings of cooperation projects (src/cooperation/meetings; docs/cooperation/meetings.md): the
-- meeting and its agenda, the invitations sent (e-mail with an ICS file) and their answers, who was
-- present (members, organisations of the directory, a count of other participants without names), and
-- the report's minutes.

CREATE TABLE cooperation_meetings (
  id INTEGER PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  title TEXT NOT NULL,
  -- Unix seconds; the pages show them in Europe/Paris.
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  -- Where it takes place: a place, a video link, or both.
  place TEXT NOT NULL DEFAULT '',
  video_url TEXT NOT NULL DEFAULT '',
  -- planned, held (its attendance was recorded), cancelled.
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','held','cancelled')),
  -- The calendar files' SEQUENCE: grows with every change the invited people's calendars must follow
  -- (title, times, place, cancellation).
  sequence BIGINT NOT NULL DEFAULT 0,
  -- Participants who are not members, counted without names (inhabitants…), and who they were.
  others_count BIGINT NOT NULL DEFAULT 0,
  others_label TEXT NOT NULL DEFAULT '',
  -- The report's minutes, in markdown (rendered in safe mode).
  minutes TEXT NOT NULL DEFAULT '',
  minutes_by BIGINT NOT NULL DEFAULT 0,
  minutes_at BIGINT NOT NULL DEFAULT 0,
  held_at BIGINT NOT NULL DEFAULT 0,
  cancelled_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX cooperation_meetings_project ON cooperation_meetings (project_id, starts_at);

-- The agenda, in order; a facilitation method of the methods library may be named (0: none).
CREATE TABLE cooperation_meeting_agenda (
  id INTEGER PRIMARY KEY,
  meeting_id BIGINT NOT NULL REFERENCES cooperation_meetings (id),
  position BIGINT NOT NULL,
  title TEXT NOT NULL,
  duration_minutes BIGINT NOT NULL DEFAULT 0,
  method_id BIGINT NOT NULL DEFAULT 0,
  UNIQUE (meeting_id, position)
);

-- Who was invited (members of the project), when, with which SEQUENCE, and their answer.
CREATE TABLE cooperation_meeting_invitations (
  id INTEGER PRIMARY KEY,
  meeting_id BIGINT NOT NULL REFERENCES cooperation_meetings (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  invited_at BIGINT NOT NULL,
  sent_sequence BIGINT NOT NULL DEFAULT 0,
  answer TEXT NOT NULL DEFAULT '' CHECK (answer IN ('','yes','no','maybe')),
  answered_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (meeting_id, user_id)
);
CREATE INDEX cooperation_meeting_invitations_user ON cooperation_meeting_invitations (user_id);

-- The members who were present.
CREATE TABLE cooperation_meeting_attendees (
  meeting_id BIGINT NOT NULL REFERENCES cooperation_meetings (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  PRIMARY KEY (meeting_id, user_id)
);

-- The organisations of the directory that were present.
CREATE TABLE cooperation_meeting_organisations (
  meeting_id BIGINT NOT NULL REFERENCES cooperation_meetings (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (meeting_id, organisation_id)
);
