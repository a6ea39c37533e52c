-- Issue 22 (session 17, docs/decisions.md « the last slow pages »): /sorties/offres lists the offers a
-- person edits, the last changed first (ORDER BY updated_at DESC, id DESC LIMIT 25). A coordinator of a
-- branch edits 6,700 of the 20,000 offers at national size: the page now walks this index from its end and
-- stops at the 25th of theirs instead of sorting them all.
CREATE INDEX outing_offers_updated ON outing_offers (updated_at, id);
