-- Issue 14: an applicant's phone (optional), read by the session's managers next to the e-mail.
ALTER TABLE training_applications ADD COLUMN phone TEXT NOT NULL DEFAULT '';
