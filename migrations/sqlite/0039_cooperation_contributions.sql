-- Inhabitants' contributions to a cooperation project (src/cooperation/contributions;
-- docs/cooperation/contributions.md): proposals and voices gathered offline, recorded by a
-- facilitator with how many people spoke, where and when — never who (there is no column for a name).

CREATE TABLE cooperation_contributions (
  id INTEGER PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  -- How it was gathered: a workshop, door-to-door, a partner's group, something else.
  kind TEXT NOT NULL CHECK (kind IN ('workshop','door_to_door','partner_group','other')),
  people BIGINT NOT NULL CHECK (people >= 1),
  -- A commune or a place's name.
  place TEXT NOT NULL,
  held_on TEXT NOT NULL,
  body TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX cooperation_contributions_project ON cooperation_contributions (project_id, held_on, id);

-- Links made by members: a contribution informs sections of the diagnosis and decisions.
CREATE TABLE cooperation_contribution_sections (
  contribution_id BIGINT NOT NULL REFERENCES cooperation_contributions (id),
  diagnosis_section_id BIGINT NOT NULL REFERENCES cooperation_diagnosis_sections (id),
  linked_by BIGINT NOT NULL REFERENCES users (id),
  linked_at BIGINT NOT NULL,
  PRIMARY KEY (contribution_id, diagnosis_section_id)
);
CREATE INDEX cooperation_contribution_sections_section ON cooperation_contribution_sections (diagnosis_section_id);

CREATE TABLE cooperation_contribution_decisions (
  contribution_id BIGINT NOT NULL REFERENCES cooperation_contributions (id),
  decision_id BIGINT NOT NULL REFERENCES cooperation_decisions (id),
  linked_by BIGINT NOT NULL REFERENCES users (id),
  linked_at BIGINT NOT NULL,
  PRIMARY KEY (contribution_id, decision_id)
);
CREATE INDEX cooperation_contribution_decisions_decision ON cooperation_contribution_decisions (decision_id);
