-- A network of branches (issue 19, docs/outings.md « Antennes », docs/decisions.md "branches, the model
-- revised"): a branch is a départemental association of the network (« Cultures du Cœur 94 »). The
-- instance itself is the head office. Organisations belong to at most one branch; a coordinator
-- membership may name a branch (like a délégation) and then acts only over that branch; an offer is
-- given to branches (none: open to all); a branch may override the instance's booking rules.
CREATE TABLE network_branches (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  departement_code TEXT NOT NULL DEFAULT '',
  school_zone TEXT NOT NULL DEFAULT 'C' CHECK (school_zone IN ('A','B','C')),
  organisation_id BIGINT REFERENCES organisations (id),      -- the association's own directory entry
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- The branch an organisation belongs to (NULL: none, serves everyone).
ALTER TABLE organisations ADD COLUMN branch_id BIGINT REFERENCES network_branches (id);
CREATE INDEX organisations_branch ON organisations (branch_id);

-- A coordinator's membership may name the branch they coordinate (NULL: the head office).
ALTER TABLE memberships ADD COLUMN branch_id BIGINT REFERENCES network_branches (id);

-- A branch's overrides of the instance's outings.* settings (same keys, same bounds).
CREATE TABLE branch_settings (
  branch_id BIGINT NOT NULL REFERENCES network_branches (id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (branch_id, key)
);

-- The branches an offer is given to (none: open to every relais).
CREATE TABLE outing_offer_branches (
  offer_id BIGINT NOT NULL REFERENCES outing_offers (id),
  branch_id BIGINT NOT NULL REFERENCES network_branches (id),
  PRIMARY KEY (offer_id, branch_id)
);
CREATE INDEX outing_offer_branches_branch ON outing_offer_branches (branch_id);

-- An allocation may belong to a branch (NULL: the whole network).
ALTER TABLE outing_allocations ADD COLUMN branch_id BIGINT REFERENCES network_branches (id);
