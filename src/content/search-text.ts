import { plainText } from './sanitize.js';

/**
 * searchText turns rendered body HTML into the plain text the search index holds: no markup, entities
 * decoded (plainText's output is still HTML-escaped, and "amp" must not become a searchable word), and
 * whitespace collapsed so snippets read as one line.
 */
export function searchText(html: string): string {
  return searchTextOfPlain(plainText(html));
}

/** searchTextOfPlain does the same for the output of plainText, when the caller already has it. */
export function searchTextOfPlain(plain: string): string {
  // plainText escapes exactly &, < and >; undo them in that reverse order so "&amp;lt;" stays "&lt;".
  return plain
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
