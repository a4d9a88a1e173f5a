import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** The little an edge fragment needs to know about a public article. */
export interface ArticleRef {
  id: number;
  slug: string;
  publishedTs: number;
  commentsOpen: boolean;
}

/** findPublishedArticleRef returns a public article's id and comment settings by slug: one index lookup. */
export function findPublishedArticleRef(db: Database, slug: string, now: number): ArticleRef | undefined {
  const row = statement<[string, number], Omit<ArticleRef, 'commentsOpen'> & { commentsOpen: number }>(
    db,
    `SELECT id, slug, published_ts AS publishedTs, comments_open AS commentsOpen
     FROM articles WHERE slug = ? AND draft = 0 AND published_ts <= ?`,
  ).get(slug, now);
  return row && { ...row, commentsOpen: row.commentsOpen === 1 };
}
