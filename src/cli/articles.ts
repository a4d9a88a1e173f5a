import type { Database } from 'better-sqlite3';
import { findImagesWithoutAlt } from '../content/body-checks.js';
import { ContentError } from '../content/content-error.js';
import { parseZonedDate } from '../content/dates.js';
import { changePublication, deletePiece, EditorialError, isoInZone, restoreRevision } from '../publishing/editorial.js';
import { isMarkdownFile } from '../publishing/input-files.js';
import { findArticleBySlug, listCorrections } from '../db/articles.js';
import { findBodyAndLeadImage, findEditorArticle, listArticlesForEditor, type ArticleStatus, type EditorFilters } from '../db/editor-articles.js';
import { countRevisions, listRevisions } from '../db/revisions.js';
import { kickerFor } from '../view-models/format.js';
import { engagementLines } from './engagement.js';
import { imageLines } from './image-lines.js';
import { exitCodes, formatTable, parseCommandArgs, printProblems, truncate, UsageError, type CliContext } from './output.js';
import { absoluteUrl, articleUrl } from '../urls.js';

const helps: Record<string, string> = {
  list: `Usage: npm run cli -- list [--status <status>] [--author <slug>] [--tag <slug>] [--since <date>] [--needs-alt] [--json]

Lists pieces, newest first, drafts and scheduled pieces included.

Options:
  --status <status>   published, scheduled or draft
  --author <slug>     Only pieces by this author
  --tag <slug>        Only pieces with this tag (its slug, e.g. public-transit)
  --since <date>      Only pieces dated on or after this day (2026-10-01, in SITE_TIME_ZONE) or moment
  --needs-alt         Only pieces with images that have no alt text (from feeds and exports), with their count
  --json              Print JSON instead of a table
  -h, --help          Show this help`,
  show: `Usage: npm run cli -- show <slug> [--json]

Shows a piece's metadata: status, dates, authors, tags, source, corrections, source file, content hash,
and how many earlier versions are kept.`,
  publish: `Usage: npm run cli -- publish <slug> [--at <datetime>]

Publishes a draft or scheduled piece now, or schedules it for --at (ISO 8601 with a zone, e.g.
2026-10-14T07:30:00-04:00). Publishing now sets its date to now. When the piece came from a Markdown
file, that file's date and draft fields are rewritten too, so a restart keeps the change.`,
  unpublish: `Usage: npm run cli -- unpublish <slug>

Makes a piece a draft again: it leaves the site at once. Its Markdown file gets "draft: true".`,
  delete: `Usage: npm run cli -- delete <slug> [--yes]

Deletes a piece from the site and the database and removes its Markdown source file. Every version is
kept as a revision, so "restore" can bring it back. Asks for confirmation unless --yes.`,
  revisions: `Usage: npm run cli -- revisions <slug> [--json]

Lists the earlier versions of a piece, oldest first: when each was replaced, by which command, the
source file it came from and its content hash. Deleted pieces keep their revisions.`,
  restore: `Usage: npm run cli -- restore <slug> <revision> [--allow-rewrite]

Makes revision <revision> (a number from "revisions <slug>") the current version again; the version it
replaces is kept as a new revision, and the piece's Markdown file is rewritten to match. Restoring a
version without a correction added since needs --allow-rewrite, because corrections are append-only.`,
};

/** The commands this file answers. */
export const articleCommands = new Set(Object.keys(helps));

function sinceTs(value: string, timeZone: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // Midnight in the site's zone: take the zone's offset at noon UTC that day (never a DST edge).
    const offset = isoInZone(Date.parse(`${value}T12:00:00Z`), timeZone).slice(19);
    const parsed = parseZonedDate(`${value}T00:00:00${offset}`);
    if (parsed) return parsed.ts;
  }
  const parsed = parseZonedDate(value);
  if (!parsed) throw new UsageError(`--since must be a day (2026-10-01) or a date and time with a zone (got "${value}")`);
  return parsed.ts;
}

function oneSlug(command: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${command} needs exactly one slug`);
  return positionals[0]!;
}

/**
 * imagesWithoutAlt counts a piece's images without alt text, its lead image and body images, read from what is
 * stored so pieces imported before `list --needs-alt` existed are found too.
 */
function imagesWithoutAlt(db: Database, slug: string): number {
  const stored = findBodyAndLeadImage(db, slug);
  if (!stored) return 0;
  return findImagesWithoutAlt(stored.body).length + (stored.imageSrc && !stored.imageAlt ? 1 : 0);
}

function runList(ctx: CliContext, db: Database, values: Record<string, string | boolean | undefined>): number {
  const status = values.status as string | undefined;
  if (status !== undefined && !['published', 'scheduled', 'draft'].includes(status)) {
    throw new UsageError(`--status must be published, scheduled or draft (got "${status}")`);
  }
  const filters: EditorFilters = {
    status: status as ArticleStatus | undefined,
    author: values.author as string | undefined,
    tag: values.tag as string | undefined,
    sinceTs: values.since === undefined ? undefined : sinceTs(values.since as string, ctx.config.timeZone),
  };
  const listed = listArticlesForEditor(db, filters, ctx.now());
  const needsAlt = new Map(values['needs-alt'] ? listed.map((a) => [a.slug, imagesWithoutAlt(db, a.slug)]) : []);
  const articles = values['needs-alt'] ? listed.filter((a) => needsAlt.get(a.slug)! > 0) : listed;
  if (values.json) {
    ctx.print(JSON.stringify(articles.map(({ id: _id, ...rest }) => (needsAlt.size > 0 ? { ...rest, imagesWithoutAlt: needsAlt.get(rest.slug) } : rest)), null, 2));
    return exitCodes.ok;
  }
  if (articles.length === 0) {
    ctx.print('No pieces match.');
    return exitCodes.ok;
  }
  const rows = articles.map((a) => [
    a.status, a.publishedAt.slice(0, 16).replace('T', ' '), a.slug, a.authors.join(', '), truncate(a.title, 60),
    ...(values['needs-alt'] ? [String(needsAlt.get(a.slug))] : []),
  ]);
  const headings = ['STATUS', 'DATE', 'SLUG', 'AUTHORS', 'TITLE', ...(values['needs-alt'] ? ['NO ALT'] : [])];
  for (const line of formatTable(headings, rows)) ctx.print(line);
  ctx.print(`${articles.length} piece${articles.length === 1 ? '' : 's'}.`);
  return exitCodes.ok;
}

function runShow(ctx: CliContext, db: Database, slug: string, json: boolean): number {
  const summary = findEditorArticle(db, slug, ctx.now());
  const revisions = countRevisions(db, slug);
  if (!summary) {
    if (revisions === 0) throw new EditorialError(`no piece has the slug "${slug}"; see: npm run cli -- list`);
    ctx.printError(`${slug} was deleted; ${revisions} revision(s) are kept (npm run cli -- revisions ${slug}).`);
    return exitCodes.invalidInput;
  }
  const article = findArticleBySlug(db, slug)!;
  const corrections = listCorrections(db, article.id);
  const engagement = engagementLines(db, article.id, ctx.config.timeZone, ctx.now());
  const status =
    summary.status === 'scheduled' ? `scheduled for ${summary.publishedAt}` : summary.status === 'published' ? 'published' : 'draft';
  const fields: [string, string][] = [
    ['Title', summary.title],
    ['Slug', slug],
    ['URL', absoluteUrl(ctx.config.siteUrl, articleUrl(slug))],
    ['Type', `${summary.type} (kicker: ${kickerFor(summary.type)})`],
    ['Status', status],
    ['Date', summary.publishedAt],
    ['Updated', summary.updatedAt ?? ''],
    ['Authors', summary.authors.join(', ')],
    ['Section', summary.section],
    ['Tags', summary.tags.join(', ')],
    ['Words', `${article.wordCount} (${article.readingMinutes} min read)`],
    ['Source', article.sourcePublication ? `${article.sourcePublication}${article.sourceSection ? ` – ${article.sourceSection}` : ''}, ${article.sourceUrl} (shown ${article.sourceDisplay})` : ''],
    ['Canonical', article.canonicalUrl ?? ''],
    ...imageLines(db, ctx.config, article),
    ['Corrections', String(corrections.length)],
    ['Source file', summary.sourceFile ?? ''],
    ['Content hash', summary.contentHash.slice(0, 12)],
    ['Revisions', String(revisions)],
    ...engagement,
  ];
  if (json) {
    ctx.print(JSON.stringify(Object.fromEntries(fields.map(([k, v]) => [k.toLowerCase().replace(/ (\w)/g, (_, c: string) => c.toUpperCase()), v])), null, 2));
    return exitCodes.ok;
  }
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  for (const [label, value] of fields) if (value) ctx.print(`${`${label}:`.padEnd(width)} ${value}`);
  return exitCodes.ok;
}

function runRevisions(ctx: CliContext, db: Database, slug: string, json: boolean): number {
  const revisions = listRevisions(db, slug);
  const current = findEditorArticle(db, slug, ctx.now());
  if (!current && revisions.length === 0) throw new EditorialError(`no piece has the slug "${slug}"; see: npm run cli -- list`);
  if (json) {
    ctx.print(JSON.stringify(revisions.map(({ id: _id, articleJson: _json, ...rest }) => rest), null, 2));
    return exitCodes.ok;
  }
  if (revisions.length === 0) {
    ctx.print(`${slug} has no earlier versions.`);
  } else {
    const rows = revisions.map((r) => [String(r.number), r.replacedAt.slice(0, 19).replace('T', ' ') + 'Z', r.reason, r.sourceFile ?? '', r.contentHash.slice(0, 12), truncate(r.title, 50)]);
    for (const line of formatTable(['#', 'REPLACED (UTC)', 'BY', 'SOURCE', 'HASH', 'TITLE'], rows)) ctx.print(line);
  }
  ctx.print(current ? `Current version: hash ${current.contentHash.slice(0, 12)} from ${current.sourceFile ?? 'unknown'}.` : `${slug} is deleted; restore it with: npm run cli -- restore ${slug} ${revisions.at(-1)!.number}`);
  return exitCodes.ok;
}

/** runArticles runs list, show, publish, unpublish, delete, revisions or restore. */
export async function runArticles(ctx: CliContext, command: string, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: 'boolean' },
    status: { type: 'string' },
    author: { type: 'string' },
    tag: { type: 'string' },
    since: { type: 'string' },
    'needs-alt': { type: 'boolean' },
    at: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    'allow-rewrite': { type: 'boolean' },
  });
  if (values.help) {
    ctx.print(helps[command]!);
    return exitCodes.ok;
  }
  const allowed: Record<string, string[]> = {
    list: ['json', 'status', 'author', 'tag', 'since', 'needs-alt'], show: ['json'], publish: ['at'], unpublish: [], delete: ['yes'],
    revisions: ['json'], restore: ['allow-rewrite'],
  };
  for (const key of Object.keys(values)) {
    if (key !== 'help' && !allowed[command]!.includes(key)) throw new UsageError(`${command} does not take --${key}`);
  }
  if (command === 'list') {
    if (positionals.length > 0) throw new UsageError(`list takes no slug (got "${positionals[0]}"); use show <slug>`);
    return runList(ctx, ctx.openDb(), values);
  }
  if (command === 'restore' && positionals.length !== 2) throw new UsageError('restore needs a slug and a revision number');
  const slug = command === 'restore' ? positionals[0]! : oneSlug(command, positionals);
  let at: string | undefined;
  if (values.at !== undefined) {
    at = parseZonedDate(values.at)?.iso;
    if (!at) throw new UsageError(`--at must be an ISO 8601 date and time with a zone, e.g. 2026-10-14T07:30:00-04:00 (got "${values.at}")`);
  }
  const number = Number(positionals[1]);
  if (command === 'restore' && (!Number.isInteger(number) || number < 1)) throw new UsageError(`revision must be a number from "revisions ${slug}" (got "${positionals[1]}")`);

  const db = ctx.openDb();
  try {
    if (command === 'show') return runShow(ctx, db, slug, values.json === true);
    if (command === 'revisions') return runRevisions(ctx, db, slug, values.json === true);
    if (command === 'publish' || command === 'unpublish') {
      const outcome = changePublication(db, slug, { publish: command === 'publish', at }, { now: ctx.now(), timeZone: ctx.config.timeZone });
      ctx.print(outcome.message);
      if (outcome.file) ctx.print(`Updated the front matter of ${outcome.file}.`);
      return exitCodes.ok;
    }
    if (command === 'delete') {
      const summary = findEditorArticle(db, slug, ctx.now());
      if (!summary) throw new EditorialError(`no piece has the slug "${slug}"; see: npm run cli -- list`);
      if (!values.yes) {
        const answer = await ctx.ask(
          `Delete "${summary.title}" (${slug}, ${summary.status})${summary.sourceFile && isMarkdownFile(summary.sourceFile) ? ` and its file ${summary.sourceFile}` : ''}? Its versions stay restorable. [y/N] `,
        );
        if (!/^y(es)?$/i.test(answer?.trim() ?? '')) {
          ctx.printError(answer === undefined ? 'No answer (standard input ended); nothing deleted. Pass --yes to delete without asking.' : 'Nothing deleted.');
          return exitCodes.invalidInput;
        }
      }
      ctx.print(deletePiece(db, slug, ctx.now(), ctx.config.timeZone).message);
      return exitCodes.ok;
    }
    const outcome = restoreRevision(db, slug, number, { now: ctx.now(), allowRewrite: values['allow-rewrite'], timeZone: ctx.config.timeZone });
    ctx.print(outcome.message);
    if (outcome.file) ctx.print(`Rewrote ${outcome.file} to match.`);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof EditorialError) {
      ctx.printError(`error: ${error.message}`);
      return exitCodes.invalidInput;
    }
    if (error instanceof ContentError) {
      printProblems(ctx.printError, error.problems, 'nothing was changed.');
      return exitCodes.invalidInput;
    }
    throw error;
  }
}
