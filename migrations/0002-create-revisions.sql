-- Earlier versions of articles, so an editor can see what an import, publish or restore replaced and undo it.
-- Keyed by slug rather than article id: deleting a piece keeps its history, and restore can bring it back.

CREATE TABLE revisions (
  id INTEGER PRIMARY KEY,
  article_slug TEXT NOT NULL,
  -- 1, 2, 3, ... per slug, in the order versions were replaced.
  number INTEGER NOT NULL,
  -- When this version was replaced, as UTC ISO 8601, and as epoch ms for ordering.
  replaced_at TEXT NOT NULL,
  replaced_ts INTEGER NOT NULL,
  -- The command that replaced it.
  reason TEXT NOT NULL CHECK (reason IN ('import', 'publish', 'unpublish', 'restore', 'delete')),
  -- Where this version had come from, and its content hash.
  source_file TEXT,
  content_hash TEXT NOT NULL,
  title TEXT NOT NULL,
  -- The validated front matter and body (the house format), enough to restore or export it.
  article_json TEXT NOT NULL,
  UNIQUE (article_slug, number)
);

-- The validated input each stored article was rendered from, so export and restore reproduce exactly what
-- the editor wrote (titles are stored typographically, which cannot be undone). NULL for rows imported
-- before this migration until they are next written.
ALTER TABLE articles ADD COLUMN input_json TEXT;
