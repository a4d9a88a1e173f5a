import { parseArgs } from 'node:util';
import type { Database } from 'better-sqlite3';
import { importArticles } from '../content/import.js';
import { UsageError } from './output.js';

export const importHelp = `Usage: npm run cli -- import <file-or-folder>...

Reads Markdown files with YAML front matter (folders recursively, with any authors.yaml
registry found in them) and upserts them by slug in one transaction. If any file has a
problem, every problem is listed and nothing is written.

Options:
  -h, --help   Show this help`;

/** runImport imports the given paths and prints created / updated / unchanged counts. */
export function runImport(db: Database, args: string[], print: (line: string) => void): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    print(importHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('import needs at least one file or folder');
  const result = importArticles(db, positionals);
  print(
    `Imported: ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged` +
      (result.authors.created + result.authors.updated > 0
        ? ` (authors: ${result.authors.created} created, ${result.authors.updated} updated)`
        : ''),
  );
  for (const slug of result.created) print(`  created  ${slug}`);
  for (const slug of result.updated) print(`  updated  ${slug}`);
  return 0;
}
