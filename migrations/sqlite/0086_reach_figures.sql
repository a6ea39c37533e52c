-- Issue 22: /sorties/portee at national size. The reach of a calendar year (Paris), for the whole network, kept
-- exact at write time by triggers (as 0069 and 0081), instead of counting the year's used bookings six times
-- with a « first outing » lookup per booking.
--   outing_reach_members  one row per (person, Paris year, dimension, group): their used bookings and places
--                         there; dimension 'total' (group ''), 'relais' (the booking's relais id) or 'branch'
--                         (the relais' branch id, '' without one). is_first = 1 when that year is the person's
--                         first year with a used booking (the smallest year of their 'total' rows with bookings),
--                         on every row of that year.
--   outing_reach_counts   one row per (year, scope, dimension, group): people = rows above with bookings > 0,
--                         first_people = those with is_first, places = their places; scope 'all' has the
--                         dimensions 'total', 'relais' and 'branch'; per person's residence, 'commune'
--                         (beneficiaries.commune_code, '' without one) and 'qpv' (beneficiaries.in_qpv) are kept
--                         for scope 'all' (from the 'total' rows) and for each branch, scope 'branch:' || its key
--                         (from the 'branch' rows: a coordinator limited to a branch); EPCI and délégation are
--                         added up from the communes when read (a person lives in one commune). Dimension
--                         'groups' (scope 'all', per relais) keeps the used group bookings in `people` and the
--                         people who came with them in `places` (outing_slot_figures, migration 0069: used_bookings
--                         - person_used_bookings and group_arrived, per slot's year).
-- Kept by triggers on bookings (used, cancelled, moved, relais, person, places), outing_slots (a slot moved to
-- another year), organisations (a relais' branch), beneficiaries (commune, QPV) and outing_slot_figures (groups); the counts follow the
-- members' rows by triggers on outing_reach_members. Rows are never deleted (a count back to 0 stays).
-- The year is the Paris year of the slot's start: the UTC year of starts_at + 1 h (January 1st is in winter
-- time). The migration fills them from the bookings.

CREATE TABLE outing_reach_members (
  beneficiary_id BIGINT NOT NULL,   -- beneficiaries.id (no foreign key: derived figures never block a deletion)
  year INTEGER NOT NULL,            -- Paris year of the slot's start
  dimension TEXT NOT NULL,          -- 'total', 'relais' or 'branch'
  group_key TEXT NOT NULL,          -- '' (total), the relais' id, the branch's id ('' without one)
  bookings BIGINT NOT NULL DEFAULT 0,
  places BIGINT NOT NULL DEFAULT 0,
  is_first INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (beneficiary_id, year, dimension, group_key)
) WITHOUT ROWID;
-- A relais' rows, when its branch changes.
CREATE INDEX outing_reach_members_group ON outing_reach_members (dimension, group_key);
CREATE TABLE outing_reach_counts (
  year INTEGER NOT NULL,
  scope TEXT NOT NULL,              -- 'all' (every relais) or 'branch:' || a branch key (the relais of a branch)
  dimension TEXT NOT NULL,          -- 'total', 'relais', 'branch' (scope 'all'), 'commune' or 'qpv' (both scopes)
  group_key TEXT NOT NULL,
  people BIGINT NOT NULL DEFAULT 0,
  first_people BIGINT NOT NULL DEFAULT 0,
  places BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (year, scope, dimension, group_key)
) WITHOUT ROWID;

INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
SELECT CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'all', 'groups', CAST(f.organisation_id AS TEXT), SUM(f.used_bookings - f.person_used_bookings), 0, SUM(f.group_arrived)
FROM outing_slot_figures f JOIN outing_slots s ON s.id = f.slot_id WHERE f.group_arrived <> 0 OR f.used_bookings <> f.person_used_bookings
GROUP BY CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), f.organisation_id;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
SELECT b.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'total', '', COUNT(*), SUM(b.places) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id
WHERE b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY b.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER);
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
SELECT b.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'relais', CAST(b.organisation_id AS TEXT), COUNT(*), SUM(b.places) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id
WHERE b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY b.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), b.organisation_id;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
SELECT b.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'branch', COALESCE(CAST(r.branch_id AS TEXT), ''), COUNT(*), SUM(b.places) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id
JOIN organisations r ON r.id = b.organisation_id
WHERE b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY b.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), COALESCE(CAST(r.branch_id AS TEXT), '');
UPDATE outing_reach_members SET is_first = 1 WHERE year = (SELECT MIN(m.year) FROM outing_reach_members m
  WHERE m.beneficiary_id = outing_reach_members.beneficiary_id AND m.dimension = 'total' AND m.bookings > 0);
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
SELECT year, 'all', dimension, group_key, SUM(CASE WHEN bookings > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN bookings > 0 AND is_first = 1 THEN 1 ELSE 0 END), SUM(places)
FROM outing_reach_members GROUP BY year, dimension, group_key;
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
SELECT m.year, CASE WHEN m.dimension = 'total' THEN 'all' ELSE 'branch:' || m.group_key END, 'commune', COALESCE(p.commune_code, ''), SUM(CASE WHEN m.bookings > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN m.bookings > 0 AND m.is_first = 1 THEN 1 ELSE 0 END), SUM(m.places)
FROM outing_reach_members m JOIN beneficiaries p ON p.id = m.beneficiary_id WHERE m.dimension IN ('total', 'branch')
GROUP BY m.year, CASE WHEN m.dimension = 'total' THEN 'all' ELSE 'branch:' || m.group_key END, COALESCE(p.commune_code, '');
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
SELECT m.year, CASE WHEN m.dimension = 'total' THEN 'all' ELSE 'branch:' || m.group_key END, 'qpv', CAST(p.in_qpv AS TEXT), SUM(CASE WHEN m.bookings > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN m.bookings > 0 AND m.is_first = 1 THEN 1 ELSE 0 END), SUM(m.places)
FROM outing_reach_members m JOIN beneficiaries p ON p.id = m.beneficiary_id WHERE m.dimension IN ('total', 'branch')
GROUP BY m.year, CASE WHEN m.dimension = 'total' THEN 'all' ELSE 'branch:' || m.group_key END, CAST(p.in_qpv AS TEXT);

CREATE TRIGGER outing_reach_bookings_insert AFTER INSERT ON bookings
  WHEN new.status = 'used' AND new.beneficiary_id IS NOT NULL
BEGIN
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT new.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'total', '', +1, +new.places FROM outing_slots s
  WHERE s.id = new.slot_id AND new.status = 'used' AND new.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT new.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'relais', CAST(new.organisation_id AS TEXT), +1, +new.places FROM outing_slots s
  WHERE s.id = new.slot_id AND new.status = 'used' AND new.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT new.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'branch', COALESCE(CAST(r.branch_id AS TEXT), ''), +1, +new.places
  FROM outing_slots s, organisations r WHERE s.id = new.slot_id AND r.id = new.organisation_id AND new.status = 'used' AND new.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
UPDATE outing_reach_members SET is_first = 1 - is_first WHERE beneficiary_id = new.beneficiary_id AND is_first <> (CASE WHEN year = (SELECT MIN(m.year) FROM outing_reach_members m WHERE m.beneficiary_id = outing_reach_members.beneficiary_id AND m.dimension = 'total' AND m.bookings > 0) THEN 1 ELSE 0 END);
END;
CREATE TRIGGER outing_reach_bookings_update AFTER UPDATE OF slot_id, organisation_id, beneficiary_id, status, places ON bookings
  WHEN old.status = 'used' OR new.status = 'used'
BEGIN
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT old.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'total', '', -1, -old.places FROM outing_slots s
  WHERE s.id = old.slot_id AND old.status = 'used' AND old.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT old.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'relais', CAST(old.organisation_id AS TEXT), -1, -old.places FROM outing_slots s
  WHERE s.id = old.slot_id AND old.status = 'used' AND old.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT old.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'branch', COALESCE(CAST(r.branch_id AS TEXT), ''), -1, -old.places
  FROM outing_slots s, organisations r WHERE s.id = old.slot_id AND r.id = old.organisation_id AND old.status = 'used' AND old.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT new.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'total', '', +1, +new.places FROM outing_slots s
  WHERE s.id = new.slot_id AND new.status = 'used' AND new.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT new.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'relais', CAST(new.organisation_id AS TEXT), +1, +new.places FROM outing_slots s
  WHERE s.id = new.slot_id AND new.status = 'used' AND new.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT new.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'branch', COALESCE(CAST(r.branch_id AS TEXT), ''), +1, +new.places
  FROM outing_slots s, organisations r WHERE s.id = new.slot_id AND r.id = new.organisation_id AND new.status = 'used' AND new.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
UPDATE outing_reach_members SET is_first = 1 - is_first WHERE beneficiary_id IN (old.beneficiary_id, new.beneficiary_id) AND is_first <> (CASE WHEN year = (SELECT MIN(m.year) FROM outing_reach_members m WHERE m.beneficiary_id = outing_reach_members.beneficiary_id AND m.dimension = 'total' AND m.bookings > 0) THEN 1 ELSE 0 END);
END;
CREATE TRIGGER outing_reach_bookings_delete AFTER DELETE ON bookings
  WHEN old.status = 'used' AND old.beneficiary_id IS NOT NULL
BEGIN
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT old.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'total', '', -1, -old.places FROM outing_slots s
  WHERE s.id = old.slot_id AND old.status = 'used' AND old.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT old.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'relais', CAST(old.organisation_id AS TEXT), -1, -old.places FROM outing_slots s
  WHERE s.id = old.slot_id AND old.status = 'used' AND old.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT old.beneficiary_id, CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'branch', COALESCE(CAST(r.branch_id AS TEXT), ''), -1, -old.places
  FROM outing_slots s, organisations r WHERE s.id = old.slot_id AND r.id = old.organisation_id AND old.status = 'used' AND old.beneficiary_id IS NOT NULL
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
UPDATE outing_reach_members SET is_first = 1 - is_first WHERE beneficiary_id = old.beneficiary_id AND is_first <> (CASE WHEN year = (SELECT MIN(m.year) FROM outing_reach_members m WHERE m.beneficiary_id = outing_reach_members.beneficiary_id AND m.dimension = 'total' AND m.bookings > 0) THEN 1 ELSE 0 END);
END;
CREATE TRIGGER outing_reach_slot AFTER UPDATE OF starts_at ON outing_slots
  WHEN CAST(strftime('%Y', old.starts_at + 3600, 'unixepoch') AS INTEGER) <> CAST(strftime('%Y', new.starts_at + 3600, 'unixepoch') AS INTEGER)
BEGIN
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT b.beneficiary_id, CAST(strftime('%Y', old.starts_at + 3600, 'unixepoch') AS INTEGER), 'total', '', -COUNT(*), -SUM(b.places) FROM bookings b
  WHERE b.slot_id = old.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY b.beneficiary_id
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT b.beneficiary_id, CAST(strftime('%Y', old.starts_at + 3600, 'unixepoch') AS INTEGER), 'relais', CAST(b.organisation_id AS TEXT), -COUNT(*), -SUM(b.places) FROM bookings b
  WHERE b.slot_id = old.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY b.beneficiary_id, b.organisation_id
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT b.beneficiary_id, CAST(strftime('%Y', old.starts_at + 3600, 'unixepoch') AS INTEGER), 'branch', COALESCE(CAST(r.branch_id AS TEXT), ''), -COUNT(*), -SUM(b.places)
  FROM bookings b JOIN organisations r ON r.id = b.organisation_id
  WHERE b.slot_id = old.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY b.beneficiary_id, COALESCE(CAST(r.branch_id AS TEXT), '')
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT b.beneficiary_id, CAST(strftime('%Y', new.starts_at + 3600, 'unixepoch') AS INTEGER), 'total', '', +COUNT(*), +SUM(b.places) FROM bookings b
  WHERE b.slot_id = new.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY b.beneficiary_id
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT b.beneficiary_id, CAST(strftime('%Y', new.starts_at + 3600, 'unixepoch') AS INTEGER), 'relais', CAST(b.organisation_id AS TEXT), +COUNT(*), +SUM(b.places) FROM bookings b
  WHERE b.slot_id = new.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY b.beneficiary_id, b.organisation_id
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places)
  SELECT b.beneficiary_id, CAST(strftime('%Y', new.starts_at + 3600, 'unixepoch') AS INTEGER), 'branch', COALESCE(CAST(r.branch_id AS TEXT), ''), +COUNT(*), +SUM(b.places)
  FROM bookings b JOIN organisations r ON r.id = b.organisation_id
  WHERE b.slot_id = new.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY b.beneficiary_id, COALESCE(CAST(r.branch_id AS TEXT), '')
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
UPDATE outing_reach_members SET is_first = 1 - is_first WHERE beneficiary_id IN (SELECT b.beneficiary_id FROM bookings b WHERE b.slot_id = new.id AND b.status = 'used') AND is_first <> (CASE WHEN year = (SELECT MIN(m.year) FROM outing_reach_members m WHERE m.beneficiary_id = outing_reach_members.beneficiary_id AND m.dimension = 'total' AND m.bookings > 0) THEN 1 ELSE 0 END);
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT CAST(strftime('%Y', old.starts_at + 3600, 'unixepoch') AS INTEGER), 'all', 'groups', CAST(f.organisation_id AS TEXT), -SUM(f.used_bookings - f.person_used_bookings), 0, -SUM(f.group_arrived)
  FROM outing_slot_figures f WHERE f.slot_id = old.id AND (f.group_arrived <> 0 OR f.used_bookings <> f.person_used_bookings) GROUP BY f.organisation_id
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT CAST(strftime('%Y', new.starts_at + 3600, 'unixepoch') AS INTEGER), 'all', 'groups', CAST(f.organisation_id AS TEXT), +SUM(f.used_bookings - f.person_used_bookings), 0, +SUM(f.group_arrived)
  FROM outing_slot_figures f WHERE f.slot_id = new.id AND (f.group_arrived <> 0 OR f.used_bookings <> f.person_used_bookings) GROUP BY f.organisation_id
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
END;
CREATE TRIGGER outing_reach_groups_insert AFTER INSERT ON outing_slot_figures
  WHEN new.group_arrived <> 0 OR new.used_bookings <> new.person_used_bookings
BEGIN
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'all', 'groups', CAST(new.organisation_id AS TEXT), new.used_bookings - new.person_used_bookings, 0, new.group_arrived
  FROM outing_slots s WHERE s.id = new.slot_id
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
END;
CREATE TRIGGER outing_reach_groups_update AFTER UPDATE OF group_arrived, used_bookings, person_used_bookings ON outing_slot_figures
  WHEN new.group_arrived <> old.group_arrived OR new.used_bookings - new.person_used_bookings <> old.used_bookings - old.person_used_bookings
BEGIN
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT CAST(strftime('%Y', s.starts_at + 3600, 'unixepoch') AS INTEGER), 'all', 'groups', CAST(new.organisation_id AS TEXT), (new.used_bookings - new.person_used_bookings) - (old.used_bookings - old.person_used_bookings), 0, new.group_arrived - old.group_arrived
  FROM outing_slots s WHERE s.id = new.slot_id
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
END;
CREATE TRIGGER outing_reach_branch AFTER UPDATE OF branch_id ON organisations
  WHEN old.branch_id IS NOT new.branch_id
BEGIN
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places, is_first)
  SELECT m.beneficiary_id, m.year, 'branch', COALESCE(CAST(old.branch_id AS TEXT), ''), -m.bookings, -m.places, m.is_first
  FROM outing_reach_members m WHERE m.dimension = 'relais' AND m.group_key = CAST(old.id AS TEXT) AND m.bookings <> 0
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
INSERT INTO outing_reach_members (beneficiary_id, year, dimension, group_key, bookings, places, is_first)
  SELECT m.beneficiary_id, m.year, 'branch', COALESCE(CAST(new.branch_id AS TEXT), ''), +m.bookings, +m.places, m.is_first
  FROM outing_reach_members m WHERE m.dimension = 'relais' AND m.group_key = CAST(new.id AS TEXT) AND m.bookings <> 0
  ON CONFLICT (beneficiary_id, year, dimension, group_key) DO UPDATE SET bookings = outing_reach_members.bookings + excluded.bookings, places = outing_reach_members.places + excluded.places;
END;
CREATE TRIGGER outing_reach_residence AFTER UPDATE OF commune_code, in_qpv ON beneficiaries
  WHEN old.commune_code IS NOT new.commune_code OR old.in_qpv IS NOT new.in_qpv
BEGIN
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT m.year, CASE WHEN m.dimension = 'total' THEN 'all' ELSE 'branch:' || m.group_key END, 'commune', COALESCE(old.commune_code, ''), -(CASE WHEN m.bookings > 0 THEN 1 ELSE 0 END), -(CASE WHEN m.bookings > 0 AND m.is_first = 1 THEN 1 ELSE 0 END), -m.places
  FROM outing_reach_members m WHERE m.beneficiary_id = old.id AND m.dimension IN ('total', 'branch') AND old.commune_code IS NOT new.commune_code
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT m.year, CASE WHEN m.dimension = 'total' THEN 'all' ELSE 'branch:' || m.group_key END, 'commune', COALESCE(new.commune_code, ''), +(CASE WHEN m.bookings > 0 THEN 1 ELSE 0 END), +(CASE WHEN m.bookings > 0 AND m.is_first = 1 THEN 1 ELSE 0 END), +m.places
  FROM outing_reach_members m WHERE m.beneficiary_id = new.id AND m.dimension IN ('total', 'branch') AND old.commune_code IS NOT new.commune_code
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT m.year, CASE WHEN m.dimension = 'total' THEN 'all' ELSE 'branch:' || m.group_key END, 'qpv', CAST(old.in_qpv AS TEXT), -(CASE WHEN m.bookings > 0 THEN 1 ELSE 0 END), -(CASE WHEN m.bookings > 0 AND m.is_first = 1 THEN 1 ELSE 0 END), -m.places
  FROM outing_reach_members m WHERE m.beneficiary_id = old.id AND m.dimension IN ('total', 'branch') AND old.in_qpv IS NOT new.in_qpv
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT m.year, CASE WHEN m.dimension = 'total' THEN 'all' ELSE 'branch:' || m.group_key END, 'qpv', CAST(new.in_qpv AS TEXT), +(CASE WHEN m.bookings > 0 THEN 1 ELSE 0 END), +(CASE WHEN m.bookings > 0 AND m.is_first = 1 THEN 1 ELSE 0 END), +m.places
  FROM outing_reach_members m WHERE m.beneficiary_id = new.id AND m.dimension IN ('total', 'branch') AND old.in_qpv IS NOT new.in_qpv
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
END;
CREATE TRIGGER outing_reach_counts_insert AFTER INSERT ON outing_reach_members
BEGIN
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  VALUES (new.year, 'all', new.dimension, new.group_key, CASE WHEN new.bookings > 0 THEN 1 ELSE 0 END, CASE WHEN new.bookings > 0 AND new.is_first = 1 THEN 1 ELSE 0 END, new.places)
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT new.year, CASE WHEN new.dimension = 'total' THEN 'all' ELSE 'branch:' || new.group_key END, 'commune', COALESCE(p.commune_code, ''), CASE WHEN new.bookings > 0 THEN 1 ELSE 0 END, CASE WHEN new.bookings > 0 AND new.is_first = 1 THEN 1 ELSE 0 END, new.places
  FROM beneficiaries p WHERE p.id = new.beneficiary_id AND new.dimension IN ('total', 'branch')
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT new.year, CASE WHEN new.dimension = 'total' THEN 'all' ELSE 'branch:' || new.group_key END, 'qpv', CAST(p.in_qpv AS TEXT), CASE WHEN new.bookings > 0 THEN 1 ELSE 0 END, CASE WHEN new.bookings > 0 AND new.is_first = 1 THEN 1 ELSE 0 END, new.places
  FROM beneficiaries p WHERE p.id = new.beneficiary_id AND new.dimension IN ('total', 'branch')
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
END;
CREATE TRIGGER outing_reach_counts_update AFTER UPDATE OF bookings, places, is_first ON outing_reach_members
BEGIN
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  VALUES (new.year, 'all', new.dimension, new.group_key, (CASE WHEN new.bookings > 0 THEN 1 ELSE 0 END) - (CASE WHEN old.bookings > 0 THEN 1 ELSE 0 END), (CASE WHEN new.bookings > 0 AND new.is_first = 1 THEN 1 ELSE 0 END) - (CASE WHEN old.bookings > 0 AND old.is_first = 1 THEN 1 ELSE 0 END), new.places - old.places)
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT new.year, CASE WHEN new.dimension = 'total' THEN 'all' ELSE 'branch:' || new.group_key END, 'commune', COALESCE(p.commune_code, ''), (CASE WHEN new.bookings > 0 THEN 1 ELSE 0 END) - (CASE WHEN old.bookings > 0 THEN 1 ELSE 0 END), (CASE WHEN new.bookings > 0 AND new.is_first = 1 THEN 1 ELSE 0 END) - (CASE WHEN old.bookings > 0 AND old.is_first = 1 THEN 1 ELSE 0 END), new.places - old.places
  FROM beneficiaries p WHERE p.id = new.beneficiary_id AND new.dimension IN ('total', 'branch')
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
INSERT INTO outing_reach_counts (year, scope, dimension, group_key, people, first_people, places)
  SELECT new.year, CASE WHEN new.dimension = 'total' THEN 'all' ELSE 'branch:' || new.group_key END, 'qpv', CAST(p.in_qpv AS TEXT), (CASE WHEN new.bookings > 0 THEN 1 ELSE 0 END) - (CASE WHEN old.bookings > 0 THEN 1 ELSE 0 END), (CASE WHEN new.bookings > 0 AND new.is_first = 1 THEN 1 ELSE 0 END) - (CASE WHEN old.bookings > 0 AND old.is_first = 1 THEN 1 ELSE 0 END), new.places - old.places
  FROM beneficiaries p WHERE p.id = new.beneficiary_id AND new.dimension IN ('total', 'branch')
  ON CONFLICT (year, scope, dimension, group_key) DO UPDATE SET people = outing_reach_counts.people + excluded.people, first_people = outing_reach_counts.first_people + excluded.first_people, places = outing_reach_counts.places + excluded.places;
END;
