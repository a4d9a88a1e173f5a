import type { Config } from '../config.js';
import { commentSectionView, type CommentSectionView } from '../comments/view.js';
import type { Article } from '../db/articles.js';
import type { PageSeo } from '../seo/page-meta.js';
import { toArticleView, type ArticleView } from '../view-models/article.js';
import type { BodyImages } from '../view-models/body-pictures.js';
import type { StoredImage } from '../media/store.js';
import { dateView, type DateView } from '../view-models/format.js';
import type { PreviewPiece, PreviewState } from './source.js';

/** What the "Preview — not published" band says. */
export interface PreviewBandView {
  /** One sentence on what this is: a draft, scheduled, an edit not yet imported. */
  status: string;
  /** When the link stops working (a link preview), or null (the writer's local preview). */
  expires: DateView | null;
}

/** Everything pages/article needs to show a preview, beyond the site's own locals. */
export interface PreviewLocals {
  title: string;
  description: string;
  article: ArticleView;
  seo: PageSeo;
  comments: CommentSectionView;
  preview: PreviewBandView;
  liveSlot: (name: string) => string;
}

// Said once per page, so every word is the writer's or the desk's to act on.
const statusLines: Record<PreviewState, (piece: PreviewPiece, timeZone: string) => string> = {
  draft: () => 'This is a draft: it is not scheduled to run.',
  scheduled: (piece, timeZone) => `This piece is scheduled to run on ${dateView(piece.record.publishedAt, timeZone).label}.`,
  edit: () => 'These are changes to a published piece that have not been imported yet; readers still see the published version.',
  published: () => 'This piece is already published; this is how it reads now.',
  unimported: () => 'This piece has not been imported yet; importing it as it stands publishes it at once.',
};

const expiryFormats = new Map<string, Intl.DateTimeFormat>();
function expiryView(ts: number, timeZone: string): DateView {
  let format = expiryFormats.get(timeZone);
  if (!format) expiryFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone })));
  return { iso: new Date(ts).toISOString(), label: format.format(ts) };
}

function articleOf(piece: PreviewPiece): Article {
  const { record } = piece;
  return {
    // A preview has no row of its own: nothing on the page (no counter, no comments) looks the id up.
    id: 0,
    slug: record.slug,
    type: record.type,
    title: record.title,
    dek: record.dek,
    summary: record.summary,
    section: record.section,
    publishedAt: record.publishedAt,
    publishedTs: record.publishedTs,
    readingMinutes: record.readingMinutes,
    sourcePublication: record.sourcePublication,
    authors: piece.authors,
    bodyHtml: record.bodyHtml,
    excerptHtml: record.excerptHtml,
    updatedAt: record.updatedAt,
    updatedTs: record.updatedTs,
    draft: record.draft === 1,
    authorNote: record.authorNote,
    disclosure: record.disclosure,
    imageSrc: record.imageSrc,
    imageAlt: record.imageAlt,
    imageCaption: record.imageCaption,
    imageCredit: record.imageCredit,
    sourceSection: record.sourceSection,
    sourceUrl: record.sourceUrl,
    sourceDate: record.sourceDate,
    sourceLicence: record.sourceLicence,
    sourceDisplay: record.sourceDisplay as Article['sourceDisplay'],
    canonicalUrl: record.canonicalUrl,
    commentsOpen: record.commentsOpen === 1,
    wordCount: record.wordCount,
  };
}

/**
 * inertComments is the comments section as readers will first see it (the real form, no comments yet), marked
 * inert: the template prints it disabled, without a token or an address to post to.
 */
function inertComments(article: Article, config: Config, now: number): CommentSectionView {
  // No token: the template prints none for an inert form, so nothing here could be posted.
  return { ...commentSectionView({ config, article, now, query: {}, approved: [], replyTo: null, formToken: '' }), inert: true };
}

/**
 * previewLocals prepares a preview for the real article template: the piece as readers will see it, a band
 * saying it is not published, noindex and no JSON-LD, no related links, no counter, and an inert comment form.
 */
export function previewLocals(
  piece: PreviewPiece,
  options: { config: Config; asset: (path: string) => string; now: number; expiresTs?: number; images?: { lead?: StoredImage; body?: BodyImages } },
): PreviewLocals {
  const { config, asset } = options;
  const article = articleOf(piece);
  const tags = piece.record.tags.map((tag) => ({ id: 0, ...tag }));
  const corrections = piece.record.corrections.map(({ correctedAt, text }) => ({ correctedAt, text }));
  const view = toArticleView(article, tags, corrections, {
    timeZone: config.timeZone,
    siteUrl: config.siteUrl,
    asset,
    image: options.images?.lead,
    bodyImages: options.images?.body,
  });
  return {
    title: `Preview: ${view.title} | ${view.kicker}`,
    description: view.dek || view.summary,
    article: view,
    // Not published, so nothing for search engines or link unfurlers: no Open Graph, no JSON-LD, no feeds.
    seo: { meta: [], jsonLd: [], feeds: [], robots: 'noindex, nofollow' },
    comments: inertComments(article, config, options.now),
    preview: {
      status: piece.fileProblems.length > 0
        ? `${statusLines[piece.state](piece, config.timeZone)} Its file has problems an import would refuse, so this is the version last imported.`
        : statusLines[piece.state](piece, config.timeZone),
      expires: options.expiresTs === undefined ? null : expiryView(options.expiresTs, config.timeZone),
    },
    // The counter and the form token are per-reader fragments of stored pages; a preview has neither.
    liveSlot: () => '',
  };
}
