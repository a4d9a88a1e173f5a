import sanitizeHtml from 'sanitize-html';
import TurndownService from 'turndown';
import { decodePlainText, plainText } from './sanitize.js';
import { isTrackingPixel } from './tracking-pixels.js';

// One configured converter: the house Markdown style (ATX subheadings, fenced code, "-" bullets), so
// converted pieces read like pieces written here.
const turndown = new TurndownService({
  headingStyle: 'atx',
  codeBlockStyle: 'fenced',
  bulletListMarker: '-',
  emDelimiter: '*',
  strongDelimiter: '**',
  hr: '---',
});

// Turndown escapes Markdown punctuation in text but not "<" or "&": text that reads "<script>" or "&copy;"
// would otherwise come back as HTML or an entity when rendered.
const escapeMarkdown = turndown.escape.bind(turndown);
turndown.escape = (text: string) => escapeMarkdown(text).replace(/</g, '\\<').replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;');

// Executable and invisible elements go with their content: their text is not part of the piece.
const removed = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'textarea', 'select', 'form']);
turndown.remove((node) => removed.has(node.nodeName.toLowerCase()));

// An image from outside is fetched at import by its http(s) address (publishing/article-images.ts); one with
// any other reference (a path on the old site, data:) names nothing this site can fetch and is dropped here
// rather than left as a broken image.
turndown.addRule('imageWithoutWebSource', {
  filter: (node) => node.nodeName === 'IMG' && !/^https?:\/\//i.test(node.getAttribute('src') ?? ''),
  replacement: () => '',
});

// A tracking pixel is not part of the piece (tracking-pixels.ts has the rule); any other image is kept, with
// an empty alt when it has none, for the editor to describe (the import lists it as needing alt text).
turndown.addRule('trackingPixel', {
  filter: (node) =>
    node.nodeName === 'IMG' &&
    isTrackingPixel({ src: node.getAttribute('src') ?? '', width: node.getAttribute('width') ?? '', height: node.getAttribute('height') ?? '' }),
  replacement: () => '',
});

/**
 * htmlToMarkdown converts HTML from a feed or a WordPress export to Markdown. It never passes HTML through:
 * unknown elements become their text. The Markdown is then rendered by renderMarkdown, whose output passes the
 * site's one sanitiser like every other body.
 */
export function htmlToMarkdown(html: string): string {
  return turndown.turndown(html).trim();
}

/** htmlToText gives the text of an HTML fragment (a feed headline, an excerpt) as plain characters, spaces collapsed. */
export function htmlToText(html: string): string {
  return decodePlainText(plainText(html))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * nameFromMarkup gives the name a person typed, when it may be markup (a WordPress commenter's): tags stripped
 * with the text of every element kept, even a <script>'s, since a name is only ever shown escaped; a name that
 * is nothing but a tag ("<Jo Bloggs>") keeps what was inside the brackets rather than becoming empty.
 */
export function nameFromMarkup(raw: string): string {
  const text = decodePlainText(sanitizeHtml(raw, { allowedTags: [], allowedAttributes: {}, nonTextTags: [] }))
    .replace(/\s+/g, ' ')
    .trim();
  return text || raw.replace(/[<>/]+/g, ' ').replace(/\s+/g, ' ').trim();
}
