import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** An author from the registry in content/authors.yaml. */
export interface Author {
  id: number;
  slug: string;
  name: string;
  jobTitle: string;
  affiliation: string;
  bio: string;
  url: string | null;
  /** The portrait as authors.yaml names it (issue 19); its processed image is in author_photos. */
  photo: string | null;
  /** Where the processed portrait is served, when a handler found one (issue 19): for JSON-LD Person.image. */
  portrait?: string | null;
}

/** An author's registry fields; photo may be left out by a source that knows none (a feed's author names). */
export type AuthorFields = Omit<Author, 'id' | 'photo' | 'portrait'> & { photo?: string | null };

const columns = `id, slug, name, job_title AS jobTitle, affiliation, bio, url, photo`;

/** findAuthor returns the author with that slug, or undefined. */
export function findAuthor(db: Database, slug: string): Author | undefined {
  return statement<[string], Author>(db, `SELECT ${columns} FROM authors WHERE slug = ?`).get(slug);
}

/** listAuthors returns every author, by name. */
export function listAuthors(db: Database): Author[] {
  return statement<[], Author>(db, `SELECT ${columns} FROM authors ORDER BY name`).all();
}

/** listAuthorsOfArticle returns an article's authors in byline order. */
export function listAuthorsOfArticle(db: Database, articleId: number): Author[] {
  return statement<[number], Author>(
    db,
    `SELECT a.id, a.slug, a.name, a.job_title AS jobTitle, a.affiliation, a.bio, a.url, a.photo
     FROM article_authors aa JOIN authors a ON a.id = aa.author_id
     WHERE aa.article_id = ? ORDER BY aa.position`,
  ).all(articleId);
}

/** upsertAuthor inserts or updates an author by slug and reports whether anything changed. */
export function upsertAuthor(db: Database, given: AuthorFields): 'created' | 'updated' | 'unchanged' {
  const existing = findAuthor(db, given.slug);
  // A source that names no photo keeps the one the registry gave.
  const author = { ...given, photo: given.photo === undefined ? (existing?.photo ?? null) : given.photo };
  if (!existing) {
    statement(
      db,
      `INSERT INTO authors (slug, name, job_title, affiliation, bio, url, photo)
       VALUES (@slug, @name, @jobTitle, @affiliation, @bio, @url, @photo)`,
    ).run(author);
    return 'created';
  }
  const same = (Object.keys(author) as (keyof typeof author)[]).every((key) => existing[key] === author[key]);
  if (same) return 'unchanged';
  statement(
    db,
    `UPDATE authors SET name = @name, job_title = @jobTitle, affiliation = @affiliation, bio = @bio, url = @url, photo = @photo
     WHERE slug = @slug`,
  ).run(author);
  return 'updated';
}
