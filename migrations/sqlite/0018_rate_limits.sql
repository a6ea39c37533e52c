-- Rate limits counted and checked in one statement: one row per bucket ("login:account:<e-mail>",
-- "login:ip:<address>", "reset:…", "mfa:user:<id>", "apply:…", "complaint:…"), taken with a
-- conditional upsert before the limited work is done (src/store/rate_limits.hpp). rate_events,
-- which was read then written (and so let concurrent requests through), is no longer used.
CREATE TABLE rate_limits (
  bucket TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,
  used BIGINT NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
