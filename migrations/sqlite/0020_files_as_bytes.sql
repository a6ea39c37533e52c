-- Files in the database as raw bytes (BLOB), no longer base64 text (a third larger, and decoded by
-- every repository): organisation logos, offer images, partnership documents, training resources
-- and training documents. Existing rows are decoded losslessly by decode(text, 'base64'), a function
-- Trame defines on every SQLite connection (src/platform/store/bytes.hpp; PostgreSQL has it built
-- in): this migration runs through `trame migrate`, not the sqlite3 shell. A malformed value stops
-- the migration (rolled back), as on PostgreSQL.
--
-- The migration runs in one transaction with foreign keys on, so a table that other tables reference
-- (outing_offers, training_resources) cannot be dropped and rebuilt: its column is replaced in place
-- (ADD COLUMN, copy, DROP COLUMN, RENAME COLUMN; only its position among the columns changes). The
-- tables nobody references are rebuilt (SQLite's 12-step procedure), keeping their exact columns,
-- constraints and indexes, so that a column without a default keeps none.

-- organisation_logos (0009): no index, no trigger, referenced by no table.
CREATE TABLE organisation_logos_bytes (
  organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id),
  content_type TEXT NOT NULL,
  data BLOB NOT NULL,
  sha256 TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
INSERT INTO organisation_logos_bytes (organisation_id, content_type, data, sha256, updated_at)
  SELECT organisation_id, content_type, decode(data, 'base64'), sha256, updated_at FROM organisation_logos;
DROP TABLE organisation_logos;
ALTER TABLE organisation_logos_bytes RENAME TO organisation_logos;

-- partnership_documents (0011): one index, referenced by no table.
CREATE TABLE partnership_documents_bytes (
  id INTEGER PRIMARY KEY,
  partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  data BLOB NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL,
  uploaded_by BIGINT NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  deleted_at BIGINT NOT NULL DEFAULT 0,
  deleted_by BIGINT NOT NULL DEFAULT 0
);
INSERT INTO partnership_documents_bytes (id, partnership_id, file_name, content_type, size, data, sha256, uploaded_at,
                                         uploaded_by, deleted, deleted_at, deleted_by)
  SELECT id, partnership_id, file_name, content_type, size, decode(data, 'base64'), sha256, uploaded_at, uploaded_by,
         deleted, deleted_at, deleted_by FROM partnership_documents;
DROP TABLE partnership_documents;
ALTER TABLE partnership_documents_bytes RENAME TO partnership_documents;
CREATE INDEX partnership_documents_partnership ON partnership_documents (partnership_id, deleted, id);

-- training_documents (0012): two indexes, referenced by no table.
CREATE TABLE training_documents_bytes (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('convocation','attendance_sheet','certificate','attestation','hours_statement')),
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  application_id BIGINT REFERENCES training_applications (id),
  halfday_id BIGINT REFERENCES training_halfdays (id),
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,                              -- the PDF
  size_bytes BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  sent_at BIGINT NOT NULL DEFAULT 0
);
INSERT INTO training_documents_bytes (id, kind, session_id, application_id, halfday_id, file_name, sha256, data,
                                      size_bytes, created_at, created_by, sent_at)
  SELECT id, kind, session_id, application_id, halfday_id, file_name, sha256, decode(data, 'base64'), size_bytes,
         created_at, created_by, sent_at FROM training_documents;
DROP TABLE training_documents;
ALTER TABLE training_documents_bytes RENAME TO training_documents;
CREATE INDEX training_documents_session ON training_documents (session_id, kind);
CREATE INDEX training_documents_application ON training_documents (application_id, kind);

-- outing_offers (0010), referenced by outing_slots: the column is replaced in place.
ALTER TABLE outing_offers ADD COLUMN image_bytes BLOB NOT NULL DEFAULT X'';
UPDATE outing_offers SET image_bytes = decode(image_data, 'base64');
ALTER TABLE outing_offers DROP COLUMN image_data;
ALTER TABLE outing_offers RENAME COLUMN image_bytes TO image_data;

-- training_resources (0012), referenced by training_posts: the column is replaced in place.
ALTER TABLE training_resources ADD COLUMN data_bytes BLOB NOT NULL DEFAULT X'';
UPDATE training_resources SET data_bytes = decode(data, 'base64');
ALTER TABLE training_resources DROP COLUMN data;
ALTER TABLE training_resources RENAME COLUMN data_bytes TO data;
