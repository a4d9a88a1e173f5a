import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/**
 * findRenamedArticle returns the row that was imported from the same file under another slug, so a slug
 * change updates that row (keeping its id, comments and history) instead of creating a twin. Only an
 * unambiguous match counts: one row from that file, and no other row already holding the new slug.
 */
export function findRenamedArticle(
  db: Database,
  sourceFile: string | null,
  slug: string,
): { id: number; contentHash: string } | undefined {
  if (sourceFile === null) return undefined;
  const rows = statement<[string, string], { id: number; contentHash: string }>(
    db,
    `SELECT id, content_hash AS contentHash FROM articles WHERE source_file = ? AND slug <> ? LIMIT 2`,
  ).all(sourceFile, slug);
  return rows.length === 1 ? rows[0] : undefined;
}

/** findSlugForOldSlug returns the current slug of the published article that once lived at oldSlug. */
export function findSlugForOldSlug(db: Database, oldSlug: string, now: number): string | undefined {
  return statement<[string, number], { slug: string }>(
    db,
    `SELECT a.slug FROM article_old_slugs o JOIN articles a ON a.id = o.article_id
     WHERE o.slug = ? AND a.draft = 0 AND a.published_ts <= ?`,
  ).get(oldSlug, now)?.slug;
}

/** listOldSlugs returns the slugs an article has left behind, for editors' tools and tests. */
export function listOldSlugs(db: Database, articleId: number): string[] {
  return statement<[number], { slug: string }>(db, `SELECT slug FROM article_old_slugs WHERE article_id = ? ORDER BY slug`)
    .all(articleId)
    .map((row) => row.slug);
}
