import type { Article, ArticleSummary, Correction, Tag } from '../db/articles.js';
import { absoluteUrl, articleUrl, authorUrl, tagUrl } from '../urls.js';
import { cardName } from '../media/recipe.js';
import { mediaUrl, type StoredImage } from '../media/store.js';
import { dateView, kickerFor, readingTime, type DateView } from './format.js';
import { bodyWithPictures, type BodyImages } from './body-pictures.js';
import { pictureView, shareCardUrl, type PictureView } from './picture.js';

/** Links and labels shared by cards and article pages. */
export interface LinkView {
  name: string;
  url: string;
  /** An author's round portrait in an article's byline (issue 19); absent on cards. */
  portrait?: PictureView | null;
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
  /** The lead image's small variants, when the piece has a processed one (issue 19). */
  picture: PictureView | null;
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
  /**
   * src is the share card (og:image) for a processed image, or the site path as given; picture is the
   * processed image's <picture>, or null for a site path (shown as it is).
   */
  image: { src: string; alt: string; caption: string | null; credit: string | null; picture: PictureView | null } | null;
  source: { publication: string; section: string | null; url: string; date: DateView | null; licence: string | null } | null;
  /** The generated share card's path, for a piece without a lead image (issue 19); null before one is drawn. */
  shareCard: string | null;
  authorNote: string;
  disclosure: string;
  tags: LinkView[];
  corrections: (DateView & { text: string })[];
  canonicalUrl: string;
  commentsOpen: boolean;
  wordCount: number;
}

/** toCardView prepares an article summary for an index card, with its lead image's small variants if it has one. */
export function toCardView(article: ArticleSummary, timeZone: string, image?: StoredImage): CardView {
  return {
    url: articleUrl(article.slug),
    kicker: kickerFor(article.type),
    title: article.title,
    dek: article.dek || article.summary,
    authors: article.authors.map((a) => ({ name: a.name, url: authorUrl(a.slug) })),
    published: dateView(article.publishedAt, timeZone),
    readingTime: readingTime(article.readingMinutes),
    sourcePublication: article.sourcePublication,
    // Alt text is empty: the card's headline, right beside it, is the link and says what the piece is.
    picture: image ? pictureView(image, '', 'card') : null,
  };
}

/** toArticleView prepares a full article, its tags and corrections for the article page. */
export function toArticleView(
  article: Article,
  tags: readonly Tag[],
  corrections: readonly Correction[],
  options: {
    timeZone: string;
    siteUrl: string;
    asset: (path: string) => string;
    image?: StoredImage;
    /** The key of the piece's generated share card, when it has no lead image. */
    shareCardKey?: string;
    /** Authors' processed portraits by slug. */
    portraits?: ReadonlyMap<string, StoredImage>;
    /** The body's processed images, by the reference the body names them with. */
    bodyImages?: BodyImages;
  },
): ArticleView {
  const { timeZone } = options;
  const isExcerpt = article.sourceDisplay === 'excerpt' && article.excerptHtml !== null;
  return {
    ...toCardView(article, timeZone),
    picture: null,
    // The portrait's alt text is empty: the author's name is the link right beside it.
    authors: article.authors.map((a) => {
      const portrait = options.portraits?.get(a.slug);
      return { name: a.name, url: authorUrl(a.slug), portrait: portrait ? pictureView(portrait, '', 'portrait') : null };
    }),
    slug: article.slug,
    type: article.type,
    section: article.section,
    summary: article.summary,
    updated: article.updatedAt ? dateView(article.updatedAt, timeZone) : null,
    bodyHtml: bodyWithPictures(isExcerpt ? article.excerptHtml! : article.bodyHtml, options.bodyImages ?? new Map()),
    isExcerpt,
    // A lead image that is a file or an address shows only once processed: its source is no URL of this site.
    image: article.imageSrc && (options.image || article.imageSrc.startsWith('/'))
      ? {
          src: options.image ? shareCardUrl(options.image) : options.asset(article.imageSrc),
          alt: article.imageAlt ?? '',
          caption: article.imageCaption,
          credit: article.imageCredit,
          picture: options.image ? pictureView(options.image, article.imageAlt ?? '', 'lead') : null,
        }
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
    shareCard: options.shareCardKey ? mediaUrl(options.shareCardKey, cardName) : null,
    authorNote: article.authorNote,
    disclosure: article.disclosure,
    tags: tags.map((t) => ({ name: t.name, url: tagUrl(t.slug) })),
    corrections: corrections.map((c) => ({ ...dateView(c.correctedAt, timeZone), text: c.text })),
    canonicalUrl: article.canonicalUrl ?? absoluteUrl(options.siteUrl, articleUrl(article.slug)),
    commentsOpen: article.commentsOpen,
    wordCount: article.wordCount,
  };
}
