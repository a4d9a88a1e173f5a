-- Issue 17, search cost: a prefix search ("tra*") made FTS5 merge the entries of every word with that
-- beginning before it could hand over the first match, so a short, common beginning read most of the index.
-- FTS5 keeps an index of 3-letter beginnings only when the table is created with it, so the table is built
-- again from the articles, as 0004 first built it; parseSearchQuery accepts no shorter prefix.
DROP TABLE article_search;

CREATE VIRTUAL TABLE article_search USING fts5(
  title, dek, body, authors, tags,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '3'
);

INSERT INTO article_search (rowid, title, dek, body, authors, tags)
SELECT a.id, a.title, a.dek, a.search_body,
  coalesce((SELECT group_concat(au.name, ' ') FROM article_authors x JOIN authors au ON au.id = x.author_id
            WHERE x.article_id = a.id ORDER BY x.position), ''),
  coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x JOIN tags t ON t.id = x.tag_id
            WHERE x.article_id = a.id ORDER BY x.position), '')
FROM articles a;
