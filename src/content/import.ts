import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AuthorFields } from '../db/authors.js';
import type { ArticleRecord } from '../db/article-writes.js';
import { parseAuthorRegistry } from './authors.js';
import { findImagesWithoutAlt } from './body-checks.js';
import type { Problem } from './content-error.js';
import { parseZonedDate } from './dates.js';
import { parseArticle, splitFrontMatter, type ArticleInput } from './front-matter.js';
import { applyImport, type ImportOptions } from './import-plan.js';
import { countTextWords, readingMinutes, renderExcerpt, renderMarkdown, typographic } from './markdown.js';
import { plainText } from './sanitize.js';
import { searchText, searchTextOfPlain } from './search-text.js';
import { slugify } from './slug.js';

/** Files larger than this are refused: no op-ed is 2 MB of text, and a huge file is a mistake or an attack. */
export const maxFileBytes = 2 * 1024 * 1024;

// Bump when rendering changes, so the next import re-renders every stored body. Version 2 shows the newest
// correction's date as "Updated" (issue 3). Version 3 fills the search index's body text (issue 5). Version 4
// turns images from other sites into links, which the page's CSP would otherwise block (issue 17).
const renderVersion = 4;

/** Slugs by outcome of one import run. */
export interface ImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  authors: { created: number; updated: number };
}

/** A parsed, valid article with the file it came from. */
export interface SourcedArticle {
  file: string;
  article: ArticleInput;
}

/** displayPath shows a file relative to the working folder when it is inside it, as editors typed it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * walkPaths calls onFile for each file named in paths or found below a named folder (recursively, hidden
 * entries skipped, in name order), and records a problem for any path that cannot be read.
 */
export function walkPaths(paths: readonly string[], problems: Problem[], onFile: (file: string, explicit: boolean) => void): void {
  const visit = (file: string, explicit: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      problems.push({ file: displayPath(file), field: 'path', message: 'does not exist or cannot be read' });
      return;
    }
    if (!stat.isDirectory()) return onFile(file, explicit);
    for (const entry of fs.readdirSync(file).sort()) {
      if (!entry.startsWith('.')) visit(path.join(file, entry), false);
    }
  };
  for (const p of paths) visit(path.resolve(p), true);
}

/** isMarkdownFile says whether a file's name marks it as a Markdown piece (.md or .markdown, any case). */
export function isMarkdownFile(name: string): boolean {
  return /\.(md|markdown)$/i.test(name);
}

/** collectFiles expands files and folders (recursively) into Markdown files and author registries. */
export function collectFiles(paths: readonly string[]): { articles: string[]; registries: string[]; problems: Problem[] } {
  const articles: string[] = [];
  const registries: string[] = [];
  const problems: Problem[] = [];
  walkPaths(paths, problems, (file, explicit) => {
    if (/^authors\.ya?ml$/.test(path.basename(file))) registries.push(file);
    else if (isMarkdownFile(file)) articles.push(file);
    else if (explicit) problems.push({ file: displayPath(file), field: 'path', message: 'is not a Markdown (.md) file or authors.yaml' });
  });
  return { articles, registries, problems };
}

/** readTextFile reads a file as strict UTF-8 within the size limit, or returns the problem. */
export function readTextFile(file: string): { text?: string; problem?: Problem } {
  const shown = displayPath(file);
  const size = fs.statSync(file).size;
  if (size > maxFileBytes) return { problem: tooLarge(shown, size) };
  return decodeText(fs.readFileSync(file), shown);
}

/** tooLarge is the problem of an input over maxFileBytes. */
export function tooLarge(shown: string, size: number): Problem {
  return { file: shown, field: 'file', message: `must be at most ${maxFileBytes / 1024 / 1024} MB`, value: `${size} bytes` };
}

/** decodeText checks bytes read from a file, a URL or standard input: not empty, strict UTF-8. */
export function decodeText(bytes: Uint8Array, shown: string): { text?: string; problem?: Problem } {
  if (bytes.length > maxFileBytes) return { problem: tooLarge(shown, bytes.length) };
  if (bytes.length === 0 || Buffer.from(bytes).toString('utf8').trim() === '') return { problem: { file: shown, field: 'file', message: 'is empty' } };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { problem: { file: shown, field: 'file', message: 'is not valid UTF-8 text; save it as UTF-8' } };
  }
}

/**
 * articleHash is the content hash that makes re-import idempotent: the validated input plus the rendering
 * version. `version` is only given to recognise hashes stored by an older renderer.
 */
export function articleHash(article: ArticleInput, version = renderVersion): string {
  return createHash('sha256').update(JSON.stringify({ renderVersion: version, article })).digest('hex');
}

/** previousRenderHash is the hash the last renderer stored, so a re-render alone is not taken for an edit. */
export function previousRenderHash(article: ArticleInput): string {
  return articleHash(article, renderVersion - 1);
}

/**
 * effectiveUpdated is the "Updated" date readers see: the editor's `updated`, or the newest correction's date
 * when that is later, since a correction is an update (issue 3).
 */
export function effectiveUpdated(article: ArticleInput): string | undefined {
  let latest = article.updatedAt;
  for (const { date } of article.corrections) {
    if (!latest || parseZonedDate(date)!.ts > parseZonedDate(latest)!.ts) latest = date;
  }
  return latest;
}

/** toRecord renders an article (HTML, excerpt, counts, hash) into what the database stores. */
export function toRecord(article: ArticleInput, sourceFile: string | null): ArticleRecord {
  const bodyHtml = renderMarkdown(article.bodyMarkdown);
  // One plain-text pass serves the word count and the search index: each pass re-parses the whole body.
  const bodyText = plainText(bodyHtml);
  const words = countTextWords(bodyText);
  const updatedAt = effectiveUpdated(article);
  const excerptHtml = article.source?.display === 'excerpt' ? renderExcerpt(article.bodyMarkdown) : null;
  return {
    slug: article.slug,
    type: article.type,
    title: typographic(article.title),
    dek: typographic(article.dek),
    summary: typographic(article.summary),
    section: article.section,
    bodyMarkdown: article.bodyMarkdown,
    bodyHtml,
    excerptHtml,
    publishedAt: article.publishedAt,
    publishedTs: parseZonedDate(article.publishedAt)!.ts,
    updatedAt: updatedAt ?? null,
    updatedTs: updatedAt ? parseZonedDate(updatedAt)!.ts : null,
    draft: article.draft ? 1 : 0,
    authorNote: typographic(article.authorNote),
    disclosure: typographic(article.disclosure),
    imageSrc: article.image?.src ?? null,
    imageAlt: article.image?.alt ?? null,
    imageCaption: typographic(article.image?.caption ?? '') || null,
    imageCredit: article.image?.credit || null,
    sourcePublication: article.source?.publication ?? null,
    sourceSection: article.source?.section || null,
    sourceUrl: article.source?.url ?? null,
    sourceDate: article.source?.date ?? null,
    sourceLicence: article.source?.licence || null,
    sourceDisplay: article.source?.display ?? null,
    canonicalUrl: article.canonicalUrl ?? null,
    commentsOpen: article.commentsOpen ? 1 : 0,
    wordCount: words,
    readingMinutes: readingMinutes(words),
    contentHash: articleHash(article),
    sourceFile,
    inputJson: JSON.stringify(article),
    searchBody: excerptHtml ? searchText(excerptHtml) : searchTextOfPlain(bodyText),
    authorSlugs: article.authors,
    tags: article.tags.map((name) => ({ slug: slugify(name), name })),
    corrections: article.corrections.map((c) => ({ correctedAt: c.date, correctedTs: parseZonedDate(c.date)!.ts, text: typographic(c.text) })),
    aliases: article.aliases,
  };
}

/** loadRegistries reads and validates authors.yaml files, adding their problems to problems. */
export function loadRegistries(files: readonly string[], problems: Problem[]): AuthorFields[] {
  const authors: AuthorFields[] = [];
  for (const file of files) {
    const { text, problem } = readTextFile(file);
    if (problem) problems.push(problem);
    if (text === undefined) continue;
    const parsed = parseAuthorRegistry(text, displayPath(file));
    problems.push(...parsed.problems);
    authors.push(...parsed.authors);
  }
  return authors;
}

/**
 * loadArticles reads and validates everything under paths without touching the database, returning the
 * valid articles and registry authors, or every problem found.
 */
export function loadArticles(paths: readonly string[]): { articles: SourcedArticle[]; authors: AuthorFields[]; problems: Problem[] } {
  const { articles: files, registries, problems } = collectFiles(paths);
  const authors = loadRegistries(registries, problems);
  const articles: SourcedArticle[] = [];
  for (const file of files) {
    const { text, problem } = readTextFile(file);
    if (problem) problems.push(problem);
    if (text === undefined) continue;
    const parsed = parseMarkdownFile(text, displayPath(file));
    problems.push(...parsed.problems);
    if (parsed.article) articles.push({ file: displayPath(file), article: parsed.article });
  }
  return { articles, authors, problems };
}

/** parseMarkdownFile validates one house-format Markdown file, including alt text on every body image. */
export function parseMarkdownFile(text: string, file: string): { article?: ArticleInput; problems: Problem[] } {
  const parsed = parseArticle(text, file);
  const parts = splitFrontMatter(text);
  // A body past the bounds of body-limits.ts must not reach the lexer that looks for images.
  if (!parts || parsed.problems.some((problem) => problem.field === 'body')) return parsed;
  const images = findImagesWithoutAlt(parts.body).map(
    (image): Problem => ({ file, line: parts.bodyLine + image.line - 1, field: 'body', message: 'image needs alt text saying what it shows', value: image.raw }),
  );
  return images.length > 0 ? { problems: [...parsed.problems, ...images] } : parsed;
}

/**
 * importArticles validates every file under paths, then writes them all in one transaction, upserting by
 * slug; a piece whose content hash is unchanged is not written at all. If any file has a problem, nothing
 * is written and a ContentError lists every problem.
 */
export function importArticles(db: Database, paths: readonly string[], options: ImportOptions = {}): ImportResult {
  const { articles, authors, problems } = loadArticles(paths);
  return importLoaded(db, articles, authors, problems, options);
}

/** importLoaded checks cross-file rules (unique slugs, known authors, append-only corrections) and writes in one transaction. */
export function importLoaded(
  db: Database,
  articles: readonly SourcedArticle[],
  authors: readonly AuthorFields[],
  problems: Problem[] = [],
  options: ImportOptions = {},
): ImportResult {
  const plan = applyImport(db, { articles, authors, problems }, options);
  const slugs = (action: string) => plan.entries.filter((e) => e.action === action).map((e) => e.slug);
  return {
    created: slugs('create'),
    updated: slugs('update'),
    unchanged: slugs('unchanged'),
    authors: {
      created: plan.authors.filter((a) => a.action === 'create').length,
      updated: plan.authors.filter((a) => a.action === 'update').length,
    },
  };
}
