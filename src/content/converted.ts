import type { Problem } from './content-error.js';
import type { ArticleInput } from './article-fields.js';
import { parseArticle, type ParseOptions } from './front-matter.js';
import { serializeDocument } from './house-format.js';

/** The formats `import` reads, detected from a file's content and extension. */
export type SourceFormat = 'markdown' | 'rss' | 'atom' | 'wire' | 'wxr' | 'ghost' | StaticSiteDialect;

/** The static-site generators whose Markdown folders `import --from` reads: their front matter mapped to ours. */
export type StaticSiteDialect = 'hugo' | 'jekyll' | 'eleventy';

/** One piece a converter made from a feed item, wire copy or WordPress post, in house front-matter form. */
export interface ConvertedPiece {
  /** Where it came from, for messages: `partner.xml item 3`. */
  label: string;
  frontMatter: Record<string, unknown>;
  body: string;
}

/** Something in a source that is deliberately not imported, with the reason the editor sees. */
export interface SkippedItem {
  file: string;
  slug: string;
  reason: string;
  /** For an item left out by --skip-invalid, every problem that would otherwise have refused the import. */
  problems?: Problem[];
}

/** An approved reader comment found in a WordPress export, ready for a comments store. */
export interface ImportedComment {
  articleSlug: string;
  wordpressId: string;
  parentWordpressId: string | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  date: string;
  text: string;
}

/**
 * An author a source names (a WordPress wp:author, a feed item's dc:creator or author): the import adds one to
 * the registry when its slug is not there yet, with a plan row of its own. An email is kept for the editor's
 * registry and never published.
 */
export interface SourceAuthor {
  slug: string;
  name: string;
  email?: string;
  /** A short biography and a web address, where the source keeps them (a Ghost staff member's bio and website). */
  bio?: string;
  url?: string;
  /** Where it was found, for the plan: `export.xml`. */
  label: string;
}

/** What a converter found in one source: pieces, skipped items, problems, notes for the editor, comments. */
export interface Conversion {
  pieces: ConvertedPiece[];
  /** Authors the pieces' bylines name, to add to the registry where they are new (at most one per slug). */
  authors: SourceAuthor[];
  skipped: SkippedItem[];
  problems: Problem[];
  warnings: Problem[];
  comments: ImportedComment[];
  /** Comments found but not approved (pending, spam, trash) or not comments (pingbacks), by kind. */
  commentsLeftOut: Record<string, number>;
}

/** Values from the command line that fill in what a source cannot say (a wire story's author or date). */
export interface ConversionOptions {
  authors?: string[];
  date?: string;
  slug?: string;
  type?: string;
  section?: string;
  tags?: string[];
  sourceName?: string;
  sourceSection?: string;
  sourceUrl?: string;
  display?: 'full' | 'excerpt';
  /** Whether an author slug is in the registry (database or an authors.yaml in this run). */
  knownAuthor?: (slug: string) => boolean;
  /** The site's IANA time zone (SITE_TIME_ZONE), for dates a source writes without one. */
  timeZone?: string;
  /** Read Markdown inputs as this generator writes them (`import --from`), not as house Markdown. */
  from?: StaticSiteDialect;
}

/**
 * compactFrontMatter leaves out the fields a converter has no value for (undefined, empty text, false, an empty
 * list), so a converted piece is written as an editor would write it, without empty keys.
 */
export function compactFrontMatter(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0)));
}

/** emptyConversion is a Conversion with nothing in it, to fill in. */
export function emptyConversion(): Conversion {
  return { pieces: [], authors: [], skipped: [], problems: [], warnings: [], comments: [], commentsLeftOut: {} };
}

/**
 * validatePiece writes a converted piece in the house format and validates it exactly as a Markdown file is
 * validated, so every format obeys the same rules and exports back to the same article; only alt text may be
 * missing, as its authors cannot be asked (the loader lists the piece as needing it).
 */
export function validatePiece(piece: ConvertedPiece, options: ParseOptions = {}): { article?: ArticleInput; problems: Problem[] } {
  const { article, problems } = parseArticle(serializeDocument(piece.frontMatter, piece.body), piece.label, { ...options, fromOutside: true });
  // Lines of the document written here mean nothing to the editor, who never sees it.
  return { article, problems: problems.map(({ line: _line, ...problem }) => problem) };
}
