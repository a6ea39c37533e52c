-- Optional coordinates of organisations (WGS 84 decimal degrees), shown on the directory's map.
-- Both are set or both are NULL (checked by the service and the database).
ALTER TABLE organisations ADD COLUMN latitude DOUBLE PRECISION CHECK (latitude IS NULL OR (latitude >= -90 AND latitude <= 90));
ALTER TABLE organisations ADD COLUMN longitude DOUBLE PRECISION CHECK (longitude IS NULL OR (longitude >= -180 AND longitude <= 180));
ALTER TABLE organisations ADD CONSTRAINT organisations_coordinates_pair CHECK ((latitude IS NULL) = (longitude IS NULL));
