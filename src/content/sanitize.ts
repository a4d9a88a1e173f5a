import sanitizeHtml from 'sanitize-html';

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

/** sanitizeBodyHtml removes everything outside the allowlist from rendered or imported HTML. */
export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, allowlist);
}

/** plainText strips all markup, keeping text content: used for word counts and snippets. */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: allowlist.nonTextTags });
}
