-- The catalogue shows a venue's logo when its offer has no picture of its own: organisation_logos is one of
-- the tables the catalogue reads, so its writes move the catalogue's data version too (0073).
CREATE TRIGGER catalogue_version_organisation_logos_i AFTER INSERT ON organisation_logos
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_organisation_logos_u AFTER UPDATE ON organisation_logos
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
CREATE TRIGGER catalogue_version_organisation_logos_d AFTER DELETE ON organisation_logos
BEGIN
  UPDATE catalogue_versions SET n = n + 1 WHERE shard = 0;
END;
