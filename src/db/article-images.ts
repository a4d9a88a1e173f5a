import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** A piece whose lead image names a file or an address, and the processed image it has now, if any. */
export interface LeadImageSource {
  id: number;
  slug: string;
  imageSrc: string;
  sourceFile: string | null;
  /** The key of the processed image it has, made from image.src as `madeFrom` was; null when none. */
  imageKey: string | null;
  madeFrom: string | null;
}

/** listLeadImageSources returns every piece whose image.src is a file or an address (not a site path). */
export function listLeadImageSources(db: Database): LeadImageSource[] {
  return statement<[], LeadImageSource>(
    db,
    `SELECT a.id, a.slug, a.image_src AS imageSrc, a.source_file AS sourceFile, i.image_key AS imageKey, i.source AS madeFrom
       FROM articles a LEFT JOIN article_images i ON i.article_id = a.id
      WHERE a.image_src IS NOT NULL AND a.image_src NOT LIKE '/%'
      ORDER BY a.id`,
  ).all();
}

/** upsertArticleImage records that the processed image `key` was made from a piece's current image.src. */
export function upsertArticleImage(db: Database, articleId: number, source: string, key: string): void {
  statement(
    db,
    `INSERT INTO article_images (article_id, source, image_key) VALUES (?, ?, ?)
     ON CONFLICT (article_id) DO UPDATE SET source = excluded.source, image_key = excluded.image_key`,
  ).run(articleId, source, key);
}

/**
 * listArticleImageKeys maps each of these pieces that has a processed lead image to its key. A key made from
 * an image.src the piece no longer names is not returned: the page shows what the piece says now.
 */
export function listArticleImageKeys(db: Database, articleIds: readonly number[]): Map<number, string> {
  if (articleIds.length === 0) return new Map();
  const rows = statement<[string], { id: number; key: string }>(
    db,
    `SELECT a.id, i.image_key AS key FROM json_each(?) j
       JOIN articles a ON a.id = j.value JOIN article_images i ON i.article_id = a.id AND i.source = a.image_src`,
  ).all(JSON.stringify(articleIds));
  return new Map(rows.map((row) => [row.id, row.key]));
}
