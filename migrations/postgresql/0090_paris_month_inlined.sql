-- Issue 22 (session 18, docs/decisions.md « the Paris month inlined »): trame_paris_month (0081) is called
-- by the kept figures' triggers on every used booking written. It was declared IMMUTABLE but called
-- to_char, which is only STABLE (it reads the locale): PostgreSQL then never inlines it, and each call went
-- through the SQL function executor (≈ 90 µs, 18 calls per used booking written). The same months from
-- EXTRACT on a timestamp without time zone, which is immutable: the function is now inlined into the
-- triggers' statements. Same rule as before: the UTC month of t + 2 h when that gives April to October
-- (summer time covers every month boundary from April 1st to October 1st), otherwise of t + 1 h.
-- One expression, the offset written twice: PostgreSQL does not inline a function whose parameter is used
-- more than once when the argument is itself costly (a nested function of t + offset would stay a call).
CREATE OR REPLACE FUNCTION trame_paris_month(t BIGINT) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS $$
  SELECT CAST(
    EXTRACT(YEAR FROM to_timestamp(t + CASE WHEN EXTRACT(MONTH FROM to_timestamp(t + 7200) AT TIME ZONE 'UTC')
      BETWEEN 4 AND 10 THEN 7200 ELSE 3600 END) AT TIME ZONE 'UTC') * 100
    + EXTRACT(MONTH FROM to_timestamp(t + CASE WHEN EXTRACT(MONTH FROM to_timestamp(t + 7200) AT TIME ZONE 'UTC')
      BETWEEN 4 AND 10 THEN 7200 ELSE 3600 END) AT TIME ZONE 'UTC') AS INTEGER)
$$;
