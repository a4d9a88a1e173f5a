import { htmlLimitProblem } from './body-limits.js';
import type { Problem } from './content-error.js';
import { emptyConversion, type Conversion, type ConversionOptions } from './converted.js';
import { parseFeedDate } from './feed-dates.js';
import { htmlToMarkdown, htmlToText } from './html-to-markdown.js';
import { slugify } from './slug.js';
import { decodeXmlText, xmlAttr, xmlList, xmlText, type XmlNode } from './xml-reader.js';

/** One entry of an RSS or Atom feed, in the terms both share. */
interface FeedEntry {
  title: string;
  link: string;
  dateField: string;
  dateText: string;
  authorNames: string[];
  html: string;
  /** The element html came from, for messages. */
  htmlField: string;
  summaryHtml: string;
  categories: string[];
}

function rssEntries(channel: XmlNode): FeedEntry[] {
  return xmlList(channel.item).map((item) => {
    // RSS <author> is an email address, often with the name in brackets: "jo@example.com (Jo Bloggs)".
    const rssAuthor = xmlText(item.author).replace(/^\S+@\S+\s*\((.*)\)$/, '$1');
    const creator = xmlText(item['dc:creator']) || (rssAuthor.includes('@') ? '' : rssAuthor);
    const pubDate = xmlText(item.pubDate);
    const description = xmlText(item.description);
    return {
      title: xmlText(item.title),
      link: xmlText(item.link),
      dateField: pubDate || !xmlText(item['dc:date']) ? 'pubDate' : 'dc:date',
      dateText: pubDate || xmlText(item['dc:date']),
      authorNames: creator ? [creator] : [],
      html: xmlText(item['content:encoded']) || description,
      htmlField: xmlText(item['content:encoded']) ? 'content:encoded' : 'description',
      summaryHtml: xmlText(item['content:encoded']) ? description : '',
      categories: xmlList(item.category).map((c) => xmlText(c)).filter(Boolean),
    };
  });
}

// Atom text constructs may be text, escaped HTML or inline XHTML; content and summary arrive raw.
function atomHtml(node: unknown): string {
  if (node === undefined) return '';
  const raw = typeof node === 'object' && node !== null ? String((node as XmlNode)['#text'] ?? '') : String(node);
  const type = xmlAttr(node, 'type') || 'text';
  if (type === 'xhtml') return raw.replace(/^\s*<div[^>]*>|<\/div>\s*$/g, '');
  const text = decodeXmlText(raw);
  if (type === 'html') return text;
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    .join('');
}

function atomEntries(feed: XmlNode): FeedEntry[] {
  return xmlList(feed.entry).map((entry) => {
    const links = xmlList(entry.link);
    const alternate = links.find((l) => !xmlAttr(l, 'rel') || xmlAttr(l, 'rel') === 'alternate');
    const published = xmlText(entry.published);
    return {
      title: htmlToText(xmlText(entry.title)),
      link: alternate ? xmlAttr(alternate, 'href') : '',
      dateField: published || !xmlText(entry.updated) ? 'published' : 'updated',
      dateText: published || xmlText(entry.updated),
      authorNames: xmlList(entry.author).map((a) => xmlText(a.name)).filter(Boolean),
      html: atomHtml(entry.content) || atomHtml(entry.summary),
      htmlField: atomHtml(entry.content) ? 'content' : 'summary',
      summaryHtml: entry.content ? atomHtml(entry.summary) : '',
      categories: xmlList(entry.category).map((c) => xmlAttr(c, 'label') || xmlAttr(c, 'term')).filter(Boolean),
    };
  });
}

/** feedKind says whether a parsed XML document is an RSS 2.0 feed, an Atom feed or a WordPress export. */
export function feedKind(doc: XmlNode): 'rss' | 'atom' | 'wxr' | undefined {
  const rss = doc.rss as XmlNode | undefined;
  if (rss && typeof rss === 'object') {
    const channel = rss.channel as XmlNode | undefined;
    const isWxr = Boolean(xmlAttr(rss, 'xmlns:wp')) || (channel !== undefined && 'wp:wxr_version' in channel);
    return isWxr ? 'wxr' : 'rss';
  }
  if (doc.feed && typeof doc.feed === 'object') return 'atom';
  return undefined;
}

/**
 * convertFeed turns each item of an RSS 2.0 or Atom feed into a syndicated piece: source block from the feed
 * title (or --source-name) and the item's link and date, shown as an excerpt unless --display full.
 */
export function convertFeed(doc: XmlNode, kind: 'rss' | 'atom', file: string, options: ConversionOptions): Conversion {
  const result = emptyConversion();
  const root = kind === 'rss' ? ((doc.rss as XmlNode).channel as XmlNode | undefined) : (doc.feed as XmlNode);
  const entries = root ? (kind === 'rss' ? rssEntries(root) : atomEntries(root)) : [];
  const publication = options.sourceName || htmlToText(xmlText(root?.title));
  if (!publication) {
    result.problems.push({ file, field: 'title', message: 'the feed has no title to name the publication; pass --source-name' });
  }
  if (entries.length === 0) {
    result.warnings.push({ file, field: kind === 'rss' ? 'item' : 'entry', message: 'the feed has no items: nothing to import' });
  }
  entries.forEach((entry, index) => {
    const label = `${file} item ${index + 1}`;
    const problems: Problem[] = [];
    const add = (field: string, message: string, value?: unknown) => problems.push({ file: label, field, message, value });

    const title = htmlToText(entry.title);
    if (!title) add('title', 'is missing: every item needs a headline');
    const slug = slugify(title);

    let url = '';
    if (!entry.link) add('link', 'is missing: a syndicated piece needs the address of the original');
    else if (!/^https?:\/\//i.test(entry.link)) add('link', 'must be an absolute http(s) URL; a relative address cannot be followed from our site', entry.link);
    else url = entry.link;

    const date = entry.dateText ? parseFeedDate(entry.dateText) : undefined;
    if (!entry.dateText) add(entry.dateField, 'is missing: the date comes from the item and is never guessed');
    else if (!date) add(entry.dateField, 'must be a date and time with a time zone (RFC 822 or ISO 8601)', entry.dateText);

    let authors = options.authors ?? [];
    if (authors.length === 0) {
      authors = entry.authorNames.map((name) => slugify(name)).filter(Boolean);
      if (authors.length === 0) add('author', 'the item names no author; pass --author with an author slug from the registry');
    }

    // Turndown recurses once per level of nesting: check the HTML's shape before converting it.
    const limit = entry.html ? htmlLimitProblem(entry.html) : undefined;
    if (limit) add(entry.htmlField, limit.message);
    const body = entry.html && !limit ? htmlToMarkdown(entry.html) : '';
    if (!body && !limit) add(kind === 'rss' ? 'description' : 'content', 'is empty: the item has no text to import');

    const summary = entry.summaryHtml ? htmlToText(entry.summaryHtml) : '';
    if (problems.length > 0 || !date) {
      result.problems.push(...problems);
      return;
    }
    result.pieces.push({
      label,
      frontMatter: {
        title,
        slug,
        type: options.type ?? 'op-ed',
        ...(summary && summary.length <= 600 && { summary }),
        ...(options.section && { section: options.section }),
        date: date.iso,
        authors,
        ...(entry.categories.length + (options.tags?.length ?? 0) > 0 && { tags: [...entry.categories, ...(options.tags ?? [])] }),
        source: {
          publication,
          ...(options.sourceSection && { section: options.sourceSection }),
          url,
          date: date.iso,
          display: options.display ?? 'excerpt',
        },
        canonical: url,
      },
      body,
    });
  });
  return result;
}
