import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Problem } from './content-error.js';

/** A parsed XML element as fast-xml-parser gives it: text, attributes (`@_name`) and child elements. */
export type XmlNode = Record<string, unknown>;

// Elements that may repeat in RSS, Atom and WXR are always arrays, so one item and many read the same way.
const repeated = new Set([
  'item', 'entry', 'category', 'link', 'author', 'contributor', 'wp:author', 'wp:comment', 'wp:postmeta', 'wp:category', 'wp:tag',
]);

const atomNamespaces = ['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#'];

// The names the converters read, by namespace URI: a document may bind any prefix (`<a:feed>`, `<p0:entry>`),
// and may bind a familiar prefix to something else (a newspaper's own `wp:`), so names are resolved through the
// document's xmlns declarations to these. RSS 1.0 and 0.90 elements read as RSS 2.0's, which have no namespace.
const canonicalPrefixes: Record<string, string> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://wellformedweb.org/CommentAPI/': 'wfw',
  'http://search.yahoo.com/mrss/': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
};
const ourPrefixes = new Set([...Object.values(canonicalPrefixes), 'wp', 'excerpt']);

// WordPress has written export/1.0/ to 1.2/ so far; the excerpt namespace sits below it.
const wordPressNamespace = /^https?:\/\/wordpress\.org\/export\/1\.\d+\/(excerpt\/)?$/;

/** declaresWordPress says whether an element binds a prefix to the WordPress export (WXR) namespace. */
export function declaresWordPress(node: XmlNode): boolean {
  return Object.entries(node).some(([key, uri]) => key.startsWith('@_xmlns') && typeof uri === 'string' && wordPressNamespace.test(uri.trim()));
}

function canonicalPrefix(uri: string): string | undefined {
  const wxr = wordPressNamespace.exec(uri);
  if (wxr) return wxr[1] ? 'excerpt' : 'wp';
  return canonicalPrefixes[uri];
}

function parserFor(text: string): XMLParser {
  // Atom carries HTML either escaped or as inline XHTML: keep content and summary raw and decode them by type.
  // Stop nodes are matched by the names as written, so every prefix the document binds to Atom is listed.
  const prefixes = new Set(['']);
  for (const match of text.matchAll(/xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']/g)) {
    if (atomNamespaces.includes(match[2]!.trim())) prefixes.add(match[1] ? `${match[1]}:` : '');
  }
  const stopNodes = [...prefixes].flatMap((entry) => [...prefixes].flatMap((p) => [`*.${entry}entry.${p}content`, `*.${entry}entry.${p}summary`]));
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    // Keep every value as text: a headline of "1984" stays a string.
    parseTagValue: false,
    parseAttributeValue: false,
    // Untrimmed, so the spaces between text and a CDATA section survive ("Before <![CDATA[x]]> after"); xmlText trims.
    trimValues: false,
    htmlEntities: true,
    // Entity definitions in a DOCTYPE are bounded, so a "billion laughs" document cannot exhaust memory.
    processEntities: { enabled: true, maxEntitySize: 10_000, maxTotalExpansions: 10_000, maxExpandedLength: 4_000_000, maxEntityCount: 100 },
    stopNodes,
    isArray: (name) => repeated.has(name) || /:(?:entry|link|author|category)$/.test(name),
  });
}

type Scope = ReadonlyMap<string, string>;

function scopeOf(value: unknown, outer: Scope): Scope {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return outer;
  let scope: Map<string, string> | undefined;
  for (const [key, uri] of Object.entries(value as XmlNode)) {
    if ((key !== '@_xmlns' && !key.startsWith('@_xmlns:')) || typeof uri !== 'string') continue;
    scope ??= new Map(outer);
    scope.set(key === '@_xmlns' ? '' : key.slice(8), uri.trim());
  }
  return scope ?? outer;
}

// An element's name in the converters' terms: its namespace's canonical prefix; a name with no binding as
// written; a name in another namespace as written, unless its prefix is one of ours: then it carries the URI,
// so a newspaper's own `wp:` can never pass for WordPress's.
function canonicalName(name: string, scope: Scope): string {
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const local = name.slice(colon + 1);
  const uri = scope.get(prefix);
  if (uri === undefined) return name;
  const canonical = canonicalPrefix(uri);
  if (canonical !== undefined) return canonical ? `${canonical}:${local}` : local;
  return prefix && ourPrefixes.has(prefix) ? `{${uri}}${local}` : name;
}

function resolveNames(node: XmlNode, scope: Scope): XmlNode {
  const out: XmlNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key.startsWith('#') || key.startsWith('?')) {
      out[key] = value;
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      const inner = scopeOf(item, scope);
      const name = canonicalName(key, inner);
      const resolved = item && typeof item === 'object' ? resolveNames(item as XmlNode, inner) : item;
      const existing = out[name];
      if (existing === undefined) out[name] = Array.isArray(value) ? [resolved] : resolved;
      else out[name] = Array.isArray(existing) ? [...existing, resolved] : [existing, resolved];
    }
  }
  return out;
}

// An ampersand that starts no character or entity reference.
const bareAmpersand = /&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);)/g;

/**
 * parseXml checks that text is well-formed XML and parses it, or returns the problem with its line. Elements
 * come out named by namespace, not by the prefixes the document chose: Atom (1.0, 0.3, or a `<feed>` with no
 * namespace at all) as `atom:…`, RSS 1.0 as RSS 2.0, Dublin Core as `dc:…`, WordPress as `wp:…`.
 */
export function parseXml(text: string, file: string): { doc?: XmlNode; problem?: Problem; warning?: Problem } {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    // Exporters that paste URLs into XML unescaped (`?a=1&b=2`) are common enough that every feed reader and
    // WordPress's own importer accept them; such an ampersand can only mean itself, so it is read as `&amp;`.
    const repaired = text.replace(bareAmpersand, '&amp;');
    if (repaired !== text && XMLValidator.validate(repaired, { allowBooleanAttributes: true }) === true) {
      const { doc, problem } = parseXml(repaired, file);
      const warning = { file, field: 'xml', message: 'has ampersands that are not escaped (such as ?a=1&b=2 in a URL); each was read as the character &' };
      return doc ? { doc, warning } : { problem };
    }
    return { problem: { file, line: valid.err.line, field: 'xml', message: `is not well-formed XML: ${valid.err.msg}` } };
  }
  let parsed: XmlNode;
  try {
    parsed = parserFor(text).parse(text) as XmlNode;
  } catch (error) {
    return { problem: { file, field: 'xml', message: `could not be read: ${(error as Error).message.split('\n')[0]}` } };
  }
  const bareAtom = Boolean(parsed.feed) && typeof parsed.feed === 'object' && !xmlAttr(parsed.feed, 'xmlns');
  return { doc: resolveNames(parsed, new Map(bareAtom ? [['', atomNamespaces[0]!]] : [])) };
}

/** xmlText returns an element's text content, whether it has attributes or not; '' when absent. */
export function xmlText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
  if (Array.isArray(value)) return xmlText(value[0]);
  if (typeof value === 'object') return xmlText((value as XmlNode)['#text']);
  return '';
}

/** xmlAttr returns an attribute of an element, or ''. */
export function xmlAttr(value: unknown, name: string): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const attr = (value as XmlNode)[`@_${name}`];
    return typeof attr === 'string' ? attr.trim() : '';
  }
  return '';
}

/** xmlList returns an element that may repeat as an array of nodes. */
export function xmlList(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => (item !== null && typeof item === 'object' ? (item as XmlNode) : { '#text': String(item) }));
}

const xmlEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** decodeXmlText decodes a raw (unparsed) element body: CDATA sections kept verbatim, entities decoded. */
export function decodeXmlText(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith('<![CDATA[')
        ? part.slice(9, -3)
        : part.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) => {
            if (!name.startsWith('#')) return xmlEntities[name] ?? whole;
            const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : Number(name.slice(1));
            return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
          }),
    )
    .join('')
    .trim();
}
