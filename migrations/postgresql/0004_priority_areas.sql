-- Priority neighbourhoods (quartiers prioritaires de la politique de la ville, QPV), imported from
-- the official list as CSV. A QPV is attached to the commune that holds it; the commune must have
-- been imported (trame import territory) first.
CREATE TABLE priority_areas (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  commune_code TEXT NOT NULL REFERENCES communes (code),
  imported_at BIGINT NOT NULL
);
CREATE INDEX priority_areas_commune ON priority_areas (commune_code, name);
