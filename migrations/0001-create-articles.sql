-- The article index. Markdown files in content/ are the source of truth; these rows are derived from them.

CREATE TABLE authors (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  job_title TEXT NOT NULL DEFAULT '',
  affiliation TEXT NOT NULL DEFAULT '',
  bio TEXT NOT NULL DEFAULT '',
  url TEXT
);

CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('op-ed', 'editorial', 'column', 'letter')),
  title TEXT NOT NULL,
  dek TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  section TEXT NOT NULL DEFAULT '',
  body_markdown TEXT NOT NULL,
  body_html TEXT NOT NULL,
  -- The cut body shown when a syndicated piece is displayed as an excerpt; NULL otherwise.
  excerpt_html TEXT,
  -- Dates keep the offset the editor wrote; the *_ts twins (epoch ms) are for ordering and comparing.
  published_at TEXT NOT NULL,
  published_ts INTEGER NOT NULL,
  updated_at TEXT,
  updated_ts INTEGER,
  draft INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1)),
  author_note TEXT NOT NULL DEFAULT '',
  disclosure TEXT NOT NULL DEFAULT '',
  image_src TEXT,
  image_alt TEXT,
  image_caption TEXT,
  image_credit TEXT,
  source_publication TEXT,
  source_section TEXT,
  source_url TEXT,
  source_date TEXT,
  source_licence TEXT,
  source_display TEXT CHECK (source_display IN ('full', 'excerpt')),
  canonical_url TEXT,
  comments_open INTEGER NOT NULL DEFAULT 1 CHECK (comments_open IN (0, 1)),
  word_count INTEGER NOT NULL,
  reading_minutes INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  source_file TEXT,
  -- 1-based rank among non-draft pieces, newest first, kept contiguous by the importer. Index pages find
  -- page N by a range on this column (keyset), so page 1,000 costs what page 1 costs.
  list_position INTEGER
);

CREATE INDEX articles_by_date ON articles (draft, published_ts DESC, id DESC);
CREATE INDEX articles_by_position ON articles (list_position) WHERE list_position IS NOT NULL;

-- published_ts and draft are copied into the join tables so author and tag pages read one index in order.
CREATE TABLE article_authors (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES authors (id),
  position INTEGER NOT NULL,
  draft INTEGER NOT NULL,
  published_ts INTEGER NOT NULL,
  PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_by_author ON article_authors (author_id, draft, published_ts DESC, article_id DESC);

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);

CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags (id),
  position INTEGER NOT NULL,
  draft INTEGER NOT NULL,
  published_ts INTEGER NOT NULL,
  PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, draft, published_ts DESC, article_id DESC);

CREATE TABLE corrections (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  corrected_at TEXT NOT NULL,
  corrected_ts INTEGER NOT NULL,
  text TEXT NOT NULL,
  UNIQUE (article_id, position)
);
CREATE INDEX corrections_by_date ON corrections (corrected_ts DESC);

-- Old slugs that answer with a redirect to the article's current URL.
CREATE TABLE article_aliases (
  slug TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
