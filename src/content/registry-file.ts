import { isMap, isSeq, parseDocument, YAMLSeq, type Document } from 'yaml';
import type { AuthorFields } from '../db/authors.js';
import { parseAuthorRegistry } from './authors.js';
import { ContentError } from './content-error.js';

/** authorEntry is an author as authors.yaml writes them: snake_case fields, empty ones left out. */
export function authorEntry(author: AuthorFields): Record<string, string> {
  return {
    slug: author.slug,
    name: author.name,
    ...(author.jobTitle && { job_title: author.jobTitle }),
    ...(author.affiliation && { affiliation: author.affiliation }),
    ...(author.bio && { bio: author.bio }),
    ...(author.url && { url: author.url }),
    ...(author.photo && { photo: author.photo }),
  };
}

/**
 * writeRegistryEntries returns authors.yaml text with each author added or (with replace) brought up to date,
 * keeping every other entry, comment and layout as it was. The result is validated as a registry.
 */
export function writeRegistryEntries(
  text: string | undefined,
  authors: readonly AuthorFields[],
  { replace, file }: { replace: boolean; file: string },
): { text: string; added: string[]; updated: string[] } {
  const doc: Document = parseDocument(text && text.trim() ? text : '[]\n', { schema: 'core' });
  if (!isSeq(doc.contents)) throw new ContentError([{ file, field: 'authors', message: 'must be a list of authors, each with slug and name' }]);
  const seq = doc.contents as YAMLSeq;
  // An empty flow list "[]" would stay a flow list; a registry reads better as a block list.
  if (seq.items.length === 0) seq.flow = false;
  const added: string[] = [];
  const updated: string[] = [];
  for (const author of authors) {
    const entry = seq.items.find((item) => isMap(item) && item.get('slug') === author.slug);
    const fields = authorEntry(author);
    if (!entry) {
      seq.add(doc.createNode(fields));
      added.push(author.slug);
    } else if (replace && isMap(entry)) {
      for (const key of ['name', 'job_title', 'affiliation', 'bio', 'url', 'photo']) {
        if (fields[key] === undefined) entry.delete(key);
        else if (entry.get(key) !== fields[key]) entry.set(key, fields[key]);
      }
      updated.push(author.slug);
    }
  }
  const out = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const check = parseAuthorRegistry(out, file);
  if (check.problems.length > 0) throw new ContentError(check.problems);
  return { text: out, added, updated };
}
