-- A professional profile that each person decides to show in the directory, or not (off by default).
ALTER TABLE users ADD COLUMN job_title TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN profile_visible INTEGER NOT NULL DEFAULT 0;
CREATE INDEX users_profile_visible ON users (profile_visible);
