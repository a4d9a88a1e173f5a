import { imageTextLimits } from './article-fields.js';

/** A lead image as an outside source describes it (a featured image, a feature_image, a feed's media), as text. */
export interface FoundImage {
  src: string;
  alt?: string;
  caption?: string;
  credit?: string;
}

/** How a converter tells the editor about a piece: the field of the source, the message, the value. */
export type Note = (field: string, message: string, value?: unknown) => void;

/**
 * leadImage turns a source's lead image into the front matter's `image` (issue 19): its address, absolute
 * http(s), which the import's image step fetches, and its alt text, caption and credit. A text longer than the
 * field takes is left out with a note rather than refusing the piece for its picture's description; an empty
 * alt is kept empty (the loader lists the piece as needing alt text). An address that is not absolute http(s)
 * names nothing this site can fetch: no image, and a note saying so under `field`.
 */
export function leadImage(found: FoundImage, field: string, note: Note): Record<string, string> | undefined {
  const src = webAddress(found.src);
  if (!src) {
    note(field, 'is not an absolute http(s) address, so the image cannot be fetched: the piece has no lead image; set image in its front matter', found.src);
    return undefined;
  }
  const fitted = (key: keyof typeof imageTextLimits) => {
    const text = (found[key] ?? '').trim();
    if (text.length <= imageTextLimits[key]) return text;
    note(field, `has a ${key} longer than ${imageTextLimits[key]} characters, left out; write a shorter one`, text);
    return '';
  };
  const [alt, caption, credit] = [fitted('alt'), fitted('caption'), fitted('credit')];
  return { src, alt, ...(caption && { caption }), ...(credit && { credit }) };
}

/** webAddress is an absolute http(s) address as the URL parser spells it (spaces escaped), or '' for anything else. */
function webAddress(text: string): string {
  const trimmed = text.trim();
  if (!/^https?:\/\//i.test(trimmed) || !URL.canParse(trimmed)) return '';
  return new URL(trimmed).href;
}
