-- Certifications (src/certification/referential, docs/certification.md): a certification belongs
-- to the organisation that manages it (its certifier); its description and its blocks, competences
-- and criteria live in versions. A version is edited in place until a registration is made on it
-- (locked_at); an edit after that makes the next version, and the locked one stays readable.
CREATE TABLE certifications (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES organisations (id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','archived')),
  current_version BIGINT NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE INDEX certifications_owner ON certifications (owner_id, status);

CREATE TABLE certification_versions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  certification_id BIGINT NOT NULL REFERENCES certifications (id),
  number INTEGER NOT NULL CHECK (number >= 1),
  title TEXT NOT NULL,
  register TEXT NOT NULL DEFAULT 'rs' CHECK (register IN ('rs','rncp')),
  registration_number TEXT NOT NULL DEFAULT '',     -- RS5xxx or RNCPxxxxx
  decision_date TEXT NOT NULL DEFAULT '',           -- 'YYYY-MM-DD' of the registration decision
  validity_end TEXT NOT NULL DEFAULT '',            -- 'YYYY-MM-DD' the registration ends
  summary TEXT NOT NULL DEFAULT '',                 -- markdown: objectives and context
  audience TEXT NOT NULL DEFAULT '',
  prerequisites TEXT NOT NULL DEFAULT '',
  modalities TEXT NOT NULL DEFAULT '',              -- the evaluation modalities, as published
  equivalences TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  locked_at BIGINT NOT NULL DEFAULT 0,              -- the first registration on it; 0 while editable
  UNIQUE (certification_id, number)
);

CREATE TABLE certification_blocks (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version_id BIGINT NOT NULL REFERENCES certification_versions (id),
  position INTEGER NOT NULL DEFAULT 0,
  code TEXT NOT NULL,                               -- BC01…, unique in its version
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  UNIQUE (version_id, code)
);
CREATE INDEX certification_blocks_version ON certification_blocks (version_id, position);

CREATE TABLE certification_competences (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  block_id BIGINT NOT NULL REFERENCES certification_blocks (id),
  position INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL
);
CREATE INDEX certification_competences_block ON certification_competences (block_id, position);

CREATE TABLE certification_criteria (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  competence_id BIGINT NOT NULL REFERENCES certification_competences (id),
  position INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL,
  modality TEXT NOT NULL CHECK (modality IN ('exercise','defence','report'))
);
CREATE INDEX certification_criteria_competence ON certification_criteria (competence_id, position);

-- Which training programme prepares which certification, and which of its modules prepares which
-- competence (the public modules × competences table). Set by the programme's organiser.
CREATE TABLE certification_preparations (
  programme_id BIGINT PRIMARY KEY REFERENCES training_programmes (id),
  certification_id BIGINT NOT NULL REFERENCES certifications (id),
  updated_at BIGINT NOT NULL
);
CREATE INDEX certification_preparations_certification ON certification_preparations (certification_id);

CREATE TABLE certification_module_competences (
  module_id BIGINT NOT NULL REFERENCES training_modules (id),
  competence_id BIGINT NOT NULL REFERENCES certification_competences (id),
  PRIMARY KEY (module_id, competence_id)
);
CREATE INDEX certification_module_competences_competence ON certification_module_competences (competence_id);
