-- CSV imports of organisations: the uploaded file is kept between its preview and its confirmation.
-- status: 'pending' until confirmed, then 'imported' (a batch is imported once). Times are unix seconds.
CREATE TABLE import_batches (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL,
  file_name TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','imported')),
  imported_at BIGINT NOT NULL DEFAULT 0,
  imported_count BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX import_batches_user ON import_batches (user_id, created_at);
