import { signPreviewToken } from '../../src/preview/token.js';
import { previewUrl } from '../../src/urls.js';
import { fixedNow } from '../helpers/site.js';

/**
 * The one list of pages the browser suite visits. Every check (axe, keyboard, validity, hygiene) runs over
 * it, so a new page type is covered by adding one entry here.
 */
export interface PageSpec {
  /** A short name used in test titles and screenshot and file names. */
  readonly name: string;
  /** The path on the test site, query string included. */
  readonly path: string;
  /** The HTTP status the page must answer with. */
  readonly status: number;
  /** What the page's one h1 must say. */
  readonly h1: RegExp;
}

/**
 * The browser suite's sites sign with this key (COMMENT_SECRET), so a preview link, which needs a token, can
 * stand in this list like any other page.
 */
export const browserSiteEnv = { COMMENT_SECRET: 'browser-suite-secret-of-at-least-32-characters' };

/** A preview link to the fixtures' draft, valid at the test sites' clock (issue 20). */
export const draftPreview = previewUrl(
  signPreviewToken(browserSiteEnv.COMMENT_SECRET, { slug: 'draft', issuedTs: fixedNow, expiresTs: fixedNow + 7 * 86_400_000 }),
);

export const pages: readonly PageSpec[] = [
  { name: 'home', path: '/', status: 200, h1: /^Opinion$/ },
  { name: 'home page 2', path: '/?page=2', status: 200, h1: /^Opinion\s+page 2$/ },
  { name: 'article: full, with image and corrections', path: '/opinion/full-piece', status: 200, h1: /^The “full” piece/ },
  { name: 'article: excerpt with source', path: '/opinion/syndicated-excerpt', status: 200, h1: /^A partner’s argument/ },
  { name: 'article: lead illustration, subheads, list and quote', path: '/opinion/slow-streets', status: 200, h1: /^Slow streets/ },
  { name: 'article: processed lead photo', path: '/opinion/rooftop-gardens', status: 200, h1: /^Rooftop gardens belong/ },
  { name: 'article: letter with comments closed', path: '/opinion/letter-comments-closed', status: 200, h1: /^Letter: keep the night bus/ },
  { name: 'author', path: '/authors/ben-sample', status: 200, h1: /^Ben Sample$/ },
  { name: 'author with a portrait', path: '/authors/cara-lens', status: 200, h1: /^Cara Lens$/ },
  { name: 'tag', path: '/tags/public-transit', status: 200, h1: /^Public Transit$/ },
  { name: 'tag page 2', path: '/tags/filler?page=2', status: 200, h1: /^filler$/i },
  { name: 'search with results', path: '/search?q=quotation', status: 200, h1: /search/i },
  { name: 'search without results', path: '/search?q=zebraxylophone', status: 200, h1: /search/i },
  { name: 'corrections', path: '/corrections', status: 200, h1: /correction/i },
  { name: 'preview of a draft', path: draftPreview, status: 200, h1: /^A draft nobody should see$/ },
  { name: 'not found', path: '/no-such-page', status: 404, h1: /^Page not found$/ },
];

/** The article whose comment form the flows exercise: comments open, and too recent to be closed by age. */
export const commentArticle = '/opinion/slow-streets';
/** The article with `comments: closed` in its front matter. */
export const closedArticle = '/opinion/letter-comments-closed';
/** The article whose lead photo the image checks measure (issue 19): processed, beside its Markdown; Cara Lens's portrait in its byline. */
export const photoArticle = '/opinion/rooftop-gardens';
/** The author with a portrait (issue 19): on the photo article's byline and on their own page. */
export const portraitAuthor = { slug: 'cara-lens', name: 'Cara Lens' } as const;
/** The article the screenshots show: the richest typography in the fixtures. */
export const screenshotArticle = '/opinion/slow-streets';
