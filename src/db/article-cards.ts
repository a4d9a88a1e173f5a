import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** What a piece's generated share card says, and the key of the card it has now (if any). */
export interface CardSource {
  id: number;
  slug: string;
  type: string;
  title: string;
  /** Author names in byline order. */
  authors: string[];
  cardKey: string | null;
}

/** listCardSources returns every piece without a lead image, with what its generated card would say. */
export function listCardSources(db: Database): CardSource[] {
  const rows = statement<[], Omit<CardSource, 'authors'> & { authors: string | null }>(
    db,
    `SELECT a.id, a.slug, a.type, a.title, c.card_key AS cardKey,
            (SELECT json_group_array(name) FROM (SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                                                 WHERE aa.article_id = a.id ORDER BY aa.position)) AS authors
       FROM articles a LEFT JOIN article_cards c ON c.article_id = a.id
      WHERE a.image_src IS NULL ORDER BY a.id`,
  ).all();
  return rows.map((row) => ({ ...row, authors: JSON.parse(row.authors ?? '[]') as string[] }));
}

/** upsertArticleCard records the key of a piece's generated share card. */
export function upsertArticleCard(db: Database, articleId: number, key: string): void {
  statement(
    db,
    `INSERT INTO article_cards (article_id, card_key) VALUES (?, ?) ON CONFLICT (article_id) DO UPDATE SET card_key = excluded.card_key`,
  ).run(articleId, key);
}

/** findArticleCardKey returns the key of a piece's generated share card, or undefined (it has a lead image, or none was drawn yet). */
export function findArticleCardKey(db: Database, articleId: number): string | undefined {
  return statement<[number], { key: string }>(
    db,
    `SELECT c.card_key AS key FROM article_cards c JOIN articles a ON a.id = c.article_id WHERE c.article_id = ? AND a.image_src IS NULL`,
  ).get(articleId)?.key;
}
