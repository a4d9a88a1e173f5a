import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** findPreviewRevocation returns when the preview links to a slug were last revoked (epoch ms), or undefined. */
export function findPreviewRevocation(db: Database, slug: string): number | undefined {
  return statement<[string], { revokedTs: number }>(db, `SELECT revoked_ts AS revokedTs FROM preview_revocations WHERE slug = ?`).get(slug)
    ?.revokedTs;
}

/** revokePreviews voids every preview link to slug issued at or before ts. */
export function revokePreviews(db: Database, slug: string, ts: number): void {
  statement(
    db,
    `INSERT INTO preview_revocations (slug, revoked_ts) VALUES (?, ?)
     ON CONFLICT (slug) DO UPDATE SET revoked_ts = max(revoked_ts, excluded.revoked_ts)`,
  ).run(slug, ts);
}
