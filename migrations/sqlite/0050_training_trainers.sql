-- Trainer profiles (docs/trainings/trainers.md): expertise, years of practice, a CV (PDF, base64 TEXT like the
-- other stored files), consent to be shown publicly (off by default), and the dated entries of keeping skills
-- up to date (Qualiopi indicators 21-22). One profile per user; entries belong to the user.
CREATE TABLE training_trainer_profiles (
  id INTEGER PRIMARY KEY,
  user_id BIGINT NOT NULL UNIQUE REFERENCES users (id),
  expertise TEXT NOT NULL DEFAULT '',
  years_practice BIGINT NOT NULL DEFAULT 0 CHECK (years_practice BETWEEN 0 AND 70),
  public_consent BIGINT NOT NULL DEFAULT 0 CHECK (public_consent IN (0, 1)),
  consent_at BIGINT NOT NULL DEFAULT 0,
  cv_data TEXT NOT NULL DEFAULT '',
  cv_name TEXT NOT NULL DEFAULT '',
  cv_size BIGINT NOT NULL DEFAULT 0,
  cv_sha256 TEXT NOT NULL DEFAULT '',
  cv_uploaded_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE training_trainer_skills (
  id INTEGER PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  day TEXT NOT NULL,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('course','conference','reading','practice')),
  minutes BIGINT NOT NULL DEFAULT 0 CHECK (minutes >= 0),
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX training_trainer_skills_user ON training_trainer_skills (user_id, day);
