import { Document, isScalar, visit } from 'yaml';
import { articleFields, type ArticleInput } from './article-fields.js';

/** exportFileName names a piece's Markdown file the house way: `2026-10-14-the-bus-stops-here.md`. */
export function exportFileName(article: ArticleInput): string {
  return `${article.publishedAt.slice(0, 10)}-${article.slug}.md`;
}

/**
 * frontMatterOf lists an article's front-matter fields in the order docs/writing.md documents, leaving out empty
 * ones, so parsing the result gives back the same article.
 */
export function frontMatterOf(article: ArticleInput, fileName: string): Record<string, unknown> {
  const fm: Record<string, unknown> = {};
  for (const field of articleFields) {
    const value = field.write(article, fileName);
    if (value !== undefined) fm[field.key] = value;
  }
  return fm;
}

/** serializeArticle writes an article in the house Markdown format: YAML front matter, then the body. */
export function serializeArticle(article: ArticleInput, fileName = exportFileName(article)): string {
  return serializeDocument(frontMatterOf(article, fileName), article.bodyMarkdown);
}

/** serializeDocument joins front-matter fields and a Markdown body into one house-format file. */
export function serializeDocument(frontMatter: Record<string, unknown>, body: string): string {
  const doc = new Document(frontMatter);
  // Short lists of words (authors, tags, aliases) read best on one line, as docs/writing.md writes them.
  visit(doc, {
    Seq(_, node) {
      if (node.items.every(isScalar)) node.flow = true;
    },
  });
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return `---\n${yaml}---\n\n${body.trim()}\n`;
}
