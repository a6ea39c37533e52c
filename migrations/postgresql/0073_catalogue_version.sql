-- The catalogue's data version (issue 22): a number that moves whenever a table the referents'
-- catalogue (/sorties) reads changes, so that a rendered catalogue is kept only while the data it was
-- made from has not changed, on every instance (the version is read from the database on each request).
-- memberships too: a referent's relais (and so its branch) decides which offers they see.
-- Sixteen counters so that writers do not queue on one row: each connection bumps its own
-- (pg_backend_pid() % 16), once per statement; the version is their sum.
CREATE TABLE catalogue_versions (
  shard INTEGER PRIMARY KEY,
  n BIGINT NOT NULL DEFAULT 0
);
INSERT INTO catalogue_versions (shard, n) SELECT i, 0 FROM generate_series(0, 15) AS i;

CREATE FUNCTION catalogue_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = pg_backend_pid() % 16;
  RETURN NULL;
END
$$;
CREATE TRIGGER catalogue_version_outing_offers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON outing_offers
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
CREATE TRIGGER catalogue_version_outing_slots AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON outing_slots
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
CREATE TRIGGER catalogue_version_outing_allocations AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON outing_allocations
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
CREATE TRIGGER catalogue_version_outing_offer_branches AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON outing_offer_branches
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
CREATE TRIGGER catalogue_version_organisations AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
CREATE TRIGGER catalogue_version_communes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON communes
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
CREATE TRIGGER catalogue_version_delegations AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON delegations
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
CREATE TRIGGER catalogue_version_delegation_epcis AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON delegation_epcis
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
CREATE TRIGGER catalogue_version_memberships AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
