import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** An author whose portrait names a file or an address, and the processed image it has now, if any. */
export interface PortraitSource {
  id: number;
  slug: string;
  photo: string;
  imageKey: string | null;
  madeFrom: string | null;
  /** The file's size and time when its image was made; null for an address. */
  stamp: string | null;
}

/** listPortraitSources returns every author whose photo is a file or an address (not a site path). */
export function listPortraitSources(db: Database): PortraitSource[] {
  return statement<[], PortraitSource>(
    db,
    `SELECT a.id, a.slug, a.photo, p.image_key AS imageKey, p.source AS madeFrom, p.stamp
       FROM authors a LEFT JOIN author_photos p ON p.author_id = a.id
      WHERE a.photo IS NOT NULL AND a.photo NOT LIKE '/%' ORDER BY a.id`,
  ).all();
}

/** upsertAuthorPhoto records that the processed image `key` was made from an author's current photo. */
export function upsertAuthorPhoto(db: Database, authorId: number, source: string, key: string, stamp: string | null): void {
  statement(
    db,
    `INSERT INTO author_photos (author_id, source, image_key, stamp) VALUES (?, ?, ?, ?)
     ON CONFLICT (author_id) DO UPDATE SET source = excluded.source, image_key = excluded.image_key, stamp = excluded.stamp`,
  ).run(authorId, source, key, stamp);
}

/** listPortraitKeys maps each of these authors (by slug) that has a processed portrait, made from the photo it names now, to its key. */
export function listPortraitKeys(db: Database, slugs: readonly string[]): Map<string, string> {
  if (slugs.length === 0) return new Map();
  const rows = statement<[string], { slug: string; key: string }>(
    db,
    `SELECT a.slug, p.image_key AS key FROM json_each(?) j
       JOIN authors a ON a.slug = j.value JOIN author_photos p ON p.author_id = a.id AND p.source = a.photo`,
  ).all(JSON.stringify(slugs));
  return new Map(rows.map((row) => [row.slug, row.key]));
}
