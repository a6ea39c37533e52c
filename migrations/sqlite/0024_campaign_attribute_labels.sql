-- The attribute columns of a sending made from a CSV of addresses (LimeSurvey's participant
-- attributes): a JSON object from each attribute key (the header normalised, stored in the
-- invitations' attributes) to the header as the manager typed it, the label results show. '{}' for
-- every other sending.
ALTER TABLE questionnaire_campaigns ADD COLUMN attribute_labels TEXT NOT NULL DEFAULT '{}';
