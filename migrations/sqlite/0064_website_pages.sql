-- The public site's pages (issue 20, src/website/pages): a tree of markdown pages with a cover picture kept
-- at a few widths, and the revisions every save keeps (the content before the save).
CREATE TABLE website_pages (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',                      -- for search engines, 300 characters at most
  text TEXT NOT NULL DEFAULT '',                             -- markdown
  position BIGINT NOT NULL DEFAULT 0,
  parent_id BIGINT REFERENCES website_pages (id),            -- NULL: a top page (the menu); no cycle (service)
  published BIGINT NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  show_quotes BIGINT NOT NULL DEFAULT 0 CHECK (show_quotes IN (0, 1)),
  source TEXT NOT NULL DEFAULT '',                           -- the imported file's name, '' when typed
  cover_name TEXT NOT NULL DEFAULT '',                       -- the cover as sent ('' : none)
  cover_width BIGINT NOT NULL DEFAULT 0,                     -- the largest rendition's size
  cover_height BIGINT NOT NULL DEFAULT 0,
  cover_sha256 TEXT NOT NULL DEFAULT '',                     -- of the sent bytes: versions the URLs
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  updated_by BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX website_pages_parent ON website_pages (parent_id, position);

-- The cover's renditions: one per width (480, 960, 1600 at most; never enlarged, so a small picture has fewer).
CREATE TABLE website_page_covers (
  page_id BIGINT NOT NULL REFERENCES website_pages (id),
  width BIGINT NOT NULL,
  height BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  data BLOB NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (page_id, width)
);

-- The content a save replaced (or a restore), newest last.
CREATE TABLE website_page_revisions (
  id INTEGER PRIMARY KEY,
  page_id BIGINT NOT NULL REFERENCES website_pages (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  text TEXT NOT NULL,
  published BIGINT NOT NULL CHECK (published IN (0, 1)),
  author_id BIGINT NOT NULL DEFAULT 0,                       -- who had written this content
  at BIGINT NOT NULL                                         -- when it had been written
);
CREATE INDEX website_page_revisions_page ON website_page_revisions (page_id, id);
