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
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // An image that says nothing to a screen reader is removed rather than published (WCAG 1.1.1).
  exclusiveFilter: (frame) => frame.tag === 'img' && !(frame.attribs.alt ?? '').trim(),
  // Keep text of unknown wrappers (e.g. <div>, <font>) but drop the content of executable or invisible ones.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'xmp', 'plaintext'],
};

/**
 * sanitizeBodyHtml removes everything outside the allowlist from rendered or imported HTML. An image from
 * another site would be blocked by the page's own Content-Security-Policy (img-src 'self') and show broken,
 * so until images are fetched at import it becomes a link to the image named by its alt text ("image" if it
 * has none), or that text alone inside a link; tracking pixels and images of other schemes are dropped.
 */
export function sanitizeBodyHtml(html: string): string {
  // The sanitiser calls these hooks in document order within this one synchronous call.
  let linkDepth = 0;
  // Images turned into text keep no alt attribute, so the filter that drops images without one must pass them.
  const becameText = new WeakSet<sanitizeHtml.Attributes>();
  const image: sanitizeHtml.Transformer = (tagName, attribs) => {
    const src = (attribs.src ?? '').trim();
    const remote = /^https?:\/\//i.test(src);
    if (isTrackingPixel(attribs) || (!remote && /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(src))) return { tagName: 'img', attribs: {} };
    if (!remote) return { tagName, attribs };
    const text = (attribs.alt ?? '').trim() || 'image';
    const kept: sanitizeHtml.Attributes = linkDepth > 0 ? {} : { href: src };
    becameText.add(kept);
    return { tagName: linkDepth > 0 ? 'span' : 'a', attribs: kept, text };
  };
  return sanitizeHtml(html, {
    ...allowlist,
    transformTags: { img: image },
    exclusiveFilter: (frame) => !becameText.has(frame.attribs) && allowlist.exclusiveFilter!(frame),
    onOpenTag: (name) => void (name === 'a' && (linkDepth += 1)),
    onCloseTag: (name) => void (name === 'a' && (linkDepth = Math.max(0, linkDepth - 1))),
  });
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
