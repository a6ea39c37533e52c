-- The catalogue shows a venue's logo when its offer has no picture of its own: organisation_logos is one of
-- the tables the catalogue reads, so its writes move the catalogue's data version too (0073).
CREATE TRIGGER catalogue_version_organisation_logos AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation_logos
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
