-- Members of a network (src/network_life/members; docs/network_life/members.md): the yearly membership
-- of an organisation (a relais, a partner) in the network of an organiser, its status, its designated
-- contact, the fee recorded (no payment processing) and the renewal reminder's claim.

CREATE TABLE life_memberships (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The network's head (network_life.manage there decides).
  organiser_id BIGINT NOT NULL REFERENCES organisations (id),
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  year BIGINT NOT NULL,
  -- applied → member (or refused, with a reason); member → lapsed at the end of the year unless renewed.
  status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied','member','refused','lapsed')),
  -- Days 'YYYY-MM-DD': applied (or recorded), decided (accepted or refused), lapsed.
  applied_on TEXT NOT NULL,
  decided_on TEXT NOT NULL DEFAULT '',
  decided_by BIGINT NOT NULL DEFAULT 0,
  refusal_reason TEXT NOT NULL DEFAULT '',
  lapsed_on TEXT NOT NULL DEFAULT '',
  -- The designated contact: a user holding a role in the member organisation (0: none, its staff).
  contact_user_id BIGINT NOT NULL DEFAULT 0,
  -- The fee recorded: -1 none; else euro cents, its day and its means.
  fee_cents BIGINT NOT NULL DEFAULT -1,
  fee_on TEXT NOT NULL DEFAULT '',
  fee_means TEXT NOT NULL DEFAULT '' CHECK (fee_means IN ('','virement','cheque','especes','exonere')),
  -- The membership this one renews (0: a first application).
  renewal_of BIGINT NOT NULL DEFAULT 0,
  -- The renewal reminder's claim (unix seconds; 0: not sent): set once, in the write that queues it.
  reminder_sent_at BIGINT NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (organiser_id, organisation_id, year)
);
CREATE INDEX life_memberships_year ON life_memberships (year, status);
CREATE INDEX life_memberships_organisation ON life_memberships (organisation_id, year);
