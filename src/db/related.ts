import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** A public piece as a link: enough for "previous", "next" and "more from" lists. */
export interface ArticleLink {
  slug: string;
  type: string;
  title: string;
  publishedAt: string;
}

/** A correction to a public piece, with the piece it corrects, for the corrections page. */
export interface CorrectionEntry {
  correctedAt: string;
  text: string;
  slug: string;
  type: string;
  title: string;
}

const linkColumns = `a.slug, a.type, a.title, a.published_at AS publishedAt`;

/**
 * findAdjacentArticles returns the public pieces published just before (older) and just after (newer)
 * the given one, in the site's newest-first order. Both walk articles_by_date from the piece's position.
 */
export function findAdjacentArticles(
  db: Database,
  article: { id: number; publishedTs: number },
  now: number,
): { older: ArticleLink | undefined; newer: ArticleLink | undefined } {
  const older = statement<[number, number], ArticleLink>(
    db,
    `SELECT ${linkColumns} FROM articles a WHERE a.draft = 0 AND (a.published_ts, a.id) < (?, ?)
     ORDER BY a.published_ts DESC, a.id DESC LIMIT 1`,
  ).get(article.publishedTs, article.id);
  const newer = statement<[number, number, number], ArticleLink>(
    db,
    `SELECT ${linkColumns} FROM articles a WHERE a.draft = 0 AND (a.published_ts, a.id) > (?, ?) AND a.published_ts <= ?
     ORDER BY a.published_ts ASC, a.id ASC LIMIT 1`,
  ).get(article.publishedTs, article.id, now);
  return { older, newer };
}

/** listMoreByAuthor returns an author's newest public pieces other than the one being read. */
export function listMoreByAuthor(db: Database, authorId: number, exceptArticleId: number, limit: number, now: number): ArticleLink[] {
  return statement<[number, number, number, number], ArticleLink>(
    db,
    `SELECT ${linkColumns} FROM article_authors x JOIN articles a ON a.id = x.article_id
     WHERE x.author_id = ? AND x.draft = 0 AND x.published_ts <= ? AND x.article_id <> ?
     ORDER BY x.published_ts DESC, x.article_id DESC LIMIT ?`,
  ).all(authorId, now, exceptArticleId, limit);
}

/**
 * listAllCorrections returns one page of corrections to public pieces, newest first (corrections made at
 * the same moment in the editor's order), and how many there are. CROSS JOIN keeps SQLite walking
 * corrections_by_date in order instead of sorting every correction of every piece.
 */
export function listAllCorrections(db: Database, offset: number, limit: number, now: number): { corrections: CorrectionEntry[]; total: number } {
  const total = statement<[number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM corrections c JOIN articles a ON a.id = c.article_id WHERE a.draft = 0 AND a.published_ts <= ?`,
  ).get(now)!.n;
  const corrections = statement<[number, number, number], CorrectionEntry>(
    db,
    `SELECT c.corrected_at AS correctedAt, c.text, a.slug, a.type, a.title
     FROM corrections c CROSS JOIN articles a ON a.id = c.article_id
     WHERE a.draft = 0 AND a.published_ts <= ?
     ORDER BY c.corrected_ts DESC, c.id LIMIT ? OFFSET ?`,
  ).all(now, limit, offset);
  return { corrections, total };
}
