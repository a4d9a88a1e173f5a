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
  insertSiteSecret(db, 'comment_form', randomBytes(32).toString('base64url'));
  return findSiteSecret(db, 'comment_form')!;
}
