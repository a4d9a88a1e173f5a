import sanitizeHtml from 'sanitize-html';
import { isTrackingPixel } from './tracking-pixels.js';

// The one allowlist every piece of imported HTML passes through. Anything not listed here (script, style,
// iframe, object, event handlers, style attributes, javascript:/data:/vbscript: URLs) is dropped.
const allowlist: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'a', 'em', 'strong', 'b', 'i', 'code', 'pre',
    'hr', 'br', 'img', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'del', 'ins',
    'abbr', 'cite', 'q', 'mark', 'small', 's', 'dl', 'dt', 'dd', 'span',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    h2: ['id'], h3: ['id'], h4: ['id'], h5: ['id'], h6: ['id'],
    abbr: ['title'],
    ol: ['start'],
    th: ['align', 'scope'], td: ['align'],
    code: ['class'],
  },
  allowedClasses: { code: [/^language-[a-z0-9+-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // An image left without a source (a tracking pixel, another scheme: see sanitizeBodyHtml) is removed.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  // Keep text of unknown wrappers (e.g. <div>, <font>) but drop the content of executable or invisible ones.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'xmp', 'plaintext'],
};

/**
 * sanitizeBodyHtml removes everything outside the allowlist from rendered or imported HTML. Images keep their
 * reference as written (a file beside the piece, `media/…`, an http(s) address): the import's image step
 * processes them and the page prints each as a <picture> from this site (view-models/body-pictures.ts), so the
 * CSP stays img-src 'self'. Tracking pixels and images of other schemes are dropped.
 */
export function sanitizeBodyHtml(html: string): string {
  const image: sanitizeHtml.Transformer = (tagName, attribs) => {
    const src = (attribs.src ?? '').trim();
    const remote = /^https?:\/\//i.test(src);
    if (isTrackingPixel(attribs) || (!remote && /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(src))) return { tagName: 'img', attribs: {} };
    // An image without alt text is kept with an empty one (WCAG's mark for "no text alternative given"), not
    // lost: pieces from outside are listed as needing alt text (content/body-checks.ts), and the house's own
    // Markdown is refused without it (altTextProblems).
    return { tagName, attribs: { ...attribs, alt: attribs.alt ?? '' } };
  };
  return sanitizeHtml(html, { ...allowlist, transformTags: { img: image } });
}

/** plainText strips all markup, keeping text content: used for word counts and snippets. */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: allowlist.nonTextTags });
}

const plainTextEntities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** decodePlainText turns the five entities plainText and the sanitiser write back into the characters they stand for. */
export function decodePlainText(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => plainTextEntities[entity]!);
}
