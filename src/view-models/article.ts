import type { Article, ArticleSummary, Correction, Tag } from '../db/articles.js';
import { absoluteUrl, articleUrl, authorUrl, tagUrl } from '../urls.js';
import { dateView, kickerFor, readingTime, type DateView } from './format.js';

/** Links and labels shared by cards and article pages. */
export interface LinkView {
  name: string;
  url: string;
}

/** What an index card displays. */
export interface CardView {
  url: string;
  kicker: string;
  title: string;
  dek: string;
  authors: LinkView[];
  published: DateView;
  readingTime: string;
  sourcePublication: string | null;
}

/** What the article page displays; every value is ready to print. */
export interface ArticleView extends CardView {
  slug: string;
  type: string;
  section: string;
  summary: string;
  updated: DateView | null;
  bodyHtml: string;
  isExcerpt: boolean;
  image: { src: string; alt: string; caption: string | null; credit: string | null } | null;
  source: { publication: string; section: string | null; url: string; date: DateView | null; licence: string | null } | null;
  authorNote: string;
  disclosure: string;
  tags: LinkView[];
  corrections: (DateView & { text: string })[];
  canonicalUrl: string;
  commentsOpen: boolean;
  wordCount: number;
}

/** toCardView prepares an article summary for an index card. */
export function toCardView(article: ArticleSummary, timeZone: string): CardView {
  return {
    url: articleUrl(article.slug),
    kicker: kickerFor(article.type),
    title: article.title,
    dek: article.dek || article.summary,
    authors: article.authors.map((a) => ({ name: a.name, url: authorUrl(a.slug) })),
    published: dateView(article.publishedAt, timeZone),
    readingTime: readingTime(article.readingMinutes),
    sourcePublication: article.sourcePublication,
  };
}

/** toArticleView prepares a full article, its tags and corrections for the article page. */
export function toArticleView(
  article: Article,
  tags: readonly Tag[],
  corrections: readonly Correction[],
  options: { timeZone: string; siteUrl: string; asset: (path: string) => string },
): ArticleView {
  const { timeZone } = options;
  const isExcerpt = article.sourceDisplay === 'excerpt' && article.excerptHtml !== null;
  return {
    ...toCardView(article, timeZone),
    slug: article.slug,
    type: article.type,
    section: article.section,
    summary: article.summary,
    updated: article.updatedAt ? dateView(article.updatedAt, timeZone) : null,
    bodyHtml: isExcerpt ? article.excerptHtml! : article.bodyHtml,
    isExcerpt,
    image: article.imageSrc
      ? { src: options.asset(article.imageSrc), alt: article.imageAlt ?? '', caption: article.imageCaption, credit: article.imageCredit }
      : null,
    source:
      article.sourcePublication && article.sourceUrl
        ? {
            publication: article.sourcePublication,
            section: article.sourceSection,
            url: article.sourceUrl,
            date: article.sourceDate ? dateView(article.sourceDate, timeZone) : null,
            licence: article.sourceLicence,
          }
        : null,
    authorNote: article.authorNote,
    disclosure: article.disclosure,
    tags: tags.map((t) => ({ name: t.name, url: tagUrl(t.slug) })),
    corrections: corrections.map((c) => ({ ...dateView(c.correctedAt, timeZone), text: c.text })),
    canonicalUrl: article.canonicalUrl ?? absoluteUrl(options.siteUrl, articleUrl(article.slug)),
    commentsOpen: article.commentsOpen,
    wordCount: article.wordCount,
  };
}
