import type { FeedArticle } from '../db/feeds.js';
import { absoluteUrl, articleUrl, authorUrl, tagUrl } from '../urls.js';
import { kickerFor } from '../view-models/format.js';
import { latestChange, rfc3339, type Moment } from '../seo/dates.js';
import { escapeHtml } from '../html-escape.js';
import { absoluteUrls } from './html.js';
import type { StoredImage } from '../media/store.js';
import { bodyForFeed, type BodyImages } from '../view-models/body-pictures.js';
import { plainImage } from '../view-models/picture.js';

/** A link with a label: an author or a tag in a feed. */
export interface FeedLink {
  name: string;
  url: string;
}

/** One feed entry, format-neutral: every URL absolute, every date RFC 3339 with its ms twin. */
export interface FeedEntry {
  /** The permalink on this site: also the entry's id, since it is what readers and services already key on. */
  url: string;
  /** "Opinion: Headline": the kicker travels with the piece so a reader sees it is opinion. */
  title: string;
  headline: string;
  kicker: string;
  summary: string;
  contentHtml: string;
  published: Moment;
  modified: Moment;
  authors: FeedLink[];
  tags: FeedLink[];
  image: { url: string; alt: string } | null;
  /** The original of a syndicated piece, for JSON Feed's external_url and Atom's rel="via". */
  originalUrl: string | null;
}

/** Everything a feed document says about itself. */
export interface FeedDocument {
  title: string;
  description: string;
  /** The HTML page this feed mirrors. */
  homeUrl: string;
  urls: { rss: string; atom: string; json: string };
  /** The latest change of any entry (or of the whole site, for an empty feed). */
  updated: Moment;
  entries: FeedEntry[];
}

/**
 * toFeedEntry prepares one piece for every feed format. Syndicated pieces shown as excerpts carry only
 * the excerpt and a link to the original, exactly as on the page; their attribution travels too.
 */
export function toFeedEntry(
  article: FeedArticle,
  options: { siteUrl: string; asset: (path: string) => string; image?: StoredImage; bodyImages?: BodyImages },
): FeedEntry {
  const { siteUrl } = options;
  const url = absoluteUrl(siteUrl, articleUrl(article.slug));
  const kicker = kickerFor(article.type);
  const isExcerpt = article.sourceDisplay === 'excerpt' && article.excerptHtml !== null;
  // A processed lead image goes as its ordinary variant; one not processed (a public/ path) as it is named.
  const plain = options.image ? plainImage(options.image) : undefined;
  const image = article.imageSrc ? { url: absoluteUrl(siteUrl, plain?.src ?? options.asset(article.imageSrc)), alt: article.imageAlt ?? '' } : null;
  const parts: string[] = [];
  if (image) {
    const size = plain ? ` width="${plain.width}" height="${plain.height}"` : '';
    parts.push(`<figure><img src="${escapeHtml(image.url)}"${size} alt="${escapeHtml(image.alt)}"></figure>`);
  }
  parts.push(absoluteUrls(bodyForFeed(isExcerpt ? article.excerptHtml! : article.bodyHtml, options.bodyImages ?? new Map()), url));
  if (article.sourcePublication && article.sourceUrl) {
    const publication = escapeHtml(article.sourcePublication);
    if (isExcerpt) parts.push(`<p><a href="${escapeHtml(article.sourceUrl)}">Read the full piece at ${publication}</a></p>`);
    parts.push(`<p><em>Originally published in <cite>${publication}</cite>.</em></p>`);
  }
  return {
    url,
    title: `${kicker}: ${article.title}`,
    headline: article.title,
    kicker,
    summary: article.dek || article.summary,
    contentHtml: parts.join('\n'),
    published: { iso: rfc3339(article.publishedAt), ts: article.publishedTs },
    modified: latestChange(article),
    authors: article.authors.map((a) => ({ name: a.name, url: absoluteUrl(siteUrl, authorUrl(a.slug)) })),
    tags: article.tags.map((t) => ({ name: t.name, url: absoluteUrl(siteUrl, tagUrl(t.slug)) })),
    image,
    originalUrl: article.sourceUrl,
  };
}

/** latestEntryChange is the newest modified date among entries, or the fallback for an empty feed. */
export function latestEntryChange(entries: readonly FeedEntry[], fallback: Moment): Moment {
  return entries.reduce<Moment>((latest, entry) => (entry.modified.ts > latest.ts ? entry.modified : latest), entries[0]?.modified ?? fallback);
}
