-- The alumni space of a programme (src/trainings/alumni; docs/trainings/alumni.md): former trainees
-- (a completed application in any session of the programme) who chose to join, and its threads, replies
-- and shared files. The threads' code is the group space's (src/trainings/training_space), generalised
-- to a space that is a session's group (training_threads…) or a programme's alumni space (these tables,
-- same shape, owned by the programme).
CREATE TABLE training_alumni_members (
  programme_id BIGINT NOT NULL REFERENCES training_programmes (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  joined_at BIGINT NOT NULL,
  mail INTEGER NOT NULL DEFAULT 1 CHECK (mail IN (0, 1)),   -- e-mails of new threads and replies
  PRIMARY KEY (programme_id, user_id)
);
CREATE INDEX training_alumni_members_user ON training_alumni_members (user_id);

-- Staff (the organiser's managers) who turned the alumni space's e-mails off.
CREATE TABLE training_alumni_mutes (
  programme_id BIGINT NOT NULL REFERENCES training_programmes (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  PRIMARY KEY (programme_id, user_id)
);

CREATE TABLE training_alumni_files (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id BIGINT NOT NULL REFERENCES training_programmes (id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  data BYTEA NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX training_alumni_files_programme ON training_alumni_files (programme_id);

CREATE TABLE training_alumni_threads (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id BIGINT NOT NULL REFERENCES training_programmes (id),
  title TEXT NOT NULL,
  author_id BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  last_post_at BIGINT NOT NULL,
  posts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX training_alumni_threads_programme ON training_alumni_threads (programme_id, last_post_at);

CREATE TABLE training_alumni_posts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  thread_id BIGINT NOT NULL REFERENCES training_alumni_threads (id),
  author_id BIGINT NOT NULL REFERENCES users (id),
  body TEXT NOT NULL,
  resource_id BIGINT REFERENCES training_alumni_files (id),
  deleted INTEGER NOT NULL DEFAULT 0,               -- removed by a moderator (the row stays, the body is emptied)
  deleted_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX training_alumni_posts_thread ON training_alumni_posts (thread_id, created_at);
