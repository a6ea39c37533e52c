-- Organisation logos, kept in the database (base64) so that every instance serves them and
-- backups hold them. Only PNG, JPEG and WebP are accepted (checked by their first bytes).
CREATE TABLE organisation_logos (
  organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id),
  content_type TEXT NOT NULL,
  data TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
