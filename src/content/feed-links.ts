import sanitizeHtml from 'sanitize-html';

/**
 * resolveUrl reads an address from a feed against a base, as feed readers do (RFC 3986): `post/1` under
 * `https://example.org/blog/` is `https://example.org/blog/post/1`. Without a usable base it is returned as given.
 */
export function resolveUrl(href: string, base: string | undefined): string {
  if (!href || !base) return href;
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

/** baseUrl is an element's xml:base resolved against the base around it, or that outer base when it has none. */
export function baseUrl(xmlBase: string, outer: string | undefined): string | undefined {
  if (!xmlBase) return outer;
  const resolved = resolveUrl(xmlBase, outer);
  return /^https?:\/\//i.test(resolved) ? resolved : outer;
}

const urlAttributes: Record<string, string> = { a: 'href', img: 'src', source: 'src', video: 'src', audio: 'src' };

/**
 * absoluteLinks resolves the relative links and image sources of a feed item's HTML against the item's base, so
 * they lead where the publisher meant rather than into our own site. Nothing else in the HTML changes: the
 * site's one sanitiser still runs when the piece is rendered.
 */
export function absoluteLinks(html: string, base: string | undefined): string {
  if (!base || !/\s(?:href|src)\s*=/i.test(html)) return html;
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    parser: { lowerCaseAttributeNames: true },
    transformTags: {
      '*': (tagName, attribs) => {
        const name = urlAttributes[tagName];
        const value = name ? attribs[name] : undefined;
        return { tagName, attribs: value === undefined ? attribs : { ...attribs, [name!]: resolveUrl(value.trim(), base) } };
      },
    },
  });
}
