import type { Database } from 'better-sqlite3';
import { storeImportedComments } from '../comments/wordpress-comments.js';
import fs from 'node:fs';
import path from 'node:path';
import { hasProcessedImage } from '../db/article-images.js';
import { findAuthor } from '../db/authors.js';
import { ContentError, formatProblem, type Problem } from '../content/content-error.js';
import type { ConversionOptions, StaticSiteDialect } from '../content/converted.js';
import { parseZonedDate } from '../content/dates.js';
import { articleTypes } from '../content/article-fields.js';
import { applyImportInParallel, planImport, type ImportPlan, type LoadedImport } from '../publishing/import-plan.js';
import { planImages, type ImagePlan } from '../publishing/image-plan.js';
import { RenderPool } from '../publishing/render-pool.js';
import { openMediaStore } from '../media/store.js';
import { importImages } from './import-images.js';
import { isSlug } from '../content/slug.js';
import { loadImportSources } from '../publishing/sources.js';
import { exitCodes, formatTable, parseCommandArgs, printProblems, progressReporter, UsageError, type CliContext } from './output.js';

/** importHelp is what `import --help` prints. */
export const importHelp = `Usage: npm run cli -- import [options] <path|url|->...

Imports pieces into the site, all of them or (if anything is wrong) none of them.
Inputs: Markdown files with YAML front matter, folders (their Markdown files and
authors.yaml, recursively), RSS 2.0 or Atom feeds (files or http(s) URLs), plain-text
wire copy (.txt), WordPress exports (WXR .xml), Ghost exports (.json), or - for standard
input. The format is detected from the content and the file name.

Options:
  --dry-run               Show the plan (create / update / unchanged / skip) and write nothing
  --report <file.json>    Also write the plan, warnings and problems as JSON
  --allow-rewrite         Allow changing or removing existing corrections
  --author <slug>         Author for wire copy; overrides feed and WordPress authors (repeatable)
  --date <datetime>       Date for wire copy, or WordPress items with no date at all (e.g. 2026-10-14T07:30:00-04:00)
  --slug <slug>           Slug for a piece of wire copy (default: from its headline)
  --type <type>           op-ed, editorial, column or letter (default: from the headline label, or op-ed)
  --section <name>        Section for the imported pieces
  --tag <name>            Add a tag to the imported pieces (repeatable)
  --source-name <name>    Publication of syndicated pieces (default: the feed title or Source:: line)
  --source-section <name> Section of the publication, for the source line
  --source-url <url>      Address of the original, for wire copy
  --display <mode>        full or excerpt: how syndicated pieces are shown (default: excerpt)
  --from <generator>      hugo, jekyll or eleventy: read the Markdown as that generator writes it
  --skip-invalid          Feeds, WordPress exports: import every valid item and list each
                          invalid one as skipped with its reasons (Markdown stays all-or-nothing)
  --retry-images          Fetch images whose address was refused on an earlier import now,
                          rather than a day later
  -h, --help              Show this help

Exit codes: 0 imported (or planned), 1 invalid input (nothing written), 2 usage error,
3 imported (or planned) with invalid items skipped (--skip-invalid).`;

const options = {
  'dry-run': { type: 'boolean' },
  report: { type: 'string' },
  'allow-rewrite': { type: 'boolean' },
  author: { type: 'string', multiple: true },
  date: { type: 'string' },
  slug: { type: 'string' },
  type: { type: 'string' },
  section: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'source-name': { type: 'string' },
  'source-section': { type: 'string' },
  'source-url': { type: 'string' },
  display: { type: 'string' },
  from: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  'retry-images': { type: 'boolean' },
} as const;

type ImportValues = ReturnType<typeof parseCommandArgs<typeof options>>['values'];

function conversionOptions(values: ImportValues): ConversionOptions {
  const authors = values.author?.flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  for (const author of authors ?? []) if (!isSlug(author)) throw new UsageError(`--author must be an author slug such as jane-doe (got "${author}")`);
  if (values.date !== undefined && !parseZonedDate(values.date)) {
    throw new UsageError(`--date must be an ISO 8601 date and time with a zone, e.g. 2026-10-14T07:30:00-04:00 (got "${values.date}")`);
  }
  if (values.slug !== undefined && !isSlug(values.slug)) throw new UsageError(`--slug must be lowercase letters, digits and single hyphens (got "${values.slug}")`);
  if (values.type !== undefined && !(articleTypes as readonly string[]).includes(values.type)) {
    throw new UsageError(`--type must be one of ${articleTypes.join(', ')} (got "${values.type}")`);
  }
  if (values.display !== undefined && values.display !== 'full' && values.display !== 'excerpt') {
    throw new UsageError(`--display must be full or excerpt (got "${values.display}")`);
  }
  if (values.from !== undefined && !(staticSiteDialects as readonly string[]).includes(values.from)) {
    throw new UsageError(`--from must be one of ${staticSiteDialects.join(', ')} (got "${values.from}")`);
  }
  return {
    authors: authors?.length ? authors : undefined,
    date: values.date ? parseZonedDate(values.date)!.iso : undefined,
    slug: values.slug,
    type: values.type,
    section: values.section,
    tags: values.tag,
    sourceName: values['source-name'],
    sourceSection: values['source-section'],
    sourceUrl: values['source-url'],
    display: values.display as 'full' | 'excerpt' | undefined,
    from: values.from as StaticSiteDialect | undefined,
  };
}

const staticSiteDialects = ['hugo', 'jekyll', 'eleventy'] as const satisfies readonly StaticSiteDialect[];

const formatNames = { markdown: 'Markdown', rss: 'RSS feed', atom: 'Atom feed', wire: 'wire copy', wxr: 'WordPress export', ghost: 'Ghost export', hugo: 'Hugo', jekyll: 'Jekyll', eleventy: 'Eleventy' };

function printPlan(ctx: CliContext, loaded: LoadedImport, plan: ImportPlan, dryRun: boolean): void {
  const sources = loaded.sources ?? [];
  // A folder of pages is counted, not listed file by file, whichever generator wrote it.
  const pages = (format: string) => sources.filter((s) => s.format === format).length;
  const special = sources.filter((s) => s.format !== 'markdown' && !(staticSiteDialects as readonly string[]).includes(s.format));
  const described = [
    ...['markdown', ...staticSiteDialects].filter((f) => pages(f) > 0).map((f) => `${pages(f)} ${f === 'markdown' ? '' : `${formatNames[f as StaticSiteDialect]} `}Markdown file${pages(f) === 1 ? '' : 's'}`),
    ...special.map((s) => `${s.file} (${formatNames[s.format]}, ${s.pieces} piece${s.pieces === 1 ? '' : 's'})`),
  ];
  if (described.length > 0) ctx.print(`Read ${described.join(', ')}.`);
  // A real run lists what changed; a dry run lists every slug, since the editor asked to see the plan.
  const shown = plan.entries.filter((e) => dryRun || e.action !== 'unchanged');
  const rows = shown.map((e) => [
    e.action,
    e.slug,
    e.file,
    e.action === 'update' ? `changed: ${e.changed!.join(', ')}` : e.action === 'skip' ? e.reason! : '',
  ]);
  if (rows.length > 0) for (const line of formatTable(['ACTION', 'SLUG', 'FROM', 'DETAIL'], rows)) ctx.print(`  ${line}`);
  for (const author of plan.authors) {
    ctx.print(author.from ? `  add author ${author.slug} (${author.name}) from ${author.from}` : `  author ${author.action}  ${author.slug}`);
  }
  if (plan.warnings.length > 0) {
    ctx.print('Warnings (imported anyway; check them):');
    for (const w of plan.warnings) ctx.print(`  ${w.line === undefined ? w.file : `${w.file}:${w.line}`}: ${w.field}: ${w.message}`);
  }
  const { found, stored, leftOut } = plan.comments;
  const left = Object.entries(leftOut).map(([kind, n]) => `${n} ${kind}`);
  if (found > 0 || left.length > 0) {
    const fate = dryRun ? '' : stored > 0 ? `; ${stored} imported as approved` : '; all already imported';
    ctx.print(`${found} approved comment${found === 1 ? '' : 's'} found${fate}${left.length > 0 ? ` (left out: ${left.join(', ')})` : ''}.`);
  }
}

function counts(plan: ImportPlan): Record<'create' | 'update' | 'unchanged' | 'skip', number> {
  const result = { create: 0, update: 0, unchanged: 0, skip: 0 };
  for (const entry of plan.entries) result[entry.action] += 1;
  return result;
}

function writeReport(file: string, report: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** runImport reads the given inputs, shows or applies the plan, and prints what changed. */
export async function runImport(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, options);
  if (values.help) {
    ctx.print(importHelp);
    return exitCodes.ok;
  }
  if (positionals.length === 0) throw new UsageError('import needs at least one file or folder (or a feed URL, or - for standard input)');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  const fill = conversionOptions(values);
  const db = ctx.openDb();
  // Large archives are parsed and rendered on every core; small imports never start a worker.
  const pool = new RenderPool();
  try {
    return await importWith(ctx, db, pool, positionals, values, fill);
  } finally {
    await pool.close();
  }
}

/** importWith loads the inputs, then plans (dry run) or applies the import, and prints and reports the outcome. */
async function importWith(
  ctx: CliContext,
  db: Database,
  pool: RenderPool,
  positionals: string[],
  values: ImportValues,
  fill: ConversionOptions,
): Promise<number> {
  const dryRun = values['dry-run'] === true;
  const loaded = await loadImportSources(positionals, {
    ...fill,
    knownAuthor: (slug) => findAuthor(db, slug) !== undefined,
    // The site's registry counts even before anything was imported (a fresh database), as at a server start.
    registryFile: path.join(ctx.config.contentDir, 'authors.yaml'),
    timeZone: ctx.config.timeZone,
    readStdin: ctx.readStdin,
    progress: progressReporter(ctx, 'Reading'),
    pool,
    skipInvalid: values['skip-invalid'] === true,
  });
  const report = (fields: Record<string, unknown>) => {
    if (values.report) writeReport(values.report, { dryRun, sources: loaded.sources, ...fields });
  };
  let plan: ImportPlan;
  try {
    const importOptions = { allowRewrite: values['allow-rewrite'], now: ctx.now, commentSink: storeImportedComments };
    plan = dryRun ? planImport(db, loaded, importOptions) : await applyImportInParallel(db, loaded, pool, importOptions);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    const problems: readonly Problem[] = error.problems;
    report({ ok: false, written: false, problems, warnings: loaded.warnings });
    printProblems(ctx.printError, problems, dryRun ? 'this import would be refused.' : 'nothing was imported (the database is unchanged).');
    return exitCodes.invalidInput;
  }
  const n = counts(plan);
  const invalid = plan.entries.filter((e) => e.problems).length;
  const retryRefused = values['retry-images'] === true;
  // A dry run says what the image step would do, from the store and the files alone: nothing is fetched.
  const images = dryRun ? planDryRunImages(ctx, db, loaded, plan, retryRefused) : undefined;
  report({ ok: true, written: !dryRun, summary: { ...n, invalid }, entries: plan.entries, authors: plan.authors, warnings: plan.warnings, comments: plan.comments, images, problems: [] });
  printPlan(ctx, loaded, plan, dryRun);
  const authorCounts = plan.authors.length > 0
    ? ` (authors: ${plan.authors.filter((a) => a.action === 'create').length} created, ${plan.authors.filter((a) => a.action === 'update').length} updated)`
    : '';
  if (images) printImagePlan(ctx, images);
  if (dryRun) {
    ctx.print(`Dry run: ${n.create} to create, ${n.update} to update, ${n.unchanged} unchanged, ${n.skip} skipped${authorCounts}. Nothing was written.`);
  } else {
    ctx.print(`Imported: ${n.create} created, ${n.update} updated, ${n.unchanged} unchanged, ${n.skip} skipped${authorCounts}.`);
  }
  // Images are made after the pieces' transaction has committed; a refused image fails the run (exit 1).
  const imagesExit = dryRun ? exitCodes.ok : await importImages(ctx, db, { retryRefused });
  if (invalid === 0) return imagesExit;
  ctx.print(`${invalid} invalid item${invalid === 1 ? ' was' : 's were'} left out (--skip-invalid); fix ${invalid === 1 ? 'it' : 'them'} at the source and import again.`);
  return imagesExit === exitCodes.ok ? exitCodes.someSkipped : imagesExit;
}

// The pieces this import keeps (skipped items bring no images), planned against the media store.
function planDryRunImages(ctx: CliContext, db: Database, loaded: LoadedImport, plan: ImportPlan, retryRefused: boolean): ImagePlan {
  const skipped = new Set(plan.entries.filter((e) => e.action === 'skip').map((e) => e.slug));
  const kept = loaded.articles.filter(({ article }) => !skipped.has(article.slug));
  return planImages(kept, {
    store: openMediaStore(ctx.config.mediaDir),
    contentDir: ctx.config.contentDir,
    now: ctx.now,
    retryRefused,
    fetchRemote: ctx.config.imageFetch,
    processed: (slug, ref) => hasProcessedImage(db, slug, ref),
  });
}

function printImagePlan(ctx: CliContext, images: ImagePlan): void {
  const { fetch, process, reuse, refuse, notFetched } = images;
  if (fetch.length + process.length + reuse.length + refuse.length + notFetched.length === 0) return;
  // An address several pieces name is fetched once: say so when that makes fewer fetches than images.
  const addresses = new Set(fetch.map((image) => image.ref)).size;
  const distinct = addresses < fetch.length ? ` (${addresses} distinct addresses, each fetched once)` : '';
  const off = notFetched.length > 0 ? `; ${notFetched.length} left as links (IMAGE_FETCH=off)` : '';
  ctx.print(`Images: ${fetch.length} to fetch${distinct}, ${process.length} to process, ${reuse.length} reused, ${refuse.length} refused${off}.`);
  for (const image of fetch) ctx.print(`  fetch    ${image.slug}: ${image.field}: ${image.ref}`);
  for (const image of process) ctx.print(`  process  ${image.slug}: ${image.field}: ${image.ref}`);
  for (const problem of refuse) ctx.print(`  refuse   ${formatProblem(problem)}`);
}
