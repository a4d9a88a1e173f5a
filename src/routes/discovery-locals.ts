import type { Article, Correction, Tag } from '../db/articles.js';
import { listAuthorsOfArticle, type Author } from '../db/authors.js';
import { findAdjacentArticles, listMoreByAuthor } from '../db/related.js';
import { articleModified, articleSeo, authorSeo, homeSeo, siteFacts, tagSeo, type PageSeo } from '../seo/page-meta.js';
import { absoluteUrl } from '../urls.js';
import type { ArticleView } from '../view-models/article.js';
import { toRelatedView, type RelatedView } from '../view-models/related.js';
import type { RouteDeps } from './deps.js';

/** How many other pieces "More from this author" lists. */
export const moreFromAuthorCount = 3;

/**
 * discoveryLocals gathers what the reading pages add for discovery (metadata for the head, and on
 * articles the links onward), so each page handler adds one line to its render call.
 */
export function discoveryLocals({ db, config, now, asset }: Pick<RouteDeps, 'db' | 'config' | 'now' | 'asset'>) {
  const site = siteFacts(config, asset);
  const canonical = (path: string) => absoluteUrl(config.siteUrl, path);
  return {
    /** article returns the article page's metadata and its previous/next and "More from this author" links. */
    article(article: Article, view: ArticleView, corrections: readonly Correction[]): { seo: PageSeo; related: RelatedView } {
      // Byline order both ways, so each author's portrait (issue 19) is the view's at the same place.
      const authors: Author[] = listAuthorsOfArticle(db, article.id).map((a, i) => ({ ...a, portrait: view.authors[i]?.portrait?.src ?? null }));
      const lead = authors[0];
      const more = lead ? listMoreByAuthor(db, lead.id, article.id, moreFromAuthorCount, now()) : [];
      return {
        seo: articleSeo({ view, authors, modified: articleModified(article, corrections), site }),
        related: toRelatedView(findAdjacentArticles(db, article, now()), lead, more, config.timeZone),
      };
    },
    /** home returns the front page's metadata. */
    home(canonicalPath: string): { seo: PageSeo } {
      return { seo: homeSeo(site, canonical(canonicalPath)) };
    },
    /** author returns an author page's metadata and feeds. */
    author(author: Author, canonicalPath: string): { seo: PageSeo } {
      return { seo: authorSeo(author, site, canonical(canonicalPath)) };
    },
    /** tag returns a tag page's metadata and feeds. */
    tag(tag: Tag, canonicalPath: string): { seo: PageSeo } {
      return { seo: tagSeo(tag, site, canonical(canonicalPath)) };
    },
  };
}
