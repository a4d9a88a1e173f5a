import { escapeHtml } from '../html-escape.js';
import { feedImage, type FeedImage } from './feed-images.js';
import { absoluteLinks, baseUrl, resolveUrl } from './feed-links.js';
import { htmlToText } from './html-to-markdown.js';
import { declaresWordPress, decodeXmlText, xmlAttr, xmlList, xmlText, type XmlNode } from './xml-reader.js';

/** A byline as a feed gives it: a name, and an email address when the feed has one. */
export interface FeedByline {
  name: string;
  email?: string;
}

/** One entry of an RSS (0.9x, 1.0, 2.0) or Atom (0.3, 1.0) feed, in the terms they share, links made absolute. */
export interface FeedEntry {
  title: string;
  link: string;
  dateField: string;
  dateText: string;
  bylines: FeedByline[];
  /** The item's text and, when it has both, its summary, each with the element it came from (for messages). */
  texts: { field: string; html: string }[];
  categories: string[];
  /** The entry's picture (Media RSS, an image enclosure), its address made absolute, when it has one. */
  image?: FeedImage;
}

/** The entries of a feed and what the feed says of itself. */
export interface FeedContents {
  title: string;
  entries: FeedEntry[];
  /** The element a feed's entries are, for messages. */
  entryField: 'item' | 'entry';
}

const xmlBase = (node: unknown) => xmlAttr(node, 'xml:base');

// "jo@example.com (Jo Bloggs)" as RSS asks, "Jo Bloggs <jo@example.com>", a bare address, or just "Jo Bloggs".
function readByline(text: string): FeedByline | undefined {
  const value = text.replace(/\s+/g, ' ').trim();
  const emailFirst = /^(\S+@\S+)\s*\((.+)\)$/.exec(value);
  if (emailFirst) return { name: emailFirst[2]!.trim(), email: emailFirst[1] };
  const nameFirst = /^(.+?)\s*<(\S+@\S+)>$/.exec(value);
  if (nameFirst) return { name: nameFirst[1]!, email: nameFirst[2] };
  if (/^\S+@\S+$/.test(value)) return { name: value.split('@')[0]!, email: value };
  return value ? { name: value } : undefined;
}

function rssBylines(node: XmlNode): FeedByline[] {
  const texts = [...xmlList(node['dc:creator']), ...xmlList(node.author), ...xmlList(node['itunes:author'])].map((n) => xmlText(n));
  return texts.map(readByline).filter((b): b is FeedByline => b !== undefined);
}

function rssEntries(channel: XmlNode, items: XmlNode[], outerBase: string | undefined): FeedEntry[] {
  // The channel's link is the base feed readers use for an item's relative link when no xml:base says otherwise;
  // then the feed's own address, when it was fetched from one.
  const channelLink = resolveUrl(xmlText(xmlList(channel.link)[0]), outerBase);
  const declared = xmlBase(channel) ? baseUrl(xmlBase(channel), outerBase) : undefined;
  const channelBase = declared ?? (/^https?:\/\//i.test(channelLink) ? channelLink : outerBase);
  const channelBylines = rssBylines(channel);
  return items.map((item) => {
    const base = baseUrl(xmlBase(item), channelBase);
    const guid = xmlList(item.guid)[0];
    // A guid is the item's address unless it says it is not (isPermaLink="false").
    const permalink = guid && xmlAttr(guid, 'isPermaLink') !== 'false' ? xmlText(guid) : '';
    const link = xmlText(xmlList(item.link)[0]) || permalink;
    const pubDate = xmlText(item.pubDate);
    const dcDate = xmlText(item['dc:date']);
    const content = xmlText(item['content:encoded']);
    const description = xmlText(item.description);
    const texts = [
      { field: 'content:encoded', html: content },
      { field: 'description', html: description },
    ].filter((t) => t.html);
    const bylines = rssBylines(item);
    return {
      title: xmlText(item.title),
      link: resolveUrl(link, base),
      dateField: pubDate || !dcDate ? 'pubDate' : 'dc:date',
      dateText: pubDate || dcDate,
      bylines: bylines.length > 0 ? bylines : channelBylines,
      texts: texts.map((t) => ({ ...t, html: absoluteLinks(t.html, base) })),
      categories: [...xmlList(item.category), ...xmlList(item['dc:subject'])].map((c) => htmlToText(xmlText(c))).filter(Boolean),
      image: feedImage(item, base),
    };
  });
}

// Atom text constructs may be text, escaped HTML or inline XHTML (Atom 0.3: a MIME type, and mode="escaped" or
// "base64"); content and summary arrive raw from the parser and are decoded here by their type.
function atomHtml(node: unknown): string {
  if (node === undefined) return '';
  const raw = typeof node === 'object' && node !== null ? String((node as XmlNode)['#text'] ?? '') : String(node);
  const type = (xmlAttr(node, 'type') || 'text').toLowerCase();
  const mode = xmlAttr(node, 'mode').toLowerCase();
  if (mode === 'base64') return Buffer.from(decodeXmlText(raw), 'base64').toString('utf8');
  if (type === 'xhtml' || type === 'application/xhtml+xml' || (mode === 'xml' && type.includes('html'))) {
    return raw.replace(/^\s*<(?:[\w.-]+:)?div[^>]*>|<\/(?:[\w.-]+:)?div>\s*$/g, '').trim();
  }
  const text = decodeXmlText(raw);
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return text;
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');
}

function atomBylines(node: XmlNode | undefined): FeedByline[] {
  return xmlList(node?.['atom:author'])
    .map((a) => ({ name: htmlToText(xmlText(a['atom:name'])), email: xmlText(a['atom:email']) || undefined }))
    .filter((b) => b.name);
}

function linkHref(node: XmlNode, rel: string, base: string | undefined): string {
  const links = xmlList(node['atom:link']);
  const alternate = links.find((l) => (xmlAttr(l, 'rel') || 'alternate') === rel && xmlAttr(l, 'href'));
  return alternate ? resolveUrl(xmlAttr(alternate, 'href'), baseUrl(xmlBase(alternate), base)) : '';
}

function atomEntries(feed: XmlNode, outerBase: string | undefined): FeedEntry[] {
  const declaredBase = baseUrl(xmlBase(feed), outerBase);
  // Without an xml:base, a reader resolves against the feed's own address: its self link says what that is.
  const feedPage = linkHref(feed, 'self', declaredBase) || linkHref(feed, 'alternate', declaredBase);
  const feedBase = declaredBase ?? (/^https?:\/\//i.test(feedPage) ? feedPage : undefined);
  const feedBylines = atomBylines(feed);
  return xmlList(feed['atom:entry']).map((entry) => {
    const base = baseUrl(xmlBase(entry), feedBase);
    const published = xmlText(entry['atom:published']) || xmlText(entry['atom:issued']) || xmlText(entry['atom:created']);
    const updated = xmlText(entry['atom:updated']) || xmlText(entry['atom:modified']);
    const bylines = atomBylines(entry);
    const sourceBylines = atomBylines(xmlList(entry['atom:source'])[0]);
    const texts = [
      { field: 'content', html: atomHtml(entry['atom:content']), node: entry['atom:content'] },
      { field: 'summary', html: atomHtml(entry['atom:summary']), node: entry['atom:summary'] },
    ].filter((t) => t.html);
    const id = xmlText(entry['atom:id']);
    return {
      title: htmlToText(xmlText(entry['atom:title'])),
      // With no alternate link, an id that is an http(s) address is the entry's address, as feed readers take it.
      link: linkHref(entry, 'alternate', base) || (/^https?:\/\//i.test(id) ? id : ''),
      dateField: published || !updated ? 'published' : 'updated',
      dateText: published || updated,
      bylines: bylines.length > 0 ? bylines : sourceBylines.length > 0 ? sourceBylines : feedBylines,
      texts: texts.map(({ field, html, node }) => ({ field, html: absoluteLinks(html, baseUrl(xmlBase(node), base)) })),
      categories: xmlList(entry['atom:category']).map((c) => xmlAttr(c, 'label') || xmlAttr(c, 'term')).filter(Boolean),
      image: feedImage(entry, base),
    };
  });
}

/** feedKind says whether a parsed XML document is an RSS feed (0.9x, 1.0 or 2.0), an Atom feed or a WordPress export. */
export function feedKind(doc: XmlNode): 'rss' | 'atom' | 'wxr' | undefined {
  const rss = doc.rss as XmlNode | string | undefined;
  // An empty <rss/> is still an RSS feed, one with nothing in it.
  if (rss === '' || (rss && typeof rss === 'object')) {
    // A WordPress export is known by its namespace (parseXml names those elements wp:), not by a prefix.
    const channel = typeof rss === 'object' ? xmlList(rss.channel)[0] : undefined;
    const isWxr = (typeof rss === 'object' && declaresWordPress(rss)) || [channel, xmlList(channel?.item)[0]].some((node) => node && Object.keys(node).some((key) => key.startsWith('wp:')));
    return isWxr ? 'wxr' : 'rss';
  }
  if (doc['rdf:RDF'] && typeof doc['rdf:RDF'] === 'object') return 'rss';
  if (doc['atom:feed'] && typeof doc['atom:feed'] === 'object') return 'atom';
  return undefined;
}

/**
 * feedContents reads the entries of an RSS or Atom feed (as feedKind told it), and the feed's title. A feed
 * fetched from an address reads its relative links against that address when nothing in it says otherwise.
 */
export function feedContents(doc: XmlNode, kind: 'rss' | 'atom', documentUrl?: string): FeedContents {
  if (kind === 'atom') {
    const feed = doc['atom:feed'] as XmlNode;
    return { title: htmlToText(xmlText(feed['atom:title'])), entries: atomEntries(feed, documentUrl), entryField: 'entry' };
  }
  // RSS 1.0 (RDF) puts the items beside the channel, not in it.
  const root = xmlList(doc.rss ?? doc['rdf:RDF'])[0] ?? {};
  const channel = xmlList(root.channel)[0] ?? {};
  const items = [...xmlList(channel.item), ...xmlList(root.item)];
  return { title: htmlToText(xmlText(channel.title)), entries: rssEntries(channel, items, baseUrl(xmlBase(root), documentUrl)), entryField: 'item' };
}
