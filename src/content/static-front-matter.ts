import { parse as parseToml, TomlDate } from 'smol-toml';
import { parseDocument } from 'yaml';
import { yamlToJs } from './front-matter.js';

/** A static-site page's front matter as data, its body, and what went wrong reading the front matter. */
export interface StaticPage {
  data?: Record<string, unknown>;
  body: string;
  /** The front matter's language, for messages: YAML, TOML, JSON or JavaScript. */
  language?: string;
  error?: string;
}

// Opening fences as Hugo (---, +++, a JSON object) and Eleventy (---js, ---json) write them. YAML may also close
// with "...", its end-of-document marker, as Jekyll accepts.
const fences: [RegExp, string, RegExp][] = [
  [/^---[ \t]*\r?\n/, 'YAML', /^(?:---|\.\.\.)[ \t]*$/m],
  [/^\+\+\+[ \t]*\r?\n/, 'TOML', /^\+\+\+[ \t]*$/m],
  [/^---json[ \t]*\r?\n/, 'JSON', /^---[ \t]*$/m],
  [/^---(?:js|javascript)[ \t]*\r?\n/, 'JavaScript', /^---[ \t]*$/m],
];

/**
 * splitStaticPage separates the front matter of a Hugo, Jekyll or Eleventy page from its body and reads it.
 * A page without front matter has no data. JavaScript front matter is never run: only `const name = value;`
 * lines whose value is a JSON literal are read, and anything else is an error to fix by hand.
 */
export function splitStaticPage(text: string): StaticPage {
  const source = text.replace(/^\uFEFF/, '');
  for (const [open, language, close] of fences) {
    const opened = open.exec(source);
    if (!opened) continue;
    const rest = source.slice(opened[0].length);
    // An empty front matter closes on the line right after the opening one.
    const closed = close.exec(rest);
    if (!closed) return { body: source, language, error: `the ${language} front matter is never closed` };
    const raw = rest.slice(0, closed.index);
    const body = rest.slice(closed.index + closed[0].length).replace(/^\r?\n/, '');
    const read = readFrontMatter(raw, language);
    return { ...read, body, language };
  }
  if (source.trimStart().startsWith('{')) return readJsonFrontMatter(source);
  return { body: source };
}

function readFrontMatter(raw: string, language: string): { data?: Record<string, unknown>; error?: string } {
  try {
    if (language === 'TOML') return { data: plainDates(parseToml(raw)) as Record<string, unknown> };
    if (language === 'JSON') return asMapping(JSON.parse(raw || '{}'));
    if (language === 'JavaScript') return readJavaScript(raw);
  } catch (error) {
    return { error: `invalid ${language}: ${(error as Error).message.split('\n')[0]}` };
  }
  const doc = parseDocument(raw, { schema: 'core', prettyErrors: true });
  if (doc.errors.length > 0) return { error: `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}` };
  const data = yamlToJs(doc);
  if (data instanceof Error) return { error: `invalid YAML: ${data.message.split('\n')[0]}` };
  return data === null || data === undefined ? { data: {} } : asMapping(data);
}

/** readJsonFrontMatter reads Hugo's JSON front matter: an object at the top of the file, the body after it. */
function readJsonFrontMatter(source: string): StaticPage {
  const end = source.search(/^\}[ \t]*$/m);
  if (end < 0) return { body: source, language: 'JSON', error: 'the JSON front matter is never closed' };
  try {
    return { ...asMapping(JSON.parse(source.slice(0, end + 1))), body: source.slice(end + 1).replace(/^[ \t]*\r?\n/, ''), language: 'JSON' };
  } catch (error) {
    return { body: source, language: 'JSON', error: `invalid JSON: ${(error as Error).message}` };
  }
}

function asMapping(value: unknown): { data?: Record<string, unknown>; error?: string } {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { data: value as Record<string, unknown> };
  return { error: 'must be a mapping of key: value' };
}

const jsLine = /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(.+?);?$/;

function readJavaScript(raw: string): { data?: Record<string, unknown>; error?: string } {
  const data: Record<string, unknown> = {};
  for (const line of raw.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('//'))) {
    const match = jsLine.exec(line);
    let value: unknown;
    try {
      value = match ? JSON.parse(match[2]!) : undefined;
    } catch {
      value = undefined;
    }
    if (!match || value === undefined) {
      return { error: `JavaScript front matter is not run on import; only lines such as const title = "..."; can be read (got ${JSON.stringify(line.slice(0, 60))}): rewrite it as YAML` };
    }
    data[match[1]!] = value;
  }
  return { data };
}

/** plainDates turns TOML dates into the text they were written as, so every dialect's dates are read alike. */
function plainDates(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString().replace(/\.\d+(?=Z|[+-]\d{2}:\d{2}$|$)/, '');
  if (Array.isArray(value)) return value.map(plainDates);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainDates(v)]));
  return value;
}
