-- Invoices and credit notes of trainings (issue 18, module invoices). Numbers never have gaps: each is allocated
-- from a counter row per organisation, series (F invoices, A credit notes) and year, incremented inside the write
-- transaction that creates the document; a document is never deleted, an invoice is cancelled by a credit note.
CREATE TABLE training_invoice_counters (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  series TEXT NOT NULL CHECK (series IN ('F','A')),
  year BIGINT NOT NULL,
  last_number BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX training_invoice_counters_key ON training_invoice_counters (organisation_id, series, year);

CREATE TABLE training_invoices (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('invoice','credit_note')),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  year BIGINT NOT NULL,
  sequence BIGINT NOT NULL,
  number TEXT NOT NULL,                             -- F2027-0001, A2027-0001
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  application_id BIGINT NOT NULL REFERENCES training_applications (id),
  funding_line_id BIGINT REFERENCES training_funding_lines (id),
  payer TEXT NOT NULL CHECK (payer IN ('opco','france_travail','region','employer','cpf','departement','self','other')),
  buyer_name TEXT NOT NULL,
  buyer_address TEXT NOT NULL DEFAULT '',
  professional BIGINT NOT NULL DEFAULT 1,           -- the 40 euros recovery indemnity applies
  minutes BIGINT NOT NULL DEFAULT 0,                -- hours billed (attended, or planned for an advance)
  total_ht_cents BIGINT NOT NULL CHECK (total_ht_cents > 0),
  vat_per_mille BIGINT NOT NULL DEFAULT 0,
  vat_cents BIGINT NOT NULL DEFAULT 0,
  total_ttc_cents BIGINT NOT NULL,
  issued_on TEXT NOT NULL,                          -- YYYY-MM-DD (Paris)
  due_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('issued','sent','partially_paid','paid','overdue','cancelled')),
  paid_cents BIGINT NOT NULL DEFAULT 0,
  credit_of BIGINT REFERENCES training_invoices (id),
  reason TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  data BYTEA NOT NULL,                               -- the PDF
  size_bytes BIGINT NOT NULL,
  recipient TEXT NOT NULL DEFAULT '',
  outbox_id BIGINT NOT NULL DEFAULT 0,
  sent_at BIGINT NOT NULL DEFAULT 0,
  overdue_at BIGINT NOT NULL DEFAULT 0,
  reminded_7_at BIGINT NOT NULL DEFAULT 0,
  reminded_30_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX training_invoices_number ON training_invoices (organisation_id, kind, year, sequence);
CREATE INDEX training_invoices_session ON training_invoices (session_id, id);
CREATE INDEX training_invoices_application ON training_invoices (application_id, payer);
CREATE INDEX training_invoices_status ON training_invoices (status, due_on);

CREATE TABLE training_invoice_payments (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id BIGINT NOT NULL REFERENCES training_invoices (id),
  paid_on TEXT NOT NULL,
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  method TEXT NOT NULL CHECK (method IN ('transfer','cheque','card','cash','direct_debit')),
  reference TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX training_invoice_payments_invoice ON training_invoice_payments (invoice_id, id);
