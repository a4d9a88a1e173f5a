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

const cardSourceColumns = `a.id, a.slug, a.type, a.title, c.card_key AS cardKey,
  (SELECT json_group_array(name) FROM (SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                                       WHERE aa.article_id = a.id ORDER BY aa.position)) AS authors`;

type CardRow = Omit<CardSource, 'authors'> & { authors: string | null };
const toCardSource = (row: CardRow): CardSource => ({ ...row, authors: JSON.parse(row.authors ?? '[]') as string[] });

/** listCardSources returns every piece without a lead image, with what its generated card would say. */
export function listCardSources(db: Database): CardSource[] {
  return statement<[], CardRow>(
    db,
    `SELECT ${cardSourceColumns} FROM articles a LEFT JOIN article_cards c ON c.article_id = a.id WHERE a.image_src IS NULL ORDER BY a.id`,
  )
    .all()
    .map(toCardSource);
}

/** findCardSourceByKey returns the piece whose generated card has this key, to draw it on its first request. */
export function findCardSourceByKey(db: Database, key: string): CardSource | undefined {
  const row = statement<[string], CardRow>(
    db,
    `SELECT ${cardSourceColumns} FROM article_cards c JOIN articles a ON a.id = c.article_id WHERE c.card_key = ? AND a.image_src IS NULL AND a.draft = 0 LIMIT 1`,
  ).get(key);
  return row && toCardSource(row);
}

/** upsertArticleCard records the key of a piece's generated share card. */
export function upsertArticleCard(db: Database, articleId: number, key: string): void {
  statement(
    db,
    `INSERT INTO article_cards (article_id, card_key) VALUES (?, ?) ON CONFLICT (article_id) DO UPDATE SET card_key = excluded.card_key`,
  ).run(articleId, key);
}

/** findArticleCardKey returns the key of a piece's generated share card, or undefined (it has a lead image, or no import has set one). */
export function findArticleCardKey(db: Database, articleId: number): string | undefined {
  return statement<[number], { key: string }>(
    db,
    `SELECT c.card_key AS key FROM article_cards c JOIN articles a ON a.id = c.article_id WHERE c.article_id = ? AND a.image_src IS NULL`,
  ).get(articleId)?.key;
}
