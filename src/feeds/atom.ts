import type { FeedDocument } from './entries.js';
import { attrs, element } from '../xml-writer.js';

/** renderAtom writes an Atom 1.0 (RFC 4287) document with full HTML content and every author. */
export function renderAtom(feed: FeedDocument): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    element('id', feed.urls.atom),
    element('title', feed.title),
    element('subtitle', feed.description),
    element('updated', feed.updated.iso),
    `<link${attrs({ rel: 'self', type: 'application/atom+xml', href: feed.urls.atom })}/>`,
    `<link${attrs({ rel: 'alternate', type: 'text/html', href: feed.homeUrl })}/>`,
  ];
  for (const entry of feed.entries) {
    lines.push(
      '<entry>',
      element('id', entry.url),
      element('title', entry.title),
      `<link${attrs({ rel: 'alternate', type: 'text/html', href: entry.url })}/>`,
      entry.originalUrl ? `<link${attrs({ rel: 'via', href: entry.originalUrl })}/>` : '',
      element('published', entry.published.iso),
      element('updated', entry.modified.iso),
      ...entry.authors.map((author) => `<author>${element('name', author.name)}${element('uri', author.url)}</author>`),
      ...entry.tags.map((tag) => `<category${attrs({ term: tag.name, label: tag.name })}/>`),
      element('summary', entry.summary, { type: 'text' }),
      element('content', entry.contentHtml, { type: 'html' }),
      '</entry>',
    );
  }
  lines.push('</feed>');
  return `${lines.filter(Boolean).join('\n')}\n`;
}
