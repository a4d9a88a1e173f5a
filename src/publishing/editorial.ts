import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { parseDocument } from 'yaml';
import { deleteArticle, findAliasOwner, findStoredArticle, renumberListPositions, upsertArticle, type StoredArticle } from '../db/article-writes.js';
import { findAuthor } from '../db/authors.js';
import { findRevision, type RevisionReason } from '../db/revisions.js';
import { ContentError, type Problem } from '../content/content-error.js';
import { parseZonedDate } from '../content/dates.js';
import type { ArticleInput } from '../content/article-fields.js';
import { serializeArticle } from '../content/house-format.js';
import { isMarkdownFile } from './input-files.js';
import { parseMarkdownFile } from '../content/markdown-file.js';
import { articleHash, toRecord } from '../content/record.js';
import { correctionProblems, keepRevision, storedInput } from './import-plan.js';
import { parseArticle, splitFrontMatter } from '../content/front-matter.js';
import { parseStoredInput } from '../content/stored-input.js';

/** EditorialError is a refused editorial command (unknown slug, out-of-sync file): exit code 1, nothing changed. */
export class EditorialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditorialError';
  }
}

/** What an editorial command did, in words for the editor, and the source file it rewrote if any. */
export interface EditorialOutcome {
  changed: boolean;
  message: string;
  file?: string;
}

/** isoInZone writes an instant as ISO 8601 with the offset of a time zone at that instant: 2026-10-14T07:30:00-04:00. */
export function isoInZone(ts: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', timeZoneName: 'longOffset',
  }).formatToParts(new Date(ts));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = get('timeZoneName').replace(/^GMT/, '') || 'Z';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${offset}`;
}

/** markdownSource returns the absolute path of a stored source file when it is a Markdown file that exists. */
export function markdownSource(sourceFile: string | null): string | undefined {
  if (!sourceFile || !isMarkdownFile(sourceFile)) return undefined;
  const file = path.resolve(sourceFile);
  return fs.existsSync(file) ? file : undefined;
}

/**
 * assertFileInSync refuses to touch a source file that holds edits never imported: rewriting or deleting it
 * would lose them without a trace.
 */
function assertFileInSync(file: string, stored: StoredArticle, timeZone: string | undefined): void {
  // Read as the import read it, so a date written without a zone is not taken for an edit.
  const parsed = parseMarkdownFile(fs.readFileSync(file, 'utf8'), stored.sourceFile ?? file, { timeZone });
  if (!parsed.article || articleHash(parsed.article) !== stored.contentHash) {
    throw new EditorialError(
      `${stored.sourceFile} has changes that were never imported; import it (or undo those edits) first, so nothing is lost`,
    );
  }
}

function writeFileAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

function findOrFail(db: Database, slug: string): StoredArticle {
  const stored = findStoredArticle(db, slug);
  if (!stored) throw new EditorialError(`no piece has the slug "${slug}"; see: npm run cli -- list`);
  return stored;
}

/**
 * rewriteFrontMatter changes only the named front-matter fields of a Markdown file, keeping its comments,
 * layout and body byte for byte. A field set to undefined is removed.
 */
export function rewriteFrontMatter(text: string, fields: Record<string, unknown>): string {
  const parts = splitFrontMatter(text)!;
  const doc = parseDocument(parts.yaml, { schema: 'core' });
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) doc.delete(key);
    else doc.set(key, value);
  }
  const closing = text.length - parts.body.length;
  const fence = text.slice(0, closing).match(/\r?\n---[ \t]*(?:\r?\n|$)$/)![0];
  return `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '')}${fence}${parts.body}`;
}

/**
 * replaceVersion writes a new version of a stored piece in one transaction: the old version becomes a revision,
 * the new one is rendered and stored, and its Markdown source file (if known) is rewritten last, so a failed
 * write rolls everything back and a server restart re-imports exactly what the command stored.
 */
function replaceVersion(
  db: Database,
  stored: StoredArticle | undefined,
  next: ArticleInput,
  options: { reason: RevisionReason; now: number; file?: string; fileText?: string; sourceFile: string | null },
): void {
  db.transaction(() => {
    if (stored) keepRevision(db, stored, options.reason, options.now);
    upsertArticle(db, toRecord(next, options.sourceFile));
    renumberListPositions(db);
    if (options.file && options.fileText !== undefined) writeFileAtomically(options.file, options.fileText);
  }).immediate();
}

/**
 * changePublication publishes (now, or at a given time) or unpublishes a piece. When its source is a Markdown
 * file, that file's `date` and `draft` fields are rewritten too, so the files stay the source of truth.
 */
export function changePublication(
  db: Database,
  slug: string,
  change: { publish: boolean; at?: string },
  clock: { now: number; timeZone: string },
): EditorialOutcome {
  const stored = findOrFail(db, slug);
  const current = storedInput(db, stored);
  const ts = parseZonedDate(current.publishedAt)!.ts;
  let date = current.publishedAt;
  if (change.publish) {
    if (change.at) date = change.at;
    else if (current.draft || ts > clock.now) date = isoInZone(clock.now, clock.timeZone);
  }
  const next: ArticleInput = { ...current, draft: !change.publish, publishedAt: date };
  if (next.draft === current.draft && next.publishedAt === current.publishedAt) {
    const state = current.draft ? 'a draft' : ts > clock.now ? `scheduled for ${current.publishedAt}` : `published on ${current.publishedAt}`;
    return { changed: false, message: `${slug} is already ${state}; nothing changed.` };
  }

  const file = markdownSource(stored.sourceFile);
  let fileText: string | undefined;
  let checked: { article?: ArticleInput; problems: Problem[] };
  if (file) {
    assertFileInSync(file, stored, clock.timeZone);
    fileText = rewriteFrontMatter(fs.readFileSync(file, 'utf8'), { date, draft: change.publish ? undefined : true });
    checked = parseMarkdownFile(fileText, stored.sourceFile!, { timeZone: clock.timeZone });
  } else if (stored.sourceFile && !isMarkdownFile(stored.sourceFile)) {
    // A piece from a feed or an export is held to the rules its import held it to: its alt text may wait for an editor.
    checked = parseArticle(serializeArticle(next, stored.sourceFile), stored.sourceFile, { fromOutside: true });
  } else {
    checked = parseMarkdownFile(serializeArticle(next), stored.sourceFile ?? slug);
  }
  if (!checked.article) throw new ContentError(checked.problems);
  replaceVersion(db, stored, checked.article, {
    reason: change.publish ? 'publish' : 'unpublish',
    now: clock.now,
    file,
    fileText,
    sourceFile: stored.sourceFile,
  });
  const when = parseZonedDate(date)!.ts > clock.now ? `scheduled for ${date}` : `published on ${date}`;
  return {
    changed: true,
    message: change.publish ? `${slug} is ${when}.` : `${slug} is now a draft (no longer on the site).`,
    file: file ? stored.sourceFile! : undefined,
  };
}

/**
 * deletePiece removes a piece from the site and the database, keeping every version (the current one
 * becomes a revision), and deletes its Markdown source file so a restart does not bring it back.
 */
export function deletePiece(db: Database, slug: string, now: number, timeZone?: string): EditorialOutcome & { revision: number } {
  const stored = findOrFail(db, slug);
  const file = markdownSource(stored.sourceFile);
  if (file) assertFileInSync(file, stored, timeZone);
  let revision = 0;
  db.transaction(() => {
    revision = keepRevision(db, stored, 'delete', now);
    deleteArticle(db, slug);
    renumberListPositions(db);
    // Last, so a file that cannot be deleted rolls the database back too.
    if (file) fs.rmSync(file);
  }).immediate();
  return {
    changed: true,
    revision,
    message: `${slug} was deleted${file ? ` and ${stored.sourceFile} removed` : ''}; it is kept as revision ${revision} (npm run cli -- restore ${slug} ${revision}).`,
    file: file ? stored.sourceFile! : undefined,
  };
}

/**
 * restoreRevision makes an earlier version current again (even of a deleted piece). The version it replaces
 * becomes a revision in turn, and the Markdown source file is rewritten with the restored text.
 */
export function restoreRevision(
  db: Database,
  slug: string,
  number: number,
  options: { now: number; allowRewrite?: boolean; timeZone?: string },
): EditorialOutcome {
  const revision = findRevision(db, slug, number);
  if (!revision) throw new EditorialError(`${slug} has no revision ${number}; see: npm run cli -- revisions ${slug}`);
  const restored = parseStoredInput(revision.articleJson);
  const stored = findStoredArticle(db, slug);
  if (stored?.contentHash === articleHash(restored)) {
    return { changed: false, message: `${slug} already matches revision ${number}; nothing changed.` };
  }
  const label = `revision ${number} of ${slug}`;
  const problems: Problem[] = [];
  for (const author of restored.authors) {
    if (!findAuthor(db, author)) problems.push({ file: label, field: 'authors', message: 'is no longer in the author registry', value: author });
  }
  for (const alias of restored.aliases) {
    const owner = findAliasOwner(db, alias);
    if (owner && owner !== slug) problems.push({ file: label, field: 'aliases', message: `is now the slug or an alias of "${owner}"`, value: alias });
  }
  if (stored && !options.allowRewrite) problems.push(...correctionProblems(label, storedInput(db, stored), restored));
  if (problems.length > 0) throw new ContentError(problems);

  // The piece's current file if it has one, else the file the revision came from (recreated after a delete).
  const currentFile = markdownSource(stored?.sourceFile ?? null);
  if (currentFile) assertFileInSync(currentFile, stored!, options.timeZone);
  const revisionFile = isMarkdownFile(revision.sourceFile ?? '') ? revision.sourceFile : null;
  const sourceFile = currentFile ? stored!.sourceFile : (revisionFile ?? stored?.sourceFile ?? revision.sourceFile);
  const target = currentFile ?? (revisionFile ? path.resolve(revisionFile) : undefined);
  replaceVersion(db, stored, restored, {
    reason: 'restore',
    now: options.now,
    file: target,
    fileText: target ? serializeArticle(restored, path.basename(target)) : undefined,
    sourceFile,
  });
  return {
    changed: true,
    message: `${slug} is back to revision ${number} (${revision.title})${stored ? '; the version it replaced is kept as a revision' : ''}.`,
    file: target ? sourceFile! : undefined,
  };
}
