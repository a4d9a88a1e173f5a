import { safeJson } from '../http/safe-json.js';
import type { FeedDocument } from './entries.js';

/**
 * renderJsonFeed writes a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/), with "<" and ">"
 * escaped (safeJson): no text of a piece appears in the stored body as markup (issue 17).
 */
export function renderJsonFeed(feed: FeedDocument): string {
  const document = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.urls.json,
    description: feed.description,
    language: 'en',
    items: feed.entries.map((entry) => ({
      id: entry.url,
      url: entry.url,
      ...(entry.originalUrl ? { external_url: entry.originalUrl } : {}),
      title: entry.title,
      content_html: entry.contentHtml,
      ...(entry.summary ? { summary: entry.summary } : {}),
      ...(entry.image ? { image: entry.image.url } : {}),
      date_published: entry.published.iso,
      date_modified: entry.modified.iso,
      authors: entry.authors.map((author) => ({ name: author.name, url: author.url })),
      tags: entry.tags.map((tag) => tag.name),
    })),
  };
  return `${safeJson(document, 2)}\n`;
}
