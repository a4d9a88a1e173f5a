import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** commentStatuses are the moderation states; only approved comments are shown. */
export const commentStatuses = ['pending', 'approved', 'rejected', 'spam'] as const;
export type CommentStatus = (typeof commentStatuses)[number];

/** What readers may see of a comment. It has no email field, so no page can print one by mistake. */
export interface PublicComment {
  id: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string | null;
  body: string;
  createdAt: string;
}

/** A comment as moderators see it in the CLI, email included. */
export interface ModeratedComment extends PublicComment {
  articleId: number;
  articleSlug: string;
  status: CommentStatus;
  authorEmail: string;
  linkCount: number;
}

/** A comment ready to store; email already lower-cased, body normalised. */
export interface NewComment {
  articleId: number;
  parentId: number | null;
  status: CommentStatus;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  body: string;
  bodyHash: string;
  linkCount: number;
  tokenNonce: string;
  createdAt: string;
  createdTs: number;
}

const publicColumns = `c.id, c.parent_id AS parentId, c.author_name AS authorName, c.author_url AS authorUrl,
  c.body, c.created_at AS createdAt`;
const moderatedColumns = `${publicColumns}, c.article_id AS articleId, a.slug AS articleSlug, c.status,
  c.author_email AS authorEmail, c.link_count AS linkCount`;

/** findSiteSecret returns a secret the site generated for itself earlier, if any. */
export function findSiteSecret(db: Database, name: string): string | undefined {
  return statement<[string], { value: string }>(db, `SELECT value FROM site_secrets WHERE name = ?`).get(name)?.value;
}

/** insertSiteSecret stores a generated secret unless one of that name exists (first writer wins). */
export function insertSiteSecret(db: Database, name: string, value: string): void {
  statement(db, `INSERT INTO site_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`).run(name, value);
}

/** insertComment stores a new comment and returns its id. */
export function insertComment(db: Database, comment: NewComment): number {
  return Number(
    statement(
      db,
      `INSERT INTO comments (article_id, parent_id, status, author_name, author_email, author_url, body, body_hash,
         link_count, token_nonce, created_at, created_ts)
       VALUES (@articleId, @parentId, @status, @authorName, @authorEmail, @authorUrl, @body, @bodyHash,
         @linkCount, @tokenNonce, @createdAt, @createdTs)`,
    ).run(comment).lastInsertRowid,
  );
}

/** findCommentByNonce returns the comment stored under an import key (`wxr:<slug>:<id>`), if it was imported already. */
export function findCommentByNonce(
  db: Database,
  nonce: string,
): { id: number; articleId: number; authorEmail: string; bodyHash: string; status: CommentStatus } | undefined {
  return statement<[string], { id: number; articleId: number; authorEmail: string; bodyHash: string; status: CommentStatus }>(
    db,
    `SELECT id, article_id AS articleId, author_email AS authorEmail, body_hash AS bodyHash, status
     FROM comments WHERE token_nonce = ?`,
  ).get(nonce);
}

/**
 * findTextRepeat tells whether the article already has a comment with this text (by body hash, any status,
 * any author) and whether one of them was sent with this email.
 */
export function findTextRepeat(db: Database, articleId: number, bodyHash: string, email: string): { byEmail: boolean } | undefined {
  const row = statement<[string, number, string], { byEmail: number | null }>(
    db,
    `SELECT max(author_email = ?) AS byEmail FROM comments WHERE article_id = ? AND body_hash = ?`,
  ).get(email, articleId, bodyHash);
  // An aggregate always returns a row; max() is NULL when no comment has the text.
  if (!row || row.byEmail === null) return undefined;
  return { byEmail: row.byEmail === 1 };
}

/** findApprovedComment returns an approved comment of the article, to reply to. */
export function findApprovedComment(db: Database, articleId: number, id: number): PublicComment | undefined {
  return statement<[number, number], PublicComment>(
    db,
    `SELECT ${publicColumns} FROM comments c WHERE c.id = ? AND c.article_id = ? AND c.status = 'approved'`,
  ).get(id, articleId);
}

/**
 * findReplyTarget returns the top-level approved comment that a reply to comment id attaches to: the comment
 * itself, or its parent when it is a reply, so replies stay one level deep.
 */
export function findReplyTarget(db: Database, articleId: number, id: number): PublicComment | undefined {
  const comment = findApprovedComment(db, articleId, id);
  return comment?.parentId ? findApprovedComment(db, articleId, comment.parentId) : comment;
}

/** listApprovedComments returns an article's approved comments, oldest first; replies come with parentId set. */
export function listApprovedComments(db: Database, articleId: number): PublicComment[] {
  return statement<[number], PublicComment>(
    db,
    `SELECT ${publicColumns} FROM comments c WHERE c.article_id = ? AND c.status = 'approved' ORDER BY c.created_ts, c.id`,
  ).all(articleId);
}

/** listComments returns comments for moderation, newest first, optionally of one status and one article. */
export function listComments(
  db: Database,
  filter: { status?: CommentStatus | undefined; articleSlug?: string | undefined; limit: number },
): ModeratedComment[] {
  return statement<[{ status: string | null; slug: string | null; limit: number }], ModeratedComment>(
    db,
    `SELECT ${moderatedColumns} FROM comments c JOIN articles a ON a.id = c.article_id
     WHERE (@status IS NULL OR c.status = @status) AND (@slug IS NULL OR a.slug = @slug)
     ORDER BY c.created_ts DESC, c.id DESC LIMIT @limit`,
  ).all({ status: filter.status ?? null, slug: filter.articleSlug ?? null, limit: filter.limit });
}

/** findComment returns one comment for moderation, or undefined. */
export function findComment(db: Database, id: number): ModeratedComment | undefined {
  return statement<[number], ModeratedComment>(
    db,
    `SELECT ${moderatedColumns} FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ?`,
  ).get(id);
}

/** updateCommentStatus sets one comment's status and reports whether the comment exists. */
export function updateCommentStatus(db: Database, id: number, status: CommentStatus, moderatedTs: number): boolean {
  return (
    statement(db, `UPDATE comments SET status = ?, moderated_ts = ? WHERE id = ?`).run(status, moderatedTs, id).changes > 0
  );
}

/** deleteComment removes a comment (its replies go with it) and returns how many rows went, 0 if none. */
export function deleteComment(db: Database, id: number): number {
  const replies = statement<[number], { n: number }>(db, `SELECT count(*) AS n FROM comments WHERE parent_id = ?`).get(id)!.n;
  const deleted = statement(db, `DELETE FROM comments WHERE id = ?`).run(id).changes;
  return deleted === 0 ? 0 : deleted + replies;
}

/** countCommentsByStatus returns how many comments an article has in each status. */
export function countCommentsByStatus(db: Database, articleId: number): Record<CommentStatus, number> {
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, rejected: 0, spam: 0 };
  const rows = statement<[number], { status: CommentStatus; n: number }>(
    db,
    `SELECT status, count(*) AS n FROM comments WHERE article_id = ? GROUP BY status`,
  ).all(articleId);
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}
