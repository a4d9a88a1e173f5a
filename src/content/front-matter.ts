import { parseDocument } from 'yaml';
import type { Problem } from './content-error.js';
import { markdownLimitProblems } from './body-limits.js';
import { articleFields, articleFrom, frontMatterKeys, type ArticleField, type ArticleInput, type FieldReader } from './article-fields.js';
import { parseLocalDate, parseZonedDate, type ZonedDate } from './dates.js';

const knownFields = new Set(frontMatterKeys);

/** splitFrontMatter separates the YAML between the opening and closing `---` lines from the Markdown body. */
export function splitFrontMatter(text: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return undefined;
  const bodyLine = match[0].split('\n').length;
  return { yaml: match[1]!, body: text.slice(match[0].length), bodyLine };
}

/** How to read a piece's front matter beyond what it says itself. */
export interface ParseOptions {
  /**
   * The site's IANA time zone (SITE_TIME_ZONE): dates written without a zone (`2026-10-04`,
   * `2026-10-04 12:00`) are read in it. Without one, a date must name its zone.
   */
  timeZone?: string;
  /**
   * The piece was converted from a source whose authors cannot be asked (a feed, an export): its lead image may
   * lack alt text, kept empty and listed as needing it, as its body images may (body-checks.ts needsAltWarnings).
   */
  fromOutside?: boolean;
}

/**
 * parseArticle validates one Markdown file with YAML front matter. It returns the article, or every
 * problem it found (each naming file and field), never a half-valid article.
 */
export function parseArticle(text: string, file: string, options: ParseOptions = {}): { article?: ArticleInput; problems: Problem[] } {
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

  // Each field is read in table order and sees the fields read before it (updated and date, aliases and slug).
  const values: Partial<ArticleInput> = {};
  const reader: FieldReader = {
    file,
    fm,
    fromOutside: options.fromOutside === true,
    earlier: values,
    problems,
    add,
    text: (field, value, options) => readText(field, value, add, options),
    url: (field, value) => readUrl(field, value, add),
    date: (field, value, required) => readDate(field, value, required, add, options.timeZone),
    list: (field, value) => readList(field, value, add),
    mapping: (field, value) => asMapping(field, value, add),
  };
  const read = (field: ArticleField) => Object.assign(values, { [field.property]: field.read(fm[field.key], reader) });

  for (const field of articleFields) if (!field.checkedLast) read(field);
  const body = parts.body.trim();
  if (!body) add('body', 'is empty: write the piece below the front matter');
  // Checked before anything parses the body as Markdown: past these bounds marked overflows or stalls.
  for (const limit of markdownLimitProblems(parts.body)) {
    problems.push({ file, ...(limit.line !== undefined && { line: parts.bodyLine + limit.line - 1 }), field: 'body', message: limit.message });
  }
  for (const field of articleFields) if (field.checkedLast) read(field);

  if (problems.length > 0) return { problems };
  return { article: articleFrom((field) => values[field.property], body), problems };
}

type Add = (field: string, message: string, value?: unknown) => void;

function readText(field: string, value: unknown, add: Add, { required = false, max = 500 } = {}): string {
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
}

function readUrl(field: string, value: unknown, add: Add): string | undefined {
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
}

// What a date may look like, for the messages: with the site's zone to read them in, the forms Jekyll and Hugo write too.
const zonedForm = 'an ISO 8601 date and time with a time zone, e.g. 2026-10-14T07:30:00-04:00';
const localForms = 'a date (2026-10-14), a date and time (2026-10-14 07:30, read in SITE_TIME_ZONE) or one with a zone (2026-10-14T07:30:00-04:00 or 2026-10-14 07:30:00 -0400)';

function readDate(field: string, value: unknown, required: boolean, add: Add, timeZone: string | undefined): ZonedDate | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) add(field, `is required (${timeZone ? localForms : zonedForm})`);
    return undefined;
  }
  const text = value instanceof Date ? yamlDateText(value) : value;
  const parsed = timeZone ? parseLocalDate(text, timeZone) : parseZonedDate(text);
  if (!parsed) add(field, `must be ${timeZone ? localForms : zonedForm}`, value);
  return parsed;
}

/**
 * yamlDateText turns a date a YAML timestamp type made (an unquoted 2026-10-04 under YAML 1.1 rules) back into
 * what the editor wrote: a date alone (midnight UTC is how YAML reads one) stays a date, to be read in the site's zone.
 */
function yamlDateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return String(date);
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

function readList(field: string, value: unknown, add: Add): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!items || items.some((item) => typeof item !== 'string' && typeof item !== 'number')) {
    add(field, 'must be a list of text items', value);
    return [];
  }
  return items.map((item) => String(item).trim()).filter(Boolean);
}

function asMapping(field: string, value: unknown, add: Add): Record<string, unknown> | undefined {
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
