import { matchEnd, matchStart, type SearchHit } from '../db/search.js';
import { articleUrl, authorUrl, searchUrl } from '../urls.js';
import type { LinkView } from './article.js';
import { dateView, kickerFor, type DateView } from './format.js';
import type { PaginationView } from './pagination.js';

/** A run of text, marked when it matched the search: templates print <mark> around those. */
export interface TextPart {
  text: string;
  match: boolean;
}

/** What one search result displays. */
export interface SearchResultView {
  url: string;
  kicker: string;
  title: string;
  titleParts: TextPart[];
  dek: string;
  snippetParts: TextPart[];
  authors: LinkView[];
  published: DateView;
  sourcePublication: string | null;
}

/**
 * markedParts splits text carrying matchStart / matchEnd marks into plain and matched runs, so the
 * template escapes every run itself and no HTML is ever built from indexed text.
 */
export function markedParts(marked: string): TextPart[] {
  const parts: TextPart[] = [];
  let match = false;
  let text = '';
  for (const char of marked) {
    if (char === matchStart || char === matchEnd) {
      if (text) parts.push({ text, match });
      text = '';
      match = char === matchStart;
    } else text += char;
  }
  if (text) parts.push({ text, match });
  return parts;
}

/** toSearchResultView prepares one hit for the results list. */
export function toSearchResultView(hit: SearchHit, timeZone: string): SearchResultView {
  const titleParts = markedParts(hit.markedTitle);
  return {
    url: articleUrl(hit.slug),
    kicker: kickerFor(hit.type),
    title: titleParts.map((p) => p.text).join(''),
    titleParts,
    dek: hit.dek,
    snippetParts: markedParts(hit.markedSnippet),
    authors: hit.authors.map((a) => ({ name: a.name, url: authorUrl(a.slug) })),
    published: dateView(hit.publishedAt, timeZone),
    sourcePublication: hit.sourcePublication,
  };
}

/** searchPaginationView links the pages of one search, keeping the query in every link. */
export function searchPaginationView(text: string, page: number, total: number, size: number): PaginationView {
  const pages = Math.max(1, Math.ceil(total / size));
  const urlFor = (n: number) => searchUrl(text, n);
  return {
    page,
    pages,
    previousUrl: page > 1 ? urlFor(page - 1) : undefined,
    nextUrl: page < pages ? urlFor(page + 1) : undefined,
  };
}
