-- The directory: what the network knows about each organisation.
ALTER TABLE organisations ADD COLUMN sector TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN subtype TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN siret TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN commune_code TEXT REFERENCES communes (code);
ALTER TABLE organisations ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN public_email TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN access_motor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN access_visual INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN access_hearing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN access_mental INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN accessibility_note TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN public_listing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN provenance TEXT NOT NULL DEFAULT 'manual';
-- Lower-case, accent-free text of the searchable fields, maintained by the service.
ALTER TABLE organisations ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

-- Two organisations may share a name in different communes; duplicates are checked by the service
-- (same SIRET, or same name in the same commune).
DROP INDEX organisations_name;
CREATE INDEX organisations_name ON organisations (lower(name));
CREATE INDEX organisations_commune ON organisations (commune_code);
CREATE INDEX organisations_kind ON organisations (kind, status);
CREATE INDEX organisations_siret ON organisations (siret);
UPDATE organisations SET search_text = lower(name);
