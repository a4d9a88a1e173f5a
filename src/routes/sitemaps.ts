import type { Request, Response, NextFunction } from 'express';
import {
  countSitemapEntries,
  findLatestChange,
  findLatestCorrection,
  listNewsArticles,
  listSitemapArticles,
  listSitemapAuthors,
  listSitemapFileDates,
  listSitemapTags,
  type SitemapKind,
} from '../db/sitemaps.js';
import { cacheControl } from '../cache-control.js';
import { httpDate, isOwnUrl, rfc3339 } from '../seo/dates.js';
import { renderNewsSitemap, renderSitemapIndex, renderUrlset, type OmittedUrl, type SitemapUrl } from '../seo/sitemap-xml.js';
import { absoluteUrl, articleUrl, authorUrl, tagUrl } from '../urls.js';
import type { RouteDeps } from './deps.js';
import { surrogateKeyHeader, surrogateKeys } from '../edge-cache/surrogate.js';

/** Sitemap sizes. The protocol allows 50,000 URLs a file; smaller files are cheaper to build per request. */
export interface SitemapLimits {
  urlsPerFile: number;
}

/** defaultSitemapLimits is what the site uses; tests pass smaller files to exercise the index. */
export const defaultSitemapLimits: SitemapLimits = { urlsPerFile: 10_000 };

const fileName = /^(?:(articles|authors|tags)-([1-9]\d{0,5})|pages)\.xml$/;

/**
 * sitemapRoutes serves /sitemap.xml (one urlset, or a sitemap index once the site outgrows one file),
 * the files under /sitemaps/, the Google News sitemap and robots.txt pointing at both.
 */
export function sitemapRoutes({ db, config, now }: Pick<RouteDeps, 'db' | 'config' | 'now'>, limits: SitemapLimits = defaultSitemapLimits) {
  const { siteUrl } = config;
  const perFile = limits.urlsPerFile;

  const send = (res: Response, xml: string, lastmodTs: number | undefined) => {
    res.set('Content-Type', 'application/xml; charset=utf-8');
    if (lastmodTs !== undefined) res.set('Last-Modified', httpDate(lastmodTs));
    res.set('Cache-Control', cacheControl.sitemap);
    res.set(surrogateKeyHeader([surrogateKeys.sitemaps]));
    res.send(xml);
  };
  const pages = (at: number): SitemapUrl[] => {
    const corrected = findLatestCorrection(db, at);
    return [
      { loc: absoluteUrl(siteUrl, '/'), lastmodTs: findLatestChange(db, at) },
      ...(corrected === undefined ? [] : [{ loc: absoluteUrl(siteUrl, '/corrections'), lastmodTs: corrected }]),
    ];
  };
  const slice = (kind: SitemapKind, offset: number, limit: number, at: number): { urls: SitemapUrl[]; omitted: OmittedUrl[] } => {
    if (kind === 'articles') {
      const urls: SitemapUrl[] = [];
      const omitted: OmittedUrl[] = [];
      for (const a of listSitemapArticles(db, offset, limit, at)) {
        const loc = absoluteUrl(siteUrl, articleUrl(a.slug));
        if (a.canonicalUrl && !isOwnUrl(a.canonicalUrl, siteUrl)) omitted.push({ loc, canonicalUrl: a.canonicalUrl });
        else urls.push({ loc, lastmodTs: a.modifiedTs });
      }
      return { urls, omitted };
    }
    const rows = kind === 'authors' ? listSitemapAuthors(db, offset, limit, at) : listSitemapTags(db, offset, limit, at);
    const path = kind === 'authors' ? authorUrl : tagUrl;
    return { urls: rows.map((r) => ({ loc: absoluteUrl(siteUrl, path(r.slug)), lastmodTs: r.modifiedTs })), omitted: [] };
  };
  const newest = (urls: readonly SitemapUrl[]) =>
    urls.reduce<number | undefined>((max, u) => (u.lastmodTs !== undefined && (max === undefined || u.lastmodTs > max) ? u.lastmodTs : max), undefined);

  return {
    index(_req: Request, res: Response) {
      const at = now();
      const counts = countSitemapEntries(db, at);
      const fixed = pages(at);
      if (fixed.length + counts.articles + counts.authors + counts.tags <= perFile) {
        const parts = (['articles', 'authors', 'tags'] as const).map((kind) => slice(kind, 0, perFile, at));
        const urls = [...fixed, ...parts.flatMap((p) => p.urls)];
        return send(res, renderUrlset(urls, parts.flatMap((p) => p.omitted)), newest(urls));
      }
      const files: SitemapUrl[] = [{ loc: absoluteUrl(siteUrl, '/sitemaps/pages.xml'), lastmodTs: newest(fixed) }];
      for (const kind of ['articles', 'authors', 'tags'] as const) {
        listSitemapFileDates(db, kind, perFile, at).forEach((ts, i) => {
          files.push({ loc: absoluteUrl(siteUrl, `/sitemaps/${kind}-${i + 1}.xml`), lastmodTs: ts });
        });
      }
      send(res, renderSitemapIndex(files), newest(files));
    },
    file(req: Request<{ file: string }>, res: Response, next: NextFunction) {
      const match = fileName.exec(req.params.file);
      if (!match) return next();
      const at = now();
      if (!match[1]) {
        const fixed = pages(at);
        return send(res, renderUrlset(fixed), newest(fixed));
      }
      const { urls, omitted } = slice(match[1] as SitemapKind, (Number(match[2]) - 1) * perFile, perFile, at);
      if (urls.length + omitted.length === 0) return next();
      send(res, renderUrlset(urls, omitted), newest(urls));
    },
    news(_req: Request, res: Response) {
      const at = now();
      const items = listNewsArticles(db, at)
        .filter((a) => !a.canonicalUrl || isOwnUrl(a.canonicalUrl, siteUrl))
        .map((a) => ({ loc: absoluteUrl(siteUrl, articleUrl(a.slug)), title: a.title, publishedIso: rfc3339(a.publishedAt) }));
      // Newest first, so the first item dates the whole file; an empty file has no date to give.
      send(res, renderNewsSitemap(items, config.siteName), items[0] && Date.parse(items[0].publishedIso));
    },
    robots(_req: Request, res: Response) {
      res.set('Content-Type', 'text/plain; charset=utf-8');
      res.set('Cache-Control', cacheControl.robots);
      // Search result pages are endless combinations of the same pieces; crawlers should follow links instead.
      res.send(`User-agent: *\nDisallow: /search\n\nSitemap: ${siteUrl}/sitemap.xml\nSitemap: ${siteUrl}/sitemap-news.xml\n`);
    },
  };
}
