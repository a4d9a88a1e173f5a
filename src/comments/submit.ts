import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import {
  findApprovedComment,
  findApprovedCommentBy,
  findCommentByNonce,
  findDuplicateComment,
  insertComment,
  type CommentStatus,
} from '../db/comments.js';
import { countLinks } from './text.js';
import type { ValidComment } from './validate.js';

/** What became of a submission. */
export type SubmitOutcome =
  | { kind: 'stored'; id: number; status: CommentStatus }
  | { kind: 'duplicate'; id: number; status: CommentStatus }
  | { kind: 'replayed' }
  | { kind: 'bad-parent' };

/**
 * findReplyParent resolves the "parent" form field to the top-level approved comment being answered:
 * empty means none; a reply to a reply attaches to its parent, keeping replies one level deep.
 */
export function findReplyParent(db: Database, articleId: number, raw: unknown): { id: number; name: string } | null | 'bad' {
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw)) return 'bad';
  let parent = findApprovedComment(db, articleId, Number(raw));
  if (parent?.parentId) parent = findApprovedComment(db, articleId, parent.parentId);
  return parent ? { id: parent.id, name: parent.authorName } : 'bad';
}

/** bodyHash fingerprints a comment's text, ignoring case and spacing, to spot the same comment sent twice. */
export function bodyHash(body: string): string {
  return createHash('sha256').update(body.toLowerCase().replace(/\s+/g, ' ')).digest('hex');
}

/**
 * submitComment stores a validated comment unless it repeats one already stored. It waits for a moderator
 * unless auto-approval is on and the commenter (same email and name) has an approved comment; more than
 * config.commentMaxLinks links always wait. A token's nonce is good for one comment: the same token sent
 * again with the same text is a double submission (ignored), with other text a replay (refused).
 */
export function submitComment(
  db: Database,
  config: Config,
  submission: { articleId: number; comment: ValidComment; nonce: string; parentRaw: unknown; now: number },
): SubmitOutcome {
  const { articleId, comment, nonce, now } = submission;
  const hash = bodyHash(comment.body);
  return db.transaction((): SubmitOutcome => {
    const used = findCommentByNonce(db, nonce);
    if (used) {
      const same = used.articleId === articleId && used.bodyHash === hash && used.authorEmail === comment.email;
      return same ? { kind: 'duplicate', id: used.id, status: used.status } : { kind: 'replayed' };
    }
    const duplicate = findDuplicateComment(db, articleId, comment.email, hash);
    if (duplicate) return { kind: 'duplicate', id: duplicate.id, status: duplicate.status };
    const parent = findReplyParent(db, articleId, submission.parentRaw);
    if (parent === 'bad') return { kind: 'bad-parent' };
    const linkCount = countLinks(comment.body);
    const trusted = config.commentsAutoApprove && findApprovedCommentBy(db, comment.email, comment.name) !== undefined;
    const status: CommentStatus = trusted && linkCount <= config.commentMaxLinks ? 'approved' : 'pending';
    const id = insertComment(db, {
      articleId,
      parentId: parent?.id ?? null,
      status,
      authorName: comment.name,
      authorEmail: comment.email,
      authorUrl: comment.website,
      body: comment.body,
      bodyHash: hash,
      linkCount,
      tokenNonce: nonce,
      createdAt: new Date(now).toISOString(),
      createdTs: now,
    });
    return { kind: 'stored', id, status };
  })();
}
