-- Impact studies: a beneficiary is answered for once per study (its campaign): one invitation per
-- respondent code and campaign, even when two submits race.
CREATE UNIQUE INDEX questionnaire_invitations_respondent ON questionnaire_invitations (campaign_id, respondent_code) WHERE respondent_code <> '';
