import type { SourceAuthor } from './converted.js';
import { htmlToText } from './html-to-markdown.js';
import { slugify } from './slug.js';
import { xmlAttr, xmlList, xmlText, type XmlNode } from './xml-reader.js';

/** One byline of a WordPress item: the registry slug it names, and the author to add when the registry lacks it. */
export interface WxrByline {
  slug: string;
  add?: SourceAuthor;
}

/**
 * wxrBylines returns a reader of a WordPress export's bylines. An item names its author by login (dc:creator)
 * and, with the Co-Authors Plus plugin, every author as a `category domain="author"`; the channel's wp:author
 * list maps each login to a display name and email. A login or name the registry already knows keeps that
 * slug (so an editor's `authors add` wins); any other becomes a new author, slugged from the display name. A
 * login that gives no slug is left out, so the caller can say so.
 */
export function wxrBylines(channel: XmlNode, file: string, knownAuthor: (slug: string) => boolean): (item: XmlNode) => WxrByline[] {
  const people = new Map<string, { name: string; email: string }>();
  for (const author of xmlList(channel['wp:author'])) {
    const login = xmlText(author['wp:author_login']).trim();
    if (login) people.set(login, { name: htmlToText(xmlText(author['wp:author_display_name'])), email: xmlText(author['wp:author_email']).trim() });
  }
  const byline = (login: string, shownName: string): WxrByline | undefined => {
    const person = people.get(login);
    const name = person?.name || shownName || login;
    const known = [slugify(login), slugify(name)].filter(Boolean).find(knownAuthor);
    if (known) return { slug: known };
    const slug = slugify(name) || slugify(login);
    if (!slug) return undefined;
    return { slug, add: { slug, name, ...(person?.email && { email: person.email }), label: file } };
  };
  return (item) => {
    // Co-Authors Plus slugs its author terms "cap-<login>" in newer versions and plain "<login>" in older ones.
    const coauthors = xmlList(item.category)
      .filter((c) => xmlAttr(c, 'domain') === 'author')
      .map((c) => ({ login: (xmlAttr(c, 'nicename') ?? '').replace(/^cap-/, ''), name: htmlToText(xmlText(c)) }));
    const named = [{ login: xmlText(item['dc:creator']).trim(), name: '' }, ...coauthors].filter((a) => a.login || a.name);
    const bylines: WxrByline[] = [];
    for (const { login, name } of named) {
      const found = byline(login || name, name);
      if (found && !bylines.some((b) => b.slug === found.slug)) bylines.push(found);
    }
    return bylines;
  };
}
