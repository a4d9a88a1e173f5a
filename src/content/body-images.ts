import { decodePlainText } from './sanitize.js';

/** An image of a rendered body as the sanitiser wrote it: its reference and alt text, entities decoded. */
export interface BodyImage {
  src: string;
  alt: string;
}

// The sanitiser writes every attribute as name="value" with '"', '&', '<' and '>' as entities, so its output can
// be read with a pattern; anything else (raw HTML from outside) never reaches a stored body without passing it.
const tagsThatMatter = /<a\b[^>]*>|<\/a>|<img\b[^>]*>/g;
const attribute = /\s([a-z-]+)="([^"]*)"/g;

function readImage(tag: string): BodyImage {
  const attributes = new Map<string, string>();
  for (const [, name, value] of tag.matchAll(attribute)) attributes.set(name!, decodePlainText(value!));
  return { src: (attributes.get('src') ?? '').trim(), alt: attributes.get('alt') ?? '' };
}

/** bodyImageRefs lists the distinct image references of a sanitised body, in the order a reader meets them. */
export function bodyImageRefs(html: string): string[] {
  const refs = new Set<string>();
  for (const [tag] of html.matchAll(tagsThatMatter)) if (tag.startsWith('<img')) refs.add(readImage(tag).src);
  refs.delete('');
  return [...refs];
}

/**
 * replaceBodyImages gives each <img> of a sanitised body the markup `replace` returns for it; `inLink` says
 * whether the image sits inside a link, where another link may not go.
 */
export function replaceBodyImages(html: string, replace: (image: BodyImage, inLink: boolean) => string): string {
  let linkDepth = 0;
  return html.replace(tagsThatMatter, (tag) => {
    if (tag === '</a>') linkDepth = Math.max(0, linkDepth - 1);
    else if (tag.startsWith('<a')) linkDepth += 1;
    else return replace(readImage(tag), linkDepth > 0);
    return tag;
  });
}
