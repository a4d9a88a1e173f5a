-- A log of changes that make rendered pages stale, read by every server process (issue 6). A row with a NULL
-- path means "every page" (an article, author, tag or correction changed); a path means that page and its
-- ?page=N variants (a comment shown or hidden). Each process remembers the last version it applied, so a
-- CLI run in another process reaches every worker. AUTOINCREMENT keeps versions rising after pruning.
CREATE TABLE page_invalidations (
  version INTEGER PRIMARY KEY AUTOINCREMENT,
  path TEXT,
  created_ts INTEGER NOT NULL
);

-- Triggers write the log, so every write path (importer, CLI, comment form, another process) invalidates
-- in the same transaction as its change, and none can forget to. They write through this view.
CREATE VIEW page_changes AS SELECT path FROM page_invalidations;

CREATE TRIGGER page_changes_record INSTEAD OF INSERT ON page_changes BEGIN
  -- A process that missed pruned rows sees a gap in the versions and empties its whole cache.
  DELETE FROM page_invalidations
   WHERE created_ts < CAST(unixepoch('subsec') * 1000 AS INTEGER) - 86400000
     AND version < (SELECT max(version) FROM page_invalidations);
  -- An import changes thousands of rows: while the newest entry already says "every page", move it up
  -- rather than add one row per changed row.
  UPDATE page_invalidations
     SET version = (SELECT max(version) + 1 FROM page_invalidations),
         created_ts = CAST(unixepoch('subsec') * 1000 AS INTEGER)
   WHERE NEW.path IS NULL AND path IS NULL AND version = (SELECT max(version) FROM page_invalidations);
  INSERT INTO page_invalidations (path, created_ts)
  SELECT NEW.path, CAST(unixepoch('subsec') * 1000 AS INTEGER) WHERE changes() = 0;
END;

CREATE TRIGGER articles_pages_insert AFTER INSERT ON articles BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER articles_pages_update AFTER UPDATE ON articles BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER articles_pages_delete AFTER DELETE ON articles BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER authors_pages_insert AFTER INSERT ON authors BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER authors_pages_update AFTER UPDATE ON authors BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER authors_pages_delete AFTER DELETE ON authors BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER tags_pages_update AFTER UPDATE ON tags BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER tags_pages_delete AFTER DELETE ON tags BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER article_authors_pages_insert AFTER INSERT ON article_authors BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER article_authors_pages_delete AFTER DELETE ON article_authors BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER article_tags_pages_insert AFTER INSERT ON article_tags BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER article_tags_pages_delete AFTER DELETE ON article_tags BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER corrections_pages_insert AFTER INSERT ON corrections BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER corrections_pages_update AFTER UPDATE ON corrections BEGIN INSERT INTO page_changes VALUES (NULL); END;
CREATE TRIGGER corrections_pages_delete AFTER DELETE ON corrections BEGIN INSERT INTO page_changes VALUES (NULL); END;

-- Comments show only on their article's page, and only once approved: a pending comment changes nothing.
CREATE TRIGGER comments_pages_insert AFTER INSERT ON comments WHEN NEW.status = 'approved' BEGIN
  INSERT INTO page_changes SELECT '/opinion/' || slug FROM articles WHERE id = NEW.article_id;
END;
CREATE TRIGGER comments_pages_update AFTER UPDATE ON comments WHEN OLD.status = 'approved' OR NEW.status = 'approved' BEGIN
  INSERT INTO page_changes SELECT '/opinion/' || slug FROM articles WHERE id IN (OLD.article_id, NEW.article_id);
END;
CREATE TRIGGER comments_pages_delete AFTER DELETE ON comments WHEN OLD.status = 'approved' BEGIN
  INSERT INTO page_changes SELECT '/opinion/' || slug FROM articles WHERE id = OLD.article_id;
END;
