import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** One batch of counted views of an article on a day, with the visitor hashes not yet stored. */
export interface VisitTally {
  articleId: number;
  day: string;
  views: number;
  hashes: Buffer[];
}

/** Stored counts of one article: page views ever, distinct visitors on one day. */
export interface VisitTotals {
  views: number;
  visitors: number;
}

/** A "most read" entry: enough to link to the piece. */
export interface MostRead {
  slug: string;
  title: string;
  views: number;
}

/** findVisitSalt returns the stored salt of day, if any process has created it. */
export function findVisitSalt(db: Database, day: string): Buffer | undefined {
  return statement<[string], { salt: Buffer }>(db, `SELECT salt FROM visit_salts WHERE day = ?`).get(day)?.salt;
}

/** insertVisitSalt stores a salt for day unless one exists already (another process may have won the race). */
export function insertVisitSalt(db: Database, day: string, salt: Buffer): void {
  statement(db, `INSERT INTO visit_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING`).run(day, salt);
}

/** findVisitorHash tells whether this visitor hash has already been counted for the article on day. */
export function findVisitorHash(db: Database, day: string, articleId: number, hash: Buffer): boolean {
  return (
    statement<[string, number, Buffer], { found: number }>(
      db,
      `SELECT 1 AS found FROM visitor_hashes WHERE day = ? AND article_id = ? AND hash = ?`,
    ).get(day, articleId, hash) !== undefined
  );
}

/**
 * insertVisitTallies adds a batch of tallies in one transaction. A visitor counts once per article and day
 * even when several processes saw them: only hashes that are new to the table raise the visitor count.
 * Tallies of articles deleted meanwhile are dropped rather than failing the batch.
 */
export function insertVisitTallies(db: Database, tallies: readonly VisitTally[]): void {
  const addHash = statement(
    db,
    `INSERT INTO visitor_hashes (day, article_id, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const addCounts = statement(
    db,
    `INSERT INTO article_visits (article_id, day, views, visitors)
     SELECT @articleId, @day, @views, @visitors WHERE EXISTS (SELECT 1 FROM articles WHERE id = @articleId)
     ON CONFLICT (article_id, day) DO UPDATE SET views = views + excluded.views, visitors = visitors + excluded.visitors`,
  );
  db.transaction(() => {
    for (const tally of tallies) {
      let visitors = 0;
      for (const hash of tally.hashes) visitors += addHash.run(tally.day, tally.articleId, hash).changes;
      addCounts.run({ articleId: tally.articleId, day: tally.day, views: tally.views, visitors });
    }
  })();
}

/** deleteVisitorsBefore forgets the salts and visitor hashes of every day before day. */
export function deleteVisitorsBefore(db: Database, day: string): void {
  db.transaction(() => {
    statement(db, `DELETE FROM visitor_hashes WHERE day < ?`).run(day);
    statement(db, `DELETE FROM visit_salts WHERE day < ?`).run(day);
  })();
}

/** findVisitTotals returns an article's stored page views (all days) and distinct visitors on day. */
export function findVisitTotals(db: Database, articleId: number, day: string): VisitTotals {
  const row = statement<[string, number], { views: number | null; visitors: number | null }>(
    db,
    `SELECT sum(views) AS views, sum(CASE WHEN day = ? THEN visitors ELSE 0 END) AS visitors
     FROM article_visits WHERE article_id = ?`,
  ).get(day, articleId);
  return { views: row?.views ?? 0, visitors: row?.visitors ?? 0 };
}

/** listMostRead returns the published pieces with the most page views from sinceDay on, most first. */
export function listMostRead(db: Database, sinceDay: string, limit: number, now: number): MostRead[] {
  return statement<[string, number, number], MostRead>(
    db,
    `SELECT a.slug, a.title, v.views FROM (
       SELECT article_id, sum(views) AS views FROM article_visits WHERE day >= ? GROUP BY article_id
     ) v JOIN articles a ON a.id = v.article_id
     WHERE a.draft = 0 AND a.published_ts <= ? AND v.views > 0
     ORDER BY v.views DESC, a.published_ts DESC LIMIT ?`,
  ).all(sinceDay, now, limit);
}
