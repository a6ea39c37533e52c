-- The catalogue's data version (issue 22): a number that moves whenever a table the referents'
-- catalogue (/sorties) reads changes, so that a rendered catalogue is kept only while the data it was
-- made from has not changed, on every instance (the version is read from the database on each request).
-- memberships too: a referent's relais (and so its branch) decides which offers they see.
-- Sixteen counters so that writers on PostgreSQL do not queue on one row (each connection bumps its
-- own, pg_backend_pid() % 16); the version is their sum. SQLite (one writer at a time) bumps shard 0.
CREATE TABLE catalogue_versions (
  shard INTEGER PRIMARY KEY,
  n BIGINT NOT NULL DEFAULT 0
);
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 15)
INSERT INTO catalogue_versions (shard, n) SELECT i, 0 FROM k;
CREATE TRIGGER catalogue_version_outing_offers_i AFTER INSERT ON outing_offers
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_offers_u AFTER UPDATE ON outing_offers
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_offers_d AFTER DELETE ON outing_offers
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_slots_i AFTER INSERT ON outing_slots
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_slots_u AFTER UPDATE ON outing_slots
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_slots_d AFTER DELETE ON outing_slots
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_allocations_i AFTER INSERT ON outing_allocations
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_allocations_u AFTER UPDATE ON outing_allocations
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_allocations_d AFTER DELETE ON outing_allocations
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_offer_branches_i AFTER INSERT ON outing_offer_branches
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_offer_branches_u AFTER UPDATE ON outing_offer_branches
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_outing_offer_branches_d AFTER DELETE ON outing_offer_branches
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_organisations_i AFTER INSERT ON organisations
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_organisations_u AFTER UPDATE ON organisations
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_organisations_d AFTER DELETE ON organisations
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_communes_i AFTER INSERT ON communes
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_communes_u AFTER UPDATE ON communes
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_communes_d AFTER DELETE ON communes
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_delegations_i AFTER INSERT ON delegations
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_delegations_u AFTER UPDATE ON delegations
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_delegations_d AFTER DELETE ON delegations
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_delegation_epcis_i AFTER INSERT ON delegation_epcis
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_delegation_epcis_u AFTER UPDATE ON delegation_epcis
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_delegation_epcis_d AFTER DELETE ON delegation_epcis
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_memberships_i AFTER INSERT ON memberships
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_memberships_u AFTER UPDATE ON memberships
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_memberships_d AFTER DELETE ON memberships
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
