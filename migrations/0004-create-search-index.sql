-- Site search over title, dek, body, authors and tags (issue 5), and the redirects left behind when an
-- article's slug changes. Triggers keep both in step with every write to the tables they read, so the
-- index changes inside the same transaction as the rows it describes, whichever code path writes them.

-- The plain text readers can see of each body (only the excerpt for syndicated pieces shown as excerpts,
-- so search never reveals the part kept for the original publisher). The importer fills it.
ALTER TABLE articles ADD COLUMN search_body TEXT NOT NULL DEFAULT '';

-- The importer looks a file's row up by path when its slug changes (see article_old_slugs below).
CREATE INDEX articles_by_source_file ON articles (source_file) WHERE source_file IS NOT NULL;

-- rowid is articles.id. A regular (not contentless) table: snippet() and highlight() need the text.
CREATE VIRTUAL TABLE article_search USING fts5(
  title, dek, body, authors, tags,
  tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO article_search (rowid, title, dek, body, authors, tags)
SELECT a.id, a.title, a.dek, a.search_body,
  coalesce((SELECT group_concat(au.name, ' ') FROM article_authors x JOIN authors au ON au.id = x.author_id WHERE x.article_id = a.id), ''),
  coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id), '')
FROM articles a;

CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
  INSERT INTO article_search (rowid, title, dek, body, authors, tags) VALUES (new.id, new.title, new.dek, new.search_body, '', '');
END;

CREATE TRIGGER articles_search_update AFTER UPDATE OF title, dek, search_body ON articles BEGIN
  UPDATE article_search SET title = new.title, dek = new.dek, body = new.search_body WHERE rowid = new.id;
END;

CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
  DELETE FROM article_search WHERE rowid = old.id;
END;

CREATE TRIGGER article_authors_search_insert AFTER INSERT ON article_authors BEGIN
  UPDATE article_search SET authors = coalesce((SELECT group_concat(au.name, ' ') FROM article_authors x
    JOIN authors au ON au.id = x.author_id WHERE x.article_id = new.article_id), '')
  WHERE rowid = new.article_id;
END;

CREATE TRIGGER article_authors_search_delete AFTER DELETE ON article_authors BEGIN
  UPDATE article_search SET authors = coalesce((SELECT group_concat(au.name, ' ') FROM article_authors x
    JOIN authors au ON au.id = x.author_id WHERE x.article_id = old.article_id), '')
  WHERE rowid = old.article_id;
END;

CREATE TRIGGER authors_search_rename AFTER UPDATE OF name ON authors BEGIN
  UPDATE article_search SET authors = coalesce((SELECT group_concat(au.name, ' ') FROM article_authors x
    JOIN authors au ON au.id = x.author_id WHERE x.article_id = article_search.rowid), '')
  WHERE rowid IN (SELECT article_id FROM article_authors WHERE author_id = new.id);
END;

CREATE TRIGGER article_tags_search_insert AFTER INSERT ON article_tags BEGIN
  UPDATE article_search SET tags = coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x
    JOIN tags t ON t.id = x.tag_id WHERE x.article_id = new.article_id), '')
  WHERE rowid = new.article_id;
END;

CREATE TRIGGER article_tags_search_delete AFTER DELETE ON article_tags BEGIN
  UPDATE article_search SET tags = coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x
    JOIN tags t ON t.id = x.tag_id WHERE x.article_id = old.article_id), '')
  WHERE rowid = old.article_id;
END;

CREATE TRIGGER tags_search_rename AFTER UPDATE OF name ON tags BEGIN
  UPDATE article_search SET tags = coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x
    JOIN tags t ON t.id = x.tag_id WHERE x.article_id = article_search.rowid), '')
  WHERE rowid IN (SELECT article_id FROM article_tags WHERE tag_id = new.id);
END;

-- Slugs an article used to have. Front-matter aliases are rewritten on every import; these are not, so a
-- link to an article's old address keeps answering 301 after the slug changes.
CREATE TABLE article_old_slugs (
  slug TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX article_old_slugs_by_article ON article_old_slugs (article_id);

CREATE TRIGGER articles_slug_change AFTER UPDATE OF slug ON articles WHEN old.slug IS NOT new.slug BEGIN
  INSERT INTO article_old_slugs (slug, article_id) VALUES (old.slug, new.id)
    ON CONFLICT (slug) DO UPDATE SET article_id = excluded.article_id;
  DELETE FROM article_old_slugs WHERE slug = new.slug;
END;

-- A slug or alias in use by a live article always wins over someone's old slug.
CREATE TRIGGER articles_slug_claim AFTER INSERT ON articles BEGIN
  DELETE FROM article_old_slugs WHERE slug = new.slug;
END;

CREATE TRIGGER article_aliases_claim AFTER INSERT ON article_aliases BEGIN
  DELETE FROM article_old_slugs WHERE slug = new.slug;
END;
