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
  /** The file's size and time when its image was made; null for an address. */
  stamp: string | null;
}

/** listLeadImageSources returns every piece whose image.src is a file or an address (not a site path). */
export function listLeadImageSources(db: Database): LeadImageSource[] {
  return statement<[], LeadImageSource>(
    db,
    `SELECT a.id, a.slug, a.image_src AS imageSrc, a.source_file AS sourceFile, i.image_key AS imageKey, i.source AS madeFrom, i.stamp
       FROM articles a LEFT JOIN article_images i ON i.article_id = a.id
      WHERE a.image_src IS NOT NULL AND a.image_src NOT LIKE '/%'
      ORDER BY a.id`,
  ).all();
}

/** upsertArticleImage records that the processed image `key` was made from a piece's current image.src. */
export function upsertArticleImage(db: Database, articleId: number, source: string, key: string, stamp: string | null): void {
  statement(
    db,
    `INSERT INTO article_images (article_id, source, image_key, stamp) VALUES (?, ?, ?, ?)
     ON CONFLICT (article_id) DO UPDATE SET source = excluded.source, image_key = excluded.image_key, stamp = excluded.stamp`,
  ).run(articleId, source, key, stamp);
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

/** A piece whose stored body shows images, with the processed image each reference has now, if any. */
export interface BodyImageSources {
  id: number;
  slug: string;
  sourceFile: string | null;
  bodyHtml: string;
  /** Reference as the body names it → the processed image made from it, and the file's stamp then. */
  made: Map<string, { key: string; stamp: string | null }>;
}

/**
 * listBodyImageSources returns every piece whose stored body has an <img> or had one processed, with the body
 * images it has processed: a body that lost its last image still has rows to forget.
 */
export function listBodyImageSources(db: Database): BodyImageSources[] {
  const pieces = statement<[], Omit<BodyImageSources, 'made'>>(
    db,
    `SELECT id, slug, source_file AS sourceFile, body_html AS bodyHtml FROM articles
      WHERE instr(body_html, '<img ') > 0 OR id IN (SELECT article_id FROM article_body_images) ORDER BY id`,
  ).all();
  const made = new Map<number, BodyImageSources['made']>();
  const rows = statement<[], { id: number; source: string; key: string; stamp: string | null }>(db, `SELECT article_id AS id, source, image_key AS key, stamp FROM article_body_images`).all();
  for (const { id, source, key, stamp } of rows) made.set(id, (made.get(id) ?? new Map()).set(source, { key, stamp }));
  return pieces.map((piece) => ({ ...piece, made: made.get(piece.id) ?? new Map() }));
}

/** upsertBodyImage records that the processed image `key` was made from a reference in a piece's body. */
export function upsertBodyImage(db: Database, articleId: number, source: string, key: string, stamp: string | null): void {
  statement(
    db,
    `INSERT INTO article_body_images (article_id, source, image_key, stamp) VALUES (?, ?, ?, ?)
     ON CONFLICT (article_id, source) DO UPDATE SET image_key = excluded.image_key, stamp = excluded.stamp`,
  ).run(articleId, source, key, stamp);
}

/** forgetBodyImages drops the rows of references a piece's body no longer names, so they are not kept forever. */
export function forgetBodyImages(db: Database, articleId: number, kept: readonly string[]): void {
  statement(db, `DELETE FROM article_body_images WHERE article_id = ? AND source NOT IN (SELECT value FROM json_each(?))`).run(articleId, JSON.stringify(kept));
}

/** listBodyImageKeys maps each of these pieces to its body's processed images: reference → key. */
export function listBodyImageKeys(db: Database, articleIds: readonly number[]): Map<number, Map<string, string>> {
  const found = new Map<number, Map<string, string>>();
  if (articleIds.length === 0) return found;
  const rows = statement<[string], { id: number; source: string; key: string }>(
    db,
    `SELECT b.article_id AS id, b.source, b.image_key AS key FROM json_each(?) j JOIN article_body_images b ON b.article_id = j.value`,
  ).all(JSON.stringify(articleIds));
  for (const row of rows) found.set(row.id, (found.get(row.id) ?? new Map()).set(row.source, row.key));
  return found;
}

/** hasProcessedImage says whether the piece with this slug already has a processed image made from ref (lead or body). */
export function hasProcessedImage(db: Database, slug: string, ref: string): boolean {
  return (
    statement<[{ slug: string; ref: string }], { found: number }>(
      db,
      `SELECT 1 AS found FROM articles a WHERE a.slug = @slug
          AND (EXISTS (SELECT 1 FROM article_images i WHERE i.article_id = a.id AND i.source = @ref)
               OR EXISTS (SELECT 1 FROM article_body_images b WHERE b.article_id = a.id AND b.source = @ref))`,
    ).get({ slug, ref }) !== undefined
  );
}
