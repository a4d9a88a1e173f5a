import fs from 'node:fs';
import path from 'node:path';
import type { AuthorFields } from '../db/authors.js';
import { parseAuthorRegistry } from '../content/authors.js';
import { needsAltWarnings } from '../content/body-checks.js';
import { invalidItems } from '../content/invalid-items.js';
import type { Problem } from '../content/content-error.js';
import { emptyConversion, validatePiece, type Conversion, type ConversionOptions, type ImportedComment, type SkippedItem, type SourceAuthor, type SourceFormat } from '../content/converted.js';
import { feedKind } from '../content/feed-entries.js';
import { convertFeed } from '../content/feed-import.js';
import { convertGhostExport } from '../content/ghost-export.js';
import type { LoadedImport, SourceSummary } from './import-plan.js';
import { decodeText, displayPath, fetchText, findInputs, isMarkdownFile, readTextFile, type Input } from './input-files.js';
import { parseMarkdownFile } from '../content/markdown-file.js';
import { isSlug } from '../content/slug.js';
import type { SourcedArticle } from '../content/record.js';
import { convertStaticSitePage, hugoBundles } from '../content/static-site.js';
import type { ParsedMarkdownFile, RenderPool } from './render-pool.js';
import { convertWireCopy } from '../content/wire-copy.js';
import { convertWxr } from '../content/wxr.js';
import { parseXml } from '../content/xml-reader.js';

/** How to read files and folders, beyond what the sources themselves say. */
export interface LoadOptions extends ConversionOptions {
  /**
   * The site's own registry (CONTENT_DIR/authors.yaml), read with the inputs when it exists and is not among
   * them: its authors count as registered, and are written with the import, on a fresh database too.
   */
  registryFile?: string;
  /** Leave out each invalid item of a feed or an export, listed with its reasons, rather than refuse the import. */
  skipInvalid?: boolean;
}

/** How to read the inputs of one import, beyond what the sources themselves say. */
export interface SourceOptions extends LoadOptions {
  /** Reads all of standard input, for the `-` input. */
  readStdin?: () => Promise<Uint8Array>;
  /** Called after each input is read, for a progress line on a terminal. */
  progress?: (done: number, total: number) => void;
  /** How long to wait for a feed URL; 20 s unless given. */
  fetchTimeoutMs?: number;
  /** Worker threads to read and parse Markdown files on, when there are enough of them to be worth it. */
  pool?: RenderPool;
}

/** Everything one import read, with every problem found (an empty list when all of it is valid). */
export type LoadedSources = LoadedImport & { problems: Problem[] };

/** loadRegistries reads and validates authors.yaml files, adding their problems to problems. */
function loadRegistries(files: readonly string[], problems: Problem[]): AuthorFields[] {
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

async function readInput(input: Input, options: SourceOptions): Promise<{ text?: string; problem?: Problem }> {
  if (input.kind === 'url') return fetchText(input.name, options.fetchTimeoutMs);
  if (input.kind === 'stdin' && options.readStdin) return decodeText(await options.readStdin(), input.shown);
  return readInputNow(input);
}

function readInputNow(input: Input): { text?: string; problem?: Problem } {
  if (input.kind === 'file') return readTextFile(input.name);
  const what = input.kind === 'url' ? 'a feed URL' : 'standard input';
  return { problem: { file: input.shown, field: 'input', message: `${what} cannot be read here` } };
}

/** detectFormat tells the format of an input from its content first, then its name. */
export function detectFormat(name: string, text: string, kind: Input['kind'] = 'file'): 'markdown' | 'xml' | 'json' | 'wire' {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (isMarkdownFile(name) || head.startsWith('---')) return 'markdown';
  // JSON is never wire copy: it is read as a Ghost export, and any other JSON is refused as not one.
  if (/\.json$/i.test(name) || head.startsWith('{')) return 'json';
  if (kind === 'url' || head.startsWith('<') || /\.(xml|rss|atom|wxr)$/i.test(name)) return 'xml';
  return 'wire';
}

function convertXml(text: string, shown: string, options: ConversionOptions): { conversion: Conversion; format?: SourceFormat } {
  const conversion = emptyConversion();
  const { doc, problem, warning } = parseXml(text, shown);
  if (!doc) {
    conversion.problems.push(problem!);
    return { conversion };
  }
  const kind = feedKind(doc);
  if (!kind) {
    const root = Object.keys(doc).find((key) => !key.startsWith('?')) ?? 'none';
    conversion.problems.push({ file: shown, field: 'xml', message: 'must be an RSS or Atom feed or a WordPress export (WXR)', value: `<${root}>` });
    return { conversion };
  }
  const converted = kind === 'wxr' ? convertWxr(doc, shown, options) : convertFeed(doc, kind, shown, options);
  if (warning) converted.warnings.unshift(warning);
  return { conversion: converted, format: kind };
}

/**
 * parseMarkdownInParallel reads and parses the Markdown files among the inputs on the pool's workers, when
 * there are enough of them; the rest (and everything without a pool) is read in the main loop.
 */
async function parseMarkdownInParallel(inputs: readonly Input[], options: SourceOptions, onEach: () => void): Promise<Map<Input, ParsedMarkdownFile>> {
  const markdown = inputs.filter((input) => input.kind === 'file' && isMarkdownFile(input.name));
  // Another generator's pages are converted, not parsed as house Markdown, so they stay in the main loop.
  if (options.from || !options.pool?.worthIt(markdown.length)) return new Map();
  const parsed = await options.pool.parseFiles(markdown.map(({ name, shown }) => ({ name, shown, timeZone: options.timeZone })), onEach);
  return new Map(markdown.map((input, index) => [input, parsed[index]!]));
}

/**
 * startLoad walks the arguments and reads the author registries, and returns the one place every input's text
 * goes: `add` detects its format, converts and validates it; `addParsed` takes a Markdown file a worker parsed.
 * Both drivers below share it, so every import path reads the same files the same way.
 */
function startLoad(args: readonly string[], options: LoadOptions) {
  const problems: Problem[] = [];
  const { inputs, registries } = findInputs(args, problems);
  const own = options.registryFile;
  if (own && fs.existsSync(own) && !registries.some((file) => path.resolve(file) === path.resolve(own))) registries.push(own);
  const authors = loadRegistries(registries, problems);
  const registry = new Set(authors.map((a) => a.slug));
  const conversionOptions: ConversionOptions = { ...options, knownAuthor: (slug) => registry.has(slug) || (options.knownAuthor?.(slug) ?? false) };
  const articles: SourcedArticle[] = [];
  const skipped: SkippedItem[] = [];
  const warnings: Problem[] = [];
  const comments: ImportedComment[] = [];
  const sourceAuthors: SourceAuthor[] = [];
  const commentsLeftOut: Record<string, number> = {};
  const sources: SourceSummary[] = [];
  const skippable = new Set<string>();

  const addParsed = (shown: string, { problem, parsed }: ParsedMarkdownFile) => {
    if (problem) problems.push(problem);
    if (!parsed) return;
    problems.push(...parsed.problems);
    if (parsed.article) articles.push({ file: shown, article: parsed.article });
    sources.push({ file: shown, format: 'markdown', pieces: parsed.article ? 1 : 0 });
  };
  const addConversion = (shown: string, conversion: Conversion, format: SourceFormat | undefined) => {
    // With --skip-invalid an item's problems leave that item out; the input's own problems still refuse.
    const invalid = invalidItems(options.skipInvalid === true);
    problems.push(...invalid.take(conversion.problems, shown));
    warnings.push(...conversion.warnings);
    skipped.push(...conversion.skipped);
    comments.push(...conversion.comments);
    for (const author of conversion.authors) {
      // A converter's author becomes a registry entry as it is: held to the rules authors.yaml is held to.
      if (!isSlug(author.slug) || !author.name.trim()) {
        problems.push({ file: author.label, field: 'authors', message: 'names an author without a URL-safe slug and a name; pass --author', value: author.slug });
      } else if (!sourceAuthors.some((a) => a.slug === author.slug)) {
        sourceAuthors.push(author);
      }
    }
    for (const [kindLeft, count] of Object.entries(conversion.commentsLeftOut)) commentsLeftOut[kindLeft] = (commentsLeftOut[kindLeft] ?? 0) + count;
    let pieces = 0;
    for (const piece of conversion.pieces) {
      const { article, problems: found } = validatePiece(piece, { timeZone: options.timeZone });
      problems.push(...invalid.take(found, shown, piece.frontMatter.slug));
      warnings.push(...needsAltWarnings(piece.body, piece.label, found, article?.image));
      if (article && !invalid.has(piece.label)) {
        articles.push({ file: piece.label, article });
        if (invalid.on) skippable.add(piece.label);
        pieces += 1;
      }
    }
    skipped.push(...invalid.skipped());
    if (format) sources.push({ file: shown, format, pieces });
  };
  let bundles: Set<string> | undefined;
  const add = (input: Input, { text, problem }: { text?: string; problem?: Problem }) => {
    if (text === undefined) {
      if (problem) problems.push(problem);
      return;
    }
    const kind = detectFormat(input.name, text, input.kind);
    if (kind === 'markdown' && options.from) {
      bundles ??= hugoBundles(inputs.map((i) => i.shown));
      return addConversion(input.shown, convertStaticSitePage(text, input.shown, options.from, conversionOptions, bundles), options.from);
    }
    if (kind === 'markdown' && /^\uFEFF?\+\+\+[ \t]*\r?\n/.test(text)) {
      problems.push({ file: input.shown, field: 'front matter', message: 'is TOML (+++), as Hugo writes it: import the folder with --from hugo' });
      return;
    }
    if (kind === 'markdown') return addParsed(input.shown, { problem, parsed: parseMarkdownFile(text, input.shown, { timeZone: options.timeZone }) });
    if (problem) problems.push(problem);
    if (kind === 'json') {
      addConversion(input.shown, convertGhostExport(text, input.shown, conversionOptions), 'ghost');
    } else if (kind === 'xml') {
      const { conversion, format } = convertXml(text, input.shown, conversionOptions);
      addConversion(input.shown, conversion, format);
    } else {
      addConversion(input.shown, convertWireCopy(text, input.shown, conversionOptions), 'wire');
    }
  };
  const finish = (): LoadedSources => ({ articles, authors, sourceAuthors, problems, skipped, warnings, comments, commentsLeftOut, sources, skippable });
  return { inputs, add, addParsed, finish };
}

/**
 * loadImportFiles is loadImportSources for files and folders only, without waiting: what a server start and
 * the background reconcile read from CONTENT_DIR. It reads the same files the same way, touching no database.
 */
export function loadImportFiles(paths: readonly string[], options: LoadOptions = {}): LoadedSources {
  const load = startLoad(paths, options);
  for (const input of load.inputs) load.add(input, readInputNow(input));
  return load.finish();
}

/**
 * loadImportSources reads every input of an import (files, folders, feed URLs, standard input), detects each
 * one's format and converts it to validated articles. It collects every problem rather than stopping at the
 * first, and touches no database.
 */
export async function loadImportSources(args: readonly string[], options: SourceOptions = {}): Promise<LoadedSources> {
  const load = startLoad(args, options);
  let done = 0;
  const tick = () => options.progress?.(++done, load.inputs.length);
  const prepared = await parseMarkdownInParallel(load.inputs, options, tick);
  for (const input of load.inputs) {
    const ready = prepared.get(input);
    if (ready) {
      load.addParsed(input.shown, ready);
      continue;
    }
    const read = await readInput(input, options);
    tick();
    load.add(input, read);
  }
  return load.finish();
}
