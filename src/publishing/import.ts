import type { Database } from 'better-sqlite3';
import { findAuthor } from '../db/authors.js';
import { applyImport, type ImportOptions } from './import-plan.js';
import { loadImportFiles } from './sources.js';

/** Slugs by outcome of one import run. */
export interface ImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  authors: { created: number; updated: number };
}

/**
 * importArticles imports files and folders the way a server start does: read with the one loader
 * (loadImportFiles), then planned and written by applyImport in one transaction, upserting by slug; a piece
 * whose content hash is unchanged is not written at all. If any file has a problem, nothing is written and a
 * ContentError lists every problem. Dates written without a zone are read in options.timeZone (SITE_TIME_ZONE).
 */
export function importArticles(db: Database, paths: readonly string[], options: ImportOptions & { timeZone?: string } = {}): ImportResult {
  const loaded = loadImportFiles(paths, { knownAuthor: (slug) => findAuthor(db, slug) !== undefined, timeZone: options.timeZone });
  const plan = applyImport(db, loaded, options);
  const slugs = (action: string) => plan.entries.filter((e) => e.action === action).map((e) => e.slug);
  return {
    created: slugs('create'),
    updated: slugs('update'),
    unchanged: slugs('unchanged'),
    authors: {
      created: plan.authors.filter((a) => a.action === 'create').length,
      updated: plan.authors.filter((a) => a.action === 'update').length,
    },
  };
}
