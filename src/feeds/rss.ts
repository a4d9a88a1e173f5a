import { httpDate } from '../seo/dates.js';
import type { FeedDocument } from './entries.js';
import { escapeHtml } from '../html-escape.js';
import { attrs, element } from '../xml-writer.js';

/**
 * renderRss writes an RSS 2.0 document: the dek or summary in description, the full HTML in
 * content:encoded, one dc:creator per author (RSS's own <author> must be an email address, and we never
 * publish authors' addresses) and one category per tag.
 */
export function renderRss(feed: FeedDocument): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    element('title', feed.title),
    element('link', feed.homeUrl),
    element('description', feed.description),
    element('language', 'en'),
    element('lastBuildDate', httpDate(feed.updated.ts)),
    `<atom:link${attrs({ href: feed.urls.rss, rel: 'self', type: 'application/rss+xml' })}/>`,
  ];
  for (const entry of feed.entries) {
    lines.push(
      '<item>',
      element('title', entry.title),
      element('link', entry.url),
      element('guid', entry.url, { isPermaLink: 'true' }),
      element('pubDate', httpDate(entry.published.ts)),
      // An item's description is the one RSS element readers render as HTML (RSS Best Practices Profile,
      // https://www.rssboard.org/rss-profile#element-channel-item-description), and our summary is plain text.
      element('description', escapeHtml(entry.summary)),
      element('content:encoded', entry.contentHtml),
      ...entry.authors.map((author) => element('dc:creator', author.name)),
      ...entry.tags.map((tag) => element('category', tag.name, { domain: tag.url })),
      '</item>',
    );
  }
  lines.push('</channel>', '</rss>');
  return `${lines.filter(Boolean).join('\n')}\n`;
}
