-- Issue 21: per-person figures of the outings, kept exact at write time by triggers (as outing_slot_figures,
-- migration 0069), so that /rapports and the open data count distinct people and places per commune of
-- residence without reading the bookings.
--   outing_person_years      one row per (year, person, relais): m01..m12 = that person's used bookings with
--                            that relais in each month; distinct people over whole months = the rows with a
--                            non-zero month among them (/rapports; the days around whole months are read from
--                            the bookings).
--   outing_residence_months  one row per (month, relais, commune of residence): places of used bookings of
--                            people living there (their commune now: a change of commune moves their figures).
--   outing_commune_people    one row per (month, commune of the venue, person): their used bookings there.
--   outing_commune_months    one row per (month, commune of the venue): people = its rows above with bookings
--                            (the open data; places and bookings come from outing_slot_figures).
-- Months are Paris months of the slot's start: the UTC month of starts_at + 2 h when that gives April to
-- October (summer time covers every month boundary from April 1st to October 1st), otherwise of starts_at + 1 h;
-- the same expression on both engines. Kept by triggers on bookings (used, cancelled, moved, relais, places),
-- outing_slots (a slot moved to another month or offer), outing_offers (another venue), organisations (a
-- venue's commune) and beneficiaries (their commune). Anonymising or archiving a person changes none of them
-- (bookings and commune stay). SQLite keeps the tables WITHOUT ROWID (rows clustered by their key). The
-- migration fills them from the bookings.
CREATE TABLE outing_person_years (
  year INTEGER NOT NULL,
  beneficiary_id BIGINT NOT NULL,   -- beneficiaries.id (no foreign key: derived figures never block a deletion)
  organisation_id BIGINT NOT NULL,  -- the relais (bookings.organisation_id)
  m01 BIGINT NOT NULL DEFAULT 0,
  m02 BIGINT NOT NULL DEFAULT 0,
  m03 BIGINT NOT NULL DEFAULT 0,
  m04 BIGINT NOT NULL DEFAULT 0,
  m05 BIGINT NOT NULL DEFAULT 0,
  m06 BIGINT NOT NULL DEFAULT 0,
  m07 BIGINT NOT NULL DEFAULT 0,
  m08 BIGINT NOT NULL DEFAULT 0,
  m09 BIGINT NOT NULL DEFAULT 0,
  m10 BIGINT NOT NULL DEFAULT 0,
  m11 BIGINT NOT NULL DEFAULT 0,
  m12 BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (year, beneficiary_id, organisation_id)
) WITHOUT ROWID;
CREATE TABLE outing_residence_months (
  month INTEGER NOT NULL,           -- YYYYMM (Paris) of the slot
  organisation_id BIGINT NOT NULL,  -- the relais (bookings.organisation_id)
  commune_code TEXT NOT NULL,       -- beneficiaries.commune_code
  places BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, organisation_id, commune_code)
) WITHOUT ROWID;
CREATE TABLE outing_commune_people (
  month INTEGER NOT NULL,           -- YYYYMM (Paris) of the slot
  commune_code TEXT NOT NULL,       -- the venue's commune (organisations.commune_code of outing_offers.venue_id)
  beneficiary_id BIGINT NOT NULL,
  bookings BIGINT NOT NULL DEFAULT 0,  -- that person's used bookings at venues of that commune that month
  PRIMARY KEY (month, commune_code, beneficiary_id)
) WITHOUT ROWID;
CREATE TABLE outing_commune_months (
  month INTEGER NOT NULL,
  commune_code TEXT NOT NULL,
  people BIGINT NOT NULL DEFAULT 0,    -- rows of outing_commune_people with bookings > 0
  PRIMARY KEY (month, commune_code)
) WITHOUT ROWID;

CREATE TRIGGER outing_person_figures_insert AFTER INSERT ON bookings WHEN new.status = 'used'
BEGIN
INSERT INTO outing_person_years (year, beneficiary_id, organisation_id, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12)
  SELECT k.mo / 100, new.beneficiary_id, new.organisation_id, +(CASE WHEN k.mo % 100 = 1 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 2 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 3 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 4 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 5 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 6 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 7 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 8 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 9 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 10 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 11 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 12 THEN 1 ELSE 0 END) FROM (SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END) AS mo FROM outing_slots s WHERE s.id = new.slot_id) k
  WHERE new.status = 'used' AND new.beneficiary_id IS NOT NULL
  ON CONFLICT (year, beneficiary_id, organisation_id) DO UPDATE SET
      m01 = outing_person_years.m01 + excluded.m01,
      m02 = outing_person_years.m02 + excluded.m02,
      m03 = outing_person_years.m03 + excluded.m03,
      m04 = outing_person_years.m04 + excluded.m04,
      m05 = outing_person_years.m05 + excluded.m05,
      m06 = outing_person_years.m06 + excluded.m06,
      m07 = outing_person_years.m07 + excluded.m07,
      m08 = outing_person_years.m08 + excluded.m08,
      m09 = outing_person_years.m09 + excluded.m09,
      m10 = outing_person_years.m10 + excluded.m10,
      m11 = outing_person_years.m11 + excluded.m11,
      m12 = outing_person_years.m12 + excluded.m12;
INSERT INTO outing_residence_months (month, organisation_id, commune_code, places)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), new.organisation_id, p.commune_code, +new.places FROM outing_slots s, beneficiaries p
  WHERE s.id = new.slot_id AND p.id = new.beneficiary_id AND new.status = 'used' AND p.commune_code IS NOT NULL
  ON CONFLICT (month, organisation_id, commune_code) DO UPDATE SET places = outing_residence_months.places + excluded.places;
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, new.beneficiary_id, +1 FROM outing_slots s JOIN outing_offers o ON o.id = s.offer_id
  JOIN organisations v ON v.id = o.venue_id WHERE s.id = new.slot_id AND v.commune_code IS NOT NULL AND new.status = 'used' AND new.beneficiary_id IS NOT NULL
  ON CONFLICT (month, commune_code, beneficiary_id) DO UPDATE SET bookings = outing_commune_people.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_person_figures_update AFTER UPDATE OF slot_id, organisation_id, beneficiary_id, status, places ON bookings
  WHEN old.status = 'used' OR new.status = 'used'
BEGIN
INSERT INTO outing_person_years (year, beneficiary_id, organisation_id, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12)
  SELECT k.mo / 100, old.beneficiary_id, old.organisation_id, -(CASE WHEN k.mo % 100 = 1 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 2 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 3 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 4 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 5 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 6 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 7 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 8 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 9 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 10 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 11 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 12 THEN 1 ELSE 0 END) FROM (SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END) AS mo FROM outing_slots s WHERE s.id = old.slot_id) k
  WHERE old.status = 'used' AND old.beneficiary_id IS NOT NULL
  ON CONFLICT (year, beneficiary_id, organisation_id) DO UPDATE SET
      m01 = outing_person_years.m01 + excluded.m01,
      m02 = outing_person_years.m02 + excluded.m02,
      m03 = outing_person_years.m03 + excluded.m03,
      m04 = outing_person_years.m04 + excluded.m04,
      m05 = outing_person_years.m05 + excluded.m05,
      m06 = outing_person_years.m06 + excluded.m06,
      m07 = outing_person_years.m07 + excluded.m07,
      m08 = outing_person_years.m08 + excluded.m08,
      m09 = outing_person_years.m09 + excluded.m09,
      m10 = outing_person_years.m10 + excluded.m10,
      m11 = outing_person_years.m11 + excluded.m11,
      m12 = outing_person_years.m12 + excluded.m12;
INSERT INTO outing_residence_months (month, organisation_id, commune_code, places)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), old.organisation_id, p.commune_code, -old.places FROM outing_slots s, beneficiaries p
  WHERE s.id = old.slot_id AND p.id = old.beneficiary_id AND old.status = 'used' AND p.commune_code IS NOT NULL
  ON CONFLICT (month, organisation_id, commune_code) DO UPDATE SET places = outing_residence_months.places + excluded.places;
INSERT INTO outing_person_years (year, beneficiary_id, organisation_id, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12)
  SELECT k.mo / 100, new.beneficiary_id, new.organisation_id, +(CASE WHEN k.mo % 100 = 1 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 2 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 3 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 4 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 5 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 6 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 7 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 8 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 9 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 10 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 11 THEN 1 ELSE 0 END), +(CASE WHEN k.mo % 100 = 12 THEN 1 ELSE 0 END) FROM (SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END) AS mo FROM outing_slots s WHERE s.id = new.slot_id) k
  WHERE new.status = 'used' AND new.beneficiary_id IS NOT NULL
  ON CONFLICT (year, beneficiary_id, organisation_id) DO UPDATE SET
      m01 = outing_person_years.m01 + excluded.m01,
      m02 = outing_person_years.m02 + excluded.m02,
      m03 = outing_person_years.m03 + excluded.m03,
      m04 = outing_person_years.m04 + excluded.m04,
      m05 = outing_person_years.m05 + excluded.m05,
      m06 = outing_person_years.m06 + excluded.m06,
      m07 = outing_person_years.m07 + excluded.m07,
      m08 = outing_person_years.m08 + excluded.m08,
      m09 = outing_person_years.m09 + excluded.m09,
      m10 = outing_person_years.m10 + excluded.m10,
      m11 = outing_person_years.m11 + excluded.m11,
      m12 = outing_person_years.m12 + excluded.m12;
INSERT INTO outing_residence_months (month, organisation_id, commune_code, places)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), new.organisation_id, p.commune_code, +new.places FROM outing_slots s, beneficiaries p
  WHERE s.id = new.slot_id AND p.id = new.beneficiary_id AND new.status = 'used' AND p.commune_code IS NOT NULL
  ON CONFLICT (month, organisation_id, commune_code) DO UPDATE SET places = outing_residence_months.places + excluded.places;
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, old.beneficiary_id, -1 FROM outing_slots s JOIN outing_offers o ON o.id = s.offer_id
  JOIN organisations v ON v.id = o.venue_id WHERE s.id = old.slot_id AND v.commune_code IS NOT NULL AND old.status = 'used' AND old.beneficiary_id IS NOT NULL
  ON CONFLICT (month, commune_code, beneficiary_id) DO UPDATE SET bookings = outing_commune_people.bookings + excluded.bookings;
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, new.beneficiary_id, +1 FROM outing_slots s JOIN outing_offers o ON o.id = s.offer_id
  JOIN organisations v ON v.id = o.venue_id WHERE s.id = new.slot_id AND v.commune_code IS NOT NULL AND new.status = 'used' AND new.beneficiary_id IS NOT NULL
  ON CONFLICT (month, commune_code, beneficiary_id) DO UPDATE SET bookings = outing_commune_people.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_person_figures_delete AFTER DELETE ON bookings WHEN old.status = 'used'
BEGIN
INSERT INTO outing_person_years (year, beneficiary_id, organisation_id, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12)
  SELECT k.mo / 100, old.beneficiary_id, old.organisation_id, -(CASE WHEN k.mo % 100 = 1 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 2 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 3 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 4 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 5 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 6 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 7 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 8 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 9 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 10 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 11 THEN 1 ELSE 0 END), -(CASE WHEN k.mo % 100 = 12 THEN 1 ELSE 0 END) FROM (SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END) AS mo FROM outing_slots s WHERE s.id = old.slot_id) k
  WHERE old.status = 'used' AND old.beneficiary_id IS NOT NULL
  ON CONFLICT (year, beneficiary_id, organisation_id) DO UPDATE SET
      m01 = outing_person_years.m01 + excluded.m01,
      m02 = outing_person_years.m02 + excluded.m02,
      m03 = outing_person_years.m03 + excluded.m03,
      m04 = outing_person_years.m04 + excluded.m04,
      m05 = outing_person_years.m05 + excluded.m05,
      m06 = outing_person_years.m06 + excluded.m06,
      m07 = outing_person_years.m07 + excluded.m07,
      m08 = outing_person_years.m08 + excluded.m08,
      m09 = outing_person_years.m09 + excluded.m09,
      m10 = outing_person_years.m10 + excluded.m10,
      m11 = outing_person_years.m11 + excluded.m11,
      m12 = outing_person_years.m12 + excluded.m12;
INSERT INTO outing_residence_months (month, organisation_id, commune_code, places)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), old.organisation_id, p.commune_code, -old.places FROM outing_slots s, beneficiaries p
  WHERE s.id = old.slot_id AND p.id = old.beneficiary_id AND old.status = 'used' AND p.commune_code IS NOT NULL
  ON CONFLICT (month, organisation_id, commune_code) DO UPDATE SET places = outing_residence_months.places + excluded.places;
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, old.beneficiary_id, -1 FROM outing_slots s JOIN outing_offers o ON o.id = s.offer_id
  JOIN organisations v ON v.id = o.venue_id WHERE s.id = old.slot_id AND v.commune_code IS NOT NULL AND old.status = 'used' AND old.beneficiary_id IS NOT NULL
  ON CONFLICT (month, commune_code, beneficiary_id) DO UPDATE SET bookings = outing_commune_people.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_commune_people_slot AFTER UPDATE OF starts_at, offer_id ON outing_slots
  WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) <> (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) OR old.offer_id <> new.offer_id
BEGIN
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, b.beneficiary_id, -COUNT(*) FROM bookings b JOIN outing_offers o ON o.id = old.offer_id
  JOIN organisations v ON v.id = o.venue_id WHERE b.slot_id = old.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL AND v.commune_code IS NOT NULL
  GROUP BY v.commune_code, b.beneficiary_id
  ON CONFLICT (month, commune_code, beneficiary_id) DO UPDATE SET bookings = outing_commune_people.bookings + excluded.bookings;
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, b.beneficiary_id, +COUNT(*) FROM bookings b JOIN outing_offers o ON o.id = new.offer_id
  JOIN organisations v ON v.id = o.venue_id WHERE b.slot_id = new.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL AND v.commune_code IS NOT NULL
  GROUP BY v.commune_code, b.beneficiary_id
  ON CONFLICT (month, commune_code, beneficiary_id) DO UPDATE SET bookings = outing_commune_people.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_commune_people_offer AFTER UPDATE OF venue_id ON outing_offers WHEN old.venue_id <> new.venue_id
BEGIN
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, b.beneficiary_id, -COUNT(*) FROM outing_slots s JOIN bookings b ON b.slot_id = s.id
  JOIN organisations v ON v.id = old.venue_id WHERE s.offer_id = old.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL AND v.commune_code IS NOT NULL
  GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, b.beneficiary_id
  ON CONFLICT (month, commune_code, beneficiary_id) DO UPDATE SET bookings = outing_commune_people.bookings + excluded.bookings;
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, b.beneficiary_id, +COUNT(*) FROM outing_slots s JOIN bookings b ON b.slot_id = s.id
  JOIN organisations v ON v.id = new.venue_id WHERE s.offer_id = new.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL AND v.commune_code IS NOT NULL
  GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), v.commune_code, b.beneficiary_id
  ON CONFLICT (month, commune_code, beneficiary_id) DO UPDATE SET bookings = outing_commune_people.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_commune_people_venue AFTER UPDATE OF commune_code ON organisations WHEN old.commune_code IS NOT new.commune_code
BEGIN
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), old.commune_code, b.beneficiary_id, -COUNT(*) FROM outing_offers o JOIN outing_slots s ON s.offer_id = o.id
  JOIN bookings b ON b.slot_id = s.id WHERE o.venue_id = old.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL AND old.commune_code IS NOT NULL
  GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), b.beneficiary_id
  ON CONFLICT (month, commune_code, beneficiary_id) DO UPDATE SET bookings = outing_commune_people.bookings + excluded.bookings;
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), new.commune_code, b.beneficiary_id, +COUNT(*) FROM outing_offers o JOIN outing_slots s ON s.offer_id = o.id
  JOIN bookings b ON b.slot_id = s.id WHERE o.venue_id = new.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL AND new.commune_code IS NOT NULL
  GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), b.beneficiary_id
  ON CONFLICT (month, commune_code, beneficiary_id) DO UPDATE SET bookings = outing_commune_people.bookings + excluded.bookings;
END;
CREATE TRIGGER outing_person_figures_slot AFTER UPDATE OF starts_at ON outing_slots
  WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) <> (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END)
BEGIN
INSERT INTO outing_person_years (year, beneficiary_id, organisation_id, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12)
  SELECT (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) / 100, b.beneficiary_id, b.organisation_id, -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 1 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 2 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 3 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 4 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 5 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 6 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 7 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 8 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 9 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 10 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 11 THEN 1 ELSE 0 END), -SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 12 THEN 1 ELSE 0 END) FROM bookings b
  WHERE b.slot_id = old.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END) / 100, b.beneficiary_id, b.organisation_id
  ON CONFLICT (year, beneficiary_id, organisation_id) DO UPDATE SET
      m01 = outing_person_years.m01 + excluded.m01,
      m02 = outing_person_years.m02 + excluded.m02,
      m03 = outing_person_years.m03 + excluded.m03,
      m04 = outing_person_years.m04 + excluded.m04,
      m05 = outing_person_years.m05 + excluded.m05,
      m06 = outing_person_years.m06 + excluded.m06,
      m07 = outing_person_years.m07 + excluded.m07,
      m08 = outing_person_years.m08 + excluded.m08,
      m09 = outing_person_years.m09 + excluded.m09,
      m10 = outing_person_years.m10 + excluded.m10,
      m11 = outing_person_years.m11 + excluded.m11,
      m12 = outing_person_years.m12 + excluded.m12;
INSERT INTO outing_residence_months (month, organisation_id, commune_code, places)
  SELECT (CASE WHEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', old.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', old.starts_at + 3600, 'unixepoch') AS INTEGER) END), b.organisation_id, p.commune_code, -SUM(b.places) FROM bookings b JOIN beneficiaries p ON p.id = b.beneficiary_id
  WHERE b.slot_id = old.id AND b.status = 'used' AND p.commune_code IS NOT NULL GROUP BY b.organisation_id, p.commune_code
  ON CONFLICT (month, organisation_id, commune_code) DO UPDATE SET places = outing_residence_months.places + excluded.places;
INSERT INTO outing_person_years (year, beneficiary_id, organisation_id, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12)
  SELECT (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) / 100, b.beneficiary_id, b.organisation_id, +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 1 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 2 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 3 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 4 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 5 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 6 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 7 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 8 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 9 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 10 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 11 THEN 1 ELSE 0 END), +SUM(CASE WHEN (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) % 100 = 12 THEN 1 ELSE 0 END) FROM bookings b
  WHERE b.slot_id = new.id AND b.status = 'used' AND b.beneficiary_id IS NOT NULL GROUP BY (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END) / 100, b.beneficiary_id, b.organisation_id
  ON CONFLICT (year, beneficiary_id, organisation_id) DO UPDATE SET
      m01 = outing_person_years.m01 + excluded.m01,
      m02 = outing_person_years.m02 + excluded.m02,
      m03 = outing_person_years.m03 + excluded.m03,
      m04 = outing_person_years.m04 + excluded.m04,
      m05 = outing_person_years.m05 + excluded.m05,
      m06 = outing_person_years.m06 + excluded.m06,
      m07 = outing_person_years.m07 + excluded.m07,
      m08 = outing_person_years.m08 + excluded.m08,
      m09 = outing_person_years.m09 + excluded.m09,
      m10 = outing_person_years.m10 + excluded.m10,
      m11 = outing_person_years.m11 + excluded.m11,
      m12 = outing_person_years.m12 + excluded.m12;
INSERT INTO outing_residence_months (month, organisation_id, commune_code, places)
  SELECT (CASE WHEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', new.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', new.starts_at + 3600, 'unixepoch') AS INTEGER) END), b.organisation_id, p.commune_code, +SUM(b.places) FROM bookings b JOIN beneficiaries p ON p.id = b.beneficiary_id
  WHERE b.slot_id = new.id AND b.status = 'used' AND p.commune_code IS NOT NULL GROUP BY b.organisation_id, p.commune_code
  ON CONFLICT (month, organisation_id, commune_code) DO UPDATE SET places = outing_residence_months.places + excluded.places;
END;
CREATE TRIGGER outing_person_figures_commune AFTER UPDATE OF commune_code ON beneficiaries
  WHEN old.commune_code IS NOT new.commune_code
BEGIN
INSERT INTO outing_residence_months (month, organisation_id, commune_code, places)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), b.organisation_id, old.commune_code, -SUM(b.places) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id
  WHERE b.beneficiary_id = old.id AND b.status = 'used' AND old.commune_code IS NOT NULL GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), b.organisation_id
  ON CONFLICT (month, organisation_id, commune_code) DO UPDATE SET places = outing_residence_months.places + excluded.places;
INSERT INTO outing_residence_months (month, organisation_id, commune_code, places)
  SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), b.organisation_id, new.commune_code, +SUM(b.places) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id
  WHERE b.beneficiary_id = new.id AND b.status = 'used' AND new.commune_code IS NOT NULL GROUP BY (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END), b.organisation_id
  ON CONFLICT (month, organisation_id, commune_code) DO UPDATE SET places = outing_residence_months.places + excluded.places;
END;

INSERT INTO outing_person_years (year, beneficiary_id, organisation_id, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12)
SELECT k.mo / 100, k.beneficiary_id, k.organisation_id, SUM(CASE WHEN k.mo % 100 = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 4 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 5 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 6 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 7 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 8 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 9 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 10 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 11 THEN 1 ELSE 0 END), SUM(CASE WHEN k.mo % 100 = 12 THEN 1 ELSE 0 END)
FROM (SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END) AS mo, b.beneficiary_id, b.organisation_id FROM bookings b JOIN outing_slots s ON s.id = b.slot_id
  WHERE b.status = 'used' AND b.beneficiary_id IS NOT NULL) k
GROUP BY k.mo / 100, k.beneficiary_id, k.organisation_id;
INSERT INTO outing_residence_months (month, organisation_id, commune_code, places)
SELECT k.mo, k.organisation_id, k.commune_code, SUM(k.places)
FROM (SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END) AS mo, b.organisation_id, p.commune_code, b.places FROM bookings b JOIN outing_slots s ON s.id = b.slot_id
  JOIN beneficiaries p ON p.id = b.beneficiary_id WHERE b.status = 'used' AND p.commune_code IS NOT NULL) k
GROUP BY k.mo, k.organisation_id, k.commune_code;
INSERT INTO outing_commune_people (month, commune_code, beneficiary_id, bookings)
SELECT k.mo, k.commune_code, k.beneficiary_id, COUNT(*)
FROM (SELECT (CASE WHEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) % 100 BETWEEN 4 AND 10 THEN CAST(strftime('%Y%m', s.starts_at + 7200, 'unixepoch') AS INTEGER) ELSE CAST(strftime('%Y%m', s.starts_at + 3600, 'unixepoch') AS INTEGER) END) AS mo, v.commune_code, b.beneficiary_id FROM bookings b JOIN outing_slots s ON s.id = b.slot_id
  JOIN outing_offers o ON o.id = s.offer_id JOIN organisations v ON v.id = o.venue_id
  WHERE b.status = 'used' AND b.beneficiary_id IS NOT NULL AND v.commune_code IS NOT NULL) k
GROUP BY k.mo, k.commune_code, k.beneficiary_id;
INSERT INTO outing_commune_months (month, commune_code, people)
SELECT month, commune_code, COUNT(*) FROM outing_commune_people WHERE bookings > 0 GROUP BY month, commune_code;

-- Distinct people per commune and month follow the rows of outing_commune_people (created after the fill).
CREATE TRIGGER outing_commune_months_insert AFTER INSERT ON outing_commune_people WHEN new.bookings > 0
BEGIN
INSERT INTO outing_commune_months (month, commune_code, people) VALUES (new.month, new.commune_code, 1)
  ON CONFLICT (month, commune_code) DO UPDATE SET people = outing_commune_months.people + excluded.people;
END;
CREATE TRIGGER outing_commune_months_update AFTER UPDATE OF bookings ON outing_commune_people
  WHEN (old.bookings > 0) <> (new.bookings > 0)
BEGIN
INSERT INTO outing_commune_months (month, commune_code, people) VALUES (new.month, new.commune_code, CASE WHEN new.bookings > 0 THEN 1 ELSE -1 END)
  ON CONFLICT (month, commune_code) DO UPDATE SET people = outing_commune_months.people + excluded.people;
END;
