import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { findAuthor, upsertAuthor, type AuthorFields } from '../db/authors.js';
import { findAliasOwner, renumberListPositions, upsertArticle, type ArticleRecord } from '../db/article-writes.js';
import { parseAuthorRegistry } from './authors.js';
import { ContentError, type Problem } from './content-error.js';
import { parseZonedDate } from './dates.js';
import { parseArticle, type ArticleInput } from './front-matter.js';
import { countWords, readingMinutes, renderExcerpt, renderMarkdown, typographic } from './markdown.js';
import { searchText } from './search-text.js';
import { slugify } from './slug.js';

/** Files larger than this are refused: no op-ed is 2 MB of text, and a huge file is a mistake or an attack. */
export const maxFileBytes = 2 * 1024 * 1024;

// Bump when rendering changes, so the next import re-renders every stored body.
const renderVersion = 2;

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

/** collectFiles expands files and folders (recursively) into Markdown files and author registries. */
export function collectFiles(paths: readonly string[]): { articles: string[]; registries: string[]; problems: Problem[] } {
  const articles: string[] = [];
  const registries: string[] = [];
  const problems: Problem[] = [];
  const visit = (file: string, explicit: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      problems.push({ file: displayPath(file), field: 'path', message: 'does not exist or cannot be read' });
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file).sort()) {
        if (!entry.startsWith('.')) visit(path.join(file, entry), false);
      }
    } else if (/^authors\.ya?ml$/.test(path.basename(file))) {
      registries.push(file);
    } else if (/\.(md|markdown)$/i.test(file)) {
      articles.push(file);
    } else if (explicit) {
      problems.push({ file: displayPath(file), field: 'path', message: 'is not a Markdown (.md) file or authors.yaml' });
    }
  };
  for (const p of paths) visit(path.resolve(p), true);
  return { articles, registries, problems };
}

/** readTextFile reads a file as strict UTF-8 within the size limit, or returns the problem. */
export function readTextFile(file: string): { text?: string; problem?: Problem } {
  const shown = displayPath(file);
  const size = fs.statSync(file).size;
  if (size > maxFileBytes) {
    return { problem: { file: shown, field: 'file', message: `is larger than the ${maxFileBytes / 1024 / 1024} MB limit`, value: `${size} bytes` } };
  }
  const bytes = fs.readFileSync(file);
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') return { problem: { file: shown, field: 'file', message: 'is empty' } };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { problem: { file: shown, field: 'file', message: 'is not valid UTF-8 text; save it as UTF-8' } };
  }
}

/** toRecord renders an article (HTML, excerpt, counts, hash) into what the database stores. */
export function toRecord(article: ArticleInput, sourceFile: string | null): ArticleRecord {
  const bodyHtml = renderMarkdown(article.bodyMarkdown);
  const words = countWords(bodyHtml);
  const excerptHtml = article.source?.display === 'excerpt' ? renderExcerpt(article.bodyMarkdown) : null;
  const hash = createHash('sha256').update(JSON.stringify({ renderVersion, article })).digest('hex');
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
    updatedAt: article.updatedAt ?? null,
    updatedTs: article.updatedAt ? parseZonedDate(article.updatedAt)!.ts : null,
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
    contentHash: hash,
    sourceFile,
    searchBody: searchText(excerptHtml ?? bodyHtml),
    authorSlugs: article.authors,
    tags: article.tags.map((name) => ({ slug: slugify(name), name })),
    corrections: article.corrections.map((c) => ({ correctedAt: c.date, correctedTs: parseZonedDate(c.date)!.ts, text: typographic(c.text) })),
    aliases: article.aliases,
  };
}

/**
 * loadArticles reads and validates everything under paths without touching the database, returning the
 * valid articles and registry authors, or every problem found.
 */
export function loadArticles(paths: readonly string[]): { articles: SourcedArticle[]; authors: AuthorFields[]; problems: Problem[] } {
  const { articles: files, registries, problems } = collectFiles(paths);
  const authors: AuthorFields[] = [];
  for (const file of registries) {
    const { text, problem } = readTextFile(file);
    if (problem) problems.push(problem);
    if (text === undefined) continue;
    const parsed = parseAuthorRegistry(text, displayPath(file));
    problems.push(...parsed.problems);
    authors.push(...parsed.authors);
  }
  const articles: SourcedArticle[] = [];
  for (const file of files) {
    const { text, problem } = readTextFile(file);
    if (problem) problems.push(problem);
    if (text === undefined) continue;
    const parsed = parseArticle(text, displayPath(file));
    problems.push(...parsed.problems);
    if (parsed.article) articles.push({ file: displayPath(file), article: parsed.article });
  }
  return { articles, authors, problems };
}

/**
 * importArticles validates every file under paths, then writes them all in one transaction, upserting by
 * slug; a piece whose content hash is unchanged is not written at all. If any file has a problem, nothing
 * is written and a ContentError lists every problem.
 */
export function importArticles(db: Database, paths: readonly string[]): ImportResult {
  const { articles, authors, problems } = loadArticles(paths);
  return importLoaded(db, articles, authors, problems);
}

/** importLoaded checks cross-file rules (unique slugs, known authors) and writes in one transaction. */
export function importLoaded(
  db: Database,
  articles: readonly SourcedArticle[],
  authors: readonly AuthorFields[],
  problems: Problem[] = [],
): ImportResult {
  const registry = new Set(authors.map((a) => a.slug));
  const bySlug = new Map<string, string>();
  for (const { file, article } of articles) {
    const earlier = bySlug.get(article.slug);
    if (earlier) problems.push({ file, field: 'slug', message: `is also used by ${earlier} in this import`, value: article.slug });
    bySlug.set(article.slug, file);
    for (const author of article.authors) {
      if (!registry.has(author) && !findAuthor(db, author)) {
        problems.push({ file, field: 'authors', message: 'is not in the author registry (content/authors.yaml)', value: author });
      }
    }
  }
  if (problems.length > 0) throw new ContentError(problems);

  const result: ImportResult = { created: [], updated: [], unchanged: [], authors: { created: 0, updated: 0 } };
  db.transaction(() => {
    for (const author of authors) {
      const outcome = upsertAuthor(db, author);
      if (outcome !== 'unchanged') result.authors[outcome] += 1;
    }
    const conflicts: Problem[] = [];
    for (const { file, article } of articles) {
      for (const alias of article.aliases) {
        const owner = findAliasOwner(db, alias);
        if (owner && owner !== article.slug) {
          conflicts.push({ file, field: 'aliases', message: `is already the slug or an alias of "${owner}"`, value: alias });
        }
      }
      if (conflicts.length === 0) result[upsertArticle(db, toRecord(article, file))].push(article.slug);
    }
    // Throwing inside the transaction rolls back everything this run wrote.
    if (conflicts.length > 0) throw new ContentError(conflicts);
    if (result.created.length + result.updated.length > 0) renumberListPositions(db);
  })();
  return result;
}
