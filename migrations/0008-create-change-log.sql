-- One change log (issue 16) in place of page_invalidations (migration 0005): each row says what changed, by
-- kind and id, and both readers derive their work from it. The page store drops an article's page for
-- 'comments' and every page for anything else; the edge purge turns rows into surrogate keys
-- (edge-cache/changes.ts). No URL is spelled here: those readers map ids and slugs to paths and keys.
DROP TRIGGER articles_pages_insert;
DROP TRIGGER articles_pages_update;
DROP TRIGGER articles_pages_delete;
DROP TRIGGER authors_pages_insert;
DROP TRIGGER authors_pages_update;
DROP TRIGGER authors_pages_delete;
DROP TRIGGER tags_pages_update;
DROP TRIGGER tags_pages_delete;
DROP TRIGGER article_authors_pages_insert;
DROP TRIGGER article_authors_pages_delete;
DROP TRIGGER article_tags_pages_insert;
DROP TRIGGER article_tags_pages_delete;
DROP TRIGGER corrections_pages_insert;
DROP TRIGGER corrections_pages_update;
DROP TRIGGER corrections_pages_delete;
DROP TRIGGER comments_pages_insert;
DROP TRIGGER comments_pages_update;
DROP TRIGGER comments_pages_delete;
DROP TRIGGER page_changes_record;
DROP VIEW page_changes;
DROP TABLE page_invalidations;

-- kind and id name what changed:
--   'article'      an article readers can see (or could, before the change): id is the article's
--   'author'/'tag' the author's or tag's own row (name, bio, ...): id is theirs
--   'author-link'/'tag-link'  a public article joined or left them (a byline or tag change): id is the author's or tag's
--   'comments'     an approved comment appeared, changed or went: id is the article's
-- Each process remembers the last version it applied; AUTOINCREMENT keeps versions rising after pruning, so
-- a process that missed pruned rows sees a gap and empties its whole cache.
CREATE TABLE change_log (
  version INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'author', 'tag', 'author-link', 'tag-link', 'comments')),
  id INTEGER NOT NULL,
  -- The slug as it was at the change: a deleted article, author or tag can no longer be looked up by id, and
  -- a renamed one's old slug is in no row any more, yet both still name cached pages.
  slug TEXT NOT NULL,
  created_ts INTEGER NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER))
);

-- Pruning runs on every row, so it must find old rows without reading the log.
CREATE INDEX change_log_by_time ON change_log (created_ts);

-- Rows older than a day go, but never the newest: its version is what a process compares with.
CREATE TRIGGER change_log_prune AFTER INSERT ON change_log BEGIN
  DELETE FROM change_log WHERE created_ts < NEW.created_ts - 86400000 AND version < NEW.version;
END;

-- Triggers write the log, so every write path (importer, CLI, comment form, another process) logs in the
-- same transaction as its change, and none can forget to. A draft that stays a draft shows nowhere, so it
-- writes nothing; a scheduled piece does (the page store must learn its publication time).
CREATE TRIGGER articles_log_insert AFTER INSERT ON articles WHEN NEW.draft = 0 BEGIN
  INSERT INTO change_log (kind, id, slug) VALUES ('article', NEW.id, NEW.slug);
END;
-- The columns readers see are all in content_hash (content/record.ts); list_position, renumbered for every
-- piece by an import, and the bookkeeping columns are not, so renumbering logs nothing.
CREATE TRIGGER articles_log_update AFTER UPDATE ON articles
  WHEN (OLD.draft = 0 OR NEW.draft = 0)
   AND (OLD.content_hash IS NOT NEW.content_hash OR OLD.slug IS NOT NEW.slug OR OLD.draft IS NOT NEW.draft
        OR OLD.published_ts IS NOT NEW.published_ts OR OLD.comments_open IS NOT NEW.comments_open)
BEGIN
  INSERT INTO change_log (kind, id, slug) VALUES ('article', NEW.id, NEW.slug);
  INSERT INTO change_log (kind, id, slug) SELECT 'article', OLD.id, OLD.slug WHERE OLD.slug IS NOT NEW.slug;
END;
CREATE TRIGGER articles_log_delete AFTER DELETE ON articles WHEN OLD.draft = 0 BEGIN
  INSERT INTO change_log (kind, id, slug) VALUES ('article', OLD.id, OLD.slug);
END;

CREATE TRIGGER authors_log_insert AFTER INSERT ON authors BEGIN
  INSERT INTO change_log (kind, id, slug) VALUES ('author', NEW.id, NEW.slug);
END;
CREATE TRIGGER authors_log_update AFTER UPDATE ON authors
  WHEN OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name OR OLD.job_title IS NOT NEW.job_title
    OR OLD.affiliation IS NOT NEW.affiliation OR OLD.bio IS NOT NEW.bio OR OLD.url IS NOT NEW.url
BEGIN
  INSERT INTO change_log (kind, id, slug) VALUES ('author', NEW.id, NEW.slug);
  INSERT INTO change_log (kind, id, slug) SELECT 'author', OLD.id, OLD.slug WHERE OLD.slug IS NOT NEW.slug;
END;
CREATE TRIGGER authors_log_delete AFTER DELETE ON authors BEGIN
  INSERT INTO change_log (kind, id, slug) VALUES ('author', OLD.id, OLD.slug);
END;

-- A new tag shows nowhere until an article is filed under it, which its tag-link row says.
CREATE TRIGGER tags_log_update AFTER UPDATE ON tags WHEN OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name BEGIN
  INSERT INTO change_log (kind, id, slug) VALUES ('tag', NEW.id, NEW.slug);
  INSERT INTO change_log (kind, id, slug) SELECT 'tag', OLD.id, OLD.slug WHERE OLD.slug IS NOT NEW.slug;
END;
CREATE TRIGGER tags_log_delete AFTER DELETE ON tags BEGIN
  INSERT INTO change_log (kind, id, slug) VALUES ('tag', OLD.id, OLD.slug);
END;

-- A link names the author or tag, so a byline change reaches the old author's pages as well as the new one's.
-- Links carry their article's draft flag; a draft's links show nowhere.
CREATE TRIGGER article_authors_log_insert AFTER INSERT ON article_authors WHEN NEW.draft = 0 BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'author-link', id, slug FROM authors WHERE id = NEW.author_id;
END;
CREATE TRIGGER article_authors_log_delete AFTER DELETE ON article_authors WHEN OLD.draft = 0 BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'author-link', id, slug FROM authors WHERE id = OLD.author_id;
END;
CREATE TRIGGER article_tags_log_insert AFTER INSERT ON article_tags WHEN NEW.draft = 0 BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'tag-link', id, slug FROM tags WHERE id = NEW.tag_id;
END;
CREATE TRIGGER article_tags_log_delete AFTER DELETE ON article_tags WHEN OLD.draft = 0 BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'tag-link', id, slug FROM tags WHERE id = OLD.tag_id;
END;

-- A correction is part of its article's page. When the article itself is being deleted it is gone already,
-- and its own row says so.
CREATE TRIGGER corrections_log_insert AFTER INSERT ON corrections BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'article', id, slug FROM articles WHERE id = NEW.article_id AND draft = 0;
END;
CREATE TRIGGER corrections_log_update AFTER UPDATE ON corrections BEGIN
  INSERT INTO change_log (kind, id, slug)
  SELECT 'article', id, slug FROM articles WHERE id IN (OLD.article_id, NEW.article_id) AND draft = 0;
END;
CREATE TRIGGER corrections_log_delete AFTER DELETE ON corrections BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'article', id, slug FROM articles WHERE id = OLD.article_id AND draft = 0;
END;

-- Comments show only on their article's page, and only once approved: a pending comment changes nothing.
CREATE TRIGGER comments_log_insert AFTER INSERT ON comments WHEN NEW.status = 'approved' BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'comments', id, slug FROM articles WHERE id = NEW.article_id;
END;
CREATE TRIGGER comments_log_update AFTER UPDATE ON comments WHEN OLD.status = 'approved' OR NEW.status = 'approved' BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'comments', id, slug FROM articles WHERE id IN (OLD.article_id, NEW.article_id);
END;
CREATE TRIGGER comments_log_delete AFTER DELETE ON comments WHEN OLD.status = 'approved' BEGIN
  INSERT INTO change_log (kind, id, slug) SELECT 'comments', id, slug FROM articles WHERE id = OLD.article_id;
END;
