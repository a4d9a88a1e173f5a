import type { Database } from 'better-sqlite3';
import type { ImportedComment } from '../content/converted.js';
import { parseZonedDate } from '../content/dates.js';
import { findCommentByNonce, insertComment } from '../db/comments.js';
import { findStoredArticle } from '../db/article-writes.js';
import { bodyHash } from './submit.js';
import { countLinks } from './text.js';

/**
 * storeImportedComments writes the approved comments of a WordPress export as approved comments, inside the
 * import's transaction, and returns how many were new. Each is keyed by its WordPress id, so importing the
 * same export again adds nothing. Replies to replies hang from the top-level comment: the site shows one level.
 */
export function storeImportedComments(db: Database, comments: readonly ImportedComment[]): number {
  const idByWordpressId = new Map<string, number>();
  const topLevelOf = new Map<string, string>();
  let stored = 0;
  // Parents come before replies in time, so ordering by date lets every reply find its parent's row.
  const ordered = [...comments].sort((a, b) => (parseZonedDate(a.date)?.ts ?? 0) - (parseZonedDate(b.date)?.ts ?? 0));
  for (const comment of ordered) {
    const article = findStoredArticle(db, comment.articleSlug);
    if (!article) continue;
    const nonce = `wxr:${comment.articleSlug}:${comment.wordpressId}`;
    const existing = findCommentByNonce(db, nonce);
    const parentKey = comment.parentWordpressId ? (topLevelOf.get(comment.parentWordpressId) ?? comment.parentWordpressId) : null;
    topLevelOf.set(comment.wordpressId, parentKey ?? comment.wordpressId);
    if (existing) {
      idByWordpressId.set(comment.wordpressId, existing.id);
      continue;
    }
    const when = parseZonedDate(comment.date);
    const id = insertComment(db, {
      articleId: article.id,
      parentId: parentKey ? (idByWordpressId.get(parentKey) ?? null) : null,
      status: 'approved',
      authorName: comment.authorName || 'Anonymous',
      authorEmail: comment.authorEmail,
      authorUrl: /^https?:\/\//.test(comment.authorUrl) ? comment.authorUrl : null,
      body: comment.text,
      bodyHash: bodyHash(comment.text),
      linkCount: countLinks(comment.text),
      tokenNonce: nonce,
      createdAt: when?.iso ?? new Date(0).toISOString(),
      createdTs: when?.ts ?? 0,
    });
    idByWordpressId.set(comment.wordpressId, id);
    stored += 1;
  }
  return stored;
}
