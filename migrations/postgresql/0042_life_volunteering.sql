-- Volunteering (src/network_life/volunteering; docs/network_life/volunteering.md): engagements of
-- volunteers (bénévoles, service-civique volunteers, interns) with an organising organisation,
-- missions, availabilities, applications and assignments, and hours declared then validated.

CREATE TABLE life_volunteer_engagements (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  -- benevole, service_civique, stage (stagiaire or alternant).
  kind TEXT NOT NULL CHECK (kind IN ('benevole','service_civique','stage')),
  -- Days 'YYYY-MM-DD'; ends_on '' when open-ended.
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL DEFAULT '',
  -- Service civique: the tutor, a staff user of the organiser (0: none).
  tutor_id BIGINT NOT NULL DEFAULT 0,
  -- Weekly hours target, in quarter hours (0: none).
  weekly_quarters BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX life_volunteer_engagements_user ON life_volunteer_engagements (user_id);
CREATE INDEX life_volunteer_engagements_organiser ON life_volunteer_engagements (organiser_id);

CREATE TABLE life_volunteer_missions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  title TEXT NOT NULL,
  -- terrain (field actions), permanence (cultural permanence in a relais), siege (headquarters).
  kind TEXT NOT NULL CHECK (kind IN ('terrain','permanence','siege')),
  -- The place, an organisation of the directory (a relais); 0: none.
  place_id BIGINT NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  -- When it recurs, as text ("le mardi matin, tous les 15 jours").
  recurrence TEXT NOT NULL DEFAULT '',
  -- Places: the assignments may never exceed it (checked in the write, the mission's row held).
  places BIGINT NOT NULL,
  assigned_count BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX life_volunteer_missions_organiser ON life_volunteer_missions (organiser_id);

-- Weekly availabilities: weekday 1 (Monday) to 7, half-day am or pm.
CREATE TABLE life_volunteer_availabilities (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  weekday BIGINT NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  half TEXT NOT NULL CHECK (half IN ('am','pm'))
);
CREATE UNIQUE INDEX life_volunteer_availabilities_slot ON life_volunteer_availabilities (user_id, weekday, half);

-- Periods when a volunteer is not available (days, both included).
CREATE TABLE life_volunteer_unavailabilities (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX life_volunteer_unavailabilities_user ON life_volunteer_unavailabilities (user_id);

-- A volunteer on a mission: applied (by the volunteer), assigned (by a coordinator).
CREATE TABLE life_volunteer_assignments (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mission_id BIGINT NOT NULL REFERENCES life_volunteer_missions (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  status TEXT NOT NULL CHECK (status IN ('applied','assigned')),
  applied_at BIGINT NOT NULL DEFAULT 0,
  assigned_by BIGINT NOT NULL DEFAULT 0,
  assigned_at BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX life_volunteer_assignments_person ON life_volunteer_assignments (mission_id, user_id);
CREATE INDEX life_volunteer_assignments_user ON life_volunteer_assignments (user_id);

-- Hours contributed, declared by the volunteer per day and mission (quarter hours), then validated
-- or refused (with a reason) by a coordinator of the mission's organiser.
CREATE TABLE life_volunteer_hours (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  mission_id BIGINT NOT NULL REFERENCES life_volunteer_missions (id),
  day TEXT NOT NULL,
  quarters BIGINT NOT NULL CHECK (quarters BETWEEN 1 AND 48),
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','validated','refused')),
  reason TEXT NOT NULL DEFAULT '',
  declared_at BIGINT NOT NULL,
  decided_by BIGINT NOT NULL DEFAULT 0,
  decided_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX life_volunteer_hours_user ON life_volunteer_hours (user_id, day);
CREATE INDEX life_volunteer_hours_mission ON life_volunteer_hours (mission_id);
CREATE INDEX life_volunteer_hours_status ON life_volunteer_hours (status);
