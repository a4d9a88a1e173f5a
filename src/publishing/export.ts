import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { findStoredArticle, updateSourceFile } from '../db/article-writes.js';
import { findAuthor, type AuthorFields } from '../db/authors.js';
import { exportFileName, serializeArticle } from '../content/house-format.js';
import { displayPath } from './input-files.js';
import { adoptsMarkdownFile, storedInput } from './import-plan.js';
import { writeRegistryEntries } from '../content/registry-file.js';

/** What an export wrote: each piece's file, whether it was new or changed, and authors added to authors.yaml. */
export interface ExportResult {
  files: { slug: string; file: string; action: 'written' | 'unchanged' }[];
  authorsFile: string;
  authorsAdded: string[];
}

/**
 * exportArticles writes pieces in the house Markdown format, one `YYYY-MM-DD-slug.md` file each, plus their
 * authors in the folder's authors.yaml (added when missing, never changing an entry already there), so the
 * folder imports back to exactly the same pieces. Files written inside contentDir become their pieces' sources.
 */
export function exportArticles(db: Database, slugs: readonly string[], folder: string, contentDir?: string): ExportResult {
  fs.mkdirSync(folder, { recursive: true });
  const files: ExportResult['files'] = [];
  const authors = new Map<string, AuthorFields>();
  for (const slug of slugs) {
    const stored = findStoredArticle(db, slug);
    if (!stored) continue;
    const article = storedInput(db, stored);
    const file = path.join(folder, exportFileName(article));
    const text = serializeArticle(article);
    const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
    if (!same) fs.writeFileSync(file, text);
    // Exported into the content folder, the file becomes the piece's source: the start-up import reads it,
    // so publish, unpublish and restore must keep it in step from now on.
    const inContent = contentDir !== undefined && !path.relative(contentDir, file).startsWith('..');
    if (inContent && adoptsMarkdownFile(stored.sourceFile, displayPath(file))) updateSourceFile(db, stored.id, displayPath(file));
    files.push({ slug, file, action: same ? 'unchanged' : 'written' });
    for (const author of article.authors) {
      const found = findAuthor(db, author);
      if (found) {
        const { id: _id, ...fields } = found;
        authors.set(author, fields);
      }
    }
  }
  const authorsFile = path.join(folder, 'authors.yaml');
  const existing = fs.existsSync(authorsFile) ? fs.readFileSync(authorsFile, 'utf8') : undefined;
  const { text, added } = writeRegistryEntries(existing, [...authors.values()], { replace: false, file: authorsFile });
  if (added.length > 0) fs.writeFileSync(authorsFile, text);
  return { files, authorsFile, authorsAdded: added };
}
