import type { Author } from '../db/authors.js';
import type { ArticleLink } from '../db/related.js';
import { articleUrl, authorUrl } from '../urls.js';
import type { LinkView } from './article.js';
import { dateView, kickerFor, type DateView } from './format.js';

/** A piece shown as a link beside the one being read. */
export interface LinkCardView {
  url: string;
  kicker: string;
  title: string;
  published: DateView;
}

/** The article page's way onward: the neighbouring pieces and more from the (first) author. */
export interface RelatedView {
  older: LinkCardView | null;
  newer: LinkCardView | null;
  moreFrom: { author: LinkView; pieces: LinkCardView[] } | null;
}

/** toLinkCard prepares a piece for a short link list. */
export function toLinkCard(link: ArticleLink, timeZone: string): LinkCardView {
  return { url: articleUrl(link.slug), kicker: kickerFor(link.type), title: link.title, published: dateView(link.publishedAt, timeZone) };
}

/** toRelatedView prepares previous/next links and "More from this author" for the article page. */
export function toRelatedView(
  adjacent: { older: ArticleLink | undefined; newer: ArticleLink | undefined },
  author: Author | undefined,
  more: readonly ArticleLink[],
  timeZone: string,
): RelatedView {
  return {
    older: adjacent.older ? toLinkCard(adjacent.older, timeZone) : null,
    newer: adjacent.newer ? toLinkCard(adjacent.newer, timeZone) : null,
    moreFrom:
      author && more.length > 0
        ? { author: { name: author.name, url: authorUrl(author.slug) }, pieces: more.map((m) => toLinkCard(m, timeZone)) }
        : null,
  };
}
