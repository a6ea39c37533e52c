-- The CHECK organisations_coordinates_pair exists since 0007; SQLite gets its equivalent in its own 0019
-- (two triggers). Documented on the constraint so that both stay described together.
COMMENT ON CONSTRAINT organisations_coordinates_pair ON organisations IS
  'latitude and longitude both set or both empty (SQLite: triggers organisations_coordinates_pair_insert/_update)';
