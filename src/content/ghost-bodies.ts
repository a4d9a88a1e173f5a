// Ghost stores a post's body as Lexical (Ghost 5) or Mobiledoc (Ghost 1-4) JSON beside, or instead of, its
// rendered html. Each is read here into blocks of HTML (for htmlToMarkdown) or Markdown (a Markdown card, kept
// as written); node and card types we cannot read are named so the editor is told, never dropped silently.
// Formats: https://lexical.dev/docs/concepts/serialization and https://github.com/bustle/mobiledoc-kit/blob/master/MOBILEDOC.md

import { escapeHtml } from '../html-escape.js';

/** One piece of a body: HTML to convert, or Markdown the author wrote in a Markdown card. */
export type BodyBlock = { html: string } | { markdown: string };

/** What a Lexical or Mobiledoc document gave: its blocks, and the types of what could not be read. */
export interface ReadBody {
  blocks: BodyBlock[];
  unread: string[];
}

type Json = Record<string, unknown>;


function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** figure writes an image card (Lexical or Mobiledoc) as HTML, its caption as text after it. */
function figure(card: Json): string {
  const src = str(card.src);
  if (!src) return '';
  const caption = str(card.caption);
  return `<p><img src="${escapeHtml(src)}" alt="${escapeHtml(str(card.alt))}"></p>${caption ? `<p>${caption}</p>` : ''}`;
}

/** cardBlock reads the cards both formats share (they use the same names and payloads); undefined when unknown. */
function cardBlock(name: string, card: Json): BodyBlock | undefined {
  switch (name) {
    case 'markdown':
    case 'card-markdown':
      return { markdown: str(card.markdown) };
    case 'html':
      return { html: str(card.html) };
    case 'image':
      return { html: figure(card) };
    case 'hr':
    case 'horizontalrule':
      return { html: '<hr>' };
    case 'code':
    case 'codeblock':
      return { html: `<pre><code>${escapeHtml(str(card.code))}</code></pre>` };
    case 'embed':
    case 'bookmark': {
      const url = str(card.url);
      const title = str((card.metadata as Json | undefined)?.title) || url;
      return url ? { html: `<p><a href="${escapeHtml(url)}">${escapeHtml(title)}</a></p>` } : undefined;
    }
    default:
      return undefined;
  }
}

// Lexical text format bits, as Lexical's TextNode stores them.
const textFormats: [number, string][] = [[1, 'strong'], [2, 'em'], [4, 's'], [16, 'code']];

function lexicalInline(nodes: unknown[]): string {
  return nodes
    .map((raw) => {
      const node = raw as Json;
      const type = str(node.type);
      if (type === 'text' || type === 'extended-text') {
        const format = typeof node.format === 'number' ? node.format : 0;
        return textFormats.reduce((html, [bit, tag]) => (format & bit ? `<${tag}>${html}</${tag}>` : html), escapeHtml(str(node.text)));
      }
      if (type === 'linebreak') return '<br>';
      if (type === 'link' || type === 'autolink') return `<a href="${escapeHtml(str(node.url))}">${lexicalInline(list(node.children))}</a>`;
      return lexicalInline(list(node.children));
    })
    .join('');
}

function lexicalNode(node: Json, read: ReadBody): void {
  const type = str(node.type);
  const inline = lexicalInline(list(node.children));
  let html: string | undefined;
  if (type === 'paragraph') html = `<p>${inline}</p>`;
  else if (type === 'heading' || type === 'extended-heading') {
    const tag = /^h[1-6]$/.test(str(node.tag)) ? str(node.tag) : 'h2';
    html = `<${tag}>${inline}</${tag}>`;
  } else if (type === 'quote' || type === 'extended-quote' || type === 'aside') html = `<blockquote><p>${inline}</p></blockquote>`;
  else if (type === 'list') html = lexicalList(node);
  const block = html !== undefined ? { html } : cardBlock(type, node);
  if (block) read.blocks.push(block);
  else read.unread.push(type || '(no type)');
}

function lexicalList(node: Json): string {
  const tag = node.listType === 'number' || node.tag === 'ol' ? 'ol' : 'ul';
  const items = list(node.children).map((raw) => {
    const item = raw as Json;
    const nested = list(item.children).filter((c) => (c as Json).type === 'list');
    const inline = list(item.children).filter((c) => (c as Json).type !== 'list');
    return `<li>${lexicalInline(inline)}${nested.map((n) => lexicalList(n as Json)).join('')}</li>`;
  });
  return `<${tag}>${items.join('')}</${tag}>`;
}

/** readLexical reads a Lexical document (the JSON text Ghost 5 stores in a post's lexical column). */
export function readLexical(text: string): ReadBody | undefined {
  const doc = parseJson(text);
  const root = doc?.root as Json | undefined;
  if (!root || !Array.isArray(root.children)) return undefined;
  const read: ReadBody = { blocks: [], unread: [] };
  for (const node of root.children) lexicalNode(node as Json, read);
  return read;
}

function parseJson(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** mobiledocMarkers writes a run of Mobiledoc markers, opening and closing markups as each marker says. */
function mobiledocMarkers(markers: unknown[], markups: unknown[], atoms: unknown[]): string {
  const open: string[] = [];
  let html = '';
  for (const raw of markers) {
    const [kind, opens, closes, value] = raw as [number, number[], number, unknown];
    for (const index of list(opens)) {
      const [tag, attributes] = (markups[index as number] ?? []) as [string, string[]?];
      const name = /^[a-z]+$/.test(str(tag)) ? tag.toLowerCase() : 'span';
      const attrs = list(attributes);
      const href = attrs[attrs.indexOf('href') + 1];
      html += name === 'a' && attrs.includes('href') ? `<a href="${escapeHtml(str(href))}">` : `<${name}>`;
      open.push(name);
    }
    // An atom (a mention, a soft return) shows its text value; [1, atomIndex, ...] in the marker.
    html += kind === 1 ? escapeHtml(str(((atoms[value as number] ?? []) as unknown[])[1])) : escapeHtml(str(value));
    for (let n = 0; n < (typeof closes === 'number' ? closes : 0); n += 1) html += `</${open.pop()}>`;
  }
  while (open.length > 0) html += `</${open.pop()}>`;
  return html;
}

const mobiledocTags = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'aside', 'pull-quote']);

/** readMobiledoc reads a Mobiledoc document (the JSON text Ghost 1-4 stores in a post's mobiledoc column). */
export function readMobiledoc(text: string): ReadBody | undefined {
  const doc = parseJson(text);
  if (!doc || !Array.isArray(doc.sections)) return undefined;
  const markups = list(doc.markups);
  const atoms = list(doc.atoms);
  const cards = list(doc.cards);
  const read: ReadBody = { blocks: [], unread: [] };
  for (const raw of doc.sections) {
    const section = list(raw);
    const kind = section[0];
    if (kind === 1) {
      const tag = str(section[1]).toLowerCase();
      const inner = mobiledocMarkers(list(section[2]), markups, atoms);
      const html = !mobiledocTags.has(tag) || tag === 'p' ? `<p>${inner}</p>` : /^h/.test(tag) ? `<${tag}>${inner}</${tag}>` : `<blockquote><p>${inner}</p></blockquote>`;
      read.blocks.push({ html });
    } else if (kind === 3) {
      const tag = str(section[1]).toLowerCase() === 'ol' ? 'ol' : 'ul';
      const items = list(section[2]).map((markers) => `<li>${mobiledocMarkers(list(markers), markups, atoms)}</li>`);
      read.blocks.push({ html: `<${tag}>${items.join('')}</${tag}>` });
    } else if (kind === 2) {
      read.blocks.push({ html: figure({ src: section[1] }) });
    } else if (kind === 10) {
      const [name, payload] = list(cards[section[1] as number]) as [string, Json?];
      const block = cardBlock(str(name), payload ?? {});
      if (block) read.blocks.push(block);
      else read.unread.push(`${str(name) || '(unnamed)'} card`);
    } else {
      read.unread.push(`section ${String(kind)}`);
    }
  }
  return read;
}
