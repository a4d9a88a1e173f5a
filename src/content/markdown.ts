import { Marked, type Token, type TokensList } from 'marked';
import { smartypantsu } from 'smartypants';
import { decodePlainText, plainText, sanitizeBodyHtml } from './sanitize.js';
import { slugify } from './slug.js';

// Ids given out in the document being rendered, so a repeated subheading gets "-2", "-3". marked renders
// synchronously, so one module-level map reset at the start of each render is safe.
let headingIds = new Map<string, number>();

// The id comes from the text a reader sees, not its escaped HTML ("Q&amp;A" gave "q-and-amp-a"), and an
// ampersand or other symbol in a heading is punctuation between words, not the word "and" (issue 18).
function headingId(html: string): string {
  const base = slugify(decodePlainText(plainText(html)).replace(/[&<>]/g, ' ')) || 'section';
  // A numbered id may be some other heading's own ("Part 2" after two "Part"s): count on until one is free.
  let seen = headingIds.get(base) ?? 0;
  let id = seen === 0 ? base : `${base}-${seen + 1}`;
  while (seen > 0 && headingIds.has(id)) id = `${base}-${++seen + 1}`;
  headingIds.set(base, seen + 1);
  if (id !== base) headingIds.set(id, 1);
  return id;
}

// One configured instance for the whole app: GitHub-flavoured Markdown, typographic punctuation, and
// stable ids on subheadings (from their text) so readers can link to a section.
const marked = new Marked({ gfm: true, async: false })
  .use({
    // Typographic punctuation is applied to text tokens only, before escaping, so code, raw HTML and
    // attribute values are never touched (marked-smartypants rewrites the finished HTML, which turned a
    // quote inside an attribute into a curly one and broke the markup).
    walkTokens(token) {
      if (token.type === 'text' && !('tokens' in token && token.tokens)) token.text = typographic(token.text);
    },
    renderer: {
      heading({ tokens, depth }) {
        // The page's <h1> is the headline, so a "# Heading" in a body becomes a subheading.
        const level = Math.max(2, depth);
        const html = this.parser.parseInline(tokens);
        return `<h${level} id="${headingId(html)}">${html}</h${level}>\n`;
      },
    },
  });

/** renderMarkdown turns an article body into sanitised HTML. Called at import time only, never per request. */
export function renderMarkdown(markdown: string): string {
  headingIds = new Map();
  return sanitizeBodyHtml(marked.parse(markdown) as string);
}

/**
 * typographic gives plain-text fields (headline, dek, captions) the same curly quotes and dashes as bodies:
 * "--" becomes an en dash and "---" an em dash, as marked-smartypants does.
 */
export function typographic(text: string): string {
  return text ? smartypantsu(text, '2') : text;
}

/** countWords counts the words a reader would read in rendered HTML. */
export function countWords(html: string): number {
  return countTextWords(plainText(html));
}

/** countTextWords counts the words of text that is already plain (see plainText). */
export function countTextWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)?.length ?? 0;
}

/** readingMinutes estimates reading time at 230 words a minute, never less than one minute. */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / 230));
}

const sentenceEnd = /[.!?…]["'”’)\]]*(?=\s)/g;

// The marks a publisher ends a teaser with: an ellipsis (wire copy's "…read more" becomes one), alone or in
// brackets as WordPress writes it ("[…]", which the HTML converter escapes as "\[…\]").
const publishersCut = /(?:…|\.\.\.)(?:\\?\])?$/;

/**
 * isPublishersExcerpt says whether a body already ends where its publisher cut it, so it is an excerpt as it
 * stands and is shown whole rather than cut a second time.
 */
export function isPublishersExcerpt(markdown: string): boolean {
  return publishersCut.test(markdown.trimEnd());
}

/**
 * renderExcerpt renders the opening of a body, about maxWords long (at most about half the piece), for pieces shown as an excerpt.
 * It cuts between top-level blocks, so a quote, list or table is taken whole or not at all; only a long
 * opening paragraph is cut, and then at the end of a sentence. A trailing subheading is dropped.
 */
export function renderExcerpt(markdown: string, maxWords = 220): string {
  headingIds = new Map();
  const tokens = marked.lexer(markdown);
  // Never give away more than about half a piece, however short it is.
  const targetWords = Math.max(20, Math.min(maxWords, Math.ceil(countWords(markdown) / 2)));
  const kept: Token[] = [];
  let words = 0;
  for (const token of tokens) {
    if (token.type === 'space') continue;
    const tokenWords = countWords(token.raw);
    if (words > 0 && words + tokenWords > targetWords * 1.25) break;
    if (words === 0 && token.type === 'paragraph' && tokenWords > targetWords * 1.5) {
      kept.push(...marked.lexer(cutAtSentence(token.raw, targetWords)));
      words += targetWords;
      break;
    }
    kept.push(token);
    words += tokenWords;
    if (words >= targetWords) break;
  }
  while (kept.length > 1 && kept.at(-1)?.type === 'heading') kept.pop();
  const subset = Object.assign(kept, { links: (tokens as TokensList).links }) as TokensList;
  return sanitizeBodyHtml(marked.parser(subset));
}

function cutAtSentence(text: string, targetWords: number): string {
  let cut = text.length;
  for (const match of text.matchAll(sentenceEnd)) {
    const end = match.index + match[0].length;
    cut = end;
    if (countWords(text.slice(0, end)) >= targetWords) break;
  }
  return text.slice(0, cut);
}
