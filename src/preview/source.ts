import type { Database } from 'better-sqlite3';
import type { ArticleInput } from '../content/article-fields.js';
import { ContentError, type Problem } from '../content/content-error.js';
import { parseZonedDate } from '../content/dates.js';
import { toRecord } from '../content/record.js';
import { findStoredArticle, type ArticleRecord } from '../db/article-writes.js';
import { findPublishedArticle, type BylineAuthor } from '../db/articles.js';
import { findAuthor } from '../db/authors.js';
import { markdownSource } from '../publishing/editorial.js';
import { planImport, storedInput } from '../publishing/import-plan.js';
import { displayPath } from '../publishing/input-files.js';
import { loadImportFiles } from '../publishing/sources.js';

/**
 * What a preview shows the piece as: a draft, scheduled, an edit of a published piece not yet imported, a
 * published piece as it stands, or a piece that importing would publish at once.
 */
export type PreviewState = 'draft' | 'scheduled' | 'edit' | 'published' | 'unimported';

/** A piece rendered for a preview, as the importer would store it, with what the band says about it. */
export interface PreviewPiece {
  record: ArticleRecord;
  authors: BylineAuthor[];
  state: PreviewState;
  /** The Markdown file shown, when the preview comes from a file rather than the stored row. */
  file: string | undefined;
  /** What an import would refuse in the piece's file, when the stored version is shown because of them. */
  fileProblems: Problem[];
}

/** A file read for a preview: the piece, or every problem the importer would report. */
export type FilePreview = { piece: PreviewPiece; problems: [] } | { piece?: undefined; problems: Problem[] };

function stateOf(input: ArticleInput, publicNow: boolean, pending: boolean, now: number): PreviewState {
  if (publicNow) return pending ? 'edit' : 'published';
  if (input.draft) return 'draft';
  return parseZonedDate(input.publishedAt)!.ts > now ? 'scheduled' : 'unimported';
}

function pieceOf(db: Database, input: ArticleInput, file: string | undefined, state: PreviewState, fileProblems: Problem[] = []): PreviewPiece {
  // The same pure render the importer stores (content/record.ts), kept in memory: a preview never writes.
  const record = toRecord(input, file ?? null);
  const authors = input.authors.map((slug) => ({ slug, name: findAuthor(db, slug)?.name ?? slug }));
  return { record, authors, state, file, fileProblems };
}

/**
 * checkFile reads one Markdown file and plans its import against the database, as `import <file> --dry-run`
 * would: the same loader, then the same rules (authors registered, aliases free, corrections append-only).
 */
function checkFile(db: Database, file: string): { article?: ArticleInput; pending?: boolean; problems: Problem[] } {
  const shown = displayPath(file);
  const loaded = loadImportFiles([file]);
  if (loaded.problems.length > 0) return { problems: loaded.problems };
  if (loaded.articles.length !== 1) return { problems: [{ file: shown, field: 'file', message: 'must hold exactly one piece' }] };
  const article = loaded.articles[0]!.article;
  try {
    const plan = planImport(db, { articles: [{ file: shown, article }], authors: [] });
    return { article, pending: plan.entries[0]!.action !== 'unchanged', problems: [] };
  } catch (error) {
    if (error instanceof ContentError) return { problems: [...error.problems] };
    throw error;
  }
}

/**
 * findPiecePreview is what a preview link to slug shows at now: the piece's Markdown file as it is now when
 * that file still exists and an import would take it (so an edit not yet imported shows), otherwise the
 * stored version. Undefined when no piece has that slug.
 */
export function findPiecePreview(db: Database, slug: string, now: number): PreviewPiece | undefined {
  const stored = findStoredArticle(db, slug);
  if (!stored) return undefined;
  const publicNow = findPublishedArticle(db, slug, now) !== undefined;
  const file = markdownSource(stored.sourceFile);
  const checked = file ? checkFile(db, file) : undefined;
  if (checked?.article && checked.article.slug === slug) {
    return pieceOf(db, checked.article, stored.sourceFile ?? undefined, stateOf(checked.article, publicNow, checked.pending!, now));
  }
  const input = storedInput(db, stored);
  return pieceOf(db, input, undefined, stateOf(input, publicNow, false, now), checked?.problems ?? []);
}

/** readFilePreview checks a Markdown file as an import of it would (checkFile) and renders it, writing nothing. */
export function readFilePreview(db: Database, file: string, now: number): FilePreview {
  const checked = checkFile(db, file);
  if (!checked.article) return { problems: checked.problems };
  const { article } = checked;
  const publicNow = findPublishedArticle(db, article.slug, now) !== undefined;
  return { piece: pieceOf(db, article, displayPath(file), stateOf(article, publicNow, checked.pending!, now)), problems: [] };
}
