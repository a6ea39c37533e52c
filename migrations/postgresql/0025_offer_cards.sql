-- The catalogue card of an offer's picture: its centred 16:9 part, 640 × 360 (JPEG, or PNG with
-- transparency), made at upload; empty for a picture stored before, made on its first request.
ALTER TABLE outing_offers ADD COLUMN card_type TEXT NOT NULL DEFAULT '';
ALTER TABLE outing_offers ADD COLUMN card_data BYTEA NOT NULL DEFAULT '\x';
