-- Territories: the official administrative division (imported) and the Département's délégations.
CREATE TABLE departements (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region_code TEXT NOT NULL DEFAULT '',
  chef_lieu TEXT NOT NULL DEFAULT '',
  imported_at BIGINT NOT NULL
);

CREATE TABLE epcis (
  siren TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  population BIGINT NOT NULL DEFAULT 0,
  imported_at BIGINT NOT NULL
);

CREATE TABLE communes (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  departement_code TEXT NOT NULL REFERENCES departements (code),
  epci_siren TEXT REFERENCES epcis (siren),
  siren TEXT NOT NULL DEFAULT '',
  postal_codes TEXT NOT NULL DEFAULT '',
  population BIGINT NOT NULL DEFAULT 0,
  imported_at BIGINT NOT NULL
);
CREATE INDEX communes_departement ON communes (departement_code, name);
CREATE INDEX communes_epci ON communes (epci_siren);

CREATE TABLE delegations (
  id INTEGER PRIMARY KEY,
  departement_code TEXT NOT NULL REFERENCES departements (code),
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (departement_code, name)
);

-- A délégation groups EPCI; an EPCI belongs to at most one délégation of a département
-- (checked by the service, since an EPCI may straddle two départements).
CREATE TABLE delegation_epcis (
  delegation_id BIGINT NOT NULL REFERENCES delegations (id),
  epci_siren TEXT NOT NULL REFERENCES epcis (siren),
  PRIMARY KEY (delegation_id, epci_siren)
);
CREATE INDEX delegation_epcis_epci ON delegation_epcis (epci_siren);
