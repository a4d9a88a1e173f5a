-- Reader engagement (issue 4): visit counts per article and day, and moderated comments.

-- Page views and distinct visitors of one article on one day ("day" is YYYY-MM-DD in the site's time zone).
-- The counter flushes its in-memory tallies here in batches, never once per request.
CREATE TABLE article_visits (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  views INTEGER NOT NULL DEFAULT 0,
  visitors INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (article_id, day)
) WITHOUT ROWID;
CREATE INDEX article_visits_by_day ON article_visits (day, article_id);

-- Today's secret salt for the distinct-visitor hash. Kept in the database so a restart (or a second process)
-- recognises the same visitor on the same day; rows of past days are deleted, and with them any way to link
-- a hash back to a reader.
CREATE TABLE visit_salts (
  day TEXT PRIMARY KEY,
  salt BLOB NOT NULL
) WITHOUT ROWID;

-- Keyed hashes (salt, IP, user agent) of today's visitors per article: no raw IPs. Deleted when the day ends.
CREATE TABLE visitor_hashes (
  day TEXT NOT NULL,
  article_id INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (day, article_id, hash)
) WITHOUT ROWID;

-- Secrets the site generates for itself when the operator configures none (the comment form's signing key).
CREATE TABLE site_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  -- One level of replies: parent_id always names a top-level comment.
  parent_id INTEGER REFERENCES comments (id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'spam')),
  author_name TEXT NOT NULL,
  -- Never published: shown only to moderators in the CLI.
  author_email TEXT NOT NULL,
  author_url TEXT,
  body TEXT NOT NULL,
  -- sha256 of the normalised body, to ignore duplicate submissions.
  body_hash TEXT NOT NULL,
  link_count INTEGER NOT NULL,
  -- The signed form token's nonce: a token is good for one comment only.
  token_nonce TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  created_ts INTEGER NOT NULL,
  moderated_ts INTEGER
);
CREATE INDEX comments_by_article ON comments (article_id, status, created_ts);
CREATE INDEX comments_by_status ON comments (status, created_ts DESC);
CREATE INDEX comments_by_email ON comments (author_email, status);
CREATE INDEX comments_by_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX comments_by_body ON comments (article_id, body_hash);
