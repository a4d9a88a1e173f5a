import path from 'node:path';
import { exportArticles } from '../publishing/export.js';
import { displayPath } from '../publishing/input-files.js';
import { findStoredArticle } from '../db/article-writes.js';
import { listArticlesForEditor } from '../db/editor-articles.js';
import { exitCodes, parseCommandArgs, UsageError, type CliContext } from './output.js';

/** exportHelp is what `export --help` prints. */
export const exportHelp = `Usage: npm run cli -- export <slug> <folder>
       npm run cli -- export --all <folder>

Writes pieces in the house Markdown format (YYYY-MM-DD-slug.md, YAML front matter and body) into
<folder>, with their authors added to <folder>/authors.yaml. Importing the folder again changes
nothing: export is the way back from the database to files (e.g. after importing a feed). Pieces
exported into CONTENT_DIR take the new file as their source, so later commands keep it in step.

Options:
  --all        Export every piece, drafts and scheduled pieces included
  -h, --help   Show this help`;

/** runExport writes one piece or all of them to a folder as house-format Markdown. */
export function runExport(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseCommandArgs(args, { all: { type: 'boolean' } });
  if (values.help) {
    ctx.print(exportHelp);
    return exitCodes.ok;
  }
  const expected = values.all ? 1 : 2;
  if (positionals.length !== expected) throw new UsageError(values.all ? 'export --all needs one folder' : 'export needs a slug (or --all) and a folder');
  const folder = path.resolve(positionals.at(-1)!);
  const db = ctx.openDb();
  let slugs: string[];
  if (values.all) {
    slugs = listArticlesForEditor(db, {}, ctx.now()).map((a) => a.slug);
  } else {
    const slug = positionals[0]!;
    if (!findStoredArticle(db, slug)) {
      ctx.printError(`error: no piece has the slug "${slug}"; see: npm run cli -- list`);
      return exitCodes.invalidInput;
    }
    slugs = [slug];
  }
  const result = exportArticles(db, slugs, folder, ctx.config.contentDir);
  for (const file of result.files) ctx.print(`  ${file.action.padEnd(9)}  ${displayPath(file.file)}`);
  if (result.authorsAdded.length > 0) ctx.print(`  added ${result.authorsAdded.join(', ')} to ${displayPath(result.authorsFile)}`);
  const written = result.files.filter((f) => f.action === 'written').length;
  ctx.print(`Exported ${result.files.length} piece${result.files.length === 1 ? '' : 's'} to ${displayPath(folder)} (${written} written, ${result.files.length - written} unchanged).`);
  return exitCodes.ok;
}
