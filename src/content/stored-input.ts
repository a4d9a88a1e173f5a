import type { ArticleSnapshot } from '../db/editor-articles.js';
import { articleTypes, type ArticleInput, type ArticleType } from './article-fields.js';

/** parseStoredInput reads the validated input kept with an article or revision. */
export function parseStoredInput(json: string): ArticleInput {
  return JSON.parse(json) as ArticleInput;
}

/**
 * inputFromSnapshot rebuilds an article's input from its stored columns, for rows imported before inputs were
 * kept. Headlines and captions come back with the typographic quotes they were stored with.
 */
export function inputFromSnapshot(s: ArticleSnapshot): ArticleInput {
  return {
    slug: s.slug,
    type: articleTypes.includes(s.type as ArticleType) ? (s.type as ArticleType) : 'op-ed',
    title: s.title,
    dek: s.dek,
    summary: s.summary,
    section: s.section,
    publishedAt: s.publishedAt,
    updatedAt: s.updatedAt ?? undefined,
    draft: s.draft === 1,
    authors: s.authors,
    tags: s.tags,
    authorNote: s.authorNote,
    disclosure: s.disclosure,
    image: s.imageSrc
      ? { src: s.imageSrc, alt: s.imageAlt ?? '', caption: s.imageCaption ?? '', credit: s.imageCredit ?? '' }
      : undefined,
    source: s.sourcePublication
      ? {
          publication: s.sourcePublication,
          section: s.sourceSection ?? '',
          url: s.sourceUrl ?? '',
          date: s.sourceDate ?? undefined,
          licence: s.sourceLicence ?? '',
          display: s.sourceDisplay === 'full' ? 'full' : 'excerpt',
        }
      : undefined,
    canonicalUrl: s.canonicalUrl ?? undefined,
    corrections: s.corrections,
    commentsOpen: s.commentsOpen === 1,
    aliases: s.aliases,
    bodyMarkdown: s.bodyMarkdown,
  };
}
