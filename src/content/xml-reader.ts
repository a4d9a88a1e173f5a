import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Problem } from './content-error.js';

/** A parsed XML element as fast-xml-parser gives it: text, attributes (`@_name`) and child elements. */
export type XmlNode = Record<string, unknown>;

// Elements that may repeat in RSS, Atom and WXR are always arrays, so one item and many read the same way.
const repeated = new Set([
  'item', 'entry', 'category', 'link', 'author', 'contributor', 'wp:author', 'wp:comment', 'wp:postmeta', 'wp:category', 'wp:tag',
]);

const parser = new XMLParser({
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
  // Atom carries HTML either escaped or as inline XHTML: keep those elements raw and decode them by type.
  stopNodes: ['*.entry.content', '*.entry.summary'],
  isArray: (name) => repeated.has(name),
});

/** parseXml checks that text is well-formed XML and parses it, or returns the problem with its line. */
export function parseXml(text: string, file: string): { doc?: XmlNode; problem?: Problem } {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    return { problem: { file, line: valid.err.line, field: 'xml', message: `is not well-formed XML: ${valid.err.msg}` } };
  }
  try {
    return { doc: parser.parse(text) as XmlNode };
  } catch (error) {
    return { problem: { file, field: 'xml', message: `could not be read: ${(error as Error).message.split('\n')[0]}` } };
  }
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
