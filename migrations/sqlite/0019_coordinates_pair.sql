-- Parity with PostgreSQL's CHECK organisations_coordinates_pair (0007): latitude and longitude are both
-- set or both empty. SQLite cannot add a table CHECK to an existing table without rebuilding it (and
-- organisations is referenced by most tables), so two triggers refuse the same rows with the same
-- message as a CHECK. The parity test reads them as that CHECK.
CREATE TRIGGER organisations_coordinates_pair_insert BEFORE INSERT ON organisations
WHEN (NEW.latitude IS NULL) <> (NEW.longitude IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: organisations_coordinates_pair');
END;
CREATE TRIGGER organisations_coordinates_pair_update BEFORE UPDATE OF latitude, longitude ON organisations
WHEN (NEW.latitude IS NULL) <> (NEW.longitude IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: organisations_coordinates_pair');
END;
