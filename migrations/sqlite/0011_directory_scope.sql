-- Directory, continued (issue 3): coordinators limited to a délégation, QPV as an attribute of
-- places and spanning several communes, filters by QPV and partnership status, partnership documents.

-- A coordinator's membership may name the délégation they coordinate (NULL: the whole network).
ALTER TABLE memberships ADD COLUMN delegation_id BIGINT REFERENCES delegations (id);

-- A QPV may lie in several communes; priority_areas.commune_code stays as the main commune.
CREATE TABLE priority_area_communes (
  priority_area_code TEXT NOT NULL REFERENCES priority_areas (code),
  commune_code TEXT NOT NULL REFERENCES communes (code),
  PRIMARY KEY (priority_area_code, commune_code)
);
CREATE INDEX priority_area_communes_commune ON priority_area_communes (commune_code);
INSERT INTO priority_area_communes (priority_area_code, commune_code) SELECT code, commune_code FROM priority_areas;

-- The QPV an organisation is located in (one of its commune's).
ALTER TABLE organisations ADD COLUMN priority_area_code TEXT REFERENCES priority_areas (code);
CREATE INDEX organisations_priority_area ON organisations (priority_area_code);

-- The directory's filter by partnership status looks partnerships up from either side.
CREATE INDEX partnerships_organisation_status ON partnerships (organisation_id, status);
CREATE INDEX partnerships_partner_status ON partnerships (partner_id, status);

-- Documents of a partnership (signed agreement, charter…), kept in the database (base64) like logos.
-- Never hard-deleted: removing one sets deleted, and the history says who and when.
CREATE TABLE partnership_documents (
  id INTEGER PRIMARY KEY,
  partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  data TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL,
  uploaded_by BIGINT NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  deleted_at BIGINT NOT NULL DEFAULT 0,
  deleted_by BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX partnership_documents_partnership ON partnership_documents (partnership_id, deleted, id);
