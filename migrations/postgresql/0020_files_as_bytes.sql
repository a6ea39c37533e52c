-- Files in the database as raw bytes (BYTEA), no longer base64 text (a third larger, and decoded by
-- every repository): organisation logos, offer images, partnership documents, training resources
-- and training documents. Existing rows are decoded in place, losslessly; a column that defaulted to
-- '' now defaults to the empty bytea. Trame writes them with decode(:hex, 'hex') and reads them with
-- encode(col, 'hex') (src/platform/store/bytes.hpp).
ALTER TABLE organisation_logos ALTER COLUMN data TYPE BYTEA USING decode(data, 'base64');

ALTER TABLE outing_offers ALTER COLUMN image_data DROP DEFAULT,
  ALTER COLUMN image_data TYPE BYTEA USING decode(image_data, 'base64'),
  ALTER COLUMN image_data SET DEFAULT '\x';

ALTER TABLE partnership_documents ALTER COLUMN data TYPE BYTEA USING decode(data, 'base64');

ALTER TABLE training_resources ALTER COLUMN data DROP DEFAULT,
  ALTER COLUMN data TYPE BYTEA USING decode(data, 'base64'),
  ALTER COLUMN data SET DEFAULT '\x';

ALTER TABLE training_documents ALTER COLUMN data TYPE BYTEA USING decode(data, 'base64');
