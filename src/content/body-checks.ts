import { Marked } from 'marked';
import type { Problem } from './content-error.js';

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

/**
 * altTextProblems is the alt-text rule every import path applies: one problem per body image without alt
 * text. `bodyLine` (the file line the body starts on) gives each problem its line, when the body is a file's.
 * A body already refused by body-limits.ts (a `body` problem in `earlier`) is not lexed again.
 */
export function altTextProblems(body: string, file: string, earlier: readonly Problem[], bodyLine?: number): Problem[] {
  if (earlier.some((problem) => problem.field === 'body')) return [];
  return findImagesWithoutAlt(body).map((image) => ({
    file,
    ...(bodyLine === undefined ? {} : { line: bodyLine + image.line - 1 }),
    field: 'body',
    message: 'image needs alt text saying what it shows',
    value: image.raw,
  }));
}

/**
 * needsAltWarnings is the alt-text rule for pieces from outside sources (feeds, exports), whose authors cannot
 * be asked: an image without alt text, in the body or the lead image, is kept with an empty alt and listed for
 * an editor to describe (`list --needs-alt`), instead of refusing the piece as altTextProblems and the image
 * field's reader do for the house's own files.
 */
export function needsAltWarnings(body: string, file: string, earlier: readonly Problem[], leadImage?: { src: string; alt: string }): Problem[] {
  const warnings: Problem[] = [];
  if (leadImage && !leadImage.alt) {
    warnings.push({ file, field: 'image.alt', message: 'needs alt text: the lead image was kept with an empty alt; describe it (list --needs-alt)', value: leadImage.src });
  }
  const images = altTextProblems(body, file, earlier);
  if (images.length === 0) return warnings;
  const count = images.length === 1 ? 'an image was kept with an empty alt; describe it' : `${images.length} images were kept with an empty alt; describe them`;
  return [...warnings, { file, field: 'body', message: `needs alt text: ${count} (list --needs-alt)`, value: images[0]!.value }];
}
