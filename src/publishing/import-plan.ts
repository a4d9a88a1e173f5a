import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { findRenamedArticle } from '../db/old-slugs.js';
import { findAliasOwner, findStoredArticle, renumberListPositions, updateInputJson, upsertArticle, type ArticleRecord, type StoredArticle } from '../db/article-writes.js';
import { findAuthor, upsertAuthor, type AuthorFields } from '../db/authors.js';
import { findArticleSnapshot } from '../db/editor-articles.js';
import { insertRevision, type RevisionReason } from '../db/revisions.js';
import { ContentError, type Problem } from '../content/content-error.js';
import type { ImportedComment, SkippedItem, SourceAuthor, SourceFormat } from '../content/converted.js';
import { parseZonedDate } from '../content/dates.js';
import { invalidReason } from '../content/invalid-items.js';
import { storedOrder, type ArticleInput } from '../content/article-fields.js';
import { isMarkdownFile } from './input-files.js';
import { typographic } from '../content/markdown.js';
import { articleHash, previousRenderHash, toRecord, type SourcedArticle } from '../content/record.js';
import type { RenderPool } from './render-pool.js';
import { inputFromSnapshot, parseStoredInput } from '../content/stored-input.js';

/** Saves comments found in an import (a WordPress export's approved comments); returns how many it stored. */
export type CommentSink = (db: Database, comments: readonly ImportedComment[]) => number;

/** How an import may change what is stored, and what it does besides writing articles. */
export interface ImportOptions {
  /** Let an import change or remove existing corrections, which are otherwise append-only. */
  allowRewrite?: boolean;
  /** The clock for revision times; defaults to Date.now. */
  now?: () => number;
  /** Where a WordPress export's approved comments go; without one they are counted and reported only. */
  commentSink?: CommentSink;
  /** Why replaced versions are kept: `import` unless a command such as publish does the writing. */
  reason?: RevisionReason;
}

/** Everything read from the inputs of one import run, before the database is consulted. */
export interface LoadedImport {
  articles: readonly SourcedArticle[];
  authors: readonly AuthorFields[];
  /** Authors the sources name (a WordPress export's, a feed's), added to the registry where it lacks them. */
  sourceAuthors?: readonly SourceAuthor[];
  problems?: Problem[];
  skipped?: readonly SkippedItem[];
  warnings?: readonly Problem[];
  comments?: readonly ImportedComment[];
  commentsLeftOut?: Readonly<Record<string, number>>;
  /** Each input read, with the format it was read as and how many pieces it gave. */
  sources?: readonly SourceSummary[];
  /** Articles (by file label) from outside sources that --skip-invalid may leave out rather than refuse the import. */
  skippable?: ReadonlySet<string>;
}

/** One input of an import as the editor named it, and what it turned out to be. */
export interface SourceSummary {
  file: string;
  format: SourceFormat;
  pieces: number;
}

/** What will happen (or happened) to one slug. */
export interface PlanEntry {
  action: 'create' | 'update' | 'unchanged' | 'skip';
  slug: string;
  file: string;
  /** Front-matter fields that differ from the stored version (`body` for the text); for updates. */
  changed?: string[];
  /** Why an item is skipped. */
  reason?: string;
  /** For an item left out by --skip-invalid: every problem it had. */
  problems?: Problem[];
}

/**
 * A registry author an import writes: from an authors.yaml (create or update), or named by a source and new
 * (create, with the name and the input it came from).
 */
export interface PlannedAuthor {
  slug: string;
  action: 'create' | 'update';
  name?: string;
  from?: string;
}

/** The plan of one import: every slug's fate, registry authors to write, and the comments found. */
export interface ImportPlan {
  entries: PlanEntry[];
  authors: PlannedAuthor[];
  warnings: Problem[];
  comments: { found: number; stored: number; leftOut: Record<string, number> };
}

// Front-matter names of ArticleInput's fields, as editors know them from docs/writing.md, in stored order.
const fieldNames: [keyof ArticleInput, string][] = [
  ...storedOrder.map((field): [keyof ArticleInput, string] => [field.property, field.key]),
  ['bodyMarkdown', 'body'],
];

/** changedFields lists the front-matter fields that differ between two versions of an article. */
export function changedFields(before: ArticleInput, after: ArticleInput): string[] {
  return fieldNames.filter(([key]) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)).map(([, name]) => name);
}

/**
 * correctionProblems enforces append-only corrections: every stored correction must still be there, same date,
 * same text, in the same place. New ones may only be added after them.
 */
export function correctionProblems(file: string, before: ArticleInput, after: ArticleInput): Problem[] {
  const problems: Problem[] = [];
  const hint = 'corrections are append-only; pass --allow-rewrite to change history on purpose';
  before.corrections.forEach((old, index) => {
    const field = `corrections[${index}]`;
    const now = after.corrections[index];
    if (!now) {
      problems.push({ file, field, message: `removes the correction of ${old.date}: ${hint}`, value: old.text });
    } else if (parseZonedDate(now.date)?.ts !== parseZonedDate(old.date)?.ts || typographic(now.text) !== typographic(old.text)) {
      problems.push({ file, field, message: `changes the correction of ${old.date} (was "${old.text}"): ${hint}`, value: now.text });
    }
  });
  return problems;
}

/** storedInput returns the validated input an article was last written from (rebuilt for rows older than revisions). */
export function storedInput(db: Database, stored: StoredArticle): ArticleInput {
  return stored.inputJson ? parseStoredInput(stored.inputJson) : inputFromSnapshot(findArticleSnapshot(db, stored.slug)!);
}

/**
 * newSourceAuthors returns the authors the sources name that neither an authors.yaml of this import nor the
 * database has, as registry entries (no email: the registry is published on author pages; a name the
 * editor can complete with `authors edit`).
 */
function newSourceAuthors(db: Database, loaded: LoadedImport): { fields: AuthorFields; from: string }[] {
  const registry = new Set(loaded.authors.map((a) => a.slug));
  return (loaded.sourceAuthors ?? [])
    .filter((a) => !registry.has(a.slug) && !findAuthor(db, a.slug))
    .map((a) => ({ fields: { slug: a.slug, name: a.name, jobTitle: '', affiliation: '', bio: '', url: null }, from: a.label }));
}

function authorAction(db: Database, author: AuthorFields): 'create' | 'update' | undefined {
  const existing = findAuthor(db, author.slug);
  if (!existing) return 'create';
  return (Object.keys(author) as (keyof AuthorFields)[]).every((key) => existing[key] === author[key]) ? undefined : 'update';
}

/**
 * planImport decides, without writing, what an import would do to each slug: create, update (with the changed
 * fields), leave unchanged, or skip (and why). It throws a ContentError listing every problem, including the
 * rules that need the database: unique slugs, registered authors, free aliases and append-only corrections.
 */
export function planImport(db: Database, loaded: LoadedImport, options: ImportOptions = {}): ImportPlan {
  const problems = [...(loaded.problems ?? [])];
  const added = newSourceAuthors(db, loaded);
  const registry = new Set([...loaded.authors, ...added.map((a) => a.fields)].map((a) => a.slug));
  const bySlug = new Map<string, string>();
  const aliasOwners = new Map<string, string>();
  const entries: PlanEntry[] = [];
  for (const { file, article } of loaded.articles) {
    // An item --skip-invalid may leave out collects its own problems; if it has any, it becomes a skip row.
    const found: Problem[] = [];
    const earlier = bySlug.get(article.slug);
    if (earlier) found.push({ file, field: 'slug', message: `is also used by ${earlier} in this import`, value: article.slug });
    for (const author of article.authors) {
      if (!registry.has(author) && !findAuthor(db, author)) {
        found.push({
          file,
          field: 'authors',
          message: `is not in the author registry; add them with: npm run cli -- authors add ${author} --name "Full Name"`,
          value: author,
        });
      }
    }
    for (const alias of article.aliases) {
      const owner = aliasOwners.get(alias) ?? findAliasOwner(db, alias);
      if (owner && owner !== article.slug) found.push({ file, field: 'aliases', message: `is already the slug or an alias of "${owner}"`, value: alias });
    }
    const stored = findStoredArticle(db, article.slug);
    const before = stored && stored.contentHash !== articleHash(article) ? storedInput(db, stored) : undefined;
    if (before && !options.allowRewrite) found.push(...correctionProblems(file, before, article));
    if (found.length > 0 && loaded.skippable?.has(file)) {
      entries.push({ action: 'skip', slug: article.slug, file, reason: invalidReason(found), problems: found });
      continue;
    }
    problems.push(...found);
    bySlug.set(article.slug, file);
    for (const alias of article.aliases) aliasOwners.set(alias, article.slug);
    const hash = articleHash(article);
    if (!stored && findRenamedArticle(db, file, article.slug)) {
      // The same file under a new slug updates its row; the old slug keeps answering with a 301.
      entries.push({ action: 'update', slug: article.slug, file, changed: ['slug'] });
    } else if (!stored) {
      entries.push({ action: 'create', slug: article.slug, file });
    } else if (stored.contentHash === hash) {
      entries.push({ action: 'unchanged', slug: article.slug, file });
    } else {
      const rerender = stored.contentHash === previousRenderHash(article);
      const changed = rerender ? [] : changedFields(before!, article);
      entries.push({ action: 'update', slug: article.slug, file, changed: changed.length > 0 ? changed : ['rendering'] });
    }
  }
  for (const item of loaded.skipped ?? []) entries.push({ action: 'skip', slug: item.slug, file: item.file, reason: item.reason, ...(item.problems && { problems: item.problems }) });
  if (problems.length > 0) throw new ContentError(problems);

  const authors: ImportPlan['authors'] = [];
  for (const author of loaded.authors) {
    const action = authorAction(db, author);
    if (action) authors.push({ slug: author.slug, action });
  }
  for (const { fields, from } of added) authors.push({ slug: fields.slug, action: 'create', name: fields.name, from });
  return {
    entries,
    authors,
    warnings: [...(loaded.warnings ?? [])],
    comments: { found: loaded.comments?.length ?? 0, stored: 0, leftOut: { ...(loaded.commentsLeftOut ?? {}) } },
  };
}

/**
 * keepRevision stores the version of an article that is about to be replaced, with when, why, where it came
 * from and its hash, so `restore` can bring it back.
 */
export function keepRevision(db: Database, stored: StoredArticle, reason: RevisionReason, now: number): number {
  return insertRevision(db, {
    articleSlug: stored.slug,
    replacedAt: new Date(now).toISOString(),
    replacedTs: now,
    reason,
    sourceFile: stored.sourceFile,
    contentHash: stored.contentHash,
    title: stored.title,
    articleJson: stored.inputJson ?? JSON.stringify(storedInput(db, stored)),
  });
}

/** adoptsMarkdownFile says whether a Markdown file should become the source of a piece that has none. */
export function adoptsMarkdownFile(current: string | null, candidate: string): boolean {
  const isMarkdown = (file: string | null) => file !== null && isMarkdownFile(file);
  return current !== candidate && isMarkdown(candidate) && !(isMarkdown(current) && fs.existsSync(path.resolve(current!)));
}

/** One article an import will write, with the plan entry that says why. */
interface PlannedWrite {
  entry: PlanEntry;
  source: SourcedArticle;
}

/**
 * beginWrites does the writes that need no rendering (registry authors, inputs of rows stored before inputs
 * were kept) and returns the articles to render and write, in plan order.
 */
function beginWrites(db: Database, loaded: LoadedImport, plan: ImportPlan): PlannedWrite[] {
  for (const author of loaded.authors) upsertAuthor(db, author);
  // After the authors.yaml entries, which were planned first; the plan is made inside this transaction.
  for (const { fields } of newSourceAuthors(db, loaded)) upsertAuthor(db, fields);
  // By file and slug: an item left out for reusing a slug must not stand in for the piece that keeps it.
  const key = (file: string, slug: string) => `${file}\n${slug}`;
  const bySource = new Map(loaded.articles.map((a) => [key(a.file, a.article.slug), a]));
  const writes: PlannedWrite[] = [];
  for (const entry of plan.entries) {
    const source = bySource.get(key(entry.file, entry.slug));
    if (!source || entry.action === 'skip') continue;
    if (entry.action !== 'unchanged') {
      writes.push({ entry, source });
      continue;
    }
    // Rows imported before inputs were kept learn theirs now, without any visible change.
    const stored = findStoredArticle(db, entry.slug);
    if (stored && !stored.inputJson) updateInputJson(db, stored.id, JSON.stringify(source.article));
  }
  return writes;
}

/** writeArticle keeps the version about to be replaced (unless only the rendering changed) and stores the new one. */
function writeArticle(db: Database, { entry }: PlannedWrite, record: ArticleRecord, options: ImportOptions, now: () => number): void {
  const stored = findStoredArticle(db, entry.slug);
  if (stored && entry.changed?.[0] !== 'rendering') keepRevision(db, stored, options.reason ?? 'import', now());
  upsertArticle(db, record);
}

/** renderAndWrite renders each planned article on this thread and writes it. */
function renderAndWrite(db: Database, writes: readonly PlannedWrite[], options: ImportOptions, now: () => number): void {
  for (const write of writes) writeArticle(db, write, toRecord(write.source.article, write.source.file), options, now);
}

/** finishWrites does what follows the article writes: list positions, and the comments an export carried. */
function finishWrites(db: Database, loaded: LoadedImport, plan: ImportPlan, options: ImportOptions, changes: number): void {
  if (changes > 0) renumberListPositions(db);
  if (options.commentSink && loaded.comments?.length) plan.comments.stored = options.commentSink(db, loaded.comments);
}

/**
 * applyImport plans and writes an import in one immediate transaction: all of it or, on any problem, none of
 * it (a ContentError lists every problem). Each updated piece's previous version is kept as a revision;
 * unchanged pieces are not written.
 */
export function applyImport(db: Database, loaded: LoadedImport, options: ImportOptions = {}): ImportPlan {
  const now = options.now ?? Date.now;
  return db.transaction(() => {
    const plan = planImport(db, loaded, options);
    const writes = beginWrites(db, loaded, plan);
    renderAndWrite(db, writes, options, now);
    finishWrites(db, loaded, plan, options, writes.length);
    return plan;
  }).immediate();
}

/**
 * applyImportInParallel is applyImport with the rendering done on the pool's workers while this thread
 * writes, for large imports; it stores exactly what applyImport would. The transaction stays open across
 * awaits, so nothing else may use this connection until it settles (the CLI's own connection is fine).
 */
export async function applyImportInParallel(db: Database, loaded: LoadedImport, pool: RenderPool, options: ImportOptions = {}): Promise<ImportPlan> {
  const now = options.now ?? Date.now;
  // Its own BEGIN inside someone else's transaction would fail, and the ROLLBACK below would undo theirs.
  if (db.inTransaction) throw new Error('applyImportInParallel needs a connection with no open transaction; use applyImport inside one');
  db.exec('BEGIN IMMEDIATE');
  try {
    const plan = planImport(db, loaded, options);
    const writes = beginWrites(db, loaded, plan);
    if (pool.worthIt(writes.length)) {
      let index = 0;
      for await (const record of pool.render(writes.map((write) => write.source))) writeArticle(db, writes[index++]!, record, options, now);
    } else {
      renderAndWrite(db, writes, options, now);
    }
    finishWrites(db, loaded, plan, options, writes.length);
    db.exec('COMMIT');
    return plan;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
