-- Schemes with calendars (issue 19, docs/outings.md "Calendars and day rules").
--
-- The French school calendar: one row per zone and holiday, first and last day *off* (inclusive,
-- 'YYYY-MM-DD'). The rows below are data/school_holidays.csv as shipped (a test checks that both
-- agree); an administrator replaces them by uploading a CSV at /sorties/calendrier.
CREATE TABLE school_holidays (
  id INTEGER PRIMARY KEY,
  zone TEXT NOT NULL CHECK (zone IN ('A','B','C')),
  name TEXT NOT NULL,
  first_day TEXT NOT NULL,
  last_day TEXT NOT NULL,
  CHECK (last_day >= first_day)
);
CREATE INDEX school_holidays_zone ON school_holidays (zone, first_day);

-- The days an allocation's slots may fall on: a comma-separated list among school_holidays,
-- weekends, public_holidays, mon … sun ('' = every day), and the school zone the holidays are read in.
ALTER TABLE outing_allocations ADD COLUMN day_rules TEXT NOT NULL DEFAULT '';
ALTER TABLE outing_allocations ADD COLUMN zone TEXT NOT NULL DEFAULT 'C' CHECK (zone IN ('A','B','C'));

-- New offer categories: environment, heritage, digital. outing_offers is referenced by outing_slots and
-- the migration runs in one transaction with foreign keys on, so the table cannot be dropped and
-- rebuilt: the column is replaced in place (as 0020 did for image_data; only its position changes).
-- ADD COLUMN NOT NULL needs a default: 'live_show', which PostgreSQL gets too (parity).
DROP INDEX outing_offers_status;
ALTER TABLE outing_offers ADD COLUMN category_new TEXT NOT NULL DEFAULT 'live_show'
  CHECK (category_new IN ('live_show','concert','cinema','exhibition','sport','leisure','workshop','reading','environment','heritage','digital'));
UPDATE outing_offers SET category_new = category;
ALTER TABLE outing_offers DROP COLUMN category;
ALTER TABLE outing_offers RENAME COLUMN category_new TO category;
CREATE INDEX outing_offers_status ON outing_offers (status, category);

INSERT INTO school_holidays (zone, name, first_day, last_day) VALUES
  ('A', 'Toussaint', '2024-10-19', '2024-11-03'),
  ('B', 'Toussaint', '2024-10-19', '2024-11-03'),
  ('C', 'Toussaint', '2024-10-19', '2024-11-03'),
  ('A', 'Noël', '2024-12-21', '2025-01-05'),
  ('B', 'Noël', '2024-12-21', '2025-01-05'),
  ('C', 'Noël', '2024-12-21', '2025-01-05'),
  ('A', 'Hiver', '2025-02-22', '2025-03-09'),
  ('B', 'Hiver', '2025-02-08', '2025-02-23'),
  ('C', 'Hiver', '2025-02-15', '2025-03-02'),
  ('A', 'Printemps', '2025-04-19', '2025-05-04'),
  ('B', 'Printemps', '2025-04-05', '2025-04-21'),
  ('C', 'Printemps', '2025-04-12', '2025-04-27'),
  ('A', 'Été', '2025-07-05', '2025-08-31'),
  ('B', 'Été', '2025-07-05', '2025-08-31'),
  ('C', 'Été', '2025-07-05', '2025-08-31'),
  ('A', 'Toussaint', '2025-10-18', '2025-11-02'),
  ('B', 'Toussaint', '2025-10-18', '2025-11-02'),
  ('C', 'Toussaint', '2025-10-18', '2025-11-02'),
  ('A', 'Noël', '2025-12-20', '2026-01-04'),
  ('B', 'Noël', '2025-12-20', '2026-01-04'),
  ('C', 'Noël', '2025-12-20', '2026-01-04'),
  ('A', 'Hiver', '2026-02-07', '2026-02-22'),
  ('B', 'Hiver', '2026-02-14', '2026-03-01'),
  ('C', 'Hiver', '2026-02-21', '2026-03-08'),
  ('A', 'Printemps', '2026-04-04', '2026-04-19'),
  ('B', 'Printemps', '2026-04-11', '2026-04-26'),
  ('C', 'Printemps', '2026-04-18', '2026-05-03'),
  ('A', 'Été', '2026-07-04', '2026-08-31'),
  ('B', 'Été', '2026-07-04', '2026-08-31'),
  ('C', 'Été', '2026-07-04', '2026-08-31'),
  ('A', 'Toussaint', '2026-10-17', '2026-11-01'),
  ('B', 'Toussaint', '2026-10-17', '2026-11-01'),
  ('C', 'Toussaint', '2026-10-17', '2026-11-01'),
  ('A', 'Noël', '2026-12-19', '2027-01-03'),
  ('B', 'Noël', '2026-12-19', '2027-01-03'),
  ('C', 'Noël', '2026-12-19', '2027-01-03'),
  ('A', 'Hiver', '2027-02-13', '2027-02-28'),
  ('B', 'Hiver', '2027-02-20', '2027-03-07'),
  ('C', 'Hiver', '2027-02-06', '2027-02-21'),
  ('A', 'Printemps', '2027-04-10', '2027-04-25'),
  ('B', 'Printemps', '2027-04-17', '2027-05-02'),
  ('C', 'Printemps', '2027-04-03', '2027-04-18'),
  ('A', 'Été', '2027-07-03', '2027-08-31'),
  ('B', 'Été', '2027-07-03', '2027-08-31'),
  ('C', 'Été', '2027-07-03', '2027-08-31'),
  ('A', 'Toussaint', '2027-10-23', '2027-11-07'),
  ('B', 'Toussaint', '2027-10-23', '2027-11-07'),
  ('C', 'Toussaint', '2027-10-23', '2027-11-07'),
  ('A', 'Noël', '2027-12-18', '2028-01-02'),
  ('B', 'Noël', '2027-12-18', '2028-01-02'),
  ('C', 'Noël', '2027-12-18', '2028-01-02'),
  ('A', 'Hiver', '2028-02-26', '2028-03-12'),
  ('B', 'Hiver', '2028-02-12', '2028-02-27'),
  ('C', 'Hiver', '2028-02-19', '2028-03-05'),
  ('A', 'Printemps', '2028-04-22', '2028-05-07'),
  ('B', 'Printemps', '2028-04-08', '2028-04-23'),
  ('C', 'Printemps', '2028-04-15', '2028-04-30'),
  ('A', 'Été', '2028-07-01', '2028-08-31'),
  ('B', 'Été', '2028-07-01', '2028-08-31'),
  ('C', 'Été', '2028-07-01', '2028-08-31');
