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
 * findImagesWithoutAlt lists the Markdown images in a body that have no alt text, so the editor can add it.
 * The site is held to WCAG 2.2 AA; a raw HTML <img> without alt is dropped by the sanitiser instead, since
 * raw HTML mostly arrives from outside (feeds, exports) where the editor cannot be asked.
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
  });
  return found;
}
