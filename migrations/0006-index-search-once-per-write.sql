-- Issue 6, import speed: the row triggers of 0004 rewrote an article's whole search entry (body included)
-- once for the article and again for each byline and tag row, so a piece with two authors and three tags
-- was tokenised six times on import. The importer (upsertArticle, the only writer of these rows) now
-- writes each entry once, after the article's bylines and tags. Renames and deletions keep their
-- triggers: they are rare, and they touch rows the importer does not.
DROP TRIGGER articles_search_insert;
DROP TRIGGER articles_search_update;
DROP TRIGGER article_authors_search_insert;
DROP TRIGGER article_authors_search_delete;
DROP TRIGGER article_tags_search_insert;
DROP TRIGGER article_tags_search_delete;
