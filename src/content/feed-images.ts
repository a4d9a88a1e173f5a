import { resolveUrl } from './feed-links.js';
import { htmlToText } from './html-to-markdown.js';
import type { FoundImage } from './lead-image.js';
import { isTrackingPixel } from './tracking-pixels.js';
import { xmlAttr, xmlList, xmlText, type XmlNode } from './xml-reader.js';

/** A feed entry's picture, with the element it came from (for messages) and the width it declares (0 when none). */
export interface FeedImage {
  field: string;
  image: FoundImage;
  width: number;
}

// A media object with neither a medium nor a type (The Guardian's media:content) is a picture when its file says so.
const imageFile = /\.(?:jpe?g|png|gif|webp|avif)$/i;

/** A candidate picture: its address, declared width, and the media:* elements that may describe it, nearest first. */
interface Candidate {
  field: string;
  url: string;
  width: number;
  scopes: XmlNode[];
}

function isImage(url: string, type: string, medium = ''): boolean {
  if (medium) return medium.toLowerCase() === 'image';
  if (type) return type.toLowerCase().startsWith('image/');
  try {
    return imageFile.test(new URL(url).pathname);
  } catch {
    return imageFile.test(url.split(/[?#]/)[0]!);
  }
}

function candidate(field: string, node: XmlNode, url: string, scopes: XmlNode[]): Candidate | undefined {
  const [width, height] = [xmlAttr(node, 'width'), xmlAttr(node, 'height')];
  if (!url || isTrackingPixel({ src: url, width, height })) return undefined;
  return { field, url, width: Number.parseInt(width, 10) || 0, scopes: [node, ...scopes] };
}

/** widest is the candidate that declares the greatest width (a feed lists one picture at several sizes), else the first. */
function widest(candidates: (Candidate | undefined)[]): Candidate | undefined {
  return candidates.reduce<Candidate | undefined>((best, c) => (c && (!best || c.width > best.width) ? c : best), undefined);
}

/** described is the first text of these media:* elements in the nearest scope that has one. */
function described(scopes: XmlNode[], names: string[]): string {
  for (const scope of scopes) {
    for (const name of names) {
      const node = xmlList(scope[name])[0];
      const text = xmlText(node);
      if (text) return xmlAttr(node, 'type') === 'html' ? htmlToText(text) : text.replace(/\s+/g, ' ');
    }
  }
  return '';
}

/**
 * feedImage finds an RSS item's or Atom entry's picture, as feed readers do: Media RSS media:content that is an
 * image (medium="image", an image/* type, or an image file), in the item or a media:group, the widest declared;
 * else a media:thumbnail; else an enclosure (RSS `enclosure`, Atom `link rel="enclosure"`) of an image type.
 * Its alt text is the nearest media:description, else media:title; its credit the nearest media:credit.
 * Tracking pixels are passed over; relative addresses are read against the entry's base.
 */
export function feedImage(entry: XmlNode, base: string | undefined): FeedImage | undefined {
  const groups = xmlList(entry['media:group']);
  const placed = [...groups.map((group) => ({ node: group, scopes: [group, entry] })), { node: entry, scopes: [entry] }];
  const contents = placed.flatMap(({ node, scopes }) =>
    xmlList(node['media:content'])
      .filter((c) => isImage(xmlAttr(c, 'url'), xmlAttr(c, 'type'), xmlAttr(c, 'medium')))
      .map((c) => candidate('media:content', c, resolveUrl(xmlAttr(c, 'url'), base), scopes)),
  );
  const thumbnails = placed.flatMap(({ node, scopes }) =>
    xmlList(node['media:thumbnail']).map((t) => candidate('media:thumbnail', t, resolveUrl(xmlAttr(t, 'url'), base), scopes)),
  );
  const enclosures = [
    ...xmlList(entry.enclosure).map((e) => ({ field: 'enclosure', node: e, url: xmlAttr(e, 'url') })),
    ...xmlList(entry['atom:link']).filter((l) => xmlAttr(l, 'rel') === 'enclosure').map((l) => ({ field: 'link', node: l, url: xmlAttr(l, 'href') })),
  ]
    .filter(({ node, url }) => isImage(url, xmlAttr(node, 'type')))
    .map(({ field, node, url }) => candidate(field, node, resolveUrl(url, base), [entry]));
  const chosen = widest(contents) ?? widest(thumbnails) ?? enclosures.find(Boolean);
  if (!chosen) return undefined;
  return {
    field: chosen.field,
    width: chosen.width,
    image: {
      src: chosen.url,
      alt: described(chosen.scopes, ['media:description', 'media:title']),
      credit: described(chosen.scopes, ['media:credit']),
    },
  };
}
