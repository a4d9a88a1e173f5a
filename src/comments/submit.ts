import { createHash, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import { findReplyTarget, findTextRepeat, insertComment } from '../db/comments.js';
import { countLinks } from './text.js';
import type { ValidComment } from './validate.js';

/**
 * What the poster is told became of a submission. 'received' covers a comment stored to wait for a moderator
 * and a repeat dropped unstored: telling those apart would confirm who wrote an earlier comment.
 */
export type SubmitOutcome = { kind: 'published'; id: number } | { kind: 'received' } | { kind: 'bad-parent' };

/** The comment a reply answers: none (null), a top-level approved comment, or 'bad' for anything else. */
export type ReplyParent = { id: number; name: string } | null | 'bad';

/**
 * findReplyParent resolves the "parent" form field to the top-level approved comment being answered:
 * empty means none; a reply to a reply attaches to its parent, keeping replies one level deep.
 */
export function findReplyParent(db: Database, articleId: number, raw: unknown): ReplyParent {
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw)) return 'bad';
  const parent = findReplyTarget(db, articleId, Number(raw));
  return parent ? { id: parent.id, name: parent.authorName } : 'bad';
}

/** bodyHash fingerprints a comment's text, ignoring case and spacing, to spot the same comment sent twice. */
export function bodyHash(body: string): string {
  return createHash('sha256').update(body.toLowerCase().replace(/\s+/g, ' ')).digest('hex');
}

/**
 * submitComment stores a validated comment and says what to tell the poster, which must never depend on the
 * email address: nobody verifies it, so it is neither an identity nor a secret, and an answer that varied
 * with it would confirm a guessed address. The checks run in that light:
 * - The form token is shared by every reader of the piece (comments/token.ts), so it says nothing about who
 *   posts and limits nothing per poster; the rate limit, the honeypot and these rules carry that load.
 * - The reply target first, so a bad parent is refused the same way whatever else the comment repeats.
 * - Text that repeats a comment already on the piece (ignoring case and spacing) is never published at once,
 *   whoever sends it; from the same email it is dropped (a double submission, or a replayed post), otherwise
 *   it waits for a moderator. Both are answered 'received', like any comment that waits.
 * - With config.commentsAutoApprove, a comment is published at once if it passes those rules and has at most
 *   config.commentMaxLinks links; there is no per-commenter trust.
 */
export function submitComment(
  db: Database,
  config: Config,
  submission: { articleId: number; comment: ValidComment; parentRaw: unknown; now: number },
): SubmitOutcome {
  const { articleId, comment, now } = submission;
  const hash = bodyHash(comment.body);
  return db.transaction((): SubmitOutcome => {
    const parent = findReplyParent(db, articleId, submission.parentRaw);
    if (parent === 'bad') return { kind: 'bad-parent' };
    const repeat = findTextRepeat(db, articleId, hash, comment.email);
    if (repeat?.byEmail) return { kind: 'received' };
    const linkCount = countLinks(comment.body);
    const publish = config.commentsAutoApprove && !repeat && linkCount <= config.commentMaxLinks;
    const id = insertComment(db, {
      articleId,
      parentId: parent?.id ?? null,
      status: publish ? 'approved' : 'pending',
      authorName: comment.name,
      authorEmail: comment.email,
      authorUrl: comment.website,
      body: comment.body,
      bodyHash: hash,
      linkCount,
      // The column (NOT NULL UNIQUE, migration 0003) once held each form's single-use nonce and still keys
      // imported WordPress comments; a posted comment gets a value of its own that nothing looks up.
      tokenNonce: `web:${randomUUID()}`,
      createdAt: new Date(now).toISOString(),
      createdTs: now,
    });
    return publish ? { kind: 'published', id } : { kind: 'received' };
  })();
}
