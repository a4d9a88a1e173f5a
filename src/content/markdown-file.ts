import { altTextProblems } from './body-checks.js';
import type { Problem } from './content-error.js';
import type { ArticleInput } from './article-fields.js';
import { parseArticle, splitFrontMatter, type ParseOptions } from './front-matter.js';

/** parseMarkdownFile validates one house-format Markdown file, including alt text on every body image. */
export function parseMarkdownFile(text: string, file: string, options: ParseOptions = {}): { article?: ArticleInput; problems: Problem[] } {
  const parsed = parseArticle(text, file, options);
  const parts = splitFrontMatter(text);
  if (!parts) return parsed;
  const images = altTextProblems(parts.body, file, parsed.problems, parts.bodyLine);
  return images.length > 0 ? { problems: [...parsed.problems, ...images] } : parsed;
}
