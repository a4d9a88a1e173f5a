import fs from 'node:fs';
import path from 'node:path';
import type { AuthorFields } from '../db/authors.js';
import { parseAuthorRegistry } from './authors.js';
import { findImagesWithoutAlt } from './body-checks.js';
import type { Problem } from './content-error.js';
import { validatePiece, type Conversion, type ConversionOptions, type ImportedComment, type SkippedItem, type SourceFormat } from './converted.js';
import { convertFeed, feedKind } from './feed.js';
import { decodeText, displayPath, isMarkdownFile, maxFileBytes, parseMarkdownFile, readTextFile, tooLarge, walkPaths, loadRegistries, type SourcedArticle } from './import.js';
import type { LoadedImport, SourceSummary } from './import-plan.js';
import type { ParsedMarkdownFile, RenderPool } from './render-pool.js';
import { convertWireCopy } from './wire-copy.js';
import { convertWxr } from './wxr.js';
import { parseXml } from './xml.js';

/** Extensions `import` picks up inside folders; a file named explicitly is read whatever its name. */
const importableInFolders = /\.(md|markdown|xml|rss|atom|txt)$/i;

/** How to read the inputs of one import, beyond what the sources themselves say. */
export interface SourceOptions extends ConversionOptions {
  /** Reads all of standard input, for the `-` input. */
  readStdin?: () => Promise<Uint8Array>;
  /** Called after each input is read, for a progress line on a terminal. */
  progress?: (done: number, total: number) => void;
  /** How long to wait for a feed URL; 20 s unless given. */
  fetchTimeoutMs?: number;
  /** Worker threads to read and parse Markdown files on, when there are enough of them to be worth it. */
  pool?: RenderPool;
}

/** One thing to read: a file, a feed URL or standard input. */
interface Input {
  kind: 'file' | 'url' | 'stdin';
  name: string;
  shown: string;
}

function expandInputs(args: readonly string[], problems: Problem[]): { inputs: Input[]; registries: string[] } {
  const inputs: Input[] = [];
  const registries: string[] = [];
  for (const arg of args) {
    if (arg === '-') inputs.push({ kind: 'stdin', name: '-', shown: '<stdin>' });
    else if (/^https?:\/\//i.test(arg)) inputs.push({ kind: 'url', name: arg, shown: arg });
    else {
      walkPaths([arg], problems, (file, explicit) => {
        if (/^authors\.ya?ml$/.test(path.basename(file))) registries.push(file);
        else if (explicit || importableInFolders.test(file)) inputs.push({ kind: 'file', name: file, shown: displayPath(file) });
      });
    }
  }
  return { inputs, registries };
}

/** fetchText downloads a feed over http(s), within the size limit and a timeout, as strict UTF-8. */
export async function fetchText(url: string, timeoutMs = 20_000): Promise<{ text?: string; problem?: Problem }> {
  const fail = (message: string, value?: unknown) => ({ problem: { file: url, field: 'url', message, value } });
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.1' } });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    return fail(`could not be fetched: ${cause}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    return fail('answered with an error instead of a feed', `HTTP ${response.status} ${response.statusText}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxFileBytes) {
    await response.body?.cancel();
    return { problem: tooLarge(url, declared) };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > maxFileBytes) return { problem: tooLarge(url, size) };
    chunks.push(chunk);
  }
  return decodeText(Buffer.concat(chunks), url);
}

async function readInput(input: Input, options: SourceOptions): Promise<{ text?: string; problem?: Problem }> {
  if (input.kind === 'file') return readTextFile(input.name);
  if (input.kind === 'url') return fetchText(input.name, options.fetchTimeoutMs);
  if (!options.readStdin) return { problem: { file: input.shown, field: 'input', message: 'standard input cannot be read here' } };
  return decodeText(await options.readStdin(), input.shown);
}

/** detectFormat tells the format of an input from its content first, then its name. */
export function detectFormat(name: string, text: string, kind: Input['kind'] = 'file'): 'markdown' | 'xml' | 'wire' {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (isMarkdownFile(name) || head.startsWith('---')) return 'markdown';
  if (kind === 'url' || head.startsWith('<') || /\.(xml|rss|atom|wxr)$/i.test(name)) return 'xml';
  return 'wire';
}

function convertXml(text: string, shown: string, options: ConversionOptions): { conversion: Conversion; format?: SourceFormat } {
  const conversion: Conversion = { pieces: [], skipped: [], problems: [], warnings: [], comments: [], commentsLeftOut: {} };
  const { doc, problem } = parseXml(text, shown);
  if (!doc) {
    conversion.problems.push(problem!);
    return { conversion };
  }
  const kind = feedKind(doc);
  if (!kind) {
    const root = Object.keys(doc).find((key) => !key.startsWith('?')) ?? 'none';
    conversion.problems.push({ file: shown, field: 'xml', message: 'must be an RSS 2.0 feed, an Atom feed or a WordPress export (WXR)', value: `<${root}>` });
    return { conversion };
  }
  return { conversion: kind === 'wxr' ? convertWxr(doc, shown, options) : convertFeed(doc, kind, shown, options), format: kind };
}

/**
 * parseMarkdownInParallel reads and parses the Markdown files among the inputs on the pool's workers, when
 * there are enough of them; the rest (and everything without a pool) is read in the main loop.
 */
async function parseMarkdownInParallel(inputs: readonly Input[], options: SourceOptions, onEach: () => void): Promise<Map<Input, ParsedMarkdownFile>> {
  const markdown = inputs.filter((input) => input.kind === 'file' && isMarkdownFile(input.name));
  if (!options.pool?.worthIt(markdown.length)) return new Map();
  const parsed = await options.pool.parseFiles(markdown, onEach);
  return new Map(markdown.map((input, index) => [input, parsed[index]!]));
}

/**
 * loadImportSources reads every input of an import (files, folders, feed URLs, standard input), detects each
 * one's format and converts it to validated articles. It collects every problem rather than stopping at the
 * first, and touches no database.
 */
export async function loadImportSources(args: readonly string[], options: SourceOptions = {}): Promise<LoadedImport & { problems: Problem[] }> {
  const problems: Problem[] = [];
  const { inputs, registries } = expandInputs(args, problems);
  const authors = loadRegistries(registries, problems);
  const registry = new Set(authors.map((a) => a.slug));
  const conversionOptions: ConversionOptions = { ...options, knownAuthor: (slug) => registry.has(slug) || (options.knownAuthor?.(slug) ?? false) };

  const articles: SourcedArticle[] = [];
  const skipped: SkippedItem[] = [];
  const warnings: Problem[] = [];
  const comments: ImportedComment[] = [];
  const commentsLeftOut: Record<string, number> = {};
  const sources: SourceSummary[] = [];
  const addMarkdown = (shown: string, { problem, parsed }: ParsedMarkdownFile) => {
    if (problem) problems.push(problem);
    if (!parsed) return;
    problems.push(...parsed.problems);
    if (parsed.article) articles.push({ file: shown, article: parsed.article });
    sources.push({ file: shown, format: 'markdown', pieces: parsed.article ? 1 : 0 });
  };
  let done = 0;
  const prepared = await parseMarkdownInParallel(inputs, options, () => options.progress?.(++done, inputs.length));
  for (const input of inputs) {
    const ready = prepared.get(input);
    if (ready) {
      addMarkdown(input.shown, ready);
      continue;
    }
    const { text, problem } = await readInput(input, options);
    options.progress?.(++done, inputs.length);
    if (text === undefined) {
      if (problem) problems.push(problem);
      continue;
    }
    const kind = detectFormat(input.name, text, input.kind);
    if (kind === 'markdown') {
      addMarkdown(input.shown, { problem, parsed: parseMarkdownFile(text, input.shown) });
      continue;
    }
    if (problem) problems.push(problem);
    const { conversion, format } =
      kind === 'xml' ? convertXml(text, input.shown, conversionOptions) : { conversion: convertWireCopy(text, input.shown, conversionOptions), format: 'wire' as const };
    problems.push(...conversion.problems);
    warnings.push(...conversion.warnings);
    skipped.push(...conversion.skipped);
    comments.push(...conversion.comments);
    for (const [kindLeft, count] of Object.entries(conversion.commentsLeftOut)) commentsLeftOut[kindLeft] = (commentsLeftOut[kindLeft] ?? 0) + count;
    let pieces = 0;
    for (const piece of conversion.pieces) {
      const { article, problems: found } = validatePiece(piece);
      problems.push(...found);
      // A body past the bounds of body-limits.ts is already refused and must not reach the lexer.
      const images = found.some((problem) => problem.field === 'body') ? [] : findImagesWithoutAlt(piece.body);
      for (const image of images) {
        problems.push({ file: piece.label, field: 'body', message: 'image needs alt text saying what it shows', value: image.raw });
      }
      if (article) {
        articles.push({ file: piece.label, article });
        pieces += 1;
      }
    }
    if (format) sources.push({ file: input.shown, format, pieces });
  }
  return { articles, authors, problems, skipped, warnings, comments, commentsLeftOut, sources };
}
