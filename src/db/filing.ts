import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** filingOfArticle returns the slugs of the authors and tags an article is filed under now, draft or not. */
export function filingOfArticle(db: Database, articleId: number): { authorSlugs: string[]; tagSlugs: string[] } {
  const row = statement<[number, number], { authors: string | null; tags: string | null }>(
    db,
    `SELECT (SELECT group_concat(au.slug, ' ') FROM article_authors aa JOIN authors au ON au.id = aa.author_id
              WHERE aa.article_id = ?) AS authors,
            (SELECT group_concat(t.slug, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id
              WHERE at.article_id = ?) AS tags`,
  ).get(articleId, articleId)!;
  return { authorSlugs: row.authors ? row.authors.split(' ') : [], tagSlugs: row.tags ? row.tags.split(' ') : [] };
}

// The link tables carry each article's draft flag and date, so "public" is read without the articles table.
const filedUnderSql = {
  author: `SELECT a.slug FROM article_authors x JOIN articles a ON a.id = x.article_id
           WHERE x.author_id = ? AND x.draft = 0 AND x.published_ts <= ?`,
  tag: `SELECT a.slug FROM article_tags x JOIN articles a ON a.id = x.article_id
        WHERE x.tag_id = ? AND x.draft = 0 AND x.published_ts <= ?`,
} as const;

/** listPublicSlugsFiledUnder returns the slugs of the articles public at now that are filed under an author or tag. */
export function listPublicSlugsFiledUnder(db: Database, under: 'author' | 'tag', id: number, now: number): string[] {
  return statement<[number, number], { slug: string }>(db, filedUnderSql[under])
    .all(id, now)
    .map((row) => row.slug);
}
