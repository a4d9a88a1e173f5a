import { parseDocument } from 'yaml';
import type { Problem } from './content-error.js';
import { markdownLimitProblems } from './body-limits.js';
import { parseZonedDate } from './dates.js';
import { isSlug, slugFromFilename, slugify } from './slug.js';

export const articleTypes = ['op-ed', 'editorial', 'column', 'letter'] as const;
export type ArticleType = (typeof articleTypes)[number];

/** A validated article as written in a Markdown file, before rendering. */
export interface ArticleInput {
  slug: string;
  type: ArticleType;
  title: string;
  dek: string;
  summary: string;
  section: string;
  publishedAt: string;
  updatedAt: string | undefined;
  draft: boolean;
  authors: string[];
  tags: string[];
  authorNote: string;
  disclosure: string;
  image: { src: string; alt: string; caption: string; credit: string } | undefined;
  source:
    | { publication: string; section: string; url: string; date: string | undefined; licence: string; display: 'full' | 'excerpt' }
    | undefined;
  canonicalUrl: string | undefined;
  corrections: { date: string; text: string }[];
  commentsOpen: boolean;
  aliases: string[];
  bodyMarkdown: string;
}

const knownFields = new Set([
  'title', 'slug', 'type', 'dek', 'summary', 'section', 'date', 'updated', 'draft', 'authors', 'author', 'tags',
  'author_note', 'disclosure', 'image', 'source', 'canonical', 'corrections', 'comments', 'aliases',
]);

/** splitFrontMatter separates the YAML between the opening and closing `---` lines from the Markdown body. */
export function splitFrontMatter(text: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return undefined;
  const bodyLine = match[0].split('\n').length;
  return { yaml: match[1]!, body: text.slice(match[0].length), bodyLine };
}

/**
 * parseArticle validates one Markdown file with YAML front matter. It returns the article, or every
 * problem it found (each naming file and field), never a half-valid article.
 */
export function parseArticle(text: string, file: string): { article?: ArticleInput; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (field: string, message: string, value?: unknown) => problems.push({ file, field, message, value });

  const parts = splitFrontMatter(text);
  if (!parts) {
    add('front matter', 'file must start with YAML front matter between two "---" lines');
    return { problems };
  }
  const doc = parseDocument(parts.yaml, { schema: 'core', uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line;
      add(line ? `front matter line ${line + 1}` : 'front matter', `invalid YAML: ${error.message.split('\n')[0]}`);
    }
    return { problems };
  }
  // toJS throws (not reports) on an alias to a missing anchor or an alias bomb; both are bad YAML.
  const data = yamlToJs(doc);
  if (data instanceof Error) {
    add('front matter', `invalid YAML: ${data.message.split('\n')[0]}`);
    return { problems };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    add('front matter', 'must be a mapping of field: value');
    return { problems };
  }
  const fm = data as Record<string, unknown>;
  for (const key of Object.keys(fm)) {
    if (!knownFields.has(key)) add(key, 'unknown field', fm[key]);
  }

  const text_ = (field: string, value: unknown, { required = false, max = 500 } = {}): string => {
    if (value === undefined || value === null || value === '') {
      if (required) add(field, 'is required');
      return '';
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      add(field, 'must be text', value);
      return '';
    }
    // Control characters (NUL, escapes) are never part of a headline or a name; they only hide emptiness.
    const result = String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
    if (result === '' && required) add(field, 'is required');
    if (result.length > max) add(field, `must be at most ${max} characters`, result);
    return result;
  };
  const url = (field: string, value: unknown): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    const raw = typeof value === 'string' ? value.trim() : '';
    try {
      const parsed = new URL(raw);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
    } catch {
      // reported below
    }
    add(field, 'must be an absolute http(s) URL', value);
    return undefined;
  };
  const date = (field: string, value: unknown, required: boolean): { iso: string; ts: number } | undefined => {
    if (value === undefined || value === null || value === '') {
      if (required) add(field, 'is required (ISO 8601 with a time zone, e.g. 2026-10-14T07:30:00-04:00)');
      return undefined;
    }
    const parsed = parseZonedDate(value);
    if (!parsed) add(field, 'must be an ISO 8601 date and time with a time zone, e.g. 2026-10-14T07:30:00-04:00', value);
    return parsed;
  };
  const list = (field: string, value: unknown): string[] => {
    if (value === undefined || value === null) return [];
    const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
    if (!items || items.some((item) => typeof item !== 'string' && typeof item !== 'number')) {
      add(field, 'must be a list of text items', value);
      return [];
    }
    return items.map((item) => String(item).trim()).filter(Boolean);
  };

  const title = text_('title', fm.title, { required: true, max: 200 });
  // An empty `slug:` (null or "") means none was given, as a left-blank template field does: the file names it.
  const slugGiven = fm.slug !== undefined && fm.slug !== null && fm.slug !== '';
  const slug = slugGiven ? text_('slug', fm.slug) : slugFromFilename(file);
  if (slug && !isSlug(slug)) add('slug', 'must be lowercase letters, digits and single hyphens', slug);
  if (!slug && !slugGiven) add('slug', 'could not be derived from the file name; set slug in front matter', file);

  let type: ArticleType = 'op-ed';
  if (fm.type !== undefined) {
    if (articleTypes.includes(fm.type as ArticleType)) type = fm.type as ArticleType;
    else add('type', `must be one of ${articleTypes.join(', ')}`, fm.type);
  }

  const published = date('date', fm.date, true);
  const updated = date('updated', fm.updated, false);
  if (published && updated && updated.ts < published.ts) add('updated', 'must not be earlier than date', fm.updated);

  let draft = false;
  if (fm.draft !== undefined && typeof fm.draft !== 'boolean') add('draft', 'must be true or false', fm.draft);
  else draft = fm.draft === true;

  if (fm.author !== undefined && fm.authors !== undefined) add('author', 'use either author or authors, not both');
  const authors = list(fm.authors !== undefined ? 'authors' : 'author', fm.authors ?? fm.author);
  if (authors.length === 0 && !problems.some((p) => p.field.startsWith('author'))) {
    add('authors', 'at least one author slug from the author registry is required');
  }
  for (const author of authors) if (!isSlug(author)) add('authors', 'must be author slugs from the registry', author);
  if (new Set(authors).size !== authors.length) add('authors', 'lists the same author twice', authors);

  const tags: string[] = [];
  for (const tag of list('tags', fm.tags)) {
    if (!slugify(tag)) add('tags', 'each tag needs at least one letter or digit', tag);
    else if (!tags.some((t) => slugify(t) === slugify(tag))) tags.push(tag);
  }

  let image: ArticleInput['image'];
  if (fm.image !== undefined) {
    const img = asMapping('image', fm.image, add);
    if (img) {
      const src = text_('image.src', img.src, { required: true });
      if (src && (!/^\/[a-zA-Z0-9._\-/]+$/.test(src) || src.includes('..'))) {
        add('image.src', 'must be a site path under public/, such as /img/rooftops.svg', src);
      }
      image = {
        src,
        alt: text_('image.alt', img.alt, { required: true, max: 300 }),
        caption: text_('image.caption', img.caption),
        credit: text_('image.credit', img.credit, { max: 200 }),
      };
      for (const key of Object.keys(img)) if (!['src', 'alt', 'caption', 'credit'].includes(key)) add(`image.${key}`, 'unknown field');
    }
  }

  let source: ArticleInput['source'];
  if (fm.source !== undefined) {
    const src = asMapping('source', fm.source, add);
    if (src) {
      const display = src.display ?? 'excerpt';
      if (display !== 'full' && display !== 'excerpt') add('source.display', 'must be full or excerpt', display);
      const sourceUrl = url('source.url', src.url);
      if (src.url === undefined) add('source.url', 'is required: the address of the original piece');
      source = {
        publication: text_('source.publication', src.publication, { required: true, max: 200 }),
        section: text_('source.section', src.section, { max: 200 }),
        url: sourceUrl ?? '',
        date: date('source.date', src.date, false)?.iso,
        licence: text_('source.licence', src.licence, { max: 300 }),
        display: display === 'full' ? 'full' : 'excerpt',
      };
      for (const key of Object.keys(src)) {
        if (!['publication', 'section', 'url', 'date', 'licence', 'license', 'display'].includes(key)) add(`source.${key}`, 'unknown field');
      }
      if (src.license !== undefined && src.licence === undefined) source.licence = text_('source.license', src.license);
    }
  }

  const corrections: ArticleInput['corrections'] = [];
  if (fm.corrections !== undefined) {
    if (!Array.isArray(fm.corrections)) add('corrections', 'must be a list of { date, text }', fm.corrections);
    else {
      fm.corrections.forEach((entry: unknown, index: number) => {
        const field = `corrections[${index}]`;
        const c = asMapping(field, entry, add);
        if (!c) return;
        const when = date(`${field}.date`, c.date, true);
        const body = text_(`${field}.text`, c.text, { required: true, max: 2000 });
        if (when && published && when.ts < published.ts) add(`${field}.date`, 'must not be earlier than date', c.date);
        if (when && body) corrections.push({ date: when.iso, text: body });
      });
    }
  }

  let commentsOpen = true;
  if (fm.comments !== undefined) {
    if (fm.comments === 'open' || fm.comments === 'closed') commentsOpen = fm.comments === 'open';
    else add('comments', 'must be open or closed', fm.comments);
  }

  const aliases = list('aliases', fm.aliases);
  for (const alias of aliases) {
    if (!isSlug(alias)) add('aliases', 'must be URL-safe slugs', alias);
    else if (alias === slug) add('aliases', 'must differ from the slug itself', alias);
  }

  const body = parts.body.trim();
  if (!body) add('body', 'is empty: write the piece below the front matter');
  // Checked before anything parses the body as Markdown: past these bounds marked overflows or stalls.
  for (const limit of markdownLimitProblems(parts.body)) {
    problems.push({ file, ...(limit.line !== undefined && { line: parts.bodyLine + limit.line - 1 }), field: 'body', message: limit.message });
  }

  const article: ArticleInput = {
    slug,
    type,
    title,
    dek: text_('dek', fm.dek, { max: 400 }),
    summary: text_('summary', fm.summary, { max: 600 }),
    section: text_('section', fm.section, { max: 80 }),
    publishedAt: published?.iso ?? '',
    updatedAt: updated?.iso,
    draft,
    authors,
    tags,
    authorNote: text_('author_note', fm.author_note, { max: 600 }),
    disclosure: text_('disclosure', fm.disclosure, { max: 600 }),
    image,
    source,
    canonicalUrl: url('canonical', fm.canonical),
    corrections,
    commentsOpen,
    aliases,
    bodyMarkdown: body,
  };
  return problems.length > 0 ? { problems } : { article, problems };
}

function asMapping(
  field: string,
  value: unknown,
  add: (field: string, message: string, value?: unknown) => void,
): Record<string, unknown> | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  add(field, 'must be a mapping of field: value', value);
  return undefined;
}

/** yamlToJs converts a parsed YAML document to plain data, returning (not throwing) the error for bad aliases. */
export function yamlToJs(doc: { toJS(options?: { maxAliasCount?: number }): unknown }): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
