import { element, xmlComment } from '../xml-writer.js';
import { utcDateTime } from './dates.js';

/** One <url> of a sitemap: an absolute address and when its page last changed (epoch ms), if known. */
export interface SitemapUrl {
  loc: string;
  lastmodTs: number | undefined;
}

/** A page left out of the sitemap on purpose, named in a comment so the omission is never silent. */
export interface OmittedUrl {
  loc: string;
  canonicalUrl: string;
}

const head = '<?xml version="1.0" encoding="utf-8"?>';

function url(entry: SitemapUrl, tag: 'url' | 'sitemap'): string {
  const lastmod = entry.lastmodTs === undefined ? '' : element('lastmod', utcDateTime(entry.lastmodTs));
  return `<${tag}>${element('loc', entry.loc)}${lastmod}</${tag}>`;
}

/**
 * renderUrlset writes a sitemaps.org urlset. Syndicated copies whose canonical URL is on another site are
 * not listed (a sitemap lists canonical URLs only); each is named in an XML comment instead.
 */
export function renderUrlset(urls: readonly SitemapUrl[], omitted: readonly OmittedUrl[] = []): string {
  return [
    head,
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map((entry) => url(entry, 'url')),
    ...omitted.map((o) => `<!--${xmlComment(`not listed: ${o.loc} is a syndicated copy; its canonical URL is ${o.canonicalUrl}`)}-->`),
    '</urlset>',
    '',
  ].join('\n');
}

/** renderSitemapIndex writes a sitemaps.org sitemapindex pointing at each sitemap file. */
export function renderSitemapIndex(files: readonly SitemapUrl[]): string {
  return [head, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...files.map((f) => url(f, 'sitemap')), '</sitemapindex>', ''].join('\n');
}

/** One piece in a Google News sitemap. */
export interface NewsUrl {
  loc: string;
  title: string;
  publishedIso: string;
}

/** renderNewsSitemap writes a Google News sitemap (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap). */
export function renderNewsSitemap(items: readonly NewsUrl[], publication: string): string {
  return [
    head,
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...items.map(
      (item) =>
        `<url>${element('loc', item.loc)}<news:news><news:publication>${element('news:name', publication)}` +
        `${element('news:language', 'en')}</news:publication>${element('news:publication_date', item.publishedIso)}` +
        `${element('news:title', item.title)}</news:news></url>`,
    ),
    '</urlset>',
    '',
  ].join('\n');
}
