import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** Why a version was replaced: the command that replaced it. */
export type RevisionReason = 'import' | 'publish' | 'unpublish' | 'restore' | 'delete';

/** An earlier version of an article, kept when an import, publish, restore or delete replaced it. */
export interface Revision {
  id: number;
  articleSlug: string;
  number: number;
  replacedAt: string;
  replacedTs: number;
  reason: RevisionReason;
  sourceFile: string | null;
  contentHash: string;
  title: string;
  articleJson: string;
}

/** The fields a new revision is stored with; its number is given by insertRevision. */
export type RevisionFields = Omit<Revision, 'id' | 'number'>;

const columns = `id, article_slug AS articleSlug, number, replaced_at AS replacedAt, replaced_ts AS replacedTs, reason,
  source_file AS sourceFile, content_hash AS contentHash, title, article_json AS articleJson`;

/** insertRevision stores a replaced version as the slug's next revision and returns its number. */
export function insertRevision(db: Database, revision: RevisionFields): number {
  const next = statement<[string], { n: number }>(
    db,
    `SELECT coalesce(max(number), 0) + 1 AS n FROM revisions WHERE article_slug = ?`,
  ).get(revision.articleSlug)!.n;
  statement(
    db,
    `INSERT INTO revisions (article_slug, number, replaced_at, replaced_ts, reason, source_file, content_hash, title, article_json)
     VALUES (@articleSlug, @number, @replacedAt, @replacedTs, @reason, @sourceFile, @contentHash, @title, @articleJson)`,
  ).run({ ...revision, number: next });
  return next;
}

/** listRevisions returns a slug's revisions, oldest first. */
export function listRevisions(db: Database, slug: string): Revision[] {
  return statement<[string], Revision>(
    db,
    `SELECT ${columns} FROM revisions WHERE article_slug = ? ORDER BY number`,
  ).all(slug);
}

/** findRevision returns revision `number` of a slug, or undefined. */
export function findRevision(db: Database, slug: string, number: number): Revision | undefined {
  return statement<[string, number], Revision>(
    db,
    `SELECT ${columns} FROM revisions WHERE article_slug = ? AND number = ?`,
  ).get(slug, number);
}

/** countRevisions says how many earlier versions of a slug are kept. */
export function countRevisions(db: Database, slug: string): number {
  return statement<[string], { n: number }>(db, `SELECT count(*) AS n FROM revisions WHERE article_slug = ?`).get(slug)!.n;
}
