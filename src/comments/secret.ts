import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import { findSiteSecret, insertSiteSecret } from '../db/comments.js';

/**
 * resolveCommentSecret returns the key that signs comment form tokens: COMMENT_SECRET when configured,
 * otherwise one generated on first start and kept in the database, so a restart (or a second process)
 * still accepts the forms readers already have open.
 */
export function resolveCommentSecret(db: Database, config: Config): string {
  if (config.commentSecret) return config.commentSecret;
  const stored = findSiteSecret(db, 'comment_form');
  if (stored) return stored;
  const generated = randomBytes(32).toString('base64url');
  try {
    insertSiteSecret(db, 'comment_form', generated);
  } catch {
    // A read-only or locked database must not stop readers getting pages; this process signs with a key
    // of its own until the database takes writes again (forms then survive only this process).
    return generated;
  }
  return findSiteSecret(db, 'comment_form')!;
}
