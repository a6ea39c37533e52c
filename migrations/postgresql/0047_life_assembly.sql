-- The general assembly of a network (src/network_life/assembly; docs/network_life/assembly.md): an
-- ordinary or extraordinary assembly organised by an organisation, the year whose members vote, its
-- agenda, its resolutions with their votes, the attendance of each member organisation (present,
-- represented by a proxy to another member, absent), the notice sent once, the minutes published once.

CREATE TABLE life_assemblies (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  -- ordinary, extraordinary.
  kind TEXT NOT NULL DEFAULT 'ordinary' CHECK (kind IN ('ordinary','extraordinary')),
  title TEXT NOT NULL,
  -- Unix seconds; the pages show them in Europe/Paris.
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  video_url TEXT NOT NULL DEFAULT '',
  -- The membership year whose member organisations vote.
  member_year BIGINT NOT NULL,
  -- The notice: sent once (claimed in the write), how many e-mails.
  notice_sent_at BIGINT NOT NULL DEFAULT 0,
  notice_sent_by BIGINT NOT NULL DEFAULT 0,
  notice_count BIGINT NOT NULL DEFAULT 0,
  -- The minutes: once published, nothing of the assembly changes.
  published_at BIGINT NOT NULL DEFAULT 0,
  published_by BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX life_assemblies_organiser ON life_assemblies (organiser_id, starts_at);

-- The agenda, in order.
CREATE TABLE life_assembly_agenda (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assembly_id BIGINT NOT NULL REFERENCES life_assemblies (id),
  position BIGINT NOT NULL,
  title TEXT NOT NULL
);
CREATE INDEX life_assembly_agenda_assembly ON life_assembly_agenda (assembly_id, position);

-- Resolutions: simple (ordinary) or qualified majority; the counts entered by the chair, checked
-- against the voters (present + represented); the result computed when the votes are recorded.
CREATE TABLE life_assembly_resolutions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assembly_id BIGINT NOT NULL REFERENCES life_assemblies (id),
  position BIGINT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  majority TEXT NOT NULL DEFAULT 'simple' CHECK (majority IN ('simple','qualified')),
  votes_for BIGINT NOT NULL DEFAULT 0,
  votes_against BIGINT NOT NULL DEFAULT 0,
  votes_abstain BIGINT NOT NULL DEFAULT 0,
  -- '' (not voted yet), adopted, rejected.
  result TEXT NOT NULL DEFAULT '' CHECK (result IN ('','adopted','rejected')),
  voted_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX life_assembly_resolutions_assembly ON life_assembly_resolutions (assembly_id, position);

-- One row per member organisation whose attendance is known (no row: absent). A represented
-- organisation names the member holding its proxy (holder_id); one row per organisation, so that it
-- cannot be both present and represented.
CREATE TABLE life_assembly_attendance (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assembly_id BIGINT NOT NULL REFERENCES life_assemblies (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  status TEXT NOT NULL CHECK (status IN ('present','represented','absent')),
  holder_id BIGINT NOT NULL DEFAULT 0,
  recorded_by BIGINT NOT NULL DEFAULT 0,
  recorded_at BIGINT NOT NULL,
  UNIQUE (assembly_id, organisation_id)
);
CREATE INDEX life_assembly_attendance_holder ON life_assembly_attendance (assembly_id, holder_id);
