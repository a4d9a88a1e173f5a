import { createHash } from 'node:crypto';
import type { ArticleRecord } from '../db/article-writes.js';
import { parseZonedDate } from './dates.js';
import type { ArticleInput } from './article-fields.js';
import { countTextWords, isPublishersExcerpt, readingMinutes, renderExcerpt, renderMarkdown, typographic } from './markdown.js';
import { plainText } from './sanitize.js';
import { searchText, searchTextOfPlain } from './search-text.js';
import { slugify } from './slug.js';

// Bump when rendering changes, so the next import re-renders every stored body. Version 2 shows the newest
// correction's date as "Updated" (issue 3). Version 3 fills the search index's body text (issue 5). Version 4
// turns images from other sites into links, which the page's CSP would otherwise block (issue 17). Version 5
// gives headings ids from their text and shows a publisher's own excerpt whole (issue 18).
// Version 6 keeps images from other sites as images, which the image step fetches and the page serves (issue 19).
const renderVersion = 6;

/** A parsed, valid article with the file (or feed item) it came from. */
export interface SourcedArticle {
  file: string;
  article: ArticleInput;
}

/**
 * articleHash is the content hash that makes re-import idempotent: the validated input plus the rendering
 * version. `version` is only given to recognise hashes stored by an older renderer.
 */
export function articleHash(article: ArticleInput, version = renderVersion): string {
  return createHash('sha256').update(JSON.stringify({ renderVersion: version, article })).digest('hex');
}

/** previousRenderHash is the hash the last renderer stored, so a re-render alone is not taken for an edit. */
export function previousRenderHash(article: ArticleInput): string {
  return articleHash(article, renderVersion - 1);
}

/**
 * effectiveUpdated is the "Updated" date readers see: the editor's `updated`, or the newest correction's date
 * when that is later, since a correction is an update (issue 3).
 */
export function effectiveUpdated(article: ArticleInput): string | undefined {
  let latest = article.updatedAt;
  for (const { date } of article.corrections) {
    if (!latest || parseZonedDate(date)!.ts > parseZonedDate(latest)!.ts) latest = date;
  }
  return latest;
}

/** toRecord renders an article (HTML, excerpt, counts, hash) into what the database stores. */
export function toRecord(article: ArticleInput, sourceFile: string | null): ArticleRecord {
  const bodyHtml = renderMarkdown(article.bodyMarkdown);
  // One plain-text pass serves the word count and the search index: each pass re-parses the whole body.
  const bodyText = plainText(bodyHtml);
  const words = countTextWords(bodyText);
  const updatedAt = effectiveUpdated(article);
  // A body that is already the publisher's excerpt is shown whole: cutting it again loses text the publisher gave.
  const excerptHtml = article.source?.display !== 'excerpt' ? null : isPublishersExcerpt(article.bodyMarkdown) ? bodyHtml : renderExcerpt(article.bodyMarkdown);
  return {
    slug: article.slug,
    type: article.type,
    title: typographic(article.title),
    dek: typographic(article.dek),
    summary: typographic(article.summary),
    section: article.section,
    bodyMarkdown: article.bodyMarkdown,
    bodyHtml,
    excerptHtml,
    publishedAt: article.publishedAt,
    publishedTs: parseZonedDate(article.publishedAt)!.ts,
    updatedAt: updatedAt ?? null,
    updatedTs: updatedAt ? parseZonedDate(updatedAt)!.ts : null,
    draft: article.draft ? 1 : 0,
    authorNote: typographic(article.authorNote),
    disclosure: typographic(article.disclosure),
    imageSrc: article.image?.src ?? null,
    imageAlt: article.image?.alt ?? null,
    imageCaption: typographic(article.image?.caption ?? '') || null,
    imageCredit: article.image?.credit || null,
    sourcePublication: article.source?.publication ?? null,
    sourceSection: article.source?.section || null,
    sourceUrl: article.source?.url ?? null,
    sourceDate: article.source?.date ?? null,
    sourceLicence: article.source?.licence || null,
    sourceDisplay: article.source?.display ?? null,
    canonicalUrl: article.canonicalUrl ?? null,
    commentsOpen: article.commentsOpen ? 1 : 0,
    wordCount: words,
    readingMinutes: readingMinutes(words),
    contentHash: articleHash(article),
    sourceFile,
    inputJson: JSON.stringify(article),
    searchBody: excerptHtml ? searchText(excerptHtml) : searchTextOfPlain(bodyText),
    authorSlugs: article.authors,
    tags: article.tags.map((name) => ({ slug: slugify(name), name })),
    corrections: article.corrections.map((c) => ({ correctedAt: c.date, correctedTs: parseZonedDate(c.date)!.ts, text: typographic(c.text) })),
    aliases: article.aliases,
  };
}
