import { Marked } from 'marked';

// A plain lexer, without the site's renderer extensions: only the structure of the Markdown matters here.
const scanner = new Marked({ gfm: true });

/** An image in a body that readers of a screen reader would hear nothing for. */
export interface ImageWithoutAlt {
  /** The image as written, e.g. `![](https://example.com/a.png)`. */
  raw: string;
  /** 1-based line within the Markdown given. */
  line: number;
}

/**
 * findImagesWithoutAlt lists the images in a Markdown body (Markdown or HTML <img>) that have no alt text.
 * The site is held to WCAG 2.2 AA, so every image must say what it shows.
 */
export function findImagesWithoutAlt(markdown: string): ImageWithoutAlt[] {
  const found: ImageWithoutAlt[] = [];
  let cursor = 0;
  const at = (raw: string) => {
    const index = markdown.indexOf(raw, cursor);
    if (index >= 0) cursor = index;
    return markdown.slice(0, Math.max(0, index)).split('\n').length;
  };
  scanner.walkTokens(scanner.lexer(markdown), (token) => {
    if (token.type === 'image' && !token.text.trim()) found.push({ raw: token.raw, line: at(token.raw) });
    if (token.type === 'html') {
      for (const match of token.raw.matchAll(/<img\b[^>]*>/gi)) {
        if (!/\balt\s*=\s*("[^"]*\S[^"]*"|'[^']*\S[^']*'|[^\s"'>]+)/i.test(match[0])) found.push({ raw: match[0], line: at(match[0]) });
      }
    }
  });
  return found;
}
