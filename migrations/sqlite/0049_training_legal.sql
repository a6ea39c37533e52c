-- A training organisation's legal data (docs/trainings/legal.md): one row per organisation. Printed at the
-- foot of every document, shown on programme pages. NDA: numéro de déclaration d'activité (11 digits) and the
-- région whose préfet registered it; SIRET (14 digits, Luhn); Qualiopi certificate (number, certifier, last
-- valid day, categories: comma-separated among actions_formation, bilans, vae, apprentissage); VAT: exempt
-- under article 261-4-4° a du CGI (1) or not (0: intracommunity number and rate in per mille, 200 = 20 %).
-- expiry_notice_for: the certificate end day whose 60-day warning e-mail went out (claimed once).
CREATE TABLE training_legal_data (
  id INTEGER PRIMARY KEY,
  organisation_id BIGINT NOT NULL UNIQUE REFERENCES organisations (id),
  address TEXT NOT NULL DEFAULT '',
  siret TEXT NOT NULL DEFAULT '',
  nda_number TEXT NOT NULL DEFAULT '',
  nda_region TEXT NOT NULL DEFAULT '',
  qualiopi_number TEXT NOT NULL DEFAULT '',
  qualiopi_certifier TEXT NOT NULL DEFAULT '',
  qualiopi_valid_until TEXT NOT NULL DEFAULT '',
  qualiopi_categories TEXT NOT NULL DEFAULT '',
  vat_exempt BIGINT NOT NULL DEFAULT 1 CHECK (vat_exempt IN (0, 1)),
  vat_number TEXT NOT NULL DEFAULT '',
  vat_rate_per_mille BIGINT NOT NULL DEFAULT 200 CHECK (vat_rate_per_mille BETWEEN 0 AND 1000),
  legal_mentions TEXT NOT NULL DEFAULT '',
  expiry_notice_for TEXT NOT NULL DEFAULT '',
  updated_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
