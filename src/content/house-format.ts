import { Document, isScalar, visit } from 'yaml';
import type { ArticleInput } from './front-matter.js';
import { slugFromFilename } from './slug.js';

/** exportFileName names a piece's Markdown file the house way: `2026-10-14-the-bus-stops-here.md`. */
export function exportFileName(article: ArticleInput): string {
  return `${article.publishedAt.slice(0, 10)}-${article.slug}.md`;
}

/**
 * frontMatterOf lists an article's front-matter fields in the order docs/writing.md documents, leaving out empty
 * ones, so parsing the result gives back the same article.
 */
export function frontMatterOf(article: ArticleInput, fileName: string): Record<string, unknown> {
  const fm: Record<string, unknown> = { title: article.title };
  // The file name gives the slug unless it says otherwise; only then is slug written out.
  if (slugFromFilename(fileName) !== article.slug) fm.slug = article.slug;
  fm.type = article.type;
  if (article.dek) fm.dek = article.dek;
  if (article.summary) fm.summary = article.summary;
  if (article.section) fm.section = article.section;
  fm.date = article.publishedAt;
  if (article.updatedAt) fm.updated = article.updatedAt;
  if (article.draft) fm.draft = true;
  fm.authors = article.authors;
  if (article.tags.length > 0) fm.tags = article.tags;
  if (article.authorNote) fm.author_note = article.authorNote;
  if (article.disclosure) fm.disclosure = article.disclosure;
  if (article.image) {
    const { src, alt, caption, credit } = article.image;
    fm.image = { src, alt, ...(caption && { caption }), ...(credit && { credit }) };
  }
  if (article.source) {
    const { publication, section, url, date, licence, display } = article.source;
    fm.source = { publication, ...(section && { section }), url, ...(date && { date }), ...(licence && { licence }), display };
  }
  if (article.canonicalUrl) fm.canonical = article.canonicalUrl;
  if (article.corrections.length > 0) fm.corrections = article.corrections.map(({ date, text }) => ({ date, text }));
  if (!article.commentsOpen) fm.comments = 'closed';
  if (article.aliases.length > 0) fm.aliases = article.aliases;
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
