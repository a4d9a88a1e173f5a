import type { ArticleSnapshot } from '../db/editor-articles.js';
import { articleFrom, type ArticleInput } from './article-fields.js';

/** parseStoredInput reads the validated input kept with an article or revision. */
export function parseStoredInput(json: string): ArticleInput {
  return JSON.parse(json) as ArticleInput;
}

/**
 * inputFromSnapshot rebuilds an article's input from its stored columns, for rows imported before inputs were
 * kept. Headlines and captions come back with the typographic quotes they were stored with.
 */
export function inputFromSnapshot(s: ArticleSnapshot): ArticleInput {
  return articleFrom((field) => field.fromSnapshot(s), s.bodyMarkdown);
}
