-- The shared diagnosis of a cooperation project (src/cooperation/diagnosis; docs/cooperation/diagnosis.md):
-- sections written together in markdown, and every saved revision of each.

CREATE TABLE cooperation_diagnosis_sections (
  id INTEGER PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  -- context, resources, needs, voices, initiatives for the sections every project starts with
  -- (made on the diagnosis' first visit); '' for a section a facilitator added.
  key TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  position BIGINT NOT NULL,
  -- The number of the latest revision (0: never written). A save is written only when the
  -- revision it started from is still this one: UPDATE … SET revision = revision + 1 WHERE
  -- revision = <its base> (compare-and-set), in the transaction that adds the revision.
  revision BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX cooperation_diagnosis_sections_key ON cooperation_diagnosis_sections (project_id, key) WHERE key <> '';
CREATE INDEX cooperation_diagnosis_sections_project ON cooperation_diagnosis_sections (project_id, position);

-- Every saved text of a section, numbered 1, 2, 3… within it; never changed once written.
CREATE TABLE cooperation_diagnosis_revisions (
  id INTEGER PRIMARY KEY,
  diagnosis_section_id BIGINT NOT NULL REFERENCES cooperation_diagnosis_sections (id),
  number BIGINT NOT NULL,
  body TEXT NOT NULL,
  author_id BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  UNIQUE (diagnosis_section_id, number)
);
