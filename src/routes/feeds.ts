import type { Request, Response, NextFunction } from 'express';
import { findTag } from '../db/articles.js';
import { findAuthor } from '../db/authors.js';
import { findLatestChange } from '../db/sitemaps.js';
import { listFeedArticles, type FeedScope } from '../db/feeds.js';
import { latestEntryChange, toFeedEntry, type FeedDocument } from '../feeds/entries.js';
import { renderAtom } from '../feeds/atom.js';
import { renderJsonFeed } from '../feeds/json-feed.js';
import { renderRss } from '../feeds/rss.js';
import { httpDate, utcDateTime } from '../seo/dates.js';
import { absoluteUrl, authorUrl, feedPaths, tagUrl } from '../urls.js';
import { cacheControl } from '../cache-control.js';
import { listingKeys, surrogateKeys } from '../edge-cache/surrogate.js';
import type { RouteDeps } from './deps.js';
import { bodyImages, leadImages } from './lead-images.js';

/** How many pieces each feed carries: about two weeks of the opinion section. */
export const feedLength = 20;

const formats = {
  xml: { type: 'application/rss+xml; charset=utf-8', render: renderRss },
  atom: { type: 'application/atom+xml; charset=utf-8', render: renderAtom },
  json: { type: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
} as const;

type FormatName = keyof typeof formats;

/** A feed ready to write, with the pieces in it (for its surrogate keys). */
interface BuiltFeed {
  feed: FeedDocument;
  pieces: readonly { slug: string }[];
}

function isFormat(value: string): value is FormatName {
  return Object.hasOwn(formats, value);
}

/**
 * feedRoutes serves RSS 2.0 (feed.xml), Atom (feed.atom) and JSON Feed (feed.json) for the whole site,
 * each author and each tag. The page cache answers 304 when If-None-Match matches the feed's ETag;
 * Last-Modified is the newest change in the feed.
 */
export function feedRoutes({ db, config, now, asset, media, pages }: RouteDeps) {
  // Feeds go through the page cache like pages: rendered once per change, kept compressed, with an ETag.
  // Surrogate keys: the feed's owner (feeds for the site, or the author or tag) and each piece in it.
  const send = (req: Request, res: Response, format: FormatName, { feed, pieces }: BuiltFeed, owner: string) => {
    pages.send(req, res, formats[format].render(feed), {
      key: req.path,
      type: formats[format].type,
      policy: cacheControl.feed,
      headers: { 'Last-Modified': httpDate(feed.updated.ts), ...listingKeys(owner, pieces) },
    });
  };
  const build = (scope: FeedScope, base: string, title: string, description: string): BuiltFeed => {
    const rows = listFeedArticles(db, scope, feedLength, now());
    const ids = rows.map((a) => a.id);
    const [images, bodies] = [leadImages(db, media, ids), bodyImages(db, media, ids)];
    const entries = rows.map((a) => toFeedEntry(a, { siteUrl: config.siteUrl, asset, image: images.get(a.id), bodyImages: bodies.get(a.id) }));
    const paths = feedPaths(base);
    const fallbackTs = findLatestChange(db, now()) ?? 0;
    const feed: FeedDocument = {
      title,
      description,
      homeUrl: absoluteUrl(config.siteUrl, base),
      urls: { rss: absoluteUrl(config.siteUrl, paths.rss), atom: absoluteUrl(config.siteUrl, paths.atom), json: absoluteUrl(config.siteUrl, paths.json) },
      updated: latestEntryChange(entries, { iso: utcDateTime(fallbackTs), ts: fallbackTs }),
      entries,
    };
    return { feed, pieces: rows };
  };
  return {
    site(req: Request<{ format: string }>, res: Response, next: NextFunction) {
      const { format } = req.params;
      if (!isFormat(format)) return next();
      send(req, res, format, build({ kind: 'site' }, '/', config.siteName, config.siteDescription), surrogateKeys.feeds);
    },
    author(req: Request<{ slug: string; format: string }>, res: Response, next: NextFunction) {
      const { format } = req.params;
      const author = isFormat(format) ? findAuthor(db, req.params.slug) : undefined;
      if (!author || !isFormat(format)) return next();
      const title = `${author.name} | ${config.siteName}`;
      send(req, res, format, build({ kind: 'author', authorId: author.id }, authorUrl(author.slug), title, `Opinion pieces by ${author.name}.`), surrogateKeys.author(author.slug));
    },
    tag(req: Request<{ slug: string; format: string }>, res: Response, next: NextFunction) {
      const { format } = req.params;
      const tag = isFormat(format) ? findTag(db, req.params.slug) : undefined;
      if (!tag || !isFormat(format)) return next();
      const feed = build({ kind: 'tag', tagId: tag.id }, tagUrl(tag.slug), `${tag.name} | ${config.siteName}`, `Opinion pieces tagged ${tag.name}.`);
      // Like the tag page, a tag with nothing public has no feed.
      if (feed.feed.entries.length === 0) return next();
      send(req, res, format, feed, surrogateKeys.tag(tag.slug));
    },
  };
}
