import sanitizeHtml from 'sanitize-html';

function resolve(value: string | undefined, base: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(value, base).href;
  } catch {
    return value;
  }
}

/**
 * absoluteUrls rewrites every link and image address in a stored body so it works outside the site: feed
 * readers show the HTML on another origin, where "/img/x.svg" or "#section" would point nowhere.
 * The body already passed content/sanitize.ts at import; this pass keeps every tag and only rewrites URLs,
 * using a real HTML parser rather than patterns over markup.
 */
export function absoluteUrls(html: string, pageUrl: string): string {
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    // Nothing vulnerable survives the import-time allowlist; this only silences the library's warning.
    allowVulnerableTags: true,
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, ...(attribs.href ? { href: resolve(attribs.href, pageUrl)! } : {}) } }),
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, ...(attribs.src ? { src: resolve(attribs.src, pageUrl)! } : {}) } }),
    },
  });
}
