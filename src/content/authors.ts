import { parseDocument } from 'yaml';
import type { AuthorFields } from '../db/authors.js';
import type { Problem } from './content-error.js';
import { yamlToJs } from './front-matter.js';
import { isImageReference } from './image-reference.js';
import { isSlug } from './slug.js';

const authorFields = new Set(['slug', 'name', 'job_title', 'affiliation', 'bio', 'url', 'photo']);

/** parseAuthorRegistry validates an authors.yaml file: a list of { slug, name, job_title, affiliation, bio, url, photo }. */
export function parseAuthorRegistry(text: string, file: string): { authors: AuthorFields[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (field: string, message: string, value?: unknown) => problems.push({ file, field, message, value });
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line;
      add(line ? `line ${line}` : 'authors', `invalid YAML: ${error.message.split('\n')[0]}`);
    }
    return { authors: [], problems };
  }
  const data = yamlToJs(doc);
  if (data instanceof Error) {
    add('authors', `invalid YAML: ${data.message.split('\n')[0]}`);
    return { authors: [], problems };
  }
  if (!Array.isArray(data)) {
    add('authors', 'must be a list of authors, each with slug and name', data);
    return { authors: [], problems };
  }
  const authors: AuthorFields[] = [];
  const seen = new Set<string>();
  data.forEach((entry: unknown, index) => {
    const at = `[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      add(at, 'must be a mapping with slug and name', entry);
      return;
    }
    const e = entry as Record<string, unknown>;
    const field = (name: string, required = false): string => {
      const value = e[name];
      if (value === undefined || value === null || value === '') {
        if (required) add(`${at}.${name}`, 'is required');
        return '';
      }
      if (typeof value !== 'string') {
        add(`${at}.${name}`, 'must be text', value);
        return '';
      }
      if (required && value.trim() === '') add(`${at}.${name}`, 'is required');
      return value.trim();
    };
    for (const key of Object.keys(e)) if (!authorFields.has(key)) add(`${at}.${key}`, 'unknown field', e[key]);
    const slug = field('slug', true);
    if (slug && !isSlug(slug)) add(`${at}.slug`, 'must be lowercase letters, digits and single hyphens', slug);
    if (seen.has(slug)) add(`${at}.slug`, 'is used by an earlier author in this file', slug);
    seen.add(slug);
    const url = field('url');
    if (url && !/^https?:\/\/[^\s]+$/.test(url)) add(`${at}.url`, 'must be an absolute http(s) URL', url);
    // A portrait (issue 19): a file in the content folder (media/portraits/ada.jpg), an address, or a public/ path.
    const photo = field('photo');
    if (photo && !isImageReference(photo)) add(`${at}.photo`, 'must be a file in the content folder (media/portraits/ada.jpg), an http(s) address, or a site path under public/', photo);
    authors.push({
      slug,
      name: field('name', true),
      jobTitle: field('job_title'),
      affiliation: field('affiliation'),
      bio: field('bio'),
      url: url || null,
      photo: photo || null,
    });
  });
  return { authors, problems };
}
