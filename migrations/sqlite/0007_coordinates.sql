-- Optional coordinates of organisations (WGS 84 decimal degrees), shown on the directory's map.
-- Both are set or both are NULL (checked by the service; ranges checked by the database too).
ALTER TABLE organisations ADD COLUMN latitude REAL CHECK (latitude IS NULL OR (latitude >= -90 AND latitude <= 90));
ALTER TABLE organisations ADD COLUMN longitude REAL CHECK (longitude IS NULL OR (longitude >= -180 AND longitude <= 180));
