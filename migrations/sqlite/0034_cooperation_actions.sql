-- Actions of cooperation projects (src/cooperation/actions; docs/cooperation/actions.md): a tree of
-- actions per project with owner, dates, status and progress, and the links to what implements them.

CREATE TABLE cooperation_actions (
  id INTEGER PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES cooperation_projects (id),
  -- The action above it in the same project (0: a root). The service refuses a parent that would
  -- make a cycle (the action itself or one of its descendants).
  parent_id BIGINT NOT NULL DEFAULT 0,
  -- The decision that started it (cooperation_decisions, 0: none).
  decision_id BIGINT NOT NULL DEFAULT 0,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','done','cancelled')),
  -- Entered on leaves (0-100); a parent's progress is computed from its children (never stored).
  progress BIGINT NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 100),
  -- Its share in its parent's progress.
  weight BIGINT NOT NULL DEFAULT 1 CHECK (weight >= 1 AND weight <= 100),
  owner_id BIGINT NOT NULL REFERENCES users (id),
  -- ISO days, '' when not set; done_on is set when the action is done.
  starts_on TEXT NOT NULL DEFAULT '',
  due_on TEXT NOT NULL DEFAULT '',
  done_on TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX cooperation_actions_project ON cooperation_actions (project_id, parent_id);
CREATE INDEX cooperation_actions_decision ON cooperation_actions (decision_id) WHERE decision_id <> 0;

-- What implements an action: an outings offer, a training session, a meeting of the project (the
-- target's id), or a free link (label and URL). The label keeps the target's title as it was linked.
CREATE TABLE cooperation_action_links (
  id INTEGER PRIMARY KEY,
  action_id BIGINT NOT NULL REFERENCES cooperation_actions (id),
  kind TEXT NOT NULL CHECK (kind IN ('offer','session','meeting','url')),
  target_id BIGINT NOT NULL DEFAULT 0,
  label TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX cooperation_action_links_action ON cooperation_action_links (action_id);
CREATE UNIQUE INDEX cooperation_action_links_target ON cooperation_action_links (action_id, kind, target_id) WHERE kind <> 'url';
