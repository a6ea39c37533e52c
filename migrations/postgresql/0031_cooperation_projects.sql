-- Cooperation projects (src/cooperation/projects; docs/cooperation.md): a territorial project that
-- social and cultural actors run together, its territory, partners, members and phases.

CREATE TABLE cooperation_projects (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title TEXT NOT NULL,
  -- The question the project answers ("Comment créer, tisser des liens intergénérationnels … ?").
  question TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  -- How the territory was chosen: communes (a list), an EPCI (its SIREN) or a délégation (its id);
  -- the communes it covers are kept in cooperation_project_communes either way.
  territory_kind TEXT NOT NULL DEFAULT 'communes' CHECK (territory_kind IN ('communes','epci','delegation')),
  territory_ref TEXT NOT NULL DEFAULT '',
  territory_label TEXT NOT NULL DEFAULT '',
  -- members: only its members see it; network: any signed-in person reads it; public: anyone reads
  -- its public summary (title, territory, question, partners, phases), the network reads the rest.
  visibility TEXT NOT NULL DEFAULT 'members' CHECK (visibility IN ('members','network','public')),
  phase TEXT NOT NULL DEFAULT 'diagnosis' CHECK (phase IN ('diagnosis','design','implementation','evaluation','closed')),
  -- The organisation that carries it (the creator's, may be 0: none).
  organisation_id BIGINT NOT NULL DEFAULT 0,
  -- The training session whose trainees co-build it (0: none); one project per session.
  training_session_id BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX cooperation_projects_visibility ON cooperation_projects (visibility, id);
CREATE UNIQUE INDEX cooperation_projects_session ON cooperation_projects (training_session_id) WHERE training_session_id <> 0;

CREATE TABLE cooperation_project_communes (
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  commune_code TEXT NOT NULL REFERENCES communes (code),
  PRIMARY KEY (project_id, commune_code)
);

-- Members and their role: a facilitator runs the project (members, phases, meetings, decisions), a
-- member contributes (diagnosis, votes, actions), an observer reads.
CREATE TABLE cooperation_members (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  role TEXT NOT NULL CHECK (role IN ('facilitator','member','observer')),
  -- The organisation the person takes part for (0: in their own name).
  organisation_id BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (project_id, user_id)
);
CREATE INDEX cooperation_members_user ON cooperation_members (user_id);

-- Partner organisations of the directory, with what they bring.
CREATE TABLE cooperation_partners (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  contribution TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (project_id, organisation_id)
);

-- The four phases and their planned dates (ISO days, '' when not set).
CREATE TABLE cooperation_phases (
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  kind TEXT NOT NULL CHECK (kind IN ('diagnosis','design','implementation','evaluation')),
  starts_on TEXT NOT NULL DEFAULT '',
  ends_on TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (project_id, kind)
);
